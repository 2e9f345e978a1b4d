package text

import (
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pinkit/pinkit/audit/hosttable"
)

// writeHosts prints the per-host table in natural host order (svc2 before
// svc10), the rows chosen by which.
func writeHosts(ew *errWriter, hosts []hosttable.Row, which Hosts) {
	rows := make([]hosttable.Row, 0, len(hosts))
	for _, h := range hosts {
		if which == HostsUnpinned && h.Pinned {
			continue
		}
		rows = append(rows, h)
	}
	if len(rows) == 0 {
		ew.printf("every host is pinned\n")
		return
	}
	slices.SortStableFunc(rows, func(a, b hosttable.Row) int { return NaturalCompare(a.Host, b.Host) })
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	row(tw, "HOST", "PARTY", "PINNED", "PINS", "SOURCE", "EXPIRES", "BACKUP", "USER CA", "CLEARTEXT")
	for _, h := range rows {
		row(tw, hostCell(h), party(h), pinnedCell(h), strconv.Itoa(len(h.Pins)), strings.Join(h.Sources, ","),
			dash(h.Expires), yesNo(h.Backup), yesNo(h.UserCA), yesNo(h.Cleartext))
	}
	ew.setErr(tw.Flush())
}

func hostCell(h hosttable.Row) string {
	if h.IncludeSubdomains {
		return h.Host + " (+subdomains)"
	}
	return h.Host
}

func party(h hosttable.Row) string {
	if h.FirstParty {
		return "1st"
	}
	return "3rd"
}

func pinnedCell(h hosttable.Row) string {
	pinned := yesNo(h.Pinned)
	if h.OverridePins {
		pinned += " (override)"
	}
	if h.Expired {
		pinned += " (expired)"
	}
	if h.ConfigRejected {
		pinned += " (config rejected)"
	}
	return pinned
}

// NaturalCompare orders strings with runs of digits compared by value:
// "svc2" < "svc10" < "svc11". It returns -1, 0 or +1; strings that only
// differ in leading zeros are ordered by plain comparison.
func NaturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ei, ej := digitsEnd(a, i), digitsEnd(b, j)
			if c := compareNumbers(a[i:ei], b[j:ej]); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if a[i] != b[j] {
			if a[i] < b[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// compareNumbers compares two digit strings by value without parsing them
// (they may be longer than any integer type).
func compareNumbers(x, y string) int {
	x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}
