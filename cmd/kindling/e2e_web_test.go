package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// A Worker using the Web APIs the way application code does: a regex
// literal with Unicode property escapes (rewritten between esbuild and
// goja), crypto.subtle, URL, and an outbound fetch to a real local server
// that redirects once.
func TestWebAPIsThroughKindlingDev(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/data?x=1", http.StatusFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"path": r.URL.RequestURI(), "worker": r.Header.Get("CF-Worker"), "body": string(body)})
	}))
	defer upstream.Close()

	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"webapis\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2025-09-01\"\n",
		"src/index.ts": `export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const upstream = url.searchParams.get("upstream")!;
    const words = "Ünïcode and ascii WORDS Δelta".split(" ").filter((w) => /^\p{Lu}/u.test(w));
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const res = await fetch(new URL("/start", upstream));
    const data = await res.json();
    return Response.json({ words, hex, redirected: res.redirected, data, host: new URL("http://MÜNCHEN.de/").host });
  },
};
`,
	})
	p := startDev(t, dir)
	status, body := get(t, p.URL+"/?upstream="+upstream.URL)
	require.Equal(t, 200, status, body)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Equal(t, []any{"Ünïcode", "WORDS", "Δelta"}, got["words"])
	require.Equal(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", got["hex"])
	require.Equal(t, true, got["redirected"])
	require.Equal(t, map[string]any{"path": "/data?x=1", "worker": "webapis.example.com", "body": ""}, got["data"])
	require.Equal(t, "xn--mnchen-3ya.de", got["host"])
}
