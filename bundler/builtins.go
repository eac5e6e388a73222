package bundler

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// The host contract for virtual modules. A builtin import compiles to
//
//	module.exports = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
//
// so the host must define that function before running the bundle, and it
// must answer every name in Options.Builtins plus bytesModule.
const (
	requireSymbol = "kindling.require"
	// bytesModule is the host module behind Data rules: a function taking a
	// base64 string and returning a new ArrayBuffer with the decoded bytes.
	bytesModule = "kindling:bytes"
	// builtinNamespace is esbuild's namespace for the virtual modules; it also
	// names them in the source map ("kindling-builtin:node:buffer").
	builtinNamespace = "kindling-builtin"
)

// builtinSchemes are the prefixes of module names only a host can provide.
var builtinSchemes = []string{"cloudflare:", "node:"}

// nodeBuiltins are the names Node.js resolves without the "node:" prefix
// (require("module").builtinModules, without the internal "_…" ones).
var nodeBuiltins = map[string]bool{
	"assert": true, "assert/strict": true, "async_hooks": true, "buffer": true,
	"child_process": true, "cluster": true, "console": true, "constants": true,
	"crypto": true, "dgram": true, "diagnostics_channel": true, "dns": true,
	"dns/promises": true, "domain": true, "events": true, "fs": true,
	"fs/promises": true, "http": true, "http2": true, "https": true,
	"inspector": true, "inspector/promises": true, "module": true, "net": true,
	"os": true, "path": true, "path/posix": true, "path/win32": true,
	"perf_hooks": true, "process": true, "punycode": true, "querystring": true,
	"readline": true, "readline/promises": true, "repl": true, "stream": true,
	"stream/consumers": true, "stream/promises": true, "stream/web": true,
	"string_decoder": true, "sys": true, "timers": true, "timers/promises": true,
	"tls": true, "trace_events": true, "tty": true, "url": true, "util": true,
	"util/types": true, "v8": true, "vm": true, "wasi": true,
	"worker_threads": true, "zlib": true,
}

// builtinsPlugin resolves host-provided modules to virtual CommonJS stubs and
// rejects the host-only names the host does not provide.
func builtinsPlugin(provided []string, nodeCompat bool) api.Plugin {
	have := map[string]bool{}
	for _, name := range provided {
		have[name] = true
	}
	return api.Plugin{
		Name: "kindling-builtins",
		Setup: func(build api.PluginBuild) {
			build.OnResolve(api.OnResolveOptions{Filter: builtinFilter(provided, nodeCompat)}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				name := args.Path
				if nodeCompat && nodeBuiltins[name] {
					name = "node:" + name
				}
				if have[name] {
					return api.OnResolveResult{Path: name, Namespace: builtinNamespace}, nil
				}
				// The filter only lets provided names and builtin names through.
				return errorResult(fmt.Sprintf("kindling does not provide the built-in module %q", args.Path)), nil
			})
			build.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: builtinNamespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				contents := fmt.Sprintf("module.exports = globalThis[Symbol.for(%q)](%q);\n", requireSymbol, args.Path)
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderJS}, nil
			})
		},
	}
}

// builtinFilter matches the import paths builtinsPlugin handles: every name
// with a builtin scheme, every provided name, and under nodeCompat the bare
// Node.js module names.
func builtinFilter(provided []string, nodeCompat bool) string {
	var names []string
	for _, name := range provided {
		names = append(names, regexp.QuoteMeta(name))
	}
	if nodeCompat {
		for name := range nodeBuiltins {
			names = append(names, regexp.QuoteMeta(name))
		}
	}
	var schemes []string
	for _, s := range builtinSchemes {
		schemes = append(schemes, regexp.QuoteMeta(s))
	}
	filter := "^(?:" + strings.Join(schemes, "|") + ")"
	if len(names) > 0 {
		filter += "|^(?:" + strings.Join(names, "|") + ")$"
	}
	return filter
}
