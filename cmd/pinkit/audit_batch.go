package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pinkit/pinkit/audit"
	appload "github.com/pinkit/pinkit/audit/load"
	jsonreport "github.com/pinkit/pinkit/audit/report/json"
	"github.com/spf13/cobra"
)

// batchFlags are the flags of `audit --format jsonl`.
type batchFlags struct {
	shard  string // "I/N"
	resume string // a JSONL file to skip the apps of and append to
}

func addBatchFlags(cmd *cobra.Command, b *batchFlags) {
	fl := cmd.Flags()
	fl.StringVar(&b.shard, "shard", "", "with --format jsonl: audit only shard `I/N` (0 <= I < N) of the inputs, chosen by a hash of each path")
	fl.StringVar(&b.resume, "resume", "", "with --format jsonl: skip the apps already in `FILE` and append the others to it")
}

// batchLine is one line of `--format jsonl`: an app of the JSON report
// (audit/report/json's App), or the error that kept it from loading.
type batchLine struct {
	SchemaVersion int    `json:"schema_version"`
	AuditedAt     string `json:"audited_at"`
	Path          string `json:"path"`
	Error         string `json:"error,omitempty"`
	*jsonreport.App
}

// batchStats counts what a batch did, for the summary line.
type batchStats struct {
	mu                           sync.Mutex
	audited, failing, errs, skip int
	findings                     int
}

// runBatch audits every input of args (files, directories searched for
// .apk and .ipa files, @list files) one app at a time with up to --jobs in
// parallel, writing one JSON line per app as it finishes.
func runBatch(e *env, f *auditFlags, args []string) error {
	if f.format != "jsonl" {
		return withHint(fmt.Errorf("--shard and --resume need --format jsonl, not %s", f.format), "add --format jsonl")
	}
	if len(f.pairs) > 0 {
		return withHint(errors.New("--pair needs the whole set of apps: --format jsonl audits one app at a time"), "use --format json for PK401 pairs")
	}
	opts, failOn, _, err := f.options()
	if err != nil {
		return err
	}
	shard, of, err := parseShard(f.batch.shard)
	if err != nil {
		return err
	}
	out, done, closeOut, err := batchOutput(e, f.batch.resume)
	if err != nil {
		return err
	}
	defer closeOut()
	st := &batchStats{}
	var inputErr error
	paths := st.todo(batchInputs(e.stdin, args), shard, of, done, &inputErr)
	start := time.Now()
	var mu sync.Mutex // serialises writes
	var writeErr error
	appload.Each(paths, appload.Options{Jobs: f.jobs}, func(_ int, path string, app *audit.App, lerr error) {
		line := st.audit(path, app, lerr, opts, failOn)
		mu.Lock()
		defer mu.Unlock()
		if writeErr == nil {
			_, writeErr = out.Write(line)
		}
	})
	fmt.Fprintln(e.stderr, st.summary(time.Since(start)))
	switch {
	case inputErr != nil:
		return inputErr
	case writeErr != nil:
		return fmt.Errorf("failed to write report: %w", writeErr)
	case st.errs > 0:
		return exitCodeError{exitError}
	case st.failing > 0:
		return exitCodeError{exitFindings}
	}
	return nil
}

// todo yields the inputs of shard I of N not in done (counting those as
// skipped); an error listing the inputs ends it and is stored in *errp.
func (st *batchStats) todo(inputs iter.Seq2[string, error], shard, of int, done map[uint64]bool, errp *error) iter.Seq[string] {
	return func(yield func(string) bool) {
		for p, err := range inputs {
			if err != nil {
				*errp = err
				return
			}
			if of > 1 && shardOf(p, of) != shard {
				continue
			}
			if done[pathKey(p)] {
				st.skip++
				continue
			}
			if !yield(p) {
				return
			}
		}
	}
}

// audit audits one loaded app and returns its JSON line.
func (st *batchStats) audit(path string, app *audit.App, lerr error, opts audit.Options, failOn audit.Severity) []byte {
	line := batchLine{SchemaVersion: jsonreport.SchemaVersion, Path: path}
	var res *audit.Result
	if lerr == nil {
		res, lerr = audit.Run([]*audit.App{app}, opts)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if lerr != nil {
		st.errs++
		line.AuditedAt, line.Error = time.Now().UTC().Format(time.RFC3339), oneLine(lerr.Error())
	} else {
		rep := jsonreport.Build(res)
		line.AuditedAt, line.App = rep.AuditedAt, &rep.Apps[0]
		st.audited++
		st.findings += rep.Summary.Findings
		if res.Fails(failOn) {
			st.failing++
		}
	}
	b, err := json.Marshal(line)
	if err != nil { // cannot happen for these types; keep the line valid anyway
		b, _ = json.Marshal(batchLine{SchemaVersion: line.SchemaVersion, Path: path, Error: err.Error()})
	}
	return append(b, '\n')
}

func (st *batchStats) summary(d time.Duration) string {
	rate := float64(st.audited+st.errs) / max(d.Seconds(), 1e-3)
	return fmt.Sprintf("pinkit: audited %d apps (%d at or above --fail-on, %d findings), %d errors, %d skipped (already in --resume file) in %.1fs (%.1f apps/s)",
		st.audited, st.failing, st.findings, st.errs, st.skip, d.Seconds(), rate)
}

// parseShard parses --shard I/N; "" means the whole corpus (0/1).
func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, withHint(fmt.Errorf("invalid --shard %q: want I/N with 0 <= I < N", s), "e.g. --shard 0/4 … --shard 3/4 on four machines")
	}
	return i, n, nil
}

// shardOf returns the shard of path among n: FNV-1a of the path as given,
// so every machine puts each app in the same shard whatever order it lists
// the inputs in.
func shardOf(path string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(path))
	return int(h.Sum64() % uint64(n))
}

// pathKey is the key of a path in the --resume set (8 bytes per app).
func pathKey(path string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(path))
	return h.Sum64()
}

// batchInputs yields the inputs of args in order: a directory's .apk and
// .ipa files (any case, recursively, in lexical order, symbolic links not
// followed), the lines of an @list file ("@-" is standard input; blank
// lines and lines starting with # are skipped), and any other argument as
// it is. It reads as it goes.
func batchInputs(stdin io.Reader, args []string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for _, a := range args {
			var ok bool
			switch fi, err := os.Lstat(a); {
			case strings.HasPrefix(a, "@"):
				ok = listInputs(stdin, a[1:], yield)
			case err == nil && fi.IsDir():
				ok = dirInputs(a, yield)
			default:
				ok = yield(a, nil)
			}
			if !ok {
				return
			}
		}
	}
}

func listInputs(stdin io.Reader, name string, yield func(string, error) bool) bool {
	r := stdin
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return yield("", fmt.Errorf("failed to read input list: %w", err))
		}
		defer fh.Close()
		r = fh
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !yield(line, nil) {
			return false
		}
	}
	if err := sc.Err(); err != nil {
		return yield("", fmt.Errorf("failed to read input list %s: %w", name, err))
	}
	return true
}

var errStop = errors.New("stop")

func dirInputs(root string, yield func(string, error) bool) bool {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if d.Type().IsRegular() && (ext == ".apk" || ext == ".ipa") && !yield(p, nil) {
			return errStop
		}
		return nil
	})
	switch {
	case errors.Is(err, errStop):
		return false
	case err != nil:
		return yield("", fmt.Errorf("failed to list %s: %w", root, err))
	}
	return true
}

// batchOutput returns where JSON lines go: stdout, or with --resume the
// file named, opened for appending after its last complete line, with the
// keys of the paths it already holds (lines with an error are audited
// again).
func batchOutput(e *env, resume string) (io.Writer, map[uint64]bool, func(), error) {
	done := map[uint64]bool{}
	if resume == "" {
		return e.stdout, done, func() {}, nil
	}
	fh, err := os.OpenFile(resume, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("failed to open --resume file: %w", err)
	}
	end, err := readDone(fh, done)
	if err == nil {
		err = fh.Truncate(end) // drop a line cut short by a crash
	}
	if err == nil {
		_, err = fh.Seek(end, io.SeekStart)
	}
	if err != nil {
		fh.Close()
		return nil, nil, nil, fmt.Errorf("failed to read --resume file %s: %w", resume, err)
	}
	return fh, done, func() { fh.Close() }, nil
}

// readDone adds the paths of r's complete, error-free lines to done and
// returns the offset after the last complete line.
func readDone(r io.Reader, done map[uint64]bool) (int64, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var end int64
	for {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			return end, nil // a last line without '\n' is incomplete
		}
		if err != nil {
			return 0, err
		}
		end += int64(len(line))
		var l struct {
			Path  string `json:"path"`
			Error string `json:"error"`
		}
		if json.Unmarshal(line, &l) == nil && l.Path != "" && l.Error == "" {
			done[pathKey(l.Path)] = true
		}
	}
}
