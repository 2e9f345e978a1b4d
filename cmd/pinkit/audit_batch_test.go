package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// batch runs `pinkit audit --format jsonl --now 2026-06-01 args...`.
func batch(t *testing.T, stdin string, args ...string) (code int, lines []map[string]any, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"audit", "--format", "jsonl", "--now", "2026-06-01"}, args...), strings.NewReader(stdin), &out, &errb)
	for _, l := range strings.SplitAfter(out.String(), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || !strings.HasSuffix(l, "\n") {
			t.Fatalf("line %q is not one JSON object: %v", l, err)
		}
		lines = append(lines, m)
	}
	return code, lines, errb.String()
}

func paths(lines []map[string]any) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l["path"].(string))
	}
	slices.Sort(out)
	return out
}

// TestBatchLinesAreJSONReportApps: each line is the app object of the JSON
// report for that app alone (plus schema_version, audited_at), errors are
// lines of their own, and the exit status and summary count them.
func TestBatchLinesAreJSONReportApps(t *testing.T) {
	t.Parallel()
	good, nested := filepath.Join(apkFixtures, "good.apk"), filepath.Join(apkFixtures, "nested.apk")
	list := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(list, []byte("# corpus\n"+nested+"\n\n  missing.apk  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, lines, stderr := batch(t, "", "--jobs", "2", good, "@"+list)
	if code != exitError || len(lines) != 3 {
		t.Fatalf("exit %d, %d lines, want 2 and 3; stderr %s", code, len(lines), stderr)
	}
	if !strings.Contains(stderr, "audited 2 apps") || !strings.Contains(stderr, "1 errors") {
		t.Errorf("summary: %s", stderr)
	}
	for _, l := range lines {
		p := l["path"].(string)
		if p == "missing.apk" {
			if !strings.Contains(l["error"].(string), "missing.apk") {
				t.Errorf("error line %v", l)
			}
			continue
		}
		var out, errb bytes.Buffer
		run([]string{"audit", "--format", "json", "--now", "2026-06-01", p}, strings.NewReader(""), &out, &errb)
		var rep struct {
			SchemaVersion float64          `json:"schema_version"`
			AuditedAt     string           `json:"audited_at"`
			Apps          []map[string]any `json:"apps"`
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Apps) != 1 {
			t.Fatalf("json report of %s: %v", p, err)
		}
		want := rep.Apps[0]
		want["schema_version"], want["audited_at"] = rep.SchemaVersion, rep.AuditedAt
		if g, w := mustJSON(t, l), mustJSON(t, want); g != w {
			t.Errorf("%s: jsonl line\n%s\nwant the JSON report's app\n%s", p, g, w)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v) // maps marshal with sorted keys
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBatchShards: the shards of a directory are disjoint, cover it, and do
// not depend on the order the inputs are listed in.
func TestBatchShards(t *testing.T) {
	t.Parallel()
	_, all, _ := batch(t, "", apkFixtures)
	if len(all) < 10 {
		t.Fatalf("%d apps in %s", len(all), apkFixtures)
	}
	reversed := paths(all)
	slices.Reverse(reversed)
	var union []string
	for _, s := range []string{"0/3", "1/3", "2/3"} {
		_, lines, _ := batch(t, "", "--shard", s, apkFixtures)
		union = append(union, paths(lines)...)
		_, again, _ := batch(t, strings.Join(reversed, "\n"), "--shard", s, "@-")
		if !slices.Equal(paths(again), paths(lines)) {
			t.Errorf("shard %s from a list: %q, from the directory: %q", s, paths(again), paths(lines))
		}
	}
	slices.Sort(union)
	if !slices.Equal(union, paths(all)) {
		t.Errorf("shards hold %q, want each of %q once", union, paths(all))
	}
	for _, bad := range []string{"3/3", "-1/2", "1", "a/b", "0/0"} {
		if code, _, stderr := batch(t, "", "--shard", bad, apkFixtures); code != exitError || !strings.Contains(stderr, "--shard") {
			t.Errorf("--shard %s: exit %d, %s", bad, code, stderr)
		}
	}
}

// TestBatchResume: a run cut short (a complete line, then half a line) is
// finished by --resume: the half line is replaced, nothing is audited twice.
func TestBatchResume(t *testing.T) {
	t.Parallel()
	_, all, _ := batch(t, "", apkFixtures)
	first, err := json.Marshal(all[0])
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if err := os.WriteFile(out, append(append(first, '\n'), `{"schema_version":1,"path":"cut`...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := batch(t, "", "--resume", out, apkFixtures)
	if len(stdout) != 0 || code == exitError || !strings.Contains(stderr, "1 skipped") {
		t.Fatalf("exit %d, %d lines on stdout, stderr %s", code, len(stdout), stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("resumed file line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if !slices.Equal(paths(got), paths(all)) {
		t.Errorf("resumed file holds %q, want %q", paths(got), paths(all))
	}
	code, _, stderr = batch(t, "", "--resume", out, apkFixtures)
	if !strings.Contains(stderr, "audited 0 apps") || code != 0 {
		t.Errorf("second resume: exit %d, %s", code, stderr)
	}
}

func TestBatchFlagErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"audit", "--shard", "0/2", apkFixtures},
		{"audit", "--format", "jsonl", "--pair", "a.apk=b.ipa", "a.apk", "b.ipa"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitError {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
}
