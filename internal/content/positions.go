package content

import "math"

// positions records where each frontmatter field, and each item of a
// field, was written. A document has about fifteen fields, and a site
// holds every document's positions for as long as it is linked: two maps
// per document took a fifth of a 10,000-experiment build's live heap.
// Short slices searched in order hold the same in about a third of that.
type positions struct {
	fields []fieldPos
	items  []pos32 // the items of every field, each field's in one run
}

type fieldPos struct {
	name          string
	at            pos32
	first, nItems int32 // the field's items: items[first : first+nItems]
}

// pos32 is a Pos in half the memory: no frontmatter has two billion lines.
type pos32 struct{ line, col int32 }

func narrow(p Pos) pos32 { return pos32{clamp32(p.Line), clamp32(p.Col)} }

func clamp32(n int) int32 { return int32(min(max(n, 0), math.MaxInt32)) }

func (p pos32) wide() Pos { return Pos{int(p.line), int(p.col)} }

func (ps *positions) find(name string) *fieldPos {
	for i := range ps.fields {
		if ps.fields[i].name == name {
			return &ps.fields[i]
		}
	}
	return nil
}

// setField records where a field's key was written; its items stay.
func (ps *positions) setField(name string, p Pos) {
	if f := ps.find(name); f != nil {
		f.at = narrow(p)
		return
	}
	ps.fields = append(ps.fields, fieldPos{name: name, at: narrow(p)})
}

// setItems records where a field's items were written, replacing any
// recorded before. The field must have been set.
func (ps *positions) setItems(name string, items []Pos) {
	f := ps.find(name)
	if f == nil {
		return
	}
	f.first, f.nItems = int32(len(ps.items)), int32(len(items))
	for _, p := range items {
		ps.items = append(ps.items, narrow(p))
	}
}

func (ps *positions) field(name string) (Pos, bool) {
	if f := ps.find(name); f != nil {
		return f.at.wide(), true
	}
	return Pos{}, false
}

func (ps *positions) item(name string, i int) (Pos, bool) {
	if f := ps.find(name); f != nil && i >= 0 && i < int(f.nItems) {
		return ps.items[int(f.first)+i].wide(), true
	}
	return Pos{}, false
}
