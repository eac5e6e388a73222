package jsapi

import "testing"

// crypto.DigestStream subclasses the global WritableStream, which the
// streams work brings; until a realm has one, there is nothing to test.
func TestDigestStreamWebCases(t *testing.T) {
	tr := newTestRealm(t)
	if v, _ := tr.eval(`return typeof WritableStream`); v != "function" {
		t.Skip("no WritableStream in this realm yet")
	}
	runWebCases(t, withPrelude(subtleCryptoCasesPrelude, digestStreamCases))
	runSnippets(t, []snippet{{name: "crc32 and bytesWritten", js: `
const ds = new crypto.DigestStream("crc32");
const w = ds.getWriter();
await w.write("123456789");
await w.close();
const hex = [...new Uint8Array(await ds.digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
return [hex, ds.bytesWritten, Object.prototype.toString.call(ds)];`, want: []any{"cbf43926", int64(9), "[object DigestStream]"}}})
}

var digestStreamCases = []webCase{
	{
		name: "crypto-digeststream",
		body: `const f = async () => {
    if (typeof crypto.DigestStream !== "function") return "absent";
    const ds = new crypto.DigestStream("SHA-256");
    const w = ds.getWriter();
    await w.write(utf8("ab"));
    await w.write(utf8("c"));
    await w.close();
    return [hex(await ds.digest), ds instanceof WritableStream, attempt(() => new crypto.DigestStream("NOPE"))];
  };
return await f();`,
		want: `{"ok":["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",true,{"err":{"code":9,"ctor":"DOMException","message":"Unrecognized or unimplemented digest algorithm requested.","name":"NotSupportedError"}}]}`,
	},
	{
		name: "crypto-subtle-surface",
		body: `const f = async () => ({ subtle: Object.getOwnPropertyNames(Object.getPrototypeOf(crypto.subtle)).sort(),
    crypto: Object.getOwnPropertyNames(Object.getPrototypeOf(crypto)).sort(), tag: Object.prototype.toString.call(crypto.subtle) });
return await f();`,
		want: `{"ok":{"crypto":["DigestStream","constructor","getRandomValues","randomUUID","subtle"],"subtle":["constructor","decrypt","deriveBits","deriveKey","digest","encrypt","exportKey","generateKey","importKey","sign","timingSafeEqual","unwrapKey","verify","wrapKey"],"tag":"[object SubtleCrypto]"}}`,
	},
}
