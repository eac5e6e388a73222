package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// HTMLRewriter rewrites a fetched page as it streams: the client gets the
// rewritten start of the page while the upstream server still holds the
// rest, which it sends only once the client has seen that start.
func TestHTMLRewriterStreamsAFetchedPage(t *testing.T) {
	seen := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<html><head><title>T</title></head><body><a href="http://x.test/">x</a>`+"\n")
		w.(http.Flusher).Flush()
		select {
		case <-seen:
		case <-time.After(10 * time.Second):
		}
		io.WriteString(w, `<script>track()</script><p>end</p></body></html>`)
	}))
	defer upstream.Close()

	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"rewrite\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-09-01\"\n",
		"src/index.js": `export default {
  async fetch(request) {
    const upstream = new URL(request.url).searchParams.get("upstream");
    const res = await fetch(upstream);
    return new HTMLRewriter()
      .on("a[href^=http]", { element(el) { el.setAttribute("rel", "noopener"); } })
      .on("head", { element(el) { el.append('<meta name="rewritten">', { html: true }); } })
      .on("script", { element(el) { el.remove(); } })
      .on("p", { async text(t) { if (t.text) { await scheduler.wait(1); t.replace(t.text.toUpperCase()); } } })
      .transform(res);
  },
};
`,
	})
	p := startDev(t, dir)
	res, err := client.Get(p.URL + "/?upstream=" + upstream.URL)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))

	body := bufio.NewReader(res.Body)
	first, err := body.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, `<html><head><title>T</title><meta name="rewritten"></head><body><a href="http://x.test/" rel="noopener">x</a>`+"\n", first)
	close(seen)
	rest, err := io.ReadAll(body)
	require.NoError(t, err)
	require.Equal(t, "<p>END</p></body></html>", string(rest))
}

// A handler's exception ends the rewritten body after what was written
// before it, as under wrangler dev, and is logged as uncaught.
func TestHTMLRewriterHandlerErrorEndsTheBody(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"rewrite-error\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-09-01\"\n",
		"src/index.js": `export default {
  async fetch() {
    const html = "<p>kept</p>" + "<i>x</i>".repeat(10) + "<b>boom</b>";
    return new HTMLRewriter()
      .on("b", { element() { throw new Error("handler failed"); } })
      .transform(new Response(html, { headers: { "content-type": "text/html" } }));
  },
};
`,
	})
	p := startDev(t, dir)
	status, body := get(t, p.URL+"/")
	require.Equal(t, 200, status)
	require.Equal(t, "<p>kept</p>"+strings.Repeat("<i>x</i>", 10), body)
	p.waitOutput(`Uncaught Error: handler failed`)
}
