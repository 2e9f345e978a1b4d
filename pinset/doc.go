// Package pinset signs and verifies versioned pin sets, so that apps can
// change their pins without a release and without trusting the network:
// the rules are in docs/pinset.md, with test vectors in testdata/vectors
// that the Java reference verifier (clients/java) runs too.
//
// A pin-set document is canonical JSON: a "signed" member holding the
// version, issue and expiry times and the pinned hosts, and "signatures"
// over the exact bytes of that member by keys of a [Root] — k of n
// Ed25519 or ECDSA P-256 keys that the app ships. Most apps use an
// [Updater]:
//
//	u, err := pinset.NewUpdater(pinset.UpdaterConfig{
//		URL:       "https://pins.example.com/v1/",
//		Client:    &http.Client{Timeout: 30 * time.Second},
//		Root:      shippedRootJSON,
//		Shipped:   shippedPolicy, // a *pin.Policy
//		StatePath: filepath.Join(dataDir, "pinset-state.json"),
//	})
//	go u.Run(ctx, time.Hour)
//	client := &http.Client{Transport: &http.Transport{TLSClientConfig: u.TLSConfig(nil)}}
//
// # Guarantees
//
// A document counts only if the threshold of distinct known keys signed
// it (unknown keys and repeated keys do not count); its version must be
// greater than the last accepted (rollback), and it must not have expired
// (freeze): when the live set expires the shipped pins apply again, never
// no pinning. A set replaces the previous one whole — a host is removed
// only by a signed set that omits it. Unknown fields, duplicate keys,
// trailing data and non-canonical encodings are rejected. Signing keys
// rotate by a root document signed by the old threshold and the new one.
//
// The pin package stays free of HTTP and goroutines; the Updater is here.
package pinset
