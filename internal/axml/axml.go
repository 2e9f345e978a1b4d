// Package axml decodes Android binary XML (AndroidManifest.xml and compiled
// res/xml files inside an APK).
//
// Most callers use [Decode] and look attributes up by resource ID with
// [Element.Attr], which is how the platform itself reads android:
// attributes: obfuscators may rename or blank the attribute name strings,
// but the resource map that gives each name its ID cannot change without
// breaking the app. [Attr.Value] renders a typed value the way
// `aapt2 dump xmltree` does.
//
// Chunks, string pools and values are read by internal/android/resbin.
// Every offset is bounds-checked and the decoder enforces [resbin.Limits]
// on strings, chunks, attributes and nesting depth, and caps the character
// data it concatenates at a multiple of the input size; malformed input
// returns a *[resbin.Error] wrapping [resbin.ErrFormat] or
// [resbin.ErrLimit], never a panic.
package axml

import "strings"

// Well-known android: attribute resource IDs.
const (
	AttrDebuggable            = 0x0101000f
	AttrMinSdkVersion         = 0x0101020c
	AttrTargetSdkVersion      = 0x01010270
	AttrVersionCode           = 0x0101021b
	AttrVersionName           = 0x0101021c
	AttrUsesCleartextTraffic  = 0x010104ec
	AttrNetworkSecurityConfig = 0x01010527
)

// Document is a decoded binary XML file.
type Document struct {
	Root *Element // first top-level element; nil for a document without one
}

// Namespace is a namespace declaration (xmlns:Prefix="URI").
type Namespace struct {
	Prefix, URI string
	Line        int
}

// Element is one XML element.
type Element struct {
	NS       string      // namespace URI, usually empty
	Name     string      // local name
	Attrs    []Attr      // attributes in stored order (sorted by resource ID by aapt2)
	Children []*Element  // child elements in document order
	Text     string      // character data directly inside the element, concatenated
	Line     int         // line of the start tag in the source XML
	NSDecls  []Namespace // namespaces declared just before this element
	content  []node      // children and text in document order
	hasText  bool        // content holds text
}

// node is an element or a text run.
type node struct {
	elem *Element
	text string
}

// Attr is one attribute with its typed value.
type Attr struct {
	NS    string // namespace URI ("" for plain attributes such as package)
	Name  string // name from the string pool (may be obfuscated)
	ResID uint32 // resource ID from the resource map, 0 when none
	Raw   string // raw string value, "" when absent
	Type  uint8  // Res_value data type (resbin.Type* constants)
	Data  uint32 // Res_value data
	str   string // the string of a TypeString value
}

// Attr returns the attribute with resource ID id, matched the way the
// platform matches android: attributes (by ID, not by name).
func (e *Element) Attr(id uint32) (Attr, bool) {
	for _, a := range e.Attrs {
		if a.ResID == id && id != 0 {
			return a, true
		}
	}
	return Attr{}, false
}

// AttrByName returns the attribute with namespace URI ns and local name
// name. Use it only for attributes without a resource ID (such as package).
func (e *Element) AttrByName(ns, name string) (Attr, bool) {
	for _, a := range e.Attrs {
		if a.NS == ns && a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// Find returns the direct children named name.
func (e *Element) Find(name string) []*Element {
	var out []*Element
	for _, c := range e.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// TrimmedText returns Text without leading and trailing white space.
func (e *Element) TrimmedText() string { return strings.TrimSpace(e.Text) }
