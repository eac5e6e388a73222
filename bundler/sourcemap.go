package bundler

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// This file adapts esbuild's source map to the Script we hand out: the
// wrapper adds lines before esbuild's output, the class-field rewrite moves
// columns, and sources become file:// URLs, the form wrangler's stack traces
// print (`at fetch (file:///abs/src/index.ts:12:11)`).
//
// A map of a large bundle has hundreds of thousands of segments, so the
// mappings are edited in place rather than decoded: a generated column is
// relative to the previous segment on the same line only, so moving columns
// touches just the lines that changed; and since the other fields are
// relative to the previous segment anywhere, adding one to every original
// column only changes the first segment that has one.

// sourceMapJSON is the subset of the source map format esbuild writes.
type sourceMapJSON struct {
	Version  int      `json:"version"`
	File     string   `json:"file,omitempty"`
	Sources  []string `json:"sources"`
	Names    []string `json:"names"`
	Mappings string   `json:"mappings"`
}

const base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// base64Values maps a base64 digit to its value, and anything else to -1.
var base64Values = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(base64Digits); i++ {
		v[base64Digits[i]] = int8(i)
	}
	return v
}()

// decodeVLQ decodes the VLQ at s[i:] and returns it and the index after it.
func decodeVLQ(s string, i int) (value, next int, err error) {
	shift := 0
	for ; i < len(s); i++ {
		digit := int(base64Values[s[i]])
		if digit < 0 {
			return 0, 0, fmt.Errorf("invalid base64 digit %q in source map", s[i])
		}
		value += (digit & 31) << shift
		if digit&32 != 0 {
			shift += 5
			continue
		}
		if value&1 != 0 {
			return -(value >> 1), i + 1, nil
		}
		return value >> 1, i + 1, nil
	}
	return 0, 0, fmt.Errorf("truncated VLQ %q in source map", s)
}

func encodeVLQ(b *strings.Builder, v int) {
	u := v << 1
	if v < 0 {
		u = (-v << 1) | 1
	}
	for {
		digit := u & 31
		u >>= 5
		if u > 0 {
			digit |= 32
		}
		b.WriteByte(base64Digits[digit])
		if u == 0 {
			return
		}
	}
}

// mapGeneratedColumns rewrites the generated column of every segment on one
// line of mappings with move, which must keep their order.
func mapGeneratedColumns(line string, move func(col int) int) (string, error) {
	if line == "" {
		return "", nil
	}
	var b strings.Builder
	b.Grow(len(line) + 8)
	oldCol, newCol := 0, 0
	for i, seg := range strings.Split(line, ",") {
		if i > 0 {
			b.WriteByte(',')
		}
		delta, rest, err := decodeVLQ(seg, 0)
		if err != nil {
			return "", err
		}
		oldCol += delta
		moved := move(oldCol)
		encodeVLQ(&b, moved-newCol)
		newCol = moved
		b.WriteString(seg[rest:])
	}
	return b.String(), nil
}

// bumpFirstGeneratedColumn adds one to the generated column of every segment
// on one line of mappings by changing only the first segment's, which the
// others are relative to.
func bumpFirstGeneratedColumn(line string) (string, error) {
	if line == "" {
		return "", nil
	}
	col, rest, err := decodeVLQ(line, 0)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(line) + 1)
	encodeVLQ(&b, col+1)
	b.WriteString(line[rest:])
	return b.String(), nil
}

// bumpFirstSourceColumn adds one to the original column of the first
// segment in lines that has one (its fourth field), which adds one to every
// original column in the map.
func bumpFirstSourceColumn(lines []string) error {
	for i, line := range lines {
		if line == "" {
			continue
		}
		segs := strings.Split(line, ",")
		for j, seg := range segs {
			var fields [4]int
			n, at := 0, 0
			for ; n < 4 && at < len(seg); n++ {
				v, next, err := decodeVLQ(seg, at)
				if err != nil {
					return err
				}
				fields[n], at = v, next
			}
			if n < 4 {
				continue // a segment of generated code with no source
			}
			fields[3]++
			var b strings.Builder
			for _, v := range fields {
				encodeVLQ(&b, v)
			}
			b.WriteString(seg[at:])
			segs[j] = b.String()
			lines[i] = strings.Join(segs, ",")
			return nil
		}
	}
	return nil
}

// columnShift says that on generated line `line`, every segment at or after
// column `from` moves by `delta` columns. Columns count UTF-16 code units,
// as source maps do.
type columnShift struct {
	line, from, delta int
}

// editShifts converts edits of src (in source order, none shrinking the text)
// into column shifts: a segment inside the replaced text stays where it is,
// and one at or after its end moves by the change in length.
func editShifts(src string, edits []edit) []columnShift {
	shifts := make([]columnShift, 0, len(edits))
	line, lineStart := 0, 0
	for _, e := range edits {
		// esbuild ends every line with "\n" and escapes U+2028 and U+2029.
		for {
			i := strings.IndexByte(src[lineStart:e.start], '\n')
			if i < 0 {
				break
			}
			line++
			lineStart += i + 1
		}
		shifts = append(shifts, columnShift{
			line:  line,
			from:  utf16Len(src[lineStart:e.end]),
			delta: utf16Len(e.text) - utf16Len(src[e.start:e.end]),
		})
	}
	return shifts
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// mapOptions says how to turn esbuild's source map into the Script's.
type mapOptions struct {
	file        string        // the "file" field: the script's name
	dir         string        // esbuild's sources are relative to this directory
	keepSources []string      // source prefixes that are not files (virtual namespaces)
	prefixLines int           // lines the wrapper adds before esbuild's output
	shifts      []columnShift // column changes, by esbuild output line, in order
}

// rewriteSourceMap returns esbuild's source map adapted to the final script,
// and the same map for goja (see Bundle.GojaSourceMap): every generated and
// original column one higher.
func rewriteSourceMap(raw []byte, opts mapOptions) (standard, forGoja []byte, err error) {
	var sm sourceMapJSON
	if err := json.Unmarshal(raw, &sm); err != nil {
		return nil, nil, fmt.Errorf("reading esbuild's source map: %w", err)
	}
	lines := strings.Split(sm.Mappings, ";")
	for i := 0; i < len(opts.shifts); {
		line := opts.shifts[i].line
		j := i
		for j < len(opts.shifts) && opts.shifts[j].line == line {
			j++
		}
		onLine := opts.shifts[i:j]
		if line < len(lines) {
			lines[line], err = mapGeneratedColumns(lines[line], func(col int) int {
				moved := col
				for _, sh := range onLine {
					if col >= sh.from {
						moved += sh.delta
					}
				}
				return moved
			})
			if err != nil {
				return nil, nil, err
			}
		}
		i = j
	}

	sm.File = opts.file
	for i, src := range sm.Sources {
		sm.Sources[i] = sourceURL(src, opts)
	}
	if sm.Names == nil {
		sm.Names = []string{}
	}
	prefix := strings.Repeat(";", opts.prefixLines)
	sm.Mappings = prefix + strings.Join(lines, ";")
	if standard, err = json.Marshal(sm); err != nil {
		return nil, nil, err
	}

	for i, line := range lines {
		if lines[i], err = bumpFirstGeneratedColumn(line); err != nil {
			return nil, nil, err
		}
	}
	if err := bumpFirstSourceColumn(lines); err != nil {
		return nil, nil, err
	}
	sm.Mappings = prefix + strings.Join(lines, ";")
	if forGoja, err = json.Marshal(sm); err != nil {
		return nil, nil, err
	}
	return standard, forGoja, nil
}

// sourceURL turns one of esbuild's source paths into an absolute file:// URL,
// leaving virtual modules ("kindling-builtin:node:buffer") as they are.
func sourceURL(src string, opts mapOptions) string {
	for _, prefix := range opts.keepSources {
		if strings.HasPrefix(src, prefix) {
			return src
		}
	}
	path := filepath.FromSlash(src)
	if !filepath.IsAbs(path) {
		path = filepath.Join(opts.dir, path)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
