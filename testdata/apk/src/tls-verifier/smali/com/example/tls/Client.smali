.class public final Lcom/example/tls/Client;
.super Ljava/lang/Object;

.method private static final client$lambda$0(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    .registers 2
    const/4 p0, 0x1
    return p0
.end method

.method public final build()Lokhttp3/OkHttpClient;
    .registers 3
    new-instance v0, Lokhttp3/OkHttpClient$Builder;
    invoke-direct {v0}, Lokhttp3/OkHttpClient$Builder;-><init>()V
    new-instance v1, Lcom/example/tls/Client$$ExternalSyntheticLambda0;
    invoke-direct {v1}, Lcom/example/tls/Client$$ExternalSyntheticLambda0;-><init>()V
    invoke-virtual {v0, v1}, Lokhttp3/OkHttpClient$Builder;->hostnameVerifier(Ljavax/net/ssl/HostnameVerifier;)Lokhttp3/OkHttpClient$Builder;
    move-result-object v0
    invoke-virtual {v0}, Lokhttp3/OkHttpClient$Builder;->build()Lokhttp3/OkHttpClient;
    move-result-object v0
    return-object v0
.end method
