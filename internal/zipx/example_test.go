package zipx_test

import (
	"errors"
	"fmt"

	"github.com/pinkit/pinkit/internal/zipx"
)

func ExampleSafeName() {
	for _, name := range []string{"res/xml/config.xml", "../../etc/passwd"} {
		clean, err := zipx.SafeName(name)
		fmt.Println(clean, errors.Is(err, zipx.ErrUnsafePath))
	}
	// Output:
	// res/xml/config.xml false
	//  true
}
