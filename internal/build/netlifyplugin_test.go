package build

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// The Netlify build plugin in .netlify-plugins/kokeilu-cache keeps the
// output folder and kokeilu's state in Netlify's build cache. These tests
// run it under node with a fake utils.cache (a folder: restore copies from
// it, save copies into it), each "deploy" in a fresh working folder as on
// Netlify, with the real build in between.

// netlifyDriver loads the plugin and runs one of its events as Netlify
// Build would: node driver.js PLUGIN EVENT CACHE HOW [PUBLISH_DIR]. HOW is
// "ok", "throw" (every utils.cache and utils.status method throws) or
// "nocache" (utils has no cache). It ends with one line, DRIVER {...}: the
// cache calls made and what status.show was given. It exits 1 when the
// event's promise rejects: Netlify would fail the build.
const netlifyDriver = `'use strict'
const fs = require('fs')
const path = require('path')
const [plugin, event, cacheDir, how, publish] = process.argv.slice(2)
const calls = []
const shown = []

// As @netlify/cache-utils does, a path is cached under its path from the
// working folder.
function cached(p) {
  const abs = path.resolve(p)
  const rel = path.relative(process.cwd(), abs)
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error('cannot cache ' + abs)
  }
  return path.join(cacheDir, 'cwd', rel)
}
function exists(p) {
  try { fs.lstatSync(p); return true } catch { return false }
}
function note(method, p, result) {
  calls.push({ method, path: path.relative(process.cwd(), path.resolve(p)), result })
  return result
}

let cache = {
  async restore(p) {
    const c = cached(p)
    if (!exists(c)) return note('restore', p, false)
    fs.rmSync(p, { recursive: true, force: true })
    fs.cpSync(c, p, { recursive: true })
    return note('restore', p, true)
  },
  async save(p) {
    const c = cached(p)
    if (!exists(p)) return note('save', p, false)
    fs.rmSync(c, { recursive: true, force: true })
    fs.mkdirSync(path.dirname(c), { recursive: true })
    fs.cpSync(p, c, { recursive: true })
    return note('save', p, true)
  },
  async remove(p) {
    const c = cached(p)
    if (!exists(c)) return note('remove', p, false)
    fs.rmSync(c, { recursive: true, force: true })
    return note('remove', p, true)
  },
}
let status = { show(s) { shown.push(s) } }
if (how === 'throw') {
  // Thrown at once and as a rejected promise: both must be caught.
  cache = {
    restore(p) { note('restore', p, 'threw'); throw new Error('restore is broken') },
    save(p) { note('save', p, 'threw'); return Promise.reject(new Error('save is broken')) },
    remove(p) { note('remove', p, 'threw'); throw new Error('remove is broken') },
  }
  status = { show() { throw new Error('status is broken') } }
} else if (how === 'nocache') {
  cache = undefined
}

const constants = { IS_LOCAL: false }
if (publish) constants.PUBLISH_DIR = publish
const mod = require(plugin)
if (typeof mod[event] !== 'function') {
  console.log('the plugin has no ' + event)
  process.exit(3)
}
process.on('unhandledRejection', (err) => {
  console.log('unhandled rejection: ' + err)
  process.exit(2)
})
Promise.resolve()
  .then(() => mod[event]({ constants, utils: { cache, status }, inputs: {}, netlifyConfig: {} }))
  .then(
    () => console.log('DRIVER ' + JSON.stringify({ calls, shown })),
    (err) => { console.log('the event failed the build: ' + (err && err.stack || err)); process.exit(1) },
  )
`

type pluginCall struct {
	Method string
	Path   string
	Result any
}

type pluginRun struct {
	Calls []pluginCall
	Shown []map[string]string
	Log   string
}

func (r pluginRun) calls(method string) map[string]any {
	m := map[string]any{}
	for _, c := range r.Calls {
		if c.Method == method {
			m[c.Path] = c.Result
		}
	}
	return m
}

// needNode returns node's path. Without node the test is skipped, except
// in CI, where a missing node would hide the plugin's tests.
func needNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not on PATH; CI must have it to test the Netlify plugin (.netlify-plugins/kokeilu-cache)")
		}
		t.Skip("node is not on PATH: the Netlify plugin (.netlify-plugins/kokeilu-cache) is not tested")
	}
	return node
}

func TestNetlifyCachePlugin(t *testing.T) {
	node := needNode(t)
	plugin, err := filepath.Abs("../../.netlify-plugins/kokeilu-cache/index.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(plugin), "manifest.yml")); err != nil {
		t.Fatalf("the plugin has no manifest.yml: %v", err)
	}
	tmp := t.TempDir()
	driver := filepath.Join(tmp, "driver.js")
	if err := os.WriteFile(driver, []byte(netlifyDriver), 0o644); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(tmp, "cache")
	cached := filepath.Join(cacheDir, "cwd")

	// run runs one event in the working folder work, as a deploy would.
	run := func(t *testing.T, work, event, setting, how, publish string) pluginRun {
		t.Helper()
		cmd := exec.Command(node, driver, plugin, event, cacheDir, how, publish)
		cmd.Dir = work
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "KOKEILU_CACHE=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		if setting != "" {
			cmd.Env = append(cmd.Env, "KOKEILU_CACHE="+setting)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s (KOKEILU_CACHE=%s, %s) failed the build: %v\n%s", event, setting, how, err, out)
		}
		text := string(out)
		i := strings.LastIndex(text, "DRIVER ")
		if i < 0 {
			t.Fatalf("%s: no result from the driver:\n%s", event, out)
		}
		var r pluginRun
		if err := json.Unmarshal([]byte(strings.TrimSpace(text[i+len("DRIVER "):])), &r); err != nil {
			t.Fatalf("%s: %v\n%s", event, err, out)
		}
		r.Log = text[:i]
		t.Logf("%s, KOKEILU_CACHE=%q, %s:\n%s", event, setting, how, strings.TrimSpace(r.Log))
		return r
	}
	deploy := func(name string) string {
		d := filepath.Join(tmp, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	exists := func(p string) bool {
		_, err := os.Lstat(p)
		return err == nil
	}
	state := func(work string) string { return statePath(filepath.Join(work, "public")) }
	marker := func(work string) string { return filepath.Join(work, ".public.kokeilu") }
	readFile := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	fsys := sampleFS(t)

	// (a) The first deploy: nothing to restore, a cold build, and then the
	// output, the marker and the state go to the cache.
	work1 := deploy("deploy1")
	r := run(t, work1, "onPreBuild", "", "ok", filepath.Join(work1, "public"))
	if got := r.calls("restore"); len(got) != 3 || got["public"] != false || got[".public.kokeilu"] != false || got[".public.kokeilu-cache"] != false {
		t.Errorf("first deploy: restore calls %v, want public, .public.kokeilu and .public.kokeilu-cache, none found", got)
	}
	if exists(filepath.Join(work1, "public")) || exists(state(work1)) {
		t.Fatal("first deploy: something was restored from an empty cache")
	}
	cold := mustBuild(t, fsys, filepath.Join(work1, "public"))
	if cold.Rendered == 0 {
		t.Fatal("cold build rendered nothing")
	}
	r = run(t, work1, "onPostBuild", "", "ok", filepath.Join(work1, "public"))
	if got := r.calls("save"); got["public"] != true || got[".public.kokeilu"] != true || got[".public.kokeilu-cache"] != true {
		t.Errorf("first deploy: save calls %v", got)
	}
	if !maps.Equal(listTree(t, filepath.Join(cached, "public")), listTree(t, filepath.Join(work1, "public"))) {
		t.Error("the cached public/ differs from the output")
	}
	if readFile(filepath.Join(cached, ".public.kokeilu-cache")) != readFile(state(work1)) {
		t.Error("the cached state differs from the build's")
	}
	if !exists(filepath.Join(cached, ".public.kokeilu")) {
		t.Error("the marker was not cached")
	}

	// (b) The next deploy, in a fresh clone: everything comes back, and the
	// build finds nothing to do. PUBLISH_DIR relative this time.
	work2 := deploy("deploy2")
	r = run(t, work2, "onPreBuild", "", "ok", "public")
	if got := r.calls("restore"); got["public"] != true || got[".public.kokeilu"] != true || got[".public.kokeilu-cache"] != true {
		t.Errorf("second deploy: restore calls %v", got)
	}
	if !maps.Equal(listTree(t, filepath.Join(work2, "public")), listTree(t, filepath.Join(work1, "public"))) {
		t.Error("the restored public/ differs from the first deploy's")
	}
	if !exists(marker(work2)) || !exists(state(work2)) {
		t.Fatal("the marker or the state was not restored")
	}
	if warm := mustBuild(t, fsys, filepath.Join(work2, "public")); warm.Rendered != 0 || warm.Written != 0 {
		t.Errorf("a deploy with nothing changed rendered %d and wrote %d files", warm.Rendered, warm.Written)
	}
	run(t, work2, "onPostBuild", "", "ok", "public")

	// One edit, the deploy after: only what shows that body is rendered,
	// and the result is what a cold build gives. No PUBLISH_DIR: the
	// plugin falls back to public.
	edited := maps.Clone(fsys)
	p := "content/experiments/huleruoko.fi.md"
	edited[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[p].Data), "## ", "Uusi kappale.\n\n## ", 1))}
	work3 := deploy("deploy3")
	run(t, work3, "onPreBuild", "", "ok", "")
	edit := mustBuild(t, edited, filepath.Join(work3, "public"))
	if edit.Rendered == 0 || edit.Rendered > cold.Rendered/5 || edit.Written == 0 || edit.Written > cold.Files/5 {
		t.Errorf("a deploy after one edit rendered %d and wrote %d files (a cold build: %d, %d files)",
			edit.Rendered, edit.Written, cold.Rendered, cold.Files)
	}
	t.Logf("cold build rendered %d files; after one edit %d were rendered and %d written", cold.Rendered, edit.Rendered, edit.Written)
	fresh := filepath.Join(tmp, "fresh", "public")
	mustBuild(t, edited, fresh)
	sameTrees(t, fresh, filepath.Join(work3, "public"))
	run(t, work3, "onPostBuild", "", "ok", "")
	if readFile(filepath.Join(cached, "public", "fi", "index.html")) != readFile(filepath.Join(work3, "public", "fi", "index.html")) ||
		readFile(filepath.Join(cached, ".public.kokeilu-cache")) != readFile(state(work3)) {
		t.Error("the edited deploy was not saved")
	}
	before := listTree(t, cacheDir)

	// (c) KOKEILU_CACHE=off: the cache is neither read nor written.
	work4 := deploy("deploy4")
	r = run(t, work4, "onPreBuild", "off", "ok", "public")
	if len(r.Calls) != 0 || exists(filepath.Join(work4, "public")) || exists(state(work4)) {
		t.Errorf("KOKEILU_CACHE=off restored: calls %v", r.Calls)
	}
	os.MkdirAll(filepath.Join(work4, "public"), 0o755)
	os.WriteFile(filepath.Join(work4, "public", "new.html"), []byte("new"), 0o644)
	os.WriteFile(marker(work4), []byte(readFile(marker(work1))), 0o644)
	os.WriteFile(state(work4), []byte("not the real state"), 0o644)
	r = run(t, work4, "onPostBuild", "off", "ok", "public")
	if len(r.Calls) != 0 || !maps.Equal(before, listTree(t, cacheDir)) {
		t.Errorf("KOKEILU_CACHE=off saved: calls %v", r.Calls)
	}

	// (e) A utils.cache that throws, or none at all: the build goes on,
	// cold, and the cache is as it was.
	for _, how := range []string{"throw", "nocache"} {
		work := deploy("deploy-" + how)
		r = run(t, work, "onPreBuild", "", how, "public")
		if exists(filepath.Join(work, "public")) || exists(state(work)) {
			t.Errorf("%s: something was restored", how)
		}
		if !strings.Contains(r.Log, "failed") {
			t.Errorf("%s: the failure was not logged", how)
		}
		if res := mustBuild(t, fsys, filepath.Join(work, "public")); res.Rendered != cold.Rendered {
			t.Errorf("%s: the build rendered %d of %d files", how, res.Rendered, cold.Rendered)
		}
		run(t, work, "onPostBuild", "", how, "public")
		run(t, work, "onPreBuild", "clear", how, "public")
		if !maps.Equal(before, listTree(t, cacheDir)) {
			t.Errorf("%s: the cache changed", how)
		}
	}

	// A cached public/ without its marker would make kokeilu refuse the
	// folder: the plugin puts it away, and the build runs cold.
	os.Remove(filepath.Join(cached, ".public.kokeilu"))
	work5 := deploy("deploy5")
	run(t, work5, "onPreBuild", "", "ok", "public")
	if exists(filepath.Join(work5, "public")) || exists(state(work5)) {
		t.Error("a public/ without its marker was restored")
	}
	if res := mustBuild(t, fsys, filepath.Join(work5, "public")); res.Rendered != cold.Rendered {
		t.Errorf("without the marker the build rendered %d of %d files", res.Rendered, cold.Rendered)
	}

	// (d) KOKEILU_CACHE=clear: the cached copy is removed, and so is a
	// local state, so the build is cold.
	work6 := deploy("deploy6")
	os.WriteFile(state(work6), []byte("a local state"), 0o644)
	r = run(t, work6, "onPreBuild", "clear", "ok", "public")
	if got := r.calls("remove"); got["public"] != true || got[".public.kokeilu-cache"] != true {
		t.Errorf("KOKEILU_CACHE=clear: remove calls %v", got)
	}
	for name, data := range listTree(t, cacheDir) {
		if data != "/" || strings.HasPrefix(name, filepath.Join("cwd", "public")) {
			t.Errorf("KOKEILU_CACHE=clear left %s in the cache", name)
		}
	}
	if len(r.calls("restore")) != 0 || exists(filepath.Join(work6, "public")) || exists(state(work6)) {
		t.Error("KOKEILU_CACHE=clear restored something or kept the local state")
	}
	// Building again with the setting still there saves the new output, so
	// that the deploy after it is warm again.
	if res := mustBuild(t, fsys, filepath.Join(work6, "public")); res.Rendered != cold.Rendered {
		t.Errorf("after KOKEILU_CACHE=clear the build rendered %d of %d files", res.Rendered, cold.Rendered)
	}
	run(t, work6, "onPostBuild", "clear", "ok", "public")
	if readFile(filepath.Join(cached, ".public.kokeilu-cache")) != readFile(state(work6)) {
		t.Error("after KOKEILU_CACHE=clear the new build was not saved")
	}
}
