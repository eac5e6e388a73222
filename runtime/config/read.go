package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// field is the value at one key path of the file, or its absence. Reading
// a key of an absent or non-object field gives another absent field, so
// normalisers can walk the tree without checking every step; the typed
// readers below report wrong types where a value is actually used.
type field struct {
	path string
	name string   // the last key of path; "" for array items
	pos  position // of the key, or of the enclosing value when absent
	n    *node
}

func (f field) present() bool { return f.n != nil }

func (f field) key(name string) field {
	path := name
	if f.path != "" {
		path = f.path + "." + name
	}
	if f.n != nil && f.n.kind == kindObject {
		if m := f.n.lookup(name); m != nil {
			return field{path, name, m.pos, m.val}
		}
	}
	return field{path, name, f.pos, nil}
}

// members lists an object's keys in file order.
func (f field) members() []field {
	if f.n == nil || f.n.kind != kindObject {
		return nil
	}
	out := make([]field, len(f.n.members))
	for i, m := range f.n.members {
		out[i] = f.key(m.name)
	}
	return out
}

// normalizer collects the diagnostics of one configuration file.
type normalizer struct {
	file  string // as shown to the user
	toml  bool
	errs  []Diagnostic
	warns []Diagnostic
}

func (nz *normalizer) diag(f field, format string, args ...any) Diagnostic {
	return Diagnostic{File: nz.file, Line: f.pos.line, Column: f.pos.col, Path: f.path, Message: fmt.Sprintf(format, args...)}
}

func (nz *normalizer) errorf(f field, format string, args ...any) {
	nz.errs = append(nz.errs, nz.diag(f, format, args...))
}

func (nz *normalizer) warnf(f field, format string, args ...any) {
	nz.warns = append(nz.warns, nz.diag(f, format, args...))
}

func (nz *normalizer) wrongType(f field, want kind) {
	nz.errorf(f, "expected %s, got %s", want.name(nz.toml), f.n.typeName(nz.toml))
}

func (nz *normalizer) str(f field) string {
	s, _ := nz.optStr(f)
	return s
}

func (nz *normalizer) optStr(f field) (string, bool) {
	if !f.present() {
		return "", false
	}
	if f.n.kind != kindString {
		nz.wrongType(f, kindString)
		return "", false
	}
	return f.n.str, true
}

func (nz *normalizer) boolean(f field) (bool, bool) {
	if !f.present() {
		return false, false
	}
	if f.n.kind != kindBool {
		nz.wrongType(f, kindBool)
		return false, false
	}
	return f.n.boolean, true
}

// integer accepts whole numbers written either way (8787 or 8787.0), as
// JavaScript does not tell them apart.
func (nz *normalizer) integer(f field) (int64, bool) {
	if !f.present() {
		return 0, false
	}
	switch {
	case f.n.kind == kindInt:
		return f.n.num, true
	case f.n.kind == kindFloat && f.n.flt == math.Trunc(f.n.flt) && math.Abs(f.n.flt) < 1<<53:
		return int64(f.n.flt), true
	case f.n.kind == kindFloat:
		nz.errorf(f, "expected a whole number, got %s", strconv.FormatFloat(f.n.flt, 'g', -1, 64))
	default:
		nz.wrongType(f, kindInt)
	}
	return 0, false
}

// array returns the items of an array, or nil (with an error if f holds
// something else).
func (nz *normalizer) array(f field) []field {
	if !f.present() {
		return nil
	}
	if f.n.kind != kindArray {
		nz.wrongType(f, kindArray)
		return nil
	}
	out := make([]field, len(f.n.items))
	for i, it := range f.n.items {
		out[i] = field{path: fmt.Sprintf("%s[%d]", f.path, i), pos: it.pos, n: it}
	}
	return out
}

func (nz *normalizer) strings(f field) []string {
	var out []string
	for _, it := range nz.array(f) {
		if s, ok := nz.optStr(it); ok {
			out = append(out, s)
		}
	}
	return out
}

// object reports whether f is present and an object, with an error when it
// is present and something else.
func (nz *normalizer) object(f field) bool {
	if !f.present() {
		return false
	}
	if f.n.kind != kindObject {
		nz.wrongType(f, kindObject)
		return false
	}
	return true
}

// stringMap reads an object whose values must all be strings.
func (nz *normalizer) stringMap(f field) map[string]string {
	if !nz.object(f) {
		return nil
	}
	out := map[string]string{}
	for _, m := range f.members() {
		if s, ok := nz.optStr(m); ok {
			out[m.name] = s
		}
	}
	return out
}

// requiredStr reads obj.key, which must exist and be a string.
func (nz *normalizer) requiredStr(obj field, key string) string {
	f := obj.key(key)
	if !f.present() {
		nz.errorf(obj, "missing required key %q", key)
		return ""
	}
	return nz.str(f)
}

// oneOf reads an optional string that must be one of choices.
func (nz *normalizer) oneOf(f field, choices ...string) string {
	s, ok := nz.optStr(f)
	if !ok {
		return ""
	}
	if slices.Contains(choices, s) {
		return s
	}
	nz.errorf(f, "expected one of %s, got %q", quoteAll(choices), s)
	return ""
}

// unknownKeys warns, in wrangler's words, about keys it would not expect in
// obj. Unknown keys are warnings there too: a typo must not stop `dev`.
func (nz *normalizer) unknownKeys(obj field, label string, known ...string) {
	for _, m := range obj.members() {
		if !slices.Contains(known, m.name) {
			nz.warnf(m, "Unexpected fields found in %s field: %q", label, m.name)
		}
	}
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
