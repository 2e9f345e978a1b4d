.class public final Lcom/example/tls/PinningTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

.field private final delegate:Ljavax/net/ssl/X509TrustManager;
.field private final extensions:Landroid/net/http/X509TrustManagerExtensions;
.field private final host:Ljava/lang/String;

.method public checkClientTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    new-instance v0, Ljava/security/cert/CertificateException;
    invoke-direct {v0}, Ljava/security/cert/CertificateException;-><init>()V
    throw v0
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    iget-object v0, p0, Lcom/example/tls/PinningTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    invoke-interface {v0}, Ljavax/net/ssl/X509TrustManager;->getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    move-result-object v0
    return-object v0
.end method

# pin(cert) = "sha256/" + base64(SHA-256(bytes))
.method private static hash([B)Ljava/lang/String;
    .registers 4
    const-string v0, "SHA-256"
    invoke-static {v0}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    move-result-object v0
    invoke-virtual {v0, p0}, Ljava/security/MessageDigest;->digest([B)[B
    move-result-object v0
    const/4 v1, 0x2
    invoke-static {v0, v1}, Landroid/util/Base64;->encodeToString([BI)Ljava/lang/String;
    move-result-object v0
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "sha256/"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# throws unless the pin is one of the two constants
.method private static expect(Ljava/lang/String;)V
    .registers 3
    const-string v0, "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :ok
    const-string v0, "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :ok
    new-instance v0, Ljava/security/cert/CertificateException;
    const-string v1, "pin mismatch"
    invoke-direct {v0, v1}, Ljava/security/cert/CertificateException;-><init>(Ljava/lang/String;)V
    throw v0
    :ok
    return-void
.end method

# for (X509Certificate c : ext.checkServerTrusted(chain, authType, host)) if (matches(hash(c.getPublicKey().getEncoded()))) return;
# throw new CertificateException("pin mismatch");
.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 5
    iget-object v0, p0, Lcom/example/tls/PinningTrustManager;->extensions:Landroid/net/http/X509TrustManagerExtensions;
    iget-object v1, p0, Lcom/example/tls/PinningTrustManager;->host:Ljava/lang/String;
    invoke-virtual {v0, p1, p2, v1}, Landroid/net/http/X509TrustManagerExtensions;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;Ljava/lang/String;)Ljava/util/List;
    move-result-object v0
    invoke-interface {v0}, Ljava/util/List;->iterator()Ljava/util/Iterator;
    move-result-object v0
    :loop
    invoke-interface {v0}, Ljava/util/Iterator;->hasNext()Z
    move-result v1
    if-eqz v1, :fail
    invoke-interface {v0}, Ljava/util/Iterator;->next()Ljava/lang/Object;
    move-result-object v1
    check-cast v1, Ljava/security/cert/X509Certificate;
    invoke-virtual {v1}, Ljava/security/cert/X509Certificate;->getPublicKey()Ljava/security/PublicKey;
    move-result-object v1
    invoke-interface {v1}, Ljava/security/PublicKey;->getEncoded()[B
    move-result-object v1
    invoke-static {v1}, Lcom/example/tls/PinningTrustManager;->hash([B)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lcom/example/tls/PinningTrustManager;->matches(Ljava/lang/String;)Z
    move-result v1
    if-eqz v1, :loop
    return-void
    :fail
    new-instance v0, Ljava/security/cert/CertificateException;
    const-string v1, "pin mismatch"
    invoke-direct {v0, v1}, Ljava/security/cert/CertificateException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

.method private static matches(Ljava/lang/String;)Z
    .registers 2
    const-string v0, "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :yes
    const-string v0, "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    :yes
    return v0
.end method
