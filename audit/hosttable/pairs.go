package hosttable

import (
	"slices"

	"github.com/pinkit/pinkit/audit/model"
)

// PairRow is one host's effective policy on both platforms of an Android
// and an iOS build audited together. A platform that never names the host
// still resolves it through its config.
type PairRow struct {
	Host         string
	Android, IOS Row
}

// FirstParty reports whether either platform counts the host as its own.
func (r PairRow) FirstParty() bool { return r.Android.FirstParty || r.IOS.FirstParty }

// ValidPins returns the distinct well-formed SHA-256 pins of a row as
// standard padded base64 without prefix, sorted (SHA-1 pins are left out).
func ValidPins(h Row) []string {
	var out []string
	for _, p := range h.Pins {
		if p.Valid && (p.Algorithm == "" || p.Algorithm == "sha256") {
			v := trimAlg(p.Key())
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

// PairRows compares an Android build with its table and an iOS build with
// its table (as [Build] returned them under cfg): one row per host either
// build names, sorted by host.
func PairRows(android *model.App, androidRows []Row, ios *model.App, iosRows []Row, cfg Config) []PairRow {
	var hosts []string
	for _, t := range [][]Row{androidRows, iosRows} {
		for _, h := range t {
			if !slices.Contains(hosts, h.Host) {
				hosts = append(hosts, h.Host)
			}
		}
	}
	slices.Sort(hosts)
	aRows := crossTable(android, androidRows, hosts, cfg)
	bRows := crossTable(ios, iosRows, hosts, cfg)
	out := make([]PairRow, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, PairRow{Host: h, Android: aRows[h], IOS: bRows[h]})
	}
	return out
}

// crossTable resolves every host for one app: its own rows, plus rows for
// the other build's hosts computed as if the app named them in code.
func crossTable(app *model.App, own []Row, hosts []string, cfg Config) map[string]Row {
	rows := map[string]Row{}
	for _, h := range own {
		rows[h.Host] = h
	}
	probe := *app
	probe.Hosts = nil
	for _, h := range hosts {
		if _, ok := rows[h]; !ok {
			probe.Hosts = append(probe.Hosts, model.HostRef{Host: h, Source: model.SourceCode})
		}
	}
	if len(probe.Hosts) == 0 {
		return rows
	}
	// probe names only the missing hosts: the app's own hosts are already
	// rows, and a row never depends on the other hosts of the table.
	for _, h := range Build(&probe, cfg) {
		if _, ok := rows[h.Host]; !ok {
			h.Sources = nil // the app itself never names this host
			rows[h.Host] = h
		}
	}
	return rows
}
