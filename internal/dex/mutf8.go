package dex

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// decodeMUTF8 decodes the MUTF-8 string_data bytes in b (which must include
// the terminating NUL) holding units UTF-16 code units, with the rules of
// ART's verifier (see resbin.DecodeMUTF8). Unpaired surrogates, legal in
// Java strings but not in Go strings, become one U+FFFD each.
func decodeMUTF8(b []byte, units int) (string, error) {
	nul := bytes.IndexByte(b, 0)
	if nul < 0 {
		return "", errors.New("string data has no terminating NUL")
	}
	s, n, err := resbin.DecodeMUTF8(b[:nul], resbin.DEX)
	if err != nil {
		return "", err
	}
	if n != units {
		return "", fmt.Errorf("string data holds %d UTF-16 units, its length prefix says %d", n, units)
	}
	return s, nil
}
