package bundler

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// cfWorkers stands in for the host's cloudflare:workers module.
const cfWorkers = `{"cloudflare:workers": {
  DurableObject: class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } },
}}`

func TestBuildTypeScriptWorker(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts": `import { DurableObject } from "cloudflare:workers";
import { greet, type Greeting } from "./greet";

enum Op { Inc = 1, Dec = -1 }

export class Counter extends DurableObject {
  #count: number = 0;
  static { this.kind = "counter"; }
  bump(op: Op = Op.Inc): number { return (this.#count += op); }
}

export default {
  async fetch(req: { url: string }): Promise<string> {
    const g: Greeting = greet(req.url);
    return g.text;
  },
} satisfies { fetch(req: { url: string }): Promise<string> };
`,
		"src/greet.ts": `export interface Greeting { text: string }
export const greet = (who: string): Greeting => ({ text: ` + "`hello ${who}`" + ` });
`,
	})
	b := build(t, dir, Options{Builtins: []string{"cloudflare:workers"}, KeepNames: true})

	h := newHost(t, cfWorkers)
	h.load(b)

	require.Equal(t, "hello /x", h.eval(`mod.default.fetch({url: "/x"})`))
	require.Equal(t, int64(2), h.eval(`const c = new mod.Counter({}, {}); c.bump(); c.bump()`))
	require.Equal(t, "Counter|counter|true", h.eval(`[mod.Counter.name, mod.Counter.kind, c instanceof __modules["cloudflare:workers"].DurableObject].join("|")`))
	require.Equal(t, []string{"cloudflare:workers"}, h.required())

	require.Equal(t, "src/index.ts.bundle.js", b.ScriptName)
	require.True(t, strings.HasPrefix(b.Script, wrapperHead))
	require.True(t, strings.HasSuffix(b.Script, "})\n//# sourceMappingURL=index.ts.bundle.js.map\n"))
	require.Equal(t, []string{filepath.Join(dir, "src/greet.ts"), filepath.Join(dir, "src/index.ts")}, b.Inputs)
	require.Empty(t, b.Warnings)
}

func TestBuildNpmConditions(t *testing.T) {
	pkg := func(exports string) string { return `{"name": "x", "version": "1.0.0", "exports": ` + exports + `}` }
	dir := writeProject(t, map[string]string{
		"src/index.ts": `import a from "cond-workerd";
import b from "cond-worker";
import c from "cond-browser";
import d from "cond-nested";
import { which as e } from "main-fields";
const f = require("cond-require");
export default [a, b, c, d, e, f].join(",");
`,
		"node_modules/cond-workerd/package.json": pkg(`{".": {"node": "./node.js", "workerd": "./workerd.js", "worker": "./worker.js", "browser": "./browser.js", "default": "./default.js"}}`),
		"node_modules/cond-workerd/node.js":      `export default "node";`,
		"node_modules/cond-workerd/workerd.js":   `export default "workerd";`,
		"node_modules/cond-workerd/worker.js":    `export default "worker";`,
		"node_modules/cond-workerd/browser.js":   `export default "browser";`,
		"node_modules/cond-workerd/default.js":   `export default "default";`,
		"node_modules/cond-worker/package.json":  pkg(`{"node": "./node.js", "worker": "./worker.js", "default": "./default.js"}`),
		"node_modules/cond-worker/node.js":       `export default "node";`,
		"node_modules/cond-worker/worker.js":     `export default "worker";`,
		"node_modules/cond-worker/default.js":    `export default "default";`,
		"node_modules/cond-browser/package.json": pkg(`{"node": "./node.js", "browser": "./browser.js", "default": "./default.js"}`),
		"node_modules/cond-browser/node.js":      `export default "node";`,
		"node_modules/cond-browser/browser.js":   `export default "browser";`,
		"node_modules/cond-browser/default.js":   `export default "default";`,
		"node_modules/cond-nested/package.json":  pkg(`{".": {"import": {"node": "./node.mjs", "default": "./import.mjs"}, "default": "./default.js"}}`),
		"node_modules/cond-nested/node.mjs":      `export default "node";`,
		"node_modules/cond-nested/import.mjs":    `export default "import";`,
		"node_modules/cond-nested/default.js":    `export default "default";`,
		"node_modules/cond-require/package.json": pkg(`{"import": "./import.mjs", "require": "./require.cjs"}`),
		"node_modules/cond-require/import.mjs":   `export default "import";`,
		"node_modules/cond-require/require.cjs":  `module.exports = "require";`,
		"node_modules/main-fields/package.json":  `{"name": "main-fields", "main": "./main.js", "module": "./module.mjs"}`,
		"node_modules/main-fields/main.js":       `exports.which = "main";`,
		"node_modules/main-fields/module.mjs":    `export const which = "module";`,
	})
	b := build(t, dir, Options{})
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, "workerd,worker,browser,import,module,require", h.eval(`mod.default`))
	require.Contains(t, b.Inputs, filepath.Join(dir, "node_modules/cond-workerd/workerd.js"))
	require.NotContains(t, b.Inputs, filepath.Join(dir, "node_modules/cond-workerd/node.js"))
}

func TestBuildBuiltins(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts": `import { DurableObject } from "cloudflare:workers";
import { connect } from "cloudflare:sockets";
import { Buffer } from "node:buffer";
import { EventEmitter } from "events";
import * as bare from "buffer";
export default [typeof DurableObject, connect(), Buffer.from("hi"), new EventEmitter().on, bare.Buffer === Buffer].join("|");
`,
	})
	b := build(t, dir, Options{
		Builtins:   []string{"cloudflare:workers", "cloudflare:sockets", "node:buffer", "node:events"},
		NodeCompat: true,
	})
	h := newHost(t, `{
  "cloudflare:workers": {DurableObject: class {}},
  "cloudflare:sockets": {connect: () => "socket"},
  "node:buffer": {Buffer: {from: (s) => "buf:" + s}},
  "node:events": {EventEmitter: class { get on() { return "on"; } }},
}`)
	h.load(b)
	require.Equal(t, "function|socket|buf:hi|on|true", h.eval(`mod.default`))
	require.ElementsMatch(t, []string{"cloudflare:workers", "cloudflare:sockets", "node:buffer", "node:events"}, h.required())
	// The virtual modules are in the source map under their own names.
	require.Contains(t, string(b.SourceMap), `"kindling-builtin:node:buffer"`)
	for _, in := range b.Inputs {
		require.NotContains(t, in, "kindling-builtin")
	}
	// The stub, exactly.
	require.Contains(t, b.Script, `exports = globalThis[/* @__PURE__ */ Symbol.for("kindling.require")]("cloudflare:sockets");`)
}

func TestBuildUnsupportedBuiltins(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		nodeCompat bool
		want       string
	}{
		{"node scheme", "import { Buffer } from \"node:buffer\";\nimport * as fs from \"node:fs\";\nexport default [Buffer, fs];\n", false,
			`src/index.ts:2:21: error: kindling does not provide the built-in module "node:fs"`},
		{"cloudflare scheme", "export { connect } from \"cloudflare:sockets\";\n", false,
			`src/index.ts:1:25: error: kindling does not provide the built-in module "cloudflare:sockets"`},
		{"require", "const fs = require(\"node:fs\");\nexport default fs;\n", false,
			`src/index.ts:1:20: error: kindling does not provide the built-in module "node:fs"`},
		{"bare name under nodejs_compat", "import fs from \"fs\";\nexport default fs;\n", true,
			`src/index.ts:1:16: error: kindling does not provide the built-in module "fs"`},
		{"bare name without nodejs_compat", "import fs from \"fs\";\nexport default fs;\n", false,
			`src/index.ts:1:16: error: Could not resolve "fs": it is a Node.js built-in module; enable the "nodejs_compat" compatibility flag to use it`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, map[string]string{"src/index.ts": tc.src})
			err := buildFails(t, dir, Options{Builtins: []string{"node:buffer", "cloudflare:workers"}, NodeCompat: tc.nodeCompat})
			require.Equal(t, tc.want, err.Error())
		})
	}
}

func TestBuildTopLevelAwait(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts":  "import { value } from \"./config\";\nexport default value;\n",
		"src/config.ts": "const res: number = 1;\nexport const value =\n  await Promise.resolve(res);\n",
	})
	err := buildFails(t, dir, Options{})
	require.Equal(t, []Message{{File: "src/config.ts", Line: 3, Column: 3, Text: topLevelAwaitText}}, err.Messages)
	require.Equal(t, "src/config.ts:3:3: error: "+topLevelAwaitText, err.Error())

	dir = writeProject(t, map[string]string{"src/index.ts": "for await (const x of []) {}\n"})
	err = buildFails(t, dir, Options{})
	require.Equal(t, "src/index.ts:1:5: error: "+topLevelAwaitText, err.Error())
}

func TestBuildDefineAndAlias(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts": `import { name } from "some-lib";
import { helper } from "some-lib/helper";
import fs from "node:fs";
declare const __VERSION__: string;
export default [__VERSION__, process.env.NODE_ENV, DEBUG, name, helper, fs.kind].join("|");
`,
		"src/shim/index.ts":                  `export const name = "shim";`,
		"src/shim/helper.ts":                 `export const helper = "shim helper";`,
		"src/fs-shim.ts":                     `export default { kind: "memory fs" };`,
		"node_modules/some-lib/package.json": `{"name": "some-lib", "main": "index.js"}`,
		"node_modules/some-lib/index.js":     `exports.name = "real";`,
	})
	b := build(t, dir, Options{
		Define: map[string]string{"__VERSION__": `"1.2.3"`, "process.env.NODE_ENV": `"production"`, "DEBUG": "false"},
		Alias:  map[string]string{"some-lib": "./src/shim", "node:fs": "./src/fs-shim.ts"},
	})
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, "1.2.3|production|false|shim|shim helper|memory fs", h.eval(`mod.default`))
	require.NotContains(t, b.Inputs, filepath.Join(dir, "node_modules/some-lib/index.js"))
}

func TestBuildTSConfigPaths(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"tsconfig.json": `{
  // tsconfig allows comments
  "compilerOptions": {"baseUrl": ".", "paths": {"@lib/*": ["src/lib/*"]}},
}`,
		"src/index.ts":        `import { x } from "@lib/x"; export default x;`,
		"src/lib/x.ts":        `export const x = "from paths";`,
		"other/tsconfig.json": `{"compilerOptions": {"paths": {"@lib/*": ["./alt/*"]}}}`,
		"other/alt/x.ts":      `export const x = "from explicit tsconfig";`,
	})
	h := newHost(t, "")
	h.load(build(t, dir, Options{}))
	require.Equal(t, "from paths", h.eval(`mod.default`))

	h = newHost(t, "")
	h.load(build(t, dir, Options{TSConfig: "other/tsconfig.json"}))
	require.Equal(t, "from explicit tsconfig", h.eval(`mod.default`))
}

func TestBuildKeepNamesAndMinify(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts": `class SessionStore { count = 0 }
function handleRequest() { return 1 }
const arrow = () => 2;
export default [new SessionStore().constructor.name, handleRequest.name, arrow.name].join("|");
`,
	})
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{KeepNames: true, Minify: true}, "SessionStore|handleRequest|arrow"},
		{Options{KeepNames: true}, "SessionStore|handleRequest|arrow"},
		{Options{}, "SessionStore|handleRequest|arrow"}, // unminified names survive anyway
	} {
		b := build(t, dir, tc.opts)
		h := newHost(t, "")
		h.load(b)
		require.Equal(t, tc.want, h.eval(`mod.default`))
	}
	b := build(t, dir, Options{Minify: true})
	h := newHost(t, "")
	h.load(b)
	require.NotEqual(t, "SessionStore|handleRequest|arrow", h.eval(`mod.default`), "minified without keep_names should rename")
}

func TestBuildJSX(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.js": `const h = (tag, props, ...children) => ({ tag, children });
const Frag = "frag";
export default <div>{<><b /></>}</div>;
`,
	})
	b := build(t, dir, Options{Entry: filepath.Join(dir, "src/index.js"), JSXFactory: "h", JSXFragment: "Frag"})
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, `{"tag":"div","children":[{"tag":"frag","children":[{"tag":"b","children":[]}]}]}`, h.eval(`JSON.stringify(mod.default)`))
}

func TestBuildHashbang(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/index.ts": "#!/usr/bin/env node\nexport default 1;\n"})
	b := build(t, dir, Options{})
	require.Contains(t, b.Script, "\n///usr/bin/env node\n")
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, int64(1), h.eval(`mod.default`))
}

func TestBuildWarnings(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts": "export default import.meta.url;\n",
	})
	b := build(t, dir, Options{})
	require.Len(t, b.Warnings, 1)
	require.Equal(t, "src/index.ts", b.Warnings[0].File)
	require.Equal(t, 1, b.Warnings[0].Line)
	require.Equal(t, 16, b.Warnings[0].Column)
	require.Contains(t, b.Warnings[0].Text, "import.meta")
	h := newHost(t, "")
	h.load(b)
	require.Nil(t, h.eval(`mod.default`))
}

func TestBuildClassFieldsFromNpm(t *testing.T) {
	// A dependency shaped like hono's Context: public fields named set and
	// get, a private #get, and accessors and methods with those names.
	dir := writeProject(t, map[string]string{
		"src/index.ts": `import { Context } from "tiny-router";
export default { fetch() { const c = new Context(); c.set("user", "ada"); return [c.get("user"), c.store, c.get.name, c.async].join("|"); } };
`,
		"node_modules/tiny-router/package.json": `{"name": "tiny-router", "type": "module", "exports": {"workerd": "./dist/context.js", "default": "./dist/node.js"}}`,
		"node_modules/tiny-router/dist/context.js": `export class Context {
  #vars = new Map();
  #get = "store";
  set = (key, value) => { this.#vars.set(key, value); };
  get = (key) => this.#vars.get(key);
  static async = false;
  async = true;
  get store() { return this.#get; }
  set store(v) {}
}
`,
	})
	b := build(t, dir, Options{KeepNames: true})
	require.Contains(t, b.Script, `"set" = `)
	require.Contains(t, b.Script, `"get" = `)
	require.Contains(t, b.Script, `static "async" = false`)
	require.Contains(t, b.Script, `#$get = "store"`)
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, "ada|store|get|true", h.eval(`mod.default.fetch()`))
}

// TestBuildAutoAccessors: esbuild lowers `accessor` (goja has none) to a
// private field plus accessors, here a private #get that must be renamed.
func TestBuildAutoAccessors(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.js": "class A { accessor x = 1; static accessor get = 2; }\nexport default new A().x + A.get;\n",
	})
	b := build(t, dir, Options{Entry: filepath.Join(dir, "src/index.js")})
	require.Contains(t, b.Script, "static #$get = 2;")
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, int64(3), h.eval(`mod.default`))
}

func TestBuildResolution(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.js": `const data = require("./data");
const { m } = require("./esm");
const c = require("./common");
const { T } = require("./view");
module.exports = { fetch: () => [data.a, m, c, T].join() };
`,
		"src/data.json":  `{"a": 1}`,
		"src/esm.mjs":    `export const m = "mjs";`,
		"src/common.cjs": `module.exports = "cjs";`,
		"src/view.tsx":   `export const T: string = "tsx";`,
	})
	// Dir defaults to the entry's directory; a CommonJS entry works too.
	b, err := Build(Options{Entry: filepath.Join(dir, "src/index.js")})
	require.NoError(t, err)
	require.Equal(t, "index.js.bundle.js", b.ScriptName)
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, "1,mjs,cjs,tsx", h.eval(`mod.fetch()`))
	require.Len(t, b.Inputs, 5)
	require.Empty(t, b.Warnings)
}

func TestBuildErrorFormat(t *testing.T) {
	err := &BuildError{Messages: []Message{
		{File: "src/index.ts", Line: 3, Column: 7, Text: "first"},
		{Text: "no location"},
	}}
	require.Equal(t, "src/index.ts:3:7: error: first\nerror: no location", err.Error())
	require.Equal(t, "src/index.ts:3:7: first", err.Messages[0].String())
	require.Equal(t, "no location", err.Messages[1].String())

	_, e := Build(Options{Entry: "index.ts", Dir: "relative"})
	require.EqualError(t, e, `error: the project directory "relative" is not an absolute path`)
	dir := writeProject(t, map[string]string{"src/index.ts": `import "./missing";`})
	require.Equal(t, `src/index.ts:1:8: error: Could not resolve "./missing"`, buildFails(t, dir, Options{}).Error())
}
