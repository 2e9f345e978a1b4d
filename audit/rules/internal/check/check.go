// Package check holds the predicates several rule packages share: which
// platform an app is for, and whether an iOS app pins in code. Rules read
// per-host policy from audit/hosttable; these predicates are about the app.
package check

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// Android reports whether app is an Android app (an app whose loader did
// not set a platform counts as Android, as the host table does).
func Android(app *audit.App) bool {
	return app.Platform == audit.PlatformAndroid || app.Platform == ""
}

// IOS reports whether app is an iOS app.
func IOS(app *audit.App) bool { return app.Platform == audit.PlatformIOS }

// CodePinning names the library an app pins with in code ("TrustKit",
// "Alamofire", "AFNetworking"), or returns "" when it does not.
func CodePinning(app *audit.App) string {
	for _, c := range app.TrustKit {
		if len(c.Domains) > 0 {
			return "TrustKit"
		}
	}
	for _, c := range app.CodeChecks {
		switch c.Kind {
		case hosttable.CheckAlamofireCertificate, hosttable.CheckAlamofirePublicKeys:
			return "Alamofire"
		case hosttable.CheckAFNetworkingPinning:
			return "AFNetworking"
		case hosttable.CheckTrustKitInit:
			return "TrustKit"
		}
	}
	return ""
}
