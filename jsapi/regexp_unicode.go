package jsapi

// Unicode property escapes in regular expressions (\p{…} and \P{…} with
// the u flag, ES2018). goja compiles them without error but as the letter
// "p", so /\p{L}/u.test("a") is silently false. kindling rewrites each
// escape into the explicit class of code points it stands for before goja
// sees the pattern:
//
//   - the bundler has esbuild turn a regex literal that uses them into
//     `new RegExp("…", "u")` (bundler/supported.go);
//   - the global RegExp is a Proxy of goja's whose construct and call
//     rewrite such patterns (js/unicode_regexp.js), which also covers
//     patterns built at run time, like zod's emoji check.
//
// General_Category and Script come from Go's unicode tables (Unicode 15);
// the binary properties (Alphabetic, Emoji, ID_Start…) from tables
// generated from V8 (unicode_binary_properties.go). Script_Extensions is
// answered with Script. An unknown property is a SyntaxError, as in V8.
//
// Visible differences: RegExp is a Proxy, so `/x/.constructor === RegExp`
// is false; a rewritten pattern's `source` is the expanded class.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/dop251/goja"
)

func installUnicodeRegExp(r *Realm) {
	install := r.runPrelude("unicode_regexp.js")
	fn, ok := goja.AssertFunction(install)
	if !ok {
		panic("jsapi: unicode_regexp.js did not evaluate to a function")
	}
	translate := r.function("translate", 1, func(call goja.FunctionCall) goja.Value {
		src := call.Argument(0).String()
		out, err := expandPropertyEscapes(src)
		if err != nil {
			panic(r.construct(r.rt.Get("SyntaxError").(*goja.Object), "Invalid regular expression: /"+src+"/u: "+err.Error()))
		}
		return r.rt.ToValue(out)
	})
	_, err := fn(goja.Undefined(), translate)
	must(err)
}

// codeRange is an inclusive range of code points.
type codeRange struct{ lo, hi rune }

// expandPropertyEscapes rewrites every \p{…} and \P{…} of a u-mode
// pattern into a character class; the rest is copied as it is.
func expandPropertyEscapes(src string) (string, error) {
	var b strings.Builder
	in := []rune(src)
	inClass := false
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == '\\' && i+1 < len(in):
			next := in[i+1]
			if (next == 'p' || next == 'P') && i+2 < len(in) && in[i+2] == '{' {
				end := slices.Index(in[i+3:], '}')
				if end < 0 {
					return "", fmt.Errorf("Invalid property name")
				}
				ranges, err := propertyRanges(string(in[i+3 : i+3+end]))
				if err != nil {
					return "", err
				}
				negated := next == 'P'
				switch {
				case inClass && negated:
					writeRanges(&b, complementRanges(ranges))
				case inClass:
					writeRanges(&b, ranges)
				case negated:
					b.WriteString("[^")
					writeRanges(&b, ranges)
					b.WriteByte(']')
				default:
					b.WriteByte('[')
					writeRanges(&b, ranges)
					b.WriteByte(']')
				}
				i += 3 + end
				continue
			}
			b.WriteRune(c)
			b.WriteRune(next)
			i++
		case c == '[' && !inClass:
			inClass = true
			b.WriteRune(c)
		case c == ']' && inClass:
			inClass = false
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String(), nil
}

func writeRanges(b *strings.Builder, ranges []codeRange) {
	for _, r := range ranges {
		fmt.Fprintf(b, `\u{%X}`, r.lo)
		if r.hi > r.lo {
			fmt.Fprintf(b, `-\u{%X}`, r.hi)
		}
	}
}

var (
	propertyCacheMu sync.Mutex
	propertyCache   = map[string][]codeRange{}
)

// propertyRanges resolves a property expression: a General_Category value,
// a binary property, or name=value for gc, sc and scx.
func propertyRanges(expr string) ([]codeRange, error) {
	propertyCacheMu.Lock()
	defer propertyCacheMu.Unlock()
	if r, ok := propertyCache[expr]; ok {
		return r, nil
	}
	var ranges []codeRange
	name, value, hasValue := strings.Cut(expr, "=")
	switch {
	case !hasValue:
		if ranges = generalCategory(name); ranges == nil {
			ranges = binaryProperty(name)
		}
	case name == "General_Category" || name == "gc":
		ranges = generalCategory(value)
	case name == "Script" || name == "sc" || name == "Script_Extensions" || name == "scx":
		if long, ok := scriptAliases[value]; ok {
			value = long
		}
		if t, ok := unicode.Scripts[value]; ok {
			ranges = tableRanges(t)
		}
	}
	if ranges == nil {
		return nil, fmt.Errorf("Invalid property name")
	}
	propertyCache[expr] = ranges
	return ranges, nil
}

// generalCategory returns the code points of a General_Category value,
// by short or long name; unassigned code points are Cn, and C includes
// them, as ECMAScript has it.
func generalCategory(name string) []codeRange {
	if long, ok := categoryAliases[name]; ok {
		name = long
	}
	switch name {
	case "Cn":
		return unassigned()
	case "C":
		return unionRanges(tableRanges(unicode.C), unassigned())
	case "LC":
		return unionRanges(tableRanges(unicode.Lu), tableRanges(unicode.Ll), tableRanges(unicode.Lt))
	}
	if t, ok := unicode.Categories[name]; ok {
		return tableRanges(t)
	}
	return nil
}

func unassigned() []codeRange {
	var all [][]codeRange
	for name, t := range unicode.Categories {
		if len(name) == 2 {
			all = append(all, tableRanges(t))
		}
	}
	return complementRanges(unionRanges(all...))
}

func binaryProperty(name string) []codeRange {
	if long, ok := binaryAliases[name]; ok {
		name = long
	}
	switch name {
	case "Any":
		return []codeRange{{0, unicode.MaxRune}}
	case "ASCII":
		return []codeRange{{0, 0x7F}}
	case "Assigned":
		return complementRanges(unassigned())
	}
	enc, ok := binaryPropertyRanges[name]
	if !ok {
		return nil
	}
	var out []codeRange
	prev := rune(0)
	for _, item := range strings.Split(strings.TrimSuffix(enc, ","), ",") {
		gap, length, _ := strings.Cut(item, ".")
		g, _ := strconv.ParseInt(gap, 36, 32)
		n := int64(0)
		if length != "" {
			n, _ = strconv.ParseInt(length, 36, 32)
		}
		lo := prev + rune(g)
		out = append(out, codeRange{lo, lo + rune(n)})
		prev = lo + rune(n)
	}
	return out
}

// tableRanges flattens a unicode.RangeTable (strided entries expanded).
func tableRanges(t *unicode.RangeTable) []codeRange {
	var out []codeRange
	add := func(lo, hi, stride rune) {
		if stride == 1 {
			out = append(out, codeRange{lo, hi})
			return
		}
		for c := lo; c <= hi; c += stride {
			out = append(out, codeRange{c, c})
		}
	}
	for _, r := range t.R16 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return unionRanges(out)
}

// unionRanges merges range lists into one sorted list without overlaps or
// adjacent ranges.
func unionRanges(lists ...[]codeRange) []codeRange {
	var all []codeRange
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.SortFunc(all, func(a, b codeRange) int { return int(a.lo - b.lo) })
	var out []codeRange
	for _, r := range all {
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// complementRanges is every code point not in the (sorted, merged) list.
func complementRanges(ranges []codeRange) []codeRange {
	var out []codeRange
	next := rune(0)
	for _, r := range ranges {
		if r.lo > next {
			out = append(out, codeRange{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, codeRange{next, unicode.MaxRune})
	}
	return out
}

var categoryAliases = map[string]string{
	"Letter": "L", "Cased_Letter": "LC", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll", "Titlecase_Letter": "Lt",
	"Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M", "Combining_Mark": "M", "Nonspacing_Mark": "Mn",
	"Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Number": "N", "Decimal_Number": "Nd", "digit": "Nd", "Letter_Number": "Nl",
	"Other_Number": "No", "Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd",
	"Open_Punctuation": "Ps", "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi", "Final_Punctuation": "Pf",
	"Other_Punctuation": "Po", "Symbol": "S", "Math_Symbol": "Sm", "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk",
	"Other_Symbol": "So", "Separator": "Z", "Space_Separator": "Zs", "Line_Separator": "Zl", "Paragraph_Separator": "Zp",
	"Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Surrogate": "Cs", "Private_Use": "Co", "Unassigned": "Cn",
}

var binaryAliases = map[string]string{
	"AHex": "ASCII_Hex_Digit", "Alpha": "Alphabetic", "Bidi_C": "Bidi_Control", "Bidi_M": "Bidi_Mirrored", "CI": "Case_Ignorable",
	"CWCF": "Changes_When_Casefolded", "CWCM": "Changes_When_Casemapped", "CWL": "Changes_When_Lowercased",
	"CWKCF": "Changes_When_NFKC_Casefolded", "CWT": "Changes_When_Titlecased", "CWU": "Changes_When_Uppercased",
	"DI": "Default_Ignorable_Code_Point", "Dep": "Deprecated", "Dia": "Diacritic", "EBase": "Emoji_Modifier_Base",
	"EComp": "Emoji_Component", "EMod": "Emoji_Modifier", "EPres": "Emoji_Presentation", "ExtPict": "Extended_Pictographic",
	"Ext": "Extender", "Gr_Base": "Grapheme_Base", "Gr_Ext": "Grapheme_Extend", "Hex": "Hex_Digit", "IDSB": "IDS_Binary_Operator",
	"IDST": "IDS_Trinary_Operator", "IDC": "ID_Continue", "IDS": "ID_Start", "Ideo": "Ideographic", "Join_C": "Join_Control",
	"LOE": "Logical_Order_Exception", "Lower": "Lowercase", "NChar": "Noncharacter_Code_Point", "Pat_Syn": "Pattern_Syntax",
	"Pat_WS": "Pattern_White_Space", "QMark": "Quotation_Mark", "RI": "Regional_Indicator", "STerm": "Sentence_Terminal",
	"SD": "Soft_Dotted", "Term": "Terminal_Punctuation", "UIdeo": "Unified_Ideograph", "Upper": "Uppercase",
	"VS": "Variation_Selector", "space": "White_Space", "XIDC": "XID_Continue", "XIDS": "XID_Start",
}

// scriptAliases maps the ISO 15924 codes of the scripts code most often
// names to Go's long script names (the long names work as they are).
var scriptAliases = map[string]string{
	"Zyyy": "Common", "Zinh": "Inherited", "Qaai": "Inherited", "Latn": "Latin", "Grek": "Greek", "Cyrl": "Cyrillic",
	"Armn": "Armenian", "Hebr": "Hebrew", "Arab": "Arabic", "Syrc": "Syriac", "Thaa": "Thaana", "Deva": "Devanagari",
	"Beng": "Bengali", "Guru": "Gurmukhi", "Gujr": "Gujarati", "Orya": "Oriya", "Taml": "Tamil", "Telu": "Telugu",
	"Knda": "Kannada", "Mlym": "Malayalam", "Sinh": "Sinhala", "Thai": "Thai", "Laoo": "Lao", "Tibt": "Tibetan",
	"Mymr": "Myanmar", "Geor": "Georgian", "Hang": "Hangul", "Ethi": "Ethiopic", "Cher": "Cherokee", "Khmr": "Khmer",
	"Mong": "Mongolian", "Hira": "Hiragana", "Kana": "Katakana", "Bopo": "Bopomofo", "Hani": "Han", "Yiii": "Yi",
	"Copt": "Coptic", "Qaac": "Coptic", "Tglg": "Tagalog", "Brai": "Braille", "Runr": "Runic", "Ogam": "Ogham",
	"Tfng": "Tifinagh", "Nkoo": "Nko", "Vaii": "Vai", "Bali": "Balinese", "Java": "Javanese", "Cans": "Canadian_Aboriginal",
}
