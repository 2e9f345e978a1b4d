package arsc

import (
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error caused by a malformed resource table.
var ErrFormat = errors.New("malformed resource table")

// ErrLimit is wrapped by errors that report a table exceeding a [Limits] cap.
var ErrLimit = errors.New("resource table limit exceeded")

// ErrNotFound is wrapped by errors for a resource ID or name the table lacks.
var ErrNotFound = errors.New("resource not found")

// Error describes what is wrong with a resource table and where.
// Err is [ErrFormat] or [ErrLimit].
type Error struct {
	Offset int    // byte offset into resources.arsc of the offending structure
	What   string // what is wrong, e.g. "type chunk 0x03: entry 5 offset out of bounds"
	Err    error
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("arsc: %s (at offset %#x)", e.What, e.Offset)
}

// Unwrap returns ErrFormat or ErrLimit.
func (e *Error) Unwrap() error { return e.Err }

func formatErr(off int, format string, args ...any) error {
	return &Error{Offset: off, What: fmt.Sprintf(format, args...), Err: ErrFormat}
}

func limitErr(off int, format string, args ...any) error {
	return &Error{Offset: off, What: fmt.Sprintf(format, args...), Err: ErrLimit}
}
