package whatwgurl

import "strings"

// The setters of the URL API (https://url.spec.whatwg.org/#urlutils-members):
// each runs the basic URL parser with a state override on the URL itself,
// so an invalid value leaves the URL unchanged or partly updated exactly as
// the standard says.

// SetProtocol sets the scheme.
func (u *URL) SetProtocol(v string) { parse(v+":", nil, u, schemeStartState) }

// SetUsername sets the username (ignored when the URL cannot have one).
func (u *URL) SetUsername(v string) {
	if !u.CannotHaveCredentialsOrPort() {
		u.Username = EncodeUserinfo(v)
	}
}

// SetPassword sets the password (ignored when the URL cannot have one).
func (u *URL) SetPassword(v string) {
	if !u.CannotHaveCredentialsOrPort() {
		u.Password = EncodeUserinfo(v)
	}
}

// SetHost sets the host and, if given, the port. It reports whether the
// value parsed (the URL is unchanged if not).
func (u *URL) SetHost(v string) bool {
	return !u.IsOpaque && u.withCopy(func(c *URL) bool { return parse(v, nil, c, hostState) })
}

// SetHostname sets the host only, reporting whether the value parsed.
func (u *URL) SetHostname(v string) bool {
	return !u.IsOpaque && u.withCopy(func(c *URL) bool { return parse(v, nil, c, hostnameState) })
}

// SetPort sets the port; the empty string removes it. It reports whether
// the value parsed.
func (u *URL) SetPort(v string) bool {
	if u.CannotHaveCredentialsOrPort() {
		return false
	}
	if v == "" {
		u.Port = -1
		return true
	}
	return u.withCopy(func(c *URL) bool { return parse(v, nil, c, portState) })
}

// SetPathname replaces the path (ignored for an opaque path).
func (u *URL) SetPathname(v string) {
	if u.IsOpaque {
		return
	}
	u.Path = nil
	parse(v, nil, u, pathStartState)
}

// SetSearch replaces the query ("" removes it); the caller refreshes the
// URL's URLSearchParams.
func (u *URL) SetSearch(v string) {
	if v == "" {
		u.Query, u.HasQuery = "", false
		u.StripTrailingSpacesFromOpaquePath()
		return
	}
	v = strings.TrimPrefix(v, "?")
	u.Query, u.HasQuery = "", true
	parse(v, nil, u, queryState)
}

// SetHash replaces the fragment.
func (u *URL) SetHash(v string) {
	if v == "" {
		u.Fragment, u.HasFrag = "", false
		u.StripTrailingSpacesFromOpaquePath()
		return
	}
	v = strings.TrimPrefix(v, "#")
	u.Fragment, u.HasFrag = "", true
	parse(v, nil, u, fragmentState)
}

// withCopy runs a parse that may fail half-way on a copy, and keeps the
// result only if it succeeded: a failed host or port setter changes
// nothing.
func (u *URL) withCopy(fn func(c *URL) bool) bool {
	c := u.Clone()
	if !fn(c) {
		return false
	}
	*u = *c
	return true
}

// EncodeOpaquePath percent-encodes the C0 controls of an opaque path
// segment.
func EncodeOpaquePath(s string) string { return percentEncodeString(s, c0ControlSet) }
