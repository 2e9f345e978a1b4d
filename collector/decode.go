package collector

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pinkit/pinkit/pinreport"
)

// Limits applied to one report body. A report that breaks one is
// rejected with a *FieldError naming the field.
const (
	MaxBodyBytes   = 64 << 10 // whole request body
	MaxDepth       = 3        // object → array → string
	MaxKeys        = 40       // keys in the top-level object
	MaxChainLen    = 16       // certificates per chain
	MaxPins        = 32       // entries in known-pins
	MaxCertBytes   = 16 << 10 // one PEM certificate
	MaxHostBytes   = 253      // DNS name
	MaxShortString = 256      // app id, version, platform, mode, hash, dates, pins
)

// FieldError is a report rejected because of one field.
type FieldError struct {
	Field string // JSON key, "" for the document itself
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return "invalid report: " + e.Msg
	}
	return fmt.Sprintf("invalid report: field %q: %s", e.Field, e.Msg)
}

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// MaxExtraBytes caps the unknown fields kept with a report (as a JSON
// object, in key order; fields beyond the cap are dropped, the report is
// still accepted).
const MaxExtraBytes = 4 << 10

// wireReport is the wire format every accepted client writes: pinreport's
// type, the union of RFC 7469, TrustKit and pinkit fields.
type wireReport = pinreport.Report

// Decode parses one report in any accepted format (RFC 7469 §3, TrustKit
// iOS, TrustKit Android, pinkit) and normalises it. received is used when
// the report has no date. Unknown fields are kept in Report.Extra;
// known fields with a malformed value are refused. Errors are *FieldError.
func Decode(data []byte, received time.Time) (*Report, error) {
	return decode(data, received, nil)
}

// decode is Decode with an optional issuer cache.
func decode(data []byte, received time.Time, cache *issuerCache) (*Report, error) {
	if len(data) > MaxBodyBytes {
		return nil, fieldErr("", "body larger than %d bytes", MaxBodyBytes)
	}
	var w wireReport
	var extra map[string]json.RawMessage
	if !decodeFast(data, &w) {
		w = wireReport{}
		if err := checkShape(data); err != nil {
			return nil, err
		}
		var err error
		if extra, err = decodeWire(data, &w); err != nil {
			return nil, err
		}
	}
	if err := check(&w); err != nil {
		return nil, err
	}
	r, err := normalise(&w, received, cache)
	if err != nil {
		return nil, err
	}
	r.Extra = extraJSON(extra)
	return r, nil
}

// decodeWire is the reference decoder: encoding/json reads the object,
// each known key (spelt exactly) is decoded into its field and the other
// keys are returned raw. Data after the object is an error.
func decodeWire(data []byte, w *wireReport) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return nil, jsonFieldErr("", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldErr("", "data after the JSON object")
	}
	if m == nil {
		return nil, fieldErr("", "not a JSON object")
	}
	var extra map[string]json.RawMessage
	for k, raw := range m {
		dst := wireField(w, k)
		if dst == nil {
			if extra == nil {
				extra = map[string]json.RawMessage{}
			}
			extra[k] = raw
			continue
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return nil, jsonFieldErr(k, err)
		}
	}
	return extra, nil
}

// wireField returns a pointer to the field of w whose JSON key is key, or
// nil. Keep in sync with wireReport (TestDecodeFastCoversFields).
func wireField(w *wireReport, key string) any {
	switch key {
	case "date-time":
		return &w.DateTime
	case "hostname":
		return &w.Hostname
	case "port":
		return &w.Port
	case "effective-expiration-date":
		return &w.EffectiveExpirationDate
	case "include-subdomains":
		return &w.IncludeSubdomains
	case "noted-hostname":
		return &w.NotedHostname
	case "served-certificate-chain":
		return &w.ServedCertificateChain
	case "validated-certificate-chain":
		return &w.ValidatedCertificateChain
	case "known-pins":
		return &w.KnownPins
	}
	return wireFieldClient(w, key)
}

// wireFieldClient is wireField for the TrustKit and pinkit keys.
func wireFieldClient(w *wireReport, key string) any {
	switch key {
	case "app-bundle-id":
		return &w.AppBundleID
	case "app-version":
		return &w.AppVersion
	case "app-platform":
		return &w.AppPlatform
	case "app-platform-version":
		return &w.AppPlatformVersion
	case "app-vendor-id":
		return &w.AppVendorID
	case "trustkit-version":
		return &w.TrustKitVersion
	case "enforce-pinning":
		return &w.EnforcePinning
	case "validation-result":
		return &w.ValidationResult
	case "known-pins-expiration-date":
		return &w.KnownPinsExpirationDate
	case "app":
		return &w.App
	case "policy-hash":
		return &w.PolicyHash
	case "mode":
		return &w.Mode
	}
	return nil
}

// jsonFieldErr turns an encoding/json error about field into a
// *FieldError.
func jsonFieldErr(field string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if field == "" {
			field = te.Field
		}
		return fieldErr(field, "expected %s, got JSON %s", te.Type, te.Value)
	}
	return fieldErr(field, "%s", strings.TrimPrefix(err.Error(), "json: "))
}

// extraJSON renders the unknown fields as one JSON object, keys sorted,
// values compacted, stopping before MaxExtraBytes. It returns nil for
// none.
func extraJSON(extra map[string]json.RawMessage) json.RawMessage {
	if len(extra) == 0 {
		return nil
	}
	keys := slices.Sorted(maps.Keys(extra))
	out := []byte{'{'}
	var val bytes.Buffer
	for _, k := range keys {
		val.Reset()
		if json.Compact(&val, extra[k]) != nil {
			continue
		}
		name, _ := json.Marshal(k)
		if len(out)+len(name)+val.Len()+2 > MaxExtraBytes {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, name...), ':'), val.Bytes()...)
	}
	if len(out) == 1 {
		return nil
	}
	return append(out, '}')
}

// check enforces the per-field size limits.
func check(w *wireReport) error {
	if w.Hostname == "" {
		return fieldErr("hostname", "missing")
	}
	shorts := []struct {
		name string
		v    *string
	}{
		{"date-time", &w.DateTime}, {"effective-expiration-date", &w.EffectiveExpirationDate},
		{"noted-hostname", &w.NotedHostname}, {"app", &w.App}, {"policy-hash", &w.PolicyHash},
		{"mode", &w.Mode}, {"app-bundle-id", &w.AppBundleID}, {"app-version", &w.AppVersion},
		{"app-platform", &w.AppPlatform}, {"app-platform-version", &w.AppPlatformVersion},
		{"app-vendor-id", &w.AppVendorID}, {"trustkit-version", &w.TrustKitVersion},
		{"known-pins-expiration-date", &w.KnownPinsExpirationDate},
	}
	if len(w.Hostname) > MaxHostBytes {
		return fieldErr("hostname", "longer than %d bytes", MaxHostBytes)
	}
	if len(w.NotedHostname) > MaxHostBytes {
		return fieldErr("noted-hostname", "longer than %d bytes", MaxHostBytes)
	}
	for _, s := range shorts {
		if s.v != nil && len(*s.v) > MaxShortString {
			return fieldErr(s.name, "longer than %d bytes", MaxShortString)
		}
	}
	if err := checkList("served-certificate-chain", w.ServedCertificateChain, MaxChainLen, MaxCertBytes); err != nil {
		return err
	}
	if err := checkList("validated-certificate-chain", w.ValidatedCertificateChain, MaxChainLen, MaxCertBytes); err != nil {
		return err
	}
	return checkList("known-pins", w.KnownPins, MaxPins, MaxShortString)
}

func checkList(field string, list []string, maxLen, maxItem int) error {
	if len(list) > maxLen {
		return fieldErr(field, "more than %d entries", maxLen)
	}
	for i, s := range list {
		if len(s) > maxItem {
			return fieldErr(field, "entry %d longer than %d bytes", i, maxItem)
		}
	}
	return nil
}

// format tells the wire formats apart by their distinguishing keys.
func format(w *wireReport) Format {
	switch {
	case w.AppBundleID != "" || w.TrustKitVersion != "" || w.EnforcePinning != nil:
		if strings.EqualFold(w.AppPlatform, "ANDROID") || (w.AppPlatform == "" && w.ServedCertificateChain != nil) {
			return FormatTrustKitAndroid
		}
		return FormatTrustKitIOS
	case w.PolicyHash != "" || w.Mode != "" || w.App != "":
		return FormatPinkit
	default:
		return FormatRFC7469
	}
}

// normalise maps the wire fields onto a Report. Port 0 (TrustKit's
// "unknown") and a missing port are stored as 0.
func normalise(w *wireReport, received time.Time, cache *issuerCache) (*Report, error) {
	r := &Report{
		Format: format(w), Host: w.Hostname,
		Port: w.Port, NotedHost: w.NotedHostname, IncludeSubdomains: w.IncludeSubdomains,
		AppVersion: w.AppVersion, Platform: w.AppPlatform, PlatformVersion: w.AppPlatformVersion,
		ServedChain:    nonNil(w.ServedCertificateChain),
		ValidatedChain: nonNil(w.ValidatedCertificateChain), KnownPins: nonNil(w.KnownPins),
		Date: received.UTC(), FirstSeen: received.UTC(), LastSeen: received.UTC(), Count: 1,
	}
	if err := r.normaliseHosts(); err != nil {
		return nil, err
	}
	if w.Port < 0 || w.Port > 65535 {
		return nil, fieldErr("port", "%d is not a TCP port", w.Port)
	}
	if w.DateTime != "" {
		t, err := parseDate(w.DateTime)
		if err != nil {
			return nil, fieldErr("date-time", "%v", err)
		}
		r.Date = t
	}
	if err := normaliseExpiry(w, r); err != nil {
		return nil, err
	}
	if err := normaliseApp(w, r); err != nil {
		return nil, err
	}
	r.ServedIssuer = servedIssuer(r.ServedChain, r.ValidatedChain, cache)
	return r, nil
}

// normaliseExpiry fills Expires from RFC 7469's effective-expiration-date
// (a date and time) or else TrustKit's known-pins-expiration-date (a day).
func normaliseExpiry(w *wireReport, r *Report) error {
	switch {
	case w.EffectiveExpirationDate != "":
		t, err := parseDate(w.EffectiveExpirationDate)
		if err != nil {
			return fieldErr("effective-expiration-date", "%v", err)
		}
		r.Expires = t.Format(time.RFC3339)
	case w.KnownPinsExpirationDate != "":
		t, err := time.Parse(time.DateOnly, w.KnownPinsExpirationDate)
		if err != nil {
			return fieldErr("known-pins-expiration-date", "%q is not a yyyy-MM-dd date", w.KnownPinsExpirationDate)
		}
		r.Expires = t.Format(time.RFC3339)
	}
	return nil
}

// normaliseApp fills the app identity and the enforcement mode.
func normaliseApp(w *wireReport, r *Report) error {
	switch r.Format {
	case FormatTrustKitIOS, FormatTrustKitAndroid:
		r.AppID = w.AppBundleID
		if r.Platform == "" && r.Format == FormatTrustKitAndroid {
			r.Platform = "ANDROID"
		}
		if w.EnforcePinning != nil {
			r.Mode = modeOf(*w.EnforcePinning)
		}
		r.ValidationResult = w.ValidationResult
	case FormatPinkit:
		r.AppID = w.App
		r.PolicyHash = w.PolicyHash
		r.Mode = w.Mode
		if r.Mode != "" && r.Mode != "enforce" && r.Mode != "report-only" {
			return fieldErr("mode", "want \"enforce\" or \"report-only\", got %q", r.Mode)
		}
	}
	if r.Platform != "" {
		r.Platform = strings.ToUpper(r.Platform)
	}
	return nil
}

func modeOf(enforce bool) string {
	if enforce {
		return "enforce"
	}
	return "report-only"
}

func parseDate(s string) (time.Time, error) {
	layouts := []string{
		time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date", s)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
