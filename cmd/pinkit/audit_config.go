package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pinkit/pinkit/audit"
	jsonreport "github.com/pinkit/pinkit/audit/report/json"
	"github.com/pinkit/pinkit/audit/report/sarif"
	"github.com/pinkit/pinkit/audit/report/text"
	"github.com/pinkit/pinkit/internal/zipx"
	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"
)

// DefaultConfigFile is the audit configuration read from the current
// folder when --config is not given.
const DefaultConfigFile = ".pinkit.yml"

// auditConfig is .pinkit.yml (JSON Schema: docs/pinkit-config.schema.json).
// Paths are relative to the file's folder. A flag given on the command line
// wins over the file; ignore entries add to --ignore.
type auditConfig struct {
	Version    int               `json:"version"`
	FailOn     string            `json:"fail_on,omitempty"`
	ExpiryWarn string            `json:"expiry_warn,omitempty"`
	FirstParty []string          `json:"first_party,omitempty"`
	Baseline   string            `json:"baseline,omitempty"`
	SourceRoot string            `json:"source_root,omitempty"`
	Map        map[string]string `json:"map,omitempty"`
	Hosts      string            `json:"hosts,omitempty"`
	Ignore     []configIgnore    `json:"ignore,omitempty"`
}

// configIgnore is one suppression; the reason is required.
type configIgnore struct {
	Rule   string `json:"rule"`
	Host   string `json:"host,omitempty"`
	Reason string `json:"reason"`
}

// maxConfigSize bounds .pinkit.yml.
const maxConfigSize = 1 << 20

// auditExtra holds the audit flags for CI and reports: the configuration
// file, SARIF placement and the text host table.
type auditExtra struct {
	config     string
	sourceRoot string
	maps       []string
	hosts      string
	suppress   []audit.Suppression
}

func (x *auditExtra) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&x.config, "config", "", "read settings from `FILE` (default: "+DefaultConfigFile+" in the current folder, if any)")
	fl.StringVar(&x.sourceRoot, "source-root", "", "SARIF: make file paths relative to `DIR` (the repository checkout)")
	fl.StringArrayVar(&x.maps, "map", nil, "SARIF: locate files inside the app at source paths, `PATH=SOURCE` (e.g. res=app/src/main/res; repeatable)")
	fl.StringVar(&x.hosts, "hosts", "all", "text: which hosts the per-host table lists: all, unpinned or none")
	_ = cmd.RegisterFlagCompletionFunc("hosts", cobra.FixedCompletions([]string{"all", "unpinned", "none"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagDirname("source-root")
	_ = cmd.MarkFlagFilename("config", "yml", "yaml", "json")
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"apk", "ipa"}, cobra.ShellCompDirectiveFilterFileExt // folders are offered too
	}
}

// apply reads the configuration file into f, for each setting whose flag
// was not given.
func (x *auditExtra) apply(cmd *cobra.Command, f *auditFlags) error {
	path, explicit := x.config, x.config != ""
	if !explicit {
		path = DefaultConfigFile
	}
	cfg, err := readAuditConfig(path)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return nil
	}
	if err != nil {
		return withHint(err, "see docs/ci.md for the keys of %s", DefaultConfigFile)
	}
	dir := filepath.Dir(path)
	changed := cmd.Flags().Changed
	setIf := func(flag string, dst *string, v string, isPath bool) {
		if v == "" || changed(flag) {
			return
		}
		if isPath && !filepath.IsAbs(v) {
			v = filepath.Join(dir, v)
		}
		*dst = v
	}
	setIf("fail-on", &f.failOn, cfg.FailOn, false)
	setIf("expiry-warn", &f.expiryWarn, cfg.ExpiryWarn, false)
	setIf("baseline", &f.baseline, cfg.Baseline, true)
	setIf("source-root", &x.sourceRoot, cfg.SourceRoot, true)
	setIf("hosts", &x.hosts, cfg.Hosts, false)
	if !changed("first-party") {
		f.firstParty = cfg.FirstParty
	}
	if !changed("map") {
		for from, to := range cfg.Map {
			if !filepath.IsAbs(to) {
				to = filepath.Join(dir, to)
			}
			x.maps = append(x.maps, from+"="+to)
		}
	}
	for _, ig := range cfg.Ignore {
		x.suppress = append(x.suppress, audit.Suppression{Rule: ig.Rule, Host: ig.Host, Reason: ig.Reason})
	}
	return nil
}

// readAuditConfig parses a configuration file strictly: unknown keys and a
// version other than 1 are errors, and every ignore needs a reason.
func readAuditConfig(path string) (*auditConfig, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("failed to open config: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read config %s: %w", path, err)
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("failed to read config %s: larger than %d bytes", path, maxConfigSize)
	}
	var cfg auditConfig
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		return nil, fmt.Errorf("invalid config %s: %w", path, err)
	}
	if cfg.Version != 1 {
		return nil, fmt.Errorf("invalid config %s: version %d, want version: 1", path, cfg.Version)
	}
	for i, ig := range cfg.Ignore {
		if ig.Rule == "" || strings.TrimSpace(ig.Reason) == "" {
			return nil, fmt.Errorf("invalid config %s: ignore[%d] needs a rule and a reason", path, i)
		}
	}
	return &cfg, nil
}

// writer returns the report writer of f.format with the report options.
func (f *auditFlags) writer() (func(io.Writer, *audit.Result) error, error) {
	switch f.format {
	case "text":
		hosts, err := text.ParseHosts(f.extra.hosts)
		if err != nil {
			return nil, withHint(fmt.Errorf("invalid --hosts: %w", err), "use --hosts unpinned to list only the hosts without pins")
		}
		return func(w io.Writer, r *audit.Result) error { return text.WriteOptions(w, r, text.Options{Hosts: hosts}) }, nil
	case "json":
		return jsonreport.Write, nil
	case "sarif":
		opts := sarif.Options{SourceRoot: f.extra.sourceRoot}
		for _, s := range f.extra.maps {
			m, err := sarif.ParseMap(s)
			if err != nil {
				return nil, withHint(fmt.Errorf("invalid --map: %w", err), "try --map res=app/src/main/res")
			}
			opts.Maps = append(opts.Maps, m)
		}
		return func(w io.Writer, r *audit.Result) error { return sarif.WriteOptions(w, r, opts) }, nil
	case "jsonl":
		return nil, nil // one app at a time: runBatch
	}
	return nil, withHint(fmt.Errorf("unknown format %q", f.format), "use one of %s", strings.Join(auditFormats, ", "))
}

// inputErrors pairs each load error with its input: loadApps returns the
// apps that loaded and the errors of the others, both in input order.
func inputErrors(paths []string, apps []*audit.App, errs []error) []audit.InputError {
	var out []audit.InputError
	j := 0
	for _, p := range paths {
		if j < len(apps) && apps[j].Path == p {
			j++
			continue
		}
		if len(out) < len(errs) {
			out = append(out, audit.InputError{Path: p, Err: errs[len(out)]})
		}
	}
	return out
}

// printLoadErrors writes each load error to stderr, with a hint for an
// input that is not a zip archive at all.
func printLoadErrors(w io.Writer, failed []audit.InputError) {
	for _, le := range failed {
		fmt.Fprintf(w, "pinkit: error: %s\n", oneLine(le.Err.Error()))
		if errors.Is(le.Err, zipx.ErrFormat) && isZipNamed(le.Path) && !isZip(le.Path) {
			fmt.Fprintf(w, "pinkit: hint: %s is not a zip archive: is this an APK or IPA?\n", le.Path)
		}
	}
}

func isZipNamed(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".apk" || ext == ".ipa" || ext == ".aab" || ext == ".zip"
}

// isZip reports whether the file starts with a zip local-file or
// end-of-central-directory signature.
func isZip(p string) bool {
	fh, err := os.Open(p)
	if err != nil {
		return false
	}
	defer fh.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(fh, head); err != nil {
		return false
	}
	return bytes.Equal(head, []byte("PK\x03\x04")) || bytes.Equal(head, []byte("PK\x05\x06"))
}
