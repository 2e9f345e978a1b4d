.class public final Lcom/example/tls/RawSocket;
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

    return-object v0
.end method
