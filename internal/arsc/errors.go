package arsc

import (
	"errors"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// ErrNotFound is wrapped by errors for a resource ID or name the table lacks.
var ErrNotFound = errors.New("resource not found")

// formatErr and limitErr return *resbin.Error values labelled "arsc".
func formatErr(off int, format string, args ...any) error {
	e := resbin.FormatError(int64(off), format, args...)
	e.Format = "arsc"
	return e
}

func limitErr(off int, format string, args ...any) error {
	e := resbin.LimitError(int64(off), format, args...)
	e.Format = "arsc"
	return e
}
