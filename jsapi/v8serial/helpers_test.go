package v8serial

import (
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

//go:embed testdata/same.js
var sameJS string

//go:embed testdata/node-v8-serialize.json
var goldenJSON []byte

// newRuntime returns a runtime with cloneDiff (testdata/same.js) installed.
func newRuntime(t testing.TB) *goja.Runtime {
	t.Helper()
	rt := goja.New()
	_, err := rt.RunString(sameJS)
	require.NoError(t, err)
	return rt
}

func eval(t testing.TB, rt *goja.Runtime, expr string) goja.Value {
	t.Helper()
	v, err := rt.RunString("(" + expr + ")")
	require.NoError(t, err, expr)
	return v
}

// requireClone fails unless copy is a structured clone of original (see cloneDiff in same.js). Both
// must belong to rt.
func requireClone(t testing.TB, rt *goja.Runtime, original, copy goja.Value) {
	t.Helper()
	diff, ok := goja.AssertFunction(rt.Get("cloneDiff"))
	require.True(t, ok)
	d, err := diff(goja.Undefined(), original, copy)
	require.NoError(t, err)
	require.Empty(t, d.String())
}

// roundTrip serializes the value of expr in one runtime and deserializes it in another, the way values
// cross between isolates, and returns the copy along with the runtime it lives in.
func roundTrip(t testing.TB, expr string) (*goja.Runtime, goja.Value) {
	t.Helper()
	src := newRuntime(t)
	data, err := Serialize(src, eval(t, src, expr), nil)
	require.NoError(t, err, expr)
	dst := newRuntime(t)
	v, err := Deserialize(dst, data, nil)
	require.NoError(t, err, expr)
	return dst, v
}

type goldenCase struct {
	Name  string `json:"name"` // write/<name> or read/<name>
	Expr  string `json:"expr"`
	Hex   string `json:"hex"`
	Want  string `json:"want"` // what the bytes read back as, when that is not a clone of Expr
	bytes []byte
}

func goldenCases(t testing.TB) []goldenCase {
	t.Helper()
	var file struct {
		Cases []goldenCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(goldenJSON, &file))
	require.NotEmpty(t, file.Cases)
	for i := range file.Cases {
		file.Cases[i].bytes = mustHex(t, file.Cases[i].Hex)
	}
	return file.Cases
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}
