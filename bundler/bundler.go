package bundler

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Options describe one build, mostly straight from wrangler's config.
type Options struct {
	Entry      string            // the entry module; relative paths are taken from Dir
	Dir        string            // project directory: node_modules lookup, alias targets, names in messages; default: Entry's directory
	Rules      []Rule            // wrangler [[rules]], applied before DefaultRules
	Define     map[string]string // wrangler `define`: global identifier → JS expression
	Alias      map[string]string // wrangler `alias`: module name → replacement module or path
	Builtins   []string          // module names the host provides, e.g. "cloudflare:workers", "node:buffer"
	NodeCompat bool              // nodejs_compat: bare "buffer", "events"… mean "node:buffer"…
	Minify     bool              // wrangler's default is false
	KeepNames  bool              // wrangler's default is true (keep_names): callers pass the config's value
	TSConfig   string            // tsconfig.json to use instead of the nearest one
	JSXFactory string
	// JSXFragment is the function for <></>, like JSXFactory for elements.
	JSXFragment string
}

// Bundle is the result of a successful build.
type Bundle struct {
	// Script is the program text for goja. It evaluates to a function
	// (module, exports); see the package documentation.
	Script string
	// ScriptName is the name to compile Script under: the entry's path
	// relative to Dir plus ".bundle.js". Frames the source map does not
	// cover (esbuild's helpers) show it.
	ScriptName string
	// SourceMap is a standard source map from Script to the user's files,
	// whose sources are file:// URLs. Script ends with a sourceMappingURL
	// comment naming ScriptName+".map".
	SourceMap []byte
	// GojaSourceMap is SourceMap for goja's own stack traces: give it to
	// parser.WithSourceMapLoader. goja looks a position up with a 1-based
	// column where source maps use 0-based ones, and prints the 0-based
	// original column; this map has every column one higher, so goja finds
	// the right mapping and prints 1-based columns, as V8 does.
	GojaSourceMap []byte
	// Inputs are the absolute paths of every module and asset file the build
	// loaded, sorted: what a file watcher should watch. It does not list the
	// package.json and tsconfig.json files that resolution consulted.
	Inputs   []string
	Warnings []Message
}

// The wrapper around esbuild's CommonJS output. "use strict" because the
// user's code was written as ES modules, which are strict, and wrangler's
// bundle (one ES module) makes even the bundled CommonJS dependencies strict.
const (
	wrapperHead = "(function (module, exports) { \"use strict\";\n"
	wrapperTail = "})\n"
)

// Build bundles opts.Entry. Build errors are returned as a *BuildError.
func Build(opts Options) (*Bundle, error) {
	entry, dir := opts.Entry, opts.Dir
	if entry == "" {
		return nil, buildError("no entry module (wrangler's `main`) to bundle")
	}
	if dir == "" {
		dir = filepath.Dir(entry)
	}
	if !filepath.IsAbs(dir) {
		return nil, buildError(fmt.Sprintf("the project directory %q is not an absolute path", dir))
	}
	if !filepath.IsAbs(entry) {
		entry = filepath.Join(dir, entry)
	}
	rules, err := parseRules(opts.Rules)
	if err != nil {
		return nil, buildError(err.Error())
	}

	rec := &inputRecorder{}
	result := api.Build(esbuildOptions(opts, entry, dir, rules, rec))
	warnings := convertMessages(result.Warnings)
	if len(result.Errors) > 0 {
		return nil, &BuildError{Messages: convertMessages(result.Errors)}
	}
	var js string
	var rawMap []byte
	for _, f := range result.OutputFiles {
		if strings.HasSuffix(f.Path, ".map") {
			rawMap = f.Contents
		} else {
			js = string(f.Contents)
		}
	}

	// esbuild keeps the entry's hashbang as its first line, where the wrapper
	// would make it a SyntaxError. "//" is as long, so the map stays right.
	if strings.HasPrefix(js, "#!") {
		js = "//" + js[2:]
	}
	edits, err := rewriteClassFields(js)
	if err != nil {
		return nil, buildError("kindling could not post-process esbuild's output (please report this): " + err.Error())
	}
	body := applyEdits(js, edits)
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n" // so that a final line comment cannot swallow the wrapper's end
	}
	rel, err := filepath.Rel(dir, entry)
	if err != nil {
		rel = filepath.Base(entry)
	}
	scriptName := filepath.ToSlash(rel) + ".bundle.js"
	mapName := path.Base(scriptName) + ".map"
	script := wrapperHead + body + wrapperTail + "//# sourceMappingURL=" + mapName + "\n"

	sourceMap, gojaMap, err := rewriteSourceMap(rawMap, mapOptions{
		file:        path.Base(scriptName),
		dir:         dir,
		keepSources: []string{builtinNamespace + ":"},
		prefixLines: strings.Count(wrapperHead, "\n"),
		shifts:      editShifts(js, edits),
	})
	if err != nil {
		return nil, buildError(err.Error())
	}
	return &Bundle{
		Script:        script,
		ScriptName:    scriptName,
		SourceMap:     sourceMap,
		GojaSourceMap: gojaMap,
		Inputs:        rec.sorted(),
		Warnings:      warnings,
	}, nil
}

func esbuildOptions(opts Options, entry, dir string, rules parsedRules, rec *inputRecorder) api.BuildOptions {
	tsconfig := opts.TSConfig
	if tsconfig != "" && !filepath.IsAbs(tsconfig) {
		tsconfig = filepath.Join(dir, tsconfig)
	}
	return api.BuildOptions{
		EntryPoints:   []string{entry},
		AbsWorkingDir: dir,
		// Never written (Write is false), but it names the source map's
		// output and makes esbuild's source paths relative to dir.
		Outfile:        filepath.Join(dir, "kindling-bundle.js"),
		AllowOverwrite: true,
		Write:          false,
		Bundle:         true,
		Format:         api.FormatCommonJS,
		Platform:       api.PlatformNeutral,
		MainFields:     []string{"module", "main"},
		// esbuild adds "import" or "require" (by import kind) and "default".
		Conditions:        []string{"workerd", "worker", "browser"},
		ResolveExtensions: []string{".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".json"},
		// Like wrangler, allow JSX in .js files.
		Loader:    map[string]api.Loader{".js": api.LoaderJSX, ".mjs": api.LoaderJSX, ".cjs": api.LoaderJSX},
		Target:    api.ESNext,
		Supported: gojaUnsupported,
		// ASCII output (esbuild's default, made explicit): goja counts
		// columns in bytes and source maps in UTF-16 units, which then agree.
		Charset:           api.CharsetASCII,
		Sourcemap:         api.SourceMapExternal,
		SourcesContent:    api.SourcesContentExclude,
		MinifyWhitespace:  opts.Minify,
		MinifyIdentifiers: opts.Minify,
		MinifySyntax:      opts.Minify,
		KeepNames:         opts.KeepNames,
		Define:            opts.Define,
		Tsconfig:          tsconfig,
		JSXFactory:        opts.JSXFactory,
		JSXFragment:       opts.JSXFragment,
		LogLevel:          api.LogLevelSilent,
		// Order matters: the recorder only looks, alias runs before the rest
		// (as in wrangler), and rules claim files before builtins are tried.
		Plugins: []api.Plugin{
			rec.plugin(),
			aliasPlugin(opts.Alias, dir),
			rulesPlugin(rules),
			builtinsPlugin(opts.Builtins, opts.NodeCompat),
		},
	}
}
