package android

import (
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
)

func TestPinSetExpiring(t *testing.T) {
	t.Parallel()
	runCases(t, PinSetExpiring{}, []ruleCase{
		{"expiring in 18 days", nscApp(t, "expired.xml"), []string{"expires on 2026-01-20 (in 18 days)"}},
		{"far future", nscApp(t, "good.xml"), nil},
		{"no expiration", nscApp(t, "single_pin.xml"), nil},
	})
}

func TestPinSetExpiringWindow(t *testing.T) {
	t.Parallel()
	app := nscApp(t, "expired.xml")
	for _, tt := range []struct {
		warn time.Duration
		want int
	}{{10 * 24 * time.Hour, 0}, {19 * 24 * time.Hour, 1}, {0, 1}} {
		res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: []audit.Rule{PinSetExpiring{}}, Now: testNow, ExpiryWarn: tt.warn})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(res.Apps[0].Findings); got != tt.want {
			t.Errorf("ExpiryWarn %v: %d findings, want %d", tt.warn, got, tt.want)
		}
	}
}
