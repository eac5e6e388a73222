package v8serial

import (
	"github.com/dop251/goja"
)

// DataCloneError reports a value structured clone cannot copy. Callers turn it into the
// DOMException named "DataCloneError" that workerd throws, with Message as its message.
type DataCloneError struct {
	Message string
}

func (e *DataCloneError) Error() string {
	return "DataCloneError: " + e.Message
}

// errDetachedBuffer is V8's kDataCloneErrorDetachedArrayBuffer text.
const errDetachedBuffer = "An ArrayBuffer is detached and could not be cloned."

// uncloneable builds the error V8 raises for a value it refuses: "<value> could not be cloned.", where
// the value is rendered the way V8's NoSideEffectsToString renders it (source text for functions,
// "Symbol(desc)", "#<Constructor>" for objects), which is the text workerd shows users.
func uncloneable(v goja.Value) *DataCloneError {
	return &DataCloneError{Message: describe(v) + " could not be cloned."}
}

// describe renders a symbol or an object; those are the only values that cannot be cloned.
func describe(v goja.Value) string {
	o, ok := v.(*goja.Object)
	if !ok {
		return "Symbol(" + v.(*goja.Symbol).String() + ")"
	}
	if o.ExportType() == typeProxy {
		// V8 cannot look through a proxy and reports the class of its own exotic object.
		if t := o.Export().(goja.Proxy).Target(); t != nil && t.ClassName() == "Array" {
			return "[object Array]"
		}
		return "#<Object>"
	}
	if _, ok := goja.AssertFunction(o); ok {
		return o.String() // Function.prototype.toString: the source text
	}
	if o.ClassName() == "Object" && o.ExportType() == typeString {
		return "[object Symbol]" // a Symbol wrapper: Symbol.prototype.toString is not Object's
	}
	if ctor, ok := o.Get("constructor").(*goja.Object); ok {
		if _, isFunc := goja.AssertFunction(ctor); isFunc {
			if name := ctor.Get("name"); name != nil && name.String() != "" {
				return "#<" + name.String() + ">"
			}
		}
	}
	if tag, ok := o.GetSymbol(goja.SymToStringTag).(goja.String); ok {
		return "[object " + tag.String() + "]"
	}
	return "[object Object]"
}
