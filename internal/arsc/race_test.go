//go:build race

package arsc

// raceEnabled skips slow oracle tests that exercise no concurrency.
const raceEnabled = true
