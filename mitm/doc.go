// Package mitm is pinkit's intercepting proxy: the dynamic pinning test of
// OWASP MASTG-TEST-0244.
//
// A [Proxy] sits between an app and its servers, either as an explicit HTTP
// proxy (CONNECT, plus cleartext requests forwarded and logged) or as a
// transparent TLS listener that reads the SNI of each ClientHello. For every
// TLS connection it presents a forged certificate chosen by an [Attack],
// records whether the client accepted it, rejected it (with the TLS alert
// the client sent) or gave up, and after an accepted handshake forwards the
// requests to the real upstream so that the app keeps working.
//
// The outcomes add up to a per-host [Verdict]: pinned, intercepted,
// validation-broken, hostname-broken or unknown. [Recorder] collects them
// for a bounded number of hosts; [Proxy.Summary] returns the matrix and
// [WriteText], [WriteJSON] and [WriteSARIF] render it.
//
// The proxy refuses to connect to loopback, private, link-local and
// unspecified addresses unless [Config.AllowPrivate] is set or an
// [Config.Upstreams] mapping names the address.
//
// The proxy uses only the standard library so that every handshake
// outcome is visible; the SARIF writer uses go-sarif.
package mitm
