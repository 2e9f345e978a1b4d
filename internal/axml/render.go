package axml

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Dump writes doc in the format of `aapt2 dump xmltree`, so the two can be
// compared line by line.
func Dump(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	if doc != nil && doc.Root != nil {
		dumpElement(bw, doc.Root, 0)
	}
	return bw.Flush()
}

func dumpElement(w *bufio.Writer, e *Element, depth int) {
	for _, ns := range e.NSDecls {
		fmt.Fprintf(w, "%sN: %s=%s (line=%d)\n", indent(depth), ns.Prefix, ns.URI, ns.Line)
		depth++
	}
	fmt.Fprintf(w, "%sE: %s (line=%d)\n", indent(depth), qualified(e.NS, e.Name), e.Line)
	for _, a := range e.Attrs {
		fmt.Fprintf(w, "%sA: %s", indent(depth+1), qualified(a.NS, a.Name))
		if a.ResID != 0 {
			fmt.Fprintf(w, "(0x%08x)", a.ResID)
		}
		if a.Type == TypeString || (a.Type == TypeNull && a.Data != 1) {
			fmt.Fprintf(w, "=\"%s\"", a.Value())
		} else {
			fmt.Fprintf(w, "=%s", a.Value())
		}
		if a.Raw != "" {
			fmt.Fprintf(w, " (Raw: \"%s\")", a.Raw)
		}
		w.WriteByte('\n')
	}
	for _, n := range e.content {
		if n.elem != nil {
			dumpElement(w, n.elem, depth+2)
		} else {
			fmt.Fprintf(w, "%sT: '%s'\n", indent(depth+2), n.text)
		}
	}
}

func indent(depth int) string { return strings.Repeat("  ", depth) }

func qualified(ns, name string) string {
	if ns == "" {
		return name
	}
	return ns + ":" + name
}

// WriteXML renders doc as indented text XML, with attribute values as
// [Attr.Value] renders them and namespace prefixes from the document's
// declarations. Useful for debugging and for feeding a decoded file to a
// text-XML consumer.
func WriteXML(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
	if doc != nil && doc.Root != nil {
		writeElement(bw, doc.Root, 0, map[string]string{})
	}
	return bw.Flush()
}

func writeElement(w *bufio.Writer, e *Element, depth int, prefixes map[string]string) {
	if len(e.NSDecls) > 0 {
		scoped := make(map[string]string, len(prefixes)+len(e.NSDecls))
		for k, v := range prefixes {
			scoped[k] = v
		}
		for _, ns := range e.NSDecls {
			scoped[ns.URI] = ns.Prefix
		}
		prefixes = scoped
	}
	fmt.Fprintf(w, "%s<%s", indent(depth), xmlName(e.NS, e.Name, prefixes))
	for _, ns := range e.NSDecls {
		fmt.Fprintf(w, " xmlns:%s=\"%s\"", ns.Prefix, escape(ns.URI))
	}
	for _, a := range e.Attrs {
		fmt.Fprintf(w, " %s=\"%s\"", xmlName(a.NS, a.Name, prefixes), escape(a.Value()))
	}
	if len(e.content) == 0 {
		w.WriteString("/>\n")
		return
	}
	if len(e.Children) == 0 {
		fmt.Fprintf(w, ">%s</%s>\n", escape(e.Text), xmlName(e.NS, e.Name, prefixes))
		return
	}
	w.WriteString(">\n")
	for _, n := range e.content {
		if n.elem != nil {
			writeElement(w, n.elem, depth+1, prefixes)
		} else if t := strings.TrimSpace(n.text); t != "" {
			fmt.Fprintf(w, "%s%s\n", indent(depth+1), escape(t))
		}
	}
	fmt.Fprintf(w, "%s</%s>\n", indent(depth), xmlName(e.NS, e.Name, prefixes))
}

func xmlName(ns, name string, prefixes map[string]string) string {
	if name == "" {
		name = "_" // obfuscated (blanked) names still give well-formed XML
	}
	if ns == "" {
		return name
	}
	if p, ok := prefixes[ns]; ok && p != "" {
		return p + ":" + name
	}
	return name
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&apos;")

func escape(s string) string { return xmlEscaper.Replace(s) }
