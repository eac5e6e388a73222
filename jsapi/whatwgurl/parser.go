package whatwgurl

import (
	"strings"
)

// state is a state of the basic URL parser
// (https://url.spec.whatwg.org/#concept-basic-url-parser).
type state int

const (
	noOverride state = iota
	schemeStartState
	schemeState
	noSchemeState
	specialRelativeOrAuthorityState
	pathOrAuthorityState
	relativeState
	relativeSlashState
	specialAuthoritySlashesState
	specialAuthorityIgnoreSlashesState
	authorityState
	hostState
	hostnameState
	portState
	fileState
	fileSlashState
	fileHostState
	pathStartState
	pathState
	opaquePathState
	queryState
	fragmentState
)

const eof = -1

// parse runs the basic URL parser on input (leading and trailing C0
// controls and spaces already stripped when there is no state override)
// into u. It returns false for failure. With a state override it stops
// early as the spec says, leaving u as far as it got; the setters use
// that.
func parse(input string, base *URL, u *URL, override state) bool {
	// Remove all ASCII tab or newline.
	input = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, input)
	in := []rune(input)
	st := override
	if st == noOverride {
		st = schemeStartState
	}
	var buf strings.Builder
	atSignSeen, insideBrackets, passwordTokenSeen := false, false, false
	remainingStartsWith := func(p int, c rune) bool { return p+1 < len(in) && in[p+1] == c }

	for p := 0; ; p++ {
		c := rune(eof)
		if p < len(in) {
			c = in[p]
		}
		switch st {
		case schemeStartState:
			if isASCIIAlpha(c) {
				buf.WriteRune(toLower(c))
				st = schemeState
			} else if override == noOverride {
				st = noSchemeState
				p--
			} else {
				return false
			}

		case schemeState:
			if isASCIIAlpha(c) || isASCIIDigit(c) || c == '+' || c == '-' || c == '.' {
				buf.WriteRune(toLower(c))
			} else if c == ':' {
				scheme := buf.String()
				if override != noOverride {
					if u.special() != IsSpecial(scheme) {
						return true
					}
					if (u.includesCredentials() || u.Port >= 0) && scheme == "file" {
						return true
					}
					if u.Scheme == "file" && u.HasHost && u.Host == "" {
						return true
					}
				}
				u.Scheme = scheme
				if override != noOverride {
					if u.Port == defaultPort(u.Scheme) {
						u.Port = -1
					}
					return true
				}
				buf.Reset()
				switch {
				case u.Scheme == "file":
					st = fileState
				case u.special() && base != nil && base.Scheme == u.Scheme:
					st = specialRelativeOrAuthorityState
				case u.special():
					st = specialAuthoritySlashesState
				case remainingStartsWith(p, '/'):
					st = pathOrAuthorityState
					p++
				default:
					u.IsOpaque, u.OpaquePath = true, ""
					st = opaquePathState
				}
			} else if override == noOverride {
				buf.Reset()
				st = noSchemeState
				p = -1
			} else {
				return false
			}

		case noSchemeState:
			if base == nil || (base.IsOpaque && c != '#') {
				return false
			} else if base.IsOpaque && c == '#' {
				u.Scheme = base.Scheme
				u.IsOpaque, u.OpaquePath = true, base.OpaquePath
				u.Query, u.HasQuery = base.Query, base.HasQuery
				u.Fragment, u.HasFrag = "", true
				st = fragmentState
			} else if base.Scheme != "file" {
				st = relativeState
				p--
			} else {
				st = fileState
				p--
			}

		case specialRelativeOrAuthorityState:
			if c == '/' && remainingStartsWith(p, '/') {
				st = specialAuthorityIgnoreSlashesState
				p++
			} else {
				st = relativeState
				p--
			}

		case pathOrAuthorityState:
			if c == '/' {
				st = authorityState
			} else {
				st = pathState
				p--
			}

		case relativeState:
			u.Scheme = base.Scheme
			if c == '/' || (u.special() && c == '\\') {
				st = relativeSlashState
			} else {
				u.Username, u.Password = base.Username, base.Password
				u.Host, u.HasHost, u.Port = base.Host, base.HasHost, base.Port
				u.Path = append([]string(nil), base.Path...)
				u.Query, u.HasQuery = base.Query, base.HasQuery
				switch c {
				case '?':
					u.Query, u.HasQuery = "", true
					st = queryState
				case '#':
					u.Fragment, u.HasFrag = "", true
					st = fragmentState
				case eof:
				default:
					u.Query, u.HasQuery = "", false
					u.shortenPath()
					st = pathState
					p--
				}
			}

		case relativeSlashState:
			if u.special() && (c == '/' || c == '\\') {
				st = specialAuthorityIgnoreSlashesState
			} else if c == '/' {
				st = authorityState
			} else {
				u.Username, u.Password = base.Username, base.Password
				u.Host, u.HasHost, u.Port = base.Host, base.HasHost, base.Port
				st = pathState
				p--
			}

		case specialAuthoritySlashesState:
			if c == '/' && remainingStartsWith(p, '/') {
				st = specialAuthorityIgnoreSlashesState
				p++
			} else {
				st = specialAuthorityIgnoreSlashesState
				p--
			}

		case specialAuthorityIgnoreSlashesState:
			if c != '/' && c != '\\' {
				st = authorityState
				p--
			}

		case authorityState:
			if c == '@' {
				if atSignSeen {
					s := "%40" + buf.String()
					buf.Reset()
					buf.WriteString(s)
				}
				atSignSeen = true
				for _, cp := range buf.String() {
					if cp == ':' && !passwordTokenSeen {
						passwordTokenSeen = true
						continue
					}
					enc := percentEncodeRune(cp, userinfoSet)
					if passwordTokenSeen {
						u.Password += enc
					} else {
						u.Username += enc
					}
				}
				buf.Reset()
			} else if c == eof || c == '/' || c == '?' || c == '#' || (u.special() && c == '\\') {
				if atSignSeen && buf.Len() == 0 {
					return false
				}
				p -= len([]rune(buf.String())) + 1
				buf.Reset()
				st = hostState
			} else {
				buf.WriteRune(c)
			}

		case hostState, hostnameState:
			if override != noOverride && u.Scheme == "file" {
				p--
				st = fileHostState
			} else if c == ':' && !insideBrackets {
				if buf.Len() == 0 {
					return false
				}
				if override == hostnameState {
					return false
				}
				host, ok := parseHost(buf.String(), !u.special())
				if !ok {
					return false
				}
				u.Host, u.HasHost = host, true
				buf.Reset()
				st = portState
			} else if c == eof || c == '/' || c == '?' || c == '#' || (u.special() && c == '\\') {
				p--
				if u.special() && buf.Len() == 0 {
					return false
				} else if override != noOverride && buf.Len() == 0 && (u.includesCredentials() || u.Port >= 0) {
					return false
				}
				host, ok := parseHost(buf.String(), !u.special())
				if !ok {
					return false
				}
				u.Host, u.HasHost = host, true
				buf.Reset()
				st = pathStartState
				if override != noOverride {
					return true
				}
			} else {
				if c == '[' {
					insideBrackets = true
				}
				if c == ']' {
					insideBrackets = false
				}
				buf.WriteRune(c)
			}

		case portState:
			if isASCIIDigit(c) {
				buf.WriteRune(c)
			} else if c == eof || c == '/' || c == '?' || c == '#' || (u.special() && c == '\\') || override != noOverride {
				if buf.Len() != 0 {
					port := 0
					for _, d := range buf.String() {
						if port = port*10 + int(d-'0'); port > 65535 {
							return false
						}
					}
					if port == defaultPort(u.Scheme) {
						u.Port = -1
					} else {
						u.Port = port
					}
					buf.Reset()
					if override != noOverride {
						return true
					}
				}
				if override != noOverride {
					return false
				}
				st = pathStartState
				p--
			} else {
				return false
			}

		case fileState:
			u.Scheme = "file"
			u.Host, u.HasHost = "", true
			if c == '/' || c == '\\' {
				st = fileSlashState
			} else if base != nil && base.Scheme == "file" {
				u.Host, u.HasHost = base.Host, base.HasHost
				u.Path = append([]string(nil), base.Path...)
				u.Query, u.HasQuery = base.Query, base.HasQuery
				switch c {
				case '?':
					u.Query, u.HasQuery = "", true
					st = queryState
				case '#':
					u.Fragment, u.HasFrag = "", true
					st = fragmentState
				case eof:
				default:
					u.Query, u.HasQuery = "", false
					if !startsWithWindowsDriveLetter(in[p:]) {
						u.shortenPath()
					} else {
						u.Path = nil
					}
					st = pathState
					p--
				}
			} else {
				st = pathState
				p--
			}

		case fileSlashState:
			if c == '/' || c == '\\' {
				st = fileHostState
			} else {
				if base != nil && base.Scheme == "file" {
					u.Host, u.HasHost = base.Host, base.HasHost
					if !startsWithWindowsDriveLetter(in[p:]) && len(base.Path) > 0 && isNormalizedWindowsDriveLetter(base.Path[0]) {
						u.Path = append(u.Path, base.Path[0])
					}
				}
				st = pathState
				p--
			}

		case fileHostState:
			if c == eof || c == '/' || c == '\\' || c == '?' || c == '#' {
				p--
				if override == noOverride && isWindowsDriveLetter(buf.String()) {
					// The buffer is kept: it is the path's first segment.
					st = pathState
				} else if buf.Len() == 0 {
					u.Host, u.HasHost = "", true
					if override != noOverride {
						return true
					}
					st = pathStartState
				} else {
					host, ok := parseHost(buf.String(), !u.special())
					if !ok {
						return false
					}
					if host == "localhost" {
						host = ""
					}
					u.Host, u.HasHost = host, true
					if override != noOverride {
						return true
					}
					buf.Reset()
					st = pathStartState
				}
			} else {
				buf.WriteRune(c)
			}

		case pathStartState:
			if u.special() {
				st = pathState
				if c != '/' && c != '\\' {
					p--
				}
			} else if override == noOverride && c == '?' {
				u.Query, u.HasQuery = "", true
				st = queryState
			} else if override == noOverride && c == '#' {
				u.Fragment, u.HasFrag = "", true
				st = fragmentState
			} else if c != eof {
				st = pathState
				if c != '/' {
					p--
				}
			} else if override != noOverride && !u.HasHost {
				u.Path = append(u.Path, "")
			}

		case pathState:
			slash := c == '/' || (u.special() && c == '\\')
			if c == eof || slash || (override == noOverride && (c == '?' || c == '#')) {
				seg := buf.String()
				if isDoubleDot(seg) {
					u.shortenPath()
					if !slash {
						u.Path = append(u.Path, "")
					}
				} else if isSingleDot(seg) && !slash {
					u.Path = append(u.Path, "")
				} else if !isSingleDot(seg) {
					if u.Scheme == "file" && len(u.Path) == 0 && isWindowsDriveLetter(seg) {
						seg = seg[:1] + ":"
					}
					u.Path = append(u.Path, seg)
				}
				buf.Reset()
				if c == '?' {
					u.Query, u.HasQuery = "", true
					st = queryState
				}
				if c == '#' {
					u.Fragment, u.HasFrag = "", true
					st = fragmentState
				}
			} else {
				buf.WriteString(percentEncodeRune(c, pathSet))
			}

		case opaquePathState:
			switch c {
			case '?':
				u.Query, u.HasQuery = "", true
				st = queryState
			case '#':
				u.Fragment, u.HasFrag = "", true
				st = fragmentState
			case eof:
			default:
				u.OpaquePath += percentEncodeRune(c, c0ControlSet)
			}

		case queryState:
			if (override == noOverride && c == '#') || c == eof {
				set := querySet
				if u.special() {
					set = specialQuerySet
				}
				u.Query += percentEncodeString(buf.String(), set)
				buf.Reset()
				if c == '#' {
					u.Fragment, u.HasFrag = "", true
					st = fragmentState
				}
			} else {
				buf.WriteRune(c)
			}

		case fragmentState:
			if c != eof {
				u.Fragment += percentEncodeRune(c, fragmentSet)
			}
		}
		// After a run the pointer may have moved back; the machine stops
		// only once a run ends on the EOF code point.
		if p >= len(in) {
			return true
		}
	}
}

func toLower(c rune) rune {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}
