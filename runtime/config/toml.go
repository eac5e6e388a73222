package config

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// parseTOML turns a TOML document into the shared tree.
//
// go-toml's decoder checks the whole document first (syntax, duplicate keys,
// redefined tables, invalid dates) because its unstable parser only checks
// syntax. The parser then builds the tree: it is what keeps key order and the
// byte offsets of keys and values.
func parseTOML(data []byte) (*node, error) {
	var discard any
	if err := toml.Unmarshal(data, &discard); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, &syntaxError{position{line, col}, strings.TrimPrefix(de.Error(), "toml: ")}
		}
		return nil, &syntaxError{position{1, 1}, err.Error()}
	}

	b := tomlBuilder{data: data}
	root := &node{kind: kindObject, pos: position{1, 1}}
	current := root
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table:
			keys := b.keys(expr.Key())
			current = b.descend(root, keys, b.headerPos(keys[0]))
		case unstable.ArrayTable:
			keys := b.keys(expr.Key())
			hdr := b.headerPos(keys[0])
			parent := b.descend(root, keys[:len(keys)-1], hdr)
			last := keys[len(keys)-1]
			arr := parent.lookup(last.name)
			if arr == nil {
				parent.set(last.name, hdr, &node{kind: kindArray, pos: hdr})
				arr = parent.lookup(last.name)
			}
			current = &node{kind: kindObject, pos: hdr}
			arr.val.items = append(arr.val.items, current)
		case unstable.KeyValue:
			if err := b.keyValue(current, expr); err != nil {
				return nil, err
			}
		}
	}
	if err := p.Error(); err != nil {
		// Unreachable when the decoder accepted the document; kept so that a
		// disagreement between the two parsers is an error, not a panic.
		return nil, &syntaxError{position{1, 1}, err.Error()}
	}
	return root, nil
}

type tomlBuilder struct{ data []byte }

type tomlKey struct {
	name   string
	offset int
}

func (b tomlBuilder) keys(it unstable.Iterator) []tomlKey {
	var keys []tomlKey
	for it.Next() {
		k := it.Node()
		keys = append(keys, tomlKey{string(k.Data), int(k.Raw.Offset)})
	}
	return keys
}

func (b tomlBuilder) pos(offset int) position { return offsetPos(b.data, offset) }

// headerPos is where a [table] or [[array]] header starts: the line an error
// about a table points to.
func (b tomlBuilder) headerPos(first tomlKey) position {
	i := first.offset
	for i > 0 && strings.IndexByte(" \t[", b.data[i-1]) >= 0 {
		i--
	}
	return b.pos(i)
}

// descend walks a header's key path from the root, creating tables as TOML
// does implicitly. A path through an array of tables continues in its last
// element, which is how [a.b] after [[a]] is read.
func (b tomlBuilder) descend(root *node, keys []tomlKey, hdr position) *node {
	n := root
	for _, k := range keys {
		m := n.lookup(k.name)
		if m == nil {
			n.set(k.name, hdr, &node{kind: kindObject, pos: hdr})
			m = n.lookup(k.name)
		}
		n = m.val
		if n.kind == kindArray {
			n = n.items[len(n.items)-1]
		}
	}
	return n
}

// keyValue adds `a.b.c = value` to table t; dotted keys create tables.
func (b tomlBuilder) keyValue(t *node, kv *unstable.Node) error {
	keys := b.keys(kv.Key())
	for _, k := range keys[:len(keys)-1] {
		m := t.lookup(k.name)
		if m == nil {
			p := b.pos(k.offset)
			t.set(k.name, p, &node{kind: kindObject, pos: p})
			m = t.lookup(k.name)
		}
		t = m.val
	}
	last := keys[len(keys)-1]
	keyPos := b.pos(last.offset)
	v, err := b.value(kv.Value(), keyPos)
	if err != nil {
		return err
	}
	t.set(last.name, keyPos, v)
	return nil
}

// value converts one TOML value. Arrays carry no offset of their own, so
// they take the position of their key (or enclosing array).
func (b tomlBuilder) value(v *unstable.Node, fallback position) (*node, error) {
	p := fallback
	if v.Raw.Length > 0 {
		p = b.pos(int(v.Raw.Offset))
	}
	n := &node{pos: p}
	raw := string(v.Data)
	var err error
	switch v.Kind {
	case unstable.String:
		n.kind, n.str = kindString, raw
	case unstable.Bool:
		n.kind, n.boolean = kindBool, raw == "true"
	case unstable.Integer:
		n.kind = kindInt
		n.num, err = tomlInt(raw)
	case unstable.Float:
		n.kind = kindFloat
		n.flt, err = tomlFloat(raw)
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		n.kind, n.str = kindDateTime, raw
	case unstable.Array:
		n.kind = kindArray
		it := v.Children()
		for it.Next() {
			item, err := b.value(it.Node(), p)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
	case unstable.InlineTable:
		n.kind = kindObject
		it := v.Children()
		for it.Next() {
			if err := b.keyValue(n, it.Node()); err != nil {
				return nil, err
			}
		}
	}
	if err != nil {
		return nil, &syntaxError{p, err.Error()}
	}
	return n, nil
}

func tomlInt(raw string) (int64, error) {
	s := strings.ReplaceAll(raw, "_", "")
	if len(s) > 2 && s[0] == '0' && strings.IndexByte("xob", s[1]) >= 0 {
		return strconv.ParseInt(s, 0, 64)
	}
	return strconv.ParseInt(s, 10, 64)
}

func tomlFloat(raw string) (float64, error) {
	s := strings.ReplaceAll(raw, "_", "")
	if strings.TrimLeft(s, "+-") == "nan" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// offsetPos converts a byte offset into a 1-based line and byte column.
func offsetPos(data []byte, offset int) position {
	line, start := 1, 0
	for i := 0; i < offset && i < len(data); i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return position{line, offset - start + 1}
}
