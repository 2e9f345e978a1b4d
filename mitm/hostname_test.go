package mitm

import (
	"strings"
	"testing"
	"time"
)

// TestConfigHostsMustNormalise: a Passthrough host or Upstreams key that
// is not a host name is a configuration error, not a silent entry that
// could match a malformed SNI (which normalises to "").
func TestConfigHostsMustNormalise(t *testing.T) {
	ca, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []Config{
		{Passthrough: []string{""}},
		{Passthrough: []string{" api.example.com"}},
		{Passthrough: []string{"api.example.com:443"}},
		{Upstreams: map[string]string{"api.example.com\x00:443": "127.0.0.1:1"}},
		{Upstreams: map[string]string{"[api.example.com]": "127.0.0.1:1"}},
	} {
		cfg.CA = ca
		if p, err := New(cfg); err == nil {
			p.Close()
			t.Errorf("New(%+v) accepted a malformed host", cfg)
		} else if strings.ContainsRune(err.Error(), 0) {
			t.Errorf("error %q holds a NUL", err)
		}
	}
	p, err := New(Config{CA: ca, Passthrough: []string{"Bücher.Example."}, Upstreams: map[string]string{"[::1]:443": "127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !p.pass["xn--bcher-kva.example"] || p.upstreamAddr("[0:0::1]:443") != "127.0.0.1:1" {
		t.Errorf("pass %v, upstreams %v", p.pass, p.upstreams)
	}
	for _, sni := range []string{"", "a..b", "api.example.com\x00"} {
		if h := normalizeHost(sni); h != "" || p.pass[h] {
			t.Errorf("normalizeHost(%q) = %q, pass %v", sni, h, p.pass[h])
		}
	}
}
