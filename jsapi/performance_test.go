package jsapi

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The performance and navigator cases of the conformance corpus, with
// workerd's answers.
var performanceWebCases = []webCase{
	{
		name: "timers-performance-now",
		body: `
const a = performance.now();
await tick(2);
const b = performance.now();
return [typeof a, b >= a, typeof performance.timeOrigin, Number.isFinite(a)];`,
		want: `{"ok":["number",true,"number",true]}`,
	},
	{
		name: "globals-navigator",
		body: `
return (({
userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, language: navigator.language,
languages: navigator.languages, tag: Object.prototype.toString.call(navigator),
sendBeacon: typeof navigator.sendBeacon, gpu: typeof navigator.gpu,
  }));`,
		want: `{"ok":{"gpu":"undefined","hardwareConcurrency":1,"language":"en","languages":["en"],"sendBeacon":"function","tag":"[object Navigator]","userAgent":"Cloudflare-Workers"}}`,
	},
}

func TestPerformanceConformance(t *testing.T) { runWebCases(t, performanceWebCases) }

func TestPerformance(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "now is wall-clock milliseconds since the epoch", js: `
const now = performance.now();
return [performance.timeOrigin, Math.abs(now - Date.now()) < 1000, now % 1 !== 0 || now > 0];`, want: []any{int64(0), true, true}},
		{name: "now advances within a task", js: `
const a = performance.now();
let x = 0;
for (let i = 0; i < 1e5; i++) x += i;
return performance.now() >= a;`, want: true},
		{name: "Performance is not a global, Navigator is", js: `
return [typeof Performance, typeof Navigator, Object.prototype.toString.call(performance), typeof PerformanceMark];`,
			want: []any{"undefined", "function", "[object Performance]", "undefined"}},
		{name: "navigator is not constructible", js: `new Navigator();`, wantErr: "TypeError: Illegal constructor"},
		{name: "sendBeacon without fetch", js: `
const saved = globalThis.fetch;
delete globalThis.fetch;
try { return navigator.sendBeacon("https://example.com/"); } finally { if (saved) globalThis.fetch = saved; }`, want: false},
		{name: "sendBeacon POSTs with fetch", js: `
const calls = [];
const saved = globalThis.fetch;
globalThis.fetch = async (url, init) => { calls.push([url, init.method, init.body]); throw new Error("offline"); };
const sent = navigator.sendBeacon("https://example.com/b", "payload");
await new Promise((r) => setTimeout(r, 1));
if (saved) globalThis.fetch = saved; else delete globalThis.fetch;
return [sent, calls];`, want: []any{true, []any{[]any{"https://example.com/b", "POST", "payload"}}}},
	})
}

func TestPerformanceNow(t *testing.T) {
	before := float64(time.Now().UnixMicro()) / 1000
	now := performanceNow()
	require.GreaterOrEqual(t, now, before)
	require.Less(t, now-before, 1000.0)
}
