package bundler

import (
	"sort"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// inputRecorder collects the files a build reads, for Bundle.Inputs. esbuild
// calls plugins from several goroutines, hence the mutex.
type inputRecorder struct {
	mu    sync.Mutex
	files map[string]bool
}

func (r *inputRecorder) add(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.files == nil {
		r.files = map[string]bool{}
	}
	r.files[path] = true
}

func (r *inputRecorder) sorted() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.files))
	for f := range r.files {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// plugin records every module esbuild loads from disk. It must come first
// among the plugins: it only looks, returning no contents, so esbuild goes
// on to the next OnLoad callback or its own loader.
func (r *inputRecorder) plugin() api.Plugin {
	return api.Plugin{
		Name: "kindling-inputs",
		Setup: func(build api.PluginBuild) {
			build.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				r.add(args.Path)
				return api.OnLoadResult{}, nil
			})
		},
	}
}
