package apk

import (
	"archive/zip"
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	jsonreport "github.com/pinkit/pinkit/audit/report/json"
	"github.com/pinkit/pinkit/audit/report/sarif"
	"github.com/pinkit/pinkit/audit/report/text"
	"github.com/pinkit/pinkit/audit/rules"
	"github.com/pinkit/pinkit/internal/dex"
	"github.com/pinkit/pinkit/internal/zipx"
)

// referenceScan is the DEX pass as it was before the per-file parallel
// one (commit 3597b26): one file after another, strings decoded one by
// one, kept in a map, classified again on output, added straight to app.
func referenceScan(app *audit.App, files []*zipx.File) error {
	for _, f := range files {
		data, err := f.ReadAll()
		if err != nil {
			return err
		}
		code, _ := scanDexCode(data)
		names := map[uint32]bool{}
		for t := range code.classType {
			if si, ok := code.classString(uint32(t)); ok {
				names[si] = true
			}
		}
		kept := map[uint32]string{}
		var idx uint32
		err = dex.Read(f.Name(), bytes.NewReader(data), int64(len(data)), func(s string) error {
			if names[idx] || interesting(s) {
				kept[idx] = s
			}
			idx++
			return nil
		})
		if err != nil {
			return err
		}
		referenceEmit(app, f.Name(), code, kept)
		checks, pinning := analyzeTLS(f.Name(), data) // as the accuracy branch's scanDex did
		for _, c := range checks {
			if len(app.CodeChecks) < maxCodeChecksPerApp {
				app.CodeChecks = append(app.CodeChecks, c)
			}
		}
		relabelTrustManagerPins(app, f.Name(), pinning)
	}
	return nil
}

func referenceEmit(app *audit.App, file string, code *dexCode, kept map[uint32]string) {
	classOf := func(t uint32) string { si, _ := code.classString(t); return kept[si] }
	d := &dexStrings{} // for methodPairs, which reads keptIdx, keptStr and kinds
	ids := slices.Sorted(maps.Keys(kept))
	for _, i := range ids {
		s := kept[i]
		for uint32(len(d.kinds)) <= i {
			d.kinds = append(d.kinds, kindNone)
		}
		d.keptIdx, d.keptStr = append(d.keptIdx, i), append(d.keptStr, s)
		switch {
		case isCodePin(s):
			d.kinds[i] = kindPin
		case isPinPattern(s):
			d.kinds[i] = kindPattern
		}
	}
	pinned := map[uint32]bool{}
	for _, m := range code.methods {
		pairs, ok := d.methodPairs(m.strings)
		if !ok {
			continue
		}
		for _, p := range pairs {
			pinned[p.pin] = true
			addCodePin(app, p.pattern, kept[p.pin], audit.Location{File: file, Symbol: classOf(m.class)})
		}
	}
	for _, i := range ids {
		s := kept[i]
		loc := audit.Location{File: file}
		if t, ok := code.firstClass(i); ok {
			loc.Symbol = classOf(t)
		}
		switch {
		case isCodePin(s):
			if !pinned[i] {
				addCodePin(app, "", s, loc)
			}
		case allowAllVerifier(s) != "":
			loc.Symbol = strings.TrimSpace(loc.Symbol + " " + allowAllVerifier(s))
			app.HostnameVerifierAllowAll = append(app.HostnameVerifierAllowAll, loc)
		default:
			addHosts(app, s, audit.SourceCode, loc)
		}
	}
}

// interesting is the filter the reference pass kept strings with.
func interesting(s string) bool {
	return strings.Contains(s, "://") || isCodePin(s) || allowAllVerifier(s) != "" || isPinPattern(s)
}

// reports renders app as text, JSON and SARIF.
func reports(t *testing.T, app *audit.App) string {
	t.Helper()
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, w := range []func(*bytes.Buffer, *audit.Result) error{
		func(b *bytes.Buffer, r *audit.Result) error { return text.Write(b, r) },
		func(b *bytes.Buffer, r *audit.Result) error { return jsonreport.Write(b, r) },
		func(b *bytes.Buffer, r *audit.Result) error { return sarif.Write(b, r) },
	} {
		if err := w(&b, res); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// multiDexAPK writes an APK holding good.apk's entries plus every DEX of
// the fixtures as classes2.dex, classes3.dex, … (a damaged one last when
// broken is set), so several files are scanned at once.
func multiDexAPK(t *testing.T, broken bool) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range readAllEntries(t, "good.apk") {
		if !dexName.MatchString(name) {
			add(name, data)
		}
	}
	n := 1
	fixtures, _ := filepath.Glob(filepath.Join(fixtureDir, "*.apk"))
	slices.Sort(fixtures)
	for _, apk := range fixtures {
		entries := readAllEntries(t, filepath.Base(apk))
		for name, data := range entries {
			if dexName.MatchString(name) {
				add(fmt.Sprintf("classes%d.dex", n+1), data)
				n++
			}
		}
	}
	// internal/dex's smali fixtures: unpaired pins, non-ASCII strings.
	for _, name := range []string{"classes.dex", "classes2.dex"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "internal", "dex", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		add(fmt.Sprintf("classes%d.dex", n+1), data)
		n++
	}
	if broken {
		add(fmt.Sprintf("classes%d.dex", n+1), []byte("dex\n035\x00 truncated"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "multi.apk")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestParallelMatchesSequential: for every fixture APK and for APKs of many
// DEX files, the parallel pass (1, 2 and 8 workers) gives the App and the
// text, JSON and SARIF reports of the sequential reference, byte for byte,
// also when the per-app limits cut the lists and when a DEX is damaged.
func TestParallelMatchesSequential(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(fixtureDir, "*.apk"))
	paths = append(paths, multiDexAPK(t, false), multiDexAPK(t, true))
	if extra := os.Getenv("PINKIT_BENCH_APK"); extra != "" {
		paths = append(paths, extra) // e.g. a DEX-heavy APK of bench/audit-dex.sh
	}
	check := func(t *testing.T) {
		for _, path := range paths {
			want, wantErr := loadAPKWith(path, zipx.DefaultLimits(), referenceScan)
			for _, jobs := range []int{1, 2, 8} {
				got, err := loadAPKWith(path, zipx.DefaultLimits(), func(app *audit.App, files []*zipx.File) error {
					return scanDexFiles(app, files, jobs)
				})
				if fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Fatalf("%s, %d jobs: error %v, want %v", path, jobs, err, wantErr)
				}
				if err != nil {
					continue
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, %d jobs: App differs from the sequential reference", path, jobs)
				}
				if g, w := reports(t, got), reports(t, want); g != w {
					t.Fatalf("%s, %d jobs: reports differ:\n%s\nwant:\n%s", path, jobs, g, w)
				}
			}
		}
	}
	t.Run("limits", func(t *testing.T) { check(t) })
	t.Run("low-limits", func(t *testing.T) {
		h, p := maxHostsPerApp, maxCodePinsPerApp
		maxHostsPerApp, maxCodePinsPerApp = 7, 3
		defer func() { maxHostsPerApp, maxCodePinsPerApp = h, p }()
		check(t)
	})
}
