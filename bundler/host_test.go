package bundler

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/stretchr/testify/require"
)

// writeProject writes files (slash-separated path → content) into a new
// temporary directory and returns the directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

// build bundles dir/src/index.ts (unless opts.Entry is set) and fails the
// test on error.
func build(t *testing.T, dir string, opts Options) *Bundle {
	t.Helper()
	b, err := buildErr(dir, opts)
	require.NoError(t, err)
	return b
}

func buildErr(dir string, opts Options) (*Bundle, error) {
	opts.Dir = dir
	if opts.Entry == "" {
		opts.Entry = filepath.Join(dir, "src", "index.ts")
	}
	return Build(opts)
}

// buildError bundles and returns the *BuildError the build must fail with.
func buildFails(t *testing.T, dir string, opts Options) *BuildError {
	t.Helper()
	_, err := buildErr(dir, opts)
	var be *BuildError
	require.True(t, errors.As(err, &be), "want a *BuildError, got %v", err)
	return be
}

// testHost is a goja runtime standing in for kindling's runtime: it installs
// the kindling.require function over the modules object literal it is given
// (plus "kindling:bytes", done in Go) and records what the bundle requires.
type testHost struct {
	t  *testing.T
	vm *goja.Runtime
}

func newHost(t *testing.T, modules string) *testHost {
	t.Helper()
	vm := goja.New()
	require.NoError(t, vm.Set("__bytes", func(b64 string) goja.ArrayBuffer {
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			panic(vm.NewTypeError(err.Error()))
		}
		return vm.NewArrayBuffer(data)
	}))
	if modules == "" {
		modules = "{}"
	}
	_, err := vm.RunString(`
var __required = [];
var __modules = Object.assign({"kindling:bytes": __bytes}, ` + modules + `);
globalThis[Symbol.for("kindling.require")] = (name) => {
  if (!(name in __modules)) throw new Error("the host has no module " + name);
  __required.push(name);
  return __modules[name];
};`)
	require.NoError(t, err)
	return &testHost{t: t, vm: vm}
}

// compile compiles the bundle the way the runtime does, with goja applying
// the source map to stack traces.
func compile(t *testing.T, b *Bundle) *goja.Program {
	t.Helper()
	ast, err := goja.Parse(b.ScriptName, b.Script, parser.WithSourceMapLoader(func(string) ([]byte, error) {
		return b.GojaSourceMap, nil
	}))
	require.NoError(t, err)
	prg, err := goja.CompileAST(ast, false)
	require.NoError(t, err)
	return prg
}

// load runs the bundle's program, calls the function it evaluates to with a
// fresh module object, checks that nothing was added to the global object,
// and makes module.exports available to eval as `mod`.
func (h *testHost) load(b *Bundle) *goja.Object {
	h.t.Helper()
	globals := func() any { return h.eval(`Reflect.ownKeys(globalThis).map(String).join()`) }
	before := globals()
	fn, err := h.vm.RunProgram(compile(h.t, b))
	require.NoError(h.t, err)
	call, ok := goja.AssertFunction(fn)
	require.True(h.t, ok, "the script must evaluate to a function, got %v", fn)
	module := h.vm.NewObject()
	exports := h.vm.NewObject()
	require.NoError(h.t, module.Set("exports", exports))
	_, err = call(goja.Undefined(), module, exports)
	require.NoError(h.t, err)
	require.Equal(h.t, before, globals(), "the bundle changed the global object")
	mod := module.Get("exports").ToObject(h.vm)
	require.NoError(h.t, h.vm.Set("mod", mod))
	return mod
}

// eval runs js and returns its exported value, awaiting a promise.
func (h *testHost) eval(js string) any {
	h.t.Helper()
	v, err := h.vm.RunString(js)
	require.NoError(h.t, err)
	if p, ok := v.Export().(*goja.Promise); ok {
		require.Equal(h.t, goja.PromiseStateFulfilled, p.State(), "promise result: %v", p.Result())
		return p.Result().Export()
	}
	return v.Export()
}

// required returns the module names the bundle asked the host for.
func (h *testHost) required() []string {
	h.t.Helper()
	var names []string
	require.NoError(h.t, h.vm.ExportTo(h.vm.Get("__required"), &names))
	return names
}
