package bundler

import (
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Message is an error or warning from a build, with the place in the user's
// code it is about when there is one.
type Message struct {
	File   string // relative to Options.Dir when inside it, as esbuild prints it; "" when unknown
	Line   int    // 1-based
	Column int    // 1-based, in bytes
	Text   string
}

// String formats m as "file:line:col: text", or just the text without a file.
func (m Message) String() string {
	if m.File == "" {
		return m.Text
	}
	return fmt.Sprintf("%s:%d:%d: %s", m.File, m.Line, m.Column, m.Text)
}

// BuildError is the error Build returns when the project cannot be bundled.
type BuildError struct {
	Messages []Message
}

// Error prints one message per line, "src/index.ts:3:7: error: …".
func (e *BuildError) Error() string {
	lines := make([]string, len(e.Messages))
	for i, m := range e.Messages {
		if m.File == "" {
			lines[i] = "error: " + m.Text
		} else {
			lines[i] = fmt.Sprintf("%s:%d:%d: error: %s", m.File, m.Line, m.Column, m.Text)
		}
	}
	return strings.Join(lines, "\n")
}

func buildError(text string) *BuildError {
	return &BuildError{Messages: []Message{{Text: text}}}
}

const topLevelAwaitText = "top-level await is not supported by kindling: goja runs scripts, not ES modules"

// convertMessages turns esbuild's messages into ours, rewording the ones
// whose esbuild text would mislead a Workers user.
func convertMessages(msgs []api.Message) []Message {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		out[i] = Message{Text: reword(m.Text)}
		if loc := m.Location; loc != nil {
			out[i].File, out[i].Line, out[i].Column = loc.File, loc.Line, loc.Column+1
		}
	}
	return out
}

func reword(text string) string {
	// esbuild says `Top-level await is currently not supported with the "cjs"
	// output format`, which invites changing a setting that kindling cannot change.
	if strings.Contains(text, "op-level await") {
		return topLevelAwaitText
	}
	// Without nodejs_compat a bare Node.js module name is looked up in
	// node_modules; esbuild's note about platform "node" does not apply here.
	if name, ok := strings.CutPrefix(text, `Could not resolve "`); ok {
		name = strings.TrimSuffix(name, `"`)
		if nodeBuiltins[strings.TrimPrefix(name, "node:")] {
			return text + `: it is a Node.js built-in module; enable the "nodejs_compat" compatibility flag to use it`
		}
	}
	return text
}
