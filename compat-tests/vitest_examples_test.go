package compattests

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// vitestHarness stands in for the helpers of @cloudflare/vitest-pool-workers
// (runInDurableObject and friends), which reach into an object from the test
// runner: it is given to kindling dev as the entry, re-exports the fixture's
// classes unchanged and adds a few routes that call the objects' methods over
// JS RPC, passing everything else to the fixture's own fetch handler.
const vitestHarness = `
import worker, { Counter, SQLiteDurableObject } from "./src/index";
export { Counter, SQLiteDurableObject };

export default {
	async fetch(request, env, ctx) {
		const url = new URL(request.url);
		const name = url.searchParams.get("name");
		switch (url.pathname) {
		case "/__harness/increment":
			await env.COUNTER.get(env.COUNTER.idFromName(name)).increment(Number(url.searchParams.get("by")));
			return new Response("ok");
		case "/__harness/schedule-reset":
			await env.COUNTER.get(env.COUNTER.idFromName(name)).scheduleReset(Number(url.searchParams.get("ms")));
			return new Response("ok");
		case "/__harness/websocket-order-log":
			return env.COUNTER.get(env.COUNTER.idFromName(name)).fetch("https://example.com/websocket-order-log");
		}
		return worker.fetch(request, env, ctx);
	},
};
`

// TestVitestPluginDurableObjects reproduces over HTTP the behaviours that
// cloudflare/workers-sdk's fixtures/vitest-plugin-examples/durable-objects
// checks with vitest (answers as wrangler dev gives them): a KV-backed class whose constructor loads its count
// in blockConcurrencyWhile, a SQLite-backed class's databaseSize, an alarm
// that resets the count once, a redirect answered by the object, the order
// of 100 messages on a hibernatable WebSocket, and eviction that drops the
// in-memory state but keeps storage and the socket. Targeted eviction is
// the idle timeout (shortened here), bulk eviction a restart.
func TestVitestPluginDurableObjects(t *testing.T) {
	gitDir := filepath.Join(projectsDir(), "cloudflare+workers-sdk", "repo")
	if _, err := os.Stat(gitDir); err != nil {
		t.Skipf("no mirror of cloudflare/workers-sdk at %s (set KINDLING_PROJECTS_DIR)", gitDir)
	}
	dir := checkout(t, gitDir, "fixtures/vitest-plugin-examples/durable-objects")
	if err := os.WriteFile(filepath.Join(dir, "kindling-harness.js"), []byte(vitestHarness), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := buildKindling(t)
	args := []string{"kindling-harness.js", "--do-idle-timeout", "1s"}
	base, stop := startKindlingStoppable(t, bin, dir, args...)

	// sqlite-in-do.test.ts: the SQL API is there. The vitest pool sees 4096
	// bytes; wrangler dev 4.86 answers 8192, as kindling does, because it
	// records a named object's name in a table of its database
	// (__miniflare_do_name) before the object runs.
	expectBody(t, base+"/sql", "8192")

	// direct-access.test.ts: counts through fetch, and a redirect answered
	// by the object reaches the client as it is.
	expectBody(t, base+"/path", "1")
	expectBody(t, base+"/path", "2")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(base + "/redirect")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 302 || res.Header.Get("Location") != "https://example.com/redirected" {
		t.Errorf("GET /redirect: %d Location %q, want 302 to https://example.com/redirected", res.StatusCode, res.Header.Get("Location"))
	}

	// alarm.test.ts: increment(3), an alarm to reset, a fetch that counts
	// 4; once the alarm has run the next fetch counts from 0 again, and the
	// alarm does not run twice.
	expectBody(t, base+"/__harness/increment?name=/alarm&by=3", "ok")
	expectBody(t, base+"/__harness/schedule-reset?name=/alarm&ms=300", "ok")
	expectBody(t, base+"/alarm", "4")
	time.Sleep(time.Second)
	expectBody(t, base+"/alarm", "1")
	time.Sleep(500 * time.Millisecond)
	expectBody(t, base+"/alarm", "2")

	// websockets.test.ts: 100 messages echoed and logged in the order sent.
	wsURL := strings.Replace(base, "http://", "ws://", 1) + "/websocket-order"
	socket, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", wsURL, err)
	}
	defer socket.Close()
	var sent []string
	for i := 0; i < 100; i++ {
		sent = append(sent, fmt.Sprintf("message-%d", i))
		if err := socket.WriteMessage(websocket.TextMessage, []byte(sent[i])); err != nil {
			t.Fatal(err)
		}
	}
	if got := readMessages(t, socket, len(sent)); !slices.Equal(got, sent) {
		t.Fatalf("echoes: %q, want message-0 … message-99 in order", got)
	}
	logURL := base + "/__harness/websocket-order-log?name=/websocket-order"
	if got := getStrings(t, logURL); !slices.Equal(got, sent) {
		t.Fatalf("the object logged %q, want message-0 … message-99 in order", got)
	}

	// eviction.test.ts, "hibernates WebSockets across eviction": once idle
	// the object is evicted; the socket stays open, a message wakes a new
	// instance (its in-memory log starts empty) which answers it.
	time.Sleep(2500 * time.Millisecond)
	if err := socket.WriteMessage(websocket.TextMessage, []byte("after-eviction")); err != nil {
		t.Fatal(err)
	}
	if got := readMessages(t, socket, 1); got[0] != "after-eviction" {
		t.Fatalf("after eviction the object answered %q, want the echo", got[0])
	}
	if got := getStrings(t, logURL); !slices.Equal(got, []string{"after-eviction"}) {
		t.Fatalf("after eviction the object logged %q, want only the new message", got)
	}
	socket.Close()

	// eviction.test.ts, in-memory state dropped but storage kept: a new
	// instance (after a restart) loads count 2 and counts on from there.
	stop()
	base, _ = startKindlingStoppable(t, bin, dir, args...)
	expectBody(t, base+"/path", "3")
	expectBody(t, base+"/sql", "8192")
}

func readMessages(t *testing.T, c *websocket.Conn, n int) []string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var got []string
	for len(got) < n {
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("after %d of %d messages: %v", len(got), n, err)
		}
		got = append(got, string(data))
	}
	return got
}

// getStrings reads a JSON array of strings.
func getStrings(t *testing.T, url string) []string {
	t.Helper()
	var out []string
	getJSON(t, url, &out)
	return out
}
