package apk

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/android/resbin"
	"github.com/pinkit/pinkit/internal/arsc"
	"github.com/pinkit/pinkit/internal/axml"
	"github.com/pinkit/pinkit/internal/zipx"
	"github.com/pinkit/pinkit/nsc"
)

// dexName matches the DEX files Android loads: classes.dex, classes2.dex, …
var dexName = regexp.MustCompile(`^classes\d*\.dex$`)

// loadAPK loads a built APK, scanning its DEX files in parallel.
func loadAPK(path string, lim zipx.Limits) (*audit.App, error) {
	return loadAPKWith(path, lim, func(app *audit.App, files []*zipx.File) error {
		return scanDexFiles(app, files, runtime.GOMAXPROCS(0))
	})
}

// loadAPKWith loads a built APK with scanDex reading its DEX files.
func loadAPKWith(path string, lim zipx.Limits, scanDex func(*audit.App, []*zipx.File) error) (*audit.App, error) {
	z, err := zipx.Open(path, lim)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	app := newApp(path)
	nscRef, err := readManifest(app, z, path)
	if err != nil {
		return nil, err
	}
	table := readTable(app, z)
	if nscRef != 0 {
		loadNSC(app, z, table, nscRef)
	}
	if table != nil {
		err := table.Strings(func(id uint32, s string) error {
			name, _ := table.Name(id)
			addHosts(app, s, audit.SourceResource, audit.Location{File: "resources.arsc", Symbol: name})
			return nil
		})
		if err != nil {
			app.LoadProblems = append(app.LoadProblems, audit.Problem{
				Location: audit.Location{File: "resources.arsc"}, Message: err.Error()})
		}
	}
	var dexFiles []*zipx.File
	for _, f := range z.Files() {
		if fw := frameworkOf(f.Name()); fw != "" {
			addFramework(app, fw, f.Name())
		}
		if dexName.MatchString(f.Name()) {
			dexFiles = append(dexFiles, f)
		}
	}
	if err := scanDex(app, dexFiles); err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", path, err)
	}
	return app, nil
}

// readManifest fills app from AndroidManifest.xml and returns the
// networkSecurityConfig resource ID (0 when unset).
func readManifest(app *audit.App, z *zipx.Reader, path string) (uint32, error) {
	f, ok := z.Find("AndroidManifest.xml")
	if !ok {
		return 0, fmt.Errorf("failed to read %s: not an APK: no AndroidManifest.xml", path)
	}
	data, err := f.ReadAll()
	if err != nil {
		return 0, fmt.Errorf("failed to read %s: %w", path, err)
	}
	doc, err := axml.Decode(data)
	if err != nil {
		return 0, fmt.Errorf("failed to read %s: AndroidManifest.xml: %w", path, err)
	}
	root := doc.Root
	if root == nil || root.Name != "manifest" {
		return 0, fmt.Errorf("failed to read %s: AndroidManifest.xml: root element is not <manifest>", path)
	}
	for _, a := range root.Attrs {
		if a.Name == "package" && a.ResID == 0 {
			app.PackageName = a.Value()
		}
	}
	app.ID = app.PackageName
	if a, ok := root.Attr(axml.AttrVersionName); ok {
		app.Version = a.Value()
	}
	var ref uint32
	for _, c := range root.Children {
		switch c.Name {
		case "uses-sdk":
			app.MinSDK = intAttr(c, axml.AttrMinSdkVersion)
			app.TargetSDK = intAttr(c, axml.AttrTargetSdkVersion)
		case "application":
			app.Debuggable = boolAttr(c, axml.AttrDebuggable) == "true"
			if v := boolAttr(c, axml.AttrUsesCleartextTraffic); v != "" {
				b := v == "true"
				app.UsesCleartext = &b
			}
			if a, ok := c.Attr(axml.AttrNetworkSecurityConfig); ok {
				ref = refID(a)
				if ref == 0 {
					app.LoadProblems = append(app.LoadProblems, audit.Problem{
						Location: audit.Location{File: "AndroidManifest.xml", Line: c.Line},
						Message:  fmt.Sprintf("android:networkSecurityConfig is %q, not a resource reference", a.Value()),
					})
				}
			}
		}
	}
	defaultSDKs(app)
	return ref, nil
}

func intAttr(e *axml.Element, id uint32) int {
	a, ok := e.Attr(id)
	if !ok {
		return 0
	}
	if a.Type == resbin.TypeIntDec || a.Type == resbin.TypeIntHex {
		return int(int32(a.Data))
	}
	n, _ := strconv.Atoi(strings.TrimSpace(a.Value()))
	return n
}

// boolAttr returns "true", "false" or "" (unset or not a boolean).
func boolAttr(e *axml.Element, id uint32) string {
	a, ok := e.Attr(id)
	switch {
	case !ok:
		return ""
	case a.Type == resbin.TypeIntBoolean:
		return strconv.FormatBool(a.Data != 0)
	}
	return strings.TrimSpace(a.Value())
}

func refID(a axml.Attr) uint32 {
	if a.Type == resbin.TypeReference {
		return a.Data
	}
	if v, ok := strings.CutPrefix(a.Value(), "@0x"); ok {
		n, err := strconv.ParseUint(v, 16, 32)
		if err == nil {
			return uint32(n)
		}
	}
	return 0
}

// readTable decodes resources.arsc; problems become LoadProblems.
func readTable(app *audit.App, z *zipx.Reader) *arsc.Table {
	f, ok := z.Find("resources.arsc")
	if !ok {
		return nil
	}
	data, err := f.ReadAll()
	if err == nil {
		var t *arsc.Table
		if t, err = arsc.Decode(data); err == nil {
			return t
		}
	}
	app.LoadProblems = append(app.LoadProblems, audit.Problem{
		Location: audit.Location{File: "resources.arsc"},
		Message:  fmt.Sprintf("failed to read resources.arsc: %v", err),
	})
	return nil
}

// loadNSC follows the networkSecurityConfig reference through the resource
// table to the XML file inside the APK, and for debuggable apps to the
// "<name>_debug" companion resource.
func loadNSC(app *audit.App, z *zipx.Reader, table *arsc.Table, id uint32) {
	cfg, file, err := nscByID(z, table, id)
	if err != nil {
		app.LoadProblems = append(app.LoadProblems, audit.Problem{Location: audit.Location{File: file}, Message: err.Error()})
		return
	}
	app.NSC, app.NSCFile = cfg, file
	if !app.Debuggable {
		return
	}
	name, ok := table.Name(id)
	if !ok {
		return
	}
	typ, entry, _ := strings.Cut(name, "/")
	if did, ok := table.Lookup(typ, entry+"_debug"); ok {
		cfg, file, err := nscByID(z, table, did)
		if err != nil {
			app.LoadProblems = append(app.LoadProblems, audit.Problem{Location: audit.Location{File: file}, Message: err.Error()})
			return
		}
		app.NSCDebug = cfg
	}
}

func nscByID(z *zipx.Reader, table *arsc.Table, id uint32) (*nsc.Config, string, error) {
	if table == nil {
		return nil, "AndroidManifest.xml", fmt.Errorf("android:networkSecurityConfig @0x%08x: no resources.arsc to resolve it", id)
	}
	v, err := table.Resolve(id)
	if err != nil {
		return nil, "resources.arsc", fmt.Errorf("android:networkSecurityConfig @0x%08x: %v", id, err)
	}
	if v.String == "" || !strings.HasPrefix(v.String, "res/") {
		return nil, "resources.arsc", fmt.Errorf("android:networkSecurityConfig @0x%08x is not a file resource", id)
	}
	f, ok := z.Find(v.String)
	if !ok {
		return nil, v.String, fmt.Errorf("network security config %s (@0x%08x) is missing from the APK", v.String, id)
	}
	data, err := f.ReadAll()
	if err != nil {
		return nil, v.String, fmt.Errorf("failed to read network security config %s: %v", v.String, err)
	}
	doc, err := axml.Decode(data)
	if err != nil {
		return nil, v.String, fmt.Errorf("failed to decode network security config %s: %v", v.String, err)
	}
	cfg, err := nsc.FromNode(v.String, toNode(doc.Root))
	if err != nil {
		return nil, v.String, err
	}
	return cfg, v.String, nil
}

// toNode converts a decoded binary XML element tree into the format-neutral
// tree nsc reads.
func toNode(e *axml.Element) *nsc.Node {
	if e == nil {
		return nil
	}
	n := &nsc.Node{Name: e.Name, Line: e.Line, Text: strings.TrimSpace(e.Text)}
	for _, a := range e.Attrs {
		n.Attrs = append(n.Attrs, nsc.Attr{Space: a.NS, Name: a.Name, Value: a.Value()})
	}
	for _, c := range e.Children {
		n.Children = append(n.Children, toNode(c))
	}
	return n
}
