package mitm

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// matrixAttacks are the columns of the verdict matrix.
var matrixAttacks = []Attack{AttackTrusted, AttackUntrusted, AttackWrongHost, AttackExpired}

// WriteText writes the verdict matrix as an aligned table: per host the
// verdict and, per attack, accepted/attempts plus the alerts seen.
func WriteText(w io.Writer, results []HostResult) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "HOST\tVERDICT")
	for _, a := range matrixAttacks {
		fmt.Fprintf(tw, "\t%s", strings.ToUpper(string(a)))
	}
	fmt.Fprint(tw, "\tREQUESTS\tWHY\n")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s", r.Host, r.Verdict)
		for _, a := range matrixAttacks {
			fmt.Fprintf(tw, "\t%s", cell(r.Attacks[a]))
		}
		fmt.Fprintf(tw, "\t%d\t%s\n", r.Requests, r.Reason)
	}
	if len(results) == 0 {
		fmt.Fprint(tw, "(no TLS connections seen)\n")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("failed to write verdict matrix: %w", err)
	}
	_, err := fmt.Fprint(w, "cells: accepted/attempts (alerts the client sent; none = closed after the handshake)\n")
	return err
}

// cell renders one attack's tally, e.g. "0/2 (bad_certificate×2)".
func cell(t Tally) string {
	if t.Attempts() == 0 {
		return "-"
	}
	s := fmt.Sprintf("%d/%d", t.Accepted, t.Attempts())
	if len(t.Alerts) == 0 {
		return s
	}
	names := make([]string, 0, len(t.Alerts))
	for n := range t.Alerts {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		if t.Alerts[n] > 1 {
			names[i] = fmt.Sprintf("%s×%d", n, t.Alerts[n])
		}
	}
	return s + " (" + strings.Join(names, ",") + ")"
}

// jsonReport is the --format json document.
type jsonReport struct {
	SchemaVersion int          `json:"schema_version"`
	Test          string       `json:"test"`
	Hosts         []HostResult `json:"hosts"`
}

// WriteJSON writes the verdict matrix as one JSON document.
func WriteJSON(w io.Writer, results []HostResult) error {
	if results == nil {
		results = []HostResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonReport{SchemaVersion: 1, Test: "MASTG-TEST-0244", Hosts: results}); err != nil {
		return fmt.Errorf("failed to write JSON report: %w", err)
	}
	return nil
}

// MASTGURL documents the test the proxy automates.
const MASTGURL = "https://mas.owasp.org/MASTG/tests/android/MASVS-NETWORK/MASTG-TEST-0244/"

// sarifRules are the rules of the SARIF output, one per failing verdict.
var sarifRules = []struct {
	id      string
	verdict Verdict
	level   string
	text    string
}{
	{"mitm/intercepted", VerdictIntercepted, "warning", "The client accepted a certificate forged by a CA it trusts: the host is not pinned (MASTG-TEST-0244, MASWE-0047)."},
	{"mitm/validation-broken", VerdictValidationBroken, "error", "The client accepted a self-signed or expired certificate: certificate validation is off (MASTG-TEST-0283/0285, CWE-295)."},
	{"mitm/hostname-broken", VerdictHostnameBroken, "error", "The client accepted a certificate issued for another host name: hostname verification is off (MASTG-TEST-0283, CWE-297)."},
	{"mitm/pinned", VerdictPinned, "none", "The client refused a certificate forged by a CA it trusts: the host is pinned."},
	{"mitm/unknown", VerdictUnknown, "none", "Not enough attempts to tell whether the host is pinned."},
}

// WriteSARIF writes the verdict matrix as a SARIF 2.1.0 log: one result
// per host, kind "fail" for intercepted, validation-broken and
// hostname-broken, "pass" for pinned, "open" for unknown.
func WriteSARIF(w io.Writer, results []HostResult, toolVersion string) error {
	rules := make([]map[string]any, len(sarifRules))
	for i, r := range sarifRules {
		rules[i] = map[string]any{
			"id":                   r.id,
			"shortDescription":     map[string]any{"text": string(r.verdict)},
			"fullDescription":      map[string]any{"text": r.text},
			"helpUri":              MASTGURL,
			"help":                 map[string]any{"text": r.text + " See " + MASTGURL},
			"defaultConfiguration": map[string]any{"level": r.level},
			"properties":           map[string]any{"mastg": "MASTG-TEST-0244", "tags": []string{"security", "pinning", "CWE-295"}},
		}
	}
	out := make([]map[string]any, 0, len(results))
	for _, hr := range results {
		out = append(out, sarifResult(hr))
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "pinkit mitm", "version": toolVersion, "informationUri": "https://github.com/pinkit/pinkit", "rules": rules}},
			"results": out,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("failed to write SARIF report: %w", err)
	}
	return nil
}

func sarifResult(hr HostResult) map[string]any {
	idx := slices.IndexFunc(sarifRules, func(r struct {
		id      string
		verdict Verdict
		level   string
		text    string
	}) bool {
		return r.verdict == hr.Verdict
	})
	r := sarifRules[idx]
	kind := "fail"
	switch hr.Verdict {
	case VerdictPinned:
		kind = "pass"
	case VerdictUnknown:
		kind = "open"
	}
	return map[string]any{
		"ruleId":    r.id,
		"ruleIndex": idx,
		"kind":      kind,
		"level":     r.level,
		"message":   map[string]any{"text": fmt.Sprintf("%s: %s (%s)", hr.Host, hr.Verdict, hr.Reason)},
		"locations": []any{map[string]any{"logicalLocations": []any{map[string]any{"name": hr.Host, "kind": "host"}}}},
		"properties": map[string]any{
			"host": hr.Host, "verdict": hr.Verdict, "attacks": hr.Attacks, "requests": hr.Requests,
		},
	}
}
