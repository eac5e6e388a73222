package jsapi

import (
	"embed"
	"sync"

	"github.com/dop251/goja"
)

// The parts of the API written in JS are compiled once per process and run
// in every realm (a *goja.Program is immutable and shareable).
//
//go:embed js/*.js
var preludeFS embed.FS

var (
	preludeOnce     sync.Once
	preludePrograms map[string]*goja.Program
)

// runPrelude runs one of the js/*.js files in the realm and returns its
// completion value.
func (r *Realm) runPrelude(name string) goja.Value {
	preludeOnce.Do(func() {
		preludePrograms = make(map[string]*goja.Program)
		entries, err := preludeFS.ReadDir("js")
		must(err)
		for _, e := range entries {
			src, err := preludeFS.ReadFile("js/" + e.Name())
			must(err)
			preludePrograms[e.Name()] = goja.MustCompile("kindling:"+e.Name(), string(src), true)
		}
	})
	v, err := r.rt.RunProgram(preludePrograms[name])
	must(err)
	return v
}
