module github.com/pinkit/pinkit/bench/mitm

go 1.26.0

require (
	github.com/elazarl/goproxy v1.9.3
	github.com/pinkit/pinkit v0.0.0
)

require (
	github.com/owenrumney/go-sarif/v3 v3.3.1 // indirect
	github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f // indirect
	github.com/xeipuuv/gojsonreference v0.0.0-20180127040603-bd5ef7bd5415 // indirect
	github.com/xeipuuv/gojsonschema v1.2.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/pinkit/pinkit => ../..
