package jsapi

// HTMLRewriter as workerd has it (api/html-rewriter.c++): handlers
// registered with on(selector, {element, comments, text}) and
// onDocument({doctype, comments, text, end}), then transform(response)
// returns a Response whose body is the input's rewritten as it streams.
// The rewriting is jsapi/htmlrewriter, lol-html's behaviour in Go.
//
// The rewriter runs on a goroutine of its own, reading the input body and
// writing the output body through a pipe; each handler call is a task on
// the loop, and the goroutine waits for it, and for the promise the
// handler returns, before it reads on (workerd runs lol-html on a fiber
// for the same reason). The tokens handlers get are valid until then.
//
// Missing: workerd's check of the esi_include_is_void_tag compatibility
// flag (<esi:include> is not void here).

import (
	"errors"
	"io"
	"mime"
	"sync"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/htmlrewriter"
)

// htmlRewriter is the Go state of an HTMLRewriter: its registrations, in
// the order they were made.
type htmlRewriter struct {
	elements []elementRegistration
	document []documentRegistration
}

type elementRegistration struct {
	selector                *htmlrewriter.Selector
	this                    *goja.Object
	element, comments, text goja.Callable
}

type documentRegistration struct {
	this                         *goja.Object
	doctype, comments, text, end goja.Callable
}

func installHTMLRewriter(r *Realm) {
	installHTMLRewriterTokens(r)
	c := r.newClass("HTMLRewriter", 0, func(call goja.ConstructorCall) any { return &htmlRewriter{} })
	get := func(this goja.Value) *htmlRewriter { return unwrap[*htmlRewriter](r, this) }
	c.method("on", 2, func(call goja.FunctionCall) goja.Value {
		hr := get(call.This)
		if goja.IsUndefined(call.Argument(0)) {
			panic(r.newTypeError("Failed to execute 'on' on 'HTMLRewriter': parameter 1 is not of type 'string'."))
		}
		selector := call.Argument(0).String()
		handlers, ok := call.Argument(1).(*goja.Object)
		if !ok {
			panic(r.newTypeError("Failed to execute 'on' on 'HTMLRewriter': parameter 2 is not of type 'ElementContentHandlers'."))
		}
		reg := elementRegistration{this: handlers}
		fields := []struct {
			name string
			fn   *goja.Callable
		}{{"element", &reg.element}, {"comments", &reg.comments}, {"text", &reg.text}}
		for _, f := range fields {
			*f.fn = r.handlerField(handlers, f.name, "ElementContentHandlers")
		}
		sel, err := htmlrewriter.ParseSelector(selector)
		if err != nil {
			panic(r.newTypeError("Parser error: " + err.Error()))
		}
		reg.selector = sel
		hr.elements = append(hr.elements, reg)
		return call.This
	})
	c.method("onDocument", 1, func(call goja.FunctionCall) goja.Value {
		hr := get(call.This)
		handlers, ok := call.Argument(0).(*goja.Object)
		if !ok {
			panic(r.newTypeError("Failed to execute 'onDocument' on 'HTMLRewriter': parameter 1 is not of type 'DocumentContentHandlers'."))
		}
		reg := documentRegistration{this: handlers}
		fields := []struct {
			name string
			fn   *goja.Callable
		}{{"doctype", &reg.doctype}, {"comments", &reg.comments}, {"text", &reg.text}, {"end", &reg.end}}
		for _, f := range fields {
			*f.fn = r.handlerField(handlers, f.name, "DocumentContentHandlers")
		}
		hr.document = append(hr.document, reg)
		return call.This
	})
	c.method("transform", 1, func(call goja.FunctionCall) goja.Value {
		return r.transformHTML(get(call.This), call.Argument(0))
	})
	c.global()
}

// handlerField reads one handler of a handlers object: undefined, or a
// function.
func (r *Realm) handlerField(handlers *goja.Object, name, dict string) goja.Callable {
	v := handlers.Get(name)
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		panic(r.newTypeError("Incorrect type for the '" + name + "' field on '" + dict + "': the provided value is not of type 'function'."))
	}
	return fn
}

// transformHTML implements transform(response).
func (r *Realm) transformHTML(hr *htmlRewriter, v goja.Value) goja.Value {
	res, ok := stateOf(v).(*response)
	if !ok {
		panic(r.newTypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'."))
	}
	if res.kind == "error" {
		panic(r.newTypeError("HTMLRewriter cannot transform an error response"))
	}
	if res.body == nil {
		return v
	}
	charset := ""
	if ct, ok := res.headerList().get("content-type"); ok {
		if _, params, err := mime.ParseMediaType(ct); err == nil {
			charset = params["charset"]
		}
	}
	run := &rewriteRun{r: r}
	rw, err := htmlrewriter.New(run.settings(hr, charset), run.writeOutput)
	if err != nil {
		panic(r.newTypeError("Parser error: " + err.Error()))
	}
	// The output is a new Response built from the input, as workerd's
	// `new Response(body, response)`; the input's body becomes used.
	in := r.rewriterInput(res.body)
	pr, pw := io.Pipe()
	out := r.constructResponse(goja.Null(), v)
	out.body = bodyFromReader(pr)
	run.out = pw
	run.post, run.release = r.loop.Stream()
	go run.pump(rw, in)
	return r.newInstance("Response", out)
}

// rewriterInput hands a body to the rewriter. A stream built in JS is
// read chunk by chunk, each chunk a write of the rewriter as in workerd
// (handlers see text cut where the chunks are); any other body is a Go
// reader.
func (r *Realm) rewriterInput(b *body) io.ReadCloser {
	if r.bodyUsed(b) || b.stream != nil && r.streamLocked(b.stream) {
		panic(r.newTypeError("The ReadableStream has been locked to a reader."))
	}
	if b.stream == nil {
		return r.exportBody(b)
	}
	if rc := r.takeGoReader(b.stream); rc != nil {
		return rc
	}
	in := &chunkInput{chunks: make(chan inputChunk, 4)}
	done := r.callHook(r.streams.pipeToGo, b.stream, r.rt.ToValue(byteSink(in)), r.rt.ToValue(notBytes))
	// A failure reaches the rewriter through abort.
	r.then(done.(*goja.Object), func(goja.Value) {}, func(goja.Value) {})
	return in
}

// chunkInput is the rewriter's input from a stream built in JS: the loop
// sends each chunk and waits, before reading the next, until the rewriter
// has taken it.
type chunkInput struct {
	chunks chan inputChunk
	// pending is what is left of the chunk being read; ack settles its
	// write once it is all read.
	pending []byte
	ack     func(error)
	closed  bool
}

type inputChunk struct {
	data []byte
	err  error // io.EOF at the end
	ack  func(error)
}

// errRewriterStopped fails the writes of chunks the rewriter will not
// read, which cancels the input stream.
var errRewriterStopped = errors.New("the HTMLRewriter stopped")

func (in *chunkInput) write(r *Realm, p []byte) goja.Value {
	promise, settle := r.settledFromGo()
	in.chunks <- inputChunk{data: append([]byte(nil), p...), ack: settle}
	return promise
}

func (in *chunkInput) close(r *Realm) goja.Value {
	in.chunks <- inputChunk{err: io.EOF}
	return goja.Undefined()
}

func (in *chunkInput) abort(err error) { in.chunks <- inputChunk{err: err} }

// Read returns the bytes of one chunk at most, so the rewriter sees the
// stream's chunks.
func (in *chunkInput) Read(p []byte) (int, error) {
	if len(in.pending) == 0 {
		if in.ack != nil {
			in.ack(nil)
			in.ack = nil
		}
		if in.closed {
			return 0, io.EOF
		}
		c := <-in.chunks
		if c.err != nil {
			in.closed = true
			return 0, c.err
		}
		in.pending, in.ack = c.data, c.ack
	}
	n := copy(p, in.pending)
	in.pending = in.pending[n:]
	return n, nil
}

// Close refuses the chunk being read and any sent after it, until the
// stream's end or failure arrives.
func (in *chunkInput) Close() error {
	if in.ack != nil {
		in.ack(errRewriterStopped)
		in.ack = nil
	}
	if in.closed {
		return nil
	}
	go func() {
		for c := range in.chunks {
			if c.ack != nil {
				c.ack(errRewriterStopped)
			}
			if c.err != nil {
				return
			}
		}
	}()
	return nil
}

// rewriteRun is one transform's goroutine and its bridge to the loop.
type rewriteRun struct {
	r       *Realm
	out     *io.PipeWriter
	post    func(func()) bool
	release func()

	// streams are the ReadableStream contents handlers gave; those the
	// output never reached are closed at the end.
	mu      sync.Mutex
	streams []io.Closer
}

var errLoopStopped = errors.New("the isolate stopped")

// pump feeds the input to the rewriter, then ends the output.
func (run *rewriteRun) pump(rw *htmlrewriter.Rewriter, in io.ReadCloser) {
	err := run.rewrite(rw, in)
	_ = in.Close()
	run.mu.Lock()
	for _, s := range run.streams {
		_ = s.Close()
	}
	run.mu.Unlock()
	if err != nil {
		_ = run.out.CloseWithError(err)
	} else {
		_ = run.out.Close()
	}
	run.post(run.release)
}

func (run *rewriteRun) rewrite(rw *htmlrewriter.Rewriter, in io.Reader) error {
	// A body held in memory (a string, a buffer) is one chunk, as
	// workerd writes it.
	if b, ok := in.(*bytesReader); ok {
		if err := rw.Write(b.Bytes()); err != nil {
			return err
		}
		return rw.End()
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := in.Read(buf)
		if n > 0 {
			if werr := rw.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return rw.End()
		}
		if err != nil {
			return err
		}
	}
}

func (run *rewriteRun) writeOutput(b []byte) error {
	_, err := run.out.Write(b)
	return err
}

// onLoop runs invoke on the loop and waits until the value it returns (a
// handler's result: a value, a promise or a thenable) settles; done runs
// on the loop after that, whatever the outcome.
func (run *rewriteRun) onLoop(invoke func() goja.Value, done func()) error {
	r := run.r
	result := make(chan error, 1)
	finish := func(err error) {
		done()
		result <- err
	}
	// A handler's exception fails the output, and workerd logs it as
	// uncaught even when the reader of the output catches it.
	fail := func(e goja.Value) {
		r.ReportError(&thrownError{e})
		finish(r.goError(e, errLoopStopped))
	}
	if !run.post(func() {
		var v goja.Value
		if ex := r.rt.Try(func() { v = invoke() }); ex != nil {
			fail(ex.Value())
			return
		}
		r.Await(v, func(goja.Value) { finish(nil) }, fail)
	}) {
		return errLoopStopped
	}
	return <-result
}

// settings converts the registrations into the rewriter's handlers.
func (run *rewriteRun) settings(hr *htmlRewriter, charset string) htmlrewriter.Settings {
	s := htmlrewriter.Settings{Charset: charset}
	for _, reg := range hr.elements {
		h := htmlrewriter.ElementHandlers{Selector: reg.selector}
		if reg.element != nil {
			h.Element = func(el *htmlrewriter.Element) error { return run.callToken(reg.element, reg.this, "Element", el) }
		}
		if reg.comments != nil {
			h.Comments = func(c *htmlrewriter.Comment) error { return run.callToken(reg.comments, reg.this, "Comment", c) }
		}
		if reg.text != nil {
			h.Text = func(t *htmlrewriter.TextChunk) error { return run.callToken(reg.text, reg.this, "Text", t) }
		}
		s.Elements = append(s.Elements, h)
	}
	for _, reg := range hr.document {
		h := htmlrewriter.DocumentHandlers{}
		if reg.doctype != nil {
			h.Doctype = func(d *htmlrewriter.Doctype) error { return run.callToken(reg.doctype, reg.this, "Doctype", d) }
		}
		if reg.comments != nil {
			h.Comments = func(c *htmlrewriter.Comment) error { return run.callToken(reg.comments, reg.this, "Comment", c) }
		}
		if reg.text != nil {
			h.Text = func(t *htmlrewriter.TextChunk) error { return run.callToken(reg.text, reg.this, "Text", t) }
		}
		if reg.end != nil {
			h.End = func(d *htmlrewriter.DocumentEnd) error { return run.callToken(reg.end, reg.this, "DocumentEnd", d) }
		}
		s.Document = append(s.Document, h)
	}
	return s
}

// callToken calls a handler with the JS object for a token, valid until
// the handler's promise settles.
func (run *rewriteRun) callToken(fn goja.Callable, this goja.Value, class string, token any) error {
	var tok *contentToken
	return run.onLoop(func() goja.Value {
		var obj *goja.Object
		tok, obj = run.r.newContentToken(class, token, run)
		v, err := fn(this, obj)
		if err != nil {
			panic(err)
		}
		return v
	}, func() {
		if tok != nil {
			tok.invalidate()
		}
	})
}

// keepStream records a stream content, to close it if the output never
// reads it.
func (run *rewriteRun) keepStream(c io.Closer) {
	run.mu.Lock()
	run.streams = append(run.streams, c)
	run.mu.Unlock()
}
