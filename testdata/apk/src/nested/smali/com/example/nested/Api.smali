.class public Lcom/example/nested/Api;
.super Ljava/lang/Object;
.source "Api.java"

.method public static urls()[Ljava/lang/String;
    .registers 4
    const/16 v0, 4
    new-array v0, v0, [Ljava/lang/String;
    const/16 v1, 0
    const-string v2, "https://api.example.com/v1/"
    aput-object v2, v0, v1
    const/16 v1, 1
    const-string v2, "https://static.example.com/img/"
    aput-object v2, v0, v1
    const/16 v1, 2
    const-string v2, "http://legacy.example.com/feed"
    aput-object v2, v0, v1
    const/16 v1, 3
    const-string v2, "https://auth.example.com/login"
    aput-object v2, v0, v1
    return-object v0
.end method
