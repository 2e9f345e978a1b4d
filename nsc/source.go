package nsc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits on source XML, far above any real config.
const (
	maxSourceSize = 4 << 20 // bytes
	maxDepth      = 64      // element nesting
	maxNodes      = 100000  // elements in one file
)

// Parse parses a network security config from source XML. filename names the
// file in problems and errors. Malformed XML returns an error; a well-formed
// file the platform would reject returns a *Config whose Problems say why.
func Parse(filename string, data []byte) (*Config, error) {
	root, err := ParseNode(filename, data)
	if err != nil {
		return nil, err
	}
	return FromNode(filename, root)
}

// ParseNode parses source XML into a [Node] tree, recording the line of
// every start tag.
func ParseNode(filename string, data []byte) (*Node, error) {
	if len(data) > maxSourceSize {
		return nil, fmt.Errorf("failed to parse %s: %d bytes exceeds the %d byte limit", filename, len(data), maxSourceSize)
	}
	p := sourceParser{data: data, dec: xml.NewDecoder(bytes.NewReader(data)), line: 1}
	p.dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return r, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	root, err := p.parse()
	if err != nil {
		return nil, fmt.Errorf("failed to parse %s: line %d: %w", filename, p.line, err)
	}
	return root, nil
}

type sourceParser struct {
	data  []byte
	dec   *xml.Decoder
	off   int // bytes of data already counted into line
	line  int
	nodes int
}

// lineAt advances the line counter to byte offset off.
func (p *sourceParser) lineAt(off int64) int {
	end := min(int(off), len(p.data))
	if end > p.off {
		p.line += bytes.Count(p.data[p.off:end], []byte{'\n'})
		p.off = end
	}
	return p.line
}

func (p *sourceParser) parse() (*Node, error) {
	var root *Node
	var stack []*Node
	var text [][]byte
	for {
		line := p.lineAt(p.dec.InputOffset())
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, errors.New("more than one root element")
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("elements nested deeper than %d", maxDepth)
			}
			if p.nodes++; p.nodes > maxNodes {
				return nil, fmt.Errorf("more than %d elements", maxNodes)
			}
			n := &Node{Name: t.Name.Local, Line: line}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				n.Attrs = append(n.Attrs, Attr{Space: a.Name.Space, Name: a.Name.Local, Value: a.Value})
			}
			if len(stack) == 0 {
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			}
			stack = append(stack, n)
			text = append(text, nil)
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.Text = strings.TrimSpace(string(text[len(text)-1]))
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		case xml.CharData:
			if len(text) > 0 {
				text[len(text)-1] = append(text[len(text)-1], t...)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}
