package apk

import (
	"bytes"
	"strings"
	"sync"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/internal/hostscan"
	"github.com/pinkit/pinkit/internal/dex"
	"github.com/pinkit/pinkit/internal/zipx"
)

// dexFinds is what one DEX file contributes to an App, each list in the
// order a one-file-at-a-time loader adds it, each capped at the per-app
// limit (one file can never contribute more).
type dexFinds struct {
	pins      []audit.CodePin
	verifiers []audit.Location
	hosts     []audit.HostRef
	err       error
}

// scanDexFiles scans files with up to jobs at once and adds what they hold
// to app in file order, so the App is the same whatever jobs is. The first
// error in file order is returned.
func scanDexFiles(app *audit.App, files []*zipx.File, jobs int) error {
	finds := make([]dexFinds, len(files))
	next := make(chan int, len(files))
	for i := range files {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(max(jobs, 1), len(files)) {
		wg.Go(func() {
			for i := range next {
				finds[i] = scanDex(files[i])
			}
		})
	}
	wg.Wait()
	for i := range finds {
		f := &finds[i]
		if f.err != nil {
			return f.err
		}
		for _, p := range f.pins {
			addCodePin(app, p.Pattern, p.Pin, p.Location)
		}
		app.HostnameVerifierAllowAll = append(app.HostnameVerifierAllowAll, f.verifiers...)
		app.Hosts = append(app.Hosts, f.hosts[:min(len(f.hosts), max(maxHostsPerApp-len(app.Hosts), 0))]...)
		finds[i] = dexFinds{} // let the collector have it
	}
	return nil
}

// String kinds, from one classification of each DEX string.
const (
	kindNone     uint8 = iota // nothing to report (maybe a class descriptor)
	kindPin                   // an OkHttp pin (isCodePin)
	kindVerifier              // an allow-all HostnameVerifier reference
	kindPattern               // a host name or OkHttp host pattern (isPinPattern)
	kindURL                   // holds "://": may name hosts
)

// classify returns the kind of a DEX string, looking at each string once
// and allocating nothing unless it may be a host name.
func classify(b []byte) uint8 {
	switch {
	case isCodePinBytes(b):
		return kindPin
	case allowAllVerifierBytes(b) != "":
		return kindVerifier
	case bytes.Contains(b, []byte("://")):
		return kindURL
	case mayBePattern(b) && isPinPattern(string(b)):
		return kindPattern
	}
	return kindNone
}

// scanDex reads one DEX file: its bytecode for the class that loads each
// string and the host pattern each CertificatePinner pin follows, then its
// string table (streamed by internal/dex) for URLs, host names, OkHttp pins
// and allow-all verifiers.
func scanDex(f *zipx.File) dexFinds {
	data, err := f.ReadAll()
	if err != nil {
		return dexFinds{err: err}
	}
	code, _ := scanDexCode(data) // best effort: locations and patterns only
	d := dexStrings{file: f.Name(), code: code, names: make([]bool, len(code.first))}
	var extra map[uint32]bool // descriptors indexed past string_ids (malformed files)
	for t := range code.classType {
		if si, ok := code.classString(uint32(t)); ok {
			if si < uint32(len(d.names)) {
				d.names[si] = true
			} else {
				extra = mapSet(extra, si)
			}
		}
	}
	var idx uint32 // counts across the DEX files of a v041 container, as before
	err = dex.ReadBytes(f.Name(), bytes.NewReader(data), int64(len(data)), func(_ int, _ uint32, b []byte) error {
		k := classify(b)
		s := ""
		if k != kindNone || idx < uint32(len(d.names)) && d.names[idx] || extra[idx] {
			s = string(b)
		}
		d.strs = append(d.strs, s)
		d.kinds = append(d.kinds, k)
		idx++
		return nil
	})
	if err != nil {
		return dexFinds{err: err}
	}
	d.emit()
	return d.out
}

func mapSet(m map[uint32]bool, k uint32) map[uint32]bool {
	if m == nil {
		m = map[uint32]bool{}
	}
	m[k] = true
	return m
}

// dexStrings turns the classified strings of one DEX into dexFinds.
type dexStrings struct {
	file  string
	code  *dexCode
	names []bool   // by string index: a class descriptor
	strs  []string // by string index: the strings kept (classified or names), else ""
	kinds []uint8  // by string index
	out   dexFinds
}

// str returns kept string i, or "".
func (d *dexStrings) str(i uint32) string {
	if i < uint32(len(d.strs)) {
		return d.strs[i]
	}
	return ""
}

// kind returns the kind of string i.
func (d *dexStrings) kind(i uint32) uint8 {
	if i < uint32(len(d.kinds)) {
		return d.kinds[i]
	}
	return kindNone
}

// classOf returns the descriptor of class type t ("" when unknown).
func (d *dexStrings) classOf(t uint32) string {
	si, _ := d.code.classString(t)
	return d.str(si)
}

// class returns the descriptor of the class that first loads string i.
func (d *dexStrings) class(i uint32) string {
	t, ok := d.code.firstClass(i)
	if !ok {
		return ""
	}
	return d.classOf(t)
}

func (d *dexStrings) emit() {
	paired := d.pairPins()
	for i, k := range d.kinds {
		if k == kindNone {
			continue
		}
		i := uint32(i)
		s := d.strs[i]
		loc := audit.Location{File: d.file, Symbol: d.class(i)}
		switch k {
		case kindPin:
			if i >= uint32(len(paired)) || !paired[i] {
				d.addPin("", s, loc)
			}
		case kindVerifier:
			loc.Symbol = strings.TrimSpace(loc.Symbol + " " + allowAllVerifier(s))
			d.out.verifiers = append(d.out.verifiers, loc)
		default:
			d.addHosts(s, loc)
		}
	}
}

func (d *dexStrings) addPin(pattern, pin string, loc audit.Location) {
	if len(d.out.pins) < maxCodePinsPerApp {
		d.out.pins = append(d.out.pins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: pattern, Pin: pin, Location: loc})
	}
}

func (d *dexStrings) addHosts(s string, loc audit.Location) {
	if len(d.out.hosts) >= maxHostsPerApp {
		return // the app is full: no need to look
	}
	for _, h := range hostscan.Find(s) {
		if len(d.out.hosts) >= maxHostsPerApp {
			return
		}
		h.Source, h.Location = audit.SourceCode, loc
		d.out.hosts = append(d.out.hosts, h)
	}
}

// pairPins attaches each pin to the host pattern loaded before it in the
// same method (javac and kotlinc evaluate add(pattern, pins...) left to
// right) and returns, by string index, the pins it attached (nil: none). A method
// whose order is ambiguous — a pin before any pattern, or a pattern with no
// pin before the next one, as when an optimizer hoists all constants — is
// left alone: its pins keep no pattern rather than a wrong one.
func (d *dexStrings) pairPins() []bool {
	var done []bool
	for _, m := range d.code.methods {
		pairs, ok := d.methodPairs(m.strings)
		if !ok || len(pairs) == 0 {
			continue
		}
		if done == nil {
			done = make([]bool, len(d.strs))
		}
		loc := audit.Location{File: d.file, Symbol: d.classOf(m.class)}
		for _, p := range pairs {
			done[p.pin] = true
			d.addPin(p.pattern, d.strs[p.pin], loc)
		}
	}
	return done
}

type pinPair struct {
	pattern string
	pin     uint32
}

// methodPairs pairs the pins of one method's const-strings with their
// patterns; ok is false when the order is ambiguous.
func (d *dexStrings) methodPairs(strs []uint32) (pairs []pinPair, ok bool) {
	pattern, pinsSince := "", 0
	for _, i := range strs {
		switch d.kind(i) {
		case kindPin:
			if pattern == "" {
				return nil, false
			}
			pairs = append(pairs, pinPair{pattern, i})
			pinsSince++
		case kindPattern:
			if pattern != "" && pinsSince == 0 {
				return nil, false
			}
			pattern, pinsSince = d.strs[i], 0
		}
	}
	if pattern != "" && pinsSince == 0 && len(pairs) > 0 {
		return nil, false // a trailing pattern without pins: constants were reordered
	}
	return pairs, true
}
