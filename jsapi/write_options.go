package jsapi

import (
	"github.com/dop251/goja"
)

// UnconfirmedWriter is implemented by storage that honours the
// allowUnconfirmed option of put() and delete(): the writes fn makes do not
// hold the object's outputs until they are committed.
type UnconfirmedWriter interface {
	Unconfirmed(fn func())
}

// write runs fn, which writes to s, with the write options opts (the
// options argument of put() or delete(), possibly undefined).
// allowUnconfirmed is honoured; noCache is accepted and means nothing
// here, as storage has no cache in front of SQLite.
func (r *Realm) write(s ObjectStorage, opts goja.Value, fn func()) {
	o, ok := opts.(*goja.Object)
	if !ok {
		fn()
		return
	}
	u, ok := s.(UnconfirmedWriter)
	if v := o.Get("allowUnconfirmed"); ok && v != nil && v.ToBoolean() {
		u.Unconfirmed(fn)
		return
	}
	fn()
}
