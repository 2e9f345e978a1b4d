package apk

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const fixtureDir = "../../../testdata/apk"

// TestFixturesUpToDate checks that every committed APK was built from the
// committed sources by testdata/apk/build.sh: SOURCES.sha256 records, per
// case, the hash of src/<case>/ plus build.sh and the hash of the APK.
// After editing a fixture source, run testdata/apk/build.sh.
func TestFixturesUpToDate(t *testing.T) {
	t.Parallel()
	recorded := readSourcesFile(t)
	cases, err := os.ReadDir(filepath.Join(fixtureDir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join(fixtureDir, "build.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		rec, ok := recorded[c.Name()]
		if !ok {
			t.Errorf("%s: not in SOURCES.sha256; run testdata/apk/build.sh", c.Name())
			continue
		}
		if got := sourceHash(t, filepath.Join(fixtureDir, "src", c.Name()), script); got != rec[0] {
			t.Errorf("%s: sources changed since the APK was built; run testdata/apk/build.sh", c.Name())
		}
		if got := fileHash(t, filepath.Join(fixtureDir, c.Name()+".apk")); got != rec[1] {
			t.Errorf("%s.apk: differs from the one build.sh wrote; run testdata/apk/build.sh", c.Name())
		}
		delete(recorded, c.Name())
	}
	for name := range recorded {
		t.Errorf("SOURCES.sha256 lists %s but src/%s is missing", name, name)
	}
}

// readSourcesFile parses SOURCES.sha256 into case -> [sources hash, apk hash].
func readSourcesFile(t *testing.T) map[string][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, "SOURCES.sha256"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][2]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			t.Fatalf("SOURCES.sha256: bad line %q", sc.Text())
		}
		out[fields[2]] = [2]string{fields[0], fields[1]}
	}
	return out
}

// sourceHash reproduces build.sh's srchash: sha256 over the sha256sum
// listing of "find . -type f | sort" in the case directory followed by
// the script's own sha256sum line ("<hex>  -").
func sourceHash(t *testing.T, dir string, script []byte) string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, "./"+filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s  %s\n", fileHash(t, filepath.Join(dir, f)), f)
	}
	sum := sha256.Sum256(script)
	fmt.Fprintf(h, "%s  -\n", hex.EncodeToString(sum[:]))
	return hex.EncodeToString(h.Sum(nil))
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
