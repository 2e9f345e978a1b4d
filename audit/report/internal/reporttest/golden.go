package reporttest

import (
	"os"
	"testing"
)

// Golden compares got with the golden file at path, rewriting the file
// first when update is set (the writers' -update flag).
func Golden(t *testing.T, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (run with -update):\n%s", path, got)
	}
}
