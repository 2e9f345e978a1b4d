package apk

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/load/internal/hostscan"
	"github.com/pinkit/pinkit/internal/bigbuf"
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
	file      string            // the DEX file's name in the APK
	checks    []audit.CodeCheck // bytecode TLS checks (analyzeTLS)
	pinning   map[string]bool   // classes that pin in a trust manager
	err       error
}

// scanDexFiles scans files with up to jobs at once and adds what they hold
// to app in file order, so the App is the same whatever jobs is. Each
// worker reuses one read buffer. Results are merged as soon as every
// earlier file is merged. Once one file has found maxHostsPerApp hosts on
// its own, the app will be full after it, so later files stop looking for
// hosts. The first error in file order is returned.
func scanDexFiles(app *audit.App, files []*zipx.File, jobs int) error {
	finds := make([]dexFinds, len(files))
	ready := make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	next := make(chan int, len(files))
	for i := range files {
		next <- i
	}
	close(next)
	full := &fullAt{}
	full.at.Store(math.MaxInt64)
	var wg sync.WaitGroup
	for range min(max(jobs, 1), len(files)) {
		wg.Go(func() {
			var buf []byte
			for i := range next {
				buf = reserve(buf, files[i])
				finds[i], buf = scanDex(files[i], buf, full, i)
				close(ready[i])
			}
			bigbuf.Put(buf)
		})
	}
	var err error
	for i := range finds {
		<-ready[i]
		if err == nil {
			err = mergeFinds(app, &finds[i])
		}
		finds[i] = dexFinds{} // let the collector have it
		if err != nil || len(app.Hosts) >= maxHostsPerApp {
			full.set(i) // nothing after file i can add a host
		}
	}
	wg.Wait()
	return err
}

// reserve returns buf, or a buffer outside the Go heap (internal/bigbuf)
// big enough for f's declared size, so that ReadAllInto need not grow it:
// an entry that inflates past its declared size is an error anyway. The
// DEX buffers are most of an audit's live heap; outside it they do not
// double the collector's target. Declared sizes are untrusted: past
// zipx.MaxPrealloc, buf is kept and ReadAllInto grows it as the entry
// inflates, as it does when bigbuf lends nothing (nil).
func reserve(buf []byte, f *zipx.File) []byte {
	need := f.Size() + 1
	if need <= int64(cap(buf)) || need > zipx.MaxPrealloc+1 {
		return buf
	}
	bigbuf.Put(buf)
	return bigbuf.Get(int(need))
}

// fullAt holds the lowest index of a file after which the app is sure to
// hold maxHostsPerApp hosts.
type fullAt struct{ at atomic.Int64 }

func (f *fullAt) set(i int) {
	for {
		cur := f.at.Load()
		if int64(i) >= cur || f.at.CompareAndSwap(cur, int64(i)) {
			return
		}
	}
}

// before reports whether the app is full before file i.
func (f *fullAt) before(i int) bool { return f.at.Load() < int64(i) }

// mergeFinds adds one file's finds to app under the per-app limits.
func mergeFinds(app *audit.App, f *dexFinds) error {
	if f.err != nil {
		return f.err
	}
	for _, p := range f.pins {
		addCodePin(app, p.Pattern, p.Pin, p.Location)
	}
	app.HostnameVerifierAllowAll = append(app.HostnameVerifierAllowAll, f.verifiers...)
	app.Hosts = append(app.Hosts, f.hosts[:min(len(f.hosts), max(maxHostsPerApp-len(app.Hosts), 0))]...)
	app.CodeChecks = append(app.CodeChecks, f.checks[:min(len(f.checks), max(maxCodeChecksPerApp-len(app.CodeChecks), 0))]...)
	if len(f.pins) > 0 {
		relabelTrustManagerPins(app, f.file, f.pinning)
	}
	return nil
}

// String kinds, from one classification of each DEX string.
const (
	kindNone      uint8 = iota // nothing to report (maybe a class descriptor)
	kindPin                    // an OkHttp pin (isCodePin)
	kindVerifier               // an allow-all HostnameVerifier reference
	kindPattern                // a host name or OkHttp host pattern (isPinPattern)
	kindURL                    // holds "://": may name hosts
	kindSignedSet              // "pinkit-root": the app verifies pinkit-signed pin sets
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
	case string(b) == hosttable.PinkitRootType:
		return kindSignedSet
	case mayBePattern(b) && isPinPattern(string(b)):
		return kindPattern
	}
	return kindNone
}

// scanDex reads one DEX file into buf (grown as needed and returned for
// reuse): its bytecode for the class that loads each string and the host
// pattern each CertificatePinner pin follows, then its string table
// (streamed by internal/dex) for URLs, host names, OkHttp pins and
// allow-all verifiers. It is file number index; full says when hosts are
// no longer wanted.
func scanDex(f *zipx.File, buf []byte, full *fullAt, index int) (dexFinds, []byte) {
	data, err := f.ReadAllInto(buf)
	if err != nil {
		return dexFinds{err: err}, buf
	}
	code, _ := scanDexCode(data) // best effort: locations and patterns only
	d := dexStrings{file: f.Name(), code: code, full: full, index: index, kinds: make([]uint8, 0, len(code.first))}
	names := make([]bool, len(code.first))
	var extra map[uint32]bool // descriptors indexed past string_ids (malformed files)
	for t := range code.classType {
		if si, ok := code.classString(uint32(t)); ok {
			if si < uint32(len(names)) {
				names[si] = true
			} else {
				extra = mapSet(extra, si)
			}
		}
	}
	var idx uint32 // counts across the DEX files of a v041 container, as before
	err = dex.ReadBytes(f.Name(), bytes.NewReader(data), int64(len(data)), func(_ int, _ uint32, b []byte) error {
		k := classify(b)
		d.kinds = append(d.kinds, k)
		d.visit(idx, k, b, idx < uint32(len(names)) && names[idx] || extra[idx])
		idx++
		return nil
	})
	if err != nil {
		return dexFinds{err: err}, data
	}
	d.emit()
	d.out.file = f.Name()
	checks, pinning := analyzeTLS(f.Name(), data)
	d.out.checks, d.out.pinning = append(d.out.checks, checks...), pinning
	return d.out, data
}

func mapSet(m map[uint32]bool, k uint32) map[uint32]bool {
	if m == nil {
		m = map[uint32]bool{}
	}
	m[k] = true
	return m
}

// dexStrings turns the classified strings of one DEX into dexFinds. The
// strings are visited in index order; only pins, host patterns, verifier
// references and class descriptors are kept, and a host found in a string
// gets its class once every string has been seen.
type dexStrings struct {
	file    string
	code    *dexCode
	full    *fullAt // when earlier files fill the app, look for no hosts
	index   int     // of this file
	kinds   []uint8 // by string index
	keptIdx []uint32
	keptStr []string // kept strings, by increasing index (keptIdx)
	hostIdx []uint32 // per out.hosts entry, the index of its string
	verIdx  []uint32 // per out.verifiers entry, the index of its string
	out     dexFinds
}

// visit handles string idx of kind k with bytes b (valid during the call).
func (d *dexStrings) visit(idx uint32, k uint8, b []byte, name bool) {
	if k == kindPin || k == kindPattern || k == kindVerifier || name {
		d.keptIdx = append(d.keptIdx, idx)
		d.keptStr = append(d.keptStr, string(b))
	}
	switch k {
	case kindSignedSet:
		d.out.checks = append(d.out.checks, audit.CodeCheck{Kind: hosttable.CheckPinkitSignedSet, Location: audit.Location{File: d.file}})
	case kindVerifier:
		d.verIdx = append(d.verIdx, idx)
	case kindPattern, kindURL:
		if len(d.out.hosts) >= maxHostsPerApp || d.full != nil && d.full.before(d.index) {
			return // the app is full: no need to look
		}
		s := d.lastKept(idx)
		if s == "" {
			s = string(b)
		}
		for _, h := range hostscan.Find(s) {
			if len(d.out.hosts) >= maxHostsPerApp {
				return
			}
			h.Source = audit.SourceCode
			d.out.hosts = append(d.out.hosts, h)
			d.hostIdx = append(d.hostIdx, idx)
			if len(d.out.hosts) == maxHostsPerApp && d.full != nil {
				d.full.set(d.index)
			}
		}
	}
}

// lastKept returns string idx if it is the last one kept, else "".
func (d *dexStrings) lastKept(idx uint32) string {
	if n := len(d.keptIdx); n > 0 && d.keptIdx[n-1] == idx {
		return d.keptStr[n-1]
	}
	return ""
}

// str returns kept string i, or "".
func (d *dexStrings) str(i uint32) string {
	if k, ok := slices.BinarySearch(d.keptIdx, i); ok {
		return d.keptStr[k]
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

// emit pairs pins with patterns, then adds the unpaired pins and the
// verifier references in index order, and gives every host its location.
func (d *dexStrings) emit() {
	paired := d.pairPins()
	for k, i := range d.keptIdx {
		if d.kind(i) == kindPin && (i >= uint32(len(paired)) || !paired[i]) {
			d.addPin("", d.keptStr[k], audit.Location{File: d.file, Symbol: d.class(i)})
		}
	}
	for _, i := range d.verIdx {
		loc := audit.Location{File: d.file, Symbol: d.class(i)}
		loc.Symbol = strings.TrimSpace(loc.Symbol + " " + allowAllVerifier(d.str(i)))
		d.out.verifiers = append(d.out.verifiers, loc)
	}
	for k, i := range d.hostIdx {
		if k == 0 || d.hostIdx[k-1] != i {
			d.out.hosts[k].Location = audit.Location{File: d.file, Symbol: d.class(i)}
		} else {
			d.out.hosts[k].Location = d.out.hosts[k-1].Location
		}
	}
}

func (d *dexStrings) addPin(pattern, pin string, loc audit.Location) {
	if len(d.out.pins) < maxCodePinsPerApp {
		d.out.pins = append(d.out.pins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: pattern, Pin: pin, Location: loc})
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
			done = make([]bool, len(d.kinds))
		}
		loc := audit.Location{File: d.file, Symbol: d.classOf(m.class)}
		for _, p := range pairs {
			done[p.pin] = true
			d.addPin(p.pattern, d.str(p.pin), loc)
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
			pattern, pinsSince = d.str(i), 0
		}
	}
	if pattern != "" && pinsSince == 0 && len(pairs) > 0 {
		return nil, false // a trailing pattern without pins: constants were reordered
	}
	return pairs, true
}
