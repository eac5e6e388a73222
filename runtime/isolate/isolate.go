// Package isolate runs one instance of a Worker's script: a goja runtime
// with the Workers APIs (jsapi), owned by one event-loop goroutine, serving
// the Worker's fetch handler and hosting the Durable Object instances that
// live in it.
//
// Every goja value is touched only on the loop goroutine. The exported
// methods may be called from any goroutine: they post their work to the
// loop and report through a done callback, called exactly once.
package isolate

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/actor"
	"github.com/kindling-dev/kindling/runtime/eventloop"
)

// Var is an environment binding whose value is JSON (vars keep their
// TOML/JSON types; secrets are JSON strings).
type Var struct {
	Name  string
	Value json.RawMessage
}

// NamespaceBinding binds a Durable Object namespace into env.
type NamespaceBinding struct {
	Name      string
	Namespace jsapi.ObjectNamespace
}

// ServiceBinding binds a service (another Worker's entrypoint) into env.
type ServiceBinding struct {
	Name    string
	Service jsapi.Service
}

// Options configure an isolate.
type Options struct {
	// Program is the compiled bundle: a script evaluating to
	// function (module, exports) {...} (see package bundler).
	Program *goja.Program
	// CompatibilityDate and CompatibilityFlags are the Worker's, from its
	// configuration.
	CompatibilityDate  string
	CompatibilityFlags []string
	Vars               []Var
	Namespaces         []NamespaceBinding
	Services           []ServiceBinding
	// Log prints console output and uncaught errors.
	Log func(level jsapi.LogLevel, message string)
	// WorkerName names the Worker in its outbound requests' CF-Worker
	// header, as workerd does.
	WorkerName string
	// CPULimit bounds each task (cpu_limit.go): 0 means DefaultCPULimit,
	// a negative value none.
	CPULimit time.Duration
	// IdleTimeout is how long an idle Durable Object instance stays in
	// memory (evict.go): 0 means DefaultIdleTimeout, a negative value
	// forever.
	IdleTimeout time.Duration
	// DeleteAllDeletesAlarm is the delete_all_deletes_alarm compatibility
	// flag.
	DeleteAllDeletesAlarm bool
	// Dialer opens outbound WebSocket connections; nil: none.
	Dialer jsapi.WebSocketDialer
}

// Isolate is one runtime of a Worker.
type Isolate struct {
	opts  Options
	loop  *eventloop.Loop
	done  chan struct{}
	rt    *goja.Runtime
	realm *jsapi.Realm
	log   func(jsapi.LogLevel, string)

	env     *goja.Object
	exports *goja.Object
	names   []string // exported names, in module order

	actors map[actorKey]*instance
	// dirty are the instances with writes to commit or outputs to release
	// at the end of the current task (each instance's actor.OutputGate);
	// outbox holds the isolate's outputs that belong to no object's event
	// (output_gate.go), released once every commit of the task succeeded.
	dirty  map[*instance]struct{}
	outbox []output

	// workerEvents are the Worker's events in flight (events.go).
	workerEvents map[*workerEvent]struct{}
	// running is the runtime the CPU watchdog interrupts; overCPU is set
	// from the watchdog's goroutine when it did (cpu_limit.go).
	running atomic.Pointer[goja.Runtime]
	overCPU atomic.Bool

	// current is the instance whose code is running (activity.go).
	current *instance
	// sockets are the objects' hibernatable WebSockets (websockets.go),
	// kept while their instances come and go.
	sockets map[actorKey]*actor.WebSockets
}

type actorKey struct {
	ns *actor.Namespace
	id string
}

type output struct {
	release func()
	discard func(error)
}

type host struct{ iso *Isolate }

func (h host) Log(level jsapi.LogLevel, message string) { h.iso.log(level, message) }

// Outbound sends fetch() to the network.
func (h host) Outbound() jsapi.Outbound { return jsapi.Outbound{WorkerName: h.iso.opts.WorkerName} }

// New starts an isolate and runs the script's top level. An exception
// there is returned as a *jsapi.ScriptError.
func New(opts Options) (*Isolate, error) {
	iso := &Isolate{
		opts:   opts,
		loop:   eventloop.New(),
		done:   make(chan struct{}),
		log:    opts.Log,
		actors: make(map[actorKey]*instance),
		dirty:  make(map[*instance]struct{}),

		workerEvents: make(map[*workerEvent]struct{}),
		sockets:      make(map[actorKey]*actor.WebSockets),
	}
	iso.loop.OnPanic = func(recovered any, stack []byte) {
		if iso.overCPU.Load() {
			return // the interrupted code unwinding: replaceRuntime reports it
		}
		iso.log(jsapi.LevelError, fmt.Sprintf("kindling internal error: %v\n%s", recovered, stack))
	}
	iso.loop.AfterTask(iso.endOfTask)
	go func() {
		iso.loop.Run()
		close(iso.done)
	}()
	var err error
	iso.onLoop(func() { err = iso.load(opts) })
	if err != nil {
		iso.Close()
		return nil, err
	}
	iso.onLoop(iso.watchCPU)
	return iso, nil
}

// onLoop runs fn on the loop and waits for it.
func (iso *Isolate) onLoop(fn func()) {
	finished := make(chan struct{})
	if !iso.loop.Post(func() { defer close(finished); fn() }) {
		return
	}
	<-finished
}

func (iso *Isolate) load(opts Options) error {
	iso.rt = goja.New()
	iso.running.Store(iso.rt)
	iso.realm = jsapi.NewRealm(iso.rt, instanceLoop{iso}, host{iso})
	iso.realm.SetCompatibility(opts.CompatibilityDate, opts.CompatibilityFlags)
	// Like workerd, no code from strings: eval and new Function throw.
	iso.realm.RefuseCodeGeneration()

	env := iso.rt.NewObject()
	for _, v := range opts.Vars {
		val, err := iso.realm.ParseJSON(string(v.Value))
		if err != nil {
			return fmt.Errorf("binding %s: %w", v.Name, err)
		}
		if err := env.Set(v.Name, val); err != nil {
			return err
		}
	}
	for _, b := range opts.Namespaces {
		if err := env.Set(b.Name, iso.realm.NewNamespace(b.Namespace)); err != nil {
			return err
		}
	}
	for _, b := range opts.Services {
		if err := env.Set(b.Name, iso.realm.NewFetcher(b.Service)); err != nil {
			return err
		}
	}
	iso.env = env
	iso.realm.SetEnv(env)

	wrapper, err := iso.rt.RunProgram(opts.Program)
	if err != nil {
		return iso.scriptError(err)
	}
	fn, ok := goja.AssertFunction(wrapper)
	if !ok {
		return errors.New("the bundle did not evaluate to a module function")
	}
	module := iso.rt.NewObject()
	exports := iso.rt.NewObject()
	if err := module.Set("exports", exports); err != nil {
		return err
	}
	if _, err := fn(goja.Undefined(), module, exports); err != nil {
		return iso.scriptError(err)
	}
	iso.exports = module.Get("exports").ToObject(iso.rt)
	iso.names = iso.exports.Keys()
	return nil
}

func (iso *Isolate) scriptError(err error) error {
	return iso.realm.NewScriptError(iso.realm.ExceptionValue(err))
}

// Exports returns the names the module exports.
func (iso *Isolate) Exports() []string { return iso.names }

// Close stops the loop and closes the storage of every instance,
// committing what is pending.
func (iso *Isolate) Close() {
	iso.onLoop(func() {
		iso.endOfTask()
		for _, inst := range iso.actors {
			inst.closeStorage()
		}
	})
	iso.loop.Stop()
	<-iso.done
}

// endOfTask runs after every loop task: it commits the writes of the task
// and then releases the outputs that waited for them, then reports the
// promise rejections nobody handled.
func (iso *Isolate) endOfTask() {
	if iso.realm != nil && !iso.drainMicrotasks() {
		iso.replaceRuntime()
		return
	}
	// Releasing an output can make another instance dirty: take this
	// task's set first.
	dirty := make([]*instance, 0, len(iso.dirty))
	for inst := range iso.dirty {
		dirty = append(dirty, inst)
		delete(iso.dirty, inst)
	}
	var failed error
	for _, inst := range dirty {
		var shown error
		err := inst.out.Flush(inst.commit, func(err error) error {
			shown = iso.internalError(fmt.Sprintf("Durable Object %s: storage commit failed, resetting the object", inst.id), err)
			return shown
		})
		if err != nil {
			inst.reset(shown)
			failed = shown
		}
	}
	outbox := iso.outbox
	iso.outbox = nil
	for _, o := range outbox {
		if failed != nil {
			// An output of no particular object may depend on any of them.
			o.discard(failed)
			continue
		}
		o.release()
	}
	if iso.realm != nil {
		iso.realm.ReportUnhandledRejections()
	}
}

// Fetch delivers an HTTP request to the Worker's default export.
func (iso *Isolate) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	iso.EntrypointFetch("", nil, req, done)
}

var errStopped = errors.New("the Worker is shutting down")
