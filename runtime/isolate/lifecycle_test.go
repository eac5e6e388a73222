package isolate

// Tests of an instance's life in one isolate: idle eviction and what keeps
// an instance from it (evictable.go, evict.go), and the CPU limit that
// replaces the runtime (cpu_limit.go). The end-to-end tests in
// cmd/kindling drive the same through the dev server.

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/runtime/actor"
)

const lifecycleWorker = `
import { DurableObject } from "cloudflare:workers";
let made = 0;
export class Obj extends DurableObject {
  constructor(ctx, env) { super(ctx, env); this.serial = ++made; this.hits = 0; }
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/spin") {
      await this.ctx.storage.put("spun", true); // committed: the task ends at the next await
      await new Promise((r) => setTimeout(r, 0));
      this.ctx.storage.put("lost", true); // same task as the loop: never committed
      for (;;) {}
    }
    this.hits++;
    const [spun, lost] = [await this.ctx.storage.get("spun"), await this.ctx.storage.get("lost")];
    return Response.json({ serial: this.serial, hits: this.hits, spun: spun ?? false, lost: lost ?? false });
  }
}
export default { fetch() { return new Response("worker"); } };
`

// newLifecycleIsolate runs lifecycleWorker with the options set by tune.
func newLifecycleIsolate(t *testing.T, tune func(*Options)) *testIsolate {
	t.Helper()
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": lifecycleWorker})
	ti := &testIsolate{logs: &logRecorder{}, ns: make(map[string]*actor.Namespace)}
	ns := actor.NewNamespace("test", "Obj", true, t.TempDir())
	ti.ns["OBJ"] = ns
	opts := Options{Program: prg, Log: ti.logs.log,
		Namespaces: []NamespaceBinding{{Name: "OBJ", Namespace: localNamespace{ns, &ti.Isolate}}}}
	tune(&opts)
	iso, err := New(opts)
	require.NoError(t, err)
	ti.Isolate = iso
	t.Cleanup(iso.Close)
	return ti
}

type objState struct {
	Serial int  `json:"serial"`
	Hits   int  `json:"hits"`
	Spun   bool `json:"spun"`
	Lost   bool `json:"lost"`
}

func (ti *testIsolate) objState(t *testing.T, path string) objState {
	t.Helper()
	r := ti.objectFetch(t, "OBJ", "o", path)
	require.NoError(t, r.err)
	var st objState
	require.NoError(t, json.Unmarshal([]byte(r.body), &st), r.body)
	return st
}

// live reports whether object "o" has an instance in memory.
func (ti *testIsolate) live() (inst *instance) {
	ns := ti.ns["OBJ"]
	ti.onLoop(func() { inst = ti.actors[actorKey{ns, ns.IDFromName("o").String()}] })
	return inst
}

func TestIdleInstanceIsEvictedUnlessHeld(t *testing.T) {
	ti := newLifecycleIsolate(t, func(o *Options) { o.IdleTimeout = 50 * time.Millisecond })
	require.Equal(t, objState{Serial: 1, Hits: 1}, ti.objState(t, "/"))

	// A hold (what a non-hibernatable WebSocket takes) keeps it.
	var release func()
	inst := ti.live()
	require.NotNil(t, inst)
	ti.onLoop(func() { release = inst.hold() })
	time.Sleep(150 * time.Millisecond)
	require.Same(t, inst, ti.live(), "evicted while held")
	require.Equal(t, objState{Serial: 1, Hits: 2}, ti.objState(t, "/"))

	ti.onLoop(release)
	require.Eventually(t, func() bool { return ti.live() == nil }, 2*time.Second, 10*time.Millisecond)
	require.Equal(t, objState{Serial: 2, Hits: 1}, ti.objState(t, "/"), "constructed again")
}

func TestNegativeIdleTimeoutKeepsInstances(t *testing.T) {
	ti := newLifecycleIsolate(t, func(o *Options) { o.IdleTimeout = -1 })
	ti.objState(t, "/")
	inst := ti.live()
	var timer int
	ti.onLoop(func() { timer = inst.idleTimer })
	require.Zero(t, timer, "no countdown")
}

func TestCPULimitReplacesTheRuntimeAndKeepsStorage(t *testing.T) {
	ti := newLifecycleIsolate(t, func(o *Options) { o.CPULimit = 100 * time.Millisecond })
	require.Equal(t, objState{Serial: 1, Hits: 1}, ti.objState(t, "/"))

	r := ti.objectFetch(t, "OBJ", "o", "/spin")
	require.ErrorContains(t, r.err, "Worker exceeded CPU time limit.")
	require.Contains(t, ti.logs.text(), "Worker exceeded CPU time limit. (a task ran longer than 100ms)")

	// A fresh runtime (its module counter starts again), the object
	// constructed anew, the write committed before the loop kept, the one
	// of the looping task dropped.
	require.Equal(t, objState{Serial: 1, Hits: 1, Spun: true}, ti.objState(t, "/"))
	require.Equal(t, "worker", ti.fetch(t, get("http://w/")).body)
	require.NotContains(t, ti.logs.text(), "internal error")
}
