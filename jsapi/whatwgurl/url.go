// Package whatwgurl is the URL Standard (https://url.spec.whatwg.org/):
// the basic URL parser with its state overrides (what the URL setters
// use), the serializer, hosts (domains through UTS #46, IPv4 in all its
// legacy forms, IPv6, opaque hosts), origins, and the
// application/x-www-form-urlencoded format of URLSearchParams.
//
// It works on Go strings of code points; a JS string with lone surrogates
// arrives with them already replaced by U+FFFD, as the URL API's
// USVString arguments are. It knows nothing of JavaScript: jsapi/url.go
// exposes it.
//
// Where the standard has moved, this follows what workerd's URL parser
// (ada) does: the path percent-encode set does not include "^", and
// spaces in an opaque path are kept as they are.
package whatwgurl

import (
	"errors"
	"strconv"
	"strings"
)

// URL is a parsed URL record.
type URL struct {
	Scheme   string
	Username string
	Password string
	// Host is the serialized host; HasHost false is the null host.
	Host    string
	HasHost bool
	// Port is -1 for null.
	Port int
	// Path is the list of segments, or for a URL with an opaque path
	// (mailto:, data:…), the single opaque string in OpaquePath.
	Path       []string
	OpaquePath string
	IsOpaque   bool
	Query      string
	HasQuery   bool
	Fragment   string
	HasFrag    bool
}

// ErrInvalid is returned for any input the parser rejects.
var ErrInvalid = errors.New("invalid URL")

var specialPorts = map[string]int{"ftp": 21, "file": -1, "http": 80, "https": 443, "ws": 80, "wss": 443}

// IsSpecial reports whether scheme is one of the special schemes.
func IsSpecial(scheme string) bool {
	_, ok := specialPorts[scheme]
	return ok
}

func defaultPort(scheme string) int {
	if p, ok := specialPorts[scheme]; ok {
		return p
	}
	return -1
}

func (u *URL) special() bool { return IsSpecial(u.Scheme) }

// includesCredentials is the spec's "includes credentials".
func (u *URL) includesCredentials() bool { return u.Username != "" || u.Password != "" }

// CannotHaveCredentialsOrPort is the spec's "cannot have a
// username/password/port".
func (u *URL) CannotHaveCredentialsOrPort() bool {
	return !u.HasHost || u.Host == "" || u.Scheme == "file"
}

// Clone returns a deep copy.
func (u *URL) Clone() *URL {
	c := *u
	c.Path = append([]string(nil), u.Path...)
	return &c
}

// Parse parses input against an optional base URL.
func Parse(input string, base *URL) (*URL, error) {
	u := &URL{Port: -1}
	input = strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	if !parse(input, base, u, noOverride) {
		return nil, ErrInvalid
	}
	return u, nil
}

// Href is the URL serializer.
func (u *URL) Href() string { return u.serialize(false) }

func (u *URL) serialize(excludeFragment bool) string {
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteByte(':')
	if u.HasHost {
		b.WriteString("//")
		if u.includesCredentials() {
			b.WriteString(u.Username)
			if u.Password != "" {
				b.WriteByte(':')
				b.WriteString(u.Password)
			}
			b.WriteByte('@')
		}
		b.WriteString(u.Host)
		if u.Port >= 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(u.Port))
		}
	}
	if !u.HasHost && !u.IsOpaque && len(u.Path) > 1 && u.Path[0] == "" {
		b.WriteString("/.")
	}
	b.WriteString(u.Pathname())
	if u.HasQuery {
		b.WriteByte('?')
		b.WriteString(u.Query)
	}
	if !excludeFragment && u.HasFrag {
		b.WriteByte('#')
		b.WriteString(u.Fragment)
	}
	return b.String()
}

// Pathname is the URL path serializer.
func (u *URL) Pathname() string {
	if u.IsOpaque {
		return u.OpaquePath
	}
	var b strings.Builder
	for _, seg := range u.Path {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	return b.String()
}

// HostPort is the URL's host with its port, as the host getter returns it.
func (u *URL) HostPort() string {
	if !u.HasHost {
		return ""
	}
	if u.Port < 0 {
		return u.Host
	}
	return u.Host + ":" + strconv.Itoa(u.Port)
}

// Origin is the ASCII serialization of the URL's origin ("null" for an
// opaque origin).
func (u *URL) Origin() string {
	switch u.Scheme {
	case "blob":
		inner, err := Parse(u.Pathname(), nil)
		if err == nil && (inner.Scheme == "http" || inner.Scheme == "https") {
			return inner.Origin()
		}
		return "null"
	case "ftp", "http", "https", "ws", "wss":
		return u.Scheme + "://" + u.HostPort()
	}
	return "null"
}

// shortenPath removes the last path segment, except a lone normalized
// Windows drive letter of a file URL.
func (u *URL) shortenPath() {
	if u.Scheme == "file" && len(u.Path) == 1 && isNormalizedWindowsDriveLetter(u.Path[0]) {
		return
	}
	if len(u.Path) > 0 {
		u.Path = u.Path[:len(u.Path)-1]
	}
}

// StripTrailingSpacesFromOpaquePath is the spec's step of the search and
// hash setters.
func (u *URL) StripTrailingSpacesFromOpaquePath() {
	if !u.IsOpaque || u.HasFrag || u.HasQuery {
		return
	}
	u.OpaquePath = strings.TrimRight(u.OpaquePath, " ")
}

func isASCIIAlpha(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isASCIIDigit(c rune) bool { return c >= '0' && c <= '9' }

func isASCIIHex(c rune) bool {
	return isASCIIDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isWindowsDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(rune(s[0])) && (s[1] == ':' || s[1] == '|')
}

func isNormalizedWindowsDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(rune(s[0])) && s[1] == ':'
}

// startsWithWindowsDriveLetter is the spec's test on the code points
// from the pointer on.
func startsWithWindowsDriveLetter(rest []rune) bool {
	if len(rest) < 2 || !isASCIIAlpha(rest[0]) || (rest[1] != ':' && rest[1] != '|') {
		return false
	}
	if len(rest) == 2 {
		return true
	}
	switch rest[2] {
	case '/', '\\', '?', '#':
		return true
	}
	return false
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}
