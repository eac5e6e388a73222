package jsapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The base64 cases of the conformance corpus, with workerd's answers.
var base64WebCases = []webCase{
	{
		name: "base64-btoa-basic",
		body: `
return (["", "f", "fo", "foo", "foob", "fooba", "foobar", "\u00ff\u00fe", "\0"].map((s) => btoa(s)));`,
		want: `{"ok":["","Zg==","Zm8=","Zm9v","Zm9vYg==","Zm9vYmE=","Zm9vYmFy","//4=","AA=="]}`,
	},
	{
		name: "base64-btoa-invalid-char",
		body: `
return ([attempt(() => btoa("€")), attempt(() => btoa("\u0100"))]);`,
		want: `{"ok":[{"err":{"code":5,"ctor":"DOMException","message":"btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.","name":"InvalidCharacterError"}}]}`,
	},
	{
		name: "base64-btoa-coercion",
		body: `
return ([btoa(null), btoa(undefined), btoa(12), attempt(() => btoa())]);`,
		want: `{"ok":["bnVsbA==","dW5kZWZpbmVk","MTI=",{"err":{"ctor":"TypeError","message":"Failed to execute 'btoa' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'JsString'.","name":"TypeError"}}]}`,
	},
	{
		name: "base64-atob-basic",
		body: `
return (["", "Zg==", "Zm8=", "Zm9v", "Zg", "Zm8", " Zm 9v\n", "Z\tm\fc=", "//79"].map((s) =>
[...atob(s)].map((c) => c.charCodeAt(0))));`,
		want: `{"ok":[[],[102],[102,111],[102,111,111],[102],[102,111],[102,111,111],[102,103],[255,254,253]]}`,
	},
	{
		name: "base64-atob-invalid",
		body: `
return (["Z", "Zg=", "Zg===", "Z===", "Zm9v!", "Zm9v=Zm9v", "Zg==Zg==", "-_8", "Zh=="]
.map((s) => attempt(() => [...atob(s)].map((c) => c.charCodeAt(0)))));`,
		want: `{"ok":[{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"ok":[102]}]}`,
	},
	{
		name: "base64-atob-coercion",
		body: `
return ([attempt(() => atob(null)), attempt(() => atob(undefined)), attempt(() => atob(12))]);`,
		want: `{"ok":[{"ok":"ée"},{"err":{"code":5,"ctor":"DOMException","message":"atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)","name":"InvalidCharacterError"}},{"ok":"×"}]}`,
	},
}

func TestBase64Conformance(t *testing.T) { runWebCases(t, base64WebCases) }

func TestBase64(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "round trip of every byte", js: `
let s = "";
for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
return atob(btoa(s)) === s;`, want: true},
		{name: "atob without an argument", js: `atob();`,
			wantErr: "TypeError: Failed to execute 'atob' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'string'."},
		{name: "btoa of a symbol", js: `btoa(Symbol("s"));`, wantErr: "TypeError"},
		{name: "lone surrogate is outside Latin-1", js: `btoa("\uD800");`, wantErr: "InvalidCharacterError: btoa() can only operate"},
		{name: "globals are not enumerable", js: `return Object.keys(globalThis).filter((k) => k === "atob" || k === "btoa");`, want: []any{}},
	})
}

func TestForgivingBase64Decode(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Zg==": "f", "Zg": "f", "Zh": "f", " Z g = = ": "f", "Zm9vYmFy": "foobar", "+/+/": "\xfb\xff\xbf",
	} {
		got, ok := forgivingBase64Decode(in)
		require.True(t, ok, in)
		require.Equal(t, want, string(got), in)
	}
	for _, in := range []string{"Z", "Zg=", "Zg===", "Zm9v=", "=Zm9", "Zm\u00e99", "-_8", "Zg==Zg==", "Zg\v=="} {
		_, ok := forgivingBase64Decode(in)
		require.False(t, ok, in)
	}
}
