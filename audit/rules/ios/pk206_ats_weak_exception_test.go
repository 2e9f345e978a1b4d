package ios

import "testing"

func exception(d map[string]any) map[string]any {
	return map[string]any{"NSExceptionDomains": map[string]any{"legacy.example.com": d}}
}

func TestWeakException(t *testing.T) {
	t.Parallel()
	runCases(t, WeakException{}, []ruleCase{
		{"defaults", app(exception(map[string]any{"NSIncludesSubdomains": true})), nil},
		{"TLS 1.2 explicit", app(exception(map[string]any{"NSExceptionMinimumTLSVersion": "TLSv1.2"})), nil},
		{"TLS 1.3", app(exception(map[string]any{"NSExceptionMinimumTLSVersion": "TLSv1.3"})), nil},
		{"TLS 1.0", app(exception(map[string]any{"NSExceptionMinimumTLSVersion": "TLSv1.0"})), []string{"TLSv1.0: TLS below 1.2 allowed"}},
		{"TLS 1.1", app(exception(map[string]any{"NSExceptionMinimumTLSVersion": "TLSv1.1"})), []string{"TLS below 1.2"}},
		{"no forward secrecy", app(exception(map[string]any{"NSExceptionRequiresForwardSecrecy": false})), []string{"forward secrecy"}},
		{"insecure HTTP", app(exception(map[string]any{"NSExceptionAllowsInsecureHTTPLoads": true})), []string{"high legacy.example.com: NSExceptionDomains.legacy.example.com.NSExceptionAllowsInsecureHTTPLoads is YES"}},
		{"no ATS", app(nil), nil},
	})
}
