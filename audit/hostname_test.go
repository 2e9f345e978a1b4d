package audit

import "testing"

// TestIgnoreHostsThroughNormalize: --ignore hosts go through
// internal/hostname like OkHttp patterns.
func TestIgnoreHostsThroughNormalize(t *testing.T) {
	t.Parallel()
	ig, err := parseIgnores([]string{"PK102:Bücher.Example.", "PK301:*.Example.COM", "PK103:*"})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"xn--bcher-kva.example", "*.example.com", "*"} {
		if ig[i].host != want {
			t.Errorf("ignore %d host = %q, want %q", i, ig[i].host, want)
		}
	}
}
