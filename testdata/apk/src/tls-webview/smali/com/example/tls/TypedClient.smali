.class public Lcom/example/tls/TypedClient;
.super Landroid/webkit/WebViewClient;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/webkit/WebViewClient;-><init>()V
    return-void
.end method

.method public onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V
    .registers 6
    # if (error.getPrimaryError() == SslError.SSL_UNTRUSTED) handler.proceed(); else handler.cancel();
    invoke-virtual {p3}, Landroid/net/http/SslError;->getPrimaryError()I
    move-result v0
    const/4 v1, 0x3
    if-ne v0, v1, :cancel
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->proceed()V
    return-void
    :cancel
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->cancel()V
    return-void
.end method
