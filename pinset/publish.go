package pinset

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Publish writes the static directory an [Updater] reads — any HTTPS host
// or CDN can serve it, since every document is signed:
//
//	pinset.json       the pin set
//	N.root.json       each root of roots, by version
//
// roots is the chain from the root shipped in apps (first) to the current
// one (last); each must verify as the rotation of the one before it, and
// set must verify under the last at now. Nothing is written otherwise.
// Files are replaced atomically, roots before the set.
func Publish(dir string, roots [][]byte, set []byte, now time.Time) error {
	if len(roots) == 0 {
		return fmt.Errorf("failed to publish: no root")
	}
	root, err := LoadRoot(roots[0])
	if err != nil {
		return fmt.Errorf("failed to publish: root 1 of %d: %w", len(roots), err)
	}
	chain := []*Root{root}
	for i, doc := range roots[1:] {
		if root, err = root.VerifyRotation(doc); err != nil {
			return fmt.Errorf("failed to publish: root %d of %d: %w", i+2, len(roots), err)
		}
		chain = append(chain, root)
	}
	if _, err := root.Verify(set, 0, now); err != nil {
		return fmt.Errorf("failed to publish: pin set: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("failed to publish: %w", err)
	}
	for _, r := range chain {
		if err := writePublic(filepath.Join(dir, fmt.Sprintf("%d.root.json", r.Version)), r.Raw); err != nil {
			return err
		}
	}
	return writePublic(filepath.Join(dir, "pinset.json"), set)
}

func writePublic(path string, data []byte) error {
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("failed to publish %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		return fmt.Errorf("failed to publish %s: %w", path, err)
	}
	return nil
}
