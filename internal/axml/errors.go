package axml

import (
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error caused by malformed binary XML.
var ErrFormat = errors.New("malformed binary XML")

// ErrLimit is wrapped by errors that report a document exceeding a [Limits] cap.
var ErrLimit = errors.New("binary XML limit exceeded")

// Error describes what is wrong with a binary XML document and where.
type Error struct {
	Offset int    // byte offset of the offending structure
	What   string // what is wrong, e.g. "string pool: string 3 offset out of bounds"
	Err    error  // ErrFormat or ErrLimit
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("axml: %s (at offset %#x)", e.What, e.Offset)
}

// Unwrap returns ErrFormat or ErrLimit.
func (e *Error) Unwrap() error { return e.Err }

func formatErr(off int, format string, args ...any) error {
	return &Error{Offset: off, What: fmt.Sprintf(format, args...), Err: ErrFormat}
}

func limitErr(off int, format string, args ...any) error {
	return &Error{Offset: off, What: fmt.Sprintf(format, args...), Err: ErrLimit}
}
