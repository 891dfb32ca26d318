package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// installHint is how to get every validator this package runs.
const installHint = "install the validators with `bash .ci/validators-setup.sh .validators` in the repository root"

var root struct {
	once sync.Once
	dir  string
	err  error
}

// repoRoot is the directory of the go.mod above the test's working directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	root.once.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			root.err = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root.dir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				root.err = errors.New("no go.mod above the working directory")
				return
			}
			dir = parent
		}
	})
	if root.err != nil {
		t.Fatalf("finding the repository root: %v", root.err)
	}
	return root.dir
}

// validatorsDir is where .ci/validators-setup.sh installed the npm validators.
// KOKEILU_VALIDATORS overrides it.
func validatorsDir(t testing.TB) string {
	if d := os.Getenv("KOKEILU_VALIDATORS"); d != "" {
		return d
	}
	return filepath.Join(repoRoot(t), ".validators")
}

// missing skips the test because a validator is not installed. In CI it fails
// the test instead: CI must never pass without running every check.
func missing(t testing.TB, tool string) {
	t.Helper()
	msg := fmt.Sprintf("%s is not installed; %s", tool, installHint)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set, so this check may not be skipped)", msg)
	}
	t.Skip(msg)
}

// needCmd returns the path of a command on PATH, or skips (fails in CI).
func needCmd(t testing.TB, tool string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	missing(t, tool)
	return ""
}

// needFile returns path if it exists, or skips (fails in CI).
func needFile(t testing.TB, tool, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, fmt.Sprintf("%s (%s)", tool, path))
	}
	return path
}

func needVnu(t testing.TB) (java, jar string) {
	t.Helper()
	java = needCmd(t, "Java (for the Nu Html Checker)", "java")
	jar = needFile(t, "Nu Html Checker", filepath.Join(validatorsDir(t), "node_modules", "vnu-jar", "build", "dist", "vnu.jar"))
	return java, jar
}

func needAxe(t testing.TB) string {
	t.Helper()
	return needFile(t, "axe-core", filepath.Join(validatorsDir(t), "node_modules", "axe-core", "axe.min.js"))
}

func needLinkinator(t testing.TB) string {
	t.Helper()
	needCmd(t, "Node.js (for linkinator)", "node")
	return needFile(t, "linkinator", filepath.Join(validatorsDir(t), "node_modules", ".bin", "linkinator"))
}

func needLighthouse(t testing.TB) string {
	t.Helper()
	needCmd(t, "Node.js (for Lighthouse)", "node")
	return needFile(t, "Lighthouse", filepath.Join(validatorsDir(t), "node_modules", ".bin", "lighthouse"))
}

// needChromium finds the browser for axe, the keyboard test and Lighthouse.
// CHROMIUM overrides the search.
func needChromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return needFile(t, "Chromium", p)
	}
	return needCmd(t, "Chromium (Debian package chromium)", "chromium", "chromium-browser")
}

// result is what a command printed and how it ended.
type result struct {
	stdout, stderr string
	code           int // exit code; -1 when it did not exit normally
}

func (r result) output() string { return strings.TrimSpace(r.stdout + "\n" + r.stderr) }

// runTool runs a validator. It fails the test only when the command could not
// run at all or timed out; a non-zero exit is the validator's verdict, which
// the caller reads.
func runTool(t testing.TB, timeout time.Duration, dir, name string, args ...string) result {
	t.Helper()
	r, took, err := execTool(timeout, dir, name, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: exit %d in %.1f s", filepath.Base(name), r.code, took.Seconds())
	return r
}

// execTool is runTool for goroutines: it returns what runTool would fail on.
func execTool(timeout time.Duration, dir, name string, args ...string) (result, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	r := result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
	if ctx.Err() != nil {
		return r, took, fmt.Errorf("%s timed out after %v\n%s", filepath.Base(name), timeout, r.output())
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return r, took, fmt.Errorf("running %s: %v", name, err)
	}
	return r, took, nil
}

// report fails the test with every problem a check found on a site that
// should be clean.
func report(t testing.TB, check string, problems []string) {
	t.Helper()
	if len(problems) == 0 {
		return
	}
	t.Errorf("%s: %d problem(s):\n  %s", check, len(problems), strings.Join(problems, "\n  "))
}

// expectProblems asserts that a check caught the deliberate defects of the
// broken site: it reported something, and something matching each want.
func expectProblems(t testing.TB, check string, problems []string, wants ...string) {
	t.Helper()
	if len(problems) == 0 {
		t.Fatalf("%s reported nothing on the broken site: the check does not bite", check)
	}
	all := strings.Join(problems, "\n")
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("%s did not report %q; it reported:\n  %s", check, w, strings.Join(problems, "\n  "))
		}
	}
	t.Logf("%s caught %d problem(s) on the broken site, e.g. %s", check, len(problems), problems[0])
}
