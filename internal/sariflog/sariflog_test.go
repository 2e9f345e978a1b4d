package sariflog

import (
	"bytes"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

func TestPrune(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"empty array dropped", `{"a":[],"b":1}`, `{"b":1}`},
		{"minus one dropped", `{"index":-1,"line":3}`, `{"line":3}`},
		{"nested empties collapse", `{"p":{"q":{"r":[]}},"s":"x"}`, `{"s":"x"}`},
		{"results kept", `{"results":[],"tool":{}}`, `{"results":[]}`},
		{"order kept", `{"z":1,"a":2,"m":[{}]}`, `{"z":1,"a":2,"m":[{}]}`},
		{"null and other numbers", `{"n":null,"x":-1.5,"y":0}`, `{"x":-1.5,"y":0}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Prune([]byte(tc.in))
			if err != nil || string(got) != tc.want {
				t.Errorf("Prune(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
	if _, err := Prune([]byte(strings.Repeat("[", 100) + strings.Repeat("]", 100))); err == nil {
		t.Error("deep nesting accepted")
	}
}

func TestWriteGoSARIF(t *testing.T) {
	t.Parallel()
	r := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("x", "https://example.com")
	run.WithResults([]*sarif.Result{})
	r.AddRun(run)
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "[]") && strings.Count(out, "[]") != 1 || strings.Contains(out, "-1") || !strings.Contains(out, `"results": []`) {
		t.Errorf("not pruned:\n%s", out)
	}
}
