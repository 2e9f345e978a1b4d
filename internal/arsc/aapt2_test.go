package arsc

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

const frameworkRes = "/usr/share/android-framework-res/framework-res.apk"

func requireAapt2(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("aapt2"); err != nil {
		t.Skip("aapt2 not on PATH (apt-get install aapt)")
	}
	if _, err := os.Stat(frameworkRes); err != nil {
		t.Skip("android-framework-res not installed")
	}
}

// TestBuildFixtures rebuilds the fixtures with testdata/build.sh in a temp
// dir, checks they match the committed ones byte for byte (aapt2 output is
// deterministic), and checks the fresh builds like the committed ones.
func TestBuildFixtures(t *testing.T) {
	requireAapt2(t)
	t.Parallel()
	dir := t.TempDir()
	out, err := exec.Command("sh", "testdata/build.sh", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("build.sh: %v\n%s", err, out)
	}
	for _, name := range []string{"plain.apk", "sparse.apk", "short.apk", "short.map"} {
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("testdata/%s is stale: run testdata/build.sh", name)
		}
		if strings.HasSuffix(name, ".apk") {
			checkFixtureTable(t, decodeFixture(t, filepath.Join(dir, name)))
			crossCheck(t, filepath.Join(dir, name))
		}
	}
}

// TestAapt2Dump compares the decoder with `aapt2 dump resources` on every
// committed fixture.
func TestAapt2Dump(t *testing.T) {
	requireAapt2(t)
	t.Parallel()
	for _, apk := range fixtures() {
		t.Run(filepath.Base(apk), func(t *testing.T) {
			t.Parallel()
			if n := crossCheck(t, apk); n < 75 {
				t.Errorf("only %d resources compared", n)
			}
		})
	}
}

// TestFrameworkRes decodes Android's own 31 MB framework table and compares
// all of it with aapt2.
func TestFrameworkRes(t *testing.T) {
	requireAapt2(t)
	if testing.Short() || raceEnabled {
		t.Skip("slow (with -short or -race): decodes and dumps framework-res.apk; no concurrency to check")
	}
	t.Parallel()
	if n := crossCheck(t, frameworkRes); n < 10000 {
		t.Errorf("only %d resources compared", n)
	}
}

type dumpRes struct {
	name   string
	values []dumpValue
}

type dumpValue struct{ config, text string }

// parseDump reads `aapt2 dump resources` output into resources by ID.
func parseDump(t *testing.T, apk string) map[uint32]*dumpRes {
	t.Helper()
	out, err := exec.Command("aapt2", "dump", "resources", apk).Output()
	if err != nil {
		t.Fatalf("aapt2 dump resources %s: %v", apk, err)
	}
	res := map[uint32]*dumpRes{}
	var cur *dumpRes
	for _, line := range strings.Split(string(out), "\n") {
		line = unglue(line)
		if rest, ok := strings.CutPrefix(line, "    resource 0x"); ok {
			f := strings.Fields(rest)
			id, err := strconv.ParseUint(f[0], 16, 32)
			if err != nil || len(f) < 2 {
				t.Fatalf("bad dump line %q", line)
			}
			cur = &dumpRes{name: f[1]}
			res[uint32(id)] = cur
			continue
		}
		if rest, ok := strings.CutPrefix(line, "      ("); ok && cur != nil {
			cfg, text, _ := strings.Cut(rest, ") ")
			cur.values = append(cur.values, dumpValue{strings.TrimSuffix(cfg, ")"), text})
		}
	}
	return res
}

// unglue undoes an aapt2 quirk: an empty array prints "[" without a newline,
// so the next resource or config line follows it on the same line.
func unglue(line string) string {
	rest, ok := strings.CutPrefix(line, "        [")
	switch {
	case ok && strings.HasPrefix(rest, "resource 0x"):
		return "    " + rest
	case ok && strings.HasPrefix(rest, "("):
		return "      " + rest
	}
	return line
}

// crossCheck compares names, config variants and values with aapt2 and
// returns the number of resources compared.
func crossCheck(t *testing.T, apk string) int {
	t.Helper()
	tab := decodeFixture(t, apk)
	dump := parseDump(t, apk)
	for id, want := range dump {
		if got, ok := tab.Name(id); !ok || got != want.name {
			t.Errorf("%s: Name(%#08x) = %q, aapt2 says %q", apk, id, got, want.name)
			continue
		}
		compareValues(t, apk, tab, id, want)
	}
	for _, p := range tab.pkgs { // and nothing aapt2 does not know
		for _, rt := range p.types {
			for _, tc := range rtChunks(rt) {
				for _, e := range tc.entries {
					if id := resID(p, rt, e.index); dump[id] == nil {
						t.Errorf("%s: decoded %#08x that aapt2 does not list", apk, id)
					}
				}
			}
		}
	}
	return len(dump)
}

func compareValues(t *testing.T, apk string, tab *Table, id uint32, want *dumpRes) {
	t.Helper()
	got := tab.values(id)
	gotCfg := make([]string, len(got))
	for i, v := range got {
		gotCfg[i] = v.Config.String()
	}
	var wantCfg []string
	for _, v := range want.values {
		wantCfg = append(wantCfg, v.config)
	}
	if !sameSet(gotCfg, wantCfg) {
		t.Errorf("%s: %s configs = %q, aapt2 says %q", apk, want.name, gotCfg, wantCfg)
		return
	}
	for _, w := range want.values {
		i := slices.Index(gotCfg, w.config)
		if text, ok := dumpText(tab, got[i].Value); ok && !matchText(text, w.text) {
			t.Errorf("%s: %s (%s) = %q, aapt2 says %q", apk, want.name, w.config, text, w.text)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// matchText compares our rendering with aapt2's; file values carry a
// " type=XML" suffix that depends on the file, not the table.
func matchText(ours, theirs string) bool {
	if strings.HasPrefix(ours, "(file) ") {
		return theirs == ours || strings.HasPrefix(theirs, ours+" type=")
	}
	return ours == theirs
}

// dumpText renders v as `aapt2 dump resources` does, when we know how.
func dumpText(tab *Table, v Value) (string, bool) {
	switch {
	case v.Complex:
		return "", false // (array), (style)… : Values reports them as complex only
	case v.Type == resbin.TypeString && strings.HasPrefix(v.String, "res/"):
		return "(file) " + v.String, true
	case v.Type == resbin.TypeString && !strings.ContainsAny(v.String, "\n\"\\") && !tab.styled(v.Data):
		return `"` + v.String + `"`, true
	case v.Type == resbin.TypeReference && v.Data != 0:
		if n, ok := tab.Name(v.Data); ok {
			return "@" + n, true
		}
		return fmt.Sprintf("@0x%08x", v.Data), true
	case v.Type == resbin.TypeIntBoolean && v.Data <= 1:
		return "", false // bool or (id); aapt2 prints ids as "(id)"
	case v.Type == resbin.TypeIntBoolean:
		return "true", true
	case v.Type == resbin.TypeIntDec:
		return strconv.Itoa(int(int32(v.Data))), true
	case v.Type == resbin.TypeIntHex:
		return fmt.Sprintf("0x%08x", v.Data), true
	case v.Type >= resbin.TypeIntColorARGB8 && v.Type <= resbin.TypeIntColorRGB4:
		return fmt.Sprintf("#%08x", v.Data), true
	case v.Type == resbin.TypeDimension:
		units := []string{"px", "dp", "sp", "pt", "in", "mm"}
		if u := v.Data & 0xf; int(u) < len(units) {
			return fmt.Sprintf("%f%s", complexToFloat(v.Data), units[u]), true
		}
	}
	return "", false
}

// complexToFloat decodes a Res_value complex number (dimension, fraction)
// as aapt2 dump does: it treats the 24-bit mantissa as unsigned, so -1px
// prints as 16777215.000000px.
func complexToFloat(c uint32) float64 {
	radix := []float64{1, 1.0 / (1 << 7), 1.0 / (1 << 15), 1.0 / (1 << 23)}
	return float64(c>>8) * radix[(c>>4)&3]
}

// styled reports whether string i of the global pool has style spans; aapt2
// prints those as "(styled string)".
func (t *Table) styled(i uint32) bool {
	data := t.poolChunk
	styles := int(u32(data, 12))
	if int(i) >= styles {
		return false
	}
	hs := int(u16(data, 2))
	spanOff := int(u32(data, 24)) + int(u32(data, hs+4*t.strings.Len()+4*int(i)))
	return spanOff+4 <= len(data) && u32(data, spanOff) != 0xffffffff
}

// TestAapt1Build builds the fixture app with the legacy aapt (another
// encoder: implicit -v4 density qualifiers, its own pool layout) and
// cross-checks it with aapt2 too.
func TestAapt1Build(t *testing.T) {
	requireAapt2(t)
	if _, err := exec.LookPath("aapt"); err != nil {
		t.Skip("aapt not on PATH")
	}
	t.Parallel()
	apk := filepath.Join(t.TempDir(), "app.apk")
	out, err := exec.Command("aapt", "package", "-f", "-M", "testdata/src/app/AndroidManifest.xml",
		"-S", "testdata/src/app/res", "-I", frameworkRes, "-F", apk).CombinedOutput()
	if err != nil {
		t.Fatalf("aapt package: %v\n%s", err, out)
	}
	if n := crossCheck(t, apk); n < 75 {
		t.Errorf("only %d resources compared", n)
	}
	tab := decodeFixture(t, apk)
	id := mustLookup(t, tab, "xml", "network_security_config")
	if v, err := tab.Resolve(id); err != nil || v.String != "res/xml/network_security_config.xml" {
		t.Errorf("Resolve(nsc) = %+v, %v", v, err)
	}
	if vs := tab.values(mustLookup(t, tab, "dimen", "pad")); len(vs) != 2 || vs[1].Config.String() != "hdpi-v4" {
		t.Errorf("Values(pad) = %+v, want default and hdpi-v4", vs)
	}
}

// TestAapt2DumpProjectAPKs compares every resource name, configuration
// and simple value with `aapt2 dump resources` on the project's fixture
// APKs (testdata/apk), which internal/apk audits.
func TestAapt2DumpProjectAPKs(t *testing.T) {
	requireAapt2(t)
	t.Parallel()
	apks, _ := filepath.Glob("../../testdata/apk/*.apk")
	if len(apks) == 0 {
		t.Skip("no project fixture APKs")
	}
	for _, apk := range apks {
		t.Run(filepath.Base(apk), func(t *testing.T) {
			t.Parallel()
			if n := crossCheck(t, apk); n == 0 {
				t.Error("no resources compared")
			}
		})
	}
}
