package whatwgurl

import "strings"

// Pair is one name-value pair of a query.
type Pair struct{ Name, Value string }

// ParseForm is the application/x-www-form-urlencoded parser
// (https://url.spec.whatwg.org/#concept-urlencoded-parser).
func ParseForm(input string) []Pair {
	var out []Pair
	for _, seq := range strings.Split(input, "&") {
		if seq == "" {
			continue
		}
		name, value, _ := strings.Cut(seq, "=")
		out = append(out, Pair{formDecode(name), formDecode(value)})
	}
	return out
}

func formDecode(s string) string {
	return decodeUTF8Lossy(percentDecode(strings.ReplaceAll(s, "+", " ")))
}

// SerializeForm is the application/x-www-form-urlencoded serializer.
func SerializeForm(pairs []Pair) string {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		writeFormComponent(&b, p.Name)
		b.WriteByte('=')
		writeFormComponent(&b, p.Value)
	}
	return b.String()
}

// writeFormComponent percent-encodes with the
// application/x-www-form-urlencoded set, space as "+".
func writeFormComponent(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		x := s[i]
		switch {
		case x == ' ':
			b.WriteByte('+')
		case formSet.has(x):
			b.WriteByte('%')
			b.WriteByte(upperHex[x>>4])
			b.WriteByte(upperHex[x&15])
		default:
			b.WriteByte(x)
		}
	}
}
