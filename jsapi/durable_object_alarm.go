package jsapi

// Durable Object alarms, the JS side (workerd api/actor-state.{h,c++},
// api/global-scope.{h,c++}): ctx.storage.getAlarm/setAlarm/deleteAlarm, and
// the call of the object's alarm(alarmInfo) handler. The scheduling, the
// retries and the "no alarm while its handler runs" rule belong to the
// runtime (runtime/actor, runtime/isolate), reached through ObjectAlarm.
//
// Missing: the options (allowConcurrency, allowUnconfirmed) are accepted
// and ignored, as kindling's storage never leaves a gate open; the alarm
// methods of storage.transaction()'s txn come with transactions.

import (
	"errors"
	"math"
	"reflect"
	"time"

	"github.com/dop251/goja"
)

// ObjectAlarm is the alarm of one Durable Object instance. Its methods run
// on the realm's loop, against the object's storage.
type ObjectAlarm interface {
	// GetAlarm returns the alarm time, or false if none is set (or its
	// handler is running and set no new one).
	GetAlarm() (time.Time, bool, error)
	// SetAlarm sets the alarm; ErrNoAlarmHandler if the object cannot
	// receive it.
	SetAlarm(at time.Time) error
	DeleteAlarm() error
}

// ErrNoAlarmHandler is what SetAlarm returns for an object whose class has
// no alarm() method; it becomes workerd's TypeError.
var ErrNoAlarmHandler = errors.New("Your Durable Object class must have an alarm() handler in order to call setAlarm()")

func installDurableObjectAlarm(r *Realm) {
	c := r.existingClass("DurableObjectStorage")
	// op runs fn against the object's alarm and settles the returned
	// promise with its result; a thrown JS error rejects it.
	op := func(this goja.Value, fn func(a ObjectAlarm) goja.Value) goja.Value {
		st := unwrap[*durableObjectStorage](r, this)
		p, resolve, reject := r.rt.NewPromise()
		if ex := r.rt.Try(func() {
			if _, err := st.state.Storage(); err != nil {
				panic(r.NewError(err.Error()))
			}
			a, ok := st.state.(ObjectAlarm)
			if !ok {
				panic(r.NewError("alarms are not available to this object"))
			}
			must(resolve(fn(a)))
		}); ex != nil {
			must(reject(ex.Value()))
		}
		return r.rt.ToValue(p)
	}
	c.method("getAlarm", 0, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(a ObjectAlarm) goja.Value {
			at, ok, err := a.GetAlarm()
			r.throwStorageError(err)
			if !ok {
				return goja.Null()
			}
			// workerd answers whole milliseconds (kj::Date / MILLISECONDS).
			return r.rt.ToValue(at.UnixNano() / int64(time.Millisecond))
		})
	})
	c.method("setAlarm", 1, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(a ObjectAlarm) goja.Value {
			at := r.alarmTime(call.Argument(0))
			if err := a.SetAlarm(at); errors.Is(err, ErrNoAlarmHandler) {
				panic(r.newTypeError(err.Error()))
			} else {
				r.throwStorageError(err)
			}
			return goja.Undefined()
		})
	})
	c.method("deleteAlarm", 0, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(a ObjectAlarm) goja.Value {
			r.throwStorageError(a.DeleteAlarm())
			return goja.Undefined()
		})
	})
}

func (r *Realm) throwStorageError(err error) {
	if err != nil {
		panic(r.NewError(err.Error()))
	}
}

// alarmTime converts setAlarm's argument as workerd's kj::Date parameter
// does (jsg/value.h): a number of milliseconds or a Date, truncated to the
// millisecond, within what nanoseconds in an int64 can hold; then refuses
// times at or before the epoch (DurableObjectStorageOperations::setAlarm).
func (r *Realm) alarmTime(v goja.Value) time.Time {
	var ms float64
	switch o := v.(type) {
	case *goja.Object:
		if o.ClassName() != "Date" {
			panic(r.newTypeError("Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'."))
		}
		ms = o.ToFloat()
	default:
		if goja.IsUndefined(v) || goja.IsNull(v) || !isNumber(v) {
			panic(r.newTypeError("Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'."))
		}
		ms = v.ToFloat()
	}
	if math.IsNaN(ms) || math.IsInf(ms, 0) {
		panic(r.newTypeError("The value cannot be converted because it is not a valid Date."))
	}
	if ns := ms * 1e6; ns >= math.MaxInt64 {
		panic(r.newTypeError("This API doesn't support dates after 2189."))
	} else if ns <= math.MinInt64 {
		panic(r.newTypeError("This API doesn't support dates before 1687."))
	}
	whole := int64(ms)
	if whole <= 0 {
		panic(r.newTypeError("setAlarm() cannot be called with an alarm time <= 0"))
	}
	return time.UnixMilli(whole)
}

// isNumber reports whether v is a JS number (not a BigInt, string…).
func isNumber(v goja.Value) bool {
	t := v.ExportType()
	return t != nil && (t.Kind() == reflect.Int64 || t.Kind() == reflect.Float64)
}

// InvokeAlarm calls obj.alarm(alarmInfo) for the alarm scheduled at at, on
// its retryCount-th retry, and reports the outcome: nil, or a *ScriptError
// for an exception or a rejection.
func (r *Realm) InvokeAlarm(obj *goja.Object, at time.Time, retryCount int, done func(error)) {
	fail := func(thrown goja.Value) { done(r.NewScriptError(thrown)) }
	fn, ok := goja.AssertFunction(obj.Get("alarm"))
	if !ok {
		fail(r.NewError("Handler does not export an alarm() function."))
		return
	}
	result, err := fn(obj, r.newAlarmInvocationInfo(at, retryCount))
	if err != nil {
		fail(r.ExceptionValue(err))
		return
	}
	r.Await(result, func(goja.Value) { done(nil) }, fail)
}

// HasAlarmHandler reports whether obj has an alarm() method.
func (r *Realm) HasAlarmHandler(obj *goja.Object) bool {
	_, ok := goja.AssertFunction(obj.Get("alarm"))
	return ok
}

// newAlarmInvocationInfo builds the handler's argument: read-only own
// properties, in the order workerd's object shows them when spread.
func (r *Realm) newAlarmInvocationInfo(at time.Time, retryCount int) *goja.Object {
	info := r.rt.NewObject()
	for _, p := range []struct {
		name  string
		value any
	}{
		{"scheduledTime", at.UnixNano() / int64(time.Millisecond)},
		{"retryCount", retryCount},
		{"isRetry", retryCount > 0},
	} {
		must(info.DefineDataProperty(p.name, r.rt.ToValue(p.value), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	}
	return info
}
