.class public final Lcom/example/tls/Client$$ExternalSyntheticLambda0;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/HostnameVerifier;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public final verify(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    .registers 3
    invoke-static {p1, p2}, Lcom/example/tls/Client;->client$lambda$0(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    move-result p1
    return p1
.end method
