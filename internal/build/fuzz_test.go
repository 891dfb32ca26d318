package build

import (
	"context"
	"testing"
	"testing/fstest"
	"time"
)

// FuzzCheck runs the whole pipeline (load, link, render every page) on a
// small site with one fuzzed experiment in each language: no input may
// panic or make it hang, and every problem must name a file. Each input
// takes 10-30 ms, so give -fuzzminimizetime a few seconds: minimizing a
// new input for the default minute shows as a stalled run.
func FuzzCheck(f *testing.F) {
	f.Add("---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [t]\nstatus: idea\n---\n[B](b.md) [x](../tags/t.sv.md#a) <b>raw</b>\n",
		"---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [t]\nstatus: idea\nrawhtml: true\n---\n# H1\n\n| a |\n|---|\n| b |\n")
	f.Add("---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [t, t]\nstatus: completed\nfailday: true\nlesson: L\nstart: 2018-01-02\nend: 2018-01-02\ncampaign: c\ncontacts: [m]\nlinks: [https://example.fi]\n---\n",
		"+++\ntitle = \"A\"\ndate = 2018-01-01\n+++\n")
	f.Add("---\n---\n", "no frontmatter [a](a.md)")
	base := fstest.MapFS{}
	for k, v := range sampleLayouts(f) {
		base[k] = v
	}
	base["content/site.yaml"] = &fstest.MapFile{Data: []byte(`baseURL: https://kokeilu.example.fi
languages:
  - {code: fi, name: Suomeksi, title: Kokeilun paikka, sections: {experiments: kokeilut, campaigns: kampanjat, contacts: yhteystiedot, tags: aiheet, failday: epaonnistumisen-paiva, browse: selaa, stage: vaihe, municipality: kunta, region: maakunta, year: vuosi, role: rooli}}
  - {code: sv, name: På svenska, title: Plats för försök, sections: {experiments: forsok, campaigns: kampanjer, contacts: kontakter, tags: amnen, failday: dagen-for-misslyckande, browse: bladdra, stage: skede, municipality: kommun, region: landskap, year: ar, role: roll}}
`)}
	for _, l := range []string{"fi", "sv"} {
		base["content/tags/t."+l+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: T\n---\n")}
		base["content/campaigns/c."+l+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\nstart: 2018-01-01\nend: 2018-01-02\n---\n")}
		base["content/contacts/m."+l+".md"] = &fstest.MapFile{Data: []byte("---\nname: M M\ntitle: T\norganisation: O\n---\n")}
		base["content/experiments/b."+l+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2017-01-01\nsummary: S\ntags: [t]\nstatus: idea\n---\n")}
	}
	f.Fuzz(func(t *testing.T, fi, sv string) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["content/experiments/a.fi.md"] = &fstest.MapFile{Data: []byte(fi)}
		fsys["content/experiments/a.sv.md"] = &fstest.MapFile{Data: []byte(sv)}
		// Go's fuzzing has no limit per input: an input that made the
		// pipeline loop would stall the run without a report.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done := make(chan struct{})
		var res *Result
		var err error
		go func() {
			defer close(done)
			res, err = Check(ctx, fsys, Options{})
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Check did not return within 20 s (the inputs are in the failing test's file)")
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Problems {
			if p.File == "" || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
	})
}

// sampleLayouts is the repository's layouts/ and assets/.
func sampleLayouts(tb testing.TB) fstest.MapFS { return repoFSFor(tb) }
