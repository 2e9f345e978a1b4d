package dex_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/pinkit/pinkit/internal/dex"
)

func ExampleRead() {
	f, err := os.Open("testdata/classes2.dex") // assembled by smali
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	err = dex.Read("classes2.dex", f, fi.Size(), func(s string) error {
		if strings.HasPrefix(s, "sha256/") || strings.HasSuffix(s, ".example.com") {
			fmt.Println(s)
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// pinned.example.com
	// sha256/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=
}
