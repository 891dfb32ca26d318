package engine

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/problem"
)

var (
	steps  = flag.Int("steps", 1000, "random edit steps for TestRandomEdits")
	seed   = flag.Uint64("seed", 1, "seed for TestRandomEdits; 0 picks one at random (printed)")
	budget = flag.Duration("budget", 3*time.Minute, "stop TestRandomEdits after this long (0: no limit)")
)

// rawOutput keeps files as the engine writes them, unminified: the test
// compares what the engine renders, and minifying adds nothing to that.
type rawOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newRaw() *rawOutput { return &rawOutput{files: map[string][]byte{}} }

func (o *rawOutput) Write(name string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.files[name] = bytes.Clone(data)
	return nil
}
func (o *rawOutput) WriteRaw(name string, data []byte) error { return o.Write(name, data) }
func (o *rawOutput) Keep(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.files[name]
	return ok
}
func (o *rawOutput) Delete(names ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, n := range names {
		delete(o.files, n)
	}
}

// sampleSite is the repository's sample site as a map.
func sampleSite(t testing.TB) fstest.MapFS {
	t.Helper()
	root := filepath.Join("..", "..")
	m := fstest.MapFS{}
	for _, top := range []string{"content", "layouts", "assets"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

var testOptions = Options{Today: time.Date(2018, 5, 10, 0, 0, 0, 0, time.UTC), Program: 1}

// TestRandomEdits is the engine's specification: after any sequence of
// edits, what it holds and reports is what a fresh build of the same tree
// gives. Each step edits the sample site at random (bodies, frontmatter,
// broken and fixed YAML, unknown references, translations added and
// removed, renames, deletes, layouts, UI strings, site.yaml, assets), runs
// the long-lived engine on the changed paths and a new engine on the
// whole tree, and compares problems and, when the site has no errors,
// every file's bytes.
//
// Longer runs: go test ./internal/engine -run RandomEdits -steps 20000 -seed 0
func TestRandomEdits(t *testing.T) {
	s, fsys, orig := editableSite(t)
	rng := rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
	ctx := context.Background()
	m := minify.New()
	live := New(fsys, testOptions, m, nil)
	out := newRaw()
	if res, err := live.Run(ctx, nil, out, nil, nil); err != nil || !res.Rendered {
		t.Fatalf("the sample site: %v %v", err, res.Problems)
	}
	started := time.Now()
	var log []string
	kinds := map[string]int{}
	n, compared, broken := 0, 0, false
	for ; n < *steps; n++ {
		if *budget > 0 && time.Since(started) > *budget {
			t.Logf("time budget %v reached", *budget)
			break
		}
		// A site with errors is mended more often than it is edited, so
		// that most steps compare files too.
		e := randomEdit(rng, fsys, orig, broken && rng.IntN(3) > 0)
		kinds[e.kind]++
		log = append(log, e.String())
		// A page a browser shows goes first, as in the preview.
		res, err := live.Run(ctx, e.changed, out, openPages(rng, out), nil)
		if err != nil {
			t.Fatalf("step %d (%s): %v", n, e, err)
		}
		freshOut := newRaw()
		fresh, err := New(fsys, testOptions, m, nil).Run(ctx, nil, freshOut, nil, nil)
		if err != nil {
			t.Fatalf("step %d: fresh build: %v", n, err)
		}
		if diff := diffProblems(res.Problems, fresh.Problems); diff != "" {
			t.Fatalf("step %d (%s): problems differ from a fresh build:\n%s\nsteps so far:\n%s", n, e, diff, tail(log))
		}
		if res.Rendered != fresh.Rendered {
			t.Fatalf("step %d (%s): rendered %v, a fresh build %v", n, e, res.Rendered, fresh.Rendered)
		}
		broken = !fresh.Rendered
		if fresh.Rendered {
			compared++
			if diff := diffFiles(out, freshOut); diff != "" {
				t.Fatalf("step %d (%s): files differ from a fresh build:\n%s\nsteps so far:\n%s", n, e, diff, tail(log))
			}
		}
	}
	t.Logf("%d steps in %v, %d of them without errors (files compared): %v", n, time.Since(started).Round(time.Millisecond), compared, kinds)
	if compared < n/5 {
		t.Errorf("only %d of %d steps left the site without errors: the edits must compare files more often", compared, n)
	}
}

// editableSite returns the seed of a random edit test (-seed, or one at
// random, logged), the sample site and its files as they were, which
// randomEdit mends edits back to.
func editableSite(t *testing.T) (uint64, fstest.MapFS, map[string][]byte) {
	s := *seed
	if s == 0 {
		s = rand.Uint64()
	}
	t.Logf("seed %d (run again with -seed %d)", s, s)
	fsys := sampleSite(t)
	orig := map[string][]byte{}
	for p, f := range fsys {
		orig[p] = f.Data
	}
	return s, fsys, orig
}

// openPages picks a page or two of the output, as browsers showing them.
func openPages(rng *rand.Rand, out *rawOutput) []string {
	var pages []string
	for name := range out.files {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	if len(pages) == 0 {
		return nil
	}
	return []string{pages[rng.IntN(len(pages))], pages[rng.IntN(len(pages))]}
}

func tail(log []string) string {
	return strings.Join(log[max(0, len(log)-12):], "\n")
}

func diffProblems(got, want []problem.Problem) string {
	str := func(ps []problem.Problem) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.String()
		}
		return out
	}
	g, w := str(got), str(want)
	if slices.Equal(g, w) {
		return ""
	}
	var b strings.Builder
	for _, p := range g {
		if !slices.Contains(w, p) {
			b.WriteString("only the engine: " + p + "\n")
		}
	}
	for _, p := range w {
		if !slices.Contains(g, p) {
			b.WriteString("only fresh: " + p + "\n")
		}
	}
	if b.Len() == 0 {
		count := func(l []string, x string) (n int) {
			for _, y := range l {
				if y == x {
					n++
				}
			}
			return n
		}
		for _, p := range w {
			if count(g, p) != count(w, p) {
				fmt.Fprintf(&b, "%d times in the engine's, %d in fresh: %s\n", count(g, p), count(w, p), p)
			}
		}
	}
	return b.String()
}

func diffFiles(gotOut, wantOut *rawOutput) string {
	got, want := gotOut.files, wantOut.files
	var b strings.Builder
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			fmt.Fprintf(&b, "missing %s\n", name)
		case !bytes.Equal(g, w):
			fmt.Fprintf(&b, "differs %s\n", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			fmt.Fprintf(&b, "extra %s\n", name)
		}
	}
	return b.String()
}

// edit is one random change to the site.
type edit struct {
	kind    string
	changed []string
}

func (e edit) String() string { return e.kind + " " + strings.Join(e.changed, " ") }

// randomEdit changes fsys and returns what it did and the paths a watcher
// would report; mend: undo one earlier change.
func randomEdit(rng *rand.Rand, fsys fstest.MapFS, orig map[string][]byte, mend bool) edit {
	pick := func(prefix, suffix string) string {
		var names []string
		for p := range fsys {
			if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, suffix) {
				names = append(names, p)
			}
		}
		slices.Sort(names)
		if len(names) == 0 {
			return ""
		}
		return names[rng.IntN(len(names))]
	}
	set := func(p string, data string) { fsys[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o644} }
	get := func(p string) string { return string(fsys[p].Data) }
	// replaceLine changes the first line of p that starts with key.
	replaceLine := func(p, key, line string) bool {
		lines := strings.Split(get(p), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, key) {
				lines[i] = line
				set(p, strings.Join(lines, "\n"))
				return true
			}
		}
		return false
	}
	words := []string{"kokeilu", "försök", "Lahti", "”lainaus”", "[linkki](ekobetoni-kokeilu.fi.md)", "[bruten](nope.sv.md)", "**vahva**", "![kuva](/images/kuva.svg)", "[haku](/fi/haku/)", "[ei ole](/sv/finns-inte/)"}
	word := func() string { return words[rng.IntN(len(words))] }

	k := rng.IntN(20)
	if mend {
		k = 0
	}
	switch {
	case k < 4: // back to the original: of a changed file, a deleted one, or away with an added one
		var changed []string
		for p, f := range fsys {
			if o, ok := orig[p]; !ok || !bytes.Equal(o, f.Data) {
				changed = append(changed, p)
			}
		}
		for p := range orig {
			if fsys[p] == nil {
				changed = append(changed, p)
			}
		}
		if len(changed) == 0 {
			break
		}
		slices.Sort(changed)
		p := changed[rng.IntN(len(changed))]
		if o, ok := orig[p]; ok {
			fsys[p] = &fstest.MapFile{Data: o, Mode: 0o644}
		} else {
			delete(fsys, p)
		}
		return edit{"restore", []string{p}}
	case k < 7: // a body edit
		p := pick("content/", ".md")
		set(p, get(p)+"\n"+word()+" "+fmt.Sprint(rng.IntN(100))+"\n")
		return edit{"body", []string{p}}
	case k == 8 && rng.IntN(2) == 0: // a field linking reads: order, lists, translations' agreement, drafts
		p := pick("content/", ".md")
		lines := []string{"date: 2031-01-0" + fmt.Sprint(1+rng.IntN(3)), "status: completed", "failday: true",
			"lesson: Opittiin.", "updated: 2030-0" + fmt.Sprint(1+rng.IntN(9)) + "-01", "draft: true",
			"tags: [osallisuus]", "start: 2030-01-01", "end: 2030-01-02", "# a comment that moves every line below",
			"municipalities: [lahti, turku]", "municipalities: [kemionsaari]", "role: influencer"}
		line := lines[rng.IntN(len(lines))]
		key, _, _ := strings.Cut(line, " ")
		if !replaceLine(p, key, line) {
			set(p, strings.Replace(get(p), "\n", "\n"+line+"\n", 1))
		}
		return edit{"frontmatter " + key, []string{p}}
	case k < 9: // a title or summary
		p := pick("content/", ".md")
		key := []string{"title:", "summary:", "name:"}[rng.IntN(3)]
		if replaceLine(p, key, key+" Uusi "+word()) {
			return edit{"frontmatter " + key, []string{p}}
		}
	case k == 9: // broken YAML
		p := pick("content/", ".md")
		bad := []string{"title: [", "tags: {", "date: 2018-13-45", "status: maybe", ": x", "municipalities: [lahtis]"}[rng.IntN(6)]
		set(p, strings.Replace(get(p), "\n", "\n"+bad+"\n", 1))
		return edit{"broken yaml", []string{p}}
	case k == 10: // unknown reference
		p := pick("content/experiments/", ".md")
		if replaceLine(p, "tags:", "tags: [ei-ole-olemassa]") || replaceLine(p, "contacts:", "contacts: [nobody]") {
			return edit{"unknown reference", []string{p}}
		}
	case k == 11: // a translation removed or added
		p := pick("content/", ".sv.md")
		if p == "" {
			break
		}
		if rng.IntN(2) == 0 {
			delete(fsys, p)
			return edit{"delete translation", []string{p}}
		}
		q := strings.TrimSuffix(p, ".sv.md") + ".en.md"
		set(q, get(p))
		return edit{"add translation", []string{q}}
	case k == 12: // a rename
		p := pick("content/", ".md")
		dir, base := path.Split(p)
		q := dir + "x" + base
		set(q, get(p))
		delete(fsys, p)
		return edit{"rename", []string{p, q}}
	case k == 13: // a folder changed as a whole (a checkout, a copy)
		return edit{"folder", []string{"content/" + []string{"experiments", "tags", "contacts"}[rng.IntN(3)]}}
	case k == 14: // a layout
		p := pick("layouts/", ".html")
		switch rng.IntN(3) {
		case 0:
			set(p, strings.Replace(get(p), "</main>", "<p>muokattu</p></main>", 1))
		case 1:
			set(p, get(p)+"\n{{define \"kokeilu-test\"}}{{ .Nope }}{{end}}\n")
		default:
			set(p, strings.Replace(get(p), "{{", "{{ .Missing }}{{", 1))
		}
		return edit{"layout", []string{p}}
	case k == 15: // a UI string
		p := pick("layouts/i18n/", ".yaml")
		lines := strings.Split(get(p), "\n")
		i := rng.IntN(len(lines))
		if rng.IntN(3) == 0 {
			lines = slices.Delete(lines, i, i+1) // a string missing
		} else if key, _, ok := strings.Cut(lines[i], ":"); ok && !strings.HasPrefix(key, " ") && !strings.HasPrefix(key, "#") {
			lines[i] = key + ": Muutettu " + word()
		}
		set(p, strings.Join(lines, "\n"))
		return edit{"ui string", []string{p}}
	case k == 16: // site.yaml
		p := "content/site.yaml"
		switch rng.IntN(4) {
		case 0:
			replaceLine(p, "pageSize:", "pageSize: "+fmt.Sprint(1+rng.IntN(3)))
		case 1:
			replaceLine(p, "    title: Kokeilun paikka", "    title: Kokeilujen paikka")
		case 2:
			set(p, get(p)+`  - code: en
    name: In English
    title: Place to Experiment
    sections:
      experiments: experiments
      campaigns: campaigns
      contacts: contacts
      tags: topics
      failday: day-for-failure
      browse: browse
      stage: stage
      municipality: municipality
      region: region
      year: year
      role: role
`)
		default:
			replaceLine(p, "pageSize:", "pageSize: -1")
		}
		return edit{"site.yaml", []string{p}}
	case k == 17 && rng.IntN(3) == 0: // an image that bodies link to comes or goes
		q := "assets/images/kuva.svg"
		if fsys[q] != nil {
			delete(fsys, q)
			return edit{"image removed", []string{q}}
		}
		set(q, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>`)
		return edit{"image added", []string{q}}
	case k == 17: // an asset
		p := pick("assets/", "")
		if strings.HasSuffix(p, ".css") {
			set(p, get(p)+"\n.k"+fmt.Sprint(rng.IntN(1000))+"{color:#123}\n")
		} else {
			set(p, get(p)+"\n")
		}
		return edit{"asset", []string{p}}
	case k == 18: // a new document
		q := fmt.Sprintf("content/experiments/uusi-%d.fi.md", rng.IntN(5))
		set(q, fmt.Sprintf("---\ntitle: Uusi %d\nsummary: Lyhyesti.\ndate: 2018-0%d-01\nstatus: idea\ntags: [kiertotalous]\n---\nTeksti.\n", rng.IntN(100), 1+rng.IntN(9)))
		return edit{"new document", []string{q}}
	default: // a file that is not Markdown, or an editor's temporary file
		q := []string{"content/experiments/notes.txt", "content/experiments/.x.fi.md.swp", "content/experiments/x.fi.md~"}[rng.IntN(3)]
		set(q, "x")
		return edit{"other file", []string{q}}
	}
	// The edit did not apply (no such line): a body edit instead.
	p := pick("content/", ".md")
	set(p, get(p)+"\nlisää\n")
	return edit{"body", []string{p}}
}

// txOutput is an output that keeps a run's writes and deletions aside and
// applies them only when the run rendered, as `kokeilu build`'s staging
// folder does: a lazy run (Options.LazyBodies) may write files before it
// knows the site has errors.
type txOutput struct {
	done    *rawOutput
	pending *rawOutput
	deleted []string
}

func newTx() *txOutput { return &txOutput{done: newRaw(), pending: newRaw()} }

func (o *txOutput) Write(name string, data []byte) error    { return o.pending.Write(name, data) }
func (o *txOutput) WriteRaw(name string, data []byte) error { return o.pending.Write(name, data) }
func (o *txOutput) Keep(name string) bool                   { return o.done.Keep(name) }
func (o *txOutput) Delete(names ...string)                  { o.deleted = append(o.deleted, names...) }

// end applies the run's changes if it rendered and forgets them if not.
func (o *txOutput) end(rendered bool) {
	if rendered {
		o.done.Delete(o.deleted...)
		for name, data := range o.pending.files {
			o.done.files[name] = data
		}
	}
	o.pending, o.deleted = newRaw(), nil
}

// TestLazyBuildsAfterEdits specifies lazy runs as `kokeilu build` makes
// them: after any edit, a new engine that starts from the state the last
// good build left (its keys and body records) reports what an eager fresh
// build reports, and its output and the keys it keeps are the fresh
// build's, although it converted the bodies while rendering.
func TestLazyBuildsAfterEdits(t *testing.T) {
	s, fsys, orig := editableSite(t)
	rng := rand.New(rand.NewPCG(s^0x5bd1e995, s))
	ctx := context.Background()
	m := minify.New()
	lazy := testOptions
	lazy.LazyBodies = true
	out := newTx()
	var state *State
	run := func() *Result {
		t.Helper()
		e := New(fsys, lazy, m, state)
		res, err := e.Run(ctx, nil, out, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		out.end(res.Rendered)
		if res.Rendered {
			state = e.State()
		}
		return res
	}
	if res := run(); !res.Rendered {
		t.Fatalf("the sample site: %v", res.Problems)
	}
	started := time.Now()
	var log []string
	n, compared, broken := 0, 0, false
	for ; n < max(*steps/5, 20); n++ {
		if *budget > 0 && time.Since(started) > *budget/3 {
			break
		}
		e := randomEdit(rng, fsys, orig, broken && rng.IntN(3) > 0)
		log = append(log, e.String())
		res := run()
		freshOut := newRaw()
		eager := New(fsys, testOptions, m, nil)
		fresh, err := eager.Run(ctx, nil, freshOut, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffProblems(res.Problems, fresh.Problems); diff != "" {
			t.Fatalf("step %d (%s): problems differ from an eager fresh build:\n%s\nsteps so far:\n%s", n, e, diff, tail(log))
		}
		if res.Rendered != fresh.Rendered {
			t.Fatalf("step %d (%s): rendered %v, an eager fresh build %v", n, e, res.Rendered, fresh.Rendered)
		}
		broken = !fresh.Rendered
		if !fresh.Rendered {
			continue
		}
		compared++
		if diff := diffFiles(out.done, freshOut); diff != "" {
			t.Fatalf("step %d (%s): files differ from a fresh build:\n%s\nsteps so far:\n%s", n, e, diff, tail(log))
		}
		want := eager.State().Keys
		for name, k := range state.Keys {
			if want[name] != k {
				t.Fatalf("step %d (%s): the key kept for %s is %x, an eager build's %x\nsteps so far:\n%s", n, e, name, k, want[name], tail(log))
			}
		}
		if len(state.Keys) != len(want) {
			t.Fatalf("step %d (%s): %d keys kept, an eager build has %d", n, e, len(state.Keys), len(want))
		}
	}
	t.Logf("%d steps in %v, %d compared", n, time.Since(started).Round(time.Millisecond), compared)
	if compared < n/5 {
		t.Errorf("only %d of %d steps left the site without errors", compared, n)
	}
}

// TestNewDayRendersWhatTheDateChanges: the reference date (a daily
// deploy's -date) is in the views that show it (campaign weeks' states,
// the home page's weeks on now), not in every file's key, so a build on
// a new day from the last day's state renders those files and not the
// rest of the site, and its output is a fresh build's of that day.
func TestNewDayRendersWhatTheDateChanges(t *testing.T) {
	fsys := sampleSite(t)
	ctx := context.Background()
	m := minify.New()
	day := func(d string) Options {
		o := testOptions
		o.Today, _ = time.Parse(time.DateOnly, d)
		o.LazyBodies = true
		return o
	}
	out := newTx()
	var state *State
	for _, d := range []string{"2018-05-10", "2018-05-11", "2018-05-15", "2018-05-21"} {
		e := New(fsys, day(d), m, state)
		res, err := e.Run(ctx, nil, out, nil, nil)
		if err != nil || !res.Rendered {
			t.Fatalf("%s: %v %v", d, err, res.Problems)
		}
		out.end(true)
		freshOut := newRaw()
		if _, err := New(fsys, day(d), m, nil).Run(ctx, nil, freshOut, nil, nil); err != nil {
			t.Fatal(err)
		}
		if diff := diffFiles(out.done, freshOut); diff != "" {
			t.Fatalf("%s: files differ from a fresh build of the day:\n%s", d, diff)
		}
		if state != nil {
			var changed []string
			for name, data := range freshOut.files {
				if old, ok := previous[name]; !ok || !bytes.Equal(old, data) {
					changed = append(changed, name)
				}
			}
			for _, name := range changed {
				if !slices.Contains(res.Written, name) {
					t.Errorf("%s: %s changed but was not rendered", d, name)
				}
			}
			// The views that hold a campaign week's state (the weeks'
			// pages and lists, their experiments, the feeds) are rendered
			// again; the rest of the site is not.
			if len(res.Written) > res.Files/4 {
				t.Errorf("%s: rendered %d of %d files for %d that changed: %v", d, len(res.Written), res.Files, len(changed), res.Written)
			}
			t.Logf("%s: %d of %d files rendered", d, len(res.Written), res.Files)
		}
		previous = freshOut.files
		state = e.State()
	}
}

var previous map[string][]byte

// editedDuringRun is a site whose file name reads as edited from its
// second reading on, as if an editor saved it while a build ran.
type editedDuringRun struct {
	fstest.MapFS
	name  string
	mu    sync.Mutex
	reads int
}

func (f *editedDuringRun) Open(name string) (fs.File, error) {
	if name == f.name {
		f.mu.Lock()
		f.reads++
		second := f.reads > 1
		f.mu.Unlock()
		if second {
			edited := fstest.MapFS{name: {Data: append(bytes.Clone(f.MapFS[name].Data), "\nLisätty.\n"...)}}
			return edited.Open(name)
		}
	}
	return f.MapFS.Open(name)
}

// ReadFile reads through Open (fstest.MapFS's own would not).
func (f *editedDuringRun) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}

// TestLazyRunSeesAnEditDuringTheRun: a lazy run reads each body again
// when it converts it; a body that is not what was checked is not
// rendered, and the run fails with a problem at the file.
func TestLazyRunSeesAnEditDuringTheRun(t *testing.T) {
	const name = "content/experiments/ekobetoni-kokeilu.fi.md"
	fsys := &editedDuringRun{MapFS: sampleSite(t), name: name}
	opt := testOptions
	opt.LazyBodies = true
	out := newTx()
	res, err := New(fsys, opt, minify.New(), nil).Run(context.Background(), nil, out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered {
		t.Fatal("rendered a body other than the one checked")
	}
	var found bool
	for _, p := range res.Problems {
		found = found || p.File == name && p.Severity == problem.Error && strings.Contains(p.Message, "changed while the site was being built")
	}
	if !found {
		t.Fatalf("no problem at %s: %v", name, res.Problems)
	}
}
