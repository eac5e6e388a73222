package bundler

import (
	"encoding/json"
	"errors"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// segment is one decoded mapping with absolute values; hasSource is false
// for generated code with no source.
type segment struct {
	genCol            int
	hasSource         bool
	source, line, col int
}

// decodeMappings fully decodes "mappings", one slice of segments per
// generated line, for the tests to inspect.
func decodeMappings(t *testing.T, mappings string) [][]segment {
	t.Helper()
	var lines [][]segment
	var source, line, col int
	for _, text := range strings.Split(mappings, ";") {
		var segs []segment
		genCol := 0
		for _, field := range strings.Split(text, ",") {
			var values []int
			for at := 0; at < len(field); {
				v, next, err := decodeVLQ(field, at)
				require.NoError(t, err)
				values = append(values, v)
				at = next
			}
			if len(values) == 0 {
				continue
			}
			genCol += values[0]
			seg := segment{genCol: genCol}
			if len(values) >= 4 {
				source, line, col = source+values[1], line+values[2], col+values[3]
				seg.hasSource, seg.source, seg.line, seg.col = true, source, line, col
			}
			segs = append(segs, seg)
		}
		lines = append(lines, segs)
	}
	return lines
}

func TestVLQ(t *testing.T) {
	for _, v := range []int{0, 1, -1, 15, 16, -16, 31, 32, 1000, -123456, 1 << 20} {
		var b strings.Builder
		encodeVLQ(&b, v)
		encodeVLQ(&b, 7)
		got, next, err := decodeVLQ(b.String(), 0)
		require.NoError(t, err)
		require.Equal(t, v, got, "encoded as %q", b.String())
		got, _, err = decodeVLQ(b.String(), next)
		require.NoError(t, err)
		require.Equal(t, 7, got)
	}
	var b strings.Builder
	encodeVLQ(&b, 16)
	require.Equal(t, "gB", b.String())
	_, _, err := decodeVLQ("g", 0) // a continuation digit with nothing after it
	require.Error(t, err)
	_, _, err = decodeVLQ("!", 0)
	require.Error(t, err)
}

func TestRewriteSourceMap(t *testing.T) {
	// Generated line 0 is `class A{get=1;set=2}throw 1`, with segments at
	// columns 0 (class), 8 (get), 14 (set) and 20 (throw), mapped to the same
	// columns of line 0 of src/a.ts; line 1 is a virtual module's, and
	// line 2 holds a segment with no source.
	src := "class A{get=1;set=2}throw 1\nx\ny"
	raw := `{"version":3,"sources":["src/a.ts","kindling-builtin:node:fs"],"names":[],"mappings":"AAAA,QAAQ,MAAM,MAAM;ACAA;A"}`
	edits, err := rewriteClassFields(src)
	require.NoError(t, err)
	require.Equal(t, `class A{"get"=1;"set"=2}throw 1`+"\nx\ny", applyEdits(src, edits))

	standard, forGoja, err := rewriteSourceMap([]byte(raw), mapOptions{
		file: "a.ts.bundle.js", dir: "/p r", keepSources: []string{"kindling-builtin:"},
		prefixLines: 1, shifts: editShifts(src, edits),
	})
	require.NoError(t, err)
	var sm sourceMapJSON
	require.NoError(t, json.Unmarshal(standard, &sm))
	require.Equal(t, "a.ts.bundle.js", sm.File)
	require.Equal(t, []string{"file:///p%20r/src/a.ts", "kindling-builtin:node:fs"}, sm.Sources)
	// The wrapper's line maps to nothing; "get" stays at 8 (now its opening
	// quote), "set" moves 2 and "throw" 4.
	require.Equal(t, [][]segment{
		nil,
		{{0, true, 0, 0, 0}, {8, true, 0, 0, 8}, {16, true, 0, 0, 14}, {24, true, 0, 0, 20}},
		{{0, true, 1, 0, 20}},
		{{0, false, 0, 0, 0}},
	}, decodeMappings(t, sm.Mappings))

	require.NoError(t, json.Unmarshal(forGoja, &sm))
	require.Equal(t, [][]segment{
		nil,
		{{1, true, 0, 0, 1}, {9, true, 0, 0, 9}, {17, true, 0, 0, 15}, {25, true, 0, 0, 21}},
		{{1, true, 1, 0, 21}},
		{{1, false, 0, 0, 0}},
	}, decodeMappings(t, sm.Mappings))

	_, _, err = rewriteSourceMap([]byte(`{"version":3,"sources":[],"mappings":"AA!A"}`), mapOptions{})
	require.ErrorContains(t, err, "invalid base64 digit")
}

// stackProject throws from a TypeScript function whose lines moved in the
// output (type-only lines vanish, esbuild adds helpers) and from a class
// field whose name the rewrite quotes, after another quoted name, all on the
// same output line when minified.
var stackProject = map[string]string{
	"src/index.ts": `import type { Env } from "./types";

interface Req {
  url: string;
}

function check(req: Req): void {
  if (req.url === "/boom") {
    throw new Error("boom at " + req.url);
  }
}

class Store { static get = "static";
  set = (key: string): never => { throw new TypeError("bad key " + key); };
}

export default {
  fetch(req: Req, env: Env) {
    check(req);
    return new Store().set(req.url);
  },
};
`,
	"src/types.ts": "export interface Env { NAME: string }\n",
}

type frame struct{ name, location string }

// stackFrames calls mod.default.fetch({url}) and returns the frames of the
// exception it throws. goja prints "at name (file:line:col(pc))", or
// "at file:line:col(pc)" for a nameless function.
func stackFrames(t *testing.T, b *Bundle, url string) []frame {
	t.Helper()
	h := newHost(t, "")
	h.load(b)
	_, err := h.vm.RunString(`mod.default.fetch({url: "` + url + `"})`)
	var exc *goja.Exception
	require.True(t, errors.As(err, &exc), "want a JS exception, got %v", err)
	var frames []frame
	re := regexp.MustCompile(`(?m)^\s*at (?:(\S+) \()?(\S+?)\(\d+\)\)?$`)
	for _, m := range re.FindAllStringSubmatch(exc.String(), -1) {
		frames = append(frames, frame{name: m[1], location: m[2]})
	}
	return frames
}

func TestSourceMappedStack(t *testing.T) {
	dir := writeProject(t, stackProject)
	index := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "src/index.ts"))}).String()
	for _, minify := range []bool{false, true} {
		b := build(t, dir, Options{KeepNames: true, Minify: minify})
		if minify {
			// The quoted fields and the throw share one output line, so the
			// throw's column is only right if the map accounts for the quotes
			// (4 columns: enough to reach the next token's mapping).
			require.Regexp(t, `"get"=.*"set"=.*throw new TypeError`, b.Script)
		}
		// Columns are 1-based, as V8 prints them: `new` of `throw new Error`.
		// goja names frames after the compiled function, so minified names
		// ("w") show; only the unminified names are checked.
		frames := stackFrames(t, b, "/boom")
		require.GreaterOrEqual(t, len(frames), 2, "minify=%v", minify)
		require.Equal(t, index+":9:11", frames[0].location, "minify=%v", minify)
		require.Regexp(t, `^`+regexp.QuoteMeta(index)+`:19:\d+$`, frames[1].location, "minify=%v", minify)
		if !minify {
			require.Equal(t, []string{"check", "fetch"}, []string{frames[0].name, frames[1].name})
		}

		frames = stackFrames(t, b, "/other")
		require.Equal(t, index+":14:41", frames[0].location, "minify=%v", minify)
		require.Regexp(t, `^`+regexp.QuoteMeta(index)+`:20:\d+$`, frames[1].location, "minify=%v", minify)
	}
}

// TestStandardSourceMapColumns checks the plain SourceMap with a standard
// lookup: the output position of `throw new Error` maps to 0-based column 10
// of line 9 (1-based) in index.ts.
func TestStandardSourceMapColumns(t *testing.T) {
	dir := writeProject(t, stackProject)
	b := build(t, dir, Options{KeepNames: true, Minify: true})
	var sm sourceMapJSON
	require.NoError(t, json.Unmarshal(b.SourceMap, &sm))
	lines := decodeMappings(t, sm.Mappings)
	scriptLines := strings.Split(b.Script, "\n")
	found := false
	for i, line := range scriptLines {
		col := strings.Index(line, `new Error("boom at "`)
		if col < 0 {
			continue
		}
		for _, seg := range lines[i] {
			if seg.genCol == col {
				require.Equal(t, segment{genCol: col, hasSource: true, source: seg.source, line: 8, col: 10}, seg)
				require.True(t, strings.HasSuffix(sm.Sources[seg.source], "/src/index.ts"))
				found = true
			}
		}
	}
	require.True(t, found, "no mapping at the start of `new Error` in:\n%s", b.Script)
}
