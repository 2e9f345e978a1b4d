package pinset

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
)

// Root is a root of trust: the keys that may sign, and how many of them
// must. An app ships one (LoadRoot) and follows rotations (VerifyRotation).
type Root struct {
	// Version is the root's version; each rotation adds one.
	Version int64
	// Threshold is how many distinct keys of Keys must sign.
	Threshold int
	// Keys are the signing keys, with distinct IDs.
	Keys []PublicKey
	// Raw is the root document exactly as received.
	Raw []byte
}

// LoadRoot parses a trusted root document, such as the one shipped in an
// app. It must be signed by its own threshold of its own keys, which
// catches a root published with the wrong keys before any app ships it.
func LoadRoot(data []byte) (*Root, error) {
	env, err := parseEnvelope(data, TypeRoot)
	if err != nil {
		return nil, err
	}
	r, err := decodeRoot(env.signed)
	if err != nil {
		return nil, err
	}
	if err := r.checkThreshold(env, "its own"); err != nil {
		return nil, err
	}
	r.Raw = bytes.Clone(data)
	return r, nil
}

// VerifyRotation verifies data, the root document that follows r: it must
// be signed by r's threshold of r's keys AND by its own threshold of its
// own keys, and its version must be exactly r.Version+1.
func (r *Root) VerifyRotation(data []byte) (*Root, error) {
	env, err := parseEnvelope(data, TypeRoot)
	if err != nil {
		return nil, err
	}
	next, err := decodeRoot(env.signed)
	if err != nil {
		return nil, err
	}
	if err := r.checkThreshold(env, "the trusted root's"); err != nil {
		return nil, err
	}
	if err := next.checkThreshold(env, "the new root's"); err != nil {
		return nil, err
	}
	switch {
	case next.Version <= r.Version:
		return nil, newError(ReasonRollback, "root version %d is not greater than the trusted version %d", next.Version, r.Version)
	case next.Version != r.Version+1:
		return nil, newError(ReasonVersionGap, "root version %d does not follow the trusted version %d", next.Version, r.Version)
	}
	next.Raw = bytes.Clone(data)
	return next, nil
}

// Verify verifies a pin-set document against r. lastVersion is the version
// of the last set accepted (0 if none); now is the verifier's clock. The
// checks run in the order of docs/pinset.md: parse and canonical form,
// schema, signatures (threshold of distinct keys of r), version greater
// than lastVersion, not expired at now, and a valid policy.
func (r *Root) Verify(data []byte, lastVersion int64, now time.Time) (*PinSet, error) {
	env, err := parseEnvelope(data, TypePinSet)
	if err != nil {
		return nil, err
	}
	s, hosts, err := decodePinSet(env.signed)
	if err != nil {
		return nil, err
	}
	if err := r.checkThreshold(env, "the root's"); err != nil {
		return nil, err
	}
	if s.Version <= lastVersion {
		return nil, newError(ReasonRollback, "version %d is not greater than the last accepted version %d", s.Version, lastVersion)
	}
	if !now.Before(s.Expires) {
		return nil, newError(ReasonExpired, "expired at %s (now %s)", s.Expires.Format(timeLayout), now.UTC().Format(timeLayout))
	}
	if err := s.checkPolicy(hosts); err != nil {
		return nil, err
	}
	s.Raw = bytes.Clone(data)
	return s, nil
}

// checkThreshold counts the distinct keys of r with a valid signature over
// env's payload. Signatures by unknown keys do not count, and a key counts
// once however many signatures carry its ID.
func (r *Root) checkThreshold(env *envelope, whose string) error {
	valid := map[string]bool{}
	for _, s := range env.signatures {
		if valid[s.keyID] {
			continue
		}
		for _, k := range r.Keys {
			if k.ID == s.keyID && k.verify(env.payload, s.sig) {
				valid[s.keyID] = true
			}
		}
	}
	if len(valid) < r.Threshold {
		return newError(ReasonThreshold, "%d valid signatures by distinct keys of %s %d, threshold %d",
			len(valid), whose, len(r.Keys), r.Threshold)
	}
	return nil
}

// decodeRoot reads the signed member of a root document.
func decodeRoot(signed object) (*Root, error) {
	r := &Root{}
	var entries []any
	var threshold int64
	err := walk("signed", signed, map[string]field{
		"keys":      {true, func(v any) (err error) { entries, err = takeArray(v, maxKeys); return }},
		"threshold": {true, func(v any) (err error) { threshold, err = takeVersion(v); return }},
		"type":      {true, takeConst(TypeRoot)},
		"version":   {true, func(v any) (err error) { r.Version, err = takeVersion(v); return }},
	})
	if err != nil {
		return nil, err
	}
	if r.Keys, err = decodeKeys(entries); err != nil {
		return nil, err
	}
	if len(r.Keys) == 0 || threshold > int64(len(r.Keys)) {
		return nil, newError(ReasonInvalidRoot, "threshold %d of %d keys: want 1 to the number of keys", threshold, len(r.Keys))
	}
	r.Threshold = int(threshold)
	return r, nil
}

// decodeKeys reads the keys of a root: each {"keyid", "public"} with a
// canonical Ed25519 or P-256 SPKI whose SHA-256 is its key ID, none twice.
func decodeKeys(entries []any) ([]PublicKey, error) {
	type entry struct {
		id   string
		spki []byte
	}
	var raw []entry
	for i, e := range entries {
		obj, ok := e.(object)
		if !ok {
			return nil, newError(ReasonSchema, "keys[%d]: %v", i, errType("an object", e))
		}
		var en entry
		err := walk(fmt.Sprintf("keys[%d]", i), obj, map[string]field{
			"keyid":  {true, func(v any) (err error) { en.id, err = takeKeyID(v); return }},
			"public": {true, func(v any) (err error) { en.spki, err = takeBase64(v, maxKeyBytes); return }},
		})
		if err != nil {
			return nil, err
		}
		raw = append(raw, en)
	}
	var keys []PublicKey
	seen := map[string]bool{}
	for i, en := range raw {
		k, err := ParsePublicKey(en.spki)
		if err != nil {
			return nil, newError(ReasonInvalidRoot, "keys[%d]: %v", i, err)
		}
		if k.ID != en.id {
			return nil, newError(ReasonInvalidRoot, "keys[%d]: keyid %s is not the SHA-256 of the key (%s)", i, en.id, k.ID)
		}
		if seen[k.ID] {
			return nil, newError(ReasonInvalidRoot, "keys[%d]: key %s is listed twice", i, k.ID)
		}
		seen[k.ID] = true
		keys = append(keys, k)
	}
	return keys, nil
}

// Content is what a signer puts into a pin set.
type Content struct {
	Version         int64
	Issued, Expires time.Time
	Hosts           []Host
}

// SignPinSet encodes c as a canonical pin-set document signed by keys.
// It checks the hosts are a valid policy first, so nothing unverifiable is
// signed.
func SignPinSet(c Content, keys ...*PrivateKey) ([]byte, error) {
	hosts := make([]any, 0, len(c.Hosts))
	for _, h := range c.Hosts {
		pins := make([]any, 0, len(h.Pins))
		for _, p := range h.Pins {
			po := object{{"spki", p.SPKI.String()}}
			if p.Label != "" {
				po = append(po, member{"label", p.Label})
			}
			pins = append(pins, po)
		}
		hosts = append(hosts, object{{"include-subdomains", h.IncludeSubdomains}, {"name", h.Name}, {"pins", pins}})
	}
	signed := object{
		{"expires", c.Expires.UTC().Format(timeLayout)},
		{"hosts", hosts},
		{"issued", c.Issued.UTC().Format(timeLayout)},
		{"type", TypePinSet},
		{"version", json.Number(fmt.Sprint(c.Version))},
	}
	doc, err := signDocument(signed, keys)
	if err != nil {
		return nil, err
	}
	// Decode what was written with the verifier's own rules.
	env, err := parseEnvelope(doc, TypePinSet)
	if err != nil {
		return nil, fmt.Errorf("failed to sign pin set: %w", err)
	}
	s, raw, err := decodePinSet(env.signed)
	if err == nil {
		err = s.checkPolicy(raw)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to sign pin set: %w", err)
	}
	return doc, nil
}

// SignRoot encodes a root document for version, threshold and keys,
// signed by signers (for a rotation: the old threshold and the new).
func SignRoot(version int64, threshold int, keys []PublicKey, signers ...*PrivateKey) ([]byte, error) {
	entries := make([]any, len(keys))
	for i, k := range keys {
		entries[i] = k.entry()
	}
	signed := object{
		{"keys", entries},
		{"threshold", json.Number(fmt.Sprint(threshold))},
		{"type", TypeRoot},
		{"version", json.Number(fmt.Sprint(version))},
	}
	doc, err := signDocument(signed, signers)
	if err != nil {
		return nil, err
	}
	env, err := parseEnvelope(doc, TypeRoot)
	if err == nil {
		_, err = decodeRoot(env.signed)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to sign root: %w", err)
	}
	return doc, nil
}

// signDocument wraps the canonical encoding of signed with one signature
// per distinct key.
func signDocument(signed object, keys []*PrivateKey) ([]byte, error) {
	payload, err := canonical(nil, signed)
	if err != nil {
		return nil, fmt.Errorf("failed to encode document: %w", err)
	}
	var sigs []any
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k.public.ID] {
			continue
		}
		seen[k.public.ID] = true
		sig, err := k.sign(payload)
		if err != nil {
			return nil, fmt.Errorf("failed to sign with key %s: %w", k.public.ID, err)
		}
		sigs = append(sigs, object{{"keyid", k.public.ID}, {"sig", base64.StdEncoding.EncodeToString(sig)}})
	}
	if sigs == nil {
		sigs = []any{}
	}
	return canonical(nil, object{{"signatures", sigs}, {"signed", signed}})
}

// AddSignatures returns doc with a signature by each of keys added (keys
// that already signed are skipped), so that the holders of a threshold's
// keys can sign one after another. The signed member is not changed.
func AddSignatures(doc []byte, keys ...*PrivateKey) ([]byte, error) {
	obj, err := parseCanonical(doc)
	if err != nil {
		return nil, err
	}
	t, _ := obj.get("signed")
	signed, ok := t.(object)
	if !ok {
		return nil, newError(ReasonSchema, "document has no signed object")
	}
	var docType string
	if v, _ := signed.get("type"); v == TypeRoot || v == TypePinSet {
		docType = v.(string)
	}
	env, err := parseEnvelope(doc, docType)
	if err != nil {
		return nil, err
	}
	sigs := []any{}
	have := map[string]bool{}
	for _, s := range env.signatures {
		have[s.keyID] = true
		sigs = append(sigs, object{{"keyid", s.keyID}, {"sig", base64.StdEncoding.EncodeToString(s.sig)}})
	}
	for _, k := range keys {
		if have[k.public.ID] {
			continue
		}
		have[k.public.ID] = true
		sig, err := k.sign(env.payload)
		if err != nil {
			return nil, fmt.Errorf("failed to sign with key %s: %w", k.public.ID, err)
		}
		sigs = append(sigs, object{{"keyid", k.public.ID}, {"sig", base64.StdEncoding.EncodeToString(sig)}})
	}
	return canonical(nil, object{{"signatures", sigs}, {"signed", env.signed}})
}
