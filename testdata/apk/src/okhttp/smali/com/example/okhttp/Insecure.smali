.class public Lcom/example/okhttp/Insecure;
.super Ljava/lang/Object;
.source "Insecure.java"

.method public static verifier()Ljavax/net/ssl/HostnameVerifier;
    .registers 1
    sget-object v0, Lorg/apache/http/conn/ssl/SSLSocketFactory;->ALLOW_ALL_HOSTNAME_VERIFIER:Lorg/apache/http/conn/ssl/X509HostnameVerifier;
    return-object v0
.end method
