package urlpattern

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// groups renders a component result's groups ("<undefined>" for a group
// that did not take part).
func groups(r ComponentResult) map[string]string {
	out := map[string]string{}
	for _, g := range r.Groups {
		if g.Matched {
			out[g.Name] = g.Value
		} else {
			out[g.Name] = "<undefined>"
		}
	}
	return out
}

func TestPatternStringsAndMatching(t *testing.T) {
	cases := []struct {
		pattern  Init   // nil: patternStr
		str      string // a constructor string
		base     string
		pathname string // the pathname getter
		input    string // a URL to exec
		want     map[string]string
		noMatch  bool
	}{
		{pattern: Init{"pathname": "/foo/bar"}, pathname: "/foo/bar", input: "https://example.com/foo/bar", want: map[string]string{}},
		{pattern: Init{"pathname": "/foo/bar"}, pathname: "/foo/bar", input: "https://example.com/foo/bar/baz", noMatch: true},
		{pattern: Init{"pathname": "/foo/:bar"}, pathname: "/foo/:bar", input: "http://h/foo/index.html", want: map[string]string{"bar": "index.html"}},
		{pattern: Init{"pathname": "/foo/:bar"}, pathname: "/foo/:bar", input: "http://h/foo/", noMatch: true},
		{pattern: Init{"pathname": "/foo/(.*)"}, pathname: "/foo/*", input: "http://h/foo/bar/baz", want: map[string]string{"0": "bar/baz"}},
		{pattern: Init{"pathname": "/foo/:bar?"}, pathname: "/foo/:bar?", input: "http://h/foo", want: map[string]string{"bar": "<undefined>"}},
		{pattern: Init{"pathname": "/foo/:bar+"}, pathname: "/foo/:bar+", input: "http://h/foo/a/b", want: map[string]string{"bar": "a/b"}},
		{pattern: Init{"pathname": "/foo/:bar*"}, pathname: "/foo/:bar*", input: "http://h/foobar", noMatch: true},
		{pattern: Init{"pathname": "/foo{/bar}?"}, pathname: "/foo{/bar}?", input: "http://h/foo", want: map[string]string{}},
		{pattern: Init{"pathname": "/:id(\\d+)"}, pathname: "/:id(\\d+)", input: "http://h/42", want: map[string]string{"id": "42"}},
		{pattern: Init{"pathname": "/:id(\\d+)"}, pathname: "/:id(\\d+)", input: "http://h/x", noMatch: true},
		{pattern: Init{"pathname": "/café"}, pathname: "/caf%C3%A9", input: "http://h/caf%C3%A9", want: map[string]string{}},
		{str: "https://*.example.com/*", pathname: "/*", input: "https://a.example.com/x", want: map[string]string{"0": "x"}},
		{str: "/books/:id", base: "https://example.com", pathname: "/books/:id", input: "https://example.com/books/7", want: map[string]string{"id": "7"}},
		{str: "/books/:id", base: "https://example.com", pathname: "/books/:id", input: "https://other.com/books/7", noMatch: true},
		{str: "https://example.com/foo?q=:q#h", pathname: "/foo", input: "https://example.com/foo?q=1#h", want: map[string]string{}},
	}
	for _, c := range cases {
		name := c.str
		if name == "" {
			name = c.pattern["pathname"]
		}
		t.Run(name, func(t *testing.T) {
			var base *string
			if c.base != "" {
				base = &c.base
			}
			p, err := New(c.pattern == nil, c.str, c.pattern, base, false)
			require.NoError(t, err)
			require.Equal(t, c.pathname, p.Component("pathname"))
			res, err := p.Match(true, c.input, nil, nil)
			require.NoError(t, err)
			if c.noMatch {
				require.Nil(t, res)
				return
			}
			require.NotNil(t, res)
			require.Equal(t, c.want, groups(res["pathname"]))
		})
	}
}

func TestConstructorStringComponents(t *testing.T) {
	// An unescaped ":pass" would be a named group of the username.
	p, err := New(true, "https://user\\:pass@*.example.com:8080/a/:b/c?x=:y#frag", nil, nil, false)
	require.NoError(t, err)
	got := map[string]string{}
	for _, c := range Components {
		got[c] = p.Component(c)
	}
	require.Equal(t, map[string]string{"protocol": "https", "username": "user", "password": "pass", "hostname": "*.example.com",
		"port": "8080", "pathname": "/a/:b/c", "search": "x=:y", "hash": "frag"}, got)

	// After a name, "?" is the optional modifier, not the search.
	p, err = New(true, "https://h/a/:b?x", nil, nil, false)
	require.NoError(t, err)
	require.Equal(t, []string{"/a/:b?x", "*"}, []string{p.Component("pathname"), p.Component("search")})

	p, err = New(true, "https://example.com:443/", nil, nil, false)
	require.NoError(t, err)
	require.Equal(t, "", p.Component("port"), "a special scheme's default port is dropped")
}

func TestMalformedPatterns(t *testing.T) {
	for _, s := range []string{"/:id(", "/(foo(bar))", "/:a/:a", "/:", "/(?x)", "/\\", "/path"} {
		_, err := New(false, "", Init{"pathname": s}, nil, false)
		if s == "/path" {
			require.NoError(t, err)
			continue
		}
		var pe *ErrPattern
		require.ErrorAs(t, err, &pe, s)
	}
	_, err := New(true, "/relative", nil, nil, false)
	require.Error(t, err, "a relative constructor string needs a base URL")
}
