package audit

import "github.com/pinkit/pinkit/audit/model"

// The audited app and its parts are defined in audit/model so that
// audit/hosttable can compute the host table from an App without
// importing this package (which imports hosttable for Context and Result).
// These aliases are the names loaders, rules and writers use.
type (
	// App is everything the rules know about one audited app (see
	// [model.App]).
	App = model.App
	// Location is where something was found (see [model.Location]).
	Location = model.Location
	// Problem is something a loader could not read or the platform would
	// reject (see [model.Problem]).
	Problem = model.Problem
	// HostRef is a host the app names in code or resources (see
	// [model.HostRef]).
	HostRef = model.HostRef
	// CodePin is a pin found in code (see [model.CodePin]).
	CodePin = model.CodePin
	// CodeCheck is one pinning-related pattern found in code (see
	// [model.CodeCheck]; kinds in audit/hosttable).
	CodeCheck = model.CodeCheck
	// BundledCert is a certificate file shipped inside the app (see
	// [model.BundledCert]).
	BundledCert = model.BundledCert
)

// Platform names for [App.Platform].
const (
	PlatformAndroid = model.PlatformAndroid
	PlatformIOS     = model.PlatformIOS
)

// Host and pin sources (see [model.SourceNSC]).
const (
	SourceNSC       = model.SourceNSC
	SourceOkHttp    = model.SourceOkHttp
	SourceCode      = model.SourceCode
	SourceResource  = model.SourceResource
	SourceATS       = model.SourceATS
	SourceTrustKit  = model.SourceTrustKit
	SourceAlamofire = model.SourceAlamofire
)
