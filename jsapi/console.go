package jsapi

// The console global (https://console.spec.whatwg.org/). Messages are
// formatted as workerd formats what it prints for `wrangler dev`, which is
// Node's util.format (inspect.go): printf-style %s %d %i %f %j %o %O %c
// substitutions, then the remaining arguments separated by spaces, strings
// raw and other values inspected. Each message goes to Host.Log with the
// level of the method.
//
// workerd prints only log, info, debug, warn and error; its other console
// methods reach DevTools only. Kindling prints those too, the way Node
// does: trace (stack, as error), assert (as warn), table (a box-drawn
// table), dir (inspect with options), time/timeLog/timeEnd, count/
// countReset, group/groupCollapsed/groupEnd (two spaces of indentation per
// level, on every line).
//
// Missing: colors, console.profile and friends (accepted, do nothing),
// the Console constructor.

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// console is the state behind the console methods of one realm.
type console struct {
	r      *Realm
	in     *inspectIntrinsics
	counts map[string]int
	timers map[string]time.Time
	indent string
	// parseInt and parseFloat, captured for %i and %f.
	parseInt, parseFloat goja.Callable
}

func installConsole(r *Realm) {
	c := &console{
		r:      r,
		in:     captureInspectIntrinsics(r),
		counts: make(map[string]int),
		timers: make(map[string]time.Time),
	}
	c.parseInt, _ = goja.AssertFunction(r.rt.Get("parseInt"))
	c.parseFloat, _ = goja.AssertFunction(r.rt.Get("parseFloat"))

	obj := r.rt.NewObject()
	method := func(name string, fn func(args []goja.Value)) {
		// Console methods work detached from console (`const log =
		// console.log`), so they do not look at this.
		f := r.function(name, 0, func(call goja.FunctionCall) goja.Value {
			fn(call.Arguments)
			return goja.Undefined()
		})
		must(obj.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
	}
	logAt := func(level LogLevel) func(args []goja.Value) {
		return func(args []goja.Value) { c.print(level, c.format(args)) }
	}
	method("debug", logAt(LevelDebug))
	method("error", logAt(LevelError))
	method("info", logAt(LevelInfo))
	method("log", logAt(LevelLog))
	method("warn", logAt(LevelWarn))
	method("dir", func(args []goja.Value) {
		opts := r.inspectOptionsFrom(argument(args, 1), defaultInspectOptions)
		opts.customInspect = false
		c.print(LevelLog, c.safely(func() string { return r.inspectWith(c.in, argument(args, 0), opts) }))
	})
	method("dirxml", logAt(LevelLog))
	method("table", c.table)
	method("trace", func(args []goja.Value) {
		msg := "Trace"
		if len(args) > 0 {
			msg += ": " + c.format(args)
		}
		c.print(LevelError, msg+c.stack())
	})
	method("group", c.group)
	method("groupCollapsed", c.group)
	method("groupEnd", func([]goja.Value) {
		c.indent = c.indent[:max(len(c.indent)-2, 0)]
	})
	method("clear", func([]goja.Value) {})
	method("count", func(args []goja.Value) {
		label := c.label(args)
		c.counts[label]++
		c.print(LevelInfo, label+": "+strconv.Itoa(c.counts[label]))
	})
	method("countReset", func(args []goja.Value) {
		label := c.label(args)
		if _, ok := c.counts[label]; !ok {
			c.print(LevelWarn, "Count for '"+label+"' does not exist")
			return
		}
		delete(c.counts, label)
	})
	method("assert", func(args []goja.Value) {
		if len(args) > 0 && args[0].ToBoolean() {
			return
		}
		rest := append([]goja.Value(nil), args[min(len(args), 1):]...)
		if len(rest) > 0 {
			if s, ok := rest[0].(goja.String); ok {
				rest[0] = r.rt.ToValue("Assertion failed: " + s.String())
			} else {
				rest = append([]goja.Value{r.rt.ToValue("Assertion failed")}, rest...)
			}
		} else {
			rest = []goja.Value{r.rt.ToValue("Assertion failed")}
		}
		c.print(LevelWarn, c.format(rest))
	})
	method("time", func(args []goja.Value) {
		label := c.label(args)
		if _, ok := c.timers[label]; ok {
			c.print(LevelWarn, "Warning: Label '"+label+"' already exists for console.time()")
			return
		}
		c.timers[label] = time.Now()
	})
	method("timeLog", func(args []goja.Value) { c.timeLog("timeLog", args, false) })
	method("timeEnd", func(args []goja.Value) { c.timeLog("timeEnd", args, true) })
	method("timeStamp", func([]goja.Value) {})
	method("profile", func([]goja.Value) {})
	method("profileEnd", func([]goja.Value) {})
	must(obj.DefineDataPropertySymbol(goja.SymToStringTag, r.rt.ToValue("console"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	must(r.rt.GlobalObject().DefineDataProperty("console", obj, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
}

func argument(args []goja.Value, i int) goja.Value {
	if i < len(args) {
		return args[i]
	}
	return goja.Undefined()
}

// print sends one message to the host, indented for the open groups.
func (c *console) print(level LogLevel, msg string) {
	if c.indent != "" {
		msg = c.indent + strings.ReplaceAll(msg, "\n", "\n"+c.indent)
	}
	c.r.host.Log(level, msg)
}

// safely runs a formatter; like workerd's formatLog, an exception thrown
// while formatting (a throwing getter, toString…) becomes the message.
func (c *console) safely(format func() string) (s string) {
	if ex := c.r.rt.Try(func() { s = format() }); ex != nil {
		v := ex.Value()
		text := ""
		if o, ok := v.(*goja.Object); ok && o.ClassName() == "Error" {
			text = v8Stack(o.Get("stack").String())
		} else if v != nil {
			text = v.String()
		}
		return "<Formatting threw (" + text + ")>"
	}
	return s
}

func (c *console) format(args []goja.Value) string {
	return c.safely(func() string { return c.formatWithOptions(args, defaultInspectOptions) })
}

func (c *console) inspect(v goja.Value, opts inspectOptions) string {
	return c.r.inspectWith(c.in, v, opts)
}

// formatWithOptions is util.formatWithOptions: a first string argument is
// a format whose % directives consume the following arguments; what is
// left is appended, separated by spaces.
func (c *console) formatWithOptions(args []goja.Value, opts inspectOptions) string {
	if len(args) == 0 {
		return ""
	}
	var b strings.Builder
	a := 0
	join := ""
	if first, ok := args[0].(goja.String); ok {
		if len(args) == 1 {
			return first.String()
		}
		f := first.String()
		lastPos := 0
		for i := 0; i < len(f)-1; i++ {
			if f[i] != '%' {
				continue
			}
			i++
			next := f[i]
			if a+1 == len(args) {
				if next == '%' {
					b.WriteString(f[lastPos:i])
					lastPos = i + 1
				}
				continue
			}
			var temp string
			switch next {
			case 's':
				a++
				temp = c.formatS(args[a], opts)
			case 'j':
				a++
				temp = c.tryStringify(args[a])
			case 'd':
				a++
				temp = c.formatD(args[a], func(v goja.Value) goja.Value { return v.ToNumber() })
			case 'O':
				a++
				temp = c.inspect(args[a], opts)
			case 'o':
				a++
				o := opts
				o.showHidden, o.depth = true, 4
				temp = c.inspect(args[a], o)
			case 'i':
				a++
				temp = c.formatD(args[a], func(v goja.Value) goja.Value {
					return c.callIntrinsic(c.parseInt, v)
				})
			case 'f':
				a++
				if _, isSym := args[a].(*goja.Symbol); isSym {
					temp = "NaN"
				} else {
					temp = formatNumber(c.callIntrinsic(c.parseFloat, args[a]))
				}
			case 'c':
				a++
				temp = "" // CSS has no meaning in a terminal
			case '%':
				b.WriteString(f[lastPos:i])
				lastPos = i + 1
				continue
			default:
				continue
			}
			if lastPos != i-1 {
				b.WriteString(f[lastPos : i-1])
			}
			b.WriteString(temp)
			lastPos = i + 1
		}
		if lastPos != 0 {
			a++
			join = " "
			if lastPos < len(f) {
				b.WriteString(f[lastPos:])
			}
		}
	}
	for ; a < len(args); a++ {
		b.WriteString(join)
		if s, ok := args[a].(goja.String); ok {
			b.WriteString(s.String())
		} else {
			b.WriteString(c.inspect(args[a], opts))
		}
		join = " "
	}
	return b.String()
}

// callIntrinsic calls fn with v as its receiver and argument (one of the
// two is ignored: parseInt(v), Symbol.prototype.toString.call(v)).
func (c *console) callIntrinsic(fn goja.Callable, v goja.Value) goja.Value {
	res, err := fn(v, v)
	if err != nil {
		panic(err)
	}
	return res
}

// formatS is %s: numbers as inspect writes them (-0), bigints with their n,
// objects whose toString is a built-in one inspected one level deep, the
// rest through String().
func (c *console) formatS(v goja.Value, opts inspectOptions) string {
	switch typeOf(v) {
	case "number":
		return formatNumber(v)
	case "bigint":
		return v.String() + "n"
	case "symbol":
		return c.callIntrinsic(c.in.symbolToString, v).String()
	}
	if o, ok := v.(*goja.Object); ok && c.hasBuiltInToString(o) {
		o2 := opts
		o2.depth, o2.compact = 0, 3
		return c.inspect(o, o2)
	}
	return v.String()
}

// formatD is %d and %i: bigints keep their n, symbols are NaN.
func (c *console) formatD(v goja.Value, toNumber func(goja.Value) goja.Value) string {
	switch typeOf(v) {
	case "bigint":
		return v.String() + "n"
	case "symbol":
		return "NaN"
	}
	return formatNumber(toNumber(v))
}

// hasBuiltInToString reports whether String(o) would run a toString that
// user code did not write.
func (c *console) hasBuiltInToString(o *goja.Object) bool {
	for o.ExportType() == typeOfProxy {
		p := o.Export().(goja.Proxy)
		if p.Target() == nil {
			return true
		}
		o = p.Target()
	}
	if _, ok := goja.AssertFunction(o.Get("toString")); !ok {
		return true
	}
	key := c.r.rt.ToValue("toString")
	hasOwn := func(p *goja.Object) bool {
		v, err := c.in.hasOwnProperty(p, key)
		return err == nil && v.ToBoolean()
	}
	if hasOwn(o) {
		return false
	}
	p := o.Prototype()
	for p != nil && !hasOwn(p) {
		p = p.Prototype()
	}
	if p == nil {
		return true
	}
	ctor, ok := p.Get("constructor").(*goja.Object)
	if !ok {
		return false
	}
	name := ctor.Get("name")
	if name == nil || !keyIdentifier.MatchString(name.String()) || name.String()[0] < 'A' || name.String()[0] > 'Z' {
		return false
	}
	// A built-in is a constructor the global object holds under its name.
	g, _ := c.r.rt.GlobalObject().Get(name.String()).(*goja.Object)
	return g != nil && g.SameAs(ctor)
}

// tryStringify is %j: JSON.stringify, "[Circular]" for a cycle.
func (c *console) tryStringify(v goja.Value) string {
	var out goja.Value
	ex := c.r.rt.Try(func() {
		var err error
		out, err = c.r.jsonStringify(goja.Undefined(), v)
		if err != nil {
			panic(err)
		}
	})
	if ex != nil {
		if o, ok := ex.Value().(*goja.Object); ok && c.r.rt.InstanceOf(o, c.r.errs.typeError) &&
			strings.Contains(strings.ToLower(o.Get("message").String()), "circular") {
			return "[Circular]"
		}
		panic(ex)
	}
	if out == nil || goja.IsUndefined(out) {
		return "undefined"
	}
	return out.String()
}

// stack is the JS call stack of the current console call, in V8's layout.
func (c *console) stack() string {
	var b bytes.Buffer
	for _, f := range c.r.rt.CaptureCallStack(0, nil) {
		b.WriteString("\n\tat ")
		f.Write(&b)
	}
	return v8Stack(b.String())
}

func (c *console) label(args []goja.Value) string {
	if len(args) == 0 || goja.IsUndefined(args[0]) {
		return "default"
	}
	return args[0].String()
}

func (c *console) group(args []goja.Value) {
	if len(args) > 0 {
		c.print(LevelLog, c.format(args))
	}
	c.indent += "  "
}

func (c *console) timeLog(method string, args []goja.Value, end bool) {
	label := c.label(args)
	start, ok := c.timers[label]
	if !ok {
		c.print(LevelWarn, "Warning: No such label '"+label+"' for console."+method+"()")
		return
	}
	msg := label + ": " + formatDuration(time.Since(start))
	if end {
		delete(c.timers, label)
	} else if len(args) > 1 {
		msg += " " + c.format(args[1:])
	}
	c.print(LevelInfo, msg)
}

// formatDuration writes a console.time duration as Node does: "1.234ms",
// "1.500s", "1:02.345 (m:ss.mmm)".
func formatDuration(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 1000 {
		return strconv.FormatFloat(roundTo(ms, 3), 'f', -1, 64) + "ms"
	}
	if ms < 60000 {
		return strconv.FormatFloat(ms/1000, 'f', 3, 64) + "s"
	}
	hours := int(ms / 3600000)
	ms -= float64(hours) * 3600000
	minutes := int(ms / 60000)
	ms -= float64(minutes) * 60000
	secs := strconv.FormatFloat(ms/1000, 'f', 3, 64)
	if ms < 10000 {
		secs = "0" + secs
	}
	if hours != 0 {
		return strconv.Itoa(hours) + ":" + pad2(minutes) + ":" + secs + " (h:mm:ss.mmm)"
	}
	return strconv.Itoa(minutes) + ":" + secs + " (m:ss.mmm)"
}

func roundTo(f float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(f*p) / p
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// table is console.table as Node writes it: one row per own key (or Map
// and Set entry), one column per property of the rows, values inspected
// briefly, in a box-drawn table.
func (c *console) table(args []goja.Value) {
	data, ok := argument(args, 0).(*goja.Object)
	if !ok {
		c.print(LevelLog, c.format(args[:min(len(args), 1)]))
		return
	}
	var properties []string
	if p, ok := argument(args, 1).(*goja.Object); ok && p.ClassName() == "Array" {
		c.r.rt.ForOf(p, func(v goja.Value) bool { properties = append(properties, v.String()); return true })
	}
	c.print(LevelLog, c.safely(func() string { return c.renderTable(data, properties) }))
}

func (c *console) renderTable(data *goja.Object, properties []string) string {
	brief := func(v goja.Value) string {
		opts := defaultInspectOptions
		opts.depth, opts.maxArrayLength, opts.breakLength = 0, 3, math.MaxInt32
		if o, ok := v.(*goja.Object); ok && o.ClassName() != "Array" && len(o.Keys()) > 2 {
			opts.depth = -1
		}
		return c.inspect(v, opts)
	}
	indexes := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(i)
		}
		return out
	}
	switch data.ExportType() {
	case typeOfMap:
		var keys, values []string
		it, err := c.in.mapEntries(data)
		if err != nil {
			panic(err)
		}
		c.r.rt.ForOf(it, func(e goja.Value) bool {
			pair := e.(*goja.Object)
			keys = append(keys, brief(pair.Get("0")))
			values = append(values, brief(pair.Get("1")))
			return true
		})
		return renderTable([]string{"(iteration index)", "Key", "Values"}, [][]string{indexes(len(keys)), keys, values})
	case typeOfSet:
		if data.ClassName() != "Array" {
			var values []string
			it, err := c.in.setValues(data)
			if err != nil {
				panic(err)
			}
			c.r.rt.ForOf(it, func(v goja.Value) bool { values = append(values, brief(v)); return true })
			return renderTable([]string{"(iteration index)", "Values"}, [][]string{indexes(len(values)), values})
		}
	}

	rowKeys := data.Keys()
	var columns []string
	cells := map[string][]string{}
	var primitives []string
	hasPrimitives := false
	for i, k := range rowKeys {
		item := data.Get(k)
		o, isObj := item.(*goja.Object)
		if properties == nil && !isObj {
			hasPrimitives = true
			for len(primitives) < i {
				primitives = append(primitives, "")
			}
			primitives = append(primitives, brief(item))
			continue
		}
		keys := properties
		if keys == nil {
			keys = o.Keys()
		}
		for _, key := range keys {
			col, ok := cells[key]
			if !ok {
				columns = append(columns, key)
			}
			for len(col) < i {
				col = append(col, "")
			}
			if !isObj || !c.hasOwnKey(o, key) {
				col = append(col, "")
			} else {
				col = append(col, brief(o.Get(key)))
			}
			cells[key] = col
		}
	}
	head := append([]string{"(index)"}, columns...)
	cols := [][]string{rowKeys}
	for _, k := range columns {
		cols = append(cols, cells[k])
	}
	if hasPrimitives {
		head = append(head, "Values")
		cols = append(cols, primitives)
	}
	return renderTable(head, cols)
}

func (c *console) hasOwnKey(o *goja.Object, key string) bool {
	v, err := c.in.hasOwnProperty(o, c.r.rt.ToValue(key))
	return err == nil && v.ToBoolean()
}

// renderTable draws Node's console.table box: a header row, then one row
// per index of the longest column, cells aligned left.
func renderTable(head []string, columns [][]string) string {
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = stringWidth(h)
	}
	longest := 0
	for _, col := range columns {
		longest = max(longest, len(col))
	}
	rows := make([][]string, longest)
	for j := range rows {
		rows[j] = make([]string, len(head))
		for i := range head {
			v := ""
			if i < len(columns) && j < len(columns[i]) {
				v = columns[i][j]
			}
			rows[j][i] = v
			widths[i] = max(widths[i], stringWidth(v))
		}
	}
	divider := make([]string, len(widths))
	for i, w := range widths {
		divider[i] = strings.Repeat("─", w+2)
	}
	renderRow := func(row []string) string {
		var b strings.Builder
		b.WriteString("│ ")
		for i, cell := range row {
			b.WriteString(cell + strings.Repeat(" ", widths[i]-stringWidth(cell)))
			if i != len(row)-1 {
				b.WriteString(" │ ")
			}
		}
		b.WriteString(" │")
		return b.String()
	}
	var b strings.Builder
	b.WriteString("┌" + strings.Join(divider, "┬") + "┐\n")
	b.WriteString(renderRow(head) + "\n")
	b.WriteString("├" + strings.Join(divider, "┼") + "┤\n")
	for _, row := range rows {
		b.WriteString(renderRow(row) + "\n")
	}
	b.WriteString("└" + strings.Join(divider, "┴") + "┘")
	return b.String()
}
