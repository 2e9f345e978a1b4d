package mitm

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	acc, rej, closed := Tally{Accepted: 1}, Tally{Rejected: 1}, Tally{Closed: 1}
	for _, tc := range []struct {
		name    string
		attacks map[Attack]Tally
		want    Verdict
	}{
		{"nothing", nil, VerdictUnknown},
		{"only closed", map[Attack]Tally{AttackTrusted: closed}, VerdictUnknown},
		{"only untrusted refused", map[Attack]Tally{AttackUntrusted: rej}, VerdictUnknown},
		{"trusted refused", map[Attack]Tally{AttackTrusted: rej, AttackUntrusted: rej}, VerdictPinned},
		{"trusted accepted once", map[Attack]Tally{AttackTrusted: {Accepted: 1, Rejected: 3}}, VerdictIntercepted},
		{"wrong host accepted", map[Attack]Tally{AttackTrusted: acc, AttackWrongHost: acc}, VerdictHostnameBroken},
		{"expired accepted", map[Attack]Tally{AttackTrusted: rej, AttackExpired: acc}, VerdictValidationBroken},
		{"self-signed beats wrong host", map[Attack]Tally{AttackUntrusted: acc, AttackWrongHost: acc}, VerdictValidationBroken},
	} {
		if got, why := Decide(tc.attacks); got != tc.want {
			t.Errorf("%s: %s (%s), want %s", tc.name, got, why, tc.want)
		}
	}
}

func sampleResults() []HostResult {
	r := NewRecorder(0)
	base := Event{Kind: KindHandshake, Time: time.Unix(0, 0)}
	add := func(host string, a Attack, o Outcome, alert string) {
		e := base
		e.Host, e.Attack, e.Outcome, e.Alert = host, a, o, alert
		r.Record(e)
	}
	add("pinned.example", AttackTrusted, OutcomeRejected, "bad_certificate")
	add("pinned.example", AttackTrusted, OutcomeRejected, "bad_certificate")
	add("open.example", AttackTrusted, OutcomeAccepted, "")
	add("broken.example", AttackUntrusted, OutcomeAccepted, "")
	add("okhttp.example", AttackTrusted, OutcomeRejected, "")
	r.Record(Event{Kind: KindRequest, Host: "open.example"})
	r.Record(Event{Kind: KindError, Detail: "ignored"})
	return r.Results()
}

func TestWriteText(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteText(&b, Summary{Hosts: sampleResults()}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"HOST ", "TRUSTED", "WRONG-HOST",
		"pinned.example  pinned",
		"0/2 (bad_certificate×2)",
		"open.example    intercepted        1/1",
		"broken.example  validation-broken",
		"okhttp.example  pinned             0/1 (none)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	if lines := strings.Split(b.String(), "\n"); !strings.HasPrefix(lines[1], "broken.example") {
		t.Errorf("hosts not sorted:\n%s", b.String())
	}
}

func TestWriteJSONAndSARIF(t *testing.T) {
	t.Parallel()
	var j bytes.Buffer
	if err := WriteJSON(&j, Summary{Hosts: sampleResults()}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Hosts         []struct {
			Host    string                    `json:"host"`
			Verdict string                    `json:"verdict"`
			Attacks map[string]map[string]any `json:"attacks"`
		} `json:"hosts"`
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != 1 || len(doc.Hosts) != 4 || doc.Hosts[3].Verdict != "pinned" || doc.Hosts[3].Attacks["trusted"]["rejected"] != 2.0 {
		t.Errorf("json = %s", j.String())
	}
	var s bytes.Buffer
	if err := WriteSARIF(&s, Summary{Hosts: sampleResults()}, "test"); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Kind      string `json:"kind"`
				Level     string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(s.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || len(run.Results) != 4 {
		t.Fatalf("sarif = %s", s.String())
	}
	kinds := map[string]string{}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", r.RuleIndex, r.RuleID)
		}
		kinds[r.RuleID] = r.Kind + "/" + r.Level
	}
	want := map[string]string{"mitm/validation-broken": "fail/error", "mitm/intercepted": "fail/warning", "mitm/pinned": "pass/none"}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("%s: %s, want %s", id, kinds[id], k)
		}
	}
	if !strings.Contains(run.Tool.Driver.Rules[0].HelpURI, "MASTG-TEST-0244") {
		t.Error("rules lack the MASTG link")
	}
}

func TestRemoteAlert(t *testing.T) {
	t.Parallel()
	// crypto/tls reports a peer's alert as *net.OpError{Op: "remote error"}.
	_, err := tlsDial(closedAddr(t), nil)
	if _, ok := remoteAlert(err); ok {
		t.Errorf("dial error %v taken for an alert", err)
	}
	if _, ok := remoteAlert(errors.New("remote error: tls: bad certificate")); ok {
		t.Error("a bare string must not count")
	}
	op := &net.OpError{Op: "remote error", Err: errors.New("tls: unknown certificate authority")}
	if a, ok := remoteAlert(op); !ok || a != "unknown_ca" {
		t.Errorf("remoteAlert = %q %v", a, ok)
	}
	op.Err = errors.New("tls: alert(199)")
	if a, _ := remoteAlert(op); a != "alert_199" {
		t.Errorf("unknown code = %q", a)
	}
}

func TestPlaintextAlert(t *testing.T) {
	t.Parallel()
	hello := []byte{22, 3, 1, 0, 3, 1, 2, 3}
	for _, tc := range []struct {
		name   string
		stream []byte
		want   string
	}{
		{"after hello", append(append([]byte{}, hello...), 21, 3, 3, 0, 2, 2, 48), "unknown_ca"},
		{"ccs then alert", append(append(append([]byte{}, hello...), 20, 3, 3, 0, 1, 1), 21, 3, 3, 0, 2, 2, 45), "certificate_expired"},
		{"encrypted only", append(append([]byte{}, hello...), 23, 3, 3, 0, 2, 9, 9), ""},
		{"truncated", []byte{22, 3, 1, 0, 200, 1}, ""},
		{"not TLS", []byte("GET / HTTP/1.1\r\n"), ""},
	} {
		got, _ := plaintextAlert(tc.stream)
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if split := scanByteByByte(tc.stream); split != tc.want {
			t.Errorf("%s, one byte per read: %q, want %q", tc.name, split, tc.want)
		}
	}
}

// FuzzPlaintextAlert: arbitrary client bytes never panic the record walk.
func FuzzPlaintextAlert(f *testing.F) {
	f.Add([]byte{22, 3, 1, 0, 1, 0, 21, 3, 3, 0, 2, 2, 48})
	f.Add([]byte("GET / HTTP/1.1\r\n\r\n"))
	f.Add([]byte{21, 3, 3, 0, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		whole, _ := plaintextAlert(b)
		if split := scanByteByByte(b); split != whole {
			t.Errorf("one byte per read found %q, all at once %q", split, whole)
		}
	})
}

// scanByteByByte feeds the sniffer as a connection delivering one byte
// per read would.
func scanByteByByte(b []byte) string {
	var s alertSniffer
	for i := range b {
		s.scan(b[i : i+1])
	}
	return s.found
}

// FuzzPeekClientHello: arbitrary first bytes from a client never panic
// the SNI reader, and a failure is an error, not a hang.
func FuzzPeekClientHello(f *testing.F) {
	f.Add([]byte("\x16\x03\x01\x00\x05hello"))
	f.Add([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		client, server := net.Pipe()
		go func() {
			_, _ = client.Write(b)
			client.Close()
		}()
		_ = server.SetDeadline(time.Now().Add(time.Second))
		sni, _, err := peekClientHello(server)
		if err == nil && len(sni) > 255 {
			t.Errorf("SNI of %d bytes", len(sni))
		}
		server.Close()
	})
}

// plaintextAlert walks the TLS records of a client's byte stream and
// returns the description of the first unencrypted alert record.
func plaintextAlert(stream []byte) (string, bool) {
	var s alertSniffer
	s.scan(stream)
	return s.found, s.found != ""
}
