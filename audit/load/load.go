// Package load turns app inputs — an Android .apk, an iOS .ipa or a source
// tree of either — into [audit.App]s for [audit.Run].
//
// Most callers do:
//
//	app, err := load.Load("app.apk")
//	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All()})
//
// [Load] picks the loader: a path ending in .ipa (any case) or a directory
// that [ipa.IsSourceTree] accepts (an Info.plist and no AndroidManifest.xml)
// goes to package [ipa], everything else to package [apk]. [All] loads many
// inputs with bounded parallelism and a progress callback. Both turn a
// panic inside a loader into that input's error, so one hostile file never
// takes down an audit of many.
//
// The loaders live below this package and are importable on their own:
// [apk] (APK and Android source trees) and [ipa] (IPA and iOS source
// trees; [ipa.MachOStrings] reads a Mach-O's strings). What both share
// stays internal to audit/load: internal/hostscan finds URLs and host
// names in strings; internal/srcscan reads source trees (string literals,
// line numbers, bounded file reads, one list of skipped dependency
// directories). Loaders import package audit; audit never imports them.
package load

import (
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/apk"
	"github.com/pinkit/pinkit/audit/load/ipa"
)

// Load reads the app at path: an .apk or .ipa file, or a directory holding
// an Android or iOS source tree. A panic in the loader is returned as an
// error naming path.
func Load(path string) (*audit.App, error) {
	return guarded(dispatch, path)
}

// dispatch hands path to the loader of its platform.
func dispatch(path string) (*audit.App, error) {
	if strings.EqualFold(filepath.Ext(path), ".ipa") || ipa.IsSourceTree(path) {
		return ipa.Load(path, ipa.Options{})
	}
	return apk.Load(path, apk.Options{})
}

// Options configure [All]. The zero value loads one input at a time without
// progress reports.
type Options struct {
	// Jobs is how many inputs are loaded at once; values below 1 mean 1.
	Jobs int
	// Progress, when set, is called once after each input is loaded (or
	// failed) with the number done so far and the total. Calls never
	// overlap.
	Progress func(done, total int)
	// load replaces Load in tests.
	load func(string) (*audit.App, error)
}

// All loads every path with up to opts.Jobs in parallel. It returns the
// apps that loaded, in input order, and the errors of the inputs that did
// not, also in input order.
func All(paths []string, opts Options) ([]*audit.App, []error) {
	loadOne := opts.load
	if loadOne == nil {
		loadOne = dispatch
	}
	apps := make([]*audit.App, len(paths))
	errs := make([]error, len(paths))
	sem := make(chan struct{}, max(opts.Jobs, 1))
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	for i, p := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			apps[i], errs[i] = guarded(loadOne, p)
			if opts.Progress != nil {
				mu.Lock()
				done++
				opts.Progress(done, len(paths))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var okApps []*audit.App
	var bad []error
	for i := range paths {
		if errs[i] != nil {
			bad = append(bad, errs[i])
		} else {
			okApps = append(okApps, apps[i])
		}
	}
	return okApps, bad
}

// Each loads the inputs paths yields with up to opts.Jobs in parallel and
// calls fn with each one's index (its position in paths), path, and App
// or error, as soon as it is loaded: in completion order, from the loading
// goroutines, so fn must be safe for concurrent use (and may do more work
// in parallel, such as auditing the App). Each holds no App after fn
// returns and reads paths as it goes, so its memory does not grow with the
// number of inputs. A panic in a loader becomes that input's error.
// opts.Progress, when set, is called after each fn with the number done
// and a total of -1 (unknown).
func Each(paths iter.Seq[string], opts Options, fn func(i int, path string, app *audit.App, err error)) {
	loadOne := opts.load
	if loadOne == nil {
		loadOne = dispatch
	}
	type input struct {
		i    int
		path string
	}
	work := make(chan input, max(opts.Jobs, 1)) // a little read-ahead, no more
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	for range max(opts.Jobs, 1) {
		wg.Go(func() {
			for in := range work {
				app, err := guarded(loadOne, in.path)
				fn(in.i, in.path, app, err)
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, -1)
					mu.Unlock()
				}
			}
		})
	}
	i := 0
	for p := range paths {
		work <- input{i, p}
		i++
	}
	close(work)
	wg.Wait()
}

// guarded calls load, turning a panic into an error naming path.
func guarded(load func(string) (*audit.App, error), path string) (app *audit.App, err error) {
	defer func() {
		if p := recover(); p != nil {
			app, err = nil, fmt.Errorf("failed to load %s: internal error: %v", path, p)
		}
	}()
	return load(path)
}
