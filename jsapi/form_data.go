package jsapi

// FormData (https://xhr.spec.whatwg.org/#interface-formdata) as workerd has
// it: entries of strings and Files, a Blob appended becoming a File named
// after the filename given or else the entry's name. The multipart and
// urlencoded formats it is written in and read from are in multipart.go.

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/dop251/goja"
)

// formEntry is one entry: a string value, or a File object.
type formEntry struct {
	name  string
	value string
	file  *goja.Object
}

type formData struct {
	entries []formEntry
}

func (f *formData) delete(name string) {
	kept := f.entries[:0]
	for _, e := range f.entries {
		if e.name != name {
			kept = append(kept, e)
		}
	}
	f.entries = kept
}

// set replaces the first entry named like e and removes the others, or
// appends e.
func (f *formData) set(e formEntry) {
	for i := range f.entries {
		if f.entries[i].name == e.name {
			f.entries[i] = e
			rest := &formData{entries: f.entries[i+1:]}
			rest.delete(e.name)
			f.entries = append(f.entries[:i+1], rest.entries...)
			return
		}
	}
	f.entries = append(f.entries, e)
}

func installFormData(r *Realm) {
	c := r.newClass("FormData", 0, func(call goja.ConstructorCall) any { return &formData{} })
	get := func(this goja.Value) *formData { return unwrap[*formData](r, this) }
	c.method("append", 2, func(call goja.FunctionCall) goja.Value {
		fd := get(call.This)
		fd.entries = append(fd.entries, r.formEntry(call))
		return goja.Undefined()
	})
	c.method("set", 2, func(call goja.FunctionCall) goja.Value {
		get(call.This).set(r.formEntry(call))
		return goja.Undefined()
	})
	c.method("delete", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This).delete(r.usvString(call.Argument(0)))
		return goja.Undefined()
	})
	c.method("get", 1, func(call goja.FunctionCall) goja.Value {
		fd := get(call.This)
		name := r.usvString(call.Argument(0))
		for _, e := range fd.entries {
			if e.name == name {
				return r.formValue(e)
			}
		}
		return goja.Null()
	})
	c.method("getAll", 1, func(call goja.FunctionCall) goja.Value {
		fd := get(call.This)
		name := r.usvString(call.Argument(0))
		var out []any
		for _, e := range fd.entries {
			if e.name == name {
				out = append(out, r.formValue(e))
			}
		}
		return r.rt.NewArray(out...)
	})
	c.method("has", 1, func(call goja.FunctionCall) goja.Value {
		name := r.usvString(call.Argument(0))
		for _, e := range get(call.This).entries {
			if e.name == name {
				return r.rt.ToValue(true)
			}
		}
		return r.rt.ToValue(false)
	})
	iterate := func(this goja.Value, item func(e formEntry) goja.Value) goja.Value {
		entries := append([]formEntry(nil), get(this).entries...)
		return r.newIterator("FormData Iterator", len(entries), func(i int) goja.Value { return item(entries[i]) })
	}
	entries := func(call goja.FunctionCall) goja.Value {
		return iterate(call.This, func(e formEntry) goja.Value { return r.rt.NewArray(e.name, r.formValue(e)) })
	}
	c.method("entries", 0, entries)
	c.method("keys", 0, func(call goja.FunctionCall) goja.Value {
		return iterate(call.This, func(e formEntry) goja.Value { return r.rt.ToValue(e.name) })
	})
	c.method("values", 0, func(call goja.FunctionCall) goja.Value {
		return iterate(call.This, func(e formEntry) goja.Value { return r.formValue(e) })
	})
	c.method("forEach", 1, func(call goja.FunctionCall) goja.Value {
		fd := get(call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'."))
		}
		thisArg := call.Argument(1)
		// Entries appended by the callback are visited too, as in workerd.
		for i := 0; i < len(fd.entries); i++ {
			e := fd.entries[i]
			if _, err := fn(thisArg, r.formValue(e), r.rt.ToValue(e.name), call.This); err != nil {
				panic(err)
			}
		}
		return goja.Undefined()
	})
	c.methodSymbol(goja.SymIterator, "entries", entries)
	c.global()
}

// formEntry converts the arguments of append and set: a Blob becomes a
// File, anything else a string (a filename then being ignored).
func (r *Realm) formEntry(call goja.FunctionCall) formEntry {
	if len(call.Arguments) < 2 {
		panic(r.newTypeError("Failed to execute 'append' on 'FormData': 2 arguments required."))
	}
	name := r.usvString(call.Argument(0))
	v := call.Argument(1)
	bp, isBlob := stateOf(v).(blobPart)
	if !isBlob {
		return formEntry{name: name, value: r.usvString(v)}
	}
	filename, hasFilename := "", len(call.Arguments) > 2 && !goja.IsUndefined(call.Argument(2))
	if hasFilename {
		filename = r.usvString(call.Argument(2))
	}
	if _, isFile := bp.(*file); isFile && !hasFilename {
		return formEntry{name: name, file: v.(*goja.Object)}
	}
	if !hasFilename {
		filename = name
	}
	b := bp.blobPart()
	f := r.newFile(&file{blob: blob{data: b.data, typ: b.typ}, name: filename, lastModified: nowMillis()})
	return formEntry{name: name, file: f}
}

func (r *Realm) formValue(e formEntry) goja.Value {
	if e.file != nil {
		return e.file
	}
	return r.rt.ToValue(e.value)
}

// usvString converts v to a string as Web IDL's USVString does: lone
// surrogates become U+FFFD.
func (r *Realm) usvString(v goja.Value) string {
	return string(encodeUTF8(r.toJSString(v)))
}

func (r *Realm) newFormDataObject(fd *formData) *goja.Object { return r.newInstance("FormData", fd) }

// newBoundary returns a multipart boundary: 32 random hex digits, as
// workerd makes them.
func newBoundary() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// serializeFormData writes fd as a multipart/form-data body.
func (r *Realm) serializeFormData(fd *formData, boundary string) []byte {
	parts := make([]formPart, len(fd.entries))
	for i, e := range fd.entries {
		parts[i] = formPart{name: e.name, value: []byte(e.value)}
		if e.file != nil {
			f := unwrap[*file](r, e.file)
			parts[i] = formPart{name: e.name, filename: &f.name, contentType: f.typ, value: f.data}
		}
	}
	data, err := encodeMultipart(parts, boundary)
	if err != nil {
		panic(r.newTypeError(err.Error()))
	}
	return data
}

// formDataFromParts builds a FormData from parsed parts: those with a
// filename become Files.
func (r *Realm) formDataFromParts(parts []formPart) *formData {
	fd := &formData{entries: make([]formEntry, len(parts))}
	for i, p := range parts {
		if p.filename == nil {
			fd.entries[i] = formEntry{name: p.name, value: decodeUTF8Keep(p.value)}
			continue
		}
		f := &file{blob: blob{data: p.value, typ: p.contentType}, name: *p.filename, lastModified: nowMillis()}
		fd.entries[i] = formEntry{name: p.name, file: r.newFile(f)}
	}
	return fd
}
