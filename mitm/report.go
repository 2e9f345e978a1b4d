package mitm

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pinkit/pinkit/internal/safetext"
)

// matrixAttacks are the columns of the verdict matrix.
var matrixAttacks = []Attack{AttackTrusted, AttackUntrusted, AttackWrongHost, AttackExpired}

// Summary is what the writers render: the verdict matrix and how many
// hosts were evicted from it to keep the per-host results bounded.
type Summary struct {
	Hosts        []HostResult
	EvictedHosts int
}

// Summary returns the verdict matrix so far and the eviction count.
func (p *Proxy) Summary() Summary {
	return Summary{Hosts: p.recorder.Results(), EvictedHosts: p.recorder.Evicted()}
}

// evictedNote tells how many hosts fell out of the matrix, or "".
func (s Summary) evictedNote() string {
	if s.EvictedHosts == 0 {
		return ""
	}
	return fmt.Sprintf("%d host(s) evicted, least recently seen first, to keep the matrix within its host limit", s.EvictedHosts)
}

// WriteText writes the verdict matrix as an aligned table: per host the
// verdict and, per attack, accepted/attempts plus the alerts seen.
func WriteText(w io.Writer, s Summary) error {
	results := s.Hosts
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "HOST\tVERDICT")
	for _, a := range matrixAttacks {
		fmt.Fprintf(tw, "\t%s", strings.ToUpper(string(a)))
	}
	fmt.Fprint(tw, "\tREQUESTS\tWHY\n")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s", safetext.Escape(r.Host), r.Verdict)
		for _, a := range matrixAttacks {
			fmt.Fprintf(tw, "\t%s", cell(r.Attacks[a]))
		}
		fmt.Fprintf(tw, "\t%d\t%s\n", r.Requests, safetext.Escape(r.Reason))
	}
	if len(results) == 0 {
		fmt.Fprint(tw, "(no TLS connections seen)\n")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("failed to write verdict matrix: %w", err)
	}
	_, err := fmt.Fprint(w, "cells: accepted/attempts (alerts the client sent; none = closed after the handshake)\n")
	if note := s.evictedNote(); note != "" && err == nil {
		_, err = fmt.Fprintln(w, note)
	}
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
	return s + " (" + safetext.Escape(strings.Join(names, ",")) + ")"
}

// jsonReport is the --format json document.
type jsonReport struct {
	SchemaVersion int          `json:"schema_version"`
	Test          string       `json:"test"`
	Hosts         []HostResult `json:"hosts"`
	EvictedHosts  int          `json:"evicted_hosts"`
}

// WriteJSON writes the verdict matrix as one JSON document.
func WriteJSON(w io.Writer, s Summary) error {
	results := s.Hosts
	if results == nil {
		results = []HostResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonReport{SchemaVersion: 1, Test: "MASTG-TEST-0244", Hosts: results, EvictedHosts: s.EvictedHosts}); err != nil {
		return fmt.Errorf("failed to write JSON report: %w", err)
	}
	return nil
}
