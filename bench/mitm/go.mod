module github.com/pinkit/pinkit/bench/mitm

go 1.26.0

require (
	github.com/elazarl/goproxy v1.9.3
	github.com/pinkit/pinkit v0.0.0
)

require (
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/pinkit/pinkit => ../..
