// Package jsapi is the JavaScript surface of a Worker: the Web platform and
// Workers APIs (Request, Response, Headers, timers, console, Durable Object
// namespaces, stubs, state and storage…) installed into a goja runtime.
//
// jsapi only converts arguments and exposes methods; the semantics of
// storage, gates, ids and routing live in plain Go under runtime/, reached
// through the small interfaces declared here (Loop, Host, ObjectNamespace,
// ObjectStorage…), which the runtime implements. jsapi must not import
// runtime/* (the arrows point down: runtime embeds jsapi).
//
// Every API has its own file (headers.go, request.go…) holding its Go state,
// its install function and its brand check; class.go has the shared builder.
// Everything in this package runs on the realm's event-loop goroutine.
package jsapi

import (
	"time"

	"github.com/dop251/goja"
)

// Loop is the event loop a realm's asynchronous work goes through;
// runtime/eventloop.Loop implements it. All methods are called on the loop
// goroutine; the enqueue func returned by Reserve may be called from any
// goroutine, exactly once.
type Loop interface {
	Reserve() (enqueue func(task func()))
	// Stream is Reserve for many completions (a WebSocket's messages):
	// post may be called from any goroutine until the loop stops (then it
	// reports false); the loop is not idle until release.
	Stream() (post func(task func()) bool, release func())
	// Post queues a task from any goroutine; false if the loop has stopped.
	Post(task func()) bool
	SetTimer(d time.Duration, repeat bool, fn func()) int
	ClearTimer(id int)
}

// LogLevel is the console method a message came from.
type LogLevel string

// Console levels, named after the console methods that produce them.
const (
	LevelDebug LogLevel = "debug"
	LevelLog   LogLevel = "log"
	LevelInfo  LogLevel = "info"
	LevelWarn  LogLevel = "warn"
	LevelError LogLevel = "error"
)

// Host is what a realm needs from the process that embeds it.
type Host interface {
	// Log prints one console message, already formatted.
	Log(level LogLevel, message string)
}

// Realm is one goja runtime with the Workers globals installed, plus the
// prototypes and helpers the API files share.
type Realm struct {
	rt   *goja.Runtime
	loop Loop
	host Host

	// protos caches each class's prototype, so Go code can create instances
	// (a Response for a fetch result, a DurableObjectId…) without going
	// through the global constructor, which user code may have replaced.
	protos map[string]*goja.Object
	ctors  map[string]*goja.Object

	// modules are the built-in modules the bundle's imports resolve to
	// (cloudflare:workers…), keyed by specifier.
	modules map[string]goja.Value

	errs errorCtors
	in   intrinsics

	durableObjectClass, workerEntrypointClass *goja.Object
	rpc                                       *rpcState

	// streams are the hooks of the streams implementation (js/streams.js).
	streams *streamHooks

	rejected map[*goja.Promise]struct{}
	noop     goja.Callable

	// keptObjects are the WeakRef targets read in the current task, kept
	// alive until it ends (es_builtins.go).
	keptObjects []*goja.Object

	webSockets webSocketCompat

	// clone is what structuredClone knows of the API classes written in JS.
	clone cloneHosts

	// tokenProps are the instance properties of HTMLRewriter's tokens.
	tokenProps tokenClasses
}

// NewRealm installs the Workers globals into rt. rt must be fresh and is
// owned by loop's goroutine from now on.
func NewRealm(rt *goja.Runtime, loop Loop, host Host) *Realm {
	r := &Realm{
		rt:      rt,
		loop:    loop,
		host:    host,
		protos:  make(map[string]*goja.Object),
		ctors:   make(map[string]*goja.Object),
		modules: make(map[string]goja.Value),
	}
	r.install()
	return r
}

// Runtime returns the goja runtime of the realm.
func (r *Realm) Runtime() *goja.Runtime { return r.rt }

// Loop returns the realm's event loop.
func (r *Realm) Loop() Loop { return r.loop }

// install builds the globals, in dependency order: the error classes first
// (every API throws them), then the APIs.
func (r *Realm) install() {
	r.trackRejections()
	r.noop, _ = goja.AssertFunction(r.rt.ToValue(func(goja.FunctionCall) goja.Value { return goja.Undefined() }))
	r.runPrelude("symbols.js")
	r.runPrelude("dom_exception.js")
	r.captureErrorCtors()
	r.captureIntrinsics()
	installConsole(r)
	installEvents(r)
	installAbort(r)
	installEncoding(r)
	installBase64(r)
	installCrypto(r)
	installPerformance(r)
	installStructuredClone(r)
	installURL(r)
	installURLPattern(r)
	installStreams(r)
	installBlob(r)
	installFormData(r)
	installHeaders(r)
	bodyClass := installBody(r)
	installRequest(r, bodyClass)
	installResponse(r, bodyClass)
	installFetch(r)
	installTimers(r)
	installScheduler(r)
	installModules(r)
	installDurableObjectNamespace(r)
	installDurableObjectState(r)
	installDurableObjectStorage(r)
	installDurableObjectAlarm(r)
	installDurableObjectAbort(r)
	installSQLStorage(r)
	installSyncKvStorage(r)
	installDurableObjectTransaction(r)
	installExecutionContext(r)
	installScheduledController(r)
	installRPC(r)
	installServiceBinding(r)
	installWebSocket(r)
	installWebSocketPair(r)
	installHibernationAPI(r)
	installEventSource(r)
	installHTMLRewriter(r)
	installCache(r)
	installMessageChannel(r)
	installGlobalScope(r)
	installUnicodeRegExp(r)
	installESBuiltins(r)
	// Last: DigestStream subclasses WritableStream, if there is one.
	installDigestStream(r)
	r.captureCloneHosts()
}
