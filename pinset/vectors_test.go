package pinset

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
)

// vector mirrors an entry of testdata/vectors/vectors.json (written by
// gen_vectors.go, also run by clients/java).
type vector struct {
	Name        string     `json:"name"`
	Rule        string     `json:"rule"`
	Kind        string     `json:"kind"`
	Trusted     string     `json:"trusted"`
	Document    string     `json:"document"`
	LastVersion int64      `json:"last_version"`
	Now         string     `json:"now"`
	Expect      string     `json:"expect"`
	Reason      Reason     `json:"reason"`
	Fallback    string     `json:"fallback"`
	Requires    []string   `json:"requires"`
	Version     int64      `json:"version"`
	Hosts       []jsonHost `json:"hosts"`
	Threshold   int        `json:"threshold"`
	Keys        []string   `json:"keys"`
}

// jsonHost is a host as vectors.json writes it.
type jsonHost struct {
	Name              string   `json:"name"`
	IncludeSubdomains bool     `json:"include-subdomains"`
	Pins              []string `json:"pins"`
}

const vectorDir = "testdata/vectors"

func loadVectors(t testing.TB) []vector {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Vectors []vector }
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Vectors) < 40 {
		t.Fatalf("only %d vectors", len(m.Vectors))
	}
	return m.Vectors
}

func readVectorFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestVectors(t *testing.T) {
	reasons := map[Reason]bool{}
	for _, v := range loadVectors(t) {
		reasons[v.Reason] = true
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			root, err := LoadRoot(readVectorFile(t, v.Trusted))
			if err != nil {
				t.Fatalf("trusted root %s: %v", v.Trusted, err)
			}
			now, err := time.Parse(time.RFC3339, v.Now)
			if err != nil {
				t.Fatal(err)
			}
			doc := readVectorFile(t, v.Document)
			var got any
			switch v.Kind {
			case "pinset":
				got, err = root.Verify(doc, v.LastVersion, now)
			case "root":
				got, err = root.VerifyRotation(doc)
			default:
				t.Fatalf("unknown kind %q", v.Kind)
			}
			if v.Expect == "reject" {
				if ReasonOf(err) != v.Reason {
					t.Fatalf("%s: got error %v, want reason %q", v.Rule, err, v.Reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: want accept, got %v", v.Rule, err)
			}
			checkAccepted(t, v, got)
		})
	}
	for _, r := range []Reason{ReasonSyntax, ReasonTooDeep, ReasonDuplicateKey, ReasonTrailingData, ReasonNonCanonical,
		ReasonWrongType, ReasonUnknownField, ReasonSchema, ReasonInvalidRoot, ReasonThreshold, ReasonRollback,
		ReasonVersionGap, ReasonExpired, ReasonInvalidPolicy} {
		if !reasons[r] {
			t.Errorf("no vector for reason %q", r)
		}
	}
}

func checkAccepted(t *testing.T, v vector, got any) {
	t.Helper()
	switch g := got.(type) {
	case *PinSet:
		if g.Version != v.Version || len(g.Hosts) != len(v.Hosts) {
			t.Fatalf("got version %d with %d hosts, want %d with %d", g.Version, len(g.Hosts), v.Version, len(v.Hosts))
		}
		for i, h := range g.Hosts {
			w := v.Hosts[i]
			var pins []string
			for _, p := range h.Pins {
				pins = append(pins, p.SPKI.String())
			}
			if h.Name != w.Name || h.IncludeSubdomains != w.IncludeSubdomains || !slices.Equal(pins, w.Pins) {
				t.Errorf("host %d: got %s %t %v, want %s %t %v", i, h.Name, h.IncludeSubdomains, pins, w.Name, w.IncludeSubdomains, w.Pins)
			}
		}
	case *Root:
		var ids []string
		for _, k := range g.Keys {
			ids = append(ids, k.ID)
		}
		if g.Version != v.Version || g.Threshold != v.Threshold || !slices.Equal(ids, v.Keys) {
			t.Errorf("got root v%d %d-of-%v, want v%d %d-of-%v", g.Version, g.Threshold, ids, v.Version, v.Threshold, v.Keys)
		}
	}
}

// scenario mirrors an entry of "scenarios" in vectors.json: offers to one
// client in turn, with the pins it must enforce after each.
type scenario struct {
	Name    string `json:"name"`
	Rule    string `json:"rule"`
	Trusted string `json:"trusted"`
	Steps   []struct {
		Root     string     `json:"root"`
		Document string     `json:"document"`
		Now      string     `json:"now"`
		Expect   string     `json:"expect"`
		Reason   Reason     `json:"reason"`
		Active   []jsonHost `json:"active"`
	} `json:"steps"`
}

// TestScenarios runs the client rules of the vectors through the Updater,
// serving each document over local HTTPS.
func TestScenarios(t *testing.T) {
	data := readVectorFile(t, "vectors.json")
	var m struct{ Scenarios []scenario }
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Scenarios) < 2 {
		t.Fatalf("only %d scenarios", len(m.Scenarios))
	}
	for _, sc := range m.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			f := newFixture(t, readVectorFile(t, sc.Trusted))
			for i, st := range sc.Steps {
				now, err := time.Parse(time.RFC3339, st.Now)
				if err != nil {
					t.Fatal(err)
				}
				f.clk.set(now)
				if st.Root != "" {
					f.publishRoot(readVectorFile(t, st.Root))
				}
				if st.Root != "" || st.Document != "" {
					if st.Document != "" {
						f.r.put("pinset.json", readVectorFile(t, st.Document))
					}
					err := f.u.Update(context.Background())
					if ReasonOf(err) != st.Reason || (st.Expect == "accept" && err != nil) {
						t.Fatalf("step %d (%s): Update = %v, want %s %s", i, st.Document, err, st.Expect, st.Reason)
					}
				}
				want := f.shipped.Hash()
				if st.Active != nil {
					want = hostsPolicy(t, st.Active)
				}
				if got := f.u.Policy().Hash(); got != want {
					t.Errorf("step %d: live policy %.8s, want %.8s (%s)", i, got, want, sc.Rule)
				}
			}
		})
	}
}

// hostsPolicy is the hash of the policy of hosts written as in vectors.json.
func hostsPolicy(t *testing.T, hosts []jsonHost) string {
	t.Helper()
	var s PinSet
	for _, h := range hosts {
		host := Host{Name: h.Name, IncludeSubdomains: h.IncludeSubdomains}
		for _, p := range h.Pins {
			parsed, err := pin.ParsePin(p)
			if err != nil {
				t.Fatal(err)
			}
			host.Pins = append(host.Pins, Pin{SPKI: parsed})
		}
		s.Hosts = append(s.Hosts, host)
	}
	p, err := s.Policy()
	if err != nil {
		t.Fatal(err)
	}
	return p.Hash()
}

// publishRoot serves a root document as N.root.json.
func (f *fixture) publishRoot(doc []byte) {
	f.t.Helper()
	r, err := LoadRoot(doc)
	if err != nil {
		f.t.Fatal(err)
	}
	f.r.put(fmt.Sprintf("%d.root.json", r.Version), doc)
}
