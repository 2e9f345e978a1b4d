package code

import "testing"

func TestOkHttpPins(t *testing.T) {
	t.Parallel()
	runCases(t, OkHttpPins{}, []ruleCase{
		{"good", app(pins("*.example.com", pinA, pinB)), nil},
		{"unpadded is fine for okio", app(pins("api.example.com", pinA[:len(pinA)-1], pinB)), nil},
		{"single pin", app(pins("**.example.com", pinA)), []string{"**.example.com has 1 distinct valid pin(s)"}},
		{"same pin twice", app(pins("example.com", pinA, pinA)), []string{"has 1 distinct"}},
		{"malformed", app(pins("example.com", "sha256/abc", pinA, pinB)), []string{"does not decode to 32 bytes"}},
		{"unknown prefix", app(pins("example.com", "md5/abc", pinA, pinB)), []string{"unknown prefix"}},
		{"placeholder", app(pins("example.com", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", pinA)),
			[]string{"has 1 distinct", "placeholder"}},
		{"sha1", app(pins("example.com", sha1, pinA)), []string{"SHA-1 pin"}},
		{"host not recovered", app(pins("", pinA)), []string{"(host not recovered) has 1"}},
		{"IDN pattern", app(pins("*.Bücher.example", pinA, pinB)), nil},
		{"pattern with port", app(pins("api.example.com:443", pinA, pinB)), []string{"it pins no host"}},
		{"no code pins", app(), nil},
	})
}
