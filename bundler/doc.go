// Package bundler turns a Worker's entry module (TypeScript or JavaScript,
// with npm imports) into one script that goja can run, with a source map
// back to the user's files.
//
// It owns the esbuild build (in-process, through esbuild's Go API), the
// virtual modules the host provides (cloudflare:*, node:*), wrangler's module
// rules (Text, Data, …), and the post-processing esbuild's output needs
// before goja can parse it (see rewriteClassFields).
//
// The output contract: Script, run as a goja program, evaluates to
// `function (module, exports) {…}`. The host calls it with a fresh
// `module = {exports: {}}` and then reads module.exports.default,
// module.exports.Counter and so on. Before that, the host installs
// `globalThis[Symbol.for("kindling.require")]`, a function from a module name
// to that module's exports, answering every name in Options.Builtins and
// "kindling:bytes" (a function from a base64 string to a new ArrayBuffer),
// and defines the well-known symbols goja lacks as esbuild's helpers expect
// them: Symbol.asyncIterator, Symbol.dispose and Symbol.asyncDispose, each
// Symbol.for("Symbol.<name>") (the helpers of lowered async generators and
// `using` fall back to those when the property is missing, so user code
// and helpers then agree).
//
// This package must not import goja: it produces text that the runtime
// compiles. Its tests do import goja, to prove that the output runs.
package bundler
