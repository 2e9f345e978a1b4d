package axml_test

import (
	"fmt"
	"os"

	"github.com/pinkit/pinkit/internal/axml"
)

func Example() {
	data, err := os.ReadFile("testdata/manifest.axml") // AndroidManifest.xml built by aapt2
	if err != nil {
		panic(err)
	}
	doc, err := axml.Decode(data)
	if err != nil {
		panic(err)
	}
	app := doc.Root.Find("application")[0]
	if a, ok := app.Attr(axml.AttrNetworkSecurityConfig); ok {
		fmt.Println("networkSecurityConfig", a.Value(), "line", app.Line)
	}
	sdk := doc.Root.Find("uses-sdk")[0]
	target, _ := sdk.Attr(axml.AttrTargetSdkVersion)
	fmt.Println("targetSdkVersion", target.Value())
	// Output:
	// networkSecurityConfig @0x7f030000 line 5
	// targetSdkVersion 33
}
