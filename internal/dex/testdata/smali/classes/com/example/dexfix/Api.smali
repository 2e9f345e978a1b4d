.class public Lcom/example/dexfix/Api;
.super Ljava/lang/Object;
.source "Api.java"

# Strings the auditor looks for, plus MUTF-8 edge cases: non-ASCII BMP
# characters (2- and 3-byte sequences), a supplementary character (surrogate
# pair, two 3-byte sequences), U+0000 (0xC0 0x80), an unpaired surrogate and
# a string longer than 127 units (2-byte ULEB128 length).

.method public static endpoints()V
    .registers 2
    const-string v0, "https://api.example.com/v1/login"
    const-string v0, "wss://push.example.net/socket"
    const-string v0, "cdn.example.org"
    const-string v0, "*.example.com"
    const-string v0, "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    const-string v0, "sha1/BBBBBBBBBBBBBBBBBBBBBBBBBBB="
    const-string v0, "日本語 ünïcödé"
    const-string v0, "emoji \ud83d\ude00 pair"
    const-string v0, "nul\u0000inside"
    const-string v0, "lone \ud800 high"
    const-string v0, "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789-long"
    return-void
.end method
