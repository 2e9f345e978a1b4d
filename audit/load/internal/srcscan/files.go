package srcscan

import (
	"errors"
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

var errNotRegular = errors.New("not a regular file")
