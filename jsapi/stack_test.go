package jsapi

// FormatError renders thrown values as workerd prints them; ExceptionValue
// and ReportError carry them between goja, Go and the log.

import (
	"errors"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// thrown runs src as a script named file.js and returns what it throws.
func thrown(t *testing.T, tr *testRealm, src string) goja.Value {
	t.Helper()
	var v goja.Value
	tr.do(func() {
		_, err := tr.realm.rt.RunScript("file.js", src)
		require.Error(t, err)
		v = tr.realm.ExceptionValue(err)
	})
	return v
}

func TestFormatError(t *testing.T) {
	tr := newTestRealm(t)
	// The frames have V8's format. Their positions are goja's: a caller's
	// frame points at the call's "(" where V8 points at the callee's name
	// (outer() at 5:1 in V8), and a class constructor's frame has no name
	// where V8 writes "new MyError".
	for _, c := range []struct{ name, src, want string }{
		{"frames as V8 writes them", "function inner() {\n  throw new TypeError(\"bad\");\n}\nfunction outer() { inner(); }\nouter();\n",
			"TypeError: bad\n    at inner (file.js:2:9)\n    at outer (file.js:4:25)\n    at file.js:5:6"},
		{"native frames left out", "[1].map(function cb() { throw new Error(\"in map\"); });",
			"Error: in map\n    at cb (file.js:1:31)\n    at file.js:1:8"},
		{"method frames", "{ const o = { m() { throw new RangeError(\"r\"); } };\no.m(); }",
			"RangeError: r\n    at m (file.js:1:27)\n    at file.js:2:4"},
		{"a custom name", "{ const e = new Error(\"msg\"); e.name = \"Custom\"; throw e; }",
			"Custom: msg\n    at file.js:1:13"},
		{"an error subclass", "class MyError extends Error { constructor(m) { super(m); this.name = \"MyError\"; } }\nthrow new MyError(\"mine\");",
			"MyError: mine\n    at file.js:1:53\n    at file.js:2:7"},
		{"no stack", "{ const e = new Error(\"bare\"); e.stack = undefined; throw e; }", "Error: bare"},
		{"a string", "throw \"just text\";", "just text"},
		{"a number", "throw 42;", "42"},
		{"undefined", "throw undefined;", "undefined"},
		{"an object", "throw { code: 1 };", "[object Object]"},
		{"a throwing toString", "throw { toString() { throw new Error(\"no\"); } };", "[object]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := thrown(t, tr, c.src)
			var got string
			tr.do(func() { got = FormatError(v) })
			require.Equal(t, c.want, got)
		})
	}
	require.Equal(t, "undefined", FormatError(nil))
}

func TestExceptionValue(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		_, err := r.rt.RunString(`throw new SyntaxError("from goja")`)
		v := r.ExceptionValue(err)
		require.Equal(t, "SyntaxError: from goja", v.String())

		te := &thrownError{r.rt.ToValue("carried")}
		require.Equal(t, "carried", r.ExceptionValue(te).String())
		require.Equal(t, "carried", r.ExceptionValue(errors.Join(errors.New("context"), te)).String(), "a wrapped thrownError still carries its value")

		plain := r.ExceptionValue(errors.New("from Go")).(*goja.Object)
		require.True(t, r.rt.InstanceOf(plain, r.errs.error_))
		require.Equal(t, "Error: from Go", plain.String())
	})
}

func TestReportError(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		_, err := r.rt.RunScript("file.js", "function f() { return missing; }\nf();")
		r.ReportError(err)

		// An interrupted script (the CPU watchdog) has no JS value to show.
		r.rt.Interrupt("CPU time limit exceeded")
		_, err = r.rt.RunString(`for (;;) {}`)
		r.rt.ClearInterrupt()
		var interrupted *goja.InterruptedError
		require.ErrorAs(t, err, &interrupted)
		r.ReportError(err)
	})
	require.Equal(t, "error: Uncaught ReferenceError: missing is not defined\n    at f (file.js:1:23)\n    at file.js:2:2\n"+
		"error: Uncaught CPU time limit exceeded", tr.host.output())
}
