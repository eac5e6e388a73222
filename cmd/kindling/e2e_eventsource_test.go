package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// An EventSource whose fetcher is a service binding to the Worker itself
// reads the event stream the Worker serves, as under wrangler dev (whose
// answer this is).
func TestEventSourceOverAServiceBinding(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": `name = "sse"
main = "src/index.js"
compatibility_date = "2025-09-01"

[[services]]
binding = "SELF"
service = "sse"
`,
		"src/index.js": `export default {
  async fetch(req, env) {
    const u = new URL(req.url);
    if (u.pathname === "/stream") {
      const n = Number(u.searchParams.get("n"));
      const enc = new TextEncoder();
      let i = 0;
      const body = new ReadableStream({ async pull(c) {
        if (i === n) { c.close(); return; }
        await scheduler.wait(5);
        i++;
        c.enqueue(enc.encode("id: " + i + "\ndata: " + req.headers.get("accept") + " " + i + "\n\n"));
      } });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    }
    const es = new EventSource("http://self.test/stream?n=3", { fetcher: env.SELF });
    const got = [];
    await new Promise((resolve) => {
      es.onmessage = (e) => { got.push([e.data, e.lastEventId, e.origin]); if (got.length === 3) { es.close(); resolve(); } };
      es.onerror = (e) => { got.push(["error", e.error?.message]); es.close(); resolve(); };
    });
    return Response.json(got);
  },
};
`,
	})
	p := startDev(t, dir)
	status, body := get(t, p.URL+"/")
	require.Equal(t, 200, status, body)
	require.JSONEq(t, `[["text/event-stream 1","1","http://self.test"],["text/event-stream 2","2","http://self.test"],["text/event-stream 3","3","http://self.test"]]`, body)
}
