package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ledgerProject writes, per request, one SQL row, one async KV value and one
// sync KV value in one turn: they commit together or not at all.
var ledgerProject = map[string]string{
	"wrangler.toml": `name = "ledger"
main = "src/index.js"
compatibility_date = "2025-09-01"

[[durable_objects.bindings]]
name = "LEDGER"
class_name = "Ledger"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Ledger"]
`,
	"src/index.js": `import { DurableObject } from "cloudflare:workers";

export class Ledger extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }
  async write(seq) {
    this.ctx.storage.sql.exec("INSERT INTO entries VALUES (?, ?)", seq, "x".repeat(500));
    await this.ctx.storage.put("seq:" + String(seq).padStart(6, "0"), seq);
    this.ctx.storage.kv.put("last", seq);
    return seq;
  }
  async check() {
    const sql = this.ctx.storage.sql;
    return {
      rows: sql.exec("SELECT seq FROM entries ORDER BY seq").raw().toArray().map((r) => r[0]),
      kv: [...(await this.ctx.storage.list({ prefix: "seq:" })).values()],
      last: this.ctx.storage.kv.get("last") ?? 0,
      quickCheck: sql.exec("PRAGMA quick_check").one().quick_check,
    };
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const stub = env.LEDGER.getByName(url.searchParams.get("obj"));
    if (url.pathname === "/write") return new Response(String(await stub.write(Number(url.searchParams.get("seq")))));
    if (url.pathname === "/check") return Response.json(await stub.check());
    return new Response("not found", { status: 404 });
  },
};
`,
}

// Writers stream writes to their own objects; the process is killed with
// SIGKILL while requests are in flight. After a restart every acknowledged
// write is there, every turn is whole (its row and both KV values, or
// none), and SQLite finds the files intact.
func TestAcknowledgedWritesSurviveSIGKILLMidStream(t *testing.T) {
	dir := writeProject(t, ledgerProject)
	p := startDev(t, dir)
	const writers = 4
	const maxWrites = 2000 // per writer; the kill comes first
	acked := make([]int, writers)
	var wg sync.WaitGroup
	stop := time.Now().Add(10 * time.Second)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 5 * time.Second}
			for seq := 1; seq <= maxWrites && time.Now().Before(stop); seq++ {
				res, err := c.Get(fmt.Sprintf("%s/write?obj=w%d&seq=%d", p.URL, w, seq))
				if err != nil {
					return // killed
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 || string(body) != fmt.Sprint(seq) {
					return
				}
				acked[w] = seq
			}
		}()
	}
	// Let the stream get going, then kill in the middle of it.
	require.Eventually(t, func() bool {
		for _, n := range acked {
			if n < 50 {
				return false
			}
		}
		return true
	}, 20*time.Second, 5*time.Millisecond)
	p.Kill()
	wg.Wait()

	p = startDev(t, dir)
	for w := range writers {
		_, body := get(t, fmt.Sprintf("%s/check?obj=w%d", p.URL, w))
		var got struct {
			Rows, KV   []int
			Last       int
			QuickCheck string
		}
		require.NoError(t, json.Unmarshal([]byte(body), &got), body)
		assert.Equal(t, "ok", got.QuickCheck)
		n := len(got.Rows)
		require.GreaterOrEqual(t, n, acked[w], "writer %d: an acknowledged write is missing", w)
		// A write can be committed without its answer having arrived
		// before the kill: at most the one in flight.
		assert.LessOrEqual(t, n, acked[w]+1, "writer %d", w)
		for i, seq := range got.Rows {
			require.Equal(t, i+1, seq, "writer %d: rows are 1..n", w)
		}
		assert.Equal(t, got.Rows, got.KV, "writer %d: every turn whole", w)
		assert.Equal(t, n, got.Last, "writer %d", w)
		t.Logf("writer %d: %d acknowledged, %d committed", w, acked[w], n)
	}
}
