package sarif

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/pinkit/pinkit/audit"
)

// SourceRootID is the uriBaseId of artifact locations made relative to
// Options.SourceRoot (the %SRCROOT% of SARIF §3.14.14).
const SourceRootID = "SRCROOT"

// Options configure [WriteOptions]. The zero value writes paths as the
// inputs name them: source-tree files joined to the audited folder, files
// inside an APK or IPA located at the archive itself.
type Options struct {
	// SourceRoot, when set, is the folder (usually the repository checkout)
	// that artifact URIs are made relative to, with uriBaseId SRCROOT.
	// Paths outside it are written as absolute file: URIs.
	SourceRoot string
	// Maps translate paths inside an APK or IPA to source paths, longest
	// From first: {From: "res", To: "app/src/main/res"} sends
	// res/xml/network_security_config.xml to
	// app/src/main/res/xml/network_security_config.xml. A From naming a
	// file maps that file (a renamed resource like res/4u.xml).
	Maps []Map
}

// Map is one --map FROM=TO translation.
type Map struct {
	From, To string
}

// ParseMap parses "FROM=TO".
func ParseMap(s string) (Map, error) {
	from, to, ok := strings.Cut(s, "=")
	from, to = strings.Trim(path.Clean("/"+from), "/"), strings.TrimSpace(to)
	if !ok || from == "" || to == "" {
		return Map{}, fmt.Errorf("invalid map %q: want PATH_IN_APP=SOURCE_PATH, e.g. res=app/src/main/res", s)
	}
	return Map{From: from, To: to}, nil
}

// isArchive reports whether an app input is a file (APK, IPA…) rather
// than a source folder: findings inside it name a path within the archive.
func isArchive(app *audit.App) bool {
	switch strings.ToLower(filepath.Ext(app.Path)) {
	case ".apk", ".ipa", ".aab", ".apks", ".xapk", ".zip":
		return true
	}
	return false
}

// place returns where a finding is on disk: the file path and whether a
// line number in it is meaningful (false when the finding is inside an
// archive that no map translates).
func (o Options) place(app *audit.App, inner string) (string, bool) {
	if !isArchive(app) {
		if inner == "" {
			return app.Path, false
		}
		if filepath.IsAbs(inner) {
			return inner, true
		}
		return filepath.Join(app.Path, filepath.FromSlash(inner)), true
	}
	if inner == "" {
		return app.Path, false
	}
	if p, ok := o.mapped(inner); ok {
		return p, true
	}
	return app.Path, false
}

// mapped applies the longest matching map to a path inside an archive.
func (o Options) mapped(inner string) (string, bool) {
	inner = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(inner)), "/")
	best := -1
	for i, m := range o.Maps {
		if (inner == m.From || strings.HasPrefix(inner, m.From+"/")) && (best < 0 || len(m.From) > len(o.Maps[best].From)) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	m := o.Maps[best]
	return filepath.Join(filepath.FromSlash(m.To), filepath.FromSlash(strings.TrimPrefix(inner, m.From))), true
}

// artifact turns a file path into a SARIF artifact location: relative to
// SourceRoot (uriBaseId SRCROOT) when set and the file is inside it.
func (o Options) artifact(p string) *sarif.ArtifactLocation {
	loc := sarif.NewArtifactLocation()
	if o.SourceRoot != "" {
		root, err1 := filepath.Abs(o.SourceRoot)
		abs, err2 := filepath.Abs(p)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return loc.WithURI(relURI(filepath.ToSlash(rel))).WithURIBaseID(SourceRootID)
			}
			return loc.WithURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String())
		}
	}
	if filepath.IsAbs(p) {
		return loc.WithURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String())
	}
	return loc.WithURI(relURI(filepath.ToSlash(filepath.Clean(p))))
}

// relURI percent-encodes a relative path as a URI reference.
func relURI(p string) string {
	return (&url.URL{Path: p}).String()
}

// rootURI is the file: URI of SourceRoot with a trailing slash, as
// originalUriBaseIds requires.
func (o Options) rootURI() (string, error) {
	root, err := filepath.Abs(o.SourceRoot)
	if err != nil {
		return "", fmt.Errorf("failed to resolve source root: %w", err)
	}
	return (&url.URL{Scheme: "file", Path: strings.TrimSuffix(filepath.ToSlash(root), "/") + "/"}).String(), nil
}
