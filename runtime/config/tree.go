package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Both file formats are parsed into this tree, so every check and every
// normalisation is written once. Nodes remember where they start and object
// members remember where their key is: that is where an error about the
// member points.

type kind uint8

const (
	kindObject kind = iota
	kindArray
	kindString
	kindInt
	kindFloat
	kindBool
	kindNull     // JSON only
	kindDateTime // TOML only: dates and times have no JSON form
)

type position struct{ line, col int }

// syntaxError is a file either parser could not read.
type syntaxError struct {
	pos position
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

type node struct {
	kind kind
	pos  position

	str     string  // kindString; the raw text for kindDateTime
	num     int64   // kindInt
	flt     float64 // kindFloat
	boolean bool    // kindBool

	members []*member // kindObject, in file order
	items   []*node   // kindArray
}

type member struct {
	name string
	pos  position // of the key
	val  *node
}

func (n *node) lookup(name string) *member {
	for _, m := range n.members {
		if m.name == name {
			return m
		}
	}
	return nil
}

// set adds a member, or replaces the value of an existing one while keeping
// its place: JSON.parse lets the last duplicate win and JavaScript objects
// keep a key where it was first inserted.
func (n *node) set(name string, pos position, val *node) {
	if m := n.lookup(name); m != nil {
		m.val = val
		return
	}
	n.members = append(n.members, &member{name: name, pos: pos, val: val})
}

// typeName is what an error calls a value's type.
func (n *node) typeName(toml bool) string { return n.kind.name(toml) }

// name is what an error calls a type. TOML users know objects as tables.
func (k kind) name(toml bool) string {
	switch k {
	case kindObject:
		if toml {
			return "a table"
		}
		return "an object"
	case kindArray:
		return "an array"
	case kindString:
		return "a string"
	case kindInt, kindFloat:
		return "a number"
	case kindBool:
		return "a boolean"
	case kindDateTime:
		return "a date-time"
	default:
		return "null"
	}
}

// toJSON encodes a value as JSON, keeping member order. Numbers are written
// as Go (and JavaScript) print float64s and int64s, so a TOML and a JSON file
// holding the same number encode it the same way.
func (n *node) toJSON() (json.RawMessage, error) {
	switch n.kind {
	case kindObject:
		buf := []byte{'{'}
		for i, m := range n.members {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, jsonString(m.name)...)
			v, err := m.val.toJSON()
			if err != nil {
				return nil, err
			}
			buf = append(buf, ':')
			buf = append(buf, v...)
		}
		return append(buf, '}'), nil
	case kindArray:
		buf := []byte{'['}
		for i, it := range n.items {
			if i > 0 {
				buf = append(buf, ',')
			}
			v, err := it.toJSON()
			if err != nil {
				return nil, err
			}
			buf = append(buf, v...)
		}
		return append(buf, ']'), nil
	case kindString:
		return jsonString(n.str), nil
	case kindInt:
		return strconv.AppendInt(nil, n.num, 10), nil
	case kindFloat:
		if math.IsInf(n.flt, 0) || math.IsNaN(n.flt) {
			return nil, fmt.Errorf("%v has no JSON form", n.flt)
		}
		return json.Marshal(n.flt)
	case kindBool:
		return json.Marshal(n.boolean)
	case kindNull:
		return json.RawMessage("null"), nil
	default:
		return nil, fmt.Errorf("TOML date-times are not supported; use a string such as \"%s\"", n.str)
	}
}

// jsonString quotes s without json.Marshal's HTML escaping: these values are
// handed to a Worker, never embedded in a web page.
func jsonString(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
