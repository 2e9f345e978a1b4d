package apk

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/arsc"
)

// fixtureAPKs returns the committed fixture APK paths.
func fixtureAPKs(t *testing.T) []string {
	t.Helper()
	apks, err := filepath.Glob(filepath.Join(fixtureDir, "*.apk"))
	if err != nil || len(apks) == 0 {
		t.Fatalf("no fixture APKs in %s: %v", fixtureDir, err)
	}
	return apks
}

func needAAPT2(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("aapt2")
	if err != nil {
		t.Skip("aapt2 not on PATH (apt-get install aapt)")
	}
	return p
}

var (
	dumpResource = regexp.MustCompile(`^\s+resource 0x([0-9a-f]{8}) (\S+)`)
	dumpValue    = regexp.MustCompile(`^\s+\(([^)]*)\) (.*)$`)
)

// TestResourcesMatchAAPT2 decodes every fixture's resources.arsc with
// internal/arsc and checks each resource `aapt2 dump resources` lists: its
// name and its default value (strings and file paths, including
// path-shortened ones). internal/arsc's TestAapt2Dump compares every
// configuration of the same fixtures, and internal/axml's
// TestCrossCheckProjectAPKs their binary XML files.
func TestResourcesMatchAAPT2(t *testing.T) {
	t.Parallel()
	aapt2 := needAAPT2(t)
	for _, apkPath := range fixtureAPKs(t) {
		name := filepath.Base(apkPath)
		out, err := exec.Command(aapt2, "dump", "resources", apkPath).Output()
		if err != nil {
			t.Errorf("%s: aapt2 dump resources: %v", name, err)
			continue
		}
		tab, err := arsc.Decode(fixtureEntry(t, name, "resources.arsc"))
		if err != nil {
			t.Errorf("%s: arsc.Decode: %v", name, err)
			continue
		}
		checked := checkDump(t, name, tab, out)
		if checked == 0 {
			t.Errorf("%s: no resources compared", name)
		}
	}
}

// checkDump compares tab with aapt2's dump and returns how many resources
// it compared.
func checkDump(t *testing.T, apk string, tab *arsc.Table, dump []byte) int {
	t.Helper()
	var id uint32
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(dump))
	for sc.Scan() {
		line := sc.Text()
		if m := dumpResource.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseUint(m[1], 16, 32)
			id = uint32(v)
			n++
			if got, _ := tab.Name(id); got != m[2] {
				t.Errorf("%s: Name(0x%08x) = %q, aapt2 says %q", apk, id, got, m[2])
			}
			continue
		}
		m := dumpValue.FindStringSubmatch(line)
		if m == nil || id == 0 {
			continue
		}
		if m[1] != "" {
			continue
		}
		checkDefault(t, apk, tab, id, m[2])
	}
	return n
}

func checkDefault(t *testing.T, apk string, tab *arsc.Table, id uint32, want string) {
	t.Helper()
	v, err := tab.Resolve(id)
	if err != nil {
		t.Errorf("%s: Resolve(0x%08x): %v", apk, id, err)
		return
	}
	switch {
	case strings.HasPrefix(want, "(file) "):
		path, _, _ := strings.Cut(strings.TrimPrefix(want, "(file) "), " ")
		if v.String != path {
			t.Errorf("%s: Resolve(0x%08x) = %q, aapt2 says file %q", apk, id, v.String, path)
		}
	case strings.HasPrefix(want, `"`):
		s, err := strconv.Unquote(want)
		if err == nil && v.String != s {
			t.Errorf("%s: Resolve(0x%08x) = %q, aapt2 says %q", apk, id, v.String, s)
		}
	}
}

// TestSparseFixtureIsSparse guards the fixture itself: aapt2 optimize
// --enable-sparse-encoding must have produced a FLAG_SPARSE type chunk (the
// values-fr strings), or the sparse path is not being exercised.
func TestSparseFixtureIsSparse(t *testing.T) {
	t.Parallel()
	d := fixtureEntry(t, "sparse.apk", "resources.arsc")
	le := binary.LittleEndian
	var walk func(b []byte) int
	walk = func(b []byte) int { // returns the number of sparse type chunks
		n := 0
		for off := 0; off+8 <= len(b); {
			typ, hdr, size := le.Uint16(b[off:]), int(le.Uint16(b[off+2:])), int(le.Uint32(b[off+4:]))
			if size < 8 || off+size > len(b) || hdr > size {
				t.Fatalf("bad chunk at %d", off)
			}
			switch typ {
			case 0x0002, 0x0200: // table, package: recurse into children
				n += walk(b[off+hdr : off+size])
			case 0x0201: // RES_TABLE_TYPE_TYPE: flags at byte 9
				if b[off+9]&0x01 != 0 {
					n++
				}
			}
			off += size
		}
		return n
	}
	if n := walk(d); n == 0 {
		t.Error("sparse.apk has no FLAG_SPARSE type chunk; check testdata/apk/build.sh")
	}
}
