package config

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is wrapped by the error Discover (and Load without a
// ConfigPath) returns when no configuration file exists, so the CLI can
// fall back to running an entry point given on the command line.
var ErrNotFound = errors.New("no wrangler configuration file found")

// Diagnostic is one problem (or warning) found in a configuration file.
// Line and Column are 1-based; they are 0 when the problem has no single
// place in the file (a missing file, an --env that names nothing).
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"` // key path, e.g. durable_objects.bindings[0].class_name
	Message string `json:"message"`
}

// String renders the diagnostic the way compilers do, so editors and
// terminals can jump to it: file:line:column: path: message.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Column)
	}
	b.WriteString(": ")
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// Error is every problem that made a configuration unusable. All of them are
// reported at once, as wrangler does, so a user fixes them in one pass.
type Error struct {
	Diagnostics []Diagnostic
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}
