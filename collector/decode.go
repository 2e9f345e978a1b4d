package collector

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
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

// wireReport is the union of every accepted format's fields.
type wireReport struct {
	DateTime           *string  `json:"date-time"`
	Hostname           string   `json:"hostname"`
	Port               *int     `json:"port"`
	EffectiveExpiry    string   `json:"effective-expiration-date"`
	IncludeSubdomains  bool     `json:"include-subdomains"`
	NotedHostname      string   `json:"noted-hostname"`
	Served             []string `json:"served-certificate-chain"`
	Validated          []string `json:"validated-certificate-chain"`
	KnownPins          []string `json:"known-pins"`
	App                *string  `json:"app"`
	PolicyHash         *string  `json:"policy-hash"`
	Mode               *string  `json:"mode"`
	AppBundleID        *string  `json:"app-bundle-id"`
	AppVersion         string   `json:"app-version"`
	AppPlatform        string   `json:"app-platform"`
	AppPlatformVersion string   `json:"app-platform-version"`
	AppVendorID        string   `json:"app-vendor-id"`
	TrustKitVersion    *string  `json:"trustkit-version"`
	EnforcePinning     *bool    `json:"enforce-pinning"`
	ValidationResult   *int     `json:"validation-result"`
}

// Decode parses one report in any accepted format (RFC 7469 §3, TrustKit
// iOS, TrustKit Android, pinkit) and normalises it. received is used when
// the report has no date. Errors are *FieldError.
func Decode(data []byte, received time.Time) (*Report, error) {
	return decode(data, received, nil)
}

// decode is Decode with an optional issuer cache.
func decode(data []byte, received time.Time, cache *issuerCache) (*Report, error) {
	if len(data) > MaxBodyBytes {
		return nil, fieldErr("", "body larger than %d bytes", MaxBodyBytes)
	}
	var w wireReport
	if !decodeFast(data, &w) {
		w = wireReport{}
		if err := checkShape(data); err != nil {
			return nil, err
		}
		if err := decodeWire(data, &w); err != nil {
			return nil, err
		}
	}
	if err := w.check(); err != nil {
		return nil, err
	}
	return w.normalise(received, cache)
}

// decodeWire decodes data with encoding/json: unknown fields and data
// after the object are errors.
func decodeWire(data []byte, w *wireReport) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(w); err != nil {
		return jsonFieldErr(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fieldErr("", "data after the JSON object")
	}
	return nil
}

// jsonFieldErr turns an encoding/json error into a *FieldError.
func jsonFieldErr(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fieldErr(te.Field, "expected %s, got JSON %s", te.Type, te.Value)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fieldErr(strings.Trim(name, `"`), "unknown field")
	}
	return fieldErr("", "%s", strings.TrimPrefix(msg, "json: "))
}

// check enforces the per-field size limits.
func (w *wireReport) check() error {
	if w.Hostname == "" {
		return fieldErr("hostname", "missing")
	}
	shorts := []struct {
		name string
		v    *string
	}{
		{"date-time", w.DateTime}, {"effective-expiration-date", &w.EffectiveExpiry},
		{"noted-hostname", &w.NotedHostname}, {"app", w.App}, {"policy-hash", w.PolicyHash},
		{"mode", w.Mode}, {"app-bundle-id", w.AppBundleID}, {"app-version", &w.AppVersion},
		{"app-platform", &w.AppPlatform}, {"app-platform-version", &w.AppPlatformVersion},
		{"app-vendor-id", &w.AppVendorID}, {"trustkit-version", w.TrustKitVersion},
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
	if err := checkList("served-certificate-chain", w.Served, MaxChainLen, MaxCertBytes); err != nil {
		return err
	}
	if err := checkList("validated-certificate-chain", w.Validated, MaxChainLen, MaxCertBytes); err != nil {
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
func (w *wireReport) format() Format {
	switch {
	case w.AppBundleID != nil || w.TrustKitVersion != nil:
		if strings.EqualFold(w.AppPlatform, "ANDROID") || (w.AppPlatform == "" && w.Served != nil) {
			return FormatTrustKitAndroid
		}
		return FormatTrustKitIOS
	case w.PolicyHash != nil || w.Mode != nil || w.App != nil:
		return FormatPinkit
	default:
		return FormatRFC7469
	}
}

// normalise maps the wire fields onto a Report.
func (w *wireReport) normalise(received time.Time, cache *issuerCache) (*Report, error) {
	r := &Report{
		Format: w.format(), Host: w.Hostname,
		Port: 443, NotedHost: w.NotedHostname, IncludeSubdomains: w.IncludeSubdomains,
		AppVersion: w.AppVersion, Platform: w.AppPlatform, PlatformVersion: w.AppPlatformVersion,
		ServedChain: nonNil(w.Served), ValidatedChain: nonNil(w.Validated), KnownPins: nonNil(w.KnownPins),
		Date: received.UTC(), FirstSeen: received.UTC(), LastSeen: received.UTC(), Count: 1,
	}
	if err := r.normaliseHosts(); err != nil {
		return nil, err
	}
	if w.Port != nil {
		if *w.Port < 1 || *w.Port > 65535 {
			return nil, fieldErr("port", "%d is not a TCP port", *w.Port)
		}
		r.Port = *w.Port
	}
	if w.DateTime != nil && *w.DateTime != "" {
		t, err := parseDate(*w.DateTime)
		if err != nil {
			return nil, fieldErr("date-time", "%v", err)
		}
		r.Date = t
	}
	if err := w.normaliseApp(r); err != nil {
		return nil, err
	}
	r.ServedIssuer = servedIssuer(r.ServedChain, r.ValidatedChain, cache)
	return r, nil
}

// normaliseApp fills the app identity and the enforcement mode.
func (w *wireReport) normaliseApp(r *Report) error {
	switch r.Format {
	case FormatTrustKitIOS, FormatTrustKitAndroid:
		r.AppID = deref(w.AppBundleID)
		if r.Platform == "" && r.Format == FormatTrustKitAndroid {
			r.Platform = "ANDROID"
		}
		if w.EnforcePinning != nil {
			r.Mode = modeOf(*w.EnforcePinning)
		}
		if w.ValidationResult != nil {
			r.ValidationResult = *w.ValidationResult
		}
	case FormatPinkit:
		r.AppID = deref(w.App)
		r.PolicyHash = deref(w.PolicyHash)
		r.Mode = deref(w.Mode)
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

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
