package trustkit

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/nsc"
	"howett.net/plist"
)

const (
	pinA = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
	pinB = "YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg="
)

const iosPlist = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>TSKConfiguration</key><dict>
 <key>TSKSwizzleNetworkDelegates</key><true/>
 <key>TSKPinnedDomains</key><dict>
  <key>api.example.com</key><dict>
   <key>TSKPublicKeyHashes</key><array><string>` + pinA + `</string><string>` + pinB + `</string></array>
   <key>TSKIncludeSubdomains</key><true/>
   <key>TSKExpirationDate</key><string>2030-01-01</string>
  </dict>
  <key>soft.example.com</key><dict>
   <key>TSKEnforcePinning</key><false/>
   <key>TSKPublicKeyHashes</key><array><string>` + pinA + `</string></array>
  </dict>
  <key>one.example.com</key><dict>
   <key>TSKPublicKeyHashes</key><array><string>` + pinA + `</string><string>c2hvcnQ=</string></array>
  </dict>
 </dict>
</dict>
</dict></plist>`

func TestIOS(t *testing.T) {
	var root map[string]any
	if _, err := plist.Unmarshal([]byte(iosPlist), &root); err != nil {
		t.Fatal(err)
	}
	c := FromInfoPlist("Info.plist", root)
	if c == nil || len(c.Domains) != 3 {
		t.Fatalf("config = %+v", c)
	}
	api, one, soft := c.Domains[0], c.Domains[1], c.Domains[2]
	if !api.EnforcePinning || !api.IncludeSubdomains || len(api.Pins) != 2 || api.Expiration != "2030-01-01" {
		t.Errorf("api = %+v (enforce must default to true on iOS)", api)
	}
	if soft.EnforcePinning {
		t.Errorf("soft.example.com: TSKEnforcePinning NO not read")
	}
	if !problem(c, one.Name, "decodes to 5 bytes") || !problem(c, one.Name, "requires at least 2") {
		t.Errorf("one.example.com: short hash and missing backup not reported: %v", c.Problems)
	}
	if problem(c, soft.Name, "at least 2") {
		t.Errorf("report-only domain must not need a backup pin: %v", c.Problems)
	}
	if FromInfoPlist("Info.plist", map[string]any{}) != nil {
		t.Error("no TSKConfiguration should give nil")
	}
}

func problem(c *Config, domain, msg string) bool {
	for _, p := range c.Problems {
		if p.Domain == domain && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

func TestAndroid(t *testing.T) {
	data, err := os.ReadFile("testdata/nsc_trustkit.xml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := nsc.Parse("res/xml/nsc.xml", data)
	if err != nil {
		t.Fatal(err)
	}
	c := FromNSC(cfg)
	if c == nil || len(c.Domains) != 3 {
		t.Fatalf("config = %+v", c)
	}
	byName := map[string]Domain{}
	for _, d := range c.Domains {
		byName[d.Name] = d
	}
	ex := byName["example.com"]
	if !ex.EnforcePinning || !ex.DisableDefaultURI || len(ex.ReportURIs) != 1 || len(ex.Pins) != 2 || ex.Expiration != "2030-01-01" {
		t.Errorf("example.com = %+v", ex)
	}
	if ex.Pins[0] != pinA {
		t.Errorf("unpadded Android pin not normalised: %q", ex.Pins[0])
	}
	soft := byName["soft.example.com"]
	if soft.EnforcePinning || len(soft.Pins) != 2 {
		t.Errorf("soft.example.com = %+v (enforcePinning defaults to false on Android; pins inherited)", soft)
	}
	if !problem(c, "single.example.org", "at least 2") {
		t.Errorf("single pin with enforcePinning not reported: %v", c.Problems)
	}
}

func TestExpiredTimeZones(t *testing.T) {
	d := Domain{Expiration: "2030-01-01"}
	utcMidnight := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if exp, _ := d.Expired(utcMidnight); !exp {
		t.Error("expired at 00:00 UTC of the day (iOS) not detected")
	}
	tokyo := time.FixedZone("JST", 9*3600)
	// 2029-12-31 20:00 UTC is already 2030-01-01 05:00 in Tokyo (Android, device-local).
	if exp, _ := d.Expired(utcMidnight.Add(-4 * time.Hour).In(tokyo)); !exp {
		t.Error("device-local expiry not applied")
	}
	if exp, _ := d.Expired(utcMidnight.Add(-time.Second)); exp {
		t.Error("expired one second early")
	}
	if _, err := (Domain{Expiration: "01/01/2030"}).Expired(utcMidnight); err == nil {
		t.Error("bad date accepted")
	}
}

func FuzzFromDict(f *testing.F) {
	f.Add([]byte(iosPlist))
	f.Fuzz(func(t *testing.T, data []byte) {
		var root map[string]any
		func() {
			defer func() { _ = recover() }() // plist's own panics are not ours
			if _, err := plist.Unmarshal(data, &root); err != nil {
				root = nil
			}
		}()
		if root == nil {
			return
		}
		c := FromInfoPlist("fuzz.plist", root)
		if c == nil {
			return
		}
		for _, d := range c.Domains {
			_, _ = d.Expired(time.Now())
		}
	})
}

// TestPinDecoders: each platform's TrustKit reads hashes with its own
// decoder (pinfmt.TrustKitIOS / pinfmt.TrustKitAndroid) and keeps them in
// a set, so a repeated hash is no backup.
func TestPinDecoders(t *testing.T) {
	ios := func(pins ...any) *Config {
		return FromDict("Info.plist", map[string]any{"TSKPinnedDomains": map[string]any{
			"example.com": map[string]any{"TSKPublicKeyHashes": pins}}})
	}
	if c := ios(" "+pinA, pinB); !problem(c, "example.com", "invalid base64") {
		t.Errorf("NSData refuses whitespace, TrustKit iOS raises: %v", c.Problems)
	}
	if c := ios(pinA, pinA); !problem(c, "example.com", "requires at least 2") {
		t.Errorf("a repeated hash counted as a backup: %v", c.Problems)
	}
	if c := ios(pinA, pinB); len(c.Problems) != 0 {
		t.Errorf("good config: %v", c.Problems)
	}
	xml := `<network-security-config><domain-config><domain>example.com</domain><pin-set>` +
		`<pin digest="SHA-256">` + pinA[:10] + "." + pinA[10:] + `</pin><pin digest="SHA-256">` + pinB + `</pin>` +
		`</pin-set><trustkit-config enforcePinning="true"/></domain-config></network-security-config>`
	cfg, err := nsc.Parse("nsc.xml", []byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	if c := FromNSC(cfg); c == nil || len(c.Problems) != 0 || c.Domains[0].Pins[0] != pinA {
		t.Errorf("android.util.Base64 skips '.', so TrustKit-Android accepts the pin: %+v", c)
	}
}
