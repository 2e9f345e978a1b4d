//go:build !(linux || darwin)

package bigbuf

import "errors"

func mapAnon(int) ([]byte, error) { return nil, errors.New("bigbuf: no anonymous mappings here") }

func release([]byte) {}
