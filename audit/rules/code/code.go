// Package code holds rules about pinning and TLS handling done in app code
// (PK301, PK303, PK304), independent of the platform configuration.
package code
