package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/apk"
	"github.com/pinkit/pinkit/audit/load/ipa"
)

var writeAccuracy = flag.Bool("accuracy", false, "rewrite the per-host table of bench/accuracy.md from ../shared/corpus")

// corpusDir finds the shared corpus of public configs (../shared/corpus
// beside the checkout, or beside the worktree directory), "" when absent.
func corpusDir() string {
	for _, d := range []string{"../../../shared/corpus", "../../../../shared/corpus"} {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	return ""
}

// corpusInput is one public config audited as an app.
type corpusInput struct {
	name string // path under the corpus
	res  audit.AppResult
}

// auditCorpus audits every corpus config through the real loaders: each
// Android XML as res/xml/network_security_config.xml of a source tree
// whose manifest names it (targetSdk 34), each iOS plist as the
// Info.plist of an iOS source tree.
func auditCorpus(t *testing.T, dir string) []corpusInput {
	t.Helper()
	var out []corpusInput
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		tree := t.TempDir()
		var app *audit.App
		switch {
		case strings.HasPrefix(rel, "android-xml"+string(filepath.Separator)) && strings.HasSuffix(p, ".xml"):
			writeFile(t, filepath.Join(tree, "AndroidManifest.xml"), `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="corpus.`+
				strings.ReplaceAll(filepath.Base(filepath.Dir(p)), "-", "_")+`">
  <uses-sdk android:minSdkVersion="24" android:targetSdkVersion="34"/>
  <application android:networkSecurityConfig="@xml/network_security_config"/>
</manifest>
`)
			writeFile(t, filepath.Join(tree, "res", "xml", "network_security_config.xml"), string(data))
			app, err = apk.Load(tree, apk.Options{})
		case strings.HasSuffix(p, "ParsingTest.plist"):
			return nil // Apple's list of expected parse results, not an Info.plist
		case strings.HasPrefix(rel, "ios-plist"+string(filepath.Separator)) && strings.HasSuffix(p, ".plist"):
			writeFile(t, filepath.Join(tree, "Info.plist"), string(data))
			app, err = ipa.Load(tree, ipa.Options{})
		default:
			return nil
		}
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: All(), Now: testNow})
		if err != nil {
			return err
		}
		out = append(out, corpusInput{name: filepath.ToSlash(rel), res: res.Apps[0]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostRules returns the active rule IDs about host (app-wide ones for "").
func hostRules(ar audit.AppResult, host string) []string {
	var out []string
	for _, f := range ar.Active() {
		if f.Host == host && !slices.Contains(out, f.RuleID) {
			out = append(out, f.RuleID)
		}
	}
	slices.Sort(out)
	return out
}

// TestCorpusVerdicts checks verdicts on the public inputs of
// ../shared/corpus that a pentester would check by hand.
func TestCorpusVerdicts(t *testing.T) {
	t.Parallel()
	dir := corpusDir()
	if dir == "" {
		t.Skip("../shared/corpus is absent")
	}
	inputs := auditCorpus(t, dir)
	byName := map[string]audit.AppResult{}
	for _, in := range inputs {
		byName[in.name] = in.res
	}
	row := func(file, host string) (r struct{ pinned, backup, found bool }) {
		for _, h := range byName[file].Hosts {
			if h.Host == host {
				r.pinned, r.backup, r.found = h.Pinned, h.Backup, true
			}
		}
		return r
	}
	// httptoolkit's "dud" backup (ABCDEF repeated) is a placeholder: pinned, no backup.
	for _, f := range []string{"android-xml/httptoolkit-android-demo/network_security_config.xml", "android-xml/httptoolkit-android-demo/network_security_config-073542f.xml"} {
		host := "rsa2048--untrusted-root.testserver.host"
		if strings.Contains(f, "073542f") {
			host = "sha256.badssl.com"
		}
		if r := row(f, host); !r.found || !r.pinned || r.backup {
			t.Errorf("%s %s: %+v, want pinned without backup", f, host, r)
		}
		if got := hostRules(byName[f], host); !slices.Contains(got, "PK105") || !slices.Contains(got, "PK106") {
			t.Errorf("%s %s: rules %v, want PK105 and PK106", f, host, got)
		}
	}
	// AOSP's bad_config files are configs the platform rejects.
	for name, res := range byName {
		if strings.HasPrefix(name, "android-xml/aosp/bad_config") && len(hostRules(res, "")) > 0 && !slices.Contains(hostRules(res, ""), "PK112") {
			t.Errorf("%s: app-wide rules %v, want PK112", name, hostRules(res, ""))
		}
	}
	// Apple's empty identity list pins the domain shut (PK203).
	if got := hostRules(byName["ios-plist/apple-security/NSPinnedDomains_with_empty_spki.plist"], "example.org"); !slices.Contains(got, "PK203") {
		t.Errorf("empty SPKI list: rules %v, want PK203", got)
	}
	// Threema pins each domain with six keys: pinned, backed up, nothing to report on them.
	if r := row("android-xml/threema/network_security_config.xml", "threema.ch"); !r.pinned || !r.backup {
		t.Errorf("threema.ch: %+v, want pinned with backup", r)
	}
	if *writeAccuracy {
		writeAccuracyTable(t, inputs)
	}
}

const accuracyDoc = "../../bench/accuracy.md"

// writeAccuracyTable replaces the generated part of bench/accuracy.md.
func writeAccuracyTable(t *testing.T, inputs []corpusInput) {
	t.Helper()
	old, err := os.ReadFile(accuracyDoc)
	if err != nil {
		t.Fatal(err)
	}
	const marker = "<!-- generated below by go test ./audit/rules -run TestCorpusVerdicts -accuracy -->\n"
	head, _, ok := strings.Cut(string(old), marker)
	if !ok {
		t.Fatalf("%s lacks the marker line", accuracyDoc)
	}
	var b strings.Builder
	b.WriteString(head + marker + "\n")
	b.WriteString("| input | host | party (why) | pinned | pins (valid) | backup | cleartext | findings on the host |\n|---|---|---|---|---|---|---|---|\n")
	for _, in := range inputs {
		if len(in.res.Hosts) == 0 {
			fmt.Fprintf(&b, "| %s | – | | | | | | app-wide: %s |\n", in.name, strings.Join(hostRules(in.res, ""), " "))
			continue
		}
		for _, h := range in.res.Hosts {
			party := "3rd"
			if h.FirstParty {
				party = "1st"
			}
			valid := 0
			for _, p := range h.Pins {
				if p.Valid {
					valid++
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %s (%s) | %s | %d (%d) | %s | %s | %s |\n", in.name, h.Host, party, h.FirstPartyWhy,
				yesNo(h.Pinned), len(h.Pins), valid, yesNo(h.Backup), yesNo(h.Cleartext), strings.Join(hostRules(in.res, h.Host), " "))
		}
	}
	if err := os.WriteFile(accuracyDoc, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
