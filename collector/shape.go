package collector

import (
	"bytes"
	"encoding/json"
	"io"
)

// checkShape walks the JSON tokens once before decoding: the document must
// be one object, nested at most MaxDepth deep, with at most MaxKeys keys
// and no key given twice (encoding/json would silently keep the last).
func checkShape(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fieldErr("", "not JSON: %v", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fieldErr("", "not a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fieldErr("", "not JSON: %v", err)
		}
		key, _ := tok.(string)
		if seen[key] {
			return fieldErr(key, "given twice")
		}
		if len(seen) >= MaxKeys {
			return fieldErr("", "more than %d keys", MaxKeys)
		}
		seen[key] = true
		if err := skipValue(dec, key, 2); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil && err != io.EOF {
		return fieldErr("", "not JSON: %v", err)
	}
	return nil
}

// skipValue consumes one value at the given depth, failing beyond MaxDepth.
func skipValue(dec *json.Decoder, key string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return fieldErr(key, "not JSON: %v", err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	if depth >= MaxDepth {
		return fieldErr(key, "nested deeper than %d levels", MaxDepth)
	}
	for dec.More() {
		if d == '{' {
			if _, err := dec.Token(); err != nil {
				return fieldErr(key, "not JSON: %v", err)
			}
		}
		if err := skipValue(dec, key, depth+1); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fieldErr(key, "not JSON: %v", err)
	}
	return nil
}
