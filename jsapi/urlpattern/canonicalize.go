package urlpattern

// The standard's canonicalization of each component
// (https://urlpattern.spec.whatwg.org/#canon-encoding-callbacks): a fixed
// piece of a pattern, or a component of a URL given as a URLPatternInit,
// goes through the URL parser as the URL would.

import (
	"strconv"
	"strings"

	"github.com/kindling-dev/kindling/jsapi/whatwgurl"
)

func dummyURL(scheme string) *whatwgurl.URL {
	u, err := whatwgurl.Parse(scheme+"://dummy.test", nil)
	if err != nil {
		u, _ = whatwgurl.Parse("fake://dummy.test", nil)
	}
	return u
}

func canonicalizeProtocol(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := whatwgurl.Parse(v+"://dummy.test", nil)
	if err != nil {
		return "", patternError("Invalid protocol '" + v + "'")
	}
	return u.Scheme, nil
}

func canonicalizeUsername(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	return whatwgurl.EncodeUserinfo(v), nil
}

func canonicalizePassword(v string) (string, error) { return canonicalizeUsername(v) }

func canonicalizeHostname(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u := dummyURL("https")
	if !u.SetHostname(v) {
		return "", patternError("Invalid hostname '" + v + "'")
	}
	return u.Host, nil
}

func canonicalizeIPv6(v string) (string, error) {
	var b strings.Builder
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '[' || c == ']') {
			return "", patternError("Invalid IPv6 hostname '" + v + "'")
		}
		b.WriteString(strings.ToLower(string(c)))
	}
	return b.String(), nil
}

func canonicalizePort(v string, protocol *string) (string, error) {
	if v == "" {
		return "", nil
	}
	scheme := "fake"
	if protocol != nil && *protocol != "" {
		scheme = *protocol
	}
	u := dummyURL(scheme)
	if !u.SetPort(v) {
		return "", patternError("Invalid port '" + v + "'")
	}
	if u.Port < 0 {
		return "", nil
	}
	return strconv.Itoa(u.Port), nil
}

func canonicalizePathname(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	leadingSlash := v[0] == '/'
	modified := v
	if !leadingSlash {
		modified = "/-" + v
	}
	u := dummyURL("https")
	u.SetPathname(modified)
	out := u.Pathname()
	if !leadingSlash {
		out = strings.TrimPrefix(out, "/-")
	}
	return out, nil
}

func canonicalizeOpaquePathname(v string) (string, error) { return whatwgurl.EncodeOpaquePath(v), nil }

func canonicalizeSearch(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u := dummyURL("fake")
	u.SetSearch(v)
	return u.Query, nil
}

func canonicalizeHash(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u := dummyURL("fake")
	u.SetHash(v)
	return u.Fragment, nil
}
