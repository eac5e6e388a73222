package jsapi

// Tests of the class builder every API uses: what its constructors,
// prototypes, methods and accessors look like from JS, and the brand
// check.

import (
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

type widget struct{ size int }

type gadget struct{ widget }

// newClassRealm is a test realm with two classes built by class.go:
// Widget (constructible, global) and Gadget extends Widget (not
// constructible, not global).
func newClassRealm(t *testing.T) *testRealm {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		w := r.newClass("Widget", 1, func(call goja.ConstructorCall) any {
			size := call.Argument(0).ToInteger()
			if size < 0 {
				panic(r.newRangeError("size must not be negative"))
			}
			return &widget{size: int(size)}
		})
		size := func(this goja.Value) *widget {
			switch s := stateOf(this).(type) {
			case *widget:
				return s
			case *gadget:
				return &s.widget
			}
			panic(r.newTypeError("Illegal invocation"))
		}
		w.method("grow", 1, func(call goja.FunctionCall) goja.Value {
			s := size(call.This)
			s.size += int(call.Argument(0).ToInteger())
			return r.rt.ToValue(s.size)
		})
		w.accessor("size", func(this goja.Value) goja.Value { return r.rt.ToValue(size(this).size) },
			func(this goja.Value, v goja.Value) { size(this).size = int(v.ToInteger()) })
		w.getter("double", func(this goja.Value) goja.Value { return r.rt.ToValue(2 * unwrap[*widget](r, this).size) })
		w.static("of", 1, func(call goja.FunctionCall) goja.Value {
			return r.newInstance("Widget", &widget{size: int(call.Argument(0).ToInteger())})
		})
		w.constant("MAX", 10)
		w.methodSymbol(goja.SymIterator, "[Symbol.iterator]", func(call goja.FunctionCall) goja.Value {
			s := size(call.This)
			return r.newIterator("Widget Iterator", s.size, func(i int) goja.Value { return r.rt.ToValue(i) })
		})
		w.global()
		r.newClass("Gadget", 0, nil).extends(w)
		require.NoError(t, r.rt.Set("makeGadget", func() goja.Value { return r.newInstance("Gadget", &gadget{widget{size: 3}}) }))
	})
	return tr
}

func TestClassBuilder(t *testing.T) {
	runSnippetsIn(t, newClassRealm(t), []snippet{
		{name: "constructor", js: `const w = new Widget(4);
			return [w.size, w.double, w instanceof Widget, Object.prototype.toString.call(w), Widget.name, Widget.length];`,
			want: []any{int64(4), int64(8), true, "[object Widget]", "Widget", int64(1)}},
		{name: "constructor throws its error", js: `new Widget(-1);`, wantErr: "RangeError: size must not be negative"},
		{name: "methods live on the prototype", js: `const w = new Widget(1);
			const d = Object.getOwnPropertyDescriptor(Widget.prototype, "grow");
			return [w.grow(2), Object.keys(w).length, Object.hasOwn(w, "grow"), d.writable, d.enumerable, d.configurable, w.grow.name, w.grow.length];`,
			want: []any{int64(3), int64(0), false, true, true, true, "grow", int64(1)}},
		{name: "accessors live on the prototype", js: `const w = new Widget(1);
			w.size = 7;
			const d = Object.getOwnPropertyDescriptor(Widget.prototype, "size");
			const g = Object.getOwnPropertyDescriptor(Widget.prototype, "double");
			return [w.size, typeof d.get, typeof d.set, d.get.name, d.set.name, g.set, d.enumerable, d.configurable];`,
			want: []any{int64(7), "function", "function", "get size", "set size", nil, true, true}},
		{name: "a read-only accessor ignores assignment", js: `const w = new Widget(2); w.double = 100; return w.double;`, want: int64(4)},
		{name: "brand check on methods", js: `Widget.prototype.grow.call({}, 1);`, wantErr: "TypeError: Illegal invocation"},
		{name: "brand check on getters", js: `Object.getOwnPropertyDescriptor(Widget.prototype, "double").get.call(new Date());`, wantErr: "TypeError: Illegal invocation"},
		{name: "brand check on the prototype itself", js: `Widget.prototype.grow(1);`, wantErr: "TypeError: Illegal invocation"},
		{name: "the state slot is out of reach", js: `const w = new Widget(1);
			return [Object.getOwnPropertySymbols(w).length, Reflect.ownKeys(w).length, JSON.stringify(w)];`,
			want: []any{int64(1), int64(1), "{}"}},
		{name: "statics and constants", js: `const w = Widget.of(5);
			const d = Object.getOwnPropertyDescriptor(Widget, "MAX");
			return [w.size, Widget.MAX, w.MAX, d.writable, d.enumerable, d.configurable];`,
			want: []any{int64(5), int64(10), int64(10), false, true, false}},
		{name: "iterator", js: `return [...new Widget(3)];`, want: []any{int64(0), int64(1), int64(2)}},
		{name: "iterator shape", js: `const it = new Widget(1)[Symbol.iterator]();
			return [Object.prototype.toString.call(it), it[Symbol.iterator]() === it, JSON.stringify(it.next()), JSON.stringify(it.next())];`,
			want: []any{"[object Widget Iterator]", true, `{"value":0,"done":false}`, `{"done":true}`}},
		{name: "global is not enumerable", js: `const d = Object.getOwnPropertyDescriptor(globalThis, "Widget");
			return [d.writable, d.enumerable, d.configurable];`, want: []any{true, false, true}},
		{name: "subclass built by the runtime", js: `const g = makeGadget();
			return [g instanceof Widget, g.size, g.grow(1), Object.prototype.toString.call(g), Object.getPrototypeOf(g.constructor) === Widget, typeof globalThis.Gadget];`,
			want: []any{true, int64(3), int64(4), "[object Gadget]", true, "undefined"}},
		{name: "a class without construct is not constructible", js: `const C = makeGadget().constructor; new C();`, wantErr: "TypeError: Illegal constructor"},
		{name: "user subclasses keep the state", js: `class Big extends Widget { constructor() { super(9); this.extra = 1; } }
			const b = new Big();
			return [b.size, b.extra, b instanceof Big, b instanceof Widget, Object.keys(b)];`,
			want: []any{int64(9), int64(1), true, true, []any{"extra"}}},
	})
}
