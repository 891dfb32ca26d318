package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// hub sends Server-Sent Events to every open /_kokeilu/events stream.
// Each stream gets the current state on connect ("hello" and "problems")
// and then every event; a stream that cannot keep up is closed (its
// browser reconnects and gets the state again).
type hub struct {
	mu       sync.Mutex
	clients  map[chan event]string // → the page the stream's browser shows (a URL path), or ""
	closed   bool
	done     chan struct{} // closed by close: every stream ends
	id       string        // this server's run, so that browsers notice a restart
	build    uint64        // the served build
	problems event         // the errors of the last build
}

type event struct {
	name string
	data []byte
}

func newHub(id string) *hub {
	h := &hub{clients: map[chan event]string{}, done: make(chan struct{}), id: id}
	h.problems = newEvent("problems", problemsData{Errors: []problemJSON{}})
	return h
}

// hello is the first event of every stream.
type hello struct {
	Server string `json:"server"`
	Build  uint64 `json:"build"`
}

// problemsData is the "problems" event: the errors that stop the build.
type problemsData struct {
	Errors []problemJSON `json:"errors"`
}

type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	// Text is the message and hint by language code (fi, sv); the overlay
	// falls back to Message and Hint, the English.
	Text map[string]problemText `json:"text,omitempty"`
}

type problemText struct {
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// publish records the served build and the current errors, and sends the
// events to every stream, in one step.
func (h *hub) publish(build uint64, problems []problemJSON, evs ...event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.build = build
	if problems == nil {
		problems = []problemJSON{}
	}
	h.problems = newEvent("problems", problemsData{Errors: problems})
	h.sendLocked(h.problems)
	for _, ev := range evs {
		h.sendLocked(ev)
	}
}

func newEvent(name string, v any) event {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own types are sent
	}
	return event{name: name, data: data}
}

// sendLocked queues an event for every stream.
func (h *hub) sendLocked(ev event) {
	for c := range h.clients {
		select {
		case c <- ev:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// count is the number of open streams.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close ends every stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

// pageParam is the page a stream's browser shows, from its ?page= (see
// reload.js): a site path, or "" when it is not one.
func pageParam(r *http.Request) string {
	p, err := url.PathUnescape(r.URL.Query().Get("page"))
	if err != nil || len(p) > 1024 || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") ||
		slices.ContainsFunc(strings.Split(p, "/"), func(seg string) bool { return seg == ".." || seg == "." }) {
		return ""
	}
	return p
}

// pages lists the pages that open streams show, each once: the engine
// renders them first.
func (h *hub) pages() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, p := range h.clients {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// heartbeat keeps idle streams open through proxies and lets the server
// notice browsers that left.
const heartbeat = 20 * time.Second

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 16)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "the preview is stopping", http.StatusServiceUnavailable)
		return
	}
	// The state is queued under the lock so that no event falls between
	// it and the stream's registration.
	c <- newEvent("hello", hello{Server: h.id, Build: h.build})
	c <- h.problems
	h.clients[c] = pageParam(r)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		if _, ok := h.clients[c]; ok {
			delete(h.clients, c)
			close(c)
		}
		h.mu.Unlock()
	}()

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	flusher.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		case ev, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
			flusher.Flush()
		}
	}
}
