.class public Lcom/example/multidex/net/Pinning;
.super Ljava/lang/Object;
.source "Pinning.java"

.method public static pinner()Lokhttp3/CertificatePinner;
    .registers 6
    new-instance v0, Lokhttp3/CertificatePinner$Builder;
    invoke-direct {v0}, Lokhttp3/CertificatePinner$Builder;-><init>()V
    const-string v1, "api.example.com"
    const/4 v2, 0x2
    new-array v2, v2, [Ljava/lang/String;
    const/4 v3, 0x0
    const-string v4, "sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE="
    aput-object v4, v2, v3
    const/4 v3, 0x1
    const-string v4, "sha256/odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY="
    aput-object v4, v2, v3
    invoke-virtual {v0, v1, v2}, Lokhttp3/CertificatePinner$Builder;->add(Ljava/lang/String;[Ljava/lang/String;)Lokhttp3/CertificatePinner$Builder;
    const-string v1, "*.cdn.example.com"
    const/4 v2, 0x1
    new-array v2, v2, [Ljava/lang/String;
    const/4 v3, 0x0
    const-string v4, "sha256/xRWZhWcLIkRP2d5HF+Sdq731CtEzjBc4zYaC5RGr1FE="
    aput-object v4, v2, v3
    invoke-virtual {v0, v1, v2}, Lokhttp3/CertificatePinner$Builder;->add(Ljava/lang/String;[Ljava/lang/String;)Lokhttp3/CertificatePinner$Builder;
    invoke-virtual {v0}, Lokhttp3/CertificatePinner$Builder;->build()Lokhttp3/CertificatePinner;
    move-result-object v0
    return-object v0
.end method
