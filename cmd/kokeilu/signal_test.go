package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/corpus"
)

// TestSignalStopsBuild starts the built command on a generated site of 300
// experiments, signals it while it renders, and checks that it stops within
// a second with the shell's status for the signal and the previous output
// exactly as it was.
func TestSignalStopsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "kokeilu")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	if err := corpus.Write(site, corpus.Options{Experiments: 300, Seed: 1, Layouts: filepath.Join("..", "..")}); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "build", "-src", site).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	public := filepath.Join(site, "public")
	before := tree(t, public)

	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			// Without the cache every page is rendered again.
			if err := os.Remove(filepath.Join(site, ".public.kokeilu-cache")); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "build", "-src", site)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// The staging folder appears once rendering starts, long after
			// the command has set up its signal handling.
			staging := filepath.Join(site, ".public.build-*")
			deadline := time.Now().Add(20 * time.Second)
			for {
				if m, _ := filepath.Glob(staging); len(m) > 0 {
					break
				}
				select {
				case err := <-exited:
					t.Fatalf("the build ended before it was signalled (%v); it is too fast for this test\n%s", err, stderr.String())
				case <-time.After(2 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no staging folder within 20 s")
				}
			}
			sent := time.Now()
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running 10 s after %v", c.sig)
			}
			took := time.Since(sent)
			t.Logf("stopped %v after %v: exit %d\n%s", took.Round(time.Millisecond), c.sig, cmd.ProcessState.ExitCode(), stderr.String())
			if took > 2*time.Second { // a second, and slack for a busy machine
				t.Errorf("took %v to stop", took)
			}
			if got := cmd.ProcessState.ExitCode(); got != c.code {
				t.Errorf("exit status %d, want %d", got, c.code)
			}
			if !strings.Contains(stderr.String(), "is as it was") {
				t.Errorf("stderr does not say the output is as it was:\n%s", stderr.String())
			}
			after := tree(t, public)
			for name, data := range before {
				if after[name] != data {
					t.Errorf("%s changed", name)
				}
			}
			if len(after) != len(before) {
				t.Errorf("%d files before, %d after", len(before), len(after))
			}
			if m, _ := filepath.Glob(staging); len(m) > 0 {
				t.Errorf("staging folders left: %v", m)
			}
		})
	}
}
