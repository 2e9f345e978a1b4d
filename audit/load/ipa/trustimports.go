package ipa

import (
	"bytes"
	"debug/macho"
	"errors"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// Selectors of the delegate methods that answer a server-trust challenge
// (URLSessionDelegate, URLSessionTaskDelegate, WKNavigationDelegate,
// NSURLConnectionDelegate), and of the calls that accept a trust as a
// credential (URLCredential(trust:) is initWithTrust: to the runtime).
var (
	challengeSelectors = []string{
		"URLSession:didReceiveChallenge:completionHandler:",
		"URLSession:task:didReceiveChallenge:completionHandler:",
		"webView:didReceiveAuthenticationChallenge:completionHandler:",
		"connection:willSendRequestForAuthenticationChallenge:",
	}
	trustCredentialSelectors = []string{"credentialForTrust:", "initWithTrust:"}
)

// binaryTrust is what a binary's symbol and selector tables say about
// server-trust handling.
type binaryTrust struct {
	handler   string // the challenge selector found, "" for none
	credTrust bool   // accepts a trust as credential
	evaluates bool   // imports SecTrustEvaluate, SecTrustEvaluateWithError or SecTrustEvaluateAsync*
}

// readBinaryTrust reads the imported symbols and Objective-C selectors of
// a thin or fat Mach-O (the guards of MachOStrings apply first).
func readBinaryTrust(data []byte, lim MachOLimits) (t binaryTrust, err error) {
	lim.defaults()
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("malformed Mach-O")
		}
	}()
	r := bytes.NewReader(data)
	if err := checkFat(r, int64(len(data)), lim.MaxArches); err != nil {
		return t, err
	}
	if fat, ferr := macho.NewFatFile(r); ferr == nil {
		defer fat.Close()
		for _, a := range fat.Arches {
			t.read(a.File, lim)
		}
		return t, nil
	}
	if err := checkMachO(r, int64(len(data))); err != nil {
		return t, err
	}
	f, err := macho.NewFile(r)
	if err != nil {
		return t, err
	}
	defer f.Close()
	t.read(f, lim)
	return t, nil
}

func (t *binaryTrust) read(f *macho.File, lim MachOLimits) {
	syms, _ := f.ImportedSymbols()
	for _, s := range syms {
		if strings.HasPrefix(strings.TrimPrefix(s, "_"), "SecTrustEvaluate") {
			t.evaluates = true
		}
	}
	for _, s := range f.Sections {
		if s.Name != "__objc_methname" || int64(s.Size) > lim.MaxSection || s.Offset == 0 {
			continue
		}
		data, err := s.Data()
		if err != nil {
			continue
		}
		for _, sel := range bytes.Split(data, []byte{0}) {
			switch str := string(sel); {
			case t.handler == "" && contains(challengeSelectors, str):
				t.handler = str
			case contains(trustCredentialSelectors, str):
				t.credTrust = true
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// scanBinaryTrust adds a challenge-handler-without-evaluation check when a
// binary implements a server-trust challenge handler and accepts trusts as
// credentials but imports no SecTrustEvaluate* function: nothing in it can
// have evaluated the trust it hands back (MASTG-TEST-0396/0397). A handler
// that only defers to the system needs no import; it also needs no
// credentialForTrust:, so it is not reported.
func scanBinaryTrust(app *audit.App, name string, data []byte, lim MachOLimits) {
	t, err := readBinaryTrust(data, lim)
	if err != nil || t.handler == "" || !t.credTrust || t.evaluates {
		return
	}
	addCheck(app, audit.CodeCheck{Kind: hosttable.CheckChallengeWithoutEvaluation,
		Location: audit.Location{File: name, Symbol: t.handler},
		Detail: "the binary implements " + t.handler + " and creates credentials from server trusts (credentialForTrust:) " +
			"but imports no SecTrustEvaluate* function: the trust it accepts is never evaluated"})
}
