package jsapi

// The two formats a FormData body comes in, written and read the way
// workerd does (src/workerd/api/form-data.c++), which is laxer than
// RFC 7578 in places and stricter in others:
//   - multipart/form-data: parts delimited by "--boundary" lines that may
//     end in LF or CRLF; a part needs a Content-Disposition of "form-data"
//     with a quoted name, a filename makes it a file; names and filenames
//     are written with `"` and LF percent-escaped (as Chrome does) and are
//     not unescaped when read;
//   - application/x-www-form-urlencoded: name=value pairs split on "&",
//     "+" for space and percent escapes.
// Errors carry workerd's texts; the Body method turns them into TypeErrors.

import (
	"bytes"
	"errors"
	"mime"
	"regexp"
	"strings"
)

// formPart is one entry of a form: a string value, or a file when filename
// is set.
type formPart struct {
	name        string
	filename    *string
	contentType string
	value       []byte
}

// encodeMultipart writes parts as a multipart/form-data body.
func encodeMultipart(parts []formPart, boundary string) ([]byte, error) {
	var b bytes.Buffer
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString(`Content-Disposition: form-data; name="`)
		if err := writeEscapingQuotes(&b, p.name); err != nil {
			return nil, err
		}
		if p.filename == nil {
			b.WriteString("\"\r\n\r\n")
		} else {
			b.WriteString(`"; filename="`)
			if err := writeEscapingQuotes(&b, *p.filename); err != nil {
				return nil, err
			}
			typ := p.contentType
			if typ == "" {
				typ = "application/octet-stream"
			}
			b.WriteString("\"\r\nContent-Type: " + typ + "\r\n\r\n")
		}
		b.Write(p.value)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--")
	return b.Bytes(), nil
}

// writeEscapingQuotes writes a name or filename escaped as Chrome (and
// workerd) do: `"` and LF percent-encoded, `\` doubled.
func writeEscapingQuotes(b *bytes.Buffer, s string) error {
	if strings.HasSuffix(s, `\`) {
		return errors.New(`Name or filename can't end with backslash`)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString("%22")
		case '\n':
			b.WriteString("%0A")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(c)
		}
	}
	return nil
}

// parseFormData reads a body as the form its Content-Type names.
func parseFormData(data []byte, contentType string) ([]formPart, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch mediaType {
		case "multipart/form-data":
			boundary, ok := params["boundary"]
			if !ok {
				return nil, errors.New("No boundary string in Content-Type header. The multipart/form-data MIME type requires a boundary parameter, e.g. 'Content-Type: multipart/form-data; boundary=\"abcd\"'. See RFC 7578, section 4.")
			}
			return parseMultipart(data, boundary)
		case "application/x-www-form-urlencoded":
			if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") && !strings.EqualFold(cs, "unicode-1-1-utf-8") {
				return nil, errors.New("Non-utf-8 application/x-www-form-urlencoded body.")
			}
			return parseURLEncoded(data), nil
		}
	}
	return nil, errors.New("Unrecognized Content-Type header value. FormData can only parse the following MIME types: multipart/form-data, application/x-www-form-urlencoded")
}

// splitAt returns what precedes the first sep in text and what follows
// it; rest is empty when sep is missing.
func splitAt(text, sep []byte) (before, rest []byte) {
	i := bytes.Index(text, sep)
	if i < 0 {
		return text, nil
	}
	return text[:i], text[i+len(sep):]
}

var headerEnd = regexp.MustCompile(`\r?\n\r?\n`)

// parseMultipart reads a multipart/form-data body with workerd's algorithm:
// the first boundary may start the body, the following ones must start a
// line (LF, or CRLF whose CR is dropped from the part before).
func parseMultipart(data []byte, boundary string) ([]formPart, error) {
	delimiter := []byte("\n--" + boundary)
	_, rest := splitAt(data, delimiter[1:])
	if len(rest) == 0 {
		return nil, errors.New("No initial boundary string (or you have a truncated message).")
	}
	var parts []formPart
	for {
		switch {
		case bytes.HasPrefix(rest, []byte("\n")):
			rest = rest[1:]
		case bytes.HasPrefix(rest, []byte("\r\n")):
			rest = rest[2:]
		case bytes.HasPrefix(rest, []byte("--")):
			return parts, nil
		default:
			return nil, errors.New("Boundary string was not succeeded by CRLF, LF, or '--'.")
		}
		loc := headerEnd.FindIndex(rest)
		if loc == nil {
			return nil, errors.New("No multipart message header termination found.")
		}
		headers, ok := parsePartHeaders(rest[:loc[1]])
		rest = rest[loc[1]:]
		if !ok {
			return nil, errors.New("FormData part had invalid headers.")
		}
		disposition, ok := headers["content-disposition"]
		if !ok {
			return nil, errors.New("No valid Content-Disposition header found in FormData part.")
		}
		kind, params, ok := parseContentDisposition(disposition)
		if !ok {
			return nil, errors.New("Invalid Content-Disposition header found in FormData part.")
		}
		if kind != "form-data" {
			return nil, errors.New(`Content-Disposition header for FormData part must have the value "form-data", possibly followed by parameters. Got: "` + kind + `"`)
		}
		name, ok := params["name"]
		if !ok {
			return nil, errors.New("Content-Disposition header in FormData part is missing a name.")
		}
		var message []byte
		message, rest = splitAt(rest, delimiter)
		if len(rest) == 0 {
			return nil, errors.New("No subsequent boundary string after multipart message.")
		}
		message = bytes.TrimSuffix(message, []byte("\r"))
		part := formPart{name: name, contentType: headers["content-type"], value: message}
		if filename, ok := params["filename"]; ok {
			part.filename = &filename
		}
		parts = append(parts, part)
	}
}

// parsePartHeaders reads "Name: value" lines, keyed by lower-case name.
func parsePartHeaders(text []byte) (map[string]string, bool) {
	headers := make(map[string]string)
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !validName(name) {
			return nil, false
		}
		headers[strings.ToLower(name)] = strings.TrimSpace(value)
	}
	return headers, true
}

// parseContentDisposition reads `form-data; name="a"; filename="b"`:
// parameter values must be quoted; a backslash escapes the next character.
func parseContentDisposition(s string) (kind string, params map[string]string, ok bool) {
	i := 0
	skipSpace := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	identifier := func() string {
		start := i
		for i < len(s) && (isAlnum(s[i]) || s[i] == '_' || s[i] == '-') {
			i++
		}
		return s[start:i]
	}
	skipSpace()
	kind = identifier()
	if kind == "" {
		return "", nil, false
	}
	skipSpace()
	params = make(map[string]string)
	for i < len(s) && s[i] == ';' {
		i++
		skipSpace()
		key := identifier()
		skipSpace()
		if key == "" || i >= len(s) || s[i] != '=' {
			break
		}
		i++
		skipSpace()
		if i >= len(s) || s[i] != '"' {
			break
		}
		i++
		var value strings.Builder
		for i < len(s) && s[i] != '"' && s[i] != '\n' {
			if s[i] == '\\' && i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
			value.WriteByte(s[i])
			i++
		}
		if i >= len(s) || s[i] != '"' || value.Len() == 0 {
			break
		}
		i++
		skipSpace()
		params[key] = value.String()
	}
	return kind, params, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// parseURLEncoded reads an application/x-www-form-urlencoded body.
func parseURLEncoded(data []byte) []formPart {
	var parts []formPart
	for _, pair := range strings.Split(string(data), "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		parts = append(parts, formPart{name: formDecode(name), value: []byte(formDecode(value))})
	}
	return parts
}

// formDecode turns "+" into a space and decodes percent escapes, keeping
// malformed ones as they are.
func formDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return decodeUTF8Keep([]byte(b.String()))
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
