.class public final Lcom/example/tls/EndpointSocket;
.super Ljava/lang/Object;

# Turns on endpoint identification before the handshake.
.method public static open(Ljava/lang/String;)Ljavax/net/ssl/SSLSocket;
    .registers 5
    invoke-static {}, Ljavax/net/ssl/SSLSocketFactory;->getDefault()Ljavax/net/SocketFactory;
    move-result-object v0
    check-cast v0, Ljavax/net/ssl/SSLSocketFactory;
    const/16 v1, 0x1bb
    invoke-virtual {v0, p0, v1}, Ljavax/net/ssl/SSLSocketFactory;->createSocket(Ljava/lang/String;I)Ljava/net/Socket;
    move-result-object v0
    check-cast v0, Ljavax/net/ssl/SSLSocket;
    invoke-virtual {v0}, Ljavax/net/ssl/SSLSocket;->getSSLParameters()Ljavax/net/ssl/SSLParameters;
    move-result-object v1
    const-string v2, "HTTPS"
    invoke-virtual {v1, v2}, Ljavax/net/ssl/SSLParameters;->setEndpointIdentificationAlgorithm(Ljava/lang/String;)V
    invoke-virtual {v0, v1}, Ljavax/net/ssl/SSLSocket;->setSSLParameters(Ljavax/net/ssl/SSLParameters;)V
    invoke-virtual {v0}, Ljavax/net/ssl/SSLSocket;->startHandshake()V
    return-object v0
.end method
