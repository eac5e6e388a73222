package main

// End-to-end tests of Durable Object alarms: chains, retries, and alarms
// that come due while kindling is not running. Retries are shortened with
// the hidden --alarm-retry-start setting; the scheduler, its timers and its
// index on disk are the real ones.

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const alarmsConfig = `name = "alarms"
main = "src/index.js"
compatibility_date = "2025-09-01"

[[durable_objects.bindings]]
name = "TIMER"
class_name = "Timer"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Timer"]
`

// Timer records every run of its alarm handler in storage: when it ran,
// the alarmInfo it got, its ctx.id.name and what getAlarm() said inside.
// ?chain=N arms N alarms in a row, 50 ms apart; ?fail=N makes the first N
// runs throw after recording themselves.
const alarmsWorker = `import { DurableObject } from "cloudflare:workers";

export class Timer extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    const s = this.ctx.storage;
    if (url.searchParams.has("chain")) {
      await s.put("remaining", Number(url.searchParams.get("chain")));
      await s.setAlarm(Date.now() + 50);
      return new Response("armed");
    }
    if (url.searchParams.has("fail")) {
      await s.put("fail", Number(url.searchParams.get("fail")));
      await s.setAlarm(Date.now() + 10);
      return new Response("armed");
    }
    if (url.searchParams.has("in")) {
      await s.setAlarm(Date.now() + Number(url.searchParams.get("in")));
      return new Response("armed");
    }
    return Response.json({ alarm: await s.getAlarm(), runs: (await s.get("runs")) ?? [] });
  }

  async alarm(info) {
    const s = this.ctx.storage;
    const runs = (await s.get("runs")) ?? [];
    runs.push({ at: Date.now(), info: { ...info }, name: this.ctx.id.name ?? null, inside: await s.getAlarm() });
    await s.put("runs", runs);
    console.log("alarm run " + runs.length);
    if (runs.length <= ((await s.get("fail")) ?? 0)) throw new Error("alarm run " + runs.length + " fails");
    const remaining = ((await s.get("remaining")) ?? 1) - 1;
    await s.put("remaining", remaining);
    if (remaining > 0) await s.setAlarm(Date.now() + 50);
  }
}

export default {
  fetch(request, env) {
    const name = new URL(request.url).searchParams.get("name") ?? "a";
    return env.TIMER.get(env.TIMER.idFromName(name)).fetch(request);
  },
};
`

type alarmRun struct {
	At   int64 `json:"at"`
	Info struct {
		ScheduledTime int64 `json:"scheduledTime"`
		RetryCount    int   `json:"retryCount"`
		IsRetry       bool  `json:"isRetry"`
	} `json:"info"`
	Name   *string `json:"name"`
	Inside *int64  `json:"inside"`
}

type timerState struct {
	Alarm *int64     `json:"alarm"`
	Runs  []alarmRun `json:"runs"`
}

func timerStateOf(t *testing.T, p *devProcess, name string) timerState {
	t.Helper()
	status, body := get(t, p.URL+"/?name="+name)
	require.Equal(t, 200, status, body)
	var st timerState
	require.NoError(t, json.Unmarshal([]byte(body), &st), body)
	return st
}

// waitRuns polls until the object has recorded n runs, then checks that no
// more come within settle.
func waitRuns(t *testing.T, p *devProcess, name string, n int, within, settle time.Duration) timerState {
	t.Helper()
	var st timerState
	require.Eventually(t, func() bool {
		st = timerStateOf(t, p, name)
		return len(st.Runs) >= n
	}, within, 20*time.Millisecond, "runs of %s: %+v", name, st.Runs)
	time.Sleep(settle)
	st = timerStateOf(t, p, name)
	require.Len(t, st.Runs, n, "more runs than expected: %+v", st.Runs)
	return st
}

func TestAlarmChainFiresEachAlarmOnce(t *testing.T) {
	t.Parallel()
	p := startDev(t, writeProject(t, map[string]string{"wrangler.toml": alarmsConfig, "src/index.js": alarmsWorker}))
	_, body := get(t, p.URL+"/?name=chain&chain=5")
	require.Equal(t, "armed", body)

	st := waitRuns(t, p, "chain", 5, 10*time.Second, 200*time.Millisecond)
	for i, r := range st.Runs {
		require.Zero(t, r.Info.RetryCount, "run %d", i)
		require.False(t, r.Info.IsRetry, "run %d", i)
		require.Nil(t, r.Inside, "getAlarm() inside the handler of run %d", i)
		require.GreaterOrEqual(t, r.At, r.Info.ScheduledTime, "run %d fired before its time", i)
		require.NotNil(t, r.Name)
		require.Equal(t, "chain", *r.Name)
		if i > 0 {
			require.Greater(t, r.Info.ScheduledTime, st.Runs[i-1].Info.ScheduledTime)
		}
	}
	require.Nil(t, st.Alarm, "the last run deleted the alarm")
}

func TestFailingAlarmRetriesWithBackoffAndKeepsItsWrites(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{"wrangler.toml": alarmsConfig, "src/index.js": alarmsWorker})
	p := startDev(t, dir, "--alarm-retry-start", "100ms")
	get(t, p.URL+"/?name=flaky&fail=2")

	// Two failures, then a success: the runs the failures recorded were
	// committed although their handler threw.
	st := waitRuns(t, p, "flaky", 3, 10*time.Second, 500*time.Millisecond)
	for i, r := range st.Runs {
		require.Equal(t, i, r.Info.RetryCount)
		require.Equal(t, i > 0, r.Info.IsRetry)
		require.Equal(t, st.Runs[0].Info.ScheduledTime, r.Info.ScheduledTime, "a retry keeps the scheduled time")
		require.Nil(t, r.Inside)
	}
	// Backoff: 100 ms, then 200 ms (plus up to 25% jitter).
	require.GreaterOrEqual(t, st.Runs[1].At-st.Runs[0].At, int64(100))
	require.GreaterOrEqual(t, st.Runs[2].At-st.Runs[1].At, int64(200))
	require.Nil(t, st.Alarm)
	p.waitOutput(`Uncaught Error: alarm run 1 fails`)
	p.waitOutput(`Uncaught Error: alarm run 2 fails`)
}

func TestAlarmThatAlwaysFailsIsAbandonedAfterSixRetries(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{"wrangler.toml": alarmsConfig, "src/index.js": alarmsWorker})
	p := startDev(t, dir, "--alarm-retry-start", "10ms")
	get(t, p.URL+"/?name=doomed&fail=100")
	// 1 run + 6 retries, 10 ms << 0..5 apart: about 0.7 s with jitter.
	st := waitRuns(t, p, "doomed", 7, 15*time.Second, 1500*time.Millisecond)
	require.Equal(t, 6, st.Runs[6].Info.RetryCount)
	require.Nil(t, st.Alarm, "an abandoned alarm is gone from storage")
}

func TestAlarmDueWhileKindlingWasDownFiresAfterRestart(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{"wrangler.toml": alarmsConfig, "src/index.js": alarmsWorker})
	p := startDev(t, dir)
	_, body := get(t, p.URL+"/?name=sleeper&in=1000")
	require.Equal(t, "armed", body)
	// Killed, not stopped: what the alarm index acknowledged is on disk.
	p.Kill()
	time.Sleep(1500 * time.Millisecond)

	// The object is not touched before its alarm fires: the alarm wakes it
	// (its handler logs each run).
	p = startDev(t, dir)
	p.waitOutput(`alarm run 1`)
	st := timerStateOf(t, p, "sleeper")
	require.Len(t, st.Runs, 1, "%+v", st.Runs)
	r := st.Runs[0]
	require.GreaterOrEqual(t, r.At, r.Info.ScheduledTime)
	require.Zero(t, r.Info.RetryCount)
	// As in wrangler 4.86: the alarm index keeps no names, so an object
	// first woken by its alarm after a restart has no ctx.id.name.
	require.Nil(t, r.Name)
	require.Nil(t, st.Alarm)
}
