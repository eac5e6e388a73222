package storage

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cases marked "conformance" are those of shared/conformance
// src/cases/do/kv.js, with the keys wrangler dev answered.
func TestList(t *testing.T) {
	keys := []string{"a", "ab", "abc", "b", "ba", "c", "d"}
	tests := []struct {
		name string
		opts ListOptions
		want []string
	}{
		{"all", ListOptions{}, keys},
		// conformance list-prefix
		{"prefix a", ListOptions{Prefix: "a"}, []string{"a", "ab", "abc"}},
		{"prefix ab", ListOptions{Prefix: "ab"}, []string{"ab", "abc"}},
		{"prefix without match", ListOptions{Prefix: "zz"}, []string{}},
		{"empty prefix", ListOptions{Prefix: ""}, keys},
		// conformance list-start-end
		{"start", ListOptions{Start: "b"}, []string{"b", "ba", "c", "d"}},
		{"end", ListOptions{End: "b"}, []string{"a", "ab", "abc"}},
		{"start and end", ListOptions{Start: "ab", End: "c"}, []string{"ab", "abc", "b", "ba"}},
		{"start between keys", ListOptions{Start: "aa"}, []string{"ab", "abc", "b", "ba", "c", "d"}},
		{"start after end", ListOptions{Start: "c", End: "a"}, []string{}},
		{"start equal to end", ListOptions{Start: "b", End: "b"}, []string{}},
		{"empty end", ListOptions{End: "", HasEnd: true}, []string{}},
		// conformance list-start-after
		{"startAfter", ListOptions{StartAfter: "ab"}, []string{"abc", "b", "ba", "c", "d"}},
		{"startAfter between keys", ListOptions{StartAfter: "aa"}, []string{"ab", "abc", "b", "ba", "c", "d"}},
		{"startAfter and end", ListOptions{StartAfter: "a", End: "b"}, []string{"ab", "abc"}},
		{"startAfter and prefix", ListOptions{StartAfter: "ab", Prefix: "a"}, []string{"abc"}},
		{"empty startAfter skips the empty key only", ListOptions{StartAfter: "", HasStartAfter: true}, keys},
		{"start and startAfter: the later bound", ListOptions{Start: "b", StartAfter: "a"}, []string{"b", "ba", "c", "d"}},
		{"startAfter and start: the later bound", ListOptions{Start: "a", StartAfter: "b"}, []string{"ba", "c", "d"}},
		// conformance list-reverse
		{"reverse", ListOptions{Reverse: true}, []string{"d", "c", "ba", "b", "abc", "ab", "a"}},
		{"reverse limit keeps the last keys", ListOptions{Reverse: true, Limit: 2}, []string{"d", "c"}},
		{"reverse start end limit", ListOptions{Reverse: true, Start: "ab", End: "c", Limit: 2}, []string{"ba", "b"}},
		{"reverse prefix", ListOptions{Reverse: true, Prefix: "a"}, []string{"abc", "ab", "a"}},
		{"reverse prefix limit", ListOptions{Reverse: true, Prefix: "a", Limit: 2}, []string{"abc", "ab"}},
		{"reverse startAfter", ListOptions{Reverse: true, StartAfter: "b"}, []string{"d", "c", "ba"}},
		{"reverse end", ListOptions{Reverse: true, End: "b"}, []string{"abc", "ab", "a"}},
		// conformance list-limit
		{"limit 1", ListOptions{Limit: 1}, []string{"a"}},
		{"limit 3", ListOptions{Limit: 3}, []string{"a", "ab", "abc"}},
		{"limit above count", ListOptions{Limit: 1000}, keys},
		{"prefix limit", ListOptions{Prefix: "a", Limit: 2}, []string{"a", "ab"}},
		{"start limit", ListOptions{Start: "b", Limit: 2}, []string{"b", "ba"}},
		{"limit 0 is no limit", ListOptions{Limit: 0}, keys},
		// conformance list-prefix-with-start-end
		{"prefix and start inside", ListOptions{Prefix: "a", Start: "ab"}, []string{"ab", "abc"}},
		{"prefix and end inside", ListOptions{Prefix: "a", End: "abc"}, []string{"a", "ab"}},
		{"prefix and start past it", ListOptions{Prefix: "a", Start: "b"}, []string{}},
		{"prefix and end before it", ListOptions{Prefix: "b", End: "b"}, []string{}},
		{"prefix and end past it", ListOptions{Prefix: "a", End: "c"}, []string{"a", "ab", "abc"}},
		{"prefix and start before it", ListOptions{Prefix: "b", Start: "a"}, []string{"b", "ba"}},
	}
	db, _ := openTemp(t)
	var seed []Entry
	for _, k := range keys {
		seed = append(seed, Entry{k, []byte("v-" + k)})
	}
	require.NoError(t, db.PutMany(seed))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.List(tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, keysOf(got))
			for _, e := range got {
				assert.Equal(t, "v-"+e.Key, string(e.Value))
			}
		})
	}
}

func TestListEmptyKey(t *testing.T) {
	db, _ := openTemp(t)
	require.NoError(t, db.PutMany([]Entry{{"", []byte("e")}, {"a", []byte("a")}}))
	for name, tc := range map[string]struct {
		opts ListOptions
		want []string
	}{
		"all":               {ListOptions{}, []string{"", "a"}},
		"empty startAfter":  {ListOptions{StartAfter: "", HasStartAfter: true}, []string{"a"}},
		"empty start":       {ListOptions{Start: ""}, []string{"", "a"}},
		"reverse":           {ListOptions{Reverse: true}, []string{"a", ""}},
		"end a":             {ListOptions{End: "a"}, []string{""}},
		"prefix matches it": {ListOptions{Prefix: "a"}, []string{"a"}},
	} {
		got, err := db.List(tc.opts)
		require.NoError(t, err)
		assert.Equal(t, tc.want, keysOf(got), name)
	}
}

// Keys order by their UTF-8 bytes, which differs from JS's UTF-16 order for
// U+E000..U+FFFF against astral characters. The expected order is what
// wrangler dev answered (conformance do/kv-utf8-key-order).
func TestListUTF8ByteOrder(t *testing.T) {
	db, _ := openTemp(t)
	for _, k := range []string{"z", "Z", "é", "😀", "\uffff", "\ue000", "a", "aa", "a\x00", "~", "ñ", "中"} {
		require.NoError(t, db.Put(k, []byte{1}))
	}
	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	var got []string
	for _, e := range es {
		var cps []string
		for _, r := range e.Key {
			cps = append(cps, fmt.Sprintf("%x", r))
		}
		got = append(got, strings.Join(cps, " "))
	}
	assert.Equal(t, []string{"5a", "61", "61 0", "61 61", "7a", "7e", "e9", "f1", "4e2d", "e000", "ffff", "1f600"}, got)

	// Ranges use the same order: U+FFFF sorts before U+1F600.
	es, err = db.List(ListOptions{StartAfter: "\uffff"})
	require.NoError(t, err)
	assert.Equal(t, []string{"😀"}, keysOf(es))
	es, err = db.List(ListOptions{Prefix: "a", Reverse: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"aa", "a\x00", "a"}, keysOf(es))
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct {
		prefix, end string
		bounded     bool
	}{
		{"a", "b", true},
		{"ab", "ac", true},
		{"a\xff", "b", true},
		{"a\xff\xff", "b", true},
		{"\xff", "", false},
		{"é", "\xc3\xaa", true},
		{"a\x00", "a\x01", true},
	} {
		end, bounded := prefixEnd(tc.prefix)
		assert.Equal(t, tc.end, end, "%q", tc.prefix)
		assert.Equal(t, tc.bounded, bounded, "%q", tc.prefix)
	}
}
