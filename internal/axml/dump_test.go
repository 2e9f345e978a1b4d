package axml

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// dump writes doc in the format of `aapt2 dump xmltree`, so that the
// cross-check tests can compare the decoder with aapt2 line by line.
func dump(w io.Writer, doc *Document) error {
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
		if a.Type == resbin.TypeString || (a.Type == resbin.TypeNull && a.Data != 1) {
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
