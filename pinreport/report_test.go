package pinreport_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/pinkit/pinkit/pinreport"
)

func TestNewRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		uri  string
		opts []pinreport.Option
		want string
	}{
		{"ftp://r.example/", nil, "absolute http or https"},
		{"/v1/reports", nil, "absolute http or https"},
		{"https://u:secret@r.example/", nil, "credentials"},
		{"https://r.example/", []pinreport.Option{pinreport.QueueSize(-1)}, "negative"},
	} {
		_, err := pinreport.New(tc.uri, tc.opts...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q) = %v, want an error containing %q", tc.uri, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error leaks the report URI password: %v", err)
		}
	}
	r, err := pinreport.New("http://127.0.0.1:1/r")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestFromEvent: only failures make reports; the JSON keys are RFC 7469's
// plus pinkit's, and TrustKit's keys are absent.
func TestFromEvent(t *testing.T) {
	t.Parallel()
	if _, ok := pinreport.FromEvent(pin.Event{Kind: pin.EventPinExpired}); ok {
		t.Fatal("an expiry event made a report")
	}
	w := pintest.NewWorld(t)
	var got pin.Event
	p := newPolicy(t, pin.HostPins(apiHost, pinsOf(w.Inter.Cert, w.BackupKey)...),
		pin.Clock(func() time.Time { return reportTime }), pin.OnEvent(func(e pin.Event) { got = e }))
	if err := p.VerifyConnection(failState(w, t, apiHost)); !errors.Is(err, pin.ErrPinMismatch) {
		t.Fatalf("VerifyConnection = %v", err)
	}
	rep, ok := pinreport.FromEvent(got)
	if !ok {
		t.Fatal("no report for a failure")
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	want := []string{"date-time", "hostname", "port", "include-subdomains", "noted-hostname",
		"served-certificate-chain", "validated-certificate-chain", "known-pins", "policy-hash", "mode"}
	if !sameSet(keys, want) {
		t.Fatalf("report keys = %v, want %v", keys, want)
	}
	var back pinreport.Report
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(&back, rep) {
		t.Fatalf("round trip = %+v, %v; want %+v", back, err, rep)
	}
}

// TestFromEventMalformedHost: a failure on a name that is not a host name
// is an event for the application but no report (it has no host).
func TestFromEventMalformedHost(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	var got []pin.Event
	p := newPolicy(t, pin.HostPins(apiHost, pinsOf(w.Inter.Cert, w.BackupKey)...),
		pin.OnEvent(func(e pin.Event) { got = append(got, e) }))
	if err := p.VerifyConnection(failState(w, t, apiHost+":443")); !errors.Is(err, pin.ErrInvalidHost) {
		t.Fatalf("VerifyConnection = %v, want ErrInvalidHost", err)
	}
	if len(got) != 1 || got[0].Kind != pin.EventPinFailure {
		t.Fatalf("events = %+v, want one pin failure", got)
	}
	if rep, ok := pinreport.FromEvent(got[0]); ok {
		t.Fatalf("FromEvent made a report for a malformed host: %+v", rep)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			return false
		}
	}
	return true
}

func TestProblemKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[pinreport.ProblemKind]string{
		pinreport.ProblemDropped: "report-dropped", pinreport.ProblemSendFailed: "report-failed", 0: "unknown",
	} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(k), k.String(), want)
		}
	}
}
