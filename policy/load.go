package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds the policy bytes Load reads.
const MaxFileSize = 1 << 20

// Limits on the number of entries, so a hostile file stays cheap.
const (
	maxDomains = 10000
	maxPins    = 64
)

// Error is one problem of a policy file, at a line.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Path string // e.g. domains[0].pins[1].spki
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return printable(b.String())
}

// printable escapes control and other non-printing characters, so that a
// hostile policy cannot rewrite the terminal through an error message.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}

// Errors is every problem [Load] found, sorted by line.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Option configures [Load].
type Option func(*loader)

// Name sets the file name errors cite (default "pinkit.yaml").
func Name(name string) Option { return func(l *loader) { l.name = name } }

// Dir sets where cert: and key: paths are read from (default the working
// directory). Paths must stay inside it: no "..", no absolute paths.
func Dir(fsys fs.FS) Option { return func(l *loader) { l.dir = fsys } }

// Now sets the time expiry is checked against (default time.Now).
func Now(t time.Time) Option { return func(l *loader) { l.now = t } }

// Load reads a policy in YAML or JSON from r, computes the pins of cert:
// and key: sources, and validates it. The error is an [Errors] when the
// file was read.
func Load(r io.Reader, opts ...Option) (*File, error) {
	l := &loader{name: "pinkit.yaml", now: time.Now(), lines: map[string]int{}}
	for _, o := range opts {
		o(l)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", l.name, err)
	}
	if len(data) > MaxFileSize {
		return nil, Errors{{File: l.name, Msg: fmt.Sprintf("larger than %d bytes", MaxFileSize)}}
	}
	if l.dir == nil {
		root, err := os.OpenRoot(".")
		if err != nil {
			return nil, fmt.Errorf("failed to open the working directory: %w", err)
		}
		defer root.Close()
		l.dir = root.FS()
	}
	return l.load(data)
}

// LoadFile reads the policy at path; cert: and key: paths are relative to
// its directory and may not leave it (symbolic links included).
func LoadFile(path string, opts ...Option) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("failed to open policy: %w", err)
	}
	defer f.Close()
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("failed to open policy directory: %w", err)
	}
	defer root.Close()
	return Load(f, append([]Option{Name(path), Dir(root.FS())}, opts...)...)
}

// loader holds the state of one Load.
type loader struct {
	name  string
	dir   fs.FS
	now   time.Time
	errs  Errors
	lines map[string]int // line of each key path, for errors found after decoding
}

func (l *loader) errorf(line int, path, format string, args ...any) {
	if ln, ok := l.lines[path]; ok {
		line = ln // the line of the key itself
	}
	l.errs = append(l.errs, &Error{File: l.name, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) load(data []byte) (*File, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Errors{{File: l.name, Msg: "empty policy: want version: 1 and domains:"}}
		}
		return nil, Errors{{File: l.name, Line: yamlErrorLine(err), Msg: "invalid YAML: " + yamlErrorText(err)}}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Errors{{File: l.name, Line: extra.Line, Msg: "more than one YAML document"}}
	}
	f := &File{Name: l.name}
	if len(doc.Content) == 1 {
		l.file(f, doc.Content[0])
	}
	if len(l.errs) == 0 {
		l.validate(f)
	}
	if len(l.errs) > 0 {
		sort.SliceStable(l.errs, func(i, j int) bool { return l.errs[i].Line < l.errs[j].Line })
		return nil, l.errs
	}
	return f, nil
}

// yamlErrorLine pulls "line N" out of a yaml.v3 error.
func yamlErrorLine(err error) int {
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		j := i + 5
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(s[i+5 : j])
		return n
	}
	return 0
}

func yamlErrorText(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if _, rest, ok := strings.Cut(s, ": "); ok && strings.HasPrefix(s, "line ") {
		return rest
	}
	return s
}
