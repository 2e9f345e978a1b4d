// Package ipa turns an iOS app — a built .ipa or a source tree — into an
// [audit.App] for the audit engine.
//
// Most callers do:
//
//	app, err := ipa.Load("App.ipa", ipa.Options{})
//
// For an IPA, Payload/<Name>.app/Info.plist (binary or XML) gives the bundle
// ID, version, the NSAppTransportSecurity dictionary ([ats]) and TrustKit's
// TSKConfiguration ([trustkit]). The main executable named by
// CFBundleExecutable and every Frameworks/<X>.framework/<X> binary are read
// with [MachOStrings] (thin or fat) for URLs, host names, pin-list URLs and
// pinning libraries; .cer/.der/.pem/.crt files anywhere in the bundle become
// [audit.BundledCert]s. The IPA is read in place through internal/zipx's
// limits and never extracted.
package ipa

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/plistguard"
	"github.com/pinkit/pinkit/internal/zipx"
	"github.com/pinkit/pinkit/trustkit"
	"howett.net/plist"
)

// Options configure [Load]. The zero value is ready to use.
type Options struct {
	// Limits bound the zip reader; nil means zipx.DefaultLimits().
	Limits *zipx.Limits
	// MachO bounds the Mach-O string reader; the zero value uses its defaults.
	MachO MachOLimits
}

// Limits on what one app may contribute, far above real apps.
const (
	maxHosts      = 20000
	maxChecks     = 1000
	maxCerts      = 1000
	maxCertSize   = 1 << 20
	maxSourceSize = 8 << 20
	maxFiles      = 200000
)

// Load reads the app at path: an .ipa file, or a directory holding an iOS
// source tree (an Info.plist plus Swift / Objective-C sources).
func Load(path string, opts Options) (*audit.App, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("failed to open app: %w", err)
	}
	if fi.IsDir() {
		return loadSource(path, opts)
	}
	lim := zipx.DefaultLimits()
	if opts.Limits != nil {
		lim = *opts.Limits
	}
	zr, err := zipx.Open(path, lim)
	if err != nil {
		return nil, fmt.Errorf("failed to read IPA: %w", err)
	}
	defer zr.Close()
	return loadIPA(path, zr, opts)
}

// loadIPA reads an opened IPA.
func loadIPA(name string, zr *zipx.Reader, opts Options) (*audit.App, error) {
	appDir, err := findAppDir(name, zr)
	if err != nil {
		return nil, err
	}
	app := newApp(name)
	plistFile, ok := zr.Find(appDir + "Info.plist")
	if !ok {
		return nil, fmt.Errorf("%s: no %sInfo.plist", name, appDir)
	}
	data, err := readLimited(plistFile, ats.MaxPlistSize)
	if err != nil {
		return nil, err
	}
	exe, err := applyInfoPlist(app, appDir+"Info.plist", data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if exe == "" {
		exe = strings.TrimSuffix(path.Base(strings.TrimSuffix(appDir, "/")), ".app")
	}
	for _, f := range zr.Files() {
		if err := scanEntry(app, f, appDir, exe, opts); err != nil {
			return nil, err
		}
	}
	if _, ok := zr.Find(appDir + exe); !ok {
		addProblem(app, appDir+"Info.plist", fmt.Sprintf("the executable %q named by CFBundleExecutable is not in the IPA", appDir+exe))
	}
	finish(app)
	return app, nil
}

// findAppDir returns "Payload/<Name>.app/" of the IPA's only app bundle.
func findAppDir(name string, zr *zipx.Reader) (string, error) {
	dir := ""
	for _, f := range zr.Files() {
		n := f.Name()
		rest, ok := strings.CutPrefix(n, "Payload/")
		if !ok {
			continue
		}
		bundle, file, ok := strings.Cut(rest, "/")
		if !ok || !strings.HasSuffix(bundle, ".app") || file != "Info.plist" {
			continue
		}
		if dir != "" && dir != "Payload/"+bundle+"/" {
			return "", fmt.Errorf("%s: more than one app bundle under Payload/ (%s and %s)", name, dir, "Payload/"+bundle+"/")
		}
		dir = "Payload/" + bundle + "/"
	}
	if dir == "" {
		return "", fmt.Errorf("%s: not an IPA: no Payload/<Name>.app/Info.plist", name)
	}
	return dir, nil
}

// readLimited reads a zip entry that must not exceed max bytes.
func readLimited(f *zipx.File, max int64) ([]byte, error) {
	if f.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, limit %d", f.Name(), f.Size(), max)
	}
	data, err := f.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", f.Name(), err)
	}
	return data, nil
}

// applyInfoPlist fills app from an Info.plist and returns CFBundleExecutable.
func applyInfoPlist(app *audit.App, file string, data []byte) (exe string, err error) {
	root, err := decodePlist(file, data)
	if err != nil {
		return "", err
	}
	app.ID = bundleString(root, "CFBundleIdentifier")
	app.Version = bundleString(root, "CFBundleShortVersionString")
	exe = bundleString(root, "CFBundleExecutable")
	if v, ok := root["NSAppTransportSecurity"]; ok {
		d, ok := v.(map[string]any)
		if !ok {
			app.LoadProblems = append(app.LoadProblems, audit.Problem{Location: audit.Location{File: file},
				Message: fmt.Sprintf("NSAppTransportSecurity is a %T, want a dictionary (ignored by iOS)", v)})
		} else {
			app.ATS = ats.FromDict(file, d)
		}
	}
	app.ATSNotApplied = preATS(bundleString(root, "DTSDKName"))
	if tk := trustkit.FromInfoPlist(file, root); tk != nil {
		app.TrustKit = append(app.TrustKit, tk)
	}
	return exe, nil
}

// decodePlist decodes a binary, XML or OpenStep property list whose root
// is a dictionary.
func decodePlist(file string, data []byte) (root map[string]any, err error) {
	if len(data) > ats.MaxPlistSize {
		return nil, fmt.Errorf("%s: property list is %d bytes, limit %d", file, len(data), ats.MaxPlistSize)
	}
	// howett.net/plist recurses without a depth limit and copies shared
	// references: a Go stack overflow cannot be recovered, so hostile
	// nesting and reference graphs are refused before it sees the bytes.
	if err := plistguard.Check(data); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	defer func() {
		if r := recover(); r != nil { // howett.net/plist re-panics on some malformed input
			root, err = nil, fmt.Errorf("%s: malformed property list: %v", file, r)
		}
	}()
	if err := plist.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return nil, fmt.Errorf("%s: failed to decode property list: %w", file, err)
	}
	if root == nil {
		return nil, fmt.Errorf("%s: property list root is not a dictionary", file)
	}
	return root, nil
}

// bundleString returns a string value, or "" when it is missing, not a
// string, or an unexpanded Xcode variable ("$(PRODUCT_BUNDLE_IDENTIFIER)").
func bundleString(root map[string]any, key string) string {
	s, _ := root[key].(string)
	if strings.Contains(s, "$(") || strings.Contains(s, "${") {
		return ""
	}
	return strings.TrimSpace(s)
}

// newApp returns an iOS App for path.
func newApp(path string) *audit.App {
	return &audit.App{Path: path, Platform: audit.PlatformIOS, FrameworkEvidence: map[string]string{}}
}

// finish leaves FrameworkEvidence nil when no framework was found.
func finish(app *audit.App) {
	if len(app.FrameworkEvidence) == 0 {
		app.FrameworkEvidence = nil
	}
}
