// Command pinkit audits, tests and builds identity-pinning configurations.
//
// See README.md or run "pinkit help" for the verbs.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
