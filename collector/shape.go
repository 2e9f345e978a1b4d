package collector

import (
	"bytes"
	"encoding/json"
)

// checkShape scans the JSON once before decoding: the document must be one
// object, nested at most MaxDepth deep, with at most MaxKeys keys and no
// key given twice (encoding/json would silently keep the last). It does
// not validate the rest of the syntax; the decoder that runs next does.
func checkShape(data []byte) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		if i < len(data) && data[i] == '[' {
			return fieldErr("", "not a JSON object")
		}
		return fieldErr("", "not JSON: want an object")
	}
	s := shapeScanner{data: data, seen: map[string]bool{}}
	return s.scan()
}

type shapeScanner struct {
	data []byte
	seen map[string]bool
	key  string // current top-level key
}

func (s *shapeScanner) scan() error {
	depth := 0
	expectKey := false
	for i := 0; i < len(s.data); i++ {
		switch c := s.data[i]; c {
		case '"':
			end, err := s.stringEnd(i)
			if err != nil {
				return err
			}
			if depth == 1 && expectKey {
				if err := s.addKey(s.data[i : end+1]); err != nil {
					return err
				}
				expectKey = false
			}
			i = end
		case '{', '[':
			depth++
			if depth >= MaxDepth {
				return fieldErr(s.key, "nested deeper than %d levels", MaxDepth)
			}
			expectKey = depth == 1
		case '}', ']':
			depth--
		case ',':
			expectKey = depth == 1
		}
	}
	return nil
}

// stringEnd returns the index of the quote closing the string at i.
func (s *shapeScanner) stringEnd(i int) (int, error) {
	for j := i + 1; j < len(s.data); j++ {
		switch s.data[j] {
		case '\\':
			j++
		case '"':
			return j, nil
		}
	}
	return 0, fieldErr(s.key, "not JSON: unterminated string")
}

func (s *shapeScanner) addKey(quoted []byte) error {
	key := string(quoted[1 : len(quoted)-1])
	if bytes.IndexByte(quoted, '\\') >= 0 {
		if err := json.Unmarshal(quoted, &key); err != nil {
			return fieldErr("", "not JSON: bad key %s", quoted)
		}
	}
	if s.seen[key] {
		return fieldErr(key, "given twice")
	}
	if len(s.seen) >= MaxKeys {
		return fieldErr("", "more than %d keys", MaxKeys)
	}
	s.seen[key] = true
	s.key = key
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
