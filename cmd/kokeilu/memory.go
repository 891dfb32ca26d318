package main

import (
	"os"
	"runtime/debug"
)

// setMemoryLimit gives the Go runtime a soft memory limit for a build, unless
// the user set GOMEMLIMIT. Without one the heap grows to twice what is live
// before the collector runs: about 700 MiB at 10,000 experiments per
// language. The limit is the memory a build should fit in, 550 MiB, which
// leaves room under 600 MiB for what is not heap; a lower one makes the
// collector run more often for nothing (450 MiB cost 10-25 % more CPU at
// 10,000 in alternating runs, with a live heap of about 280 MB). Memory
// decides whether a build fits a small build machine at all; GOMEMLIMIT=off
// turns the limit off. The limit grows with the content, so that a large
// site is never squeezed into a collector that runs all the time; the
// build passes the size of content/ from its scan of the inputs (see
// build.Options.ContentSize), so the limit costs no walk of its own.
func setMemoryLimit(contentBytes int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(max(550<<20, 3*contentBytes))
}
