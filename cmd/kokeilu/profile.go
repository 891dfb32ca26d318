package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the command to the file
// KOKEILU_CPUPROFILE names, for measuring a build as it really runs (see
// docs/performance.md). It returns the function that ends the profile.
func startProfile(stderr io.Writer) func() {
	name := os.Getenv("KOKEILU_CPUPROFILE")
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu: KOKEILU_CPUPROFILE:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
