// Command corpus writes a synthetic kokeilu site for benchmarks and load
// tests:
//
//	go run ./cmd/corpus -n 10000 -seed 1 -out /tmp/corpus10k [-layouts .]
//
// The folder gets content/ with n experiments in Finnish and Swedish (about
// 5 % only in Finnish) and copies of layouts/ and assets/ from the -layouts
// site root. The same flags always give the same files. This file only
// parses flags and calls internal/corpus.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/kokeilu/kokeilu/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of experiments")
	seed := flag.Int64("seed", 1, "seed: the same seed gives the same corpus")
	out := flag.String("out", "", "folder to write (new, empty, or written by corpus before)")
	layouts := flag.String("layouts", ".", "site root whose layouts/ and assets/ are copied (\"\" for none)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: corpus -out DIR [-n 1000] [-seed 1] [-layouts .]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	if err := corpus.Write(*out, corpus.Options{Experiments: *n, Seed: *seed, Layouts: *layouts}); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
	fmt.Printf("corpus: %d experiments (seed %d) in %s, %d ms\n", *n, *seed, *out, time.Since(start).Milliseconds())
}
