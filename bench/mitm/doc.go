// Package mitmbench compares pinkit's intercepting proxy with
// github.com/elazarl/goproxy doing the same MITM, in the same run. It is a
// separate module so that the product never depends on goproxy.
//
//	cd bench/mitm && go test -bench . -benchtime 3s -count 5
package mitmbench
