// Package apk turns an Android app — a built .apk or a source tree — into
// an [audit.App] for the audit engine.
//
// Most callers do:
//
//	app, err := apk.Load("app.apk", apk.Options{})
//
// For an APK, the network security config is found the way Android finds
// it: the manifest attribute with resource ID 0x01010527 is resolved
// through resources.arsc to a file inside the APK (whatever its name, e.g.
// "res/4u.xml" after path shortening), which is decoded and handed to
// [nsc.FromNode]. Hosts and OkHttp pins come from every classes*.dex string
// table and from string resources. Errors name the file and what is wrong;
// a config the platform would reject is not an error but a set of problems
// reported by rule PK112.
package apk

import (
	"fmt"
	"os"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/internal/hostscan"
	"github.com/pinkit/pinkit/internal/zipx"
)

// Options configure [Load]. The zero value is ready to use.
type Options struct {
	// Limits bound the zip reader; the zero value means zipx.DefaultLimits().
	Limits *zipx.Limits
}

// Load reads the app at path: an .apk file, or a directory holding an
// Android source tree (AndroidManifest.xml, res/, Kotlin/Java sources).
func Load(path string, opts Options) (*audit.App, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("failed to open app: %w", err)
	}
	if fi.IsDir() {
		return loadSource(path)
	}
	lim := zipx.DefaultLimits()
	if opts.Limits != nil {
		lim = *opts.Limits
	}
	return loadAPK(path, lim)
}

// newApp returns an Android App for path.
func newApp(path string) *audit.App {
	return &audit.App{Path: path, Platform: audit.PlatformAndroid, FrameworkEvidence: map[string]string{}}
}

// addFramework records a framework once, with the file that revealed it.
func addFramework(app *audit.App, name, evidence string) {
	if _, ok := app.FrameworkEvidence[name]; ok {
		return
	}
	app.Frameworks = append(app.Frameworks, name)
	app.FrameworkEvidence[name] = evidence
}

// frameworkOf names the cross-platform framework a file inside an APK
// reveals, or "".
func frameworkOf(name string) string {
	base := name[strings.LastIndexByte(name, '/')+1:]
	switch {
	case base == "libflutter.so" || base == "libapp.so" && strings.HasPrefix(name, "lib/"):
		return "Flutter"
	case base == "libreactnativejni.so" || name == "assets/index.android.bundle":
		return "React Native"
	case base == "libmonodroid.so" || strings.HasPrefix(name, "assemblies/") || base == "libxamarin-app.so":
		return "Xamarin"
	}
	return ""
}

// addHosts appends the hosts found in s, up to the per-app limit.
func addHosts(app *audit.App, s, source string, loc audit.Location) {
	for _, h := range hostscan.Find(s) {
		if len(app.Hosts) >= maxHostsPerApp {
			return
		}
		h.Source, h.Location = source, loc
		app.Hosts = append(app.Hosts, h)
	}
}
