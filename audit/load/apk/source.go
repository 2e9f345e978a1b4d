package apk

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/internal/srcscan"
	"github.com/pinkit/pinkit/nsc"
)

// Limits for source trees.
const (
	maxSourceFile  = 4 << 20 // bytes of one manifest, resource or source file
	maxSourceFiles = 200000  // files visited in one tree
)

// loadSource loads an Android source tree rooted at dir.
//
// The tree's root is dir, the directory the user named: no file outside it
// is read, whatever links inside it say (see [srcscan.Tree]). The module's
// build.gradle two directories above src/main is read when that is still
// inside dir.
func loadSource(dir string) (*audit.App, error) {
	tree, err := srcscan.OpenTree(dir)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	manifest, err := findManifest(tree)
	if err != nil {
		return nil, err
	}
	app := newApp(dir)
	rel := func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
	nscRef, err := readSourceManifest(app, tree, manifest, rel(manifest))
	if err != nil {
		return nil, err
	}
	readGradle(app, tree, filepath.Dir(manifest))
	defaultSDKs(app)
	resDir := filepath.Join(filepath.Dir(manifest), "res")
	if nscRef != "" {
		loadSourceNSC(app, tree, resDir, nscRef, rel)
	}
	if err := walkSources(app, tree, rel); err != nil {
		return nil, err
	}
	return app, nil
}

// findManifest returns the app's main AndroidManifest.xml: dir's own, else
// the shallowest one under a src/main directory, else the shallowest one.
func findManifest(tree *srcscan.Tree) (string, error) {
	dir := tree.Dir()
	for _, c := range []string{"AndroidManifest.xml", "app/src/main/AndroidManifest.xml", "src/main/AndroidManifest.xml"} {
		if p := filepath.Join(dir, c); tree.IsFile(p) {
			return p, nil
		}
	}
	var best, bestMain string
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if n++; n > maxSourceFiles {
			return fs.SkipAll
		}
		if d.IsDir() && p != dir && srcscan.SkipDir(d.Name()) {
			return fs.SkipDir
		}
		if d.Name() != "AndroidManifest.xml" || d.IsDir() {
			return nil
		}
		if best == "" || depth(p) < depth(best) {
			best = p
		}
		if strings.Contains(filepath.ToSlash(p), "/src/main/") && (bestMain == "" || depth(p) < depth(bestMain)) {
			bestMain = p
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("failed to read source tree %s: %w", dir, err)
	}
	if bestMain != "" {
		return bestMain, nil
	}
	if best == "" {
		return "", fmt.Errorf("failed to read source tree %s: no AndroidManifest.xml found", dir)
	}
	return best, nil
}

func depth(p string) int { return strings.Count(filepath.ToSlash(p), "/") }

// readSourceManifest fills app from a source AndroidManifest.xml and returns
// the android:networkSecurityConfig reference ("@xml/name"), if any.
func readSourceManifest(app *audit.App, tree *srcscan.Tree, path, name string) (string, error) {
	data, err := tree.ReadFile(path, maxSourceFile)
	if err != nil {
		return "", fmt.Errorf("failed to read manifest: %w", err)
	}
	root, err := nsc.ParseNode(name, data)
	if err != nil {
		return "", fmt.Errorf("failed to read manifest: %w", err)
	}
	if root.Name != "manifest" {
		return "", fmt.Errorf("failed to read manifest %s: root element is <%s>, want <manifest>", name, root.Name)
	}
	app.PackageName, _ = root.Attr("package")
	app.ID = app.PackageName
	app.Version = androidAttr(root, "versionName")
	var ref string
	for _, c := range root.Children {
		switch c.Name {
		case "uses-sdk":
			app.MinSDK = atoi(androidAttr(c, "minSdkVersion"))
			app.TargetSDK = atoi(androidAttr(c, "targetSdkVersion"))
		case "application":
			app.Debuggable = androidAttr(c, "debuggable") == "true"
			if v := androidAttr(c, "usesCleartextTraffic"); v != "" {
				b := v == "true"
				app.UsesCleartext = &b
			}
			ref = androidAttr(c, "networkSecurityConfig")
		}
	}
	return ref, nil
}

const androidNS = "http://schemas.android.com/apk/res/android"

// androidAttr returns the android: attribute name of n.
func androidAttr(n *nsc.Node, name string) string {
	for _, a := range n.Attrs {
		if a.Name == name && (a.Space == androidNS || a.Space == "android") {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Gradle settings that override the manifest in source trees.
var (
	gradleTarget = regexp.MustCompile(`(?m)^\s*targetSdk(?:Version)?\s*[=(]?\s*(\d+)`)
	gradleMin    = regexp.MustCompile(`(?m)^\s*minSdk(?:Version)?\s*[=(]?\s*(\d+)`)
	gradleAppID  = regexp.MustCompile(`(?m)^\s*applicationId\s*[=(]?\s*["']([\w.]+)["']`)
)

// readGradle reads targetSdk, minSdk and applicationId from the module's
// build.gradle(.kts), two directories above src/main (never outside the
// tree).
func readGradle(app *audit.App, tree *srcscan.Tree, manifestDir string) {
	module := filepath.Dir(filepath.Dir(manifestDir))
	for _, name := range []string{"build.gradle.kts", "build.gradle"} {
		data, err := tree.ReadFile(filepath.Join(module, name), maxSourceFile)
		if err != nil {
			continue
		}
		if m := gradleTarget.FindSubmatch(data); m != nil {
			app.TargetSDK = atoi(string(m[1]))
		}
		if m := gradleMin.FindSubmatch(data); m != nil {
			app.MinSDK = atoi(string(m[1]))
		}
		if m := gradleAppID.FindSubmatch(data); m != nil {
			app.ID = string(m[1])
		}
		return
	}
}

// loadSourceNSC reads res/xml/<name>.xml named by ref ("@xml/name") and, for
// debuggable apps, its <name>_debug.xml companion.
func loadSourceNSC(app *audit.App, tree *srcscan.Tree, resDir, ref string, rel func(string) string) {
	name, ok := strings.CutPrefix(ref, "@xml/")
	if !ok {
		app.LoadProblems = append(app.LoadProblems, audit.Problem{
			Location: audit.Location{File: "AndroidManifest.xml"},
			Message:  fmt.Sprintf("android:networkSecurityConfig is %q, want an @xml/ resource", ref),
		})
		return
	}
	cfg, file, err := parseSourceNSC(tree, filepath.Join(resDir, "xml", name+".xml"), rel)
	if err != nil {
		app.LoadProblems = append(app.LoadProblems, audit.Problem{Location: audit.Location{File: file}, Message: err.Error()})
		return
	}
	app.NSC, app.NSCFile = cfg, file
	if app.Debuggable {
		p := filepath.Join(resDir, "xml", name+"_debug.xml")
		if tree.IsFile(p) {
			if cfg, _, err := parseSourceNSC(tree, p, rel); err == nil {
				app.NSCDebug = cfg
			}
		}
	}
}

func parseSourceNSC(tree *srcscan.Tree, p string, rel func(string) string) (*nsc.Config, string, error) {
	file := rel(p)
	data, err := tree.ReadFile(p, maxSourceFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, file, fmt.Errorf("network security config %s not found", file)
	}
	if err != nil {
		return nil, file, fmt.Errorf("failed to read network security config: %w", err)
	}
	cfg, err := nsc.Parse(file, data)
	if err != nil {
		return nil, file, err
	}
	return cfg, file, nil
}

// walkSources scans Kotlin/Java sources for hosts, OkHttp pins and
// allow-all verifiers, string resources for hosts, and marker files for
// frameworks.
func walkSources(app *audit.App, tree *srcscan.Tree, rel func(string) string) error {
	dir, n := tree.Dir(), 0
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("failed to read source tree: %w", err)
		}
		if n++; n > maxSourceFiles {
			return fmt.Errorf("failed to read source tree %s: more than %d files", dir, maxSourceFiles)
		}
		if d.IsDir() {
			if p != dir && srcscan.SkipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		return scanSourceFile(app, tree, p, rel(p))
	})
}

func scanSourceFile(app *audit.App, tree *srcscan.Tree, p, name string) error {
	switch base := filepath.Base(p); {
	case base == "pubspec.yaml":
		addFramework(app, "Flutter", name)
	case base == "index.android.bundle":
		addFramework(app, "React Native", name)
	case strings.HasSuffix(base, ".csproj"):
		addFramework(app, "Xamarin", name)
	case strings.HasSuffix(base, ".kt") || strings.HasSuffix(base, ".java"):
		data, err := tree.ReadFile(p, maxSourceFile)
		if err != nil {
			return fmt.Errorf("failed to read source: %w", err)
		}
		scanCode(app, name, data)
	case strings.HasSuffix(base, ".xml") && strings.HasPrefix(filepath.Base(filepath.Dir(p)), "values"):
		data, err := tree.ReadFile(p, maxSourceFile)
		if err != nil {
			return fmt.Errorf("failed to read resource: %w", err)
		}
		scanValues(app, name, data)
	}
	return nil
}

// scanValues adds hosts named by <string> resources of a values*/ file.
func scanValues(app *audit.App, name string, data []byte) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	inString := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inString = t.Name.Local == "string" || t.Name.Local == "item"
		case xml.EndElement:
			inString = false
		case xml.CharData:
			if inString {
				line, _ := dec.InputPos()
				addHosts(app, strings.TrimSpace(string(t)), audit.SourceResource, audit.Location{File: name, Line: line})
			}
		}
	}
}
