package render

import (
	"math/bits"
	"reflect"
	"slices"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
)

// hasher sums up a view value in 64 bits by walking it with reflection:
// every exported field, element and map entry, whatever the view's type.
// Because the walk follows the type, a field added to a view is covered
// without anyone remembering to add it. Unexported fields are skipped: they
// hold the renderer's own state, never what a file shows.
//
// Pointers are hashed once per hasher (a Ref shown in fifty lists costs one
// walk), and frontmatter (*content.Meta, immutable once parsed) once per
// document for as long as the engine keeps the hasher's metas map.
type hasher struct {
	memo   map[ptrKey]uint64 // pointer → hash, for one build
	metas  map[*content.Meta]uint64
	shared bool // metas is shared with other goroutines: read it only
	// pending: the value hashed shows a body whose links are not known
	// yet (see Plan's lazy), so its hash is not the file's key; unknown
	// are the memo's pointers that show one.
	pending bool
	unknown map[ptrKey]bool
}

func newHasher(metas map[*content.Meta]uint64) *hasher {
	if metas == nil {
		metas = map[*content.Meta]uint64{}
	}
	return &hasher{memo: map[ptrKey]uint64{}, metas: metas}
}

// ptrKey names a pointer with its type: a struct and its first field
// share an address.
type ptrKey struct {
	addr uintptr
	typ  reflect.Type
}

var (
	timeType = reflect.TypeFor[time.Time]()
	metaType = reflect.TypeFor[*content.Meta]()
	bodyType = reflect.TypeFor[*Body]()
)

// sum returns the hash of v.
func (h *hasher) sum(v any) uint64 {
	s := sigHash(sigSeed)
	h.value(&s, reflect.ValueOf(v))
	return uint64(s)
}

func (h *hasher) value(s *sigHash, v reflect.Value) {
	if !v.IsValid() {
		s.int(0)
		return
	}
	switch v.Kind() {
	case reflect.String:
		s.str(v.String())
	case reflect.Bool:
		if v.Bool() {
			s.int(1)
		} else {
			s.int(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s.int(int(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s.mix(v.Uint())
	case reflect.Float32, reflect.Float64:
		s.mix(uint64(v.Float() * 1e6))
	case reflect.Pointer:
		if v.IsNil() {
			s.int(0)
			return
		}
		s.mix(h.pointer(v))
	case reflect.Interface:
		if v.IsNil() {
			s.int(0)
			return
		}
		s.str(v.Elem().Type().String())
		h.value(s, v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			s.str(string(v.Bytes()))
			return
		}
		s.int(v.Len())
		for i := range v.Len() {
			h.value(s, v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		// Order the entries by their keys' hashes: a map has no order.
		sums := make([]uint64, len(keys))
		for i, k := range keys {
			var e sigHash = sigSeed
			h.value(&e, k)
			h.value(&e, v.MapIndex(k))
			sums[i] = uint64(e)
		}
		slices.Sort(sums)
		s.int(len(sums))
		for _, x := range sums {
			s.mix(x)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			if t.IsZero() {
				s.int(0)
			} else {
				s.mix(uint64(t.UnixNano()))
			}
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				h.value(s, v.Field(i))
			}
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		// Not data: views hold none, and a renderer's hooks show nothing.
	}
}

func (h *hasher) pointer(v reflect.Value) uint64 {
	if v.Type() == metaType {
		m := v.Interface().(*content.Meta)
		if x, ok := h.metas[m]; ok {
			return x
		}
		s := sigHash(sigSeed)
		h.value(&s, v.Elem())
		if !h.shared {
			h.metas[m] = uint64(s)
		}
		return uint64(s)
	}
	p := ptrKey{v.Pointer(), v.Type()}
	if x, ok := h.memo[p]; ok {
		if h.unknown[p] {
			h.pending = true
		}
		return x
	}
	outer := h.pending
	h.pending = false
	if v.Type() == bodyType && v.Interface().(*Body).pending() {
		h.pending = true
	}
	s := sigHash(sigSeed)
	s.str(v.Type().String())
	h.value(&s, v.Elem())
	h.memo[p] = uint64(s)
	if h.pending {
		if h.unknown == nil {
			h.unknown = map[ptrKey]bool{}
		}
		h.unknown[p] = true
	}
	h.pending = h.pending || outer
	return uint64(s)
}

// sigHash is a 64-bit hash that takes strings eight bytes at a time (the
// rounds of xxHash64): the engine hashes every view on every rebuild, so
// it must be quick and allocate nothing, and `kokeilu build` keeps the keys
// on disk, so it must not be seeded per process as hash/maphash is.
// Each step is a bijection of the state, so inputs that differ in one
// eight-byte word never collide; others do by a chance of about 2⁻⁶⁴.
type sigHash uint64

const (
	sigSeed = 14695981039346656037 // the starting state
	prime1  = 0x9E3779B185EBCA87
	prime2  = 0xC2B2AE3D27D4EB4F
)

func (h *sigHash) mix(w uint64) {
	*h = sigHash(bits.RotateLeft64(uint64(*h)^(w*prime2), 31) * prime1)
}

func (h *sigHash) str(s string) {
	h.mix(uint64(len(s))) // the length first: fields cannot run into each other
	for len(s) >= 8 {
		_ = s[7]
		h.mix(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	if len(s) > 0 {
		var w uint64
		for i := 0; i < len(s); i++ {
			w |= uint64(s[i]) << (8 * i)
		}
		h.mix(w)
	}
}

func (h *sigHash) int(n int) { h.mix(uint64(n)) }
