package v8serial

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

const pointClass = `class Point { constructor(x, y, label) { this.x = x; this.y = y; this.label = label; } }`

// pointHost encodes Point instances as host objects the way workerd encodes its API types (a type tag,
// then fields, nested values through WriteValue), and functions as numbered stubs.
type pointHost struct {
	offered   []string // ClassName of every object the hook was asked about
	functions []goja.Value
}

const (
	hostTagPoint    = 1
	hostTagFunction = 2
)

func (h *pointHost) options(rt *goja.Runtime) *Options {
	return &Options{
		HostObject: func(w *HostWriter, obj *goja.Object) (bool, error) {
			h.offered = append(h.offered, obj.ClassName())
			if _, ok := goja.AssertFunction(obj); ok {
				w.WriteUint32(hostTagFunction)
				w.WriteUint64(uint64(len(h.functions)))
				h.functions = append(h.functions, obj)
				return true, nil
			}
			if ctor, ok := obj.Get("constructor").(*goja.Object); !ok || ctor.Get("name").String() != "Point" {
				return false, nil
			}
			w.WriteUint32(hostTagPoint)
			w.WriteDouble(obj.Get("x").ToFloat())
			w.WriteDouble(obj.Get("y").ToFloat())
			w.WriteRawBytes([]byte{0xAB})
			return true, w.WriteValue(obj.Get("label"))
		},
		ReadHostObject: func(r *HostReader) (*goja.Object, error) {
			tag, err := r.ReadUint32()
			if err != nil {
				return nil, err
			}
			switch tag {
			case hostTagFunction:
				n, err := r.ReadUint64()
				if err != nil {
					return nil, err
				}
				return r.Runtime().ToValue(func(goja.FunctionCall) goja.Value {
					return r.Runtime().ToValue(n)
				}).ToObject(r.Runtime()), nil
			case hostTagPoint:
				x, _ := r.ReadDouble()
				y, _ := r.ReadDouble()
				marker, err := r.ReadRawBytes(1)
				if err != nil || marker[0] != 0xAB {
					return nil, errors.New("bad marker")
				}
				label, err := r.ReadValue()
				if err != nil {
					return nil, err
				}
				return r.Runtime().New(rt.Get("Point"), rt.ToValue(x), rt.ToValue(y), label)
			}
			return nil, errors.New("unknown host tag")
		},
	}
}

func TestHostObjectsRoundTrip(t *testing.T) {
	rt := newRuntime(t)
	_, err := rt.RunString(pointClass)
	require.NoError(t, err)
	h := &pointHost{}
	opts := h.options(rt)
	v := eval(t, rt, `(() => {
		const p = new Point(1.5, -2, { name: "p" });
		return { p, again: p, f: () => 1, plain: { n: 1 }, list: [new Map(), new Date(0)],
			other: new (class Other { constructor() { this.o = 1; } })() };
	})()`)
	data, err := Serialize(rt, v, opts)
	require.NoError(t, err)
	// Only the Point, the function and the Other instance were offered to the hook.
	require.Equal(t, []string{"Object", "Function", "Object"}, h.offered)

	got, err := Deserialize(rt, data, opts)
	require.NoError(t, err)
	require.NoError(t, rt.Set("got", got))
	_, err = rt.RunString(`
		if (!(got.p instanceof Point) || got.p.x !== 1.5 || got.p.y !== -2 || got.p.label.name !== "p") throw new Error("point");
		if (got.again !== got.p) throw new Error("host object identity");
		if (typeof got.f !== "function" || got.f() !== 0) throw new Error("function stub");
		if (Object.getPrototypeOf(got.other) !== Object.prototype || got.other.o !== 1) throw new Error("declined instance");
		if (!(got.list[0] instanceof Map) || got.plain.n !== 1) throw new Error("the rest");
	`)
	require.NoError(t, err)
}

func TestHostObjectBytes(t *testing.T) {
	rt := newRuntime(t)
	h := &pointHost{}
	data, err := Serialize(rt, eval(t, rt, `[() => 1]`), h.options(rt))
	require.NoError(t, err)
	// A dense array holding host object '\' with payload: tag 2, stub number 0.
	require.Equal(t, "ff0f41015c0200240001", hex.EncodeToString(data))
}

func TestHostObjectErrors(t *testing.T) {
	rt := newRuntime(t)
	refuse := &DataCloneError{Message: `Could not serialize object of type "Pt". This type does not support serialization.`}
	for _, tc := range []struct {
		name string
		hook func(*HostWriter, *goja.Object) (bool, error)
		want error
	}{
		{"error is returned as is", func(*HostWriter, *goja.Object) (bool, error) { return false, refuse }, refuse},
		{"declining after writing", func(w *HostWriter, _ *goja.Object) (bool, error) {
			w.WriteUint32(1)
			return false, nil
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Serialize(rt, eval(t, rt, `new (class Pt {})()`), &Options{HostObject: tc.hook})
			require.Error(t, err)
			if tc.want != nil {
				require.Same(t, tc.want, err)
			}
		})
	}

	data := mustHex(t, "ff0f 5c 01")
	_, err := Deserialize(rt, data, &Options{ReadHostObject: func(*HostReader) (*goja.Object, error) { return nil, nil }})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Deserialize(rt, data, &Options{ReadHostObject: func(r *HostReader) (*goja.Object, error) {
		_, err := r.ReadRawBytes(-1)
		return nil, err
	}})
	require.ErrorIs(t, err, ErrInvalid)
}

func TestErrorsToHost(t *testing.T) {
	rt := newRuntime(t)
	_, err := rt.RunString(`class AppError extends Error {}`)
	require.NoError(t, err)
	var offered []string
	opts := &Options{
		ErrorsToHost: true,
		HostObject: func(w *HostWriter, obj *goja.Object) (bool, error) {
			offered = append(offered, obj.Get("message").String())
			if obj.Get("constructor").(*goja.Object).Get("name").String() != "AppError" {
				return false, nil
			}
			w.WriteUint32(7)
			return true, w.WriteValue(obj.Get("message"))
		},
		ReadHostObject: func(r *HostReader) (*goja.Object, error) {
			if tag, err := r.ReadUint32(); err != nil || tag != 7 {
				return nil, errors.New("unknown host tag")
			}
			msg, err := r.ReadValue()
			if err != nil {
				return nil, err
			}
			return r.Runtime().New(rt.Get("AppError"), msg)
		},
	}
	v := eval(t, rt, `[new AppError("app"), new RangeError("range")]`)
	data, err := Serialize(rt, v, opts)
	require.NoError(t, err)
	require.Equal(t, []string{"app", "range"}, offered)
	got, err := Deserialize(rt, data, opts)
	require.NoError(t, err)
	require.NoError(t, rt.Set("got", got))
	_, err = rt.RunString(`
		if (!(got[0] instanceof AppError) || got[0].message !== "app") throw new Error("host error");
		if (!(got[1] instanceof RangeError) || got[1].message !== "range") throw new Error("declined error");
	`)
	require.NoError(t, err)

	// Without the option, errors are never offered.
	offered = nil
	_, err = Serialize(rt, v, &Options{HostObject: opts.HostObject})
	require.NoError(t, err)
	require.Empty(t, offered)
}
