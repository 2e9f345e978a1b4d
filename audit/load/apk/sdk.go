package apk

import "github.com/pinkit/pinkit/audit"

// defaultSDKs applies the platform's defaults for an undeclared
// <uses-sdk>: minSdkVersion defaults to 1 and targetSdkVersion to
// minSdkVersion (PackageParser). An app without <uses-sdk> therefore
// targets API 1, never "0".
func defaultSDKs(app *audit.App) {
	if app.MinSDK <= 0 {
		app.MinSDK = 1
	}
	if app.TargetSDK <= 0 {
		app.TargetSDK = app.MinSDK
	}
}
