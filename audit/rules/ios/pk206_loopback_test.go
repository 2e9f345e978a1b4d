package ios

import "testing"

// TestWeakExceptionLoopback: the React Native app template's Info.plist
// (facebook/react-native, template/ios/HelloWorld/Info.plist at
// 2b7ad3557569c10b5a4390055941a7a49c47c687) ships an NSExceptionDomains
// entry "localhost" with NSExceptionAllowsInsecureHTTPLoads YES for the
// Metro bundler. Loopback traffic never leaves the device: info, not high.
// A private LAN address does cross the network and keeps its severity.
func TestWeakExceptionLoopback(t *testing.T) {
	t.Parallel()
	rnTemplate := map[string]any{"NSExceptionDomains": map[string]any{
		"localhost": map[string]any{"NSExceptionAllowsInsecureHTTPLoads": true},
	}}
	runCases(t, WeakException{}, []ruleCase{
		{"react-native template localhost", app(rnTemplate), []string{"info localhost: NSExceptionDomains.localhost.NSExceptionAllowsInsecureHTTPLoads is YES: cleartext HTTP allowed (loopback"}},
		{"127.0.0.1", app(map[string]any{"NSExceptionDomains": map[string]any{"127.0.0.1": map[string]any{"NSExceptionAllowsInsecureHTTPLoads": true}}}),
			[]string{"info 127.0.0.1"}},
		{"LAN address stays high", app(map[string]any{"NSExceptionDomains": map[string]any{"192.168.1.10": map[string]any{"NSExceptionAllowsInsecureHTTPLoads": true}}}),
			[]string{"high 192.168.1.10"}},
	})
}
