package render

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// Jobs lists every file of the site in a stable order. A job's view is
// made when it is first needed (see Job.Ready), so that the files an editor
// is looking at can be rendered before the views of the rest are made.
// prepareBodies must have run (Plan does both).
func (r *Renderer) Jobs() []*Job {
	s := r.site
	v := newViews(s, r.stage)
	var jobs []*Job
	add := func(url string, mk func() *Page) { jobs = append(jobs, pageJob(url, mk)) }
	// sectionVersions: a section page exists in every language.
	sectionVersions := func(section string, page int, counts func(*site.Lang) int) []Version {
		vs := make([]Version, len(s.Langs))
		for i, l := range s.Langs {
			vs[i] = Version{Lang: v.lang(l), Fallback: l.SectionURL(section)}
			if page <= pages(counts(l), s.Config.PageSize) {
				vs[i].URL = pageURL(l.SectionURL(section), page)
			}
		}
		return vs
	}
	none := func(*site.Lang) int { return 0 }
	page := func(kind string, l *site.Lang, url string) *Page {
		return &Page{Kind: kind, Lang: v.lang(l), URL: url, BaseURL: s.Config.BaseURL, Default: s.Config.DefaultLanguage}
	}
	for _, l := range s.Langs {
		// Section pages describe themselves with their introduction.
		intro := func(key string) string { return r.i18n[l.Code][key] }
		add("/"+l.Code+"/", func() *Page {
			home := page("home", l, "/"+l.Code+"/")
			home.Title, home.Entry, home.Summary = l.Title, v.entry(l.Home, false), intro("root.intro")
			home.Items, home.Tags, home.Campaigns = v.list(first(l.Experiments, 6)), v.list(l.Tags), v.list(first(l.Campaigns, 3))
			for _, c := range l.Upcoming {
				home.Upcoming = append(home.Upcoming, Upcoming{Ref: v.ref(c.Entry), Now: c.Now})
			}
			home.Versions = sectionVersions("", 1, none)
			if l.Home != nil && l.Home.Meta.Summary != "" {
				home.Summary = l.Home.Meta.Summary
			}
			return home
		})

		// Paginated experiment list.
		n := pages(len(l.Experiments), s.Config.PageSize)
		for i := 1; i <= n; i++ {
			url := pageURL(l.SectionURL("experiments"), i)
			add(url, func() *Page {
				p := page("experiments", l, url)
				p.Items = v.list(pageItems(l.Experiments, i, s.Config.PageSize))
				p.Title, p.Summary = intro("experiments.title"), intro("experiments.intro")
				p.Pager = pager(l.SectionURL("experiments"), i, n)
				p.Browse, p.Tags, p.Campaigns = v.dimensions(l, ""), v.list(l.Tags), v.list(l.Campaigns) // the filter form
				p.Versions = sectionVersions("experiments", i, func(l *site.Lang) int { return len(l.Experiments) })
				return p
			})
		}
		entries := func(kind string, es []*site.Entry) {
			for _, e := range es {
				add(e.URL, func() *Page { return r.entryPage(v, kind, e, l) })
			}
		}
		entries("experiment", l.Experiments)
		section := func(kind, name string, items []*site.Entry) {
			add(l.SectionURL(name), func() *Page {
				p := page(kind, l, l.SectionURL(name))
				p.Items, p.Title, p.Summary = v.list(items), intro(name+".title"), intro(name+".intro")
				p.Versions = sectionVersions(name, 1, none)
				return p
			})
		}
		section("campaigns", "campaigns", l.Campaigns)
		entries("campaign", l.Campaigns)
		jobs = append(jobs, r.calendarJobs(v, l)...)
		section("contacts", "contacts", l.Contacts)
		entries("contact", l.Contacts)
		section("tags", "tags", l.Tags)
		for _, t := range l.Tags {
			r.tagPages(v, t, l, add)
		}
		r.browsePages(v, l, add, page)
		add(l.SectionURL("failday"), func() *Page {
			fd := page("failday", l, l.SectionURL("failday"))
			fd.Entry, fd.Items = v.entry(l.FaildayPage, false), v.list(l.Failday)
			fd.Title, fd.Summary = intro("failday.title"), intro("failday.feed.subtitle")
			fd.Versions = sectionVersions("failday", 1, none)
			return fd
		})
		entries("page", l.Pages)
		// The search page: Pagefind's index of the built pages does the rest.
		add(l.SectionURL("search"), func() *Page {
			sp := page("search", l, l.SectionURL("search"))
			sp.Title, sp.Summary = intro("search.title"), intro("search.intro")
			sp.Versions = sectionVersions("search", 1, none)
			return sp
		})
		add("/"+l.Code+"/404.html", func() *Page {
			nf := page("404", l, "/"+l.Code+"/404.html")
			nf.NoIndex, nf.Title, nf.Versions = true, intro("404.title"), sectionVersions("", 1, none)
			return nf
		})
		jobs = append(jobs, r.feedJobs(v, l)...)
		jobs = append(jobs, r.dataJobs(l)...)
		jobs = append(jobs, r.filterJob(l))
	}
	def := s.Default()
	add("/", func() *Page {
		root := page("root", def, "/")
		root.Versions = sectionVersions("", 1, none)
		return root
	})
	add("/404.html", func() *Page {
		nf := page("root", def, "/404.html")
		nf.NoIndex, nf.Versions = true, sectionVersions("", 1, none)
		return nf
	})
	jobs = append(jobs, r.redirectsJob())
	jobs = append(jobs, r.sitemapJobs(jobs)...)
	return jobs
}

// pageJob is the job that renders the page mk makes.
func pageJob(url string, mk func() *Page) *Job {
	return &Job{Path: filePath(url), URL: url, make: func() any { return mk() },
		render: func(r *Renderer, w *bytes.Buffer, probs *problem.List, view any) error {
			p := view.(*Page)
			p.r, p.probs = r, probs
			return r.execute(w, p)
		}}
}

// entryPage is the page of an entry of its own: an experiment, campaign,
// contact or plain page.
func (r *Renderer) entryPage(v *views, kind string, e *site.Entry, l *site.Lang) *Page {
	s := r.site
	vs := make([]Version, len(s.Langs))
	for i, ol := range s.Langs {
		vs[i] = Version{Lang: v.lang(ol)}
		if t := e.Translation(ol); t != nil {
			vs[i].URL = t.URL
		}
	}
	// Campaign and contact pages list every experiment that names them.
	ev := v.entry(e, kind == "campaign" || kind == "contact")
	summary := e.Meta.Summary
	if e.Kind == content.Contact && summary == "" {
		// A contact has no summary of its own; the page's description
		// (search engines show it) is who the person is.
		var parts []string
		for _, p := range []string{e.Meta.Name, e.Meta.Title, e.Meta.Organisation} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		summary = strings.Join(parts, ", ")
	}
	return &Page{Kind: kind, Lang: v.lang(l), URL: e.URL, Title: e.Label(), Summary: summary,
		Entry: ev, Versions: vs, BaseURL: s.Config.BaseURL, Default: s.Config.DefaultLanguage}
}

// tagPages adds a tag's pages: page 1 at the tag's URL, later pages below it.
func (r *Renderer) tagPages(v *views, t *site.Entry, l *site.Lang, add func(string, func() *Page)) {
	s := r.site
	n := pages(len(t.Experiments), s.Config.PageSize)
	for i := 1; i <= n; i++ {
		add(pageURL(t.URL, i), func() *Page { return r.tagPage(v, t, l, i, n) })
	}
}

// tagPage is page i of n of a tag.
func (r *Renderer) tagPage(v *views, t *site.Entry, l *site.Lang, i, n int) *Page {
	s := r.site
	ev := v.entry(t, false)
	vs := make([]Version, len(s.Langs))
	for j, ol := range s.Langs {
		vs[j] = Version{Lang: v.lang(ol)}
		if ot := t.Translation(ol); ot != nil {
			vs[j].Fallback = ot.URL
			if i <= pages(len(ot.Experiments), s.Config.PageSize) {
				vs[j].URL = pageURL(ot.URL, i)
			}
		}
	}
	// A tag has no summary; its pages' description says what they list.
	summary := strings.Replace(r.i18n[l.Code]["tag.summary"], "%s", t.Meta.Title, 1)
	p := &Page{Kind: "tag", Lang: v.lang(l), URL: pageURL(t.URL, i), Title: t.Meta.Title, Entry: ev, Summary: summary,
		Items: v.list(pageItems(t.Experiments, i, s.Config.PageSize)), Pager: pager(t.URL, i, n), Versions: vs,
		BaseURL: s.Config.BaseURL, Default: s.Config.DefaultLanguage}
	if i > 1 {
		// Later pages show no introduction: their view holds no body.
		p.Entry = &Entry{Ref: ev.Ref, Path: ev.Path}
	}
	return p
}

// pages is the number of list pages for n items: at least one, so an empty
// list still has its page (saying there is nothing yet).
func pages(n, size int) int {
	if n <= 0 {
		return 1
	}
	return (n + size - 1) / size
}

func pageItems(items []*site.Entry, page, size int) []*site.Entry {
	lo := (page - 1) * size
	if lo >= len(items) {
		return nil
	}
	return items[lo:min(lo+size, len(items))]
}

// pageURL: page 1 is the list's own URL, page n is n/ below it.
func pageURL(base string, page int) string {
	if page <= 1 {
		return base
	}
	return base + strconv.Itoa(page) + "/"
}

func pager(base string, page, total int) *Pager {
	p := &Pager{Num: page, Total: total}
	if page > 1 {
		p.Prev = pageURL(base, page-1)
	}
	if page < total {
		p.Next = pageURL(base, page+1)
	}
	return p
}

func first(es []*site.Entry, n int) []*site.Entry {
	if len(es) > n {
		return es[:n]
	}
	return es
}
