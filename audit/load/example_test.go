package load_test

import (
	"fmt"
	"log"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load"
	"github.com/pinkit/pinkit/audit/rules"
)

// Load an app and audit it with every rule.
func ExampleLoad() {
	app, err := load.Load("../../testdata/apk/single-pin.apk")
	if err != nil {
		log.Fatal(err)
	}
	res, err := audit.Run([]*audit.App{app}, audit.Options{
		Rules: rules.All(),
		Now:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.Platform, app.ID)
	for _, f := range res.Apps[0].Findings {
		fmt.Println(f.RuleID, f.Host)
	}
	// Output:
	// android com.example.singlepin
	// PK105 example.com
}

// Load many apps, four at a time; one that fails is reported and the
// others are audited.
func ExampleAll() {
	apps, errs := load.All([]string{
		"../../testdata/apk/good.apk",
		"../../testdata/ipa/pinned.ipa",
		"../../testdata/no-such.apk",
	}, load.Options{Jobs: 4})
	for _, a := range apps {
		fmt.Println(a.Platform, a.ID)
	}
	fmt.Println(len(errs), "error")
	// Output:
	// android com.example.good
	// ios com.example.pinned
	// 1 error
}
