package ipa

import (
	"regexp"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/load/internal/srcscan"
)

var (
	// evaluatorEntry matches a ServerTrustManager evaluators entry:
	// "api.example.com": PublicKeysTrustEvaluator(…).
	evaluatorEntry = regexp.MustCompile(`"([A-Za-z0-9.*-]+)"\s*:\s*(PinnedCertificatesTrustEvaluator|PublicKeysTrustEvaluator)\s*\(`)
	// challengeHandler matches URLSession / NSURLSession auth challenge delegate methods.
	challengeHandler = regexp.MustCompile(`didReceive\s+challenge\s*:\s*URLAuthenticationChallenge|didReceiveChallenge\s*:\s*\(\s*NSURLAuthenticationChallenge`)
	// nextMethod finds the start of the next method after a handler.
	nextMethod = regexp.MustCompile(`\n\s*(?:(?:public|private|internal|fileprivate|open|override|final|@objc|static|class)\s+)*func\s|\n[-+]\s*\(|\n@end\b`)
	// evaluates matches code that evaluates a server trust.
	evaluates = regexp.MustCompile(`SecTrustEvaluate|TSKPinningValidator|handleChallenge|handle\(\s*challenge|\.evaluate\(|evaluate\(\s*serverTrust|serverTrustManager|evaluateServerTrust`)
	// acceptsTrust matches answering a challenge with a credential for the served trust.
	acceptsTrust = regexp.MustCompile(`(?s)(\.useCredential|NSURLSessionAuthChallengeUseCredential).*(URLCredential\(\s*trust|credentialForTrust)|(URLCredential\(\s*trust|credentialForTrust).*(\.useCredential|NSURLSessionAuthChallengeUseCredential)`)
	// defersToSystem matches handlers that leave the decision to the system.
	defersToSystem = regexp.MustCompile(`performDefaultHandling|cancelAuthenticationChallenge|NSURLSessionAuthChallengePerformDefaultHandling|NSURLSessionAuthChallengeCancelAuthenticationChallenge|rejectProtectionSpace`)
)

// codePatterns map source patterns to code check kinds.
var codePatterns = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`TrustKit\.initSharedInstance\s*\(\s*withConfiguration|initSharedInstanceWithConfiguration\s*:|TrustKit\s*\(\s*configuration\s*:`), hosttable.CheckTrustKitInit},
	{regexp.MustCompile(`kTSKEnforcePinning\s*:\s*(?:false|NO|@NO|@\(NO\)|kCFBooleanFalse)`), hosttable.CheckTrustKitNotEnforced},
	{regexp.MustCompile(`\bPinnedCertificatesTrustEvaluator\s*\(`), hosttable.CheckAlamofireCertificate},
	{regexp.MustCompile(`\bPublicKeysTrustEvaluator\s*\(`), hosttable.CheckAlamofirePublicKeys},
	{regexp.MustCompile(`policyWithPinningMode\s*:\s*AFSSLPinningMode(?:PublicKey|Certificate)`), hosttable.CheckAFNetworkingPinning},
	{regexp.MustCompile(`validateCertificateChain\s*:\s*false`), hosttable.CheckAlamofireNoChain},
	{regexp.MustCompile(`performDefaultValidation\s*:\s*false`), hosttable.CheckAlamofireNoDefault},
	{regexp.MustCompile(`validateHost\s*:\s*false`), hosttable.CheckAlamofireNoHost},
	{regexp.MustCompile(`\bDisabled(?:Trust)?Evaluator\s*\(`), hosttable.CheckAlamofireDisabled},
	{regexp.MustCompile(`allowInvalidCertificates\s*=\s*(?:YES|true)|setAllowInvalidCertificates\s*:\s*(?:YES|true)`), hosttable.CheckAFAllowInvalid},
	{regexp.MustCompile(`validatesDomainName\s*=\s*(?:NO|false)|setValidatesDomainName\s*:\s*(?:NO|false)`), hosttable.CheckAFNoDomainValidation},
}

// scanSource adds what a Swift or Objective-C file reveals: hosts and
// pin-list URLs in string literals, pinning libraries, disabled validation
// flags and challenge handlers that never evaluate the server trust.
func scanSource(app *audit.App, name string, data []byte) {
	lines := srcscan.NewLines(data)
	sc := newStringScanner(app, name, false)
	for _, lit := range srcscan.Literals(data) {
		s := srcscan.Unquote(data[lit[2]:lit[3]])
		sc.hosts(s, audit.Location{File: name, Line: lines.Line(lit[2])})
	}
	hosted := map[int]bool{}
	for _, m := range evaluatorEntry.FindAllSubmatchIndex(data, -1) {
		kind := hosttable.CheckAlamofireCertificate
		if string(data[m[4]:m[5]]) == "PublicKeysTrustEvaluator" {
			kind = hosttable.CheckAlamofirePublicKeys
		}
		hosted[m[4]] = true
		addCheck(app, audit.CodeCheck{Kind: kind, Host: string(data[m[2]:m[3]]), Detail: string(data[m[4]:m[5]]),
			Location: audit.Location{File: name, Line: lines.Line(m[4])}})
	}
	for _, p := range codePatterns {
		for _, m := range p.re.FindAllIndex(data, -1) {
			if hosted[m[0]] {
				continue // already recorded with its host
			}
			addCheck(app, audit.CodeCheck{Kind: p.kind, Detail: string(data[m[0]:m[1]]),
				Location: audit.Location{File: name, Line: lines.Line(m[0])}})
		}
	}
	scanHandlers(app, name, data, lines)
}

// scanHandlers reports auth challenge handlers whose body never evaluates
// the server trust and does not leave the decision to the system.
func scanHandlers(app *audit.App, name string, data []byte, lines srcscan.Lines) {
	for _, m := range challengeHandler.FindAllIndex(data, -1) {
		body := data[m[1]:]
		if end := nextMethod.FindIndex(body); end != nil {
			body = body[:end[0]]
		}
		if evaluates.Match(body) {
			continue
		}
		loc := audit.Location{File: name, Line: lines.Line(m[0])}
		switch {
		case acceptsTrust.Match(body):
			addCheck(app, audit.CodeCheck{Kind: hosttable.CheckChallengeWithoutEvaluation, Location: loc,
				Detail: "answers .useCredential with URLCredential(trust:) without SecTrustEvaluateWithError: any server certificate is accepted"})
		case !defersToSystem.Match(body):
			addCheck(app, audit.CodeCheck{Kind: hosttable.CheckChallengeWithoutEvaluation, Location: loc,
				Detail: "challenge handler never calls SecTrustEvaluateWithError"})
		}
	}
}
