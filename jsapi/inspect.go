package jsapi

// The value formatter behind console.log: Node's util.inspect and
// util.format, which workerd carries as node-internal:internal_inspect and
// runs for every console message it prints locally (Worker::handleLog calls
// its formatLog). The output is what `wrangler dev` prints: strings raw at
// the top level and quoted inside objects, `{ a: 1, b: [ 1, 2 ] }`, nesting
// cut at depth 2 as `[Object]`, `Map(1) { 'a' => 1 }`, `Foo { x: 1 }`,
// arrays of more than six short items grouped in columns, `<ref *1>` and
// `[Circular *1]`, errors as their stack, and workerd's addition: API
// objects (Request, Headers, Event…) shown with the values of their getters,
// `Headers(1) { 'a' => '1' }` for those with entries().
//
// The layout (quoting, escaping, line breaking, grouping) is plain Go at
// the bottom of this file; the walker above it reads goja values.
//
// Missing: colors, showProxy, `compact: true` (treated as 3), sorted, the
// getters option, previews of Map and Set iterators and of WeakMap/WeakSet
// contents (goja cannot read them without consuming them), and the
// "... n lines matching cause stack trace ..." folding.

import (
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// inspectOptions are the util.inspect options Kindling honours.
type inspectOptions struct {
	depth           int // math.MaxInt for null/Infinity
	showHidden      bool
	breakLength     int
	compact         int
	maxArrayLength  int
	maxStringLength int
	customInspect   bool
}

// The Go types goja's ExportType gives the built-ins it keeps under the
// class name "Object".
var (
	typeOfProxy       = reflect.TypeOf(goja.Proxy{})
	typeOfPromise     = reflect.TypeOf((*goja.Promise)(nil))
	typeOfArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeOfMap         = reflect.TypeOf([][2]any(nil))
	typeOfSet         = reflect.TypeOf([]any(nil))
	typeOfString      = reflect.TypeOf("")
)

var defaultInspectOptions = inspectOptions{
	depth: 2, breakLength: 80, compact: 3,
	maxArrayLength: 100, maxStringLength: 10000, customInspect: true,
}

// inspectIntrinsics are the built-ins the formatter uses, captured when the
// realm is created so user code replacing them does not change the output.
type inspectIntrinsics struct {
	objectProto, errorCtor, dataViewProto, weakMapProto, weakSetProto *goja.Object
	asyncFunctionProto, generatorFunctionProto                        *goja.Object
	getOwnPropertyDescriptor, hasOwnProperty, propertyIsEnumerable    goja.Callable
	functionToString, symbolToString, errorToString                   goja.Callable
	dateGetTime, dateToISOString, dateToString, regexpToString        goja.Callable
	mapEntries, setValues, mapSize, setSize                           goja.Callable
	numberValueOf, stringValueOf, booleanValueOf, bigintValueOf       goja.Callable
	symbolValueOf                                                     goja.Callable
	// customInspect is Symbol.for('nodejs.util.inspect.custom').
	customInspect *goja.Symbol
	// inspectFn is the util.inspect passed to custom inspect functions.
	inspectFn goja.Value
}

func captureInspectIntrinsics(r *Realm) *inspectIntrinsics {
	rt := r.rt
	global := func(name string) *goja.Object { return rt.Get(name).(*goja.Object) }
	proto := func(name string) *goja.Object { return global(name).Get("prototype").(*goja.Object) }
	fn := func(o *goja.Object, name string) goja.Callable {
		f, ok := goja.AssertFunction(o.Get(name))
		if !ok {
			panic("jsapi: missing intrinsic " + name)
		}
		return f
	}
	eval := func(src string) *goja.Object {
		v, err := rt.RunString(src)
		must(err)
		return v.(*goja.Object)
	}
	symbolFor := fn(global("Symbol"), "for")
	sym, err := symbolFor(goja.Undefined(), rt.ToValue("nodejs.util.inspect.custom"))
	must(err)
	getter := func(o *goja.Object, name string) goja.Callable {
		d, err := fn(global("Object"), "getOwnPropertyDescriptor")(goja.Undefined(), o, rt.ToValue(name))
		must(err)
		g, ok := goja.AssertFunction(d.(*goja.Object).Get("get"))
		if !ok {
			panic("jsapi: missing intrinsic getter " + name)
		}
		return g
	}
	in := &inspectIntrinsics{
		objectProto:              proto("Object"),
		errorCtor:                global("Error"),
		dataViewProto:            proto("DataView"),
		weakMapProto:             proto("WeakMap"),
		weakSetProto:             proto("WeakSet"),
		asyncFunctionProto:       eval("Object.getPrototypeOf(async function () {})"),
		generatorFunctionProto:   eval("Object.getPrototypeOf(function* () {})"),
		getOwnPropertyDescriptor: fn(global("Object"), "getOwnPropertyDescriptor"),
		hasOwnProperty:           fn(proto("Object"), "hasOwnProperty"),
		propertyIsEnumerable:     fn(proto("Object"), "propertyIsEnumerable"),
		functionToString:         fn(proto("Function"), "toString"),
		symbolToString:           fn(proto("Symbol"), "toString"),
		errorToString:            fn(proto("Error"), "toString"),
		dateGetTime:              fn(proto("Date"), "getTime"),
		dateToISOString:          fn(proto("Date"), "toISOString"),
		dateToString:             fn(proto("Date"), "toString"),
		regexpToString:           fn(proto("RegExp"), "toString"),
		mapEntries:               fn(proto("Map"), "entries"),
		setValues:                fn(proto("Set"), "values"),
		mapSize:                  getter(proto("Map"), "size"),
		setSize:                  getter(proto("Set"), "size"),
		numberValueOf:            fn(proto("Number"), "valueOf"),
		stringValueOf:            fn(proto("String"), "valueOf"),
		booleanValueOf:           fn(proto("Boolean"), "valueOf"),
		bigintValueOf:            fn(proto("BigInt"), "valueOf"),
		symbolValueOf:            fn(proto("Symbol"), "valueOf"),
		customInspect:            sym.(*goja.Symbol),
	}
	in.inspectFn = r.function("inspect", 2, func(call goja.FunctionCall) goja.Value {
		opts := r.inspectOptionsFrom(call.Argument(1), defaultInspectOptions)
		return r.rt.ToValue(r.inspectWith(in, call.Argument(0), opts))
	})
	return in
}

// inspect formats v as util.inspect(v, opts) would.
func (r *Realm) inspectWith(in *inspectIntrinsics, v goja.Value, opts inspectOptions) string {
	ins := &inspector{r: r, in: in, opts: opts}
	return ins.formatValue(v, 0)
}

// inspectOptionsFrom reads a util.inspect options object over base.
func (r *Realm) inspectOptionsFrom(v goja.Value, base inspectOptions) inspectOptions {
	o, ok := v.(*goja.Object)
	if !ok {
		return base
	}
	num := func(name string, dst *int) {
		x := o.Get(name)
		if x == nil || goja.IsUndefined(x) {
			return
		}
		if goja.IsNull(x) {
			*dst = math.MaxInt
			return
		}
		f := x.ToFloat()
		switch {
		case f != f:
			return
		case f >= math.MaxInt32:
			*dst = math.MaxInt
		default:
			*dst = int(math.Floor(f))
		}
	}
	flag := func(name string, dst *bool) {
		if x := o.Get(name); x != nil && !goja.IsUndefined(x) {
			*dst = x.ToBoolean()
		}
	}
	num("depth", &base.depth)
	num("breakLength", &base.breakLength)
	num("maxArrayLength", &base.maxArrayLength)
	num("maxStringLength", &base.maxStringLength)
	flag("showHidden", &base.showHidden)
	flag("customInspect", &base.customInspect)
	if x := o.Get("compact"); x != nil && !goja.IsUndefined(x) {
		if x.ExportType() == typeOfBool {
			if !x.ToBoolean() {
				base.compact = 0
			}
		} else {
			num("compact", &base.compact)
		}
	}
	return base
}

// Node's three kinds of entries: an object property, an array item, an
// extra property of an array.
const (
	kObjectType = iota
	kArrayType
	kArrayExtrasType
)

type inspector struct {
	r    *Realm
	in   *inspectIntrinsics
	opts inspectOptions

	seen           []*goja.Object
	circular       map[*goja.Object]int
	circularOrder  int
	indentationLvl int
	currentDepth   int
}

func (ins *inspector) call(fn goja.Callable, this goja.Value, args ...goja.Value) goja.Value {
	v, err := fn(this, args...)
	if err != nil {
		panic(err)
	}
	return v
}

func (ins *inspector) formatValue(v goja.Value, recurseTimes int) string {
	o, ok := v.(*goja.Object)
	if !ok {
		if v != nil && goja.IsNull(v) {
			return "null"
		}
		return ins.formatPrimitive(v)
	}
	// Proxies are shown as their target, without running a trap. (Only
	// ExportType is safe on any object: Export runs getters.)
	for o.ExportType() == typeOfProxy {
		t := o.Export().(goja.Proxy).Target()
		if t == nil {
			return "<Revoked Proxy>"
		}
		o = t
	}
	if ins.opts.customInspect {
		if stateOf(o) != nil {
			return ins.formatResource(o, recurseTimes)
		}
		if s, ok := ins.customInspect(o, recurseTimes); ok {
			return s
		}
	}
	for _, s := range ins.seen {
		if s == o {
			if ins.circular == nil {
				ins.circular = make(map[*goja.Object]int)
			}
			idx, ok := ins.circular[o]
			if !ok {
				ins.circularOrder++
				idx = ins.circularOrder
				ins.circular[o] = idx
			}
			return "[Circular *" + strconv.Itoa(idx) + "]"
		}
	}
	return ins.formatRaw(o, recurseTimes)
}

// customInspect calls value[Symbol.for('nodejs.util.inspect.custom')], as
// Node does, unless value is a prototype.
func (ins *inspector) customInspect(o *goja.Object, recurseTimes int) (string, bool) {
	fn, ok := goja.AssertFunction(o.GetSymbol(ins.in.customInspect))
	if !ok {
		return "", false
	}
	if ctor, ok := o.Get("constructor").(*goja.Object); ok {
		if p, ok := ctor.Get("prototype").(*goja.Object); ok && p.SameAs(o) {
			return "", false
		}
	}
	depth := ins.opts.depth
	if depth != math.MaxInt {
		depth -= recurseTimes
	}
	opts := ins.r.rt.NewObject()
	if depth == math.MaxInt {
		must(opts.Set("depth", goja.Null()))
	} else {
		must(opts.Set("depth", depth))
	}
	must(opts.Set("showHidden", ins.opts.showHidden))
	must(opts.Set("colors", false))
	must(opts.Set("customInspect", ins.opts.customInspect))
	must(opts.Set("breakLength", ins.opts.breakLength))
	must(opts.Set("compact", ins.opts.compact))
	must(opts.Set("maxArrayLength", ins.opts.maxArrayLength))
	must(opts.Set("maxStringLength", ins.opts.maxStringLength))
	must(opts.Set("stylize", ins.r.function("stylize", 2, func(call goja.FunctionCall) goja.Value {
		return ins.r.toJSString(call.Argument(0))
	})))
	ret := ins.call(fn, o, opts.Get("depth"), opts, ins.in.inspectFn)
	if ro, ok := ret.(*goja.Object); ok && ro.SameAs(o) {
		return "", false
	}
	if s, ok := ret.(goja.String); ok {
		return strings.ReplaceAll(s.String(), "\n", "\n"+strings.Repeat(" ", ins.indentationLvl)), true
	}
	return ins.formatValue(ret, recurseTimes), true
}

func (ins *inspector) formatPrimitive(v goja.Value) string {
	switch v := v.(type) {
	case nil:
		return "undefined"
	case goja.String:
		units := jsUnits(v)
		trailer := ""
		if len(units) > ins.opts.maxStringLength {
			remaining := len(units) - ins.opts.maxStringLength
			units = units[:ins.opts.maxStringLength]
			trailer = "... " + strconv.Itoa(remaining) + " more character" + plural(remaining)
		}
		if len(units) > 16 && len(units) > ins.opts.breakLength-ins.indentationLvl-4 {
			// Long strings are split after their line breaks.
			var parts []string
			start := 0
			for i, u := range units {
				if u == '\n' {
					parts = append(parts, strEscape(units[start:i+1]))
					start = i + 1
				}
			}
			if start < len(units) {
				parts = append(parts, strEscape(units[start:]))
			}
			return strings.Join(parts, " +\n"+strings.Repeat(" ", ins.indentationLvl+2)) + trailer
		}
		return strEscape(units) + trailer
	case *goja.Symbol:
		return ins.symbolString(v)
	}
	switch typeOf(v) {
	case "number":
		return formatNumber(v)
	case "bigint":
		return v.String() + "n"
	case "boolean":
		if v.ToBoolean() {
			return "true"
		}
		return "false"
	}
	return "undefined"
}

// symbolString is Symbol.prototype.toString: "Symbol(description)".
func (ins *inspector) symbolString(s *goja.Symbol) string {
	return ins.call(ins.in.symbolToString, s).String()
}

// formatNumber writes a number as JS does, -0 included.
func formatNumber(v goja.Value) string {
	f := v.ToFloat()
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return v.String()
}

// jsUnits returns the UTF-16 code units of a JS string.
func jsUnits(s goja.String) []uint16 {
	n := s.Length()
	units := make([]uint16, n)
	for i := range units {
		units[i] = s.CharAt(i)
	}
	return units
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func (ins *inspector) protoChainHas(o, proto *goja.Object) bool {
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if p.SameAs(proto) {
			return true
		}
	}
	return false
}

// constructorName finds the name of the nearest constructor on o's
// prototype chain; ok is false for an object with a null prototype.
func (ins *inspector) constructorName(o *goja.Object) (name string, ok bool) {
	key := ins.r.rt.ToValue("constructor")
	for obj := o; obj != nil; obj = obj.Prototype() {
		desc := ins.descriptor(obj, key)
		if desc == nil {
			continue
		}
		if ctor, isObj := desc.Get("value").(*goja.Object); isObj {
			if _, isFn := goja.AssertFunction(ctor); isFn {
				if n := ctor.Get("name"); n != nil && n.String() != "" && ins.instanceOf(o, ctor) {
					return n.String(), true
				}
			}
		}
	}
	if o.Prototype() == nil {
		return "", false
	}
	return "Object <Complex prototype>", true
}

func (ins *inspector) instanceOf(o, ctor *goja.Object) (res bool) {
	if ex := ins.r.rt.Try(func() { res = ins.r.rt.InstanceOf(o, ctor) }); ex != nil {
		return false
	}
	return res
}

// descriptor is Object.getOwnPropertyDescriptor(o, key), nil if absent.
func (ins *inspector) descriptor(o *goja.Object, key goja.Value) *goja.Object {
	d, _ := ins.call(ins.in.getOwnPropertyDescriptor, goja.Undefined(), o, key).(*goja.Object)
	return d
}

func (ins *inspector) isEnumerable(o *goja.Object, key goja.Value) bool {
	return ins.call(ins.in.propertyIsEnumerable, o, key).ToBoolean()
}

func (ins *inspector) hasOwn(o *goja.Object, key goja.Value) bool {
	return ins.call(ins.in.hasOwnProperty, o, key).ToBoolean()
}

// keys are the properties shown: own enumerable string keys and symbols,
// or all own ones with showHidden.
func (ins *inspector) keys(o *goja.Object) []goja.Value {
	var names []string
	if ins.opts.showHidden {
		names = o.GetOwnPropertyNames()
	} else {
		names = o.Keys()
	}
	out := make([]goja.Value, 0, len(names))
	for _, n := range names {
		out = append(out, ins.r.rt.ToValue(n))
	}
	for _, s := range o.Symbols() {
		if s == slot {
			continue
		}
		if ins.opts.showHidden || ins.isEnumerable(o, s) {
			out = append(out, s)
		}
	}
	return out
}

// nonIndexKeys are keys() without the array indices.
func (ins *inspector) nonIndexKeys(o *goja.Object) []goja.Value {
	var out []goja.Value
	for _, k := range ins.keys(o) {
		if s, ok := k.(goja.String); ok && isArrayIndex(s.String()) {
			continue
		}
		out = append(out, k)
	}
	return out
}

func isArrayIndex(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n < 1<<32-1
}

func removeKey(keys []goja.Value, name string) []goja.Value {
	for i, k := range keys {
		if s, ok := k.(goja.String); ok && s.String() == name {
			return append(keys[:i:i], keys[i+1:]...)
		}
	}
	return keys
}

func hasKey(keys []goja.Value, name string) bool {
	for _, k := range keys {
		if s, ok := k.(goja.String); ok && s.String() == name {
			return true
		}
	}
	return false
}

func (ins *inspector) formatRaw(o *goja.Object, recurseTimes int) string {
	rt := ins.r.rt
	constructor, hasProto := ins.constructorName(o)
	ctorOrNil := &constructor
	if !hasProto {
		ctorOrNil = nil
	}
	tag := ""
	if t, ok := o.GetSymbol(goja.SymToStringTag).(goja.String); ok && t.String() != "" {
		tag = t.String()
		owned := false
		if ins.opts.showHidden {
			owned = ins.hasOwn(o, goja.SymToStringTag)
		} else {
			owned = ins.isEnumerable(o, goja.SymToStringTag)
		}
		if owned {
			tag = ""
		}
	}

	var (
		keys       []goja.Value
		base       string
		braces     [2]string
		extrasType = kObjectType
		formatter  func(recurseTimes int) []string
	)
	exportType := o.ExportType()
	_, isFunc := goja.AssertFunction(o)
	switch {
	case o.ClassName() == "Array":
		prefix := ""
		if constructor != "Array" || tag != "" || !hasProto {
			prefix = getPrefix(ctorOrNil, tag, "Array", "("+strconv.FormatInt(o.Get("length").ToInteger(), 10)+")")
		}
		keys = ins.nonIndexKeys(o)
		braces = [2]string{prefix + "[", "]"}
		if o.Get("length").ToInteger() == 0 && len(keys) == 0 {
			return braces[0] + "]"
		}
		extrasType = kArrayExtrasType
		formatter = func(rt int) []string { return ins.formatArray(o, rt) }
	case exportType == typeOfSet && !isFunc:
		// The size getter of the prototype works on a Set whatever its
		// prototype chain became.
		size := int(ins.call(ins.in.setSize, o).ToInteger())
		prefix := getPrefix(ctorOrNil, tag, "Set", "("+strconv.Itoa(size)+")")
		keys = ins.keys(o)
		if size == 0 && len(keys) == 0 {
			return prefix + "{}"
		}
		braces = [2]string{prefix + "{", "}"}
		formatter = func(rt int) []string { return ins.formatSet(o, size, rt) }
	case exportType == typeOfMap:
		size := int(ins.call(ins.in.mapSize, o).ToInteger())
		prefix := getPrefix(ctorOrNil, tag, "Map", "("+strconv.Itoa(size)+")")
		keys = ins.keys(o)
		if size == 0 && len(keys) == 0 {
			return prefix + "{}"
		}
		braces = [2]string{prefix + "{", "}"}
		formatter = func(rt int) []string { return ins.formatMap(o, size, rt) }
	case typedArrayName(o) != "":
		keys = ins.nonIndexKeys(o)
		fallback := ""
		if !hasProto {
			fallback = typedArrayName(o)
		}
		// The length of the exported slice: the length getter is on the
		// prototype, which may be gone.
		length := reflect.ValueOf(o.Export()).Len()
		prefix := getPrefix(ctorOrNil, tag, fallback, "("+strconv.Itoa(length)+")")
		braces = [2]string{prefix + "[", "]"}
		if length == 0 && len(keys) == 0 && !ins.opts.showHidden {
			return braces[0] + "]"
		}
		extrasType = kArrayExtrasType
		formatter = func(rt int) []string { return ins.formatTypedArray(o, length) }
	default:
		keys = ins.keys(o)
		braces = [2]string{"{", "}"}
		switch {
		case hasProto && constructor == "Object":
			if o.ClassName() == "Arguments" {
				braces[0] = "[Arguments] {"
			} else if tag != "" {
				braces[0] = getPrefix(ctorOrNil, tag, "Object", "") + "{"
			}
			if len(keys) == 0 {
				return braces[0] + "}"
			}
		case isFunc:
			base = ins.functionBase(o, ctorOrNil, tag)
			if len(keys) == 0 {
				return base
			}
		case o.ClassName() == "RegExp":
			base = ins.call(ins.in.regexpToString, o).String()
			if prefix := getPrefix(ctorOrNil, tag, "RegExp", ""); prefix != "RegExp " {
				base = prefix + base
			}
			if len(keys) == 0 || recurseTimes > ins.opts.depth {
				return base
			}
		case o.ClassName() == "Date":
			t := ins.call(ins.in.dateGetTime, o).ToFloat()
			if t != t {
				base = ins.call(ins.in.dateToString, o).String()
			} else {
				base = ins.call(ins.in.dateToISOString, o).String()
			}
			if prefix := getPrefix(ctorOrNil, tag, "Date", ""); prefix != "Date " {
				base = prefix + base
			}
			if len(keys) == 0 {
				return base
			}
		case ins.isError(o):
			base, keys = ins.formatError(o, ctorOrNil, tag, keys)
			if len(keys) == 0 {
				return base
			}
		case exportType == typeOfArrayBuffer:
			prefix := getPrefix(ctorOrNil, tag, "ArrayBuffer", "")
			ab := o.Export().(goja.ArrayBuffer)
			formatter = func(int) []string { return []string{ins.formatArrayBuffer(ab)} }
			braces[0] = prefix + "{"
			keys = append([]goja.Value{rt.ToValue("byteLength")}, keys...)
		case ins.protoChainHas(o, ins.in.dataViewProto):
			braces[0] = getPrefix(ctorOrNil, tag, "DataView", "") + "{"
			keys = append([]goja.Value{rt.ToValue("byteLength"), rt.ToValue("byteOffset"), rt.ToValue("buffer")}, keys...)
		case exportType == typeOfPromise:
			braces[0] = getPrefix(ctorOrNil, tag, "Promise", "") + "{"
			formatter = func(rt int) []string { return ins.formatPromise(o, rt) }
		case ins.protoChainHas(o, ins.in.weakSetProto):
			braces[0] = getPrefix(ctorOrNil, tag, "WeakSet", "") + "{"
			formatter = func(int) []string { return []string{"<items unknown>"} }
		case ins.protoChainHas(o, ins.in.weakMapProto):
			braces[0] = getPrefix(ctorOrNil, tag, "WeakMap", "") + "{"
			formatter = func(int) []string { return []string{"<items unknown>"} }
		case ins.isBoxed(o):
			base, keys = ins.boxedBase(o, ctorOrNil, tag, keys)
			if len(keys) == 0 {
				return base
			}
		default:
			style := ins.ctxStyle(o, ctorOrNil, tag)
			if len(keys) == 0 {
				return style + "{}"
			}
			braces[0] = style + "{"
		}
	}

	if recurseTimes > ins.opts.depth {
		name := strings.TrimSuffix(ins.ctxStyle(o, ctorOrNil, tag), " ")
		if hasProto {
			name = "[" + name + "]"
		}
		return name
	}
	recurseTimes++
	ins.seen = append(ins.seen, o)
	ins.currentDepth = recurseTimes
	var output []string
	if formatter != nil {
		output = formatter(recurseTimes)
	}
	for _, k := range keys {
		output = append(output, ins.formatProperty(o, recurseTimes, k, extrasType))
	}
	if idx, ok := ins.circular[o]; ok {
		ref := "<ref *" + strconv.Itoa(idx) + ">"
		if base == "" {
			base = ref
		} else {
			base = ref + " " + base
		}
	}
	ins.seen = ins.seen[:len(ins.seen)-1]

	allNumbers := false
	if extrasType == kArrayExtrasType && len(output) > 6 {
		allNumbers = ins.leadingNumbers(o, len(output))
	}
	return reduceToSingleString(layout{
		indentationLvl: ins.indentationLvl, breakLength: ins.opts.breakLength, compact: ins.opts.compact,
		currentDepth: ins.currentDepth, maxArrayLength: ins.opts.maxArrayLength,
	}, output, base, braces, extrasType, recurseTimes, allNumbers)
}

// leadingNumbers reports whether the first n items of an array or typed
// array are numbers or bigints (grouped columns are then right-aligned).
func (ins *inspector) leadingNumbers(o *goja.Object, n int) bool {
	if typedArrayName(o) != "" {
		return true
	}
	length := int(o.Get("length").ToInteger())
	for i := 0; i < n && i < length; i++ {
		t := typeOf(o.Get(strconv.Itoa(i)))
		if t != "number" && t != "bigint" {
			return false
		}
	}
	return true
}

func (ins *inspector) isError(o *goja.Object) bool {
	return o.ClassName() == "Error" || ins.instanceOf(o, ins.in.errorCtor)
}

func (ins *inspector) isBoxed(o *goja.Object) bool {
	switch o.ClassName() {
	case "Number", "String", "Boolean":
		return true
	case "Object":
		// BigInt and Symbol wrappers export their primitive.
		switch o.ExportType() {
		case typeOfBigInt:
			return true
		case typeOfString:
			_, err := ins.in.symbolValueOf(o)
			return err == nil
		}
	}
	return false
}

// ctxStyle is the "Foo " prefix of an object; for a null prototype,
// "[Object: null prototype] ".
func (ins *inspector) ctxStyle(o *goja.Object, constructor *string, tag string) string {
	fallback := ""
	if constructor == nil {
		fallback = o.ClassName()
		if fallback == tag {
			fallback = "Object"
		}
	}
	return getPrefix(constructor, tag, fallback, "")
}

// getPrefix is Node's: "Foo(2) [tag] " or "[Foo(2): null prototype] ".
func getPrefix(constructor *string, tag, fallback, size string) string {
	if constructor == nil {
		if tag != "" && fallback != tag {
			return "[" + fallback + size + ": null prototype] [" + tag + "] "
		}
		return "[" + fallback + size + ": null prototype] "
	}
	if tag != "" && *constructor != tag {
		return *constructor + size + " [" + tag + "] "
	}
	return *constructor + size + " "
}

var classSource = regexp.MustCompile(`^class\b`)

func (ins *inspector) functionBase(fn *goja.Object, constructor *string, tag string) string {
	src := ""
	if s, err := ins.in.functionToString(fn); err == nil {
		src = s.String()
	}
	if classSource.MatchString(src) && strings.HasSuffix(src, "}") {
		name := "(anonymous)"
		if ins.hasOwn(fn, ins.r.rt.ToValue("name")) {
			if n := fn.Get("name"); n != nil && n.ToBoolean() {
				name = n.String()
			}
		}
		base := "class " + name
		if constructor != nil && *constructor != "Function" {
			base += " [" + *constructor + "]"
		}
		if tag != "" && (constructor == nil || *constructor != tag) {
			base += " [" + tag + "]"
		}
		if constructor != nil {
			if super := fn.Prototype(); super != nil {
				if n := super.Get("name"); n != nil && n.ToBoolean() {
					base += " extends " + n.String()
				}
			}
		} else {
			base += " extends [null prototype]"
		}
		return "[" + base + "]"
	}
	typ := "Function"
	if ins.protoChainHas(fn, ins.in.generatorFunctionProto) {
		typ = "GeneratorFunction"
	}
	if ins.protoChainHas(fn, ins.in.asyncFunctionProto) {
		typ = "AsyncFunction"
	}
	base := "[" + typ
	if constructor == nil {
		base += " (null prototype)"
	}
	name := fn.Get("name")
	switch {
	case name == nil || typeOf(name) == "string" && name.String() == "":
		base += " (anonymous)"
	case typeOf(name) == "string":
		base += ": " + name.String()
	default:
		base += ": " + ins.formatValue(name, 0)
	}
	base += "]"
	if constructor != nil && *constructor != typ && *constructor != "Function" {
		base += " " + *constructor
	}
	if tag != "" && (constructor == nil || *constructor != tag) {
		base += " [" + tag + "]"
	}
	return base
}

func (ins *inspector) boxedBase(o *goja.Object, constructor *string, tag string, keys []goja.Value) (string, []goja.Value) {
	var typ string
	var prim goja.Value
	switch {
	case o.ClassName() == "Number":
		typ, prim = "Number", ins.call(ins.in.numberValueOf, o)
	case o.ClassName() == "String":
		typ, prim = "String", ins.call(ins.in.stringValueOf, o)
		// The indices of a String object repeat its value: leave them out.
		n := prim.(goja.String).Length()
		var kept []goja.Value
		for _, k := range keys {
			if s, ok := k.(goja.String); ok && isArrayIndex(s.String()) {
				if i, _ := strconv.Atoi(s.String()); i < n {
					continue
				}
			}
			kept = append(kept, k)
		}
		keys = kept
	case o.ClassName() == "Boolean":
		typ, prim = "Boolean", ins.call(ins.in.booleanValueOf, o)
	case o.ExportType() == typeOfBigInt:
		typ, prim = "BigInt", ins.call(ins.in.bigintValueOf, o)
	default:
		typ, prim = "Symbol", ins.call(ins.in.symbolValueOf, o)
	}
	base := "[" + typ
	if constructor == nil {
		base += " (null prototype)"
	} else if *constructor != typ {
		base += " (" + *constructor + ")"
	}
	base += ": " + ins.formatPrimitive(prim) + "]"
	if tag != "" && (constructor == nil || tag != *constructor) {
		base += " [" + tag + "]"
	}
	return base, keys
}

// formatError renders an error as Node does: its stack, with the
// constructor's name if the stack does not show it, in brackets when it has
// no frames; keys the stack already shows are dropped.
func (ins *inspector) formatError(o *goja.Object, constructor *string, tag string, keys []goja.Value) (string, []goja.Value) {
	nameVal := o.Get("name")
	name := "Error"
	nameIsString := true
	if nameVal != nil && !goja.IsUndefined(nameVal) && !goja.IsNull(nameVal) {
		if s, ok := nameVal.(goja.String); ok {
			name = s.String()
		} else {
			nameIsString = false
			name = nameVal.String()
		}
	}
	stack := ins.errorStack(o)
	message := ""
	if m, ok := o.Get("message").(goja.String); ok {
		message = m.String()
	}

	// Keys the stack already shows.
	if !ins.opts.showHidden && len(keys) > 0 {
		for _, k := range []string{"name", "message", "stack"} {
			if !hasKey(keys, k) {
				continue
			}
			v := o.Get(k)
			if s, ok := v.(goja.String); !ok || strings.Contains(stack, s.String()) {
				keys = removeKey(keys, k)
			}
		}
	}
	if (len(keys) == 0 || !hasKey(keys, "cause")) && ins.hasProperty(o, "cause") {
		keys = append(keys, ins.r.rt.ToValue("cause"))
	}
	if errs, ok := o.Get("errors").(*goja.Object); ok && errs.ClassName() == "Array" && !hasKey(keys, "errors") {
		keys = append(keys, ins.r.rt.ToValue("errors"))
	}

	stack = improveStack(stack, constructor, name, nameIsString, tag)

	pos := -1
	if message != "" {
		if i := strings.Index(stack, message); i >= 0 {
			pos = i + len(message)
		}
	}
	// Without frames after the message, the error is shown in brackets.
	if !strings.Contains(stack[max(pos, 0):], "\n    at") {
		stack = "[" + stack + "]"
	}
	if ins.indentationLvl != 0 {
		stack = strings.ReplaceAll(stack, "\n", "\n"+strings.Repeat(" ", ins.indentationLvl))
	}
	return stack, keys
}

// hasProperty is `name in o`.
func (ins *inspector) hasProperty(o *goja.Object, name string) bool {
	key := ins.r.rt.ToValue(name)
	for p := o; p != nil; p = p.Prototype() {
		if ins.hasOwn(p, key) {
			return true
		}
	}
	return false
}

// errorStack is err.stack in V8's layout ("    at fn (file:1:2)"), or
// Error.prototype.toString for an error without one.
func (ins *inspector) errorStack(o *goja.Object) string {
	stack := o.Get("stack")
	if stack == nil || goja.IsUndefined(stack) || !stack.ToBoolean() {
		if s, err := ins.in.errorToString(o); err == nil {
			return s.String()
		}
		return "Error"
	}
	if _, ok := stack.(goja.String); !ok {
		return ins.formatValue(stack, 0)
	}
	return v8Stack(stack.String())
}

// v8Stack rewrites a goja stack ("\tat fn (file:1:2(34))") the way V8
// writes it, dropping frames of native functions, as FormatError does.
func v8Stack(stack string) string {
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		if strings.HasPrefix(line, "\tat ") {
			m := gojaFrame.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			b.WriteString("\n    at " + m[1] + ":" + m[2] + ":" + m[3] + m[4])
			continue
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// The name at the start of a stack, for an error without a prototype.
var (
	errorNameLine = regexp.MustCompile(`^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)`)
	errorNameOnly = regexp.MustCompile(`^([a-z_A-Z0-9-]*Error)$`)
)

// improveStack makes the first line of a stack name the constructor when
// the error's name does not (class MyError extends Error prints as
// "MyError: …"), as Node does.
func improveStack(stack string, constructor *string, name string, nameIsString bool, tag string) string {
	if !nameIsString {
		return stack
	}
	l := len(name)
	if constructor == nil || (strings.HasSuffix(name, "Error") && strings.HasPrefix(stack, name) &&
		(len(stack) == l || stack[l] == ':' || stack[l] == '\n')) {
		fallback := "Error"
		if constructor == nil {
			m := errorNameLine.FindStringSubmatch(stack)
			if m == nil {
				m = errorNameOnly.FindStringSubmatch(stack)
			}
			fallback = ""
			if m != nil {
				fallback = m[1]
			}
			l = len(fallback)
			if fallback == "" {
				fallback = "Error"
			}
		}
		prefix := strings.TrimSuffix(getPrefix(constructor, tag, fallback, ""), " ")
		if name != prefix {
			if strings.Contains(prefix, name) {
				if l == 0 {
					stack = prefix + ": " + stack
				} else {
					stack = prefix + stack[l:]
				}
			} else {
				stack = prefix + " [" + name + "]" + stack[l:]
			}
		}
	}
	return stack
}

func (ins *inspector) formatProperty(o *goja.Object, recurseTimes int, key goja.Value, typ int) string {
	desc := ins.descriptor(o, key)
	var str string
	enumerable := true
	hasValue := true
	var value goja.Value
	if desc == nil {
		// Not an own property (byteLength of an ArrayBuffer…): its value.
		if sym, ok := key.(*goja.Symbol); ok {
			value = o.GetSymbol(sym)
		} else {
			value = o.Get(key.String())
		}
	} else {
		enumerable = desc.Get("enumerable").ToBoolean()
		value = desc.Get("value")
		present := func(v goja.Value) bool { return v != nil && !goja.IsUndefined(v) }
		get, set := desc.Get("get"), desc.Get("set")
		if present(get) || present(set) {
			hasValue = false
			switch {
			case present(get) && present(set):
				str = "[Getter/Setter]"
			case present(get):
				str = "[Getter]"
			default:
				str = "[Setter]"
			}
		}
	}
	if hasValue {
		if value == nil || goja.IsUndefined(value) {
			str = "undefined"
		} else {
			ins.indentationLvl += 2
			str = ins.formatValue(value, recurseTimes)
			ins.indentationLvl -= 2
		}
	}
	if typ == kArrayType {
		return str
	}
	var name string
	if sym, ok := key.(*goja.Symbol); ok {
		// workerd's port writes a symbol key without Node's brackets.
		name = escapeSymbol(ins.symbolString(sym))
	} else {
		k := key.String()
		switch {
		case k == "__proto__":
			name = "['__proto__']"
		case keyIdentifier.MatchString(k):
			name = k
		default:
			name = strEscape(jsUnits(key.(goja.String)))
		}
	}
	if !enumerable {
		name = "[" + name + "]"
	}
	return name + ": " + str
}

var keyIdentifier = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z_0-9]*$`)

// escapeSymbol escapes control characters in a symbol's description.
func escapeSymbol(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < 0x20 || c == 0x27 || c == 0x5c || (c >= 0x7f && c <= 0x9f) {
			b.WriteString(escapeMeta(uint16(c)))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (ins *inspector) formatArray(o *goja.Object, recurseTimes int) []string {
	length := int(o.Get("length").ToInteger())
	limit := min(max(0, ins.opts.maxArrayLength), length)
	remaining := length - limit
	var output []string
	for i := 0; i < limit; i++ {
		key := ins.r.rt.ToValue(strconv.Itoa(i))
		if !ins.hasOwn(o, key) {
			return ins.formatSpecialArray(o, recurseTimes, limit, output, i, length)
		}
		output = append(output, ins.formatProperty(o, recurseTimes, key, kArrayType))
	}
	if remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

// formatSpecialArray formats a sparse array from item i on: runs of holes
// become "<n empty items>".
func (ins *inspector) formatSpecialArray(o *goja.Object, recurseTimes, maxLength int, output []string, i, length int) []string {
	keys := o.Keys()
	index := i
	// Object.keys lists the indices first, in order.
	var indices []int
	for _, k := range keys {
		if !isArrayIndex(k) {
			break
		}
		n, _ := strconv.Atoi(k)
		if n >= i {
			indices = append(indices, n)
		}
	}
	for _, n := range indices {
		if len(output) >= maxLength {
			break
		}
		if n != index {
			empty := n - index
			output = append(output, "<"+strconv.Itoa(empty)+" empty item"+plural(empty)+">")
			index = n
			if len(output) == maxLength {
				break
			}
		}
		output = append(output, ins.formatProperty(o, recurseTimes, ins.r.rt.ToValue(strconv.Itoa(n)), kArrayType))
		index++
	}
	remaining := length - index
	if len(output) != maxLength {
		if remaining > 0 {
			output = append(output, "<"+strconv.Itoa(remaining)+" empty item"+plural(remaining)+">")
		}
	} else if remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

func remainingText(n int) string { return "... " + strconv.Itoa(n) + " more item" + plural(n) }

func (ins *inspector) formatTypedArray(o *goja.Object, length int) []string {
	limit := min(max(0, ins.opts.maxArrayLength), length)
	output := make([]string, 0, limit+1)
	bigint := false
	switch o.ExportType() {
	case typeInt64Slice, typeUint64Slice:
		bigint = true
	}
	for i := 0; i < limit; i++ {
		v := o.Get(strconv.Itoa(i))
		if bigint {
			output = append(output, v.String()+"n")
		} else {
			output = append(output, formatNumber(v))
		}
	}
	if remaining := length - limit; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

func (ins *inspector) iterate(iterable goja.Value, fn func(v goja.Value) bool) {
	ins.r.rt.ForOf(iterable, fn)
}

func (ins *inspector) formatSet(o *goja.Object, size, recurseTimes int) []string {
	limit := min(max(0, ins.opts.maxArrayLength), size)
	var output []string
	ins.indentationLvl += 2
	i := 0
	ins.iterate(ins.call(ins.in.setValues, o), func(v goja.Value) bool {
		if i >= limit {
			return false
		}
		output = append(output, ins.formatValue(v, recurseTimes))
		i++
		return true
	})
	if remaining := size - limit; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	ins.indentationLvl -= 2
	return output
}

func (ins *inspector) formatMap(o *goja.Object, size, recurseTimes int) []string {
	limit := min(max(0, ins.opts.maxArrayLength), size)
	var output []string
	ins.indentationLvl += 2
	i := 0
	ins.iterate(ins.call(ins.in.mapEntries, o), func(entry goja.Value) bool {
		if i >= limit {
			return false
		}
		e := entry.(*goja.Object)
		output = append(output, ins.formatValue(e.Get("0"), recurseTimes)+" => "+ins.formatValue(e.Get("1"), recurseTimes))
		i++
		return true
	})
	if remaining := size - limit; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	ins.indentationLvl -= 2
	return output
}

func (ins *inspector) formatArrayBuffer(ab goja.ArrayBuffer) string {
	if ab.Detached() {
		return "(detached)"
	}
	data := ab.Bytes()
	n := min(ins.opts.maxArrayLength, len(data))
	hexes := make([]string, n)
	for i := 0; i < n; i++ {
		hexes[i] = strconv.FormatUint(uint64(data[i])|0x100, 16)[1:]
	}
	s := strings.Join(hexes, " ")
	if remaining := len(data) - n; remaining > 0 {
		s += " ... " + strconv.Itoa(remaining) + " more byte" + plural(remaining)
	}
	return "[Uint8Contents]: <" + s + ">"
}

func (ins *inspector) formatPromise(o *goja.Object, recurseTimes int) []string {
	p := o.Export().(*goja.Promise)
	switch p.State() {
	case goja.PromiseStatePending:
		return []string{"<pending>"}
	case goja.PromiseStateRejected:
		ins.indentationLvl += 2
		s := ins.formatValue(p.Result(), recurseTimes)
		ins.indentationLvl -= 2
		return []string{"<rejected> " + s}
	}
	ins.indentationLvl += 2
	s := ins.formatValue(p.Result(), recurseTimes)
	ins.indentationLvl -= 2
	return []string{s}
}

// formatResource is workerd's default inspection of its API objects: the
// class name and the values of the object's properties and prototype
// getters (functions and static constants left out), and "K => V" entries
// when the object has an entries() method yielding pairs.
func (ins *inspector) formatResource(o *goja.Object, recurseTimes int) string {
	rt := ins.r.rt
	name := "Object"
	ctor, _ := o.Get("constructor").(*goja.Object)
	if ctor != nil {
		if n := ctor.Get("name"); n != nil {
			name = n.String()
		}
	}
	depth := ins.opts.depth
	if depth != math.MaxInt {
		depth -= recurseTimes
	}
	if depth < 0 {
		return "[" + name + "]"
	}
	for _, s := range ins.seen {
		if s == o {
			return "[Circular]"
		}
	}

	type prop struct {
		key   string
		value goja.Value
	}
	var props []prop
	seenKey := map[string]bool{}
	for cur := o; cur != nil && !cur.SameAs(ins.in.objectProto); cur = cur.Prototype() {
		for _, k := range cur.GetOwnPropertyNames() {
			if seenKey[k] {
				continue
			}
			var v goja.Value
			if ex := rt.Try(func() { v = o.Get(k) }); ex != nil {
				continue
			}
			if _, isFn := goja.AssertFunction(v); isFn {
				continue
			}
			if ctor != nil && ins.hasOwn(ctor, rt.ToValue(k)) && ins.isEnumerable(ctor, rt.ToValue(k)) {
				continue // a static constant
			}
			seenKey[k] = true
			props = append(props, prop{k, v})
		}
	}

	var entries [][2]goja.Value
	hasEntries := false
	if fn, ok := goja.AssertFunction(o.Get("entries")); ok {
		if ex := rt.Try(func() {
			it, err := fn(o)
			if err != nil {
				panic(err)
			}
			hasEntries = true
			rt.ForOf(it, func(v goja.Value) bool {
				pair, ok := v.(*goja.Object)
				if !ok || pair.ClassName() != "Array" || pair.Get("length").ToInteger() != 2 {
					hasEntries = false
					return false
				}
				entries = append(entries, [2]goja.Value{pair.Get("0"), pair.Get("1")})
				return true
			})
		}); ex != nil {
			hasEntries = false
		}
		if !hasEntries {
			entries = nil
		}
	}

	// Formatted like a fresh inspect() of a plain record, at the depth
	// left, then indented where it lands.
	child := &inspector{r: ins.r, in: ins.in, opts: ins.opts, seen: append([]*goja.Object(nil), ins.seen...)}
	child.opts.depth = depth
	child.seen = append(child.seen, o)
	child.currentDepth = 1
	var output []string
	child.indentationLvl += 2
	for _, e := range entries {
		output = append(output, child.formatValue(e[0], 1)+" => "+child.formatValue(e[1], 1))
	}
	child.indentationLvl -= 2
	for _, p := range props {
		key := p.key
		if !keyIdentifier.MatchString(key) {
			key = strEscape(jsUnits(rt.ToValue(key).(goja.String)))
		}
		child.indentationLvl += 2
		output = append(output, key+": "+child.formatValue(p.value, 1))
		child.indentationLvl -= 2
	}
	open := name + " {"
	if hasEntries {
		open = name + "(" + strconv.Itoa(len(entries)) + ") {"
	}
	if len(output) == 0 {
		return open + "}"
	}
	s := reduceToSingleString(layout{
		breakLength: ins.opts.breakLength, compact: ins.opts.compact,
		currentDepth: child.currentDepth, maxArrayLength: ins.opts.maxArrayLength,
	}, output, "", [2]string{open, "}"}, kObjectType, 1, false)
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", ins.indentationLvl))
}

// ---------------------------------------------------------------------
// Layout: plain Go, no goja.

// layout is the part of the inspection state the line-breaking rules read.
type layout struct {
	indentationLvl, breakLength, compact int
	currentDepth, maxArrayLength         int
}

// reduceToSingleString joins entries on one line when they fit in
// breakLength and the object is at most compact levels deep, and one per
// line otherwise; arrays of more than six entries are grouped in columns
// first.
func reduceToSingleString(l layout, output []string, base string, braces [2]string, extrasType, recurseTimes int, allNumbers bool) string {
	if l.compact >= 1 {
		entries := len(output)
		if extrasType == kArrayExtrasType && entries > 6 {
			output = groupArrayElements(l, output, allNumbers)
		}
		if l.currentDepth-recurseTimes < l.compact && entries == len(output) {
			start := len(output) + l.indentationLvl + jsLen(braces[0]) + jsLen(base) + 10
			if isBelowBreakLength(l, output, start, base) {
				joined := strings.Join(output, ", ")
				if !strings.Contains(joined, "\n") {
					prefix := ""
					if base != "" {
						prefix = base + " "
					}
					return prefix + braces[0] + " " + joined + " " + braces[1]
				}
			}
		}
	}
	indentation := "\n" + strings.Repeat(" ", l.indentationLvl)
	prefix := ""
	if base != "" {
		prefix = base + " "
	}
	return prefix + braces[0] + indentation + "  " + strings.Join(output, ","+indentation+"  ") + indentation + braces[1]
}

func isBelowBreakLength(l layout, output []string, start int, base string) bool {
	total := len(output) + start
	if total+len(output) > l.breakLength {
		return false
	}
	for _, s := range output {
		total += jsLen(s)
		if total > l.breakLength {
			return false
		}
	}
	return base == "" || !strings.Contains(base, "\n")
}

// groupArrayElements lays short array entries out in aligned columns,
// Node's heuristic: at least three must fit side by side, and no entry may
// be much longer than the others.
func groupArrayElements(l layout, output []string, allNumbers bool) []string {
	totalLength := 0
	maxLength := 0
	outputLength := len(output)
	if l.maxArrayLength < len(output) {
		// The "... more items" entry takes no part.
		outputLength--
	}
	const separatorSpace = 2 // ", "
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		n := stringWidth(output[i])
		dataLen[i] = n
		totalLength += n + separatorSpace
		if n > maxLength {
			maxLength = n
		}
	}
	actualMax := maxLength + separatorSpace
	if actualMax*3+l.indentationLvl < l.breakLength &&
		(float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		const approxCharHeights = 2.5
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(output)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
		columns := min(
			int(math.Round(math.Sqrt(approxCharHeights*biasedMax*float64(outputLength))/biasedMax)),
			(l.breakLength-l.indentationLvl)/actualMax,
			l.compact*4,
			15,
		)
		if columns <= 1 {
			return output
		}
		var tmp []string
		maxLineLength := make([]int, columns)
		for i := 0; i < columns; i++ {
			lineMax := 0
			for j := i; j < outputLength; j += columns {
				if dataLen[j] > lineMax {
					lineMax = dataLen[j]
				}
			}
			maxLineLength[i] = lineMax + separatorSpace
		}
		for i := 0; i < outputLength; i += columns {
			end := min(i+columns, outputLength)
			var b strings.Builder
			j := i
			for ; j < end-1; j++ {
				cell := output[j] + ", "
				pad := maxLineLength[j-i] - dataLen[j] - separatorSpace
				if allNumbers {
					b.WriteString(strings.Repeat(" ", max(pad, 0)) + cell)
				} else {
					b.WriteString(cell + strings.Repeat(" ", max(pad, 0)))
				}
			}
			if allNumbers {
				pad := maxLineLength[j-i] - separatorSpace - dataLen[j]
				b.WriteString(strings.Repeat(" ", max(pad, 0)) + output[j])
			} else {
				b.WriteString(output[j])
			}
			tmp = append(tmp, b.String())
		}
		if l.maxArrayLength < len(output) {
			tmp = append(tmp, output[outputLength])
		}
		output = tmp
	}
	return output
}

// jsLen is the length JS gives a string: UTF-16 code units.
func jsLen(s string) int {
	n := 0
	for _, c := range s {
		if c > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// stringWidth estimates the columns a string takes in a terminal: East
// Asian wide characters count two, combining and control characters none.
func stringWidth(s string) int {
	w := 0
	for _, c := range s {
		switch {
		case isZeroWidth(c):
		case isFullWidth(c):
			w += 2
		default:
			w++
		}
	}
	return w
}

func isZeroWidth(c rune) bool {
	return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || (c >= 0x300 && c <= 0x36F) ||
		(c >= 0x200B && c <= 0x200F) || (c >= 0x20D0 && c <= 0x20FF) ||
		(c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F) ||
		(c >= 0xE0100 && c <= 0xE01EF)
}

func isFullWidth(c rune) bool {
	return c >= 0x1100 && (c <= 0x115F || c == 0x2329 || c == 0x232A ||
		(c >= 0x2E80 && c <= 0x3247 && c != 0x303F) || (c >= 0x3250 && c <= 0x4DBF) ||
		(c >= 0x4E00 && c <= 0xA4C6) || (c >= 0xA960 && c <= 0xA97C) ||
		(c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
		(c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6B) ||
		(c >= 0xFF01 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
		(c >= 0x1B000 && c <= 0x1B001) || (c >= 0x1F200 && c <= 0x1F251) ||
		(c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x20000 && c <= 0x3FFFD))
}

// escapeMeta is Node's escape for a control character, quote or backslash.
func escapeMeta(c uint16) string {
	switch c {
	case '\b':
		return `\b`
	case '\t':
		return `\t`
	case '\n':
		return `\n`
	case '\f':
		return `\f`
	case '\r':
		return `\r`
	case '\'':
		return `\'`
	case '\\':
		return `\\`
	}
	return `\x` + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:])
}

// strEscape quotes a string as util.inspect does: single quotes, or double
// quotes (then backticks) to avoid escaping a quote the string contains;
// control characters and lone surrogates escaped.
func strEscape(units []uint16) string {
	hasSingle, hasDouble, hasBacktick, hasTemplate := false, false, false, false
	for i, u := range units {
		switch u {
		case '\'':
			hasSingle = true
		case '"':
			hasDouble = true
		case '`':
			hasBacktick = true
		case '$':
			if i+1 < len(units) && units[i+1] == '{' {
				hasTemplate = true
			}
		}
	}
	quote := uint16('\'')
	if hasSingle {
		if !hasDouble {
			quote = '"'
		} else if !hasBacktick && !hasTemplate {
			quote = '`'
		}
	}
	var b strings.Builder
	b.Grow(len(units) + 2)
	b.WriteRune(rune(quote))
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case (u == '\'' && quote == '\'') || u == '\\' || u < 0x20 || (u > 0x7E && u < 0xA0):
			b.WriteString(escapeMeta(u))
		case isLeadSurrogate(u) && i+1 < len(units) && isTrailSurrogate(units[i+1]):
			b.WriteRune(0x10000 + (rune(u)-0xD800)<<10 + rune(units[i+1]) - 0xDC00)
			i++
		case u >= 0xD800 && u <= 0xDFFF:
			b.WriteString(`\u` + strconv.FormatUint(uint64(u), 16))
		case u < utf8.RuneSelf:
			b.WriteByte(byte(u))
		default:
			b.WriteRune(rune(u))
		}
	}
	b.WriteRune(rune(quote))
	return b.String()
}
