package whatwgurl

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestForm(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Pair
	}{
		{"a=1&a=2&b", []Pair{{"a", "1"}, {"a", "2"}, {"b", ""}}},
		{"a=%20+%2B&%zz=1", []Pair{{"a", "  +"}, {"%zz", "1"}}},
		{"&&=&a=", []Pair{{"", ""}, {"a", ""}}},
		{"x=%E2%82", []Pair{{"x", "\uFFFD"}}},
		{"x=%F0%9F%98%80=y", []Pair{{"x", "😀=y"}}},
		{"", nil},
	} {
		require.Equal(t, c.want, ParseForm(c.in), c.in)
	}
	require.Equal(t, "sp+ace=a%2Bb+c&sym=%21%27%28%29*%7E-._%26%3D%3F%2F%23%25&uni=%C3%A9%F0%9F%98%80",
		SerializeForm([]Pair{{"sp ace", "a+b c"}, {"sym", "!'()*~-._&=?/#%"}, {"uni", "é😀"}}))
}

func TestSetters(t *testing.T) {
	u, err := Parse("http://user@h.com:81/p?q#f", nil)
	require.NoError(t, err)
	setPort := func(v string) { u.SetPort(v) }
	setHost := func(v string) { u.SetHost(v) }
	setHostname := func(v string) { u.SetHostname(v) }
	steps := []struct {
		set  func(string)
		v    string
		want string
	}{
		{u.SetProtocol, "foo", "http://user@h.com:81/p?q#f"},
		{u.SetProtocol, "https", "https://user@h.com:81/p?q#f"},
		{setPort, "443", "https://user@h.com/p?q#f"},
		{setPort, "12ab", "https://user@h.com:12/p?q#f"},
		{setPort, "99999", "https://user@h.com:12/p?q#f"},
		{setHostname, "bad host", "https://user@h.com:12/p?q#f"},
		{setHost, "x.test:8080", "https://user@x.test:8080/p?q#f"},
		{u.SetPathname, "/a b/../c", "https://user@x.test:8080/c?q#f"},
		{u.SetSearch, "?", "https://user@x.test:8080/c?#f"},
		{u.SetSearch, "", "https://user@x.test:8080/c#f"},
		{u.SetHash, "", "https://user@x.test:8080/c"},
		{u.SetUsername, "", "https://x.test:8080/c"},
	}
	for _, s := range steps {
		s.set(s.v)
		require.Equal(t, s.want, u.Href(), s.v)
	}
	m, err := Parse("mailto:a@b ?x", nil)
	require.NoError(t, err)
	m.SetSearch("")
	require.Equal(t, "mailto:a@b", m.Href(), "trailing spaces of an opaque path go with the query")
}
