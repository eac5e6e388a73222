package bundler

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseRules(t *testing.T) {
	text := func(through bool, globs ...string) Rule {
		return Rule{Type: RuleText, Globs: globs, Fallthrough: through}
	}
	data := DefaultRules[1]
	wasm := DefaultRules[2]
	tests := []struct {
		name            string
		user            []Rule
		active, removed []Rule
	}{
		{"defaults only", nil, DefaultRules, nil},
		{"a user rule of a new type comes first",
			[]Rule{{Type: RuleESModule, Globs: []string{"**/*.js"}}},
			append([]Rule{{Type: RuleESModule, Globs: []string{"**/*.js"}}}, DefaultRules...), nil},
		{"a user rule without fallthrough replaces the default of its type",
			[]Rule{text(false, "**/*.md")},
			[]Rule{text(false, "**/*.md"), data, wasm}, []Rule{DefaultRules[0]}},
		{"fallthrough keeps the default",
			[]Rule{text(true, "**/*.md")},
			append([]Rule{text(true, "**/*.md")}, DefaultRules...), nil},
		{"the first closing rule of a type drops every later one",
			[]Rule{text(true, "a/*"), text(false, "b/*"), text(true, "c/*"), {Type: RuleData, Globs: []string{"**/*.dat"}}},
			[]Rule{text(true, "a/*"), text(false, "b/*"), {Type: RuleData, Globs: []string{"**/*.dat"}}, wasm},
			[]Rule{text(true, "c/*"), DefaultRules[0], data}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseRules(tc.user)
			require.NoError(t, err)
			require.Equal(t, tc.active, got.active)
			require.Equal(t, tc.removed, got.removed)
		})
	}

	_, err := parseRules([]Rule{{Type: "Wasm", Globs: []string{"*.wasm"}}})
	require.ErrorContains(t, err, `unknown module rule type "Wasm"`)
	_, err = parseRules([]Rule{{Type: RuleText, Globs: []string{"[*.txt"}}})
	require.ErrorContains(t, err, `invalid glob "[*.txt"`)
}

func TestRuleMatches(t *testing.T) {
	tests := []struct {
		glob, specifier string
		want            bool
	}{
		{"**/*.txt", "./a.txt", true},
		{"**/*.txt", "../up/a.txt", true},
		{"**/*.txt", "./deep/er/a.txt", true},
		{"**/*.txt", "pkg/a.txt", true},
		{"**/*.txt", "./a.txt.js", false},
		{"*.txt", "./a.txt", true}, // "./" may be left out of the glob
		{"*.txt", "./dir/a.txt", false},
		{"templates/*.html", "./templates/a.html", true},
		{"**/*.wasm?module", "./add.wasm?module", true},
		{"**/*.{md,markdown}", "./README.markdown", true},
	}
	for _, tc := range tests {
		got := Rule{Type: RuleText, Globs: []string{tc.glob}}.matches(tc.specifier)
		require.Equal(t, tc.want, got, "%s ~ %s", tc.glob, tc.specifier)
	}
}

func TestBuildRules(t *testing.T) {
	files := map[string]string{
		"src/index.ts": `import page from "./page.html";
import notes from "./notes.txt";
import schema from "../schema.sql";
import blob from "./blob.bin";
import readme from "./README.md";
import table from "./table.dat";
import pkgText from "assets-pkg/hello.txt";
export default {
  page, notes, schema, readme, pkgText,
  blobType: Object.prototype.toString.call(blob),
  blobBytes: Array.from(new Uint8Array(blob)).join(","),
  tableType: Object.prototype.toString.call(table),
};
`,
		"src/page.html":                             "<h1>\u00e9t\u00e9 \U0001F600</h1>\n",
		"src/notes.txt":                             "line 1\nline 2\n",
		"schema.sql":                                "CREATE TABLE t (id INTEGER);\n",
		"src/blob.bin":                              "\x00\x01\xfe\xff",
		"src/README.md":                             "# readme",
		"src/table.dat":                             "dat",
		"node_modules/assets-pkg/package.json":      `{"name": "assets-pkg", "exports": {"./hello.txt": {"workerd": "./workerd-hello.txt", "default": "./hello.txt"}}}`,
		"node_modules/assets-pkg/hello.txt":         "default hello",
		"node_modules/assets-pkg/workerd-hello.txt": "workerd hello",
	}
	dir := writeProject(t, files)
	b := build(t, dir, Options{Rules: []Rule{
		{Type: RuleText, Globs: []string{"**/*.md"}, Fallthrough: true},
		{Type: RuleData, Globs: []string{"**/*.dat"}, Fallthrough: true},
	}})
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, map[string]any{
		"page":      "<h1>\u00e9t\u00e9 \U0001F600</h1>\n",
		"notes":     "line 1\nline 2\n",
		"schema":    "CREATE TABLE t (id INTEGER);\n",
		"readme":    "# readme",
		"pkgText":   "workerd hello",
		"blobType":  "[object ArrayBuffer]",
		"blobBytes": "0,1,254,255",
		"tableType": "[object ArrayBuffer]",
	}, h.eval(`mod.default`))
	require.Contains(t, b.Script, `("kindling:bytes")("AAH+/w==")`)
	require.Subset(t, b.Inputs, []string{
		filepath.Join(dir, "src/page.html"), filepath.Join(dir, "src/blob.bin"), filepath.Join(dir, "schema.sql"),
		filepath.Join(dir, "node_modules/assets-pkg/workerd-hello.txt"),
	})
}

func TestBuildRulesErrors(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		rules []Rule
		want  string
	}{
		{"wasm", "import add from \"./add.wasm\";\nexport default add;\n", nil,
			`src/index.ts:1:17: error: kindling cannot load "./add.wasm": goja has no WebAssembly (module rule {"type":"CompiledWasm","globs":["**/*.wasm","**/*.wasm?module"]})`},
		{"wasm module query", "import add from \"./add.wasm?module\";\nexport default add;\n", nil,
			`src/index.ts:1:17: error: kindling cannot load "./add.wasm?module": goja has no WebAssembly (module rule {"type":"CompiledWasm","globs":["**/*.wasm","**/*.wasm?module"]})`},
		{"default dropped by a user rule without fallthrough", "import t from \"./a.txt\";\nexport default t;\n",
			[]Rule{{Type: RuleText, Globs: []string{"**/*.md"}}},
			"src/index.ts:1:15: error: The file ./a.txt matched a module rule in your configuration " +
				`({"type":"Text","globs":["**/*.txt","**/*.html","**/*.sql"]}), ` +
				"but was ignored because a previous rule with the same type was not marked as `fallthrough = true`."},
		{"python", "import m from \"./m.py\";\nexport default m;\n",
			[]Rule{{Type: RulePythonModule, Globs: []string{"**/*.py"}}},
			`src/index.ts:1:15: error: kindling cannot load "./m.py": PythonModule modules are not supported (module rule {"type":"PythonModule","globs":["**/*.py"]})`},
		{"missing file", "import t from \"./nope.txt\";\nexport default t;\n", nil,
			`src/index.ts:1:15: error: Could not resolve "./nope.txt"`},
		{"unknown type", "export default 1;\n", []Rule{{Type: "Blob"}},
			`error: unknown module rule type "Blob" (want Text, Data, CompiledWasm, ESModule, CommonJS, PythonModule or PythonRequirement)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, map[string]string{"src/index.ts": tc.src, "src/add.wasm": "\x00asm", "src/a.txt": "a", "src/m.py": ""})
			require.Equal(t, tc.want, buildFails(t, dir, Options{Rules: tc.rules}).Error())
		})
	}
}

// TestBuildRulesJavaScriptTypes checks that, as in wrangler without
// find_additional_modules, ESModule and CommonJS rules leave matching files
// to esbuild, which bundles them.
func TestBuildRulesJavaScriptTypes(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/index.ts": `import { x } from "./lib.mjs"; export default x;`,
		"src/lib.mjs":  `export const x = "bundled";`,
	})
	b := build(t, dir, Options{Rules: []Rule{{Type: RuleESModule, Globs: []string{"**/*.mjs"}}}})
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, "bundled", h.eval(`mod.default`))
}
