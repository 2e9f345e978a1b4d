package ipa

import (
	"strconv"
	"strings"
)

// preATS returns why App Transport Security does not apply to an app
// whose Info.plist says it was linked against sdk (DTSDKName, written by
// Xcode: "iphoneos8.1"), or "" when it does. ATS applies only to apps
// linked against the iOS 9 SDK or later; older binaries keep iOS 8
// behaviour on every iOS version: cleartext HTTP allowed, any TLS version,
// and no NSPinnedDomains.
func preATS(sdk string) string {
	v, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(sdk)), "iphoneos")
	if !ok {
		return ""
	}
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	if err != nil || n >= 9 || n <= 0 {
		return ""
	}
	return "linked against the " + sdk + " SDK (DTSDKName): App Transport Security applies only to apps built with the iOS 9 SDK or later"
}
