package render

import (
	"bytes"
	"strconv"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// Jobs lists every file of the site in a stable order.
func (r *Renderer) Jobs() []Job {
	s := r.site
	var jobs []Job
	add := func(p *Page, sources []string) { jobs = append(jobs, pageJob(p, sources)) }
	// sectionVersions: a section page exists in every language.
	sectionVersions := func(section string, page int, counts func(*site.Lang) int) []Version {
		vs := make([]Version, len(s.Langs))
		for i, l := range s.Langs {
			vs[i] = Version{Lang: l, Fallback: l.SectionURL(section)}
			if page <= pages(counts(l), s.Config.PageSize) {
				vs[i].URL = pageURL(l.SectionURL(section), page)
			}
		}
		return vs
	}
	for _, l := range s.Langs {
		// Section pages describe themselves with their introduction.
		intro := func(key string) string { return r.i18n[l.Code][key] }
		home := &Page{Kind: "home", Site: s, Lang: l, URL: "/" + l.Code + "/", Title: l.Title, Entry: l.Home,
			Summary: intro("root.intro"), Items: first(l.Experiments, 6),
			Versions: sectionVersions("", 1, func(*site.Lang) int { return 0 })}
		if l.Home != nil && l.Home.Meta.Summary != "" {
			home.Summary = l.Home.Meta.Summary
		}
		add(home, append(append(append(paths(first(l.Experiments, 6)), paths(l.Campaigns)...), paths(l.Tags)...), optPath(l.Home)...))

		// Paginated experiment list.
		n := pages(len(l.Experiments), s.Config.PageSize)
		for i := 1; i <= n; i++ {
			items := pageItems(l.Experiments, i, s.Config.PageSize)
			add(&Page{Kind: "experiments", Site: s, Lang: l, URL: pageURL(l.SectionURL("experiments"), i), Items: items,
				Title: intro("experiments.title"), Summary: intro("experiments.intro"),
				Pager:    pager(l.SectionURL("experiments"), i, n),
				Versions: sectionVersions("experiments", i, func(l *site.Lang) int { return len(l.Experiments) })},
				paths(items))
		}
		for _, e := range l.Experiments {
			jobs = append(jobs, r.entryJob("experiment", e, l))
		}
		add(&Page{Kind: "campaigns", Site: s, Lang: l, URL: l.SectionURL("campaigns"), Items: l.Campaigns,
			Title: intro("campaigns.title"), Summary: intro("campaigns.intro"),
			Versions: sectionVersions("campaigns", 1, func(*site.Lang) int { return 0 })}, paths(l.Campaigns))
		for _, e := range l.Campaigns {
			jobs = append(jobs, r.entryJob("campaign", e, l))
		}
		add(&Page{Kind: "contacts", Site: s, Lang: l, URL: l.SectionURL("contacts"), Items: l.Contacts,
			Title: intro("contacts.title"), Summary: intro("contacts.intro"),
			Versions: sectionVersions("contacts", 1, func(*site.Lang) int { return 0 })}, paths(l.Contacts))
		for _, e := range l.Contacts {
			jobs = append(jobs, r.entryJob("contact", e, l))
		}
		add(&Page{Kind: "tags", Site: s, Lang: l, URL: l.SectionURL("tags"), Items: l.Tags,
			Title: intro("tags.title"), Summary: intro("tags.intro"),
			Versions: sectionVersions("tags", 1, func(*site.Lang) int { return 0 })}, paths(l.Tags))
		for _, t := range l.Tags {
			r.tagJobs(t, l, add)
		}
		fd := &Page{Kind: "failday", Site: s, Lang: l, URL: l.SectionURL("failday"), Entry: l.FaildayPage, Items: l.Failday,
			Title: intro("failday.title"), Summary: intro("failday.feed.subtitle"),
			Versions: sectionVersions("failday", 1, func(*site.Lang) int { return 0 })}
		add(fd, append(paths(l.Failday), optPath(l.FaildayPage)...))
		for _, e := range l.Pages {
			jobs = append(jobs, r.entryJob("page", e, l))
		}
		nf := &Page{Kind: "404", Site: s, Lang: l, URL: "/" + l.Code + "/404.html", NoIndex: true, Title: intro("404.title"),
			Versions: sectionVersions("", 1, func(*site.Lang) int { return 0 })}
		add(nf, nil)
		jobs = append(jobs, r.feedJobs(l)...)
		jobs = append(jobs, r.dataJobs(l)...)
	}
	def := s.Default()
	add(&Page{Kind: "root", Site: s, Lang: def, URL: "/", Versions: sectionVersions("", 1, func(*site.Lang) int { return 0 })}, nil)
	add(&Page{Kind: "root", Site: s, Lang: def, URL: "/404.html", NoIndex: true,
		Versions: sectionVersions("", 1, func(*site.Lang) int { return 0 })}, nil)
	jobs = append(jobs, r.sitemapJobs(jobs)...)
	return jobs
}

// pageJob is the job that renders a page.
func pageJob(p *Page, sources []string) Job {
	return Job{Path: filePath(p.URL), Sources: sources, page: p, render: func(r *Renderer, w *bytes.Buffer, probs *problem.List) error {
		p.r, p.probs = r, probs
		return r.execute(w, p)
	}}
}

// entryJob is the job of an entry's own page: an experiment, campaign,
// contact or plain page. The page shows the entry, its links to tags,
// contacts and campaign, the experiments that refer to it, and links to
// its translations.
func (r *Renderer) entryJob(kind string, e *site.Entry, l *site.Lang) Job {
	srcs := []string{e.Path}
	for _, t := range e.Translations {
		if t != nil && t != e {
			srcs = append(srcs, t.Path)
		}
	}
	for _, x := range e.Tags {
		srcs = append(srcs, x.Path)
	}
	for _, x := range e.Contacts {
		srcs = append(srcs, x.Path)
	}
	if e.Campaign != nil {
		srcs = append(srcs, e.Campaign.Path)
	}
	srcs = append(srcs, paths(e.Experiments)...)
	vs := make([]Version, len(r.site.Langs))
	for i, ol := range r.site.Langs {
		vs[i] = Version{Lang: ol}
		if t := e.Translation(ol); t != nil {
			vs[i].URL = t.URL
		}
	}
	return pageJob(&Page{Kind: kind, Site: r.site, Lang: l, URL: e.URL, Title: e.Label(), Summary: e.Meta.Summary,
		Entry: e, Items: e.Experiments, Versions: vs}, srcs)
}

// EntryJob returns the job of an entry's own page (a tag's first page) as
// Jobs makes it. `kokeilu serve` renders an edited page with it, for an
// entry from site.Relink, before it has linked the whole site again. It
// reports false for an entry without a page of its own: the home page's
// and the Day for Failure page's introductions.
func (r *Renderer) EntryJob(e *site.Entry) (Job, bool) {
	l := r.site.Lang(e.Lang)
	if l == nil || e.URL == "" {
		return Job{}, false
	}
	switch e.Kind {
	case content.Experiment:
		return r.entryJob("experiment", e, l), true
	case content.Campaign:
		return r.entryJob("campaign", e, l), true
	case content.Contact:
		return r.entryJob("contact", e, l), true
	case content.Page:
		if e.Slug == site.HomeSlug || e.Slug == site.FaildaySlug {
			return Job{}, false
		}
		return r.entryJob("page", e, l), true
	case content.Tag:
		var job Job
		found := false
		r.tagJobs(e, l, func(p *Page, srcs []string) {
			if !found {
				job, found = pageJob(p, srcs), true
			}
		})
		return job, found
	}
	return Job{}, false
}

// tagJobs adds a tag's pages: page 1 at the tag's URL, later pages below it.
func (r *Renderer) tagJobs(t *site.Entry, l *site.Lang, add func(*Page, []string)) {
	s := r.site
	n := pages(len(t.Experiments), s.Config.PageSize)
	for i := 1; i <= n; i++ {
		items := pageItems(t.Experiments, i, s.Config.PageSize)
		vs := make([]Version, len(s.Langs))
		for j, ol := range s.Langs {
			vs[j] = Version{Lang: ol}
			if ot := t.Translation(ol); ot != nil {
				vs[j].Fallback = ot.URL
				if i <= pages(len(ot.Experiments), s.Config.PageSize) {
					vs[j].URL = pageURL(ot.URL, i)
				}
			}
		}
		srcs := append(paths(items), t.Path)
		for _, ot := range t.Translations {
			if ot != nil && ot != t {
				srcs = append(srcs, ot.Path)
			}
		}
		add(&Page{Kind: "tag", Site: s, Lang: l, URL: pageURL(t.URL, i), Title: t.Meta.Title, Entry: t, Items: items,
			Pager: pager(t.URL, i, n), Versions: vs}, srcs)
	}
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

func paths(es []*site.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out
}

func optPath(e *site.Entry) []string {
	if e == nil {
		return nil
	}
	return []string{e.Path}
}

func first(es []*site.Entry, n int) []*site.Entry {
	if len(es) > n {
		return es[:n]
	}
	return es
}
