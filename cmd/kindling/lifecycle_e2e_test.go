package main

// End-to-end tests of the Durable Object lifecycle and the limits: idle
// eviction and re-construction, objects reset by their own exceptions or
// by ctx.abort(), the CPU limit, waitUntil, unhandled rejections and the
// scheduled handler.

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const lifeConfig = `name = "life"
main = "src/index.ts"
compatibility_date = "2025-09-01"
triggers = { crons = ["@every 1s"] }

[limits]
cpu_ms = 500

[[durable_objects.bindings]]
name = "OBJ"
class_name = "Obj"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Obj"]
`

// Obj counts its constructions in a module variable (each object lives in
// one isolate, so the variable counts that object's instances) and keeps a
// counter both in memory and in storage.
const lifeWorker = `import { DurableObject } from "cloudflare:workers";

const constructed: Record<string, number> = {};
let bcwFailures = 0;

export class Obj extends DurableObject {
  memory = 0;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    const name = ctx.id.name ?? "?";
    constructed[name] = (constructed[name] ?? 0) + 1;
    if (name.startsWith("ctor-throws") && constructed[name] === 1) throw new Error("constructor fails once");
    if (name.startsWith("bcw-throws")) {
      ctx.blockConcurrencyWhile(async () => {
        if (bcwFailures++ === 0) throw new Error("blockConcurrencyWhile fails once");
      });
    }
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const name = this.ctx.id.name ?? "?";
    switch (url.pathname) {
      case "/inc": {
        this.memory++;
        const stored = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
        await this.ctx.storage.put("n", stored);
        return Response.json({ constructed: constructed[name], memory: this.memory, stored });
      }
      case "/get":
        return Response.json({ stored: (await this.ctx.storage.get<number>("n")) ?? 0 });
      case "/slow":
        await new Promise((r) => setTimeout(r, Number(url.searchParams.get("ms"))));
        return Response.json({ constructed: constructed[name] });
      case "/spin": {
        await this.ctx.storage.put("before-spin", true);
        for (;;) {}
      }
      case "/abort":
        this.memory = 100;
        this.ctx.storage.put("n", 1000);
        this.ctx.abort("aborted on purpose");
        return new Response("not reached");
    }
    return new Response("unknown", { status: 404 });
  }
}

export default {
  async fetch(request: Request, env: any, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/ping") return new Response("pong");
    if (url.pathname === "/later") {
      ctx.waitUntil(new Promise((r) => setTimeout(r, 300)).then(() =>
        env.OBJ.get(env.OBJ.idFromName("later")).fetch("http://x/inc")));
      return new Response("answered");
    }
    if (url.pathname === "/reject") {
      rejectLater();
      return new Response("rejected somewhere");
    }
    const name = url.searchParams.get("name") ?? "a";
    return env.OBJ.get(env.OBJ.idFromName(name)).fetch(request);
  },

  async scheduled(controller: ScheduledController, env: any, ctx: ExecutionContext) {
    console.log("scheduled " + JSON.stringify({ cron: controller.cron, time: controller.scheduledTime, keys: Object.keys(controller) }));
    if (controller.cron === "fail") throw new Error("scheduled fails");
    ctx.waitUntil(env.OBJ.get(env.OBJ.idFromName("cron")).fetch("http://x/inc"));
  },
};

function rejectLater() {
  Promise.reject(new Error("nobody handles this"));
}
`

type lifeCounts struct {
	Constructed int `json:"constructed"`
	Memory      int `json:"memory"`
	Stored      int `json:"stored"`
}

func inc(t *testing.T, p *devProcess, name string) lifeCounts {
	t.Helper()
	status, body := get(t, p.URL+"/inc?name="+name)
	require.Equal(t, 200, status, body)
	var c lifeCounts
	require.NoError(t, json.Unmarshal([]byte(body), &c), body)
	return c
}

func startLife(t *testing.T, args ...string) *devProcess {
	t.Helper()
	return startDev(t, writeProject(t, map[string]string{"wrangler.toml": lifeConfig, "src/index.ts": lifeWorker}), args...)
}

func TestIdleObjectIsEvictedAndConstructedAgain(t *testing.T) {
	t.Parallel()
	p := startLife(t, "--do-idle-timeout", "300ms")
	require.Equal(t, lifeCounts{1, 1, 1}, inc(t, p, "idle"))
	require.Equal(t, lifeCounts{1, 2, 2}, inc(t, p, "idle"), "a busy object stays")

	// Work in flight keeps the object: a request that lasts longer than
	// the idle timeout ends on the same instance.
	_, body := get(t, p.URL+"/slow?name=idle&ms=800")
	require.JSONEq(t, `{"constructed":1}`, body)

	time.Sleep(900 * time.Millisecond)
	// Evicted: a new instance, in-memory state gone, storage intact.
	require.Equal(t, lifeCounts{2, 1, 3}, inc(t, p, "idle"))
}

func TestThrowingConstructorFailsTheEventAndServerGoesOn(t *testing.T) {
	t.Parallel()
	p := startLife(t)
	status, body := get(t, p.URL+"/inc?name=ctor-throws")
	require.Equal(t, 500, status)
	require.Contains(t, body, "constructor fails once")
	status, _ = get(t, p.URL+"/ping")
	require.Equal(t, 200, status)
	// The next event constructs the object again.
	require.Equal(t, lifeCounts{2, 1, 1}, inc(t, p, "ctor-throws"))
}

func TestBlockConcurrencyWhileThatThrowsResetsTheObject(t *testing.T) {
	t.Parallel()
	p := startLife(t)
	status, body := get(t, p.URL+"/inc?name=bcw-throws")
	require.Equal(t, 500, status)
	require.Contains(t, body, "blockConcurrencyWhile fails once")
	require.Equal(t, lifeCounts{2, 1, 1}, inc(t, p, "bcw-throws"))
}

func TestAbortResetsTheObjectAndDropsTheTurnsWrites(t *testing.T) {
	t.Parallel()
	p := startLife(t)
	require.Equal(t, lifeCounts{1, 1, 1}, inc(t, p, "aborter"))
	status, body := get(t, p.URL+"/abort?name=aborter")
	require.Equal(t, 500, status)
	require.True(t, strings.HasPrefix(body, "Error: aborted on purpose"), body)
	// A new instance; the put made before abort() was not committed.
	require.Equal(t, lifeCounts{2, 1, 2}, inc(t, p, "aborter"))
}

func TestInfiniteLoopHitsTheCPULimitWhileOtherRequestsAreServed(t *testing.T) {
	t.Parallel()
	p := startLife(t, "--isolates", "2")
	require.Equal(t, lifeCounts{1, 1, 1}, inc(t, p, "spinner"))

	var spinDone time.Time
	var spinStatus int
	var spinBody string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		spinStatus, spinBody = get(t, p.URL+"/spin?name=spinner")
		spinDone = time.Now()
	}()
	// Meanwhile the Worker keeps answering: requests are spread over the
	// two isolates; those that land on the spinning one wait for the
	// limit, the others are served at once.
	time.Sleep(50 * time.Millisecond)
	served := make([]time.Time, 6)
	var pings sync.WaitGroup
	for i := range served {
		pings.Add(1)
		go func() {
			defer pings.Done()
			status, body := get(t, p.URL+"/ping")
			require.Equal(t, 200, status)
			require.Equal(t, "pong", body)
			served[i] = time.Now()
		}()
	}
	pings.Wait()
	wg.Wait()
	require.Equal(t, 500, spinStatus)
	require.Equal(t, "Error: Worker exceeded CPU time limit.", firstLine(spinBody))
	servedDuringLoop := 0
	for _, at := range served {
		if at.Before(spinDone) {
			servedDuringLoop++
		}
	}
	require.Positive(t, servedDuringLoop, "no request was served while the loop ran")
	p.waitOutput(`Worker exceeded CPU time limit\.`)

	// The object is constructed again on its next event (memory 1, not
	// 2), in a fresh runtime (its module counter starts again), with its
	// storage intact (the write before the loop was committed).
	require.Equal(t, lifeCounts{1, 1, 2}, inc(t, p, "spinner"))
}

func TestWaitUntilFinishesAfterTheResponse(t *testing.T) {
	t.Parallel()
	p := startLife(t)
	start := time.Now()
	_, body := get(t, p.URL+"/later")
	require.Equal(t, "answered", body)
	require.Less(t, time.Since(start), 300*time.Millisecond, "the response waited for waitUntil")
	require.Eventually(t, func() bool {
		_, body := get(t, p.URL+"/get?name=later")
		return body == `{"stored":1}`
	}, 5*time.Second, 50*time.Millisecond, "the waitUntil work never reached the object")
}

func TestUnhandledRejectionIsLoggedWithItsSourceMappedStack(t *testing.T) {
	t.Parallel()
	p := startLife(t)
	status, _ := get(t, p.URL+"/reject")
	require.Equal(t, 200, status)
	p.waitOutput(`Uncaught \(in promise\) Error: nobody handles this\n\s+at rejectLater \(file://.*/src/index\.ts:\d+:\d+\)`)
}

func TestScheduledHandlerRunsOnDemandAndOnItsSchedule(t *testing.T) {
	t.Parallel()
	p := startLife(t, "--test-scheduled")

	// The cron trigger ("@every 1s") runs by itself.
	p.waitOutput(`Scheduled event \(cron "@every 1s"\) ok`)
	p.waitOutput(`scheduled \{"cron":"@every 1s","time":\d+000,"keys":\["cron","scheduledTime"\]\}`)

	res, err := client.Get(p.URL + "/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=1700000000000")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	p.waitOutput(regexp.QuoteMeta(`scheduled {"cron":"*/5 * * * *","time":1700000000000`))

	status, body := get(t, p.URL+"/cdn-cgi/handler/scheduled?cron=fail")
	require.Equal(t, 500, status)
	require.Equal(t, "exception", body)

	status, body = get(t, p.URL+"/__scheduled?cron=hourly")
	require.Equal(t, 200, status)
	require.Equal(t, "Ran scheduled event", body)

	// The waitUntil work of the scheduled events reached the object.
	c := inc(t, p, "cron")
	require.GreaterOrEqual(t, c.Stored, 3)
}

func TestScheduledPathGoesToTheWorkerWithoutTestScheduled(t *testing.T) {
	t.Parallel()
	p := startLife(t)
	status, body := get(t, p.URL+"/__scheduled?cron=x&name=plain")
	require.Equal(t, 404, status, "the Durable Object answered, not the trigger")
	require.Equal(t, "unknown", body)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
