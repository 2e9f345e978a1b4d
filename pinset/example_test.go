package pinset_test

import (
	"context"
	"log"
	"net/http"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/pinset"
)

// An app ships a root document and its pins, then keeps its pins current
// from a directory written by `pinkit pinset publish`.
func ExampleNewUpdater() {
	var shippedRoot []byte // embedded root.json
	shipped, err := pin.NewPolicy(pin.Host("api.example.com",
		"sha256/rzIBqjB2UlfZw8ll+fXiU0AqyYI6GfsqsQowYPGImBw=", "sha256/NwsxqJnrKdaCTSE8SfW9mFiuKz5+95rJ8ySMVoyr4Ms="))
	if err != nil {
		log.Fatal(err)
	}
	u, err := pinset.NewUpdater(pinset.UpdaterConfig{
		URL:       "https://pins.example.com/v1/",
		Client:    &http.Client{Timeout: 30 * time.Second},
		Root:      shippedRoot,
		Shipped:   shipped,
		StatePath: "/var/lib/example/pinset-state.json",
		OnEvent: func(e pinset.Event) {
			log.Printf("pinset: %s version %d %s %v", e.Kind, e.Version, e.Reason, e.Err)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	go u.Run(context.Background(), time.Hour)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: u.TLSConfig(nil)}}
	_ = client // every handshake is checked against the live pins
}
