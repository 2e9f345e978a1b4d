.class public Lcom/example/dexfix/Pinning;
.super Ljava/lang/Object;
.source "Pinning.java"

.method public static pins()V
    .registers 2
    const-string v0, "pinned.example.com"
    const-string v0, "sha256/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC="
    return-void
.end method
