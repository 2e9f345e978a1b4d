// Package sariflog writes SARIF logs built with go-sarif in the compact
// form code-scanning services expect: go-sarif serialises every optional
// array as [] and every absent index as -1, which SARIF readers take as
// "present and empty" or as an index that points nowhere. Write drops
// them, keeping the order of the remaining properties.
package sariflog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// keep are properties kept even when empty: a run's results ([] means
// "ran and found nothing", which is not the same as absent) and the runs.
var keep = map[string]bool{"results": true, "runs": true}

// Write writes report to w as indented JSON with empty arrays and objects,
// nulls and -1 values removed (except the keep properties).
func Write(w io.Writer, report *sarif.Report) error {
	raw, err := json.Marshal(report)
	if err != nil {
		return fmt.Errorf("failed to encode SARIF log: %w", err)
	}
	compact, err := Prune(raw)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact, "", "  "); err != nil {
		return fmt.Errorf("failed to indent SARIF log: %w", err)
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// Prune returns the JSON document doc without empty arrays, empty objects,
// nulls and -1 numbers as property values, in the original order.
func Prune(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	v, err := decode(dec, 0)
	if err != nil {
		return nil, fmt.Errorf("failed to prune SARIF log: %w", err)
	}
	var b bytes.Buffer
	if err := encode(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// maxDepth bounds the nesting Prune accepts; go-sarif's logs are a dozen
// levels deep.
const maxDepth = 64

type member struct {
	key string
	val any
}

type object []member

// decode reads one value; objects become ordered member lists.
func decode(dec *json.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj := object{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decode(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if key := k.(string); keep[key] || !empty(v) {
				obj = append(obj, member{key, v})
			}
		}
		_, err = dec.Token()
		return obj, err
	case json.Delim('['):
		arr := []any{}
		for dec.More() {
			v, err := decode(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err = dec.Token()
		return arr, err
	}
	return tok, nil
}

// empty reports whether a property with value v carries nothing.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case object:
		return len(x) == 0
	case []any:
		return len(x) == 0
	case json.Number:
		return x == "-1"
	}
	return false
}

func encode(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case object:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(m.key)
			b.Write(k)
			b.WriteByte(':')
			if err := encode(b, m.val); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encode(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		data, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(data)
	}
	return nil
}
