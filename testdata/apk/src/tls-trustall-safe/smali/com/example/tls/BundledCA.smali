.class public Lcom/example/tls/BundledCA;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public checkClientTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    return-void
.end method

.field private final caKey:Ljava/security/PublicKey;

# Verifies the leaf's signature with a bundled CA key (throws on mismatch), then its dates.
.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 5
    const/4 v0, 0x0
    aget-object v0, p1, v0
    iget-object v1, p0, Lcom/example/tls/BundledCA;->caKey:Ljava/security/PublicKey;
    invoke-virtual {v0, v1}, Ljava/security/cert/X509Certificate;->verify(Ljava/security/PublicKey;)V
    invoke-virtual {v0}, Ljava/security/cert/X509Certificate;->checkValidity()V
    return-void
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    const/4 v0, 0x0
    new-array v0, v0, [Ljava/security/cert/X509Certificate;
    return-object v0
.end method
