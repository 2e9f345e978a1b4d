// Package buildinfo holds the one version string every part of pinkit
// reports: "pinkit version", the JSON report's tool_version and the
// SARIF drivers of audit and mitm.
//
// Releases set it with
//
//	-ldflags "-X github.com/pinkit/pinkit/internal/buildinfo.version=v1.2.3"
//
// otherwise [Version] falls back to the module version recorded by the Go
// toolchain ("go install …@v1.2.3"), then to "(devel)".
package buildinfo

import "runtime/debug"

// version is set by the linker (-X); empty in a plain "go build".
var version = ""

// Version returns the version of this build of pinkit.
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
