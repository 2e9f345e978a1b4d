package zipx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/pinkit/pinkit/internal/zipx"
)

// Read one entry of an archive, then see a limit refuse an oversized one.
func ExampleNewReader() {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("AndroidManifest.xml")
	_, _ = w.Write([]byte("<manifest/>"))
	w, _ = zw.Create("classes.dex")
	_, _ = w.Write(bytes.Repeat([]byte{0}, 4096))
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	lim := zipx.DefaultLimits()
	lim.MaxEntrySize = 1024
	zr, err := zipx.NewReader("app.apk", bytes.NewReader(buf.Bytes()), int64(buf.Len()), lim)
	if err != nil {
		log.Fatal(err)
	}
	f, _ := zr.Find("AndroidManifest.xml")
	data, err := f.ReadAll()
	fmt.Printf("%s %v\n", data, err)
	f, _ = zr.Find("classes.dex")
	_, err = f.ReadAll()
	fmt.Println(errors.Is(err, zipx.ErrLimit))
	// Output:
	// <manifest/> <nil>
	// true
}
