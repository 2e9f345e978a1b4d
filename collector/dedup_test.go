package collector

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
)

// dedupKeyV1 is the first, streaming implementation of DedupKey. Stored
// rows carry keys made by it, so DedupKey must keep producing the same.
func dedupKeyV1(r *Report) string {
	h := sha256.New()
	for _, s := range []string{
		string(r.Format), r.Host, strconv.Itoa(r.Port), r.AppID, r.AppVersion, r.Platform,
		r.PlatformVersion, r.NotedHost, boolStr(r.IncludeSubdomains), r.Mode,
		r.PolicyHash, strconv.Itoa(r.ValidationResult),
	} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, list := range [][]string{r.ServedChain, r.ValidatedChain, r.KnownPins} {
		for _, s := range list {
			h.Write([]byte(s))
			h.Write([]byte{1})
		}
		h.Write([]byte{2})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDedupKeyStable(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"pinkit.json", "rfc7469.json", "trustkit-ios.json", "trustkit-android.json"} {
		r, err := Decode(readTestdata(t, name), received)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.DedupKey(), dedupKeyV1(r); got != want {
			t.Errorf("%s: DedupKey = %s, want %s", name, got, want)
		}
		r.IncludeSubdomains, r.Port, r.ValidationResult, r.KnownPins = true, 8443, 3, nil
		if got, want := r.DedupKey(), dedupKeyV1(r); got != want {
			t.Errorf("%s (changed): DedupKey = %s, want %s", name, got, want)
		}
	}
}

func FuzzDedupKey(f *testing.F) {
	f.Add("a.example", "pem", "pin", 443)
	f.Fuzz(func(t *testing.T, host, cert, pin string, port int) {
		r := &Report{Format: FormatPinkit, Host: host, Port: port, ServedChain: []string{cert, cert},
			ValidatedChain: []string{cert}, KnownPins: []string{pin}}
		if got, want := r.DedupKey(), dedupKeyV1(r); got != want {
			t.Fatalf("DedupKey = %s, want %s", got, want)
		}
	})
}
