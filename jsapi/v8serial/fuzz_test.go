package v8serial

import (
	"testing"

	"github.com/dop251/goja"
)

// FuzzDeserialize checks that no input makes Deserialize panic, and that whatever it accepts can be
// written again. Run beyond the seeds with: go test -fuzz FuzzDeserialize ./jsapi/v8serial/
func FuzzDeserialize(f *testing.F) {
	for _, c := range goldenCases(f) {
		f.Add(c.bytes)
	}
	for _, seed := range []string{
		"ff0d 4202 0102 5642 0002", "ff0a 4103 5f 4902 5f 240003", "ff0f 7e 02 08 0102 5642 0002 02",
		"ff0f 4102 4902 5e00 240002", "ff0f 72 634902 73220153 2e", "ff0f 5c 0103 010203",
	} {
		f.Add(mustHex(f, seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rt := goja.New()
		v, err := Deserialize(rt, data, nil)
		if err != nil {
			return
		}
		if _, err := Serialize(rt, v, nil); err != nil {
			t.Fatalf("read %x but cannot write it back: %v", data, err)
		}
	})
}
