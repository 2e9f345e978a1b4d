package nsc_test

import (
	"fmt"
	"time"

	"github.com/pinkit/pinkit/nsc"
)

func ExampleConfig_Resolve() {
	cfg, err := nsc.Parse("network_security_config.xml", []byte(`<network-security-config>
    <domain-config>
        <domain includeSubdomains="true">example.com</domain>
        <pin-set expiration="2030-01-01">
            <pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin>
            <pin digest="SHA-256">PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=</pin>
        </pin-set>
    </domain-config>
</network-security-config>`))
	if err != nil || !cfg.Valid() {
		fmt.Println(err, cfg.Problems)
		return
	}
	opts := nsc.ResolveOptions{TargetSDK: 34, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, host := range []string{"api.example.com", "example.org"} {
		e := cfg.Resolve(host, opts)
		fmt.Printf("%s: pinned=%v pins=%d cleartext=%v userCA=%v\n", host, e.Pinned(), len(e.Pins), e.CleartextPermitted, e.UserCAs)
	}
	// Output:
	// api.example.com: pinned=true pins=2 cleartext=false userCA=false
	// example.org: pinned=false pins=0 cleartext=false userCA=false
}
