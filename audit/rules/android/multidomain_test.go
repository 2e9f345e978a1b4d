package android

import "testing"

// TestMultiDomainFindingsNameEveryHost: a finding about a <domain-config>
// with several <domain>s names every host it covers (before, only the
// first, so a reader of "pin-set for api.example.com expired" did not
// learn that cdn and auth lost their pins too).
func TestMultiDomainFindingsNameEveryHost(t *testing.T) {
	t.Parallel()
	const all = "api.example.com, cdn.example.com and auth.example.com"
	app := nscApp(t, "multi_domain.xml")
	runCases(t, PinSetExpired{}, []ruleCase{{"expired", app, []string{"pin-set for " + all + " expired on 2025-06-01"}}})
	runCases(t, NoBackupPin{}, []ruleCase{{"no backup", app, []string{"pin-set for " + all + " has 1 distinct valid pin(s)"}}})
	runCases(t, MalformedPin{}, []ruleCase{{"placeholder", app, []string{"pin for " + all + ": looks like a placeholder"}}})
}
