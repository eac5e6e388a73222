package bundler

import (
	"regexp"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// resolvingAlias marks the nested resolve of an alias target, so that a
// target naming its own key ({"x": "x"}) does not loop.
type resolvingAlias struct{}

// aliasPlugin implements wrangler's `alias`: an import of a key, or of a
// subpath of a key ("key/sub"), is resolved as the target (plus the subpath)
// from the project directory. This is esbuild's alias semantics, but done in
// a plugin that runs before the others so that, as in wrangler, an alias can
// replace a builtin ("node:fs") or a rule-matched file.
func aliasPlugin(alias map[string]string, dir string) api.Plugin {
	keys := make([]string, 0, len(alias))
	for k := range alias {
		keys = append(keys, k)
	}
	// Longest key first, so "a/b" wins over "a" for "a/b/c".
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = regexp.QuoteMeta(k)
	}
	return api.Plugin{
		Name: "kindling-alias",
		Setup: func(build api.PluginBuild) {
			if len(keys) == 0 {
				return
			}
			filter := "^(?:" + strings.Join(quoted, "|") + ")(?:/.*)?$"
			build.OnResolve(api.OnResolveOptions{Filter: filter}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if args.PluginData == (resolvingAlias{}) {
					return api.OnResolveResult{}, nil
				}
				for _, k := range keys {
					rest, ok := strings.CutPrefix(args.Path, k)
					if !ok || rest != "" && rest[0] != '/' {
						continue
					}
					res := build.Resolve(alias[k]+rest, api.ResolveOptions{
						Importer:   args.Importer,
						Namespace:  "file",
						ResolveDir: dir,
						Kind:       args.Kind,
						PluginData: resolvingAlias{},
					})
					if len(res.Errors) > 0 {
						return api.OnResolveResult{Errors: res.Errors}, nil
					}
					return api.OnResolveResult{
						Path:       res.Path,
						Namespace:  res.Namespace,
						External:   res.External,
						Suffix:     res.Suffix,
						PluginData: res.PluginData,
					}, nil
				}
				return api.OnResolveResult{}, nil
			})
		},
	}
}
