package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/kokeilu/kokeilu/internal/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts=false] "+langSynopsis, stderr)
	src := fs.String("src", ".", "the site's folder (with content/, layouts/, assets/)")
	addr := fs.String("addr", "127.0.0.1:1313", "the address to serve the preview on; keep it on 127.0.0.1 unless others must see it")
	// Drafts are shown: the page an editor has just made with kokeilu new
	// is a draft, and must not answer 404 in the preview.
	drafts := fs.Bool("drafts", true, "show drafts, each marked with a banner; -drafts=false shows the site as it will be published")
	lang := langFlag(fs)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	term, err := lang()
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu serve:", err)
		return exitUsage
	}
	root, ok := siteRoot(*src, stderr)
	if !ok {
		return exitUsage
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "kokeilu serve: -addr %q is not host:port, e.g. 127.0.0.1:1313\n", *addr)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{ReplaceAttr: shortTime}))
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		log.Warn("the preview is reachable from other machines; use -addr 127.0.0.1:PORT to keep it on this one", "addr", *addr)
	}

	start := time.Now()
	// Listen first: the port is ours, and the browser's first request
	// waits for the first build instead of failing.
	ln, err := net.Listen("tcp", *addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		next := "1314"
		if p, err := strconv.Atoi(port); err == nil && p < 65535 {
			next = strconv.Itoa(p + 1)
		}
		fmt.Fprintf(stderr, "kokeilu serve: port %s on %s is already in use (another kokeilu serve, or another program); "+
			"stop it, or choose another port: kokeilu serve -addr %s\n", port, host, net.JoinHostPort(host, next))
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "kokeilu serve: %v\n", err)
		return exitContent
	}
	srv, err := serve.New(ctx, serve.Options{Root: root, Drafts: *drafts, Logger: log, Addr: *addr, Messages: term.cat})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "kokeilu serve: %v\n", err)
		return exitContent
	}
	base := "http://" + displayAddr(ln.Addr())
	abs, _ := filepath.Abs(root)
	fmt.Fprintf(stdout, "kokeilu serve: %s read in %d ms\n", abs, time.Since(start).Milliseconds())
	for _, h := range srv.Homes() {
		fmt.Fprintf(stdout, "  %-12s %s%s\n", h.Name, base, h.Path)
	}
	if *drafts {
		fmt.Fprintln(stdout, "Drafts (draft: true) are shown, each with a banner; kokeilu build leaves them out. -drafts=false hides them.")
	}
	fmt.Fprintln(stdout, "Watching content/, layouts/ and assets/; press Ctrl-C to stop.")
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "kokeilu serve: %v\n", err)
		return exitContent
	}
	fmt.Fprintln(stdout, "kokeilu serve: stopped")
	return exitOK
}

// displayAddr is the listening address as a browser can open it.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", fmt.Sprint(tcp.Port))
	}
	return tcp.String()
}

// shortTime writes log times as 15:04:05.000, enough in a terminal.
func shortTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 {
		return slog.String(slog.TimeKey, a.Value.Time().Format("15:04:05.000"))
	}
	return a
}
