.class public final Lcom/example/junk/Strings;
.super Ljava/lang/Object;

# Strings a real multi-dex app carries that are not hosts: package names,
# feature keys and property files whose last label is a TLD (.google,
# .watch, .properties), a JAXP feature URI, Cordova's bridge URL. Only
# api.example.com (and www.google.com, without its comma) are hosts.
.method public static all()[Ljava/lang/String;
    .registers 3
    const/16 v0, 0x7
    new-array v0, v0, [Ljava/lang/String;
    const/4 v1, 0x0
    const-string v2, "com.google"
    aput-object v2, v0, v1
    const/4 v1, 0x1
    const-string v2, "android.hardware.type.watch"
    aput-object v2, v0, v1
    const/4 v1, 0x2
    const-string v2, "http://javax.xml.transform.dom.DOMResult/feature"
    aput-object v2, v0, v1
    const/4 v1, 0x3
    const-string v2, "junit.properties"
    aput-object v2, v0, v1
    const/4 v1, 0x4
    const-string v2, "http://cdv_exec/"
    aput-object v2, v0, v1
    const/4 v1, 0x5
    const-string v2, "https://api.example.com/v1/"
    aput-object v2, v0, v1
    const/4 v1, 0x6
    const-string v2, "javax.xml.XMLConstants/property/accessExternalDTD"
    aput-object v2, v0, v1
    return-object v0
.end method
