package serve

import (
	"context"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/render"
)

// lazySet holds committed files that are not rendered yet. After start-up
// every file is: the server starts answering at once, renders a file first
// when it is asked for, and renders the rest in the background.
type lazySet struct {
	mu   sync.Mutex
	rend *render.Renderer
	jobs map[string]*lazyJob // by output path
}

type lazyJob struct {
	once  sync.Once
	job   render.Job
	probs []problem.Problem
	err   error
}

// fill makes every job lazy.
func (l *lazySet) fill(r *render.Renderer, jobs []render.Job) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rend = r
	l.jobs = make(map[string]*lazyJob, len(jobs))
	for _, j := range jobs {
		l.jobs[j.Path] = &lazyJob{job: j}
	}
}

// pending reports whether some files are still to be rendered.
func (l *lazySet) pending() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.jobs) > 0
}

func (l *lazySet) get(name string) (*lazyJob, *render.Renderer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.jobs[name], l.rend
}

// materialize renders a lazy job into the served output, once.
func (b *builder) materialize(ctx context.Context, r *render.Renderer, lj *lazyJob) {
	lj.once.Do(func() {
		f, probs, err := b.renderOne(ctx, r, lj.job)
		lj.probs, lj.err = probs, err
		if err != nil || f.data == nil {
			return
		}
		b.mu.Lock()
		_ = b.out.WriteRaw(f.path, f.data)
		b.mu.Unlock()
	})
}

// renderLazy renders every lazy file and reports what rendering found.
func (b *builder) renderLazy(ctx context.Context) (*Report, error) {
	start := time.Now()
	b.lazy.mu.Lock()
	r, jobs := b.lazy.rend, b.lazy.jobs
	b.lazy.mu.Unlock()
	rep := &Report{}
	if len(jobs) == 0 {
		return rep, nil
	}
	list := make([]*lazyJob, 0, len(jobs))
	for _, j := range b.jobList {
		if lj := jobs[j.Path]; lj != nil {
			list = append(list, lj)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, lj := range list {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			b.materialize(gctx, r, lj)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	probs := b.problems()
	addAll(probs, b.siteProbs)
	for _, lj := range list {
		if lj.err != nil {
			return nil, lj.err
		}
		if len(lj.probs) > 0 {
			b.jobProbs[lj.job.Path] = lj.probs
			addAll(probs, lj.probs)
		}
	}
	b.lazy.mu.Lock()
	b.lazy.jobs = nil
	b.lazy.mu.Unlock()
	rep.Rendered = len(list)
	rep.Problems = probs.All()
	b.lastProbs = rep.Problems
	b.accept(rep.Problems)
	rep.Committed = true
	rep.Duration = time.Since(start)
	return rep, nil
}

// file returns a served file's bytes and the build they belong to,
// rendering it first if it is still lazy.
func (b *builder) file(ctx context.Context, name string) ([]byte, uint64, bool) {
	b.mu.RLock()
	data, ok := b.out.Get(name)
	gen := b.gen
	b.mu.RUnlock()
	if ok {
		return data, gen, true
	}
	lj, r := b.lazy.get(name)
	if lj == nil {
		return nil, gen, false
	}
	// The file is shared: a request that goes away must not spoil it.
	b.materialize(context.WithoutCancel(ctx), r, lj)
	b.mu.RLock()
	defer b.mu.RUnlock()
	data, ok = b.out.Get(name)
	return data, b.gen, ok
}
