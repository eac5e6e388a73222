package jsapi

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dop251/goja"
)

// goja writes stack frames as "\tat fn (file:12:5(34))": the number in the
// last parentheses is a bytecode offset. V8, and so workerd and every
// Workers developer, writes "    at fn (file:12:5)".
var gojaFrame = regexp.MustCompile(`^\tat (.*?):(\d+):(\d+)\(\d+\)(\)?)$`)

// FormatError renders a thrown value the way workerd prints an uncaught
// exception: "Error: message" and the stack, source-mapped to the user's
// files by goja, one "    at" line per frame. Frames inside native
// functions are left out.
func FormatError(v goja.Value) string {
	o, ok := v.(*goja.Object)
	if !ok || v == nil {
		if v == nil {
			return "undefined"
		}
		return v.String()
	}
	head := safeString(o)
	stack := o.Get("stack")
	if stack == nil || goja.IsUndefined(stack) {
		return head
	}
	lines := strings.Split(strings.TrimRight(stack.String(), "\n"), "\n")
	var b strings.Builder
	b.WriteString(head)
	for _, line := range lines {
		m := gojaFrame.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		b.WriteString("\n    at ")
		b.WriteString(m[1])
		b.WriteString(":")
		b.WriteString(m[2])
		b.WriteString(":")
		b.WriteString(m[3])
		b.WriteString(m[4])
	}
	return b.String()
}

// safeString is String(o) that survives a throwing toString.
func safeString(o *goja.Object) (s string) {
	defer func() {
		if recover() != nil {
			s = "[object]"
		}
	}()
	return o.String()
}

// thrownError carries a JS value through Go code that returns errors.
type thrownError struct{ value goja.Value }

func (e *thrownError) Error() string { return FormatError(e.value) }

// ExceptionValue returns the JS value an error from goja carries: the
// thrown value of an *goja.Exception, or a plain Error for Go errors.
func (r *Realm) ExceptionValue(err error) goja.Value {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	var te *thrownError
	if errors.As(err, &te) {
		return te.value
	}
	return r.NewError(err.Error())
}

// ReportError prints an exception nobody caught, as workerd logs it.
func (r *Realm) ReportError(err error) {
	var interrupted *goja.InterruptedError
	if errors.As(err, &interrupted) {
		// Error() would add goja's position with its bytecode offset; the
		// value given to Interrupt says what happened.
		r.host.Log(LevelError, fmt.Sprint("Uncaught ", interrupted.Value()))
		return
	}
	r.host.Log(LevelError, "Uncaught "+FormatError(r.ExceptionValue(err)))
}
