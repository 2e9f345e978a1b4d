package axml

import "github.com/pinkit/pinkit/internal/android/resbin"

// formatErr and limitErr return *resbin.Error values labelled "axml".
func formatErr(off int, format string, args ...any) error {
	e := resbin.FormatError(int64(off), format, args...)
	e.Format = "axml"
	return e
}

func limitErr(off int, format string, args ...any) error {
	e := resbin.LimitError(int64(off), format, args...)
	e.Format = "axml"
	return e
}
