package apk

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/android/resbin"
	"github.com/pinkit/pinkit/internal/arsc"
	"github.com/pinkit/pinkit/internal/axml"
	"github.com/pinkit/pinkit/internal/dex"
	"github.com/pinkit/pinkit/internal/zipx"
	"github.com/pinkit/pinkit/nsc"
)

// dexName matches the DEX files Android loads: classes.dex, classes2.dex, …
var dexName = regexp.MustCompile(`^classes\d*\.dex$`)

// loadAPK loads a built APK.
func loadAPK(path string, lim zipx.Limits) (*audit.App, error) {
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
	for _, f := range z.Files() {
		if fw := frameworkOf(f.Name()); fw != "" {
			addFramework(app, fw, f.Name())
		}
		if dexName.MatchString(f.Name()) {
			if err := scanDex(app, f); err != nil {
				return nil, fmt.Errorf("failed to read %s: %w", path, err)
			}
		}
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

// scanDex reads one DEX file: its string table (streamed by internal/dex)
// for URLs, host names, OkHttp pins and allow-all verifiers, and its
// bytecode for the class that loads each string and the host pattern each
// CertificatePinner pin follows.
func scanDex(app *audit.App, f *zipx.File) error {
	data, err := f.ReadAll()
	if err != nil {
		return err
	}
	code, _ := scanDexCode(data) // best effort: locations and patterns only
	names := map[uint32]bool{}   // descriptor string indices of classes
	for _, si := range code.classType {
		names[si] = true
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
	d := dexStrings{app: app, file: f.Name(), code: code, kept: kept}
	d.emit()
	relabelTrustManagerPins(app, f.Name(), analyzeTLS(app, f.Name(), data))
	return nil
}

// dexStrings turns the kept strings of one DEX into App entries.
type dexStrings struct {
	app  *audit.App
	file string
	code *dexCode
	kept map[uint32]string
}

// class returns the descriptor of the class that first loads string i.
func (d *dexStrings) class(i uint32) string {
	t, ok := d.code.firstClass(i)
	if !ok {
		return ""
	}
	return d.kept[d.code.classType[t]]
}

func (d *dexStrings) emit() {
	pinned := d.pairPins()
	ids := make([]uint32, 0, len(d.kept))
	for i := range d.kept {
		ids = append(ids, i)
	}
	slices.Sort(ids)
	for _, i := range ids {
		s := d.kept[i]
		loc := audit.Location{File: d.file, Symbol: d.class(i)}
		switch {
		case isCodePin(s):
			if !pinned[i] {
				addCodePin(d.app, "", s, loc)
			}
		case allowAllVerifier(s) != "":
			loc.Symbol = strings.TrimSpace(loc.Symbol + " " + allowAllVerifier(s))
			d.app.HostnameVerifierAllowAll = append(d.app.HostnameVerifierAllowAll, loc)
		default:
			addHosts(d.app, s, audit.SourceCode, loc)
		}
	}
}

// pairPins attaches each pin to the host pattern loaded before it in the
// same method (javac and kotlinc evaluate add(pattern, pins...) left to
// right) and returns the string indices of the pins it attached. A method
// whose order is ambiguous — a pin before any pattern, or a pattern with no
// pin before the next one, as when an optimizer hoists all constants — is
// left alone: its pins keep no pattern rather than a wrong one.
func (d *dexStrings) pairPins() map[uint32]bool {
	done := map[uint32]bool{}
	for _, m := range d.code.methods {
		pairs, ok := d.methodPairs(m.strings)
		if !ok {
			continue
		}
		loc := audit.Location{File: d.file, Symbol: d.kept[d.code.classType[m.class]]}
		for _, p := range pairs {
			done[p.pin] = true
			addCodePin(d.app, p.pattern, d.kept[p.pin], loc)
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
		s, kept := d.kept[i]
		switch {
		case !kept:
		case isCodePin(s):
			if pattern == "" {
				return nil, false
			}
			pairs = append(pairs, pinPair{pattern, i})
			pinsSince++
		case isPinPattern(s):
			if pattern != "" && pinsSince == 0 {
				return nil, false
			}
			pattern, pinsSince = s, 0
		}
	}
	if pattern != "" && pinsSince == 0 && len(pairs) > 0 {
		return nil, false // a trailing pattern without pins: constants were reordered
	}
	return pairs, true
}
