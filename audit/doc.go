// Package audit is the static pinning audit framework: loaders turn an app
// into an [App], [Run] builds each app's effective per-host table (package
// audit/hosttable) and runs the rules over the app and its table, and the
// writers under audit/report render the [Result].
//
// Most callers do:
//
//	res, err := audit.Run(apps, audit.Options{Rules: rules.All()})
//	err = text.Write(os.Stdout, res)
//	if res.Fails(audit.SeverityMedium) { … exit 1 … }
//
// # What lives where
//
//   - audit: the framework — [Rule], [Applier], [PairRule], [Metadata],
//     [Finding], [Severity], [Status], [Options], [Run], [Result],
//     [Baseline], suppressions and pairing of Android and iOS builds.
//   - audit/model: [App] and its parts, re-exported here under the same
//     names (audit.App is model.App).
//   - audit/hosttable: the effective per-host policy (NSC, ATS, TrustKit,
//     Alamofire, OkHttp pins, first-party classification) and the
//     Android↔iOS pair rows. Rules read it through [Context]; writers read
//     it from [AppResult.Hosts] and [Result.Pairs]. Nothing else resolves a
//     config per host.
//   - audit/rules: the rules, one per file.
//
// # Imports
//
// hosttable computes rows from an App and audit carries rows in Context and
// Result, so the App type lives in audit/model, which both import:
//
//	audit/model ← audit/hosttable ← audit ← audit/rules, audit/report, loaders
package audit
