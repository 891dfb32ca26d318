package render

import (
	"context"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Plan converts (or reuses) the site's bodies and lists every output file
// with its view. Body problems go to probs.
func (r *Renderer) Plan(ctx context.Context, bodies *Bodies, probs *problem.List) ([]Job, error) {
	if err := r.prepareBodies(ctx, bodies, probs); err != nil {
		return nil, err
	}
	return r.Jobs(), nil
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

// Key is the job's key: equal keys render equal bytes.
func (k *Keyer) Key(j *Job) uint64 {
	s := sigHash(sigSeed)
	s.mix(k.global)
	s.str(j.Path)
	s.mix(k.h.sum(j.View))
	return uint64(s)
}
