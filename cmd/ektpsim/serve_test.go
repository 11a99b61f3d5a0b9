package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// `ektpsim serve SCENARIO --addr 127.0.0.1:0` prints its address, serves
// the page there, and stops on Ctrl-C (the context) with exit 130.
func TestServe(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- ektpsim(ctx, []string{"serve", "binjai-2017", "--addr", "127.0.0.1:0"}, pw, &errb)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (stderr %q)", err, errb.String())
	}
	m := regexp.MustCompile(`^ektpsim serve: (http://127\.0\.0\.1:\d+/) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("first line %q: want the address on loopback", line)
	}
	go io.Copy(io.Discard, pr)
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "ektpsim <span>what-if</span>") {
		t.Errorf("GET /: %d\n%.300s", resp.StatusCode, page)
	}
	resp, err = http.Get(m[1] + "api/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	list, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(list), `"selected":"binjai-2017"`) {
		t.Errorf("the scenario given is not preselected: %s", list)
	}
	cancel()
	select {
	case c := <-code:
		if c != exitInterrupted || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("after Ctrl-C: exit %d, stderr %q; want 130 and interrupted", c, errb.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5 s of Ctrl-C")
	}
}

// Bad command lines of serve: a missing scenario, an address in use or
// wrong, two scenarios.
func TestServeRefusals(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "binjai-2071"}, exitInput, `did you mean binjai-2017`},
		{[]string{"serve", "--addr", "nonsense"}, exitInput, "listen tcp: address nonsense: missing port"},
		{[]string{"serve", "a", "b"}, exitUsage, "give at most one scenario, got 2"},
		{[]string{"serve", "--workers", "-1"}, exitUsage, "--workers -1: 0 or more"},
	} {
		code, out, errs := ektp(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q (stdout %q)", c.args, code, errs, c.code, c.want, out)
		}
	}
}
