# bench/gen-dex.awk — writes the smali sources of one DEX-heavy benchmark DEX
# (see bench/audit-dex.sh): `classes` classes in 50 packages, 4 methods each,
# with `urls` const-string URLs and as many non-URL strings (log messages,
# keys) in realistic code (StringBuilder appends, Log.d calls, static field
# reads), one OkHttp CertificatePinner builder and one allow-all verifier
# reference. URL hosts come from a pool of about 2,000 per DEX (a quarter
# shared by every DEX) so that, as in real apps, many URLs name few hosts.
# Strings carry random hex so the DEX compresses about as much as real ones.
#
#   awk -v n=DEXNO -v dir=OUTDIR -v classes=2000 -v urls=100000 -f gen-dex.awk
function hex(k,   s, i) { s = ""; for (i = 0; i < k; i += 8) s = s sprintf("%08x", int(rand() * 4294967296)); return substr(s, 1, k) }
function host(k) {
	if (k % 4 == 0) return sprintf("cdn%d.shared-%d.example.com", k % 61, k % 7)
	return sprintf("api%d.svc%d.d%d-example.net", k % 97, k % 23, n)
}
function pinner(f) {
	printf ".method public static pinner()Ljava/lang/Object;\n    .registers 5\n" > f
	printf "    new-instance v0, Lokhttp3/CertificatePinner$Builder;\n    invoke-direct {v0}, Lokhttp3/CertificatePinner$Builder;-><init>()V\n" > f
	printf "    const-string v1, \"api.d%d-example.net\"\n    const/4 v2, 0x2\n    new-array v2, v2, [Ljava/lang/String;\n", n > f
	printf "    const-string v3, \"sha256/%s=\"\n    const/4 v4, 0x0\n    aput-object v3, v2, v4\n", pin(1) > f
	printf "    const-string v3, \"sha256/%s=\"\n    const/4 v4, 0x1\n    aput-object v3, v2, v4\n", pin(2) > f
	printf "    invoke-virtual {v0, v1, v2}, Lokhttp3/CertificatePinner$Builder;->add(Ljava/lang/String;[Ljava/lang/String;)Lokhttp3/CertificatePinner$Builder;\n" > f
	printf "    sget-object v1, Lorg/apache/http/conn/ssl/SSLSocketFactory;->ALLOW_ALL_HOSTNAME_VERIFIER:Lorg/apache/http/conn/ssl/X509HostnameVerifier;\n" > f
	printf "    return-object v0\n.end method\n\n" > f
}
function pin(k,   s, i, a) {
	a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	s = ""; for (i = 0; i < 43; i++) s = s substr(a, 1 + int(rand() * 64), 1)
	return s
}
BEGIN {
	srand(n)
	per = int(urls / classes / 4) + 1
	for (c = 0; c < classes; c++) {
		pkg = sprintf("com/bench/d%d/p%d", n, c % 50)
		f = sprintf("%s/p%d/C%d.smali", dir, c % 50, c)
		printf ".class public L%s/C%d;\n.super Ljava/lang/Object;\n.source \"C%d.java\"\n\n", pkg, c, c > f
		printf ".field private static final TAG:Ljava/lang/String; = \"C%d\"\n\n", c > f
		if (c == 0) pinner(f)
		for (m = 0; m < 4; m++) {
			printf ".method public m%d(Ljava/lang/String;)Ljava/lang/String;\n    .registers 6\n", m > f
			for (s = 0; s < per; s++) {
				k = (c * 4 + m) * per + s
				printf "    const-string v0, \"https://%s/v%d/items/%s?sig=%s\"\n", host(int(rand() * 2000)), s % 5, hex(16), hex(16) > f
				printf "    new-instance v1, Ljava/lang/StringBuilder;\n    invoke-direct {v1}, Ljava/lang/StringBuilder;-><init>()V\n" > f
				printf "    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;\n" > f
				printf "    invoke-virtual {v1, p1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;\n" > f
				printf "    const-string v2, \"event %d.%d: failed to parse field %s of record %s\"\n", n, k, hex(8), hex(24) > f
				printf "    sget-object v3, L%s/C%d;->TAG:Ljava/lang/String;\n", pkg, c > f
				printf "    invoke-static {v3, v2}, Landroid/util/Log;->d(Ljava/lang/String;Ljava/lang/String;)I\n" > f
			}
			printf "    const-string v0, \"done\"\n    return-object v0\n.end method\n\n" > f
		}
		close(f)
	}
}
