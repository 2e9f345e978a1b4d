package ipa

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/internal/srcscan"
)

// IsSourceTree reports whether dir looks like an iOS source tree: it holds
// an Info.plist and no AndroidManifest.xml (at any depth, outside
// dependency directories). A mixed Flutter or React Native project is
// therefore treated as Android; audit its ios/ directory separately.
func IsSourceTree(dir string) bool {
	plist, manifest, n := false, false, 0
	errStop := errors.New("stop")
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if n++; err != nil || n > maxFiles {
			return errStop
		}
		if d.IsDir() && p != dir && srcscan.SkipDir(d.Name()) {
			return filepath.SkipDir
		}
		switch d.Name() {
		case "Info.plist":
			plist = true
		case "AndroidManifest.xml":
			manifest = true
			return errStop
		}
		return nil
	})
	return plist && !manifest
}

// loadSource reads an iOS source tree: the app's Info.plist (the shallowest
// one outside test targets), Swift and Objective-C sources, and bundled
// certificates.
//
// The tree's root is dir, the directory the user named: no file outside it
// is read, whatever links inside it say (see [srcscan.Tree]).
func loadSource(dir string, _ Options) (*audit.App, error) {
	tree, err := srcscan.OpenTree(dir)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	plists, sources, certs, err := listSource(dir)
	if err != nil {
		return nil, err
	}
	plistPath := pickInfoPlist(dir, plists)
	if plistPath == "" {
		return nil, fmt.Errorf("%s: no Info.plist in the source tree", dir)
	}
	app := newApp(dir)
	data, err := tree.ReadFile(plistPath, ats.MaxPlistSize)
	if err != nil {
		return nil, err
	}
	if _, err := applyInfoPlist(app, rel(dir, plistPath), data); err != nil {
		return nil, err
	}
	for _, p := range sources {
		data, err := tree.ReadFile(p, maxSourceSize)
		if err != nil {
			addProblem(app, rel(dir, p), err.Error())
			continue
		}
		scanSource(app, rel(dir, p), data)
	}
	for _, p := range certs {
		data, err := tree.ReadFile(p, maxCertSize)
		if err != nil {
			addProblem(app, rel(dir, p), err.Error())
			continue
		}
		addCerts(app, rel(dir, p), data)
	}
	finish(app)
	return app, nil
}

// listSource walks dir for Info.plists, Swift / Objective-C sources and
// certificate files, skipping dependency directories.
func listSource(dir string) (plists, sources, certs []string, err error) {
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if n++; n > maxFiles {
			return fmt.Errorf("more than %d files", maxFiles)
		}
		if d.IsDir() {
			if p != dir && srcscan.SkipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		switch ext := strings.ToLower(filepath.Ext(p)); {
		case d.Name() == "Info.plist":
			plists = append(plists, p)
		case ext == ".swift" || ext == ".m" || ext == ".mm":
			sources = append(sources, p)
		case isCertFile(p):
			certs = append(certs, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("failed to read source tree %s: %w", dir, err)
	}
	return plists, sources, certs, nil
}

// pickInfoPlist prefers the shallowest Info.plist outside test and
// extension targets.
func pickInfoPlist(dir string, plists []string) string {
	best, bestDepth := "", 1<<30
	for _, p := range plists {
		r := rel(dir, p)
		lower := strings.ToLower(r)
		depth := strings.Count(r, "/")
		if strings.Contains(lower, "test") || strings.Contains(lower, "extension") {
			depth += 1000
		}
		if depth < bestDepth || depth == bestDepth && r < rel(dir, best) {
			best, bestDepth = p, depth
		}
	}
	return best
}

// rel returns p relative to dir with forward slashes.
func rel(dir, p string) string {
	r, err := filepath.Rel(dir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}
