package render

import (
	"context"
	"maps"
	"reflect"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Plan converts (or reuses) the site's bodies and lists every output file;
// each file's view is made when it is first needed. Body problems go to
// probs.
//
// lazy leaves the bodies no record holds to be converted when a page
// shows them, so that no run holds every body's HTML at once: their
// links are not known until then, so the keys of the files that show
// them are not either (Keyer.Keys says which), and their problems come
// from FinishBodies, after the pages. It is for a run whose output is
// thrown away when the site has errors (build, check).
func (r *Renderer) Plan(ctx context.Context, bodies *Bodies, probs *problem.List, lazy bool) ([]*Job, error) {
	if err := r.prepareBodies(ctx, bodies, probs, lazy); err != nil {
		return nil, err
	}
	jobs := r.Jobs()
	r.checkSiteLinks(jobs, slices.Collect(maps.Values(r.stage.bodies)), probs)
	return jobs, nil
}

// Keyer computes output files' keys: the hash of a file's view with the
// site-wide inputs every file depends on (the program, options, layouts,
// UI strings, assets, configuration), summed up by the caller as global.
// One Keyer serves one build; metas, kept by the caller from build to
// build, remembers the hash of each document's frontmatter.
type Keyer struct {
	global uint64
	h      *hasher
}

// NewKeyer returns a Keyer for one build.
func NewKeyer(global uint64, metas map[*content.Meta]uint64) *Keyer {
	return &Keyer{global: global, h: newHasher(metas)}
}

// Remember hashes the frontmatter of the documents into the keyer's metas
// ahead of Keys, which then only reads it.
func (k *Keyer) Remember(metas []*content.Meta) {
	for _, m := range metas {
		k.h.pointer(reflect.ValueOf(m))
	}
}

// Keys computes the keys of jobs in parallel into keys (by index), after
// making their views. Meta hashes it has not seen are computed but not
// remembered (see Remember). pending, if not nil, tells by index which
// files show a body a lazy stage has not converted yet: their keys are
// not known until it has (see Plan).
func (k *Keyer) Keys(ctx context.Context, jobs []*Job, keys []uint64, pending []bool) error {
	for i, j := range jobs {
		if i%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		j.View()
	}
	g, ctx := errgroup.WithContext(ctx)
	n := runtime.GOMAXPROCS(0)
	chunk := (len(jobs) + n - 1) / n
	for lo := 0; lo < len(jobs); lo += chunk {
		hi := min(lo+chunk, len(jobs))
		g.Go(func() error {
			sub := &Keyer{global: k.global, h: &hasher{memo: map[ptrKey]uint64{}, metas: k.h.metas, shared: true}}
			for i := lo; i < hi; i++ {
				if i%256 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				var p bool
				keys[i], p = sub.KeyOf(jobs[i])
				if pending != nil {
					pending[i] = p
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// Key is the job's key: equal keys render equal bytes.
func (k *Keyer) Key(j *Job) uint64 {
	key, _ := k.KeyOf(j)
	return key
}

// KeyOf is the job's key, and whether the job shows a body whose links
// are not known yet, which makes the key not the file's (see Plan).
func (k *Keyer) KeyOf(j *Job) (uint64, bool) {
	s := sigHash(sigSeed)
	s.mix(k.global)
	s.str(j.Path)
	k.h.pending = false
	s.mix(k.h.sum(j.View()))
	return uint64(s), k.h.pending
}
