package model

import "testing"

func TestNameAndLocation(t *testing.T) {
	t.Parallel()
	if (&App{Path: "p"}).Name() != "p" || (&App{PackageName: "x", Path: "p"}).Name() != "x" {
		t.Error("Name()")
	}
	if (Location{File: "f", Line: 3, Symbol: "S"}).String() != "f:3 (S)" {
		t.Error("Location.String")
	}
}
