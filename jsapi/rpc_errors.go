package jsapi

// Exceptions crossing between isolates. workerd does not structured-clone a
// thrown value: it turns it into a kj::Exception whose description names
// one of a few standard classes ("jsg.TypeError: msg",
// "jsg.DOMException(AbortError): msg", "jsg.Error: <anything else>") and
// the receiving side builds a new error of that class with `remote: true`
// (jsg/value.h ExceptionWrapper, jsg/util.c++ decodeTunneledException).
// That is why a custom subclass arrives as a plain Error whose message
// starts with its name, custom properties are dropped and the callee's
// stack is not seen by the caller.

import (
	"errors"
	"strings"

	"github.com/dop251/goja"
)

// ScriptError is a JS exception on its way out of an isolate: to the dev
// server (which prints Text) or to the isolate that made a call (which
// rebuilds an error from Tunneled).
type ScriptError struct {
	// Text is the exception as workerd prints it: "Error: msg" plus the
	// source-mapped stack.
	Text string
	// Tunneled is the exception as workerd carries it between isolates,
	// without the "jsg." prefix: "TypeError: msg",
	// "DOMException(DataCloneError): msg", or "Error: <detail>" for any
	// value that is not an error of a class it knows.
	Tunneled string
}

func (e *ScriptError) Error() string { return e.Text }

// NewRemoteTypeError is a TypeError raised by the runtime on the callee's
// side of a call (the receiving object cannot take RPC, say): the caller
// sees a TypeError with `remote: true`.
func NewRemoteTypeError(message string) *ScriptError {
	return &ScriptError{Text: "TypeError: " + message, Tunneled: "TypeError: " + message}
}

// NewScriptError captures a thrown value for Go.
func (r *Realm) NewScriptError(thrown goja.Value) *ScriptError {
	return &ScriptError{Text: FormatError(thrown), Tunneled: r.tunnel(thrown)}
}

// tunneledClasses are the error classes a tunneled exception keeps, in the
// order workerd tries their names (JS_ERROR_TYPES): a description is
// matched by prefix, so "Error" comes first and wins for "ErrorX: …".
var tunneledClasses = []string{
	"Error", "RangeError", "TypeError", "SyntaxError", "ReferenceError",
	"CompileError", "LinkError", "RuntimeError", "SuspendError",
	"AggregateError", "SuppressedError", "URIError", "EvalError",
}

// tunnel describes a thrown value as workerd's ExceptionWrapper does.
func (r *Realm) tunnel(thrown goja.Value) string {
	o, ok := thrown.(*goja.Object)
	if !ok {
		return "Error: " + primitiveDetail(thrown)
	}
	if r.rt.InstanceOf(o, r.errs.domException) {
		return "DOMException(" + propString(o, "name") + "): " + propString(o, "message")
	}
	reason := detailString(o)
	for _, prefix := range tunneledClasses {
		if strings.HasPrefix(reason, prefix) {
			return reason
		}
	}
	if strings.HasPrefix(reason, "DOMException") {
		return reason
	}
	return "Error: " + reason
}

// detailString is V8's side-effect-free rendering of an object, which
// workerd uses for the description: "name: message" for errors, the source
// text for functions, "#<Constructor>" for other objects.
func detailString(o *goja.Object) string {
	if o.ClassName() == "Error" {
		name, msg := "Error", ""
		if v := o.Get("name"); v != nil && !goja.IsUndefined(v) {
			name = v.String()
		}
		if v := o.Get("message"); v != nil && !goja.IsUndefined(v) {
			msg = v.String()
		}
		switch {
		case name == "":
			return msg
		case msg == "":
			return name
		}
		return name + ": " + msg
	}
	if _, ok := goja.AssertFunction(o); ok {
		return safeString(o)
	}
	return "#<" + constructorName(o) + ">"
}

func primitiveDetail(v goja.Value) string {
	if v == nil {
		return "undefined"
	}
	if s, ok := v.(*goja.Symbol); ok {
		return s.String()
	}
	return v.String()
}

// constructorName is V8's Object::GetConstructorName: the name of the
// function in the object's "constructor" property, else "Object".
func constructorName(o *goja.Object) string {
	if ctor, ok := o.Get("constructor").(*goja.Object); ok {
		if _, isFunc := goja.AssertFunction(ctor); isFunc {
			if name := ctor.Get("name"); name != nil && name.String() != "" {
				return name.String()
			}
		}
	}
	return "Object"
}

func propString(o *goja.Object, name string) string {
	v := o.Get(name)
	if v == nil || goja.IsUndefined(v) {
		return ""
	}
	return v.String()
}

// remoteError turns an error from another isolate into the JS value the
// caller sees: an error of the tunneled class with `remote: true`, as
// workerd builds it, or an Error carrying a Go error's message.
func (r *Realm) remoteError(err error) goja.Value {
	var se *ScriptError
	if !errors.As(err, &se) {
		e := r.NewError(err.Error())
		_ = e.Set("remote", true)
		return e
	}
	e := r.untunnel(se.Tunneled)
	_ = e.Set("remote", true)
	return e
}

// untunnel builds the error a tunneled description stands for.
func (r *Realm) untunnel(desc string) *goja.Object {
	if rest, ok := strings.CutPrefix(desc, "DOMException("); ok {
		if name, msg, ok := strings.Cut(rest, ")"); ok {
			return r.newDOMException(trimErrorMessage(msg), name)
		}
	}
	for _, class := range tunneledClasses {
		if rest, ok := strings.CutPrefix(desc, class); ok {
			// goja lacks the WebAssembly and newer error classes; their
			// errors arrive as Errors.
			ctor := r.rpc.errorClasses[class]
			if ctor == nil {
				ctor = r.errs.error_
			}
			if class == "AggregateError" {
				// Its message is the second argument, after the errors.
				return r.construct(ctor, r.rt.NewArray(), trimErrorMessage(rest))
			}
			return r.construct(ctor, trimErrorMessage(rest))
		}
	}
	// workerd reports anything else as an internal error.
	return r.NewError("internal error")
}

// trimErrorMessage is workerd's: the text after ":" and spaces, or "" when
// the description does not continue with a colon.
func trimErrorMessage(s string) string {
	rest, ok := strings.CutPrefix(s, ":")
	if !ok {
		return ""
	}
	return strings.TrimLeft(rest, " ")
}
