package apk

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadFixtures checks what the loader itself extracts from the real
// APKs (the findings built on top are tested end to end in cmd/pinkit).
func TestLoadFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		apk        string
		id         string
		target     int
		debuggable bool
		nscFile    string
		codePins   int
		frameworks string
	}{
		{apk: "good", id: "com.example.good", target: 34, nscFile: "res/xml/network_security_config.xml"},
		{apk: "no-nsc", id: "com.example.nonsc", target: 30},
		{apk: "shortened", id: "com.example.shortened", target: 30, nscFile: "res/4u.xml"},
		{apk: "sparse", id: "com.example.sparse", target: 30, nscFile: "res/xml/network_security_config.xml"},
		{apk: "debug-companion", id: "com.example.debugcompanion", target: 30, debuggable: true, nscFile: "res/xml/network_security_config.xml"},
		{apk: "debug-overrides", id: "com.example.debugoverrides", target: 30, debuggable: true, nscFile: "res/xml/network_security_config.xml"},
		{apk: "target23", id: "com.example.target23", target: 23, nscFile: "res/xml/network_security_config.xml"},
		{apk: "okhttp", id: "com.example.okhttp", target: 30, codePins: 3},
		{apk: "multidex", id: "com.example.multidex", target: 30, nscFile: "res/xml/network_security_config.xml", codePins: 3},
		{apk: "flutter", id: "com.example.flutter", target: 30, nscFile: "res/xml/network_security_config.xml", frameworks: "Flutter"},
	}
	for _, tt := range tests {
		t.Run(tt.apk, func(t *testing.T) {
			t.Parallel()
			app, err := Load(filepath.Join(fixtureDir, tt.apk+".apk"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if app.ID != tt.id || app.TargetSDK != tt.target || app.Debuggable != tt.debuggable || app.NSCFile != tt.nscFile {
				t.Errorf("got id %q target %d debuggable %v nsc %q", app.ID, app.TargetSDK, app.Debuggable, app.NSCFile)
			}
			if (tt.nscFile != "") != (app.NSC != nil) {
				t.Errorf("NSC = %v for nscFile %q", app.NSC, tt.nscFile)
			}
			if len(app.CodePins) != tt.codePins {
				t.Errorf("%d code pins, want %d: %+v", len(app.CodePins), tt.codePins, app.CodePins)
			}
			for _, p := range app.CodePins {
				if p.Pattern == "" || !strings.HasPrefix(p.Location.Symbol, "Lcom/example/") {
					t.Errorf("code pin without pattern or class: %+v", p)
				}
			}
			if got := strings.Join(app.Frameworks, ","); got != tt.frameworks {
				t.Errorf("frameworks = %q, want %q", got, tt.frameworks)
			}
			if len(app.LoadProblems) != 0 {
				t.Errorf("LoadProblems = %+v", app.LoadProblems)
			}
		})
	}
}

// TestLoadDebugCompanion: a debuggable app's <name>_debug resource is read
// as NSCDebug, found through resources.arsc like the main config.
func TestLoadDebugCompanion(t *testing.T) {
	t.Parallel()
	app, err := Load(filepath.Join(fixtureDir, "debug-companion.apk"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if app.NSCDebug == nil || app.NSCDebug.File != "res/xml/network_security_config_debug.xml" || app.NSCDebug.DebugOverrides == nil {
		t.Errorf("NSCDebug = %+v, want the _debug companion with <debug-overrides>", app.NSCDebug)
	}
	app, err = Load(filepath.Join(fixtureDir, "debug-overrides.apk"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if app.NSCDebug != nil {
		t.Errorf("debug-overrides.apk has no companion, got %+v", app.NSCDebug)
	}
}

func TestFrameworkOf(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"lib/arm64-v8a/libflutter.so":         "Flutter",
		"lib/armeabi-v7a/libapp.so":           "Flutter",
		"lib/x86_64/libreactnativejni.so":     "React Native",
		"assets/index.android.bundle":         "React Native",
		"lib/arm64-v8a/libmonodroid.so":       "Xamarin",
		"assemblies/Mono.Android.dll":         "Xamarin",
		"lib/arm64-v8a/libxamarin-app.so":     "Xamarin",
		"assets/libapp.so":                    "",
		"lib/arm64-v8a/libnative-lib.so":      "",
		"assets/flutter_assets/AssetManifest": "",
	} {
		if got := frameworkOf(name); got != want {
			t.Errorf("frameworkOf(%q) = %q, want %q", name, got, want)
		}
	}
}

func FuzzScanCode(f *testing.F) {
	src, err := os.ReadFile(filepath.Join(srcFixture, "app/src/main/java/com/example/pinnedapp/Network.kt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add([]byte(`.add("a.b", "sha256/\"x", ) "https://[::1`))
	f.Add([]byte("val u = \"\xff00https://\"\n")) // invalid UTF-8 before a scheme once panicked hostscan.Find
	f.Fuzz(func(t *testing.T, data []byte) {
		app := newApp("fuzz")
		scanCode(app, "F.kt", data)
		for _, p := range app.CodePins {
			if p.Location.Line < 1 {
				t.Fatalf("pin without a line: %+v", p)
			}
		}
	})
}

// TestLoadShortenedIgnoresDecoys: the decoy files named like an NSC hold
// user CAs and cleartext; the real config (res/4u.xml) has neither.
func TestLoadShortenedIgnoresDecoys(t *testing.T) {
	t.Parallel()
	app, err := Load(filepath.Join(fixtureDir, "shortened.apk"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if app.NSC.BaseConfig == nil || app.NSC.BaseConfig.TrustAnchors != nil || len(app.NSC.DomainConfigs) != 1 {
		t.Errorf("loaded the wrong config: %+v", app.NSC)
	}
}

func TestLoadSparseStrings(t *testing.T) {
	t.Parallel()
	app, err := Load(filepath.Join(fixtureDir, "sparse.apk"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range app.Hosts {
		got = append(got, h.Host+"@"+h.Location.Symbol)
	}
	want := "api.example.com@string/api_base_url stats.example.net@string/analytics_host"
	if g := strings.Join(got, " "); g != want && g != "stats.example.net@string/analytics_host api.example.com@string/api_base_url" {
		t.Errorf("hosts = %q, want %q (the fr override is not the default config)", g, want)
	}
}

func TestLoadBadAPKs(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile(filepath.Join(fixtureDir, "good.apk"))
	if err != nil {
		t.Fatal(err)
	}
	manifest := fixtureEntry(t, "good.apk", "AndroidManifest.xml")
	dir := t.TempDir()
	tests := map[string]struct {
		data []byte
		want string
	}{
		"empty.apk":      {nil, "empty.apk"},
		"text.apk":       {[]byte("hello"), "text.apk"},
		"truncated.apk":  {good[:len(good)-100], "truncated.apk"},
		"nomanifest.apk": {zipBytes(t, map[string][]byte{"classes.dex": []byte("dex")}), "no AndroidManifest.xml"},
		"badmanifest.apk": {zipBytes(t, map[string][]byte{"AndroidManifest.xml": manifest[:40]}),
			"AndroidManifest.xml"},
	}
	for name, tt := range tests {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, tt.data, 0o644); err != nil {
			t.Fatal(err)
		}
		app, err := Load(p, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Load = %v, %v; want an error containing %q", name, app, err, tt.want)
		}
	}
}

// TestLoadBrokenNSC: a manifest pointing at a config that is missing or
// not binary XML is a load problem (reported as PK112), not an error.
func TestLoadBrokenNSC(t *testing.T) {
	t.Parallel()
	files := readAllEntries(t, "good.apk")
	delete(files, "res/xml/network_security_config.xml")
	dir := t.TempDir()
	p := filepath.Join(dir, "missing-nsc.apk")
	if err := os.WriteFile(p, zipBytes(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if app.NSC != nil || len(app.LoadProblems) != 1 || !strings.Contains(app.LoadProblems[0].Message, "missing from the APK") {
		t.Errorf("NSC %v, LoadProblems %+v", app.NSC, app.LoadProblems)
	}
	files["res/xml/network_security_config.xml"] = []byte("<network-security-config/>")
	if err := os.WriteFile(p, zipBytes(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err = Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(app.LoadProblems) != 1 || !strings.Contains(app.LoadProblems[0].Message, "failed to decode network security config res/xml/network_security_config.xml") {
		t.Errorf("LoadProblems %+v", app.LoadProblems)
	}
}

func FuzzLoadAPK(f *testing.F) {
	for _, name := range []string{"good.apk", "shortened.apk", "sparse.apk", "okhttp.apk"} {
		data, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.apk")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		app, err := Load(p, Options{})
		if (app == nil) == (err == nil) {
			t.Fatalf("Load = %v, %v: want exactly one of app and error", app, err)
		}
		if err != nil && !bytes.Contains([]byte(err.Error()), []byte("fuzz.apk")) {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// TestLoadObfuscatedManifest renames the manifest's attribute names in the
// string pool (as obfuscators do): the loader matches attributes by
// resource ID, so it still finds targetSdk, debuggable and the NSC.
func TestLoadObfuscatedManifest(t *testing.T) {
	t.Parallel()
	files := readAllEntries(t, "debug-companion.apk")
	m := files["AndroidManifest.xml"]
	for _, name := range []string{"networkSecurityConfig", "targetSdkVersion", "debuggable"} {
		junk := strings.Repeat("x", len(name))
		utf16 := func(s string) []byte {
			var b []byte
			for _, c := range []byte(s) {
				b = append(b, c, 0)
			}
			return b
		}
		n := bytes.Count(m, []byte(name)) + bytes.Count(m, utf16(name))
		m = bytes.ReplaceAll(m, []byte(name), []byte(junk))
		m = bytes.ReplaceAll(m, utf16(name), utf16(junk))
		if n == 0 {
			t.Fatalf("%q not in the manifest's string pool", name)
		}
	}
	files["AndroidManifest.xml"] = m
	p := filepath.Join(t.TempDir(), "obfuscated.apk")
	if err := os.WriteFile(p, zipBytes(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if app.NSCFile != "res/xml/network_security_config.xml" || app.TargetSDK != 30 || !app.Debuggable || app.NSCDebug == nil {
		t.Errorf("got nsc %q target %d debuggable %v companion %v", app.NSCFile, app.TargetSDK, app.Debuggable, app.NSCDebug != nil)
	}
}
