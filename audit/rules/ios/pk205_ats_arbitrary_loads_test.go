package ios

import "testing"

func TestArbitraryLoads(t *testing.T) {
	t.Parallel()
	runCases(t, ArbitraryLoads{}, []ruleCase{
		{"off", app(map[string]any{"NSAllowsArbitraryLoads": false}), nil},
		{"no ATS", app(nil), nil},
		{"on", app(map[string]any{"NSAllowsArbitraryLoads": true}), []string{"medium : NSAllowsArbitraryLoads is true"}},
		{"YES string", app(map[string]any{"NSAllowsArbitraryLoads": "YES"}), []string{"NSAllowsArbitraryLoads is true"}},
		{"media and web", app(map[string]any{"NSAllowsArbitraryLoadsForMedia": true, "NSAllowsArbitraryLoadsInWebContent": true}),
			[]string{"low : NSAllowsArbitraryLoadsForMedia", "low : NSAllowsArbitraryLoadsInWebContent"}},
	})
}
