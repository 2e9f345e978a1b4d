package srcscan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// skipDirs hold third-party, generated or tool state of Android and iOS
// projects: their pinning helpers and hosts are not the app's.
var skipDirs = map[string]bool{
	"build": true, "node_modules": true, "Pods": true, "Carthage": true, "DerivedData": true,
	"SourcePackages": true,
}

// SkipDir reports whether a walk of a source tree must not descend into
// the directory called name (not the tree's root): dependency and build
// output directories of both platforms (build, node_modules, Pods,
// Carthage, DerivedData, SourcePackages) and hidden ones (.git, .gradle,
// .idea, .build, .swiftpm, …). The APK and IPA loaders use this one list,
// so both platforms — and the choice between them — see the same files.
func SkipDir(name string) bool {
	return skipDirs[name] || strings.HasPrefix(name, ".")
}

// ReadFile reads the regular file p, refusing it when it holds more than
// max bytes. The size is counted while reading, never taken from Stat, and
// a FIFO or device is refused before it is read.
func ReadFile(p string, max int64) ([]byte, error) {
	if fi, err := os.Stat(p); err != nil {
		return nil, err // *PathError names p
	} else if !fi.Mode().IsRegular() { // opening a FIFO would block
		return nil, fmt.Errorf("failed to read %s: %w", p, errNotRegular)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() { // replaced since the first Stat
		return nil, fmt.Errorf("failed to read %s: %w", p, errNotRegular)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", p, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: more than %d bytes, the limit", p, max)
	}
	return data, nil
}

var errNotRegular = errors.New("not a regular file")
