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
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
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

// Options configure an isolate.
type Options struct {
	// Program is the compiled bundle: a script evaluating to
	// function (module, exports) {...} (see package bundler).
	Program    *goja.Program
	Vars       []Var
	Namespaces []NamespaceBinding
	// Log prints console output and uncaught errors.
	Log func(level jsapi.LogLevel, message string)
	// Compatibility is the Worker's compatibility date and flags.
	Compatibility jsapi.Compatibility
	// HibernateAfter is how long a Durable Object whose only connections
	// are hibernatable WebSockets stays in memory when idle; 0 means 10 s.
	HibernateAfter time.Duration
	// Dialer opens outbound WebSocket connections; nil: none.
	Dialer jsapi.WebSocketDialer
}

// Isolate is one runtime of a Worker.
type Isolate struct {
	loop  *eventloop.Loop
	done  chan struct{}
	rt    *goja.Runtime
	realm *jsapi.Realm
	log   func(jsapi.LogLevel, string)

	env     *goja.Object
	exports *goja.Object
	names   []string // exported names, in module order

	actors map[actorKey]*instance
	// dirty are the instances whose storage has writes to commit at the end
	// of the current task; outbox holds what their events produced, to be
	// released only after that commit (the output gate).
	dirty  map[*instance]struct{}
	outbox []output

	// current is the instance whose code is running (activity.go);
	// timerOwners charges timers to instances.
	current     *instance
	timerOwners map[int]*instance
	// sockets are the objects' hibernatable WebSockets (websockets.go).
	sockets        map[actorKey]*actor.WebSockets
	hibernateAfter time.Duration
	sweepArmed     bool
	dialer         jsapi.WebSocketDialer
}

type actorKey struct {
	ns *actor.Namespace
	id string
}

type output struct {
	from    *instance
	release func()
	discard func(error)
}

type host struct {
	log func(jsapi.LogLevel, string)
	iso *Isolate
}

func (h host) Log(level jsapi.LogLevel, message string) { h.log(level, message) }

// New starts an isolate and runs the script's top level. An exception
// there is returned as a *jsapi.ScriptError.
func New(opts Options) (*Isolate, error) {
	iso := &Isolate{
		loop:   eventloop.New(),
		done:   make(chan struct{}),
		log:    opts.Log,
		actors: make(map[actorKey]*instance),
		dirty:  make(map[*instance]struct{}),

		timerOwners:    make(map[int]*instance),
		sockets:        make(map[actorKey]*actor.WebSockets),
		hibernateAfter: cmp.Or(opts.HibernateAfter, defaultHibernateAfter),
		dialer:         opts.Dialer,
	}
	iso.loop.OnPanic = func(recovered any, stack []byte) {
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
	iso.realm = jsapi.NewRealm(iso.rt, instanceLoop{iso}, host{iso.log, iso})
	iso.realm.SetCompatibility(opts.Compatibility)

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
	if iso.realm != nil {
		iso.realm.RunMicrotasks()
	}
	failed := make(map[*instance]error)
	for inst := range iso.dirty {
		delete(iso.dirty, inst)
		if err := inst.commit(); err != nil {
			failed[inst] = err
		}
	}
	outbox := iso.outbox
	iso.outbox = nil
	for _, o := range outbox {
		if err, bad := failed[o.from]; bad {
			o.discard(err)
			continue
		}
		o.release()
	}
	for inst, err := range failed {
		iso.log(jsapi.LevelError, fmt.Sprintf("Durable Object %s: storage commit failed, resetting the object: %v", inst.id, err))
		inst.reset(err)
	}
	if iso.realm != nil {
		iso.realm.ReportUnhandledRejections()
	}
}

// Fetch delivers an HTTP request to the Worker's default export.
func (iso *Isolate) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	posted := iso.loop.Post(func() {
		def, ok := iso.exports.Get("default").(*goja.Object)
		if !ok {
			done(nil, errors.New("the Worker has no default export: export default { fetch(request, env, ctx) { … } }"))
			return
		}
		ctx := iso.realm.NewExecutionContext(nil)
		if iso.realm.IsWorkerEntrypointClass(def) {
			entry, err := iso.rt.New(def, ctx, iso.env)
			if err != nil {
				done(nil, iso.scriptError(err))
				return
			}
			iso.realm.InvokeFetch(entry, req, nil, done)
			return
		}
		iso.realm.InvokeFetch(def, req, []goja.Value{iso.env, ctx}, done)
	})
	if !posted {
		done(nil, errStopped)
	}
}

var errStopped = errors.New("the Worker is shutting down")
