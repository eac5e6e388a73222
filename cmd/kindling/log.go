package main

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/fatih/color"

	"github.com/kindling-dev/kindling/jsapi"
)

// terminal prints the session's output the way wrangler dev does: console
// messages as they are, request lines, and errors and warnings marked
// "✘ [ERROR]" and "▲ [WARNING]". Colour follows the terminal (and
// NO_COLOR), as fatih/color decides.
type terminal struct {
	mu  sync.Mutex
	out io.Writer
	err io.Writer
}

var (
	errorMark = color.New(color.FgRed, color.Bold).Sprint("✘ [ERROR]")
	warnMark  = color.New(color.FgYellow, color.Bold).Sprint("▲ [WARNING]")
	dim       = color.New(color.Faint).SprintFunc()
)

// Log prints one message; it is the runtime's logger.
func (t *terminal) Log(level jsapi.LogLevel, message string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch level {
	case jsapi.LevelError:
		fmt.Fprintf(t.err, "%s %s\n", errorMark, message)
	case jsapi.LevelWarn:
		fmt.Fprintf(t.err, "%s %s\n", warnMark, message)
	default:
		fmt.Fprintln(t.out, message)
	}
}

// requestLog prints a request line, dimmed so console output stands out.
func (t *terminal) requestLog(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(t.out, dim(line))
}

// errorf prints a failure that stops kindling.
func (t *terminal) errorf(format string, args ...any) {
	t.Log(jsapi.LevelError, strings.TrimRight(fmt.Sprintf(format, args...), "\n"))
}
