package jsapi

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/runtime/eventloop"
)

// testHost records console output.
type testHost struct {
	mu   sync.Mutex
	logs []string
}

func (h *testHost) Log(level LogLevel, msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.logs = append(h.logs, string(level)+": "+msg)
}

func (h *testHost) output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.logs, "\n")
}

// testRealm is a realm on a running loop.
type testRealm struct {
	t     *testing.T
	loop  *eventloop.Loop
	realm *Realm
	host  *testHost
}

func newTestRealm(t *testing.T) *testRealm {
	t.Helper()
	loop := eventloop.New()
	done := make(chan struct{})
	go func() { loop.Run(); close(done) }()
	t.Cleanup(func() { loop.Stop(); <-done })
	tr := &testRealm{t: t, loop: loop, host: &testHost{}}
	tr.do(func() { tr.realm = NewRealm(goja.New(), loop, tr.host) })
	return tr
}

// do runs fn on the loop and waits for it.
func (tr *testRealm) do(fn func()) {
	finished := make(chan struct{})
	tr.loop.Post(func() { defer close(finished); fn() })
	<-finished
}

// run evaluates js as the body of an async function and returns what it
// returns (exported to Go), failing the test if it throws or rejects or
// does not settle within 5 s.
func (tr *testRealm) run(js string) any {
	tr.t.Helper()
	v, err := tr.eval(js)
	require.NoError(tr.t, err, "js: %s", js)
	return v
}

// eval is run that returns the rejection as an error ("Name: message").
func (tr *testRealm) eval(js string) (any, error) {
	type outcome struct {
		v   any
		err error
	}
	result := make(chan outcome, 1)
	tr.loop.Post(func() {
		rt := tr.realm.Runtime()
		v, err := rt.RunString("(async () => {\n" + js + "\n})()")
		if err != nil {
			result <- outcome{err: err}
			return
		}
		tr.realm.Await(v, func(v goja.Value) {
			result <- outcome{v: v.Export()}
		}, func(thrown goja.Value) {
			result <- outcome{err: &thrownError{thrown}}
		})
	})
	select {
	case o := <-result:
		return o.v, o.err
	case <-time.After(5 * time.Second):
		tr.t.Fatalf("js did not settle within 5s: %s", js)
		return nil, nil
	}
}

// snippet is one JS test: js runs as an async function body and must
// return want (compared after JSON-like export), or reject with an error
// whose "Name: message" contains wantErr.
type snippet struct {
	name    string
	js      string
	want    any
	wantErr string
}

func runSnippets(t *testing.T, cases []snippet) {
	t.Helper()
	runSnippetsIn(t, newTestRealm(t), cases)
}

// runSnippetsIn is runSnippets on a realm the test prepared.
func runSnippetsIn(t *testing.T, tr *testRealm, cases []snippet) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr.t = t
			v, err := tr.eval(c.js)
			if c.wantErr != "" {
				require.Error(t, err)
				require.Contains(t, err.Error(), c.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, v)
		})
	}
}
