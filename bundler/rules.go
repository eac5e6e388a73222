package bundler

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/evanw/esbuild/pkg/api"
)

// Rule is one wrangler [[rules]] entry: imports whose specifier matches one of
// Globs are loaded as Type instead of as JavaScript.
type Rule struct {
	Type        string // "Text", "Data", "CompiledWasm", "ESModule", "CommonJS", "PythonModule", "PythonRequirement"
	Globs       []string
	Fallthrough bool
}

// Rule types wrangler knows.
const (
	RuleText              = "Text"
	RuleData              = "Data"
	RuleCompiledWasm      = "CompiledWasm"
	RuleESModule          = "ESModule"
	RuleCommonJS          = "CommonJS"
	RulePythonModule      = "PythonModule"
	RulePythonRequirement = "PythonRequirement"
)

// DefaultRules are wrangler's default module rules, which apply after the
// user's.
var DefaultRules = []Rule{
	{Type: RuleText, Globs: []string{"**/*.txt", "**/*.html", "**/*.sql"}},
	{Type: RuleData, Globs: []string{"**/*.bin"}},
	{Type: RuleCompiledWasm, Globs: []string{"**/*.wasm", "**/*.wasm?module"}},
}

// parsedRules are the rules in force, in order, and the rules dropped because
// an earlier rule of the same type had no fallthrough.
type parsedRules struct {
	active, removed []Rule
}

// parseRules merges user rules with DefaultRules the way wrangler does: user
// rules come first, and for each type the first rule without Fallthrough
// ends that type's list, so later rules of the same type (a user's or a
// default) are dropped. An import matching a dropped rule is an error rather
// than silently loaded another way. wrangler also warns when a rule is dropped
// by a rule that left fallthrough unset (not explicitly false); Rule cannot
// tell those apart, so there is no such warning.
func parseRules(user []Rule) (parsedRules, error) {
	var p parsedRules
	closed := map[string]bool{}
	for _, r := range append(append([]Rule(nil), user...), DefaultRules...) {
		switch r.Type {
		case RuleText, RuleData, RuleCompiledWasm, RuleESModule, RuleCommonJS, RulePythonModule, RulePythonRequirement:
		default:
			return p, fmt.Errorf("unknown module rule type %q (want Text, Data, CompiledWasm, ESModule, CommonJS, PythonModule or PythonRequirement)", r.Type)
		}
		for _, g := range r.Globs {
			if !doublestar.ValidatePattern(g) {
				return p, fmt.Errorf("invalid glob %q in module rule of type %s", g, r.Type)
			}
		}
		if closed[r.Type] {
			p.removed = append(p.removed, r)
			continue
		}
		p.active = append(p.active, r)
		if !r.Fallthrough {
			closed[r.Type] = true
		}
	}
	return p, nil
}

// matches reports whether the import specifier matches one of the rule's
// globs. Like wrangler, the glob is matched against the specifier as written
// in the import ("./page.html", "pkg/data.bin"), not the resolved file; a
// leading "./" may be left out of the glob.
func (r Rule) matches(specifier string) bool {
	trimmed := strings.TrimPrefix(specifier, "./")
	for _, g := range r.Globs {
		if ok, _ := doublestar.Match(g, specifier); ok {
			return true
		}
		if ok, _ := doublestar.Match(g, trimmed); ok {
			return true
		}
	}
	return false
}

// String formats r as wrangler quotes a rule in its messages.
func (r Rule) String() string {
	b, _ := json.Marshal(struct {
		Type        string   `json:"type"`
		Globs       []string `json:"globs"`
		Fallthrough bool     `json:"fallthrough,omitempty"`
	}{r.Type, r.Globs, r.Fallthrough})
	return string(b)
}

// resolvingForRule marks the nested esbuild resolve a rule makes to find its
// file, so that the rules plugin does not claim that import a second time.
type resolvingForRule struct{}

// ruleLoad is the plugin data that tells the rules plugin's OnLoad how to
// load a file a rule claimed.
type ruleLoad struct{ ruleType string }

// rulesPlugin loads imports that match module rules as Text or Data modules
// and rejects the types goja cannot run.
func rulesPlugin(rules parsedRules) api.Plugin {
	return api.Plugin{
		Name: "kindling-rules",
		Setup: func(build api.PluginBuild) {
			build.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if args.Kind == api.ResolveEntryPoint || args.PluginData == (resolvingForRule{}) {
					return api.OnResolveResult{}, nil
				}
				for _, r := range rules.active {
					if !r.matches(args.Path) {
						continue
					}
					switch r.Type {
					case RuleESModule, RuleCommonJS:
						// wrangler bundles these with esbuild as usual; only its
						// find_additional_modules mode (not supported) uploads them apart.
						continue
					case RuleText, RuleData:
						return resolveForRule(build, args, r)
					case RuleCompiledWasm:
						return errorResult(fmt.Sprintf("kindling cannot load %q: goja has no WebAssembly (module rule %s)", args.Path, r)), nil
					default:
						return errorResult(fmt.Sprintf("kindling cannot load %q: %s modules are not supported (module rule %s)", args.Path, r.Type, r)), nil
					}
				}
				for _, r := range rules.removed {
					if r.matches(args.Path) {
						return errorResult(fmt.Sprintf("The file %s matched a module rule in your configuration (%s), but was ignored because a previous rule with the same type was not marked as `fallthrough = true`.", args.Path, r)), nil
					}
				}
				return api.OnResolveResult{}, nil
			})
			build.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				load, ok := args.PluginData.(ruleLoad)
				if !ok {
					return api.OnLoadResult{}, nil
				}
				data, err := os.ReadFile(args.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				if load.ruleType == RuleText {
					contents := string(data)
					return api.OnLoadResult{Contents: &contents, Loader: api.LoaderText}, nil
				}
				// The host turns base64 into an ArrayBuffer in Go, which is much
				// faster than any decoder written in JS and run by goja.
				contents := fmt.Sprintf("export default globalThis[Symbol.for(%q)](%q)(%q);\n",
					requireSymbol, bytesModule, base64.StdEncoding.EncodeToString(data))
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderJS}, nil
			})
		},
	}
}

// resolveForRule finds the file a Text or Data import names, with esbuild's
// own resolver (relative paths, node_modules, package exports).
func resolveForRule(build api.PluginBuild, args api.OnResolveArgs, r Rule) (api.OnResolveResult, error) {
	res := build.Resolve(args.Path, api.ResolveOptions{
		Importer:   args.Importer,
		Namespace:  "file",
		ResolveDir: args.ResolveDir,
		Kind:       args.Kind,
		PluginData: resolvingForRule{},
	})
	if len(res.Errors) > 0 {
		return api.OnResolveResult{Errors: res.Errors}, nil
	}
	return api.OnResolveResult{Path: res.Path, Namespace: "file", PluginData: ruleLoad{ruleType: r.Type}}, nil
}

func errorResult(text string) api.OnResolveResult {
	return api.OnResolveResult{Errors: []api.Message{{Text: text}}}
}
