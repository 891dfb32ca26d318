package content

import (
	"math"
	"testing"
)

func TestPositions(t *testing.T) {
	d := &Document{FrontPos: Pos{1, 1}}
	d.pos.setField("title", Pos{2, 1})
	d.pos.setItems("title", []Pos{{2, 8}})
	d.pos.setField("tags", Pos{3, 1})
	d.pos.setItems("tags", []Pos{{3, 8}})                  // first written as one value …
	d.pos.setItems("tags", []Pos{{3, 9}, {3, 14}, {4, 3}}) // … then read as a list
	d.pos.setItems("missing", []Pos{{9, 9}})               // not a field: ignored
	d.pos.setField("huge", Pos{math.MaxInt, -5})

	for _, c := range []struct {
		field string
		item  int // -1: PosOf
		want  Pos
	}{
		{"title", -1, Pos{2, 1}},
		{"title", 0, Pos{2, 8}},
		{"title", 1, Pos{2, 1}}, // no such item: the field
		{"tags", 0, Pos{3, 9}},
		{"tags", 2, Pos{4, 3}},
		{"tags", 3, Pos{3, 1}},
		{"tags", -2, Pos{3, 1}},
		{"missing", -1, Pos{1, 1}}, // absent: where to add it
		{"missing", 0, Pos{1, 1}},
		{"huge", -1, Pos{math.MaxInt32, 0}},
	} {
		var got Pos
		if c.item == -1 {
			got = d.PosOf(c.field)
		} else {
			got = d.ItemPosOf(c.field, c.item)
		}
		if got != c.want {
			t.Errorf("%s item %d: got %v, want %v", c.field, c.item, got, c.want)
		}
	}
	if !d.Has("tags") || d.Has("missing") {
		t.Errorf("Has: tags %v, missing %v", d.Has("tags"), d.Has("missing"))
	}
}
