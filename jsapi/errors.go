package jsapi

import (
	"github.com/dop251/goja"
)

// The error constructors are captured when the realm is created, so the
// errors Go throws are real TypeErrors even if user code replaces the
// globals.
type errorCtors struct {
	error_, typeError, rangeError, domException *goja.Object
}

func (r *Realm) captureErrorCtors() {
	get := func(name string) *goja.Object { return r.rt.Get(name).(*goja.Object) }
	r.errs = errorCtors{
		error_:       get("Error"),
		typeError:    get("TypeError"),
		rangeError:   get("RangeError"),
		domException: get("DOMException"),
	}
}

func (r *Realm) construct(ctor *goja.Object, args ...any) *goja.Object {
	vals := make([]goja.Value, len(args))
	for i, a := range args {
		vals[i] = r.rt.ToValue(a)
	}
	o, err := r.rt.New(ctor, vals...)
	if err != nil {
		panic(err)
	}
	return o
}

// NewError returns a new Error with message.
func (r *Realm) NewError(message string) *goja.Object { return r.construct(r.errs.error_, message) }

func (r *Realm) newTypeError(message string) *goja.Object {
	return r.construct(r.errs.typeError, message)
}

func (r *Realm) newRangeError(message string) *goja.Object {
	return r.construct(r.errs.rangeError, message)
}

// newDOMException returns a DOMException whose name is one of the Web IDL
// error names ("DataCloneError", "InvalidCharacterError"…).
func (r *Realm) newDOMException(message, name string) *goja.Object {
	return r.construct(r.errs.domException, message, name)
}
