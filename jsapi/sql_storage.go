package jsapi

// SqlStorage — ctx.storage.sql (workerd api/sql.{h,c++}): exec() returning
// a cursor, and databaseSize. The statements, their cache, the implicit
// transaction and the authorizer belong to the runtime (runtime/storage);
// this file converts bindings and rows.
//
//   - Bindings are workerd's BindingValue: null/undefined → NULL, numbers →
//     REAL (always a double, 7 included), strings → TEXT, ArrayBuffer and
//     views → BLOB; BigInt and Symbol are TypeErrors; anything else is
//     converted to a string ("true", "[object Object]"…).
//   - Results: INTEGER and REAL → number (64-bit integers rounded to a
//     double), TEXT → string, BLOB → ArrayBuffer, NULL → null.
//   - The cursor is an iterator of row objects (a later duplicate column
//     name wins), its raw() an iterator of arrays over the same rows;
//     next()'s final result is {done: true} without a value.
//
// Missing: prepare() and ingest() (experimental in workerd), the
// "result set too large" check of toArray().

import (
	"github.com/dop251/goja"
)

// SQLStorage is the SQL API of an object's storage. The ObjectStorage a
// SQLite-backed object's state returns implements it.
type SQLStorage interface {
	// Exec runs query; each binding is nil, float64, string or []byte.
	Exec(query string, bindings []any) (SQLCursor, error)
	DatabaseSize() (int64, error)
}

// SQLCursor reads the rows of one Exec.
type SQLCursor interface {
	Columns() []string
	// HasRow reports whether a row is loaded for the Column methods.
	HasRow() bool
	ColumnType(i int) int // one of the sqlType constants
	ColumnInt64(i int) int64
	ColumnFloat(i int) float64
	ColumnText(i int) string
	ColumnBlob(i int) []byte
	// Advance loads the next row, if any.
	Advance() error
	// Close ends the statement early.
	Close()
	RowsRead() int64
	RowsWritten() int64
}

// SQLite's fundamental datatype codes, as SQLCursor.ColumnType returns them.
const (
	sqlInteger = 1
	sqlFloat   = 2
	sqlText    = 3
	sqlBlob    = 4
	sqlNull    = 5
)

// errSQLNotEnabled is workerd's text for the SQL API of a KV-backed class
// (local workerd; api/actor-state.c++ getSqliteDb).
const errSQLNotEnabled = "SQL is not enabled for this Durable Object class. To enable it, change " +
	"`new_classes` to `new_sqlite_classes` within the 'migrations' field in " +
	"your wrangler.jsonc or wrangler.toml file. If using workerd directly," +
	"set `enableSql = true` in your workerd config for the class. Note " +
	"that this change cannot be made after the class is " +
	"already deployed to production."

type sqlStorage struct {
	r     *Realm
	state ObjectState
}

// sqlCursor is a cursor's JS-side state: the column names as JS strings,
// made once.
type sqlCursor struct {
	cur     SQLCursor
	names   []goja.Value
	columns goja.Value // the columnNames array, made when first read
}

func installSQLStorage(r *Realm) {
	c := r.newClass("SqlStorage", 0, nil)
	c.method("exec", 1, func(call goja.FunctionCall) goja.Value {
		st := unwrap[*sqlStorage](r, call.This)
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to execute 'exec' on 'SqlStorage': parameter 1 is not of type 'JsString'."))
		}
		query := r.toJSString(call.Arguments[0]).String()
		bindings := make([]any, len(call.Arguments)-1)
		for i, v := range call.Arguments[1:] {
			bindings[i] = r.sqlBinding(v)
		}
		s := st.sql()
		cur, err := s.Exec(query, bindings)
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		return r.newSQLCursor(cur)
	})
	c.getter("databaseSize", func(this goja.Value) goja.Value {
		n, err := unwrap[*sqlStorage](r, this).sql().DatabaseSize()
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		return r.rt.ToValue(n)
	})
	cursor := installSQLCursor(r)
	must(c.ctor.DefineDataProperty("Cursor", cursor.ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
}

// sql returns the object's SQL storage, or throws workerd's error for a
// KV-backed class.
func (s *sqlStorage) sql() SQLStorage {
	r := s.r
	if !s.state.SQLEnabled() {
		panic(r.NewError(errSQLNotEnabled))
	}
	st, err := s.state.Storage()
	if err != nil {
		panic(r.NewError(err.Error()))
	}
	sq, ok := st.(SQLStorage)
	if !ok {
		panic(r.NewError(errSQLNotEnabled))
	}
	return sq
}

// sqlBinding converts one exec() argument as workerd's BindingValue does.
func (r *Realm) sqlBinding(v goja.Value) any {
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	switch {
	case goja.IsNumber(v):
		return v.ToFloat()
	case goja.IsString(v):
		return v.String()
	case goja.IsBigInt(v):
		panic(r.newTypeError("Cannot convert a BigInt value to a number"))
	}
	if b, ok := r.bufferSourceBytes(v); ok {
		return b
	}
	return r.toJSString(v).String()
}

func installSQLCursor(r *Realm) *class {
	c := r.newClass("SqlStorageCursor", 0, nil)
	get := func(this goja.Value) *sqlCursor { return unwrap[*sqlCursor](r, this) }
	c.method("next", 0, func(call goja.FunctionCall) goja.Value {
		row, ok := r.sqlNext(get(call.This), false)
		return r.iterResult(row, ok)
	})
	c.method("toArray", 0, func(call goja.FunctionCall) goja.Value {
		return r.sqlRest(get(call.This), false)
	})
	c.method("one", 0, func(call goja.FunctionCall) goja.Value {
		sc := get(call.This)
		row, ok := r.sqlNext(sc, false)
		if !ok {
			panic(r.NewError("Expected exactly one result from SQL query, but got no results."))
		}
		if sc.cur.HasRow() {
			sc.cur.Close()
			panic(r.NewError("Expected exactly one result from SQL query, but got multiple results."))
		}
		return row
	})
	c.method("raw", 0, func(call goja.FunctionCall) goja.Value {
		return r.newRowIterator(get(call.This), true)
	})
	c.methodSymbol(goja.SymIterator, "[Symbol.iterator]", func(call goja.FunctionCall) goja.Value {
		return r.newRowIterator(get(call.This), false)
	})
	c.getter("columnNames", func(this goja.Value) goja.Value {
		sc := get(this)
		if sc.columns == nil {
			sc.columns = r.rt.NewArray(toAny(sc.names)...)
		}
		return sc.columns
	})
	c.getter("rowsRead", func(this goja.Value) goja.Value {
		return r.rt.ToValue(get(this).cur.RowsRead())
	})
	c.getter("rowsWritten", func(this goja.Value) goja.Value {
		return r.rt.ToValue(get(this).cur.RowsWritten())
	})
	installRowIterator(r, "SqlStorageCursor RowIterator")
	installRowIterator(r, "SqlStorageCursor RawIterator")
	return c
}

func (r *Realm) newSQLCursor(cur SQLCursor) *goja.Object {
	cols := cur.Columns()
	sc := &sqlCursor{cur: cur, names: make([]goja.Value, len(cols))}
	for i, n := range cols {
		sc.names[i] = r.rt.ToValue(n)
	}
	return r.newInstance("SqlStorageCursor", sc)
}

func toAny(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// sqlNext reads the loaded row, as an object or (raw) an array, and loads
// the next one: a cursor is always one row ahead, so that reading the last
// row finishes the statement.
func (r *Realm) sqlNext(sc *sqlCursor, raw bool) (goja.Value, bool) {
	cur := sc.cur
	if !cur.HasRow() {
		return nil, false
	}
	var row goja.Value
	if raw {
		vals := make([]any, len(sc.names))
		for i := range vals {
			vals[i] = r.sqlValue(cur, i)
		}
		row = r.rt.NewArray(vals...)
	} else {
		o := r.rt.NewObject()
		for i, name := range sc.names {
			must(o.Set(name.String(), r.sqlValue(cur, i)))
		}
		row = o
	}
	if err := cur.Advance(); err != nil {
		panic(r.NewError(err.Error()))
	}
	return row, true
}

// sqlRest reads every remaining row into an array.
func (r *Realm) sqlRest(sc *sqlCursor, raw bool) goja.Value {
	var rows []any
	for {
		row, ok := r.sqlNext(sc, raw)
		if !ok {
			return r.rt.NewArray(rows...)
		}
		rows = append(rows, row)
	}
}

// sqlValue converts column i of the loaded row.
func (r *Realm) sqlValue(cur SQLCursor, i int) goja.Value {
	switch cur.ColumnType(i) {
	case sqlInteger:
		return r.rt.ToValue(float64(cur.ColumnInt64(i)))
	case sqlFloat:
		return r.rt.ToValue(cur.ColumnFloat(i))
	case sqlText:
		return r.rt.ToValue(cur.ColumnText(i))
	case sqlBlob:
		return r.rt.ToValue(r.rt.NewArrayBuffer(cur.ColumnBlob(i)))
	}
	return goja.Null()
}

// iterResult makes {value, done: false}, or {done: true} without a value
// as workerd's JSG iterators end.
func (r *Realm) iterResult(v goja.Value, ok bool) goja.Value {
	res := r.rt.NewObject()
	if !ok {
		must(res.Set("done", true))
		return res
	}
	must(res.Set("done", false))
	must(res.Set("value", v))
	return res
}

// rowIterator is cursor[Symbol.iterator]() and cursor.raw(): iterators over
// the cursor's remaining rows, sharing its position.
type rowIterator struct {
	sc  *sqlCursor
	raw bool
}

func installRowIterator(r *Realm, tag string) {
	proto := r.rt.CreateObject(r.in.iteratorProto)
	must(proto.DefineDataProperty("next", r.function("next", 0, func(call goja.FunctionCall) goja.Value {
		it := unwrap[*rowIterator](r, call.This)
		row, ok := r.sqlNext(it.sc, it.raw)
		return r.iterResult(row, ok)
	}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
	// V8's iterator helpers give workerd's iterators toArray(); goja has
	// none, and code calls cursor.raw().toArray().
	must(proto.DefineDataProperty("toArray", r.function("toArray", 0, func(call goja.FunctionCall) goja.Value {
		it := unwrap[*rowIterator](r, call.This)
		return r.sqlRest(it.sc, it.raw)
	}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
	must(proto.DefineDataPropertySymbol(goja.SymToStringTag, r.rt.ToValue(tag), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	r.protos[tag] = proto
}

func (r *Realm) newRowIterator(sc *sqlCursor, raw bool) *goja.Object {
	tag := "SqlStorageCursor RowIterator"
	if raw {
		tag = "SqlStorageCursor RawIterator"
	}
	return r.newInstance(tag, &rowIterator{sc: sc, raw: raw})
}
