package policy_test

import (
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/pinkit/pinkit/policy"
)

// okhttpJars are Debian libokhttp-java's jars (OkHttp 3.13, Okio 1.16).
var okhttpJars = []string{"/usr/share/java/okhttp.jar", "/usr/share/java/okio.jar"}

// okhttpMain fetches https://HOST:PORT/ with the generated pinner, trusting
// only the roots in ROOTS.pem and resolving HOST to 127.0.0.1; it prints
// "accepted" or "refused: <exception>".
const okhttpMain = `import java.io.FileInputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

public class Main {
    public static void main(String[] args) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new FileInputStream(args[0]))) {
            ks.setCertificateEntry("root" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
        OkHttpClient client = new OkHttpClient.Builder()
                .sslSocketFactory(ctx.getSocketFactory(), tm)
                .dns(host -> Collections.singletonList(InetAddress.getByName("127.0.0.1")))
                .certificatePinner(PinkitPins.CERTIFICATE_PINNER)
                .build();
        try (Response r = client.newCall(new Request.Builder().url("https://" + args[1] + ":" + args[2] + "/").build()).execute()) {
            System.out.println("accepted " + r.code());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            System.out.println("refused: " + e.getMessage().split("\n")[0]);
        }
    }
}
`

// TestOkHttpJava compiles the generated Java pinner with javac against
// Debian's OkHttp 3.13 and runs it against local TLS servers: the pinned
// chain is accepted, a chain from another trusted CA is refused.
func TestOkHttpJava(t *testing.T) {
	t.Parallel()
	javac, java := need(t, "javac"), need(t, "java")
	for _, j := range okhttpJars {
		if _, err := os.Stat(j); err != nil {
			t.Skipf("%s missing (apt-get install libokhttp-java)", j)
		}
	}
	w := pintest.NewWorld(t)
	const host = "pinned.test"
	yaml := "version: 1\ndomains:\n  - name: " + host + "\n    pins:\n" +
		"      - {label: intermediate, spki: " + pin.FromCertificate(w.Inter.Cert).String() + "}\n" +
		"      - {label: backup, role: backup, spki: " + pin.FromCertificate(w.BackupKey).String() + "}\n"
	f, err := policy.Load(strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "PinkitPins.java"), generate(t, f, policy.TargetOkHttp, policy.LangJava))
	write(t, filepath.Join(dir, "Main.java"), []byte(okhttpMain))
	var roots []byte
	for _, c := range []*pintest.Issuer{w.Root, w.Rogue} {
		roots = append(roots, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw})...)
	}
	write(t, filepath.Join(dir, "roots.pem"), roots)
	cp := strings.Join(append([]string{"."}, okhttpJars...), string(os.PathListSeparator))
	run(t, dir, javac, "-cp", cp, "PinkitPins.java", "Main.java")
	for _, tt := range []struct {
		name  string
		chain pintest.Chain
		want  string
	}{
		{"legit", w.Legit(t, host), "accepted 200"},
		{"forged", w.Forged(t, host), "refused: Certificate pinning failure!"},
	} {
		srv := pintest.HTTPServer(t, tt.chain)
		port := srv.Listener.Addr().(interface{ String() string }).String()
		port = port[strings.LastIndexByte(port, ':')+1:]
		cmd := exec.Command(java, "-cp", cp, "Main", "roots.pem", host, port)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: java: %v\n%s", tt.name, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != tt.want {
			t.Errorf("%s: OkHttp says %q, want %q", tt.name, got, tt.want)
		}
	}
}
