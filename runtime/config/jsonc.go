package config

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/tailscale/hujson"
)

// hujson reports positions only inside its error text.
var hujsonErrPos = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

// parseJSONC turns a JSON document, with the comments and trailing commas
// wrangler allows in both wrangler.json and wrangler.jsonc, into the shared
// tree.
func parseJSONC(data []byte) (*node, error) {
	v, err := hujson.Parse(data)
	if err != nil {
		if m := hujsonErrPos.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			return nil, &syntaxError{position{line, col}, m[3]}
		}
		return nil, &syntaxError{position{1, 1}, strings.TrimPrefix(err.Error(), "hujson: ")}
	}
	return jsonNode(data, &v)
}

func jsonNode(data []byte, v *hujson.Value) (*node, error) {
	n := &node{pos: offsetPos(data, v.StartOffset)}
	switch t := v.Value.(type) {
	case *hujson.Object:
		n.kind = kindObject
		for i := range t.Members {
			m := &t.Members[i]
			val, err := jsonNode(data, &m.Value)
			if err != nil {
				return nil, err
			}
			n.set(m.Name.Value.(hujson.Literal).String(), offsetPos(data, m.Name.StartOffset), val)
		}
	case *hujson.Array:
		n.kind = kindArray
		for i := range t.Elements {
			item, err := jsonNode(data, &t.Elements[i])
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
	case hujson.Literal:
		switch t.Kind() {
		case '"':
			n.kind, n.str = kindString, t.String()
		case 't', 'f':
			n.kind, n.boolean = kindBool, t.Bool()
		case 'n':
			n.kind = kindNull
		default:
			return jsonNumber(n, string(t))
		}
	}
	return n, nil
}

// jsonNumber keeps integers that fit in an int64 exact, like TOML integers,
// so `"port": 8787` and `port = 8787` give the same tree.
func jsonNumber(n *node, text string) (*node, error) {
	if !strings.ContainsAny(text, ".eE") {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			n.kind, n.num = kindInt, i
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return nil, &syntaxError{n.pos, "invalid number " + text}
	}
	n.kind, n.flt = kindFloat, f
	return n, nil
}
