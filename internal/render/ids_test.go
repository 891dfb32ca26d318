package render

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHeadingIDsLinear gives 20,000 identical headings (and headings that
// look like their numbered repeats) and fails if the ids take more than a
// generous bound: the quadratic search took 30 s.
func TestHeadingIDsLinear(t *testing.T) {
	const n = 20000
	done := make(chan []string, 1)
	go func() {
		h := newHeadingIDs(nil)
		ids := make([]string, 0, 2*n+1)
		ids = append(ids, string(h.Generate([]byte("Tulos 3"), 0))) // takes tulos-3 before the repeats reach it
		for range n {
			ids = append(ids, string(h.Generate([]byte("Tulos"), 0)))
		}
		for range n {
			ids = append(ids, string(h.Generate([]byte(strings.Repeat("Mitä opittiin? ", 3)), 0)))
		}
		done <- ids
	}()
	select {
	case ids := <-done:
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("id %q given twice", id)
			}
			seen[id] = true
		}
		for i, want := range map[int]string{0: "tulos-3", 1: "tulos", 2: "tulos-2", 3: "tulos-4", n: "tulos-" + strconv.Itoa(n+1)} {
			if ids[i] != want {
				t.Errorf("id %d = %q, want %q", i, ids[i], want)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("20,000 repeated headings took more than 10 s")
	}
}

// TestHeadingIDsPut keeps ids that the document sets itself ({#id}) apart.
func TestHeadingIDsPut(t *testing.T) {
	h := newHeadingIDs(nil)
	h.Put([]byte("tulos-2"))
	var got []string
	for range 3 {
		got = append(got, string(h.Generate([]byte("Tulos"), 0)))
	}
	if want := "tulos tulos-3 tulos-4"; strings.Join(got, " ") != want {
		t.Errorf("ids %v, want %s", got, want)
	}
}
