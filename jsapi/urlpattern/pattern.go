package urlpattern

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kindling-dev/kindling/jsapi/whatwgurl"
)

// Components are the URL components a pattern has, in order.
var Components = []string{"protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"}

// Init is a URLPatternInit: component name (or "baseURL") to value; an
// absent key is an absent member.
type Init map[string]string

// component is one compiled component.
type component struct {
	pattern   string
	re        *regexp.Regexp
	names     []string
	hasRegexp bool
}

// Pattern is a URLPattern.
type Pattern struct {
	components map[string]*component
}

// New is the URLPattern constructor: input is a pattern string (with
// base an optional base URL) or, with str false, an Init.
func New(str bool, input string, init Init, base *string, ignoreCase bool) (*Pattern, error) {
	if str {
		parsed, err := parseConstructorString(input)
		if err != nil {
			return nil, err
		}
		if _, ok := parsed["protocol"]; !ok && base == nil {
			return nil, patternError("Invalid pattern: a relative pattern needs a base URL")
		}
		if base != nil {
			parsed["baseURL"] = *base
		}
		init = parsed
	} else if base != nil {
		return nil, patternError("Invalid pattern: a base URL cannot be given with a URLPatternInit")
	}
	processed, err := processInit(init, true, nil)
	if err != nil {
		return nil, err
	}
	for _, name := range Components {
		if _, ok := processed[name]; !ok {
			processed[name] = "*"
		}
	}
	if port, ok := specialPort(processed["protocol"]); ok && processed["port"] == port {
		processed["port"] = ""
	}
	p := &Pattern{components: map[string]*component{}}
	opts := func(o options) options { o.ignoreCase = ignoreCase; return o }
	add := func(name string, encode func(string) (string, error), o options) error {
		c, err := compileComponent(processed[name], encode, o)
		if err != nil {
			return err
		}
		p.components[name] = c
		return nil
	}
	if err := add("protocol", canonicalizeProtocol, opts(defaultOptions)); err != nil {
		return nil, err
	}
	if err := add("username", canonicalizeUsername, opts(defaultOptions)); err != nil {
		return nil, err
	}
	if err := add("password", canonicalizePassword, opts(defaultOptions)); err != nil {
		return nil, err
	}
	hostEncode := canonicalizeHostname
	if h := processed["hostname"]; strings.HasPrefix(h, "[") || strings.HasPrefix(h, "{[") || strings.HasPrefix(h, "\\[") {
		hostEncode = canonicalizeIPv6
	}
	if err := add("hostname", hostEncode, opts(hostnameOptions)); err != nil {
		return nil, err
	}
	if err := add("port", func(v string) (string, error) { return canonicalizePort(v, nil) }, opts(defaultOptions)); err != nil {
		return nil, err
	}
	if p.components["protocol"].matchesSpecialScheme() {
		err = add("pathname", canonicalizePathname, opts(pathnameOptions))
	} else {
		err = add("pathname", canonicalizeOpaquePathname, opts(defaultOptions))
	}
	if err != nil {
		return nil, err
	}
	if err := add("search", canonicalizeSearch, opts(defaultOptions)); err != nil {
		return nil, err
	}
	if err := add("hash", canonicalizeHash, opts(defaultOptions)); err != nil {
		return nil, err
	}
	return p, nil
}

// specialPort is the default port of a special scheme with one.
func specialPort(scheme string) (string, bool) {
	port, ok := map[string]string{"ftp": "21", "http": "80", "https": "443", "ws": "80", "wss": "443"}[scheme]
	return port, ok
}

func compileComponent(input string, encode func(string) (string, error), opts options) (*component, error) {
	parts, err := parsePattern(input, opts, encode)
	if err != nil {
		return nil, err
	}
	source, names := generateRegexp(parts, opts)
	// JS's "[^]" (any code point), the segment wildcard of a component
	// without delimiter, is "(?s:.)" in Go.
	source = strings.ReplaceAll(source, "[^]", "(?s:.)")
	if opts.ignoreCase {
		source = "(?i)" + source
	}
	re, err := regexp.Compile(source)
	if err != nil {
		return nil, patternError("Invalid pattern: kindling cannot compile the regular expression " + source + " (Go's regexp has no lookaround or backreferences)")
	}
	c := &component{pattern: generatePatternString(parts, opts), re: re, names: names}
	for _, pt := range parts {
		if pt.typ == partRegexp {
			c.hasRegexp = true
		}
	}
	return c, nil
}

func (c *component) matchesSpecialScheme() bool {
	for _, s := range []string{"ftp", "file", "http", "https", "ws", "wss"} {
		if c.re.MatchString(s) {
			return true
		}
	}
	return false
}

// Component returns a component's pattern string.
func (p *Pattern) Component(name string) string { return p.components[name].pattern }

// HasRegExpGroups reports whether any component uses a custom group.
func (p *Pattern) HasRegExpGroups() bool {
	for _, c := range p.components {
		if c.hasRegexp {
			return true
		}
	}
	return false
}

// Group is one matched group; Matched false is an undefined value.
type Group struct {
	Name, Value string
	Matched     bool
}

// ComponentResult is a URLPatternComponentResult.
type ComponentResult struct {
	Input  string
	Groups []Group
}

// Match runs "match" against a URL string (with an optional base) or, with
// str false, an Init. It returns nil when the input does not match (or is
// not a URL).
func (p *Pattern) Match(str bool, input string, init Init, base *string) (map[string]ComponentResult, error) {
	values := map[string]string{}
	if !str {
		if base != nil {
			return nil, patternError("Invalid pattern: a base URL cannot be given with a URLPatternInit")
		}
		empty := map[string]string{}
		for _, name := range Components {
			empty[name] = ""
		}
		processed, err := processInit(init, false, empty)
		if err != nil {
			return nil, nil
		}
		values = processed
	} else {
		var b *whatwgurl.URL
		if base != nil {
			var err error
			if b, err = whatwgurl.Parse(*base, nil); err != nil {
				return nil, nil
			}
		}
		u, err := whatwgurl.Parse(input, b)
		if err != nil {
			return nil, nil
		}
		values = urlComponents(u)
	}
	out := map[string]ComponentResult{}
	for _, name := range Components {
		c := p.components[name]
		m := c.re.FindStringSubmatchIndex(values[name])
		if m == nil {
			return nil, nil
		}
		res := ComponentResult{Input: values[name]}
		for i, n := range c.names {
			g := Group{Name: n}
			if lo := m[2*(i+1)]; lo >= 0 {
				g.Value, g.Matched = values[name][lo:m[2*(i+1)+1]], true
			}
			res.Groups = append(res.Groups, g)
		}
		out[name] = res
	}
	return out, nil
}

func urlComponents(u *whatwgurl.URL) map[string]string {
	port := ""
	if u.Port >= 0 {
		port = strconv.Itoa(u.Port)
	}
	return map[string]string{
		"protocol": u.Scheme, "username": u.Username, "password": u.Password, "hostname": u.Host,
		"port": port, "pathname": u.Pathname(), "search": u.Query, "hash": u.Fragment,
	}
}

// processInit is "process a URLPatternInit" for patterns (pattern true,
// values kept as pattern strings) or URLs (canonicalized); defaults are
// the starting values (nil for none).
func processInit(init Init, pattern bool, defaults map[string]string) (map[string]string, error) {
	result := map[string]string{}
	for k, v := range defaults {
		result[k] = v
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := init[n]; ok {
				return true
			}
		}
		return false
	}
	fromBase := func(s string) string {
		if pattern {
			return escapePatternString(s)
		}
		return s
	}
	var base *whatwgurl.URL
	if b, ok := init["baseURL"]; ok {
		var err error
		if base, err = whatwgurl.Parse(b, nil); err != nil {
			return nil, patternError("Invalid base URL: " + b)
		}
		if !has("protocol") {
			result["protocol"] = fromBase(base.Scheme)
		}
		if !pattern && !has("protocol", "hostname", "port", "username") {
			result["username"] = fromBase(base.Username)
		}
		if !pattern && !has("protocol", "hostname", "port", "username", "password") {
			result["password"] = fromBase(base.Password)
		}
		c := urlComponents(base)
		if !has("protocol", "hostname") {
			result["hostname"] = fromBase(c["hostname"])
		}
		if !has("protocol", "hostname", "port") {
			result["port"] = fromBase(c["port"])
		}
		if !has("protocol", "hostname", "port", "pathname") {
			result["pathname"] = fromBase(c["pathname"])
		}
		if !has("protocol", "hostname", "port", "pathname", "search") {
			result["search"] = fromBase(c["search"])
		}
		if !has("protocol", "hostname", "port", "pathname", "search", "hash") {
			result["hash"] = fromBase(c["hash"])
		}
	}
	canon := func(v string, fn func(string) (string, error)) (string, error) {
		if pattern {
			return v, nil
		}
		return fn(v)
	}
	var err error
	if v, ok := init["protocol"]; ok {
		if result["protocol"], err = canon(strings.TrimSuffix(v, ":"), canonicalizeProtocol); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name string
		fn   func(string) (string, error)
	}{{"username", canonicalizeUsername}, {"password", canonicalizePassword}, {"hostname", canonicalizeHostname}} {
		if v, ok := init[f.name]; ok {
			if result[f.name], err = canon(v, f.fn); err != nil {
				return nil, err
			}
		}
	}
	if v, ok := init["port"]; ok {
		protocol := result["protocol"]
		if result["port"], err = canon(v, func(s string) (string, error) { return canonicalizePort(s, &protocol) }); err != nil {
			return nil, err
		}
	}
	if v, ok := init["pathname"]; ok {
		if base != nil && !base.IsOpaque && !isAbsolutePathname(v, pattern) {
			basePath := fromBase(base.Pathname())
			if i := strings.LastIndex(basePath, "/"); i >= 0 {
				v = basePath[:i+1] + v
			}
		}
		fn := canonicalizeOpaquePathname
		if p := result["protocol"]; p == "" || whatwgurl.IsSpecial(p) {
			fn = canonicalizePathname
		}
		if result["pathname"], err = canon(v, fn); err != nil {
			return nil, err
		}
	}
	if v, ok := init["search"]; ok {
		if result["search"], err = canon(strings.TrimPrefix(v, "?"), canonicalizeSearch); err != nil {
			return nil, err
		}
	}
	if v, ok := init["hash"]; ok {
		if result["hash"], err = canon(strings.TrimPrefix(v, "#"), canonicalizeHash); err != nil {
			return nil, err
		}
	}
	return result, nil
}

func isAbsolutePathname(s string, pattern bool) bool {
	if s == "" {
		return false
	}
	if s[0] == '/' {
		return true
	}
	if !pattern || len(s) < 2 {
		return false
	}
	return (s[0] == '\\' || s[0] == '{') && s[1] == '/'
}
