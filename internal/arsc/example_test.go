package arsc_test

import (
	"archive/zip"
	"fmt"
	"io"
	"log"

	"github.com/pinkit/pinkit/internal/arsc"
)

// Example resolves the manifest's android:networkSecurityConfig reference
// (@0x7f0a0000 in this fixture) to the path-shortened file inside the APK.
func Example() {
	zr, err := zip.OpenReader("testdata/short.apk")
	if err != nil {
		log.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("resources.arsc")
	if err != nil {
		log.Fatal(err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		log.Fatal(err)
	}
	tab, err := arsc.Decode(data)
	if err != nil {
		log.Fatal(err)
	}
	v, err := tab.Resolve(0x7f0a0000)
	if err != nil {
		log.Fatal(err)
	}
	name, _ := tab.Name(0x7f0a0000)
	fmt.Println(name, "->", v.String)
	// Output:
	// xml/network_security_config -> res/4u.xml
}
