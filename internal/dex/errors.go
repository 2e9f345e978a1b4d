package dex

import (
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error caused by a malformed DEX file.
var ErrFormat = errors.New("malformed DEX file")

// ErrLimit is wrapped by errors that report a DEX file exceeding a [Limits] cap.
var ErrLimit = errors.New("DEX limit exceeded")

// Error describes what is wrong with a DEX file and where.
type Error struct {
	File   string // name given to Open or Read, e.g. "classes2.dex"
	Offset int64  // byte offset of the offending structure
	What   string // what is wrong, e.g. "string 7: invalid MUTF-8 byte 0xf0"
	Err    error  // ErrFormat, ErrLimit or an I/O error
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (at offset %#x): %v", e.File, e.What, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
