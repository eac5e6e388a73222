package jsapi

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// probeCase is a function of a probe Worker and the JSON of what it
// answered under wrangler: {"ok": value}, or {"threw": {name, message,
// ctor}} when it threw.
type probeCase struct{ name, fn, want string }

// probeRun is how the probe Worker ran a case and turned its outcome into
// JSON.
const probeRun = `
try { return JSON.stringify({ ok: await (%s)() }); }
catch (e) { return JSON.stringify({ threw: { name: e?.name, message: e?.message, ctor: e?.constructor?.name } }); }`

// runProbeCases runs each case after the probe's helpers and compares its
// JSON with wrangler's.
func runProbeCases(t *testing.T, helpers string, cases []probeCase) {
	t.Helper()
	tr := newTestRealm(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr.t = t
			v, err := tr.eval(helpers + fmt.Sprintf(probeRun, c.fn))
			require.NoError(t, err)
			require.JSONEq(t, c.want, v.(string))
		})
	}
}

// HTMLRewriter against wrangler's answers: the API's surface and errors,
// selectors, text chunks, every mutation, handlers' order and
// asynchrony, streamed content, encodings, and lol-html's own test inputs
// (html_rewriter_cases_test.go).
func TestHTMLRewriterMatchesWorkerd(t *testing.T) {
	for _, set := range []struct {
		name    string
		helpers string
		cases   []probeCase
	}{
		{"api and mutations", htmlRewriterProbeHelpers1, htmlRewriterProbeCases1},
		{"text chunks and edge cases", htmlRewriterProbeHelpers2, htmlRewriterProbeCases2},
		{"errors and token shapes", htmlRewriterProbeHelpers3, htmlRewriterProbeCases3},
		{"selector syntax", htmlRewriterProbeHelpers4, htmlRewriterProbeCases4},
		{"input cut anywhere and lol-html cases", htmlRewriterProbeHelpers5, htmlRewriterProbeCases5},
	} {
		t.Run(set.name, func(t *testing.T) { runProbeCases(t, set.helpers, set.cases) })
	}
}
