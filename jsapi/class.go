package jsapi

import (
	"github.com/dop251/goja"
)

// slot is the property under which an API object keeps its Go state. A
// symbol that user code cannot obtain keeps the state out of reach while the
// object stays an ordinary JS object: subclasses can add fields, and
// instanceof and property enumeration behave as for any class instance.
var slot = goja.NewSymbol("kindling.internal")

// class builds one Web IDL-style interface: a constructor, methods and accessors on the prototype (as workerd defines them),
// and Symbol.toStringTag.
type class struct {
	r     *Realm
	name  string
	ctor  *goja.Object
	proto *goja.Object
}

// newClass creates the constructor for name. construct receives the call
// and returns the Go state of the new object; it throws (panics with a JS
// error) to reject its arguments. A nil construct makes the class
// non-constructible from JS ("Illegal constructor"), for objects only the
// runtime creates.
func (r *Realm) newClass(name string, length int, construct func(call goja.ConstructorCall) any) *class {
	rt := r.rt
	ctor := rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		if construct == nil {
			panic(r.newTypeError("Illegal constructor"))
		}
		// goja gives a native constructor the same call for `new X()` and
		// `X()`, so calling without `new` constructs too, where workerd
		// throws. Code that relies on the throw is rare enough not to pay
		// for a Proxy around every constructor.
		state := construct(call)
		setSlot(rt, call.This, state)
		return nil
	}).(*goja.Object)
	must(ctor.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	must(ctor.DefineDataProperty("length", rt.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	proto := ctor.Get("prototype").(*goja.Object)
	must(proto.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	r.protos[name] = proto
	r.ctors[name] = ctor
	return &class{r: r, name: name, ctor: ctor, proto: proto}
}

// existingClass returns the builder of a class installed earlier, for an
// installer that adds members to it (the alarm methods of storage…).
func (r *Realm) existingClass(name string) *class {
	return &class{r: r, name: name, ctor: r.ctors[name], proto: r.protos[name]}
}

// extends makes the class a subclass of parent (already built).
func (c *class) extends(parent *class) *class {
	must(c.proto.SetPrototype(parent.proto))
	must(c.ctor.SetPrototype(parent.ctor))
	return c
}

// method adds a prototype method.
func (c *class) method(name string, length int, fn func(call goja.FunctionCall) goja.Value) *class {
	must(c.proto.DefineDataProperty(name, c.r.function(name, length, fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
	return c
}

// methodSymbol adds a prototype method under a well-known symbol.
func (c *class) methodSymbol(sym *goja.Symbol, name string, fn func(call goja.FunctionCall) goja.Value) *class {
	must(c.proto.DefineDataPropertySymbol(sym, c.r.function(name, 0, fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	return c
}

// getter adds a read-only accessor on the prototype.
func (c *class) getter(name string, get func(this goja.Value) goja.Value) *class {
	return c.accessor(name, get, nil)
}

// accessor adds an accessor on the prototype; a nil set makes it read-only.
func (c *class) accessor(name string, get func(this goja.Value) goja.Value, set func(this goja.Value, v goja.Value)) *class {
	g := c.r.function("get "+name, 0, func(call goja.FunctionCall) goja.Value { return get(call.This) })
	var s goja.Value
	if set != nil {
		s = c.r.function("set "+name, 1, func(call goja.FunctionCall) goja.Value {
			set(call.This, call.Argument(0))
			return goja.Undefined()
		})
	}
	must(c.proto.DefineAccessorProperty(name, g, s, goja.FLAG_TRUE, goja.FLAG_TRUE))
	return c
}

// static adds a method on the constructor.
func (c *class) static(name string, length int, fn func(call goja.FunctionCall) goja.Value) *class {
	must(c.ctor.DefineDataProperty(name, c.r.function(name, length, fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
	return c
}

// constant adds a read-only number on both the constructor and the
// prototype (WebSocket.OPEN, Event.AT_TARGET…).
func (c *class) constant(name string, v int) *class {
	val := c.r.rt.ToValue(v)
	must(c.ctor.DefineDataProperty(name, val, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	must(c.proto.DefineDataProperty(name, val, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	return c
}

// global makes the constructor a global (non-enumerable, like the built-in
// constructors of the language).
func (c *class) global() *class {
	must(c.r.rt.GlobalObject().DefineDataProperty(c.name, c.ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	return c
}

// function wraps fn as a JS function with the given name and length.
func (r *Realm) function(name string, length int, fn func(call goja.FunctionCall) goja.Value) goja.Value {
	f := r.rt.ToValue(fn).(*goja.Object)
	must(f.DefineDataProperty("name", r.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	must(f.DefineDataProperty("length", r.rt.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	return f
}

// setGlobalFunction installs a global function (writable, configurable,
// not enumerable, as workerd's globals are).
func (r *Realm) setGlobalFunction(name string, length int, fn func(call goja.FunctionCall) goja.Value) {
	must(r.rt.GlobalObject().DefineDataProperty(name, r.function(name, length, fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
}

// newInstance creates an object of the named class holding state, without
// running the JS constructor.
func (r *Realm) newInstance(className string, state any) *goja.Object {
	o := r.rt.CreateObject(r.protos[className])
	setSlot(r.rt, o, state)
	return o
}

func setSlot(rt *goja.Runtime, o *goja.Object, state any) {
	must(o.DefineDataPropertySymbol(slot, rt.NewDynamicObject(&slotValue{state}), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE))
}

// slotValue holds the Go state in the slot. A dynamic object with no
// properties is the cheapest goja value that carries a Go value and gives
// it back from Export: ToValue would wrap a struct pointer with
// reflection, which showed in profiles of every request.
type slotValue struct{ state any }

func (*slotValue) Get(string) goja.Value       { return nil }
func (*slotValue) Set(string, goja.Value) bool { return false }
func (*slotValue) Has(string) bool             { return false }
func (*slotValue) Delete(string) bool          { return true }
func (*slotValue) Keys() []string              { return nil }

// stateOf returns the Go state of an API object, or nil if v is not one.
func stateOf(v goja.Value) any {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	s, ok := o.GetSymbol(slot).(*goja.Object)
	if !ok {
		return nil
	}
	sv, ok := s.Export().(*slotValue)
	if !ok {
		return nil
	}
	return sv.state
}

// unwrap is the brand check of every API method: it returns the Go state of
// this, or throws "TypeError: Illegal invocation" as workerd does when a
// method is called on the wrong kind of object.
func unwrap[T any](r *Realm, this goja.Value) T {
	s, ok := stateOf(this).(T)
	if !ok {
		panic(r.newTypeError("Illegal invocation"))
	}
	return s
}

// must panics on errors that can only come from a bug in an installer
// (defining a property on an object we just created).
func must(err error) {
	if err != nil {
		panic(err)
	}
}
