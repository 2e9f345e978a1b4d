// Package hosttable computes an audited app's effective per-host policy:
// for every host the app names anywhere (NSC, OkHttp pins, code and
// resources; on iOS also ATS, TrustKit and Alamofire evaluators), whether
// it is pinned, by which pins from which mechanism, their expiry, backups,
// user CAs, overridePins, cleartext, and whether the host is first-party.
// It also lines up an Android and an iOS build host by host ([PairRows]).
//
// The table is the single source of per-host truth: the audit engine
// builds it once per app ([Build], [Default]) and hands the rows to every
// rule through audit.Context, stores them in audit.Result, and the report
// writers print them; nothing re-resolves a config on its own.
//
// Pins are judged by internal/pinfmt ([UsableNSCPin] wraps it for NSC
// pins). This package owns the other decisions the table depends on: how
// OkHttp patterns match ([MatchOkHttpPattern]),
// which hosts are local ([IsLocalHost]), which TrustKit configurations
// apply ([TrustKitConfigs]), and the catalogue of code checks the iOS
// loader reports (CheckTrustKitInit, …, [DangerousCheck], [IsPinListURL]).
//
// # Imports
//
// hosttable imports audit/model (the App type) and the format packages,
// never package audit: audit imports hosttable for its Context and Result,
// so the App type lives in the small model package both share, and audit
// re-exports it as audit.App.
package hosttable
