package pinset

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// Document types, the value of signed.type.
const (
	TypePinSet = "pinkit-pinset"
	TypeRoot   = "pinkit-root"
)

// Limits of the schema, beyond which a document is rejected with
// ReasonSchema.
const (
	maxSignatures = 64
	maxKeys       = 64
	maxHosts      = 1000
	maxPins       = 64
	maxLabel      = 256
	maxSigBytes   = 512
	maxKeyBytes   = 512
)

// timeLayout is the only accepted time format: RFC 3339 in UTC with
// seconds and no fraction.
const timeLayout = "2006-01-02T15:04:05Z"

// envelope is a parsed document before its signatures are checked.
type envelope struct {
	signatures []signature
	signed     object
	payload    []byte // the exact bytes of the signed member
}

type signature struct {
	keyID string
	sig   []byte
}

// field describes one member of an object: whether it must be present and
// how to take its value.
type field struct {
	required bool
	take     func(v any) error
}

// walk checks obj against fields in document order: a member fields does
// not name is ReasonUnknownField, a value take refuses is ReasonSchema, and
// after the walk a missing required member is ReasonSchema.
func walk(what string, obj object, fields map[string]field) error {
	for _, m := range obj {
		f, ok := fields[m.key]
		if !ok {
			return newError(ReasonUnknownField, "%s has an unknown member %s", what, quote(m.key))
		}
		if err := f.take(m.val); err != nil {
			if e, ok := err.(*Error); ok {
				return e
			}
			return newError(ReasonSchema, "%s.%s: %v", what, m.key, err)
		}
	}
	for _, k := range sortedKeys(fields) {
		if _, ok := obj.get(k); !ok && fields[k].required {
			return newError(ReasonSchema, "%s has no member %q", what, k)
		}
	}
	return nil
}

// parseEnvelope parses a canonical document and its signatures. The signed
// member is returned unchecked, with the exact bytes that were signed.
func parseEnvelope(data []byte, docType string) (*envelope, error) {
	obj, err := parseCanonical(data)
	if err != nil {
		return nil, err
	}
	env := &envelope{}
	err = walk("document", obj, map[string]field{
		"signatures": {true, func(v any) error { return env.takeSignatures(v) }},
		"signed": {true, func(v any) error {
			o, ok := v.(object)
			if !ok {
				return errType("an object", v)
			}
			env.signed = o
			return nil
		}},
	})
	if err != nil {
		return nil, err
	}
	// The document is canonical, so the canonical encoding of the signed
	// member is byte for byte the member as received.
	if env.payload, err = canonical(nil, env.signed); err != nil {
		return nil, err
	}
	if t, _ := env.signed.get("type"); t != docType {
		return nil, newError(ReasonWrongType, "signed.type is %s, want %q", describe(t), docType)
	}
	return env, nil
}

func (env *envelope) takeSignatures(v any) error {
	arr, ok := v.([]any)
	if !ok {
		return errType("an array", v)
	}
	if len(arr) > maxSignatures {
		return errf("%d signatures, at most %d", len(arr), maxSignatures)
	}
	for i, e := range arr {
		obj, ok := e.(object)
		if !ok {
			return errf("signature %d: %v", i, errType("an object", e))
		}
		var s signature
		err := walk("signature", obj, map[string]field{
			"keyid": {true, func(v any) (err error) { s.keyID, err = takeKeyID(v); return }},
			"sig":   {true, func(v any) (err error) { s.sig, err = takeBase64(v, maxSigBytes); return }},
		})
		if err != nil {
			return err
		}
		env.signatures = append(env.signatures, s)
	}
	return nil
}

// takeKeyID accepts 64 lower-case hex digits.
func takeKeyID(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", errType("a string", v)
	}
	if len(s) != 64 {
		return "", errf("key ID %s is not 64 lower-case hex digits", quote(s))
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return "", errf("key ID %s is not 64 lower-case hex digits", quote(s))
		}
	}
	return s, nil
}

// takeBase64 accepts non-empty standard padded base64 of at most max bytes.
func takeBase64(v any, max int) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, errType("a string", v)
	}
	if s == "" || len(s) > (max+2)/3*4 {
		return nil, errf("base64 of %d characters, want 1 to %d bytes", len(s), max)
	}
	for i := 0; i < len(s); i++ {
		if notBase64(s[i]) {
			return nil, errf("invalid character %q in base64", s[i])
		}
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errf("invalid base64: %v", err)
	}
	if len(b) > max {
		return nil, errf("%d bytes, at most %d", len(b), max)
	}
	return b, nil
}

func notBase64(c byte) bool {
	return !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=')
}

// takeVersion accepts an integer from 1 to 2^53-1.
func takeVersion(v any) (int64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, errType("an integer", v)
	}
	i, ok := canonicalInt(string(n))
	if !ok || i < 1 {
		return 0, errf("%s is not an integer from 1 to 2^53-1", n)
	}
	return i, nil
}

// takeTime accepts "YYYY-MM-DDTHH:MM:SSZ".
func takeTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, errType("a string", v)
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil || t.Format(timeLayout) != s {
		return time.Time{}, errf("time %s is not YYYY-MM-DDTHH:MM:SSZ", quote(s))
	}
	return t, nil
}

func takeString(v any, max int) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", errType("a string", v)
	}
	if len(s) > max {
		return "", errf("string of %d bytes, at most %d", len(s), max)
	}
	return s, nil
}

func takeConst(want string) func(any) error {
	return func(v any) error {
		if v != want {
			return errf("want %q", want)
		}
		return nil
	}
}

func takeArray(v any, max int) ([]any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, errType("an array", v)
	}
	if len(arr) > max {
		return nil, errf("%d elements, at most %d", len(arr), max)
	}
	return arr, nil
}

type schemaErr string

func (e schemaErr) Error() string { return string(e) }

func errf(format string, args ...any) error {
	return schemaErr(newError(ReasonSchema, format, args...).Detail)
}

func errType(want string, v any) error {
	return errf("want %s, got %s", want, describe(v))
}

// describe names the JSON type of v for error messages.
func describe(v any) string {
	switch t := v.(type) {
	case object:
		return "an object"
	case []any:
		return "an array"
	case string:
		return quote(t)
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "nothing"
}
