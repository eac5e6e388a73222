// Package runtime runs the Workers of a `kindling dev` session: for each
// Worker, a pool of isolates running its bundle, and its Durable Object
// namespaces routed to the isolate that hosts each object.
//
// Its subpackages hold the parts: config (wrangler configuration),
// eventloop, isolate, actor (ids, gates), storage (SQLite) and server (the
// dev HTTP server).
package runtime

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/actor"
	"github.com/kindling-dev/kindling/runtime/config"
	"github.com/kindling-dev/kindling/runtime/isolate"
)

// Script is a bundled Worker script (see package bundler).
type Script struct {
	// Name is what the script is compiled as; stack frames show the
	// original files through SourceMap.
	Name      string
	Code      string
	SourceMap []byte
}

// WorkerOptions describe one Worker of the session.
type WorkerOptions struct {
	Config *config.Config
	Script Script
	// StateDir is the persistence root (.wrangler/state, or --persist-to):
	// Durable Objects live under StateDir/v3/do.
	StateDir string
	// Isolates is the size of the isolate pool; 0 means one per CPU.
	Isolates int
	Log      func(level jsapi.LogLevel, message string)
	// IdleTimeout is how long an idle Durable Object stays in memory (0:
	// local workerd's 10 s). AlarmRetryStart is the delay before a failed
	// alarm's first retry (0: workerd's 2 s). Tests shorten both.
	IdleTimeout     time.Duration
	AlarmRetryStart time.Duration
	// Dialer opens outbound WebSocket connections; nil: none.
	Dialer jsapi.WebSocketDialer
}

// Runtime is a running session of one or more Workers.
type Runtime struct {
	workers []*Worker
	byName  map[string]*Worker
}

// Worker is one running Worker.
type Worker struct {
	Name     string
	isolates []*isolate.Isolate
	next     atomic.Uint32
	// namespaces are the Durable Object classes it defines, whose alarms
	// it runs (alarms.go).
	namespaces []*namespace
	// cronStop ends the cron triggers' goroutine, which closes cronDone.
	cronStop, cronDone chan struct{}
}

// New compiles and starts every Worker. The first one serves HTTP. The
// Workers reach each other through service bindings and through Durable
// Object bindings with a script_name.
func New(opts []WorkerOptions) (*Runtime, error) {
	rt := &Runtime{byName: make(map[string]*Worker)}
	for _, o := range opts {
		w := &Worker{Name: o.Config.Name}
		if rt.byName[w.Name] != nil {
			return nil, fmt.Errorf("two of the configurations name their Worker %q: each Worker of a session needs its own name", w.Name)
		}
		rt.workers = append(rt.workers, w)
		rt.byName[w.Name] = w
	}
	namespaces := rt.namespaces(opts)
	for i, o := range opts {
		if err := rt.workers[i].start(rt, o, namespaces); err != nil {
			rt.Close()
			return nil, err
		}
	}
	return rt, nil
}

func (w *Worker) start(rt *Runtime, o WorkerOptions, namespaces map[namespaceKey]*namespace) error {
	cfg := o.Config
	prg, err := compile(o.Script)
	if err != nil {
		return err
	}
	var bindings []isolate.NamespaceBinding
	for _, b := range cfg.DurableObjects {
		ns := namespaces[namespaceKey{ownerOf(cfg, b), b.ClassName}]
		bindings = append(bindings, isolate.NamespaceBinding{Name: b.Name, Namespace: ns})
	}
	var services []isolate.ServiceBinding
	for _, s := range cfg.Services {
		services = append(services, isolate.ServiceBinding{Name: s.Binding, Service: rt.service(s)})
	}
	var vars []isolate.Var
	for _, v := range cfg.Vars {
		vars = append(vars, isolate.Var{Name: v.Name, Value: v.Value})
	}
	for _, v := range cfg.Secrets {
		vars = append(vars, isolate.Var{Name: v.Name, Value: v.Value})
	}

	n := o.Isolates
	if n <= 0 {
		n = runtime.NumCPU()
	}
	for range n {
		iso, err := isolate.New(isolate.Options{
			Program: prg, CompatibilityDate: cfg.CompatibilityDate, CompatibilityFlags: cfg.CompatibilityFlags,
			Vars: vars, Namespaces: bindings, Services: services, Log: o.Log, WorkerName: cfg.Name,
			CPULimit:              time.Duration(cfg.Limits.CPUMs) * time.Millisecond,
			IdleTimeout:           o.IdleTimeout,
			DeleteAllDeletesAlarm: cfg.CompatFlag("delete_all_deletes_alarm"),
			Dialer:                o.Dialer,
		})
		if err != nil {
			w.close()
			return err
		}
		w.isolates = append(w.isolates, iso)
	}
	if err := checkExportedClasses(cfg, w.isolates[0].Exports()); err != nil {
		w.close()
		return err
	}
	for _, ns := range namespaces {
		if ns.worker == w {
			w.namespaces = append(w.namespaces, ns)
		}
	}
	if err := w.startAlarms(o); err != nil {
		w.close()
		return err
	}
	w.startCrons(cfg.Triggers.Crons, o.Log)
	return nil
}

// compile parses the bundle with its source map, so that stack traces name
// the user's files and lines.
func compile(s Script) (*goja.Program, error) {
	ast, err := goja.Parse(s.Name, s.Code, parser.WithSourceMapLoader(func(string) ([]byte, error) {
		if s.SourceMap == nil {
			return nil, errors.New("no source map")
		}
		return s.SourceMap, nil
	}))
	if err != nil {
		return nil, fmt.Errorf("the bundle does not parse: %w", err)
	}
	return goja.CompileAST(ast, true)
}

// checkExportedClasses reports Durable Object bindings whose class the
// entry module does not export, with wrangler's message: the classes in
// binding order (a class bound twice is named twice) and the entry
// relative to the working directory, as wrangler prints them.
func checkExportedClasses(cfg *config.Config, exported []string) error {
	has := make(map[string]bool, len(exported))
	for _, e := range exported {
		has[e] = true
	}
	var missing []string
	for _, b := range cfg.DurableObjects {
		if b.ScriptName == "" || b.ScriptName == cfg.Name {
			if !has[b.ClassName] {
				missing = append(missing, b.ClassName)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	entry := cfg.Main
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, entry); err == nil {
			entry = rel
		}
	}
	return fmt.Errorf("Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: %s.\nYou should export these objects from your entrypoint, %s.", strings.Join(missing, ", "), entry)
}

// Fetch sends an HTTP request to the first Worker.
func (rt *Runtime) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	rt.workers[0].Fetch(req, done)
}

// Close stops every Worker, committing and closing all storage.
func (rt *Runtime) Close() {
	for _, w := range rt.workers {
		w.close()
	}
	rt.workers = nil
}

// Fetch sends an HTTP request to the Worker's fetch handler, on the next
// isolate of the pool.
func (w *Worker) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	w.pick().Fetch(req, done)
}

// pick returns the next isolate of the pool, for an event that may run in
// any of them.
func (w *Worker) pick() *isolate.Isolate {
	return w.isolates[w.next.Add(1)%uint32(len(w.isolates))]
}

// isolateFor returns the isolate hosting the object id: always the same
// one, as workerd keeps an object in one place.
func (w *Worker) isolateFor(id actor.ID) *isolate.Isolate {
	h := fnv.New32a()
	h.Write([]byte(id.String()))
	return w.isolates[h.Sum32()%uint32(len(w.isolates))]
}

func (w *Worker) close() {
	w.stopCrons()
	w.stopAlarms()
	for _, iso := range w.isolates {
		iso.Close()
	}
	w.isolates = nil
}

// namespace routes a Durable Object binding's events to the isolate that
// hosts each object; it is the jsapi.ObjectNamespace of the binding.
type namespace struct {
	*actor.Namespace
	// worker defines the class; nil when it is not part of the session.
	worker *Worker
	owner  string
}

func (n *namespace) IDFromName(name string) jsapi.ObjectID { return n.Namespace.IDFromName(name) }

func (n *namespace) NewUniqueID(jurisdiction string) (jsapi.ObjectID, error) {
	return n.Namespace.NewUniqueID(jurisdiction)
}

func (n *namespace) IDFromString(s string) (jsapi.ObjectID, error) {
	return n.Namespace.IDFromString(s)
}

func (n *namespace) Fetch(id jsapi.ObjectID, req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	if n.worker == nil {
		done(notFoundResponse(n.notRunning()), nil)
		return
	}
	aid := id.(actor.ID)
	n.worker.isolateFor(aid).ActorFetch(n.Namespace, aid, req, done)
}

func (n *namespace) Call(id jsapi.ObjectID, path []string, args *jsapi.RPCValue, done func(*jsapi.RPCValue, error)) {
	if n.worker == nil {
		args.Release()
		done(nil, n.notRunning())
		return
	}
	aid := id.(actor.ID)
	n.worker.isolateFor(aid).ActorCall(n.Namespace, aid, path, args, done)
}
