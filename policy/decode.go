package policy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// field decodes the value of one known key.
type field func(value *yaml.Node, path string)

// mapping walks a mapping node: every key must be in fields, none twice,
// none an alias. Values of unknown keys are never descended into.
func (l *loader) mapping(n *yaml.Node, path string, fields map[string]field) bool {
	if n.Kind != yaml.MappingNode {
		l.errorf(n.Line, path, "is %s, want a mapping", describe(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := join(path, k.Value)
		l.lines[kp] = k.Line
		switch {
		case k.Kind != yaml.ScalarNode:
			l.errorf(k.Line, path, "keys must be strings")
		case seen[k.Value]:
			l.errorf(k.Line, kp, "is given twice")
		case fields[k.Value] == nil:
			l.errorf(k.Line, kp, "unknown field (known: %s)", known(fields))
		case v.Kind == yaml.AliasNode:
			l.errorf(v.Line, kp, "YAML aliases are not supported")
		default:
			seen[k.Value] = true
			fields[k.Value](v, kp)
		}
	}
	return true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func known(fields map[string]field) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// describe names a node's kind for errors.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("%q", n.Value)
}

// str decodes a string scalar (numbers and dates are read as written).
func (l *loader) str(dst *string, line *int) field {
	return func(v *yaml.Node, path string) {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			l.errorf(v.Line, path, "is %s, want a string", describe(v))
			return
		}
		*dst = v.Value
		if line != nil {
			*line = v.Line
		}
	}
}

// boolean decodes true or false.
func (l *loader) boolean(dst *bool) field {
	return func(v *yaml.Node, path string) {
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			l.errorf(v.Line, path, "is %s, want true or false", describe(v))
			return
		}
		*dst = v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
	}
}

// list walks a sequence of at most limit items.
func (l *loader) list(v *yaml.Node, path string, limit int, item func(*yaml.Node, string)) {
	if v.Kind != yaml.SequenceNode {
		l.errorf(v.Line, path, "is %s, want a list", describe(v))
		return
	}
	if len(v.Content) > limit {
		l.errorf(v.Line, path, "has %d entries, limit %d", len(v.Content), limit)
		return
	}
	for i, it := range v.Content {
		p := path + "[" + strconv.Itoa(i) + "]"
		if it.Kind == yaml.AliasNode {
			l.errorf(it.Line, p, "YAML aliases are not supported")
			continue
		}
		item(it, p)
	}
}

// file decodes the document root.
func (l *loader) file(f *File, n *yaml.Node) {
	haveVersion, haveDomains := false, false
	ok := l.mapping(n, "", map[string]field{
		"version": func(v *yaml.Node, path string) {
			haveVersion = true
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
				l.errorf(v.Line, path, "is %s, want 1", describe(v))
				return
			}
			f.Version, _ = strconv.Atoi(v.Value)
			if f.Version != Version {
				l.errorf(v.Line, path, "%s is not supported, want %d", v.Value, Version)
			}
		},
		"app":        l.str(&f.App, nil),
		"expires":    l.str(&f.Expires, nil),
		"mode":       l.str(&f.Mode, nil),
		"report-uri": l.str(&f.ReportURI, nil),
		"domains": func(v *yaml.Node, path string) {
			haveDomains = true
			f.Line = v.Line
			l.list(v, path, maxDomains, func(it *yaml.Node, p string) {
				d := Domain{Line: it.Line}
				l.domain(&d, it, p)
				f.Domains = append(f.Domains, d)
			})
		},
		"platforms": func(v *yaml.Node, path string) { f.Platforms = l.overrides(v, path) },
	})
	if !ok {
		return
	}
	if !haveVersion {
		l.errorf(n.Line, "version", "is missing: write version: 1")
	}
	if !haveDomains {
		l.errorf(n.Line, "domains", "is missing")
	}
}

// targetKeys maps every target to a decoder built by mk.
func targetKeys(mk func(target string) field) map[string]field {
	m := map[string]field{}
	for _, t := range Targets {
		m[t] = mk(t)
	}
	return m
}

func (l *loader) overrides(n *yaml.Node, path string) map[string]Override {
	out := map[string]Override{}
	l.mapping(n, path, targetKeys(func(t string) field {
		return func(v *yaml.Node, p string) {
			o := Override{Line: v.Line}
			l.mapping(v, p, map[string]field{
				"expires":    l.str(&o.Expires, nil),
				"mode":       l.str(&o.Mode, nil),
				"report-uri": l.str(&o.ReportURI, nil),
			})
			out[t] = o
		}
	}))
	return out
}

func (l *loader) domain(d *Domain, n *yaml.Node, path string) {
	haveName, havePins := false, false
	ok := l.mapping(n, path, map[string]field{
		"name":               func(v *yaml.Node, p string) { haveName = true; l.str(&d.Name, nil)(v, p) },
		"include-subdomains": l.boolean(&d.IncludeSubdomains),
		"pins": func(v *yaml.Node, p string) {
			havePins = true
			l.list(v, p, maxPins, func(it *yaml.Node, ip string) {
				pn := Pin{Line: it.Line}
				l.pin(&pn, it, ip)
				d.Pins = append(d.Pins, pn)
			})
		},
		"platforms": func(v *yaml.Node, p string) {
			d.Platforms = map[string]DomainOverride{}
			l.mapping(v, p, targetKeys(func(t string) field {
				return func(v *yaml.Node, p string) {
					o := DomainOverride{Line: v.Line}
					l.mapping(v, p, map[string]field{"skip": l.boolean(&o.Skip)})
					d.Platforms[t] = o
				}
			}))
		},
	})
	if ok && !haveName {
		l.errorf(n.Line, join(path, "name"), "is missing")
	}
	if ok && !havePins {
		l.errorf(n.Line, join(path, "pins"), "is missing")
	}
}

func (l *loader) pin(pn *Pin, n *yaml.Node, path string) {
	l.mapping(n, path, map[string]field{
		"label": l.str(&pn.Label, nil),
		"spki":  l.str(&pn.SPKI, nil),
		"cert":  l.str(&pn.Cert, nil),
		"key":   l.str(&pn.Key, nil),
		"role":  l.str(&pn.Role, nil),
		"kind":  l.str(&pn.Kind, nil),
	})
}
