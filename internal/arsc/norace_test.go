//go:build !race

package arsc

const raceEnabled = false
