package pinset

import (
	"strings"
	"testing"
)

func TestCanonicalForm(t *testing.T) {
	for _, tc := range []struct {
		in     string
		reason Reason // "" if canonical
	}{
		{`{}`, ""},
		{`{"a":"\u001f\b\t\n\f\r\"\\"}`, ""},
		{`{"a":"/é` + "\u2028\x7f" + `😀"}`, ""},
		{`{"a":-9007199254740991,"b":9007199254740991,"c":0,"d":true,"e":null,"f":[]}`, ""},
		{`{"\ud800":1}`, ReasonNonCanonical},
		{`{"a":"\u001F"}`, ReasonNonCanonical},
		{`{"a":"\u0008"}`, ReasonNonCanonical},
		{`{"a":"\u00e9"}`, ReasonNonCanonical},
		{`{"a":9007199254740992}`, ReasonNonCanonical},
		{`{"a":1E2}`, ReasonNonCanonical},
		{`{"b":1,"a":2}`, ReasonNonCanonical},
		// JCS sorts by UTF-16 code units: U+FF61 (0xFF61) after U+1F600 (0xD83D…).
		{`{"😀":1,"｡":2}`, ""},
		{`{"｡":2,"😀":1}`, ReasonNonCanonical},
		{` {}`, ReasonNonCanonical},
		{`{"a":1,"a":1}`, ReasonDuplicateKey},
		{`{"a":"\u0061","\u0061":1}`, ReasonDuplicateKey},
		{`{"a":1}{}`, ReasonTrailingData},
		{`{"a":01}`, ReasonSyntax},
		{`{"a":"` + "\x01" + `"}`, ReasonSyntax},
		{"{\"a\":\"\xc3\"}", ReasonSyntax},
		{`[1]`, ReasonSchema},
		{strings.Repeat("[", 16) + strings.Repeat("]", 16), ReasonSchema},
		{strings.Repeat("[", 17) + strings.Repeat("]", 17), ReasonTooDeep},
	} {
		_, err := parseCanonical([]byte(tc.in))
		if ReasonOf(err) != tc.reason || (tc.reason == "" && err != nil) {
			t.Errorf("%q: got %v, want reason %q", tc.in, err, tc.reason)
		}
	}
}

func TestTooLarge(t *testing.T) {
	doc := []byte(`{"a":"` + strings.Repeat("x", MaxDocumentSize) + `"}`)
	if _, err := parseJSON(doc); ReasonOf(err) != ReasonTooLarge {
		t.Errorf("got %v, want too-large", err)
	}
}
