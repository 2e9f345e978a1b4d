package android

import "testing"

func TestEmptyPinSet(t *testing.T) {
	t.Parallel()
	runCases(t, EmptyPinSet{}, []ruleCase{
		{"removes inherited", nscApp(t, "empty_pinset.xml"), []string{"removes the pins inherited from example.com", "pins nothing"}},
		{"good", nscApp(t, "good.xml"), nil},
	})
}
