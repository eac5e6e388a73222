package jsapi

import (
	"errors"

	"github.com/dop251/goja"
)

// streamError is a JS error travelling through Go with a stream's bytes: the
// reason a stream was canceled or aborted with, on its way to the other end
// of a pipe, or an error a Go source or sink raises with workerd's text
// ("Decompression failed."). On the loop of the realm that threw it, it
// turns back into the very value thrown; anywhere else (a body crossing to
// another isolate) into a new error of the same class and message.
type streamError struct {
	name    string // the error class: TypeError, RangeError, Error, or a DOMException name
	message string
	value   goja.Value // the thrown value, nil for an error made in Go
	realm   *Realm
}

func (e *streamError) Error() string {
	if e.name == "" {
		return e.message
	}
	return e.name + ": " + e.message
}

func newStreamTypeError(message string) *streamError {
	return &streamError{name: "TypeError", message: message}
}

// goError captures a thrown or reason value for Go; undefined gives
// fallback.
func (r *Realm) goError(v goja.Value, fallback error) error {
	if v == nil || goja.IsUndefined(v) {
		return fallback
	}
	e := &streamError{value: v, realm: r, message: v.String()}
	if o, ok := v.(*goja.Object); ok {
		if name := o.Get("name"); name != nil && !goja.IsUndefined(name) {
			e.name = name.String()
		}
		if msg := o.Get("message"); msg != nil && !goja.IsUndefined(msg) {
			e.message = msg.String()
		}
	}
	return e
}

// streamErrorValue is the JS value a stream fails with for err.
func (r *Realm) streamErrorValue(err error) goja.Value {
	var se *streamError
	if errors.As(err, &se) {
		if se.realm == r && se.value != nil {
			return se.value
		}
		switch se.name {
		case "TypeError":
			return r.newTypeError(se.message)
		case "RangeError":
			return r.newRangeError(se.message)
		case "Error", "":
			return r.NewError(se.message)
		default:
			return r.newDOMException(se.message, se.name)
		}
	}
	var script *ScriptError
	if errors.As(err, &script) {
		return r.remoteError(err)
	}
	// What workerd says when the other end of a stream goes away.
	return r.newTypeError("Network connection lost.")
}
