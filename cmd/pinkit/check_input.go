package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/audit/hosttable"
	appload "github.com/pinkit/pinkit/audit/load"
	"github.com/pinkit/pinkit/check"
	"github.com/pinkit/pinkit/internal/hostname"
	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/policy"
)

// checkTargets turns every input into check targets: a policy file's
// domains, a signed pin set's hosts (verified against setRoots at now), an
// app's pinned hosts, or HOST[:PORT] with pins.
func checkTargets(e *env, args []string, pins []check.Pin, setRoots []string, now time.Time) ([]check.Target, error) {
	var out []check.Target
	for _, arg := range args {
		fi, statErr := os.Stat(arg)
		ext := strings.ToLower(filepath.Ext(arg))
		switch {
		case statErr != nil && strings.Contains(".yaml .yml .json .apk .ipa", ext) && ext != "":
			return nil, fmt.Errorf("failed to open %s: %w", arg, statErr)
		case statErr == nil && ext == ".json" && isSignedFile(arg):
			ts, err := pinsetTargets(arg, setRoots, now)
			if err != nil {
				return nil, err
			}
			out = append(out, ts...)
		case statErr == nil && !fi.IsDir() && (ext == ".yaml" || ext == ".yml" || ext == ".json"):
			pf, err := loadPolicy(e, arg)
			if err != nil {
				return nil, err
			}
			out = append(out, policyTargets(pf)...)
		case statErr == nil:
			ts, err := appTargets(arg)
			if err != nil {
				return nil, err
			}
			out = append(out, ts...)
		default:
			t, err := hostTarget(arg, pins)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// policyTargets checks each domain of the policy as written (top level).
func policyTargets(f *policy.File) []check.Target {
	var out []check.Target
	for _, d := range f.Domains {
		t := check.Target{Host: d.Name, IncludeSubdomains: d.IncludeSubdomains, Expires: f.ExpiresAt(),
			ReportOnly: f.ReportOnly(), Source: fmt.Sprintf("%s:%d", f.Name, d.Line)}
		for _, p := range d.Pins {
			t.Pins = append(t.Pins, check.Pin{Pin: p.Digest, Label: p.Label, Backup: p.IsBackup()})
		}
		out = append(out, t)
	}
	return out
}

// hostTarget reads HOST or HOST:PORT.
func hostTarget(arg string, pins []check.Pin) (check.Target, error) {
	host, addr := arg, ""
	if h, port, err := net.SplitHostPort(arg); err == nil {
		host, addr = h, net.JoinHostPort(h, port)
	}
	name, err := hostname.Normalize(host)
	if err != nil {
		return check.Target{}, withHint(fmt.Errorf("%q is not a file, app or host name: %w", arg, err),
			"give a policy (.yaml, .json), an app (.apk, .ipa, source tree) or HOST[:PORT]")
	}
	if addr != "" {
		addr = net.JoinHostPort(name, addr[strings.LastIndexByte(addr, ':')+1:])
	}
	return check.Target{Host: name, Addr: addr, Pins: pins, Source: "--pin"}, nil
}

// appTargets loads an app and checks every host its effective per-host
// table pins (patterns like "*.x" cannot be connected to and are left out;
// "**.x" is checked as x).
func appTargets(path string) ([]check.Target, error) {
	app, err := appload.Load(path)
	if err != nil {
		return nil, err
	}
	var out []check.Target
	for _, row := range hosttable.Build(app, hosttable.Config{}) {
		host := strings.TrimPrefix(row.Host, "**.")
		if !row.Pinned || strings.Contains(host, "*") {
			continue
		}
		t := check.Target{Host: host, IncludeSubdomains: row.IncludeSubdomains, Source: path + ": " + row.Location.String()}
		if row.Expires != "" {
			t.Expires, _ = timeDate(row.Expires)
		}
		seen := map[pin.Pin]bool{}
		for _, ref := range row.Pins {
			raw := ref.Digest()
			if ref.Algorithm != pinfmt.SHA256 || len(raw) != pinfmt.SHA256Len {
				continue
			}
			p := pin.Pin(raw)
			if seen[p] {
				continue
			}
			seen[p] = true
			t.Pins = append(t.Pins, check.Pin{Pin: p, Label: ref.Source + " " + p.String(),
				Placeholder: pinfmt.Judge(ref.Format(), ref.Value).Placeholder})
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, errors.New(path + ": the app pins no host that can be checked")
	}
	return out, nil
}

// timeDate reads an NSC expiration date (the start of that day).
func timeDate(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }
