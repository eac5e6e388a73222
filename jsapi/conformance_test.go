package jsapi

// The conformance corpus's cases for the APIs of this package, run in a
// test realm and compared with what workerd answered.
//
// testdata/conformance holds verbatim copies of the corpus's case files
// (shared/conformance/src/cases: do/helpers.js, ids.js, kv.js, sync-kv.js,
// sql.js, transactions.js, gates.js, objects.js, web/util.js, timers.js), a reduced do/index.js listing only
// those files, entry.js (the harness's run() and canonical form) and
// expected.json (shared/conformance/expected/<group>/<case>.json of those
// cases, keyed "<group>/<case>"). The bundler turns them into one script,
// as it does a Worker; the Durable Objects run on objects_test.go's host,
// with the corpus's bindings (ids derive from the Worker name
// "conformance", as in the recorded runs).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/bundler"
)

// notYet are the cases that need APIs other work brings, with what they
// need. They are skipped, not hidden: the test fails if one starts to
// pass, so the list shrinks as those APIs land.
var notYet = map[string]string{
	// The text JS sees of a failed commit is runtime/isolate's (workerd's
	// "internal error; reference = …"); this host resets the object with
	// SQLite's own error. compat-tests runs the case against kindling.
	"do/sql-unread-returning-cursor": "runtime/isolate's error for a failed commit",
}

// conformanceRealm bundles the corpus's entry and runs it in a test realm
// with the corpus's Durable Object bindings.
func conformanceRealm(t *testing.T) (*testRealm, *goja.Object) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "conformance"))
	require.NoError(t, err)
	b, err := bundler.Build(bundler.Options{Entry: "entry.js", Dir: dir, Builtins: BuiltinModules, KeepNames: true})
	require.NoError(t, err)
	ast, err := goja.Parse(b.ScriptName, b.Script, parser.WithSourceMapLoader(func(string) ([]byte, error) { return b.GojaSourceMap, nil }))
	require.NoError(t, err)
	prg, err := goja.CompileAST(ast, true)
	require.NoError(t, err)

	tr := newTestRealm(t)
	var exports *goja.Object
	tr.do(func() {
		rt := tr.realm.rt
		wrapper, err := rt.RunProgram(prg)
		require.NoError(t, err)
		fn, ok := goja.AssertFunction(wrapper)
		require.True(t, ok)
		module := rt.NewObject()
		require.NoError(t, module.Set("exports", rt.NewObject()))
		_, err = fn(goja.Undefined(), module, module.Get("exports"))
		require.NoError(t, err)
		exports = module.Get("exports").ToObject(rt)
	})
	host := newObjectHost(t, tr, func(name string) goja.Value { return exports.Get(name) })
	host.bind(t, "SQL_DO", "conformance", "SqlObject", true)
	host.bind(t, "KV_DO", "conformance", "KvObject", false)
	host.bind(t, "GATE_DO", "conformance", "GateObject", true)
	tr.do(func() {
		rt := tr.realm.rt
		require.NoError(t, host.env.Set("GREETING", "hello"))
		require.NoError(t, rt.Set("conformance", exports))
		require.NoError(t, rt.Set("env", host.env))
		require.NoError(t, rt.Set("ctx", tr.realm.NewExecutionContext(nil)))
	})
	return tr, exports
}

func TestConformanceCases(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "conformance", "expected.json"))
	require.NoError(t, err)
	var expected map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &expected))
	names := make([]string, 0, len(expected))
	for name := range expected {
		names = append(names, name)
	}
	sort.Strings(names)

	tr, _ := conformanceRealm(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			tr.t = t
			group, c, _ := strings.Cut(name, "/")
			out, err := tr.eval(`return conformance.run(` + jsString(group) + `, ` + jsString(c) + `, env, ctx);`)
			require.NoError(t, err)
			var got, want any
			require.NoError(t, json.Unmarshal([]byte(out.(string)), &got))
			require.NoError(t, json.Unmarshal(expected[name], &want))
			if why, skip := notYet[name]; skip {
				require.NotEqual(t, want, got, "%s passes now: remove it from notYet", name)
				t.Skipf("needs %s", why)
			}
			require.Equal(t, want, got)
		})
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
