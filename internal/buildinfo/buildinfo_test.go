package buildinfo

import "testing"

func TestVersion(t *testing.T) {
	t.Log(Version())
	if v := Version(); v == "" {
		t.Fatal("empty version")
	}
	old := version
	t.Cleanup(func() { version = old })
	version = "v9.9.9"
	if v := Version(); v != "v9.9.9" {
		t.Errorf("Version() = %q with the linker's value set", v)
	}
}
