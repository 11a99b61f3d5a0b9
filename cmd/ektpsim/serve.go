package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/ektpsim/ektpsim/sim/serve"
)

// serveCmd is `ektpsim serve [SCENARIO] [--addr HOST:PORT]`: the local
// what-if page, until Ctrl-C.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on; a host other than loopback serves other machines too (port 0: any free port)")
	workers := fs.Int("workers", 0, "replications run at once (`N`); 0 means one per CPU")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(fs, stderr, "give at most one scenario, got %d", len(pos))
	}
	if *workers < 0 {
		return usageError(fs, stderr, "--workers %d: 0 or more", *workers)
	}
	var name string
	if len(pos) == 1 {
		name = pos[0]
		if !scenarioArg(stderr, "serve", name) {
			return exitInput
		}
	}
	srv, err := serve.New(serve.Config{Scenario: name, Workers: *workers})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInput
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "ektpsim serve: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "ektpsim serve: http://%s/ (Ctrl-C stops)\n", ln.Addr())
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "ektpsim serve failed: %v\n", err)
		return exitInput
	}
	fmt.Fprintln(stderr, "ektpsim serve: interrupted; stopped")
	return exitInterrupted
}
