package mitm

import (
	"testing"
	"time"
)

func TestUpstreamKeysNormalised(t *testing.T) {
	ca, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Config{CA: ca, Upstreams: map[string]string{
		"API.Example.com.":     "127.0.0.1:1001",
		"Plain.Example.com:80": "127.0.0.1:1002",
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for in, want := range map[string]string{
		"api.example.com:443":   "127.0.0.1:1001",
		"API.EXAMPLE.COM.:443":  "127.0.0.1:1001",
		"plain.example.com:80":  "127.0.0.1:1002",
		"plain.example.com:81":  "plain.example.com:81",
		"other.example.com:443": "other.example.com:443",
	} {
		if got := p.upstreamAddr(in); got != want {
			t.Errorf("upstreamAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
