.class public final Lcom/example/tls/VerifiedSocket;
.super Ljava/lang/Object;

# SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault(); SSLSocket s = (SSLSocket) f.createSocket(host, 443);
.method public static open(Ljava/lang/String;)Ljavax/net/ssl/SSLSocket;
    .registers 5
    invoke-static {}, Ljavax/net/ssl/SSLSocketFactory;->getDefault()Ljavax/net/SocketFactory;
    move-result-object v0
    check-cast v0, Ljavax/net/ssl/SSLSocketFactory;
    const/16 v1, 0x1bb
    invoke-virtual {v0, p0, v1}, Ljavax/net/ssl/SSLSocketFactory;->createSocket(Ljava/lang/String;I)Ljava/net/Socket;
    move-result-object v0
    check-cast v0, Ljavax/net/ssl/SSLSocket;
    invoke-virtual {v0}, Ljavax/net/ssl/SSLSocket;->startHandshake()V
    invoke-static {}, Ljavax/net/ssl/HttpsURLConnection;->getDefaultHostnameVerifier()Ljavax/net/ssl/HostnameVerifier;
    move-result-object v1
    invoke-virtual {v0}, Ljavax/net/ssl/SSLSocket;->getSession()Ljavax/net/ssl/SSLSession;
    move-result-object v2
    invoke-interface {v1, p0, v2}, Ljavax/net/ssl/HostnameVerifier;->verify(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    move-result v1
    if-nez v1, :ok
    new-instance v1, Ljavax/net/ssl/SSLPeerUnverifiedException;
    invoke-direct {v1, p0}, Ljavax/net/ssl/SSLPeerUnverifiedException;-><init>(Ljava/lang/String;)V
    throw v1
    :ok
    return-object v0
.end method
