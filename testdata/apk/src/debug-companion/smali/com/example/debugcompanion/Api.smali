.class public Lcom/example/debugcompanion/Api;
.super Ljava/lang/Object;
.source "Api.java"

.method public static urls()[Ljava/lang/String;
    .registers 4
    const/16 v0, 1
    new-array v0, v0, [Ljava/lang/String;
    const/16 v1, 0
    const-string v2, "https://api.example.com/v1/"
    aput-object v2, v0, v1
    return-object v0
.end method
