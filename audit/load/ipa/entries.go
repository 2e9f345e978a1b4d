package ipa

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/zipx"
)

// scanEntry reads what one IPA entry contributes: Mach-O strings of the
// main executable and embedded frameworks, bundled certificates and
// framework evidence. Other entries (assets, nibs…) are never read.
func scanEntry(app *audit.App, f *zipx.File, appDir, exe string, opts Options) error {
	name := f.Name()
	if f.IsDir() {
		return nil
	}
	if isCertFile(name) {
		if f.Size() > maxCertSize {
			addProblem(app, name, fmt.Sprintf("certificate file is %d bytes, limit %d (skipped)", f.Size(), maxCertSize))
			return nil
		}
		data, err := f.ReadAll()
		if err != nil {
			return fmt.Errorf("failed to read %s: %w", name, err)
		}
		addCerts(app, name, data)
		return nil
	}
	rel, ok := strings.CutPrefix(name, appDir)
	if !ok {
		return nil
	}
	if fw := frameworkOf(rel); fw != "" {
		addFramework(app, fw, name)
	}
	main := rel == exe
	if !main && !isFrameworkBinary(rel) {
		return nil
	}
	data, err := f.ReadAll()
	if err != nil {
		return fmt.Errorf("failed to read %s: %w", name, err)
	}
	sc := newStringScanner(app, name, main)
	if err := MachOStrings(name, bytes.NewReader(data), int64(len(data)), opts.MachO, sc.add); err != nil {
		// One unreadable binary should not hide what the others reveal.
		addProblem(app, name, err.Error())
	}
	scanBinaryTrust(app, name, data, opts.MachO)
	return nil
}

// isFrameworkBinary reports whether rel is "Frameworks/<X>.framework/<X>"
// or an app extension's "PlugIns/<X>.appex/<X>".
func isFrameworkBinary(rel string) bool {
	dir, file := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if fw, ok := strings.CutPrefix(dir, "Frameworks/"); ok {
		return !strings.Contains(fw, "/") && fw == file+".framework"
	}
	if ex, ok := strings.CutPrefix(dir, "PlugIns/"); ok {
		return !strings.Contains(ex, "/") && ex == file+".appex"
	}
	return false
}

// isCertFile reports whether name has a certificate file extension.
func isCertFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".cer", ".der", ".pem", ".crt":
		return true
	}
	return false
}

// frameworkOf names the cross-platform framework a bundle file reveals, or "".
func frameworkOf(rel string) string {
	switch {
	case strings.HasPrefix(rel, "Frameworks/Flutter.framework/"):
		return "Flutter"
	case rel == "main.jsbundle" || strings.HasPrefix(rel, "Frameworks/React.framework/") ||
		strings.HasPrefix(rel, "Frameworks/hermes.framework/"):
		return "React Native"
	case strings.HasPrefix(rel, "Frameworks/Xamarin") || strings.HasSuffix(rel, "Xamarin.iOS.dll") ||
		strings.HasPrefix(rel, "Frameworks/Mono.framework/") || strings.HasPrefix(rel, "Frameworks/libmonosgen"):
		return "Xamarin"
	}
	return ""
}

// addFramework records a framework once, with the file that revealed it.
func addFramework(app *audit.App, name, evidence string) {
	if _, ok := app.FrameworkEvidence[name]; ok {
		return
	}
	if app.FrameworkEvidence == nil {
		app.FrameworkEvidence = map[string]string{}
	}
	app.Frameworks = append(app.Frameworks, name)
	app.FrameworkEvidence[name] = evidence
}

func addProblem(app *audit.App, file, msg string) {
	app.LoadProblems = append(app.LoadProblems, audit.Problem{Location: audit.Location{File: file}, Message: msg})
}
