package text

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// writePairs renders, for each Android/iOS pair of res (res.Pairs, as Run
// computed them with its own options, FirstParty included), the first-party
// hosts side by side: pinned?, how many pins and from where on each
// platform, and whether the pin sets agree.
func writePairs(ew *errWriter, res *audit.Result) {
	for _, p := range res.Pairs {
		var rows []hosttable.PairRow
		for _, r := range p.Hosts {
			if r.FirstParty() {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			continue
		}
		ew.printf("\n== %s (android) vs %s (ios) ==\n", p.Android.App.Path, p.IOS.App.Path)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		row(tw, "HOST", "ANDROID", "ANDROID PINS", "IOS", "IOS PINS", "SAME PINS")
		for _, r := range rows {
			row(tw, r.Host, yesNo(r.Android.Pinned), pinSummary(r.Android), yesNo(r.IOS.Pinned), pinSummary(r.IOS), samePins(r))
		}
		ew.setErr(tw.Flush())
	}
}

// pinSummary is "2 (NSC)" or "-".
func pinSummary(h hosttable.Row) string {
	if len(h.Pins) == 0 {
		return "-"
	}
	var src []string
	for _, p := range h.Pins {
		if !slices.Contains(src, p.Source) {
			src = append(src, p.Source)
		}
	}
	return fmt.Sprintf("%d (%s)", len(hosttable.ValidPins(h)), strings.Join(src, ","))
}

func samePins(r hosttable.PairRow) string {
	a, i := hosttable.ValidPins(r.Android), hosttable.ValidPins(r.IOS)
	switch {
	case !r.Android.Pinned || !r.IOS.Pinned:
		return "-"
	case len(a) == 0 || len(i) == 0:
		return "unknown"
	}
	return yesNo(slices.Equal(a, i))
}
