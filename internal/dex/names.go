package dex

import (
	"strconv"
	"strings"
)

// LoadOrder returns the entries of names that the platform loads as an
// APK's code, in load order: classes.dex, then classes2.dex, classes3.dex …
// up to the first missing number. classes1.dex, classes02.dex and entries
// in subdirectories are never loaded.
func LoadOrder(names []string) []string {
	have := map[int]string{}
	for _, n := range names {
		if k := dexNumber(n); k > 0 {
			have[k] = n
		}
	}
	var out []string
	for k := 1; ; k++ {
		n, ok := have[k]
		if !ok {
			return out
		}
		out = append(out, n)
	}
}

// dexNumber returns 1 for classes.dex, N for classesN.dex (N >= 2 without
// leading zeros) and 0 for anything else.
func dexNumber(name string) int {
	mid, ok := strings.CutPrefix(name, "classes")
	if !ok {
		return 0
	}
	if mid, ok = strings.CutSuffix(mid, ".dex"); !ok {
		return 0
	}
	if mid == "" {
		return 1
	}
	if mid[0] < '1' || mid[0] > '9' || len(mid) > 6 {
		return 0
	}
	k, err := strconv.Atoi(mid)
	if err != nil || k < 2 {
		return 0
	}
	return k
}

// ClassName turns a class descriptor ("Lcom/example/Api$1;") into a Java
// class name ("com.example.Api$1"); other descriptors are returned as is.
func ClassName(desc string) string {
	if len(desc) > 2 && desc[0] == 'L' && desc[len(desc)-1] == ';' {
		return strings.ReplaceAll(desc[1:len(desc)-1], "/", ".")
	}
	return desc
}
