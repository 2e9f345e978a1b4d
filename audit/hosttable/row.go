package hosttable

import "github.com/pinkit/pinkit/audit/model"

// Row is one host of the effective per-host table.
type Row struct {
	// Host is a host name, or a pattern for OkHttp ("*.example.com").
	Host string
	// App is the model.App.Path of the app the row belongs to.
	App string
	// FirstParty is true for the app's own hosts (see Config.FirstParty).
	FirstParty bool
	// FirstPartyWhy says why the host was judged first- or third-party
	// ("configured in the network security config", "a well-known
	// third-party … domain").
	FirstPartyWhy string
	// Pinned is true when some mechanism enforces pins for the host: NSC
	// pins of a config the platform accepts (not expired, not bypassed by
	// overridePins on a system or user anchor), or well-formed OkHttp pins.
	Pinned bool
	// ConfigRejected is true when the host's NSC pins come from a config the
	// platform rejects as a whole (see PK112), so they are not enforced.
	ConfigRejected bool
	// Pins are the pins that apply, from every source.
	Pins []PinRef
	// Sources lists where the host was named: model.SourceNSC,
	// model.SourceOkHttp, model.SourceCode, … (sorted, unique).
	Sources []string
	// Expires is the NSC pin-set expiration ("yyyy-mm-dd"), "" for none.
	Expires string
	// Expired is true when the NSC pin set has expired at Config.Now.
	Expired bool
	// IncludeSubdomains is set when the matching NSC <domain> includes
	// subdomains.
	IncludeSubdomains bool
	// Backup is true when at least two distinct valid pins apply.
	Backup bool
	// UserCA is true when user-installed CAs are trusted for the host
	// (including by <debug-overrides> of a debuggable app).
	UserCA bool
	// UserCAFrom says where the trust in user CAs comes from: the release
	// policy when it trusts them, else OriginDebug; zero when not trusted.
	UserCAFrom Origin
	// OverridePins is true when a trust anchor skips pin checks.
	OverridePins bool
	// Cleartext is true when cleartext HTTP is permitted.
	Cleartext bool
	// CleartextFrom says where an Android permission for cleartext comes
	// from; zero when Cleartext is false or the row is iOS's.
	CleartextFrom Origin
	// Location is where the host's policy (or the host) was declared.
	Location model.Location
}

// PinRef is one pin of a host.
type PinRef struct {
	// Value is the pin as written (NSC base64, or "sha256/…" for OkHttp).
	Value string
	// Algorithm is "sha256" or "sha1".
	Algorithm string
	// Source is the mechanism: model.SourceNSC, model.SourceOkHttp,
	// model.SourceATS, model.SourceTrustKit or model.SourceAlamofire.
	Source string
	// Valid is true when the value is well-formed for its algorithm and
	// not a placeholder (AAAA…, YOUR_PIN, hex).
	Valid    bool
	Location model.Location
}
