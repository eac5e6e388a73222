package jsapi

import "testing"

// crypto.DigestStream subclasses the global WritableStream, which the
// streams work brings; until a realm has one, there is nothing to test.
func TestDigestStreamWebCases(t *testing.T) {
	tr := newTestRealm(t)
	if v, _ := tr.eval(`return typeof WritableStream`); v != "function" {
		t.Skip("no WritableStream in this realm yet")
	}
	runWebCases(t, withPrelude(digestStreamCasesPrelude, digestStreamCases))
	runSnippets(t, []snippet{{name: "crc32 and bytesWritten", js: `
const ds = new crypto.DigestStream("crc32");
const w = ds.getWriter();
await w.write("123456789");
await w.close();
const hex = [...new Uint8Array(await ds.digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
return [hex, ds.bytesWritten, Object.prototype.toString.call(ds)];`, want: []any{"cbf43926", int64(9), "[object DigestStream]"}}})
}

const digestStreamCasesPrelude = `// crypto and crypto.subtle: deterministic outputs only (fixed keys, ivs, inputs), shapes for random ones.
const b64url = (u8) => btoa(String.fromCharCode(...u8)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const subtle = () => crypto.subtle;
const keyInfo = (k) => ({ type: k.type, extractable: k.extractable, algorithm: k.algorithm, usages: [...k.usages].sort(),
  tag: Object.prototype.toString.call(k), isCryptoKey: k instanceof CryptoKey });
const AES_KEY = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const IV16 = fromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
const IV12 = fromHex("cafebabefacedbaddecaf888");
const PLAIN = utf8("Attack at dawn! Attack at dawn!!");
// RFC 8032 test 1 (Ed25519) and RFC 7748 section 6.1 (X25519) fixed keys.
const ED_SK = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const ED_PK = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const X_A_SK = fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
const X_A_PK = fromHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
const X_B_PK = fromHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");`

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
