package jsapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// storageKey writes what V8's WriteUtf8 writes: UTF-8 for valid text,
// surrogate pairs joined, a lone surrogate as its own three bytes.
func TestStorageKey(t *testing.T) {
	tr := newTestRealm(t)
	for _, c := range []struct{ js, want string }{
		{`"plain"`, "plain"},
		{`""`, ""},
		{`"é中"`, "é中"},
		{`"a\u{1F600}b"`, "a\xf0\x9f\x98\x80b"},
		{`"x\ud800"`, "x\xed\xa0\x80"},
		{`"\udc00y"`, "\xed\xb0\x80y"},
		{`"\ud800\ud800\udc00"`, "\xed\xa0\x80\xf0\x90\x80\x80"},
		{`"real \ufffd stays"`, "real \xef\xbf\xbd stays"},
		{`"\ufffd\ud83d"`, "\xef\xbf\xbd\xed\xa0\xbd"},
		{`7`, "7"},
		{`({ toString() { return "obj\ud800"; } })`, "obj\xed\xa0\x80"},
	} {
		tr.do(func() {
			v, err := tr.realm.rt.RunString(c.js)
			require.NoError(t, err)
			require.Equal(t, []byte(c.want), []byte(tr.realm.storageKey(v)), c.js)
		})
	}
}
