package ipa

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func collect(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	err = MachOStrings(path, bytes.NewReader(data), int64(len(data)), MachOLimits{}, func(sec, s string) error {
		got[sec] = append(got[sec], s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestMachOStringsSections(t *testing.T) {
	for _, f := range []string{"testdata/strings-arm64.o", "testdata/strings-fat.o"} {
		t.Run(filepath.Base(f), func(t *testing.T) {
			got := collect(t, f)
			want := map[string]string{
				"__cstring":        "https://api.example.com/v1/login",
				"__ustring":        "https://cdn.example.com",
				"__swift5_reflstr": "PublicKeysTrustEvaluator",
			}
			for sec, s := range want {
				if !slices.Contains(got[sec], s) {
					t.Errorf("%s: %q not found in %q", sec, s, got[sec])
				}
			}
			if strings.HasSuffix(f, "fat.o") && len(got["__cstring"]) != 8 {
				t.Errorf("fat binary: want both slices' 4 strings, got %q", got["__cstring"])
			}
		})
	}
}

func TestMachOStringsGoDarwinBinary(t *testing.T) {
	t.Parallel()
	exe := filepath.Join(t.TempDir(), "app")
	if err := os.WriteFile(exe, darwinBinary(t), 0o755); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, list := range collect(t, exe) {
		for _, s := range list {
			found = found || strings.Contains(s, "https://go.example.com/api")
		}
	}
	if !found {
		t.Fatal("URL of a real darwin/arm64 Go binary not found")
	}
}

func TestMachOStringsBadInput(t *testing.T) {
	good, err := os.ReadFile("testdata/strings-arm64.o")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("definitely not a Mach-O file"),
		"truncated": good[:100],
		"fat-trunc": {0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2, 0},
	}
	for name, data := range cases {
		err := MachOStrings("App", bytes.NewReader(data), int64(len(data)), MachOLimits{}, func(string, string) error { return nil })
		if err == nil || !strings.HasPrefix(err.Error(), "App: ") {
			t.Errorf("%s: error = %v, want one naming the file", name, err)
		}
	}
	err = MachOStrings("App", bytes.NewReader(good), int64(len(good)), MachOLimits{MaxSection: 8}, func(string, string) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("section limit not enforced: %v", err)
	}
}

func FuzzMachOStrings(f *testing.F) {
	for _, p := range []string{"testdata/strings-arm64.o", "testdata/strings-fat.o"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = MachOStrings("fuzz", bytes.NewReader(data), int64(len(data)), MachOLimits{MaxSection: 1 << 20}, func(_, s string) error {
			if len(s) > 4096 {
				t.Fatalf("string of %d bytes exceeds MaxString", len(s))
			}
			return nil
		})
	})
}
