.class public Lcom/example/tls/PinnedClient;
.super Landroid/webkit/WebViewClient;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/webkit/WebViewClient;-><init>()V
    return-void
.end method

.method public onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V
    .registers 6
    # proceed only when the certificate is the one the app ships
    invoke-virtual {p3}, Landroid/net/http/SslError;->getCertificate()Landroid/net/http/SslCertificate;
    move-result-object v0
    invoke-static {v0}, Lcom/example/tls/PinnedClient;->isKnown(Landroid/net/http/SslCertificate;)Z
    move-result v0
    if-eqz v0, :cancel
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->proceed()V
    return-void
    :cancel
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->cancel()V
    return-void
.end method

.method private static isKnown(Landroid/net/http/SslCertificate;)Z
    .registers 2
    const/4 v0, 0x0
    return v0
.end method
