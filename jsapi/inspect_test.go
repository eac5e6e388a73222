package jsapi

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

func TestStrEscape(t *testing.T) {
	units := func(s string) []uint16 { return utf16.Encode([]rune(s)) }
	for in, want := range map[string]string{
		"plain":          `'plain'`,
		"it's":           `"it's"`,
		`it's "x"`:       "`it's \"x\"`",
		"it's \"x\" `y`": `'it\'s "x" ` + "`y`'",
		"a\nb\t\x01\x7f": `'a\nb\t\x01\x7F'`,
		`back\slash`:     `'back\\slash'`,
		"é😀":             `'é😀'`,
		"\u0085":         `'\x85'`,
	} {
		require.Equal(t, want, strEscape(units(in)), in)
	}
	// Lone surrogates are written as escapes.
	require.Equal(t, `'a\ud800b\udc00'`, strEscape([]uint16{'a', 0xD800, 'b', 0xDC00}))
}

func TestGroupArrayElements(t *testing.T) {
	l := layout{breakLength: 80, compact: 3, maxArrayLength: 100}
	out := groupArrayElements(l, []string{"1", "2", "3", "4", "5", "6", "7"}, true)
	// What Node answers for [1, 2, 3, 4, 5, 6, 7] and
	// ['a', 'bb', 'ccc', 'd', 'e', 'f', 'g'] (reduceToSingleString adds
	// the commas between rows).
	require.Equal(t, []string{"1, 2, 3, 4", "5, 6, 7"}, out)
	out = groupArrayElements(l, []string{"'a'", "'bb'", "'ccc'", "'d'", "'e'", "'f'", "'g'"}, false)
	require.Equal(t, []string{"'a', 'bb', 'ccc'", "'d', 'e',  'f'", "'g'"}, out)
	// An entry much longer than the rest prevents grouping.
	long := []string{"1", "2", "3", "4", "5", "6", "'" + strings.Repeat("x", 60) + "'"}
	require.Equal(t, long, groupArrayElements(l, long, false))
}

func TestReduceToSingleString(t *testing.T) {
	l := layout{breakLength: 80, compact: 3, currentDepth: 1}
	require.Equal(t, "{ a: 1, b: 2 }", reduceToSingleString(l, []string{"a: 1", "b: 2"}, "", [2]string{"{", "}"}, kObjectType, 1, false))
	// Too deep for compact: one entry per line.
	l.currentDepth = 4
	require.Equal(t, "{\n  a: 1\n}", reduceToSingleString(l, []string{"a: 1"}, "", [2]string{"{", "}"}, kObjectType, 1, false))
	// A base with a line break (an error's stack) is never joined.
	l.currentDepth = 1
	require.Equal(t, "Error: x\n    at f {\n  a: 1\n}", reduceToSingleString(l, []string{"a: 1"}, "Error: x\n    at f", [2]string{"{", "}"}, kObjectType, 1, false))
}

func TestStringWidth(t *testing.T) {
	require.Equal(t, 5, stringWidth("hello"))
	require.Equal(t, 4, stringWidth("日本"))
	require.Equal(t, 1, stringWidth("e\u0301"))
	require.Equal(t, 2, jsLen("😀"))
}

func TestV8Stack(t *testing.T) {
	require.Equal(t, "TypeError: x\n    at f (a.js:1:2)\n    at a.js:3:4",
		v8Stack("TypeError: x\n\tat f (a.js:1:2(3))\n\tat native\n\tat a.js:3:4(5)\n"))
	require.Equal(t, "Error: two\nlines", v8Stack("Error: two\nlines"))
}
