package jsapi

import "testing"

// The crypto.subtle cases of the conformance corpus
// (conformance/src/cases/web/crypto.js), with workerd's answers; the
// prelude is that file's shared constants (fixed keys, RFC vectors).
func TestSubtleCryptoWebCases(t *testing.T) {
	runWebCases(t, withPrelude(subtleCryptoCasesPrelude, subtleCryptoCases))
}

// Operations the corpus does not pin down, checked by round trips and
// known answers.
func TestSubtleCryptoRoundTrips(t *testing.T) {
	const setup = `const s = crypto.subtle; const enc = (x) => new TextEncoder().encode(x);
const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");`
	cases := []snippet{
		{name: "rsa-pss sign and verify", js: setup + `
const kp = await s.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
const sig = await s.sign({ name: "RSA-PSS", saltLength: 32 }, kp.privateKey, enc("m"));
const jwk = await s.exportKey("jwk", kp.privateKey);
const again = await s.importKey("jwk", jwk, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
const sig2 = await s.sign({ name: "RSA-PSS", saltLength: 32 }, again, enc("m"));
return [await s.verify({ name: "RSA-PSS", saltLength: 32 }, kp.publicKey, sig, enc("m")),
  await s.verify({ name: "RSA-PSS", saltLength: 32 }, kp.publicKey, sig2, enc("m")),
  await s.verify({ name: "RSA-PSS", saltLength: 32 }, kp.publicKey, sig, enc("n")), jwk.alg, Object.keys(jwk).sort().join()];`,
			want: []any{true, true, false, "PS256", "alg,d,dp,dq,e,ext,key_ops,kty,n,p,q,qi"}},
		{name: "aes-gcm short tag round trip", js: setup + `
const k = await s.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt", "decrypt"]);
const iv = new Uint8Array(7);
const ct = new Uint8Array(await s.encrypt({ name: "AES-GCM", iv, tagLength: 64 }, k, enc("hello")));
const pt = await s.decrypt({ name: "AES-GCM", iv, tagLength: 64 }, k, ct);
ct[ct.length - 1] ^= 1;
const bad = await s.decrypt({ name: "AES-GCM", iv, tagLength: 64 }, k, ct).catch((e) => e.name);
return [ct.length, new TextDecoder().decode(pt), bad];`,
			want: []any{int64(13), "hello", "OperationError"}},
		{name: "aes-ctr counter wraps or refuses", js: setup + `
const k = await s.importKey("raw", new Uint8Array(16), "AES-CTR", false, ["encrypt"]);
const counter = new Uint8Array(16).fill(0xff);
const wrapped = await s.encrypt({ name: "AES-CTR", counter, length: 2 }, k, new Uint8Array(64));
const zero = await s.encrypt({ name: "AES-CTR", counter: new Uint8Array(16).fill(0xff).map((x, i) => i == 15 ? 0xfc : x), length: 8 }, k, new Uint8Array(16));
const refused = await s.encrypt({ name: "AES-CTR", counter, length: 2 }, k, new Uint8Array(65)).catch((e) => e.message);
return [hex(wrapped).slice(32, 64) === hex(zero), refused];`,
			want: []any{true, "Counter block values will repeat."}},
		{name: "wrapKey jwk with AES-GCM", js: setup + `
const kek = await s.generateKey({ name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
const hm = await s.importKey("raw", enc("secret"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
const iv = new Uint8Array(12);
const wrapped = await s.wrapKey("jwk", hm, kek, { name: "AES-GCM", iv });
const un = await s.unwrapKey("jwk", wrapped, kek, { name: "AES-GCM", iv }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
return [hex(await s.exportKey("raw", un)) === hex(enc("secret")), un.algorithm.hash.name];`,
			want: []any{true, "SHA-256"}},
		{name: "ecdh deriveKey to AES", js: setup + `
const alg = { name: "ECDH", namedCurve: "P-384" };
const a = await s.generateKey(alg, true, ["deriveKey"]);
const b = await s.generateKey(alg, true, ["deriveKey"]);
const ka = await s.deriveKey({ name: "ECDH", public: b.publicKey }, a.privateKey, { name: "AES-GCM", length: 256 }, true, ["encrypt"]);
const kb = await s.deriveKey({ name: "ECDH", public: a.publicKey }, b.privateKey, { name: "AES-GCM", length: 256 }, true, ["encrypt"]);
const raw = await s.exportKey("raw", a.publicKey);
const back = await s.importKey("raw", raw, alg, true, []);
return [hex(await s.exportKey("raw", ka)) === hex(await s.exportKey("raw", kb)), ka.algorithm.length, new Uint8Array(raw).length, back.type];`,
			want: []any{true, int64(256), int64(97), "public"}},
		{name: "x25519 and ed25519 in spki and pkcs8", js: setup + `
const x = await s.generateKey("X25519", true, ["deriveBits"]);
const pk = await s.importKey("pkcs8", await s.exportKey("pkcs8", x.privateKey), "X25519", true, ["deriveBits"]);
const pub = await s.importKey("spki", await s.exportKey("spki", x.publicKey), "X25519", true, []);
const bits = await s.deriveBits({ name: "X25519", public: pub }, pk, 128);
const e = await s.generateKey("Ed25519", true, ["sign", "verify"]);
const epub = await s.importKey("spki", await s.exportKey("spki", e.publicKey), "Ed25519", true, ["verify"]);
const sig = await s.sign("Ed25519", e.privateKey, enc("m"));
const badLen = await s.verify("Ed25519", epub, new Uint8Array(3), enc("m")).catch((e) => e.message);
return [bits.byteLength, await s.verify("Ed25519", epub, sig, enc("m")), badLen];`,
			want: []any{int64(16), true, "Invalid Ed25519 signature length 3"}},
		{name: "ecdsa p-521 signature width and compressed point", js: setup + `
const kp = await s.generateKey({ name: "ECDSA", namedCurve: "P-521" }, true, ["sign", "verify"]);
const sig = await s.sign({ name: "ECDSA", hash: "SHA-512" }, kp.privateKey, enc("m"));
const jwk = await s.exportKey("jwk", kp.publicKey);
const fromJwk = await s.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-521" }, true, ["verify"]);
const p256 = await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
const raw = new Uint8Array(await s.exportKey("raw", p256.publicKey));
const compressed = new Uint8Array(33); compressed[0] = 2 + (raw[64] & 1); compressed.set(raw.slice(1, 33), 1);
const fromCompressed = await s.importKey("raw", compressed, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
const s256 = await s.sign({ name: "ECDSA", hash: "SHA-256" }, p256.privateKey, enc("m"));
const noHash = await s.sign("ECDSA", p256.privateKey, enc("m")).catch((e) => e.name);
return [sig.byteLength, await s.verify({ name: "ECDSA", hash: "SHA-512" }, fromJwk, sig, enc("m")),
  await s.verify({ name: "ECDSA", hash: "SHA-256" }, fromCompressed, s256, enc("m")), noHash];`,
			want: []any{int64(132), true, true, "TypeError"}},
		{name: "hkdf deriveKey HMAC with default length", js: setup + `
const base = await s.importKey("raw", enc("ikm"), "HKDF", false, ["deriveKey"]);
const k = await s.deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) }, base,
  { name: "HMAC", hash: "SHA-384" }, true, ["sign"]);
const jwk = await s.exportKey("jwk", k);
return [k.algorithm.length, jwk.alg, k.algorithm === k.algorithm, k.usages === k.usages];`,
			want: []any{int64(1024), "HS384", true, true}},
		{name: "aes-kw refuses a tampered key", js: setup + `
const kek = await s.importKey("raw", new Uint8Array(16), "AES-KW", false, ["wrapKey", "unwrapKey"]);
const k = await s.importKey("raw", new Uint8Array(32), "AES-CBC", true, ["encrypt"]);
const w = new Uint8Array(await s.wrapKey("raw", k, kek, "AES-KW"));
w[5] ^= 1;
return await s.unwrapKey("raw", w, kek, "AES-KW", "AES-CBC", true, ["encrypt"]).catch((e) => e.name + ": " + e.message);`,
			want: "OperationError: AES-KW key unwrapping failed."},
		{name: "new CryptoKey is illegal", js: `new CryptoKey()`, wantErr: "TypeError: Illegal constructor"},
	}
	runSnippets(t, cases)
}

// withPrelude puts a case file's shared declarations before each body.
func withPrelude(prelude string, cases []webCase) []webCase {
	out := make([]webCase, len(cases))
	for i, c := range cases {
		c.body = prelude + "\n" + c.body
		out[i] = c
	}
	return out
}

const subtleCryptoCasesPrelude = `// crypto and crypto.subtle: deterministic outputs only (fixed keys, ivs, inputs), shapes for random ones.
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

var subtleCryptoCases = []webCase{
	{
		name: "crypto-subtle-digest",
		body: `const f = async () => {
    const out = {};
    for (const alg of ["SHA-1", "SHA-256", "SHA-384", "SHA-512", "MD5", "sha-256", { name: "SHA-256" }]) {
      const key = typeof alg === "string" ? alg : JSON.stringify(alg);
      out[key] = await attemptAsync(async () => hex(await subtle().digest(alg, utf8("abc"))));
    }
    out.empty = hex(await subtle().digest("SHA-256", new Uint8Array(0)));
    out.dataView = hex(await subtle().digest("SHA-1", new DataView(utf8("xabc").buffer, 1)));
    return out;
  };
return await f();`,
		want: `{"ok":{"MD5":{"ok":"900150983cd24fb0d6963f7d28e17f72"},"SHA-1":{"ok":"a9993e364706816aba3e25717850c26c9cd0d89d"},"SHA-256":{"ok":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},"SHA-384":{"ok":"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},"SHA-512":{"ok":"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},"dataView":"a9993e364706816aba3e25717850c26c9cd0d89d","empty":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","sha-256":{"ok":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},"{\"name\":\"SHA-256\"}":{"ok":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}}}`,
	},
	{
		name: "crypto-subtle-digest-errors",
		body: `const f = async () => [
    await attemptAsync(() => subtle().digest("SHA-3", utf8("x"))),
    await attemptAsync(() => subtle().digest("SHA-256", "string data")),
    await attemptAsync(() => subtle().digest({}, utf8("x"))),
  ];
return await f();`,
		want: `{"ok":[{"err":{"code":9,"ctor":"DOMException","message":"Unrecognized or unimplemented digest algorithm requested.","name":"NotSupportedError"}},{"err":{"ctor":"TypeError","message":"Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type 'Array'.","name":"TypeError"}},{"err":{"code":9,"ctor":"DOMException","message":"Unrecognized or unimplemented digest algorithm requested.","name":"NotSupportedError"}}]}`,
	},
	{
		name: "crypto-hmac-sign-verify",
		body: `const f = async () => {
    const key = await subtle().importKey("raw", utf8("key"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    const msg = utf8("The quick brown fox jumps over the lazy dog");
    const sig = await subtle().sign("HMAC", key, msg);
    const bad = new Uint8Array(sig.slice(0));
    bad[0] ^= 1;
    return { sig: hex(sig), verify: await subtle().verify("HMAC", key, sig, msg), tampered: await subtle().verify("HMAC", key, bad, msg),
      key: keyInfo(key) };
  };
return await f();`,
		want: `{"ok":{"key":{"algorithm":{"hash":{"name":"SHA-256"},"length":24,"name":"HMAC"},"extractable":false,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["sign","verify"]},"sig":"f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8","tampered":false,"verify":true}}`,
	},
	{
		name: "crypto-hmac-hashes",
		body: `const f = async () => {
    const out = {};
    for (const hash of ["SHA-1", "SHA-384", "SHA-512"]) {
      const key = await subtle().importKey("raw", utf8("secret"), { name: "HMAC", hash }, true, ["sign"]);
      out[hash] = [hex(await subtle().sign("HMAC", key, utf8("data"))), key.algorithm];
    }
    return out;
  };
return await f();`,
		want: `{"ok":{"SHA-1":["9818e3306ba5ac267b5f2679fe4abd37e6cd7b54",{"hash":{"name":"SHA-1"},"length":48,"name":"HMAC"}],"SHA-384":["d7d15057b821cfc2f9f0e3e8f8fc093c5f661c4c9215f1d0dfddf6effd547fd6d1587fa8577a553cc49b0e257313ac52",{"hash":{"name":"SHA-384"},"length":48,"name":"HMAC"}],"SHA-512":["6274071d33dec2728a2a1c903697fc1210b3252221c3d137e12d9f1ae5c8ed53e05e692b05a9eefff289667e2387c0fc0bd8a3d9bd7000782730c856a77a77d5",{"hash":{"name":"SHA-512"},"length":48,"name":"HMAC"}]}}`,
	},
	{
		name: "crypto-hmac-generatekey",
		body: `const f = async () => {
    const k = await subtle().generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    const k2 = await subtle().generateKey({ name: "HMAC", hash: "SHA-512", length: 100 }, true, ["sign"]);
    return [keyInfo(k), (await subtle().exportKey("raw", k)).byteLength, keyInfo(k2), (await subtle().exportKey("raw", k2)).byteLength];
  };
return await f();`,
		want: `{"ok":[{"algorithm":{"hash":{"name":"SHA-256"},"length":512,"name":"HMAC"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["sign","verify"]},64,{"algorithm":{"hash":{"name":"SHA-512"},"length":100,"name":"HMAC"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["sign"]},13]}`,
	},
	{
		name: "crypto-aes-gcm",
		body: `const f = async () => {
    const key = await subtle().importKey("raw", AES_KEY, "AES-GCM", true, ["encrypt", "decrypt"]);
    const ct = await subtle().encrypt({ name: "AES-GCM", iv: IV12, additionalData: utf8("aad") }, key, PLAIN);
    const ct96 = await subtle().encrypt({ name: "AES-GCM", iv: IV12, tagLength: 96 }, key, PLAIN);
    const pt = await subtle().decrypt({ name: "AES-GCM", iv: IV12, additionalData: utf8("aad") }, key, ct);
    return { ct: hex(ct), ct96Len: ct96.byteLength, pt: new TextDecoder().decode(pt), key: keyInfo(key) };
  };
return await f();`,
		want: `{"ok":{"ct":"cbd7d447c9116f7a322b39bc0c73a81f4c54b430bc724a153aff6010c9e744def2c119c885e9d4ae6f79d423887f99c1","ct96Len":44,"key":{"algorithm":{"length":256,"name":"AES-GCM"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["decrypt","encrypt"]},"pt":"Attack at dawn! Attack at dawn!!"}}`,
	},
	{
		name: "crypto-aes-gcm-tamper",
		body: `const f = async () => {
    const key = await subtle().importKey("raw", AES_KEY.slice(0, 16), "AES-GCM", false, ["encrypt", "decrypt"]);
    const ct = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv: IV12 }, key, PLAIN));
    ct[3] ^= 0xff;
    return [await attemptAsync(() => subtle().decrypt({ name: "AES-GCM", iv: IV12 }, key, ct)),
      await attemptAsync(() => subtle().decrypt({ name: "AES-GCM", iv: IV12 }, key, ct.slice(0, 8)))];
  };
return await f();`,
		want: `{"ok":[{"err":{"code":0,"ctor":"DOMException","message":"Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was 32, output length expected to be 32 for AES-GCM","name":"OperationError"}},{"err":{"code":0,"ctor":"DOMException","message":"Ciphertext length of 64 bits must be greater than or equal to the size of the AES-GCM tag length of 128 bits.","name":"OperationError"}}]}`,
	},
	{
		name: "crypto-aes-cbc",
		body: `const f = async () => {
    const key = await subtle().importKey("raw", AES_KEY.slice(0, 16), { name: "AES-CBC" }, true, ["encrypt", "decrypt"]);
    const ct = await subtle().encrypt({ name: "AES-CBC", iv: IV16 }, key, utf8("sixteen byte msg+tail"));
    const pt = await subtle().decrypt({ name: "AES-CBC", iv: IV16 }, key, ct);
    return [hex(ct), new TextDecoder().decode(pt), await attemptAsync(() => subtle().encrypt({ name: "AES-CBC", iv: IV12 }, key, PLAIN)),
      await attemptAsync(() => subtle().decrypt({ name: "AES-CBC", iv: IV16 }, key, new Uint8Array(ct).slice(0, 15)))];
  };
return await f();`,
		want: `{"ok":["dbf8be84903fffc2958295e82f97a4940b21a86b7fe0bce3bfed459dce832b58","sixteen byte msg+tail",{"err":{"code":0,"ctor":"DOMException","message":"AES-CBC IV must be 16 bytes long (provided 12 bytes).","name":"OperationError"}},{"err":{"code":0,"ctor":"DOMException","message":"Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was 15, output length expected to be 0 for AES-CBC","name":"OperationError"}}]}`,
	},
	{
		name: "crypto-aes-ctr",
		body: `const f = async () => {
    const key = await subtle().importKey("raw", AES_KEY.slice(0, 24), "AES-CTR", true, ["encrypt", "decrypt"]);
    const ct = await subtle().encrypt({ name: "AES-CTR", counter: IV16, length: 64 }, key, PLAIN);
    const pt = await subtle().decrypt({ name: "AES-CTR", counter: IV16, length: 64 }, key, ct);
    return [hex(ct), new TextDecoder().decode(pt), key.algorithm];
  };
return await f();`,
		want: `{"ok":["6af63c33379949f1c7f95263878b89d39a7c5fe2aaffd750f34feca55caf8825","Attack at dawn! Attack at dawn!!",{"length":192,"name":"AES-CTR"}]}`,
	},
	{
		name: "crypto-aes-kw-wrap",
		body: `const f = async () => {
    // RFC 3394 section 4.1 vector.
    const kek = await subtle().importKey("raw", fromHex("000102030405060708090a0b0c0d0e0f"), "AES-KW", false, ["wrapKey", "unwrapKey"]);
    const data = await subtle().importKey("raw", fromHex("00112233445566778899aabbccddeeff"), "AES-GCM", true, ["encrypt"]);
    const wrapped = await subtle().wrapKey("raw", data, kek, "AES-KW");
    const un = await subtle().unwrapKey("raw", wrapped, kek, "AES-KW", "AES-GCM", true, ["decrypt"]);
    return [hex(wrapped), hex(await subtle().exportKey("raw", un)), keyInfo(un)];
  };
return await f();`,
		want: `{"ok":["1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5","00112233445566778899aabbccddeeff",{"algorithm":{"length":128,"name":"AES-GCM"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["decrypt"]}]}`,
	},
	{
		name: "crypto-aes-invalid-key-length",
		body: `const f = async () => [
    await attemptAsync(() => subtle().importKey("raw", new Uint8Array(15), "AES-GCM", false, ["encrypt"])),
    await attemptAsync(() => subtle().generateKey({ name: "AES-CBC", length: 100 }, false, ["encrypt"])),
  ];
return await f();`,
		want: `{"ok":[{"err":{"code":0,"ctor":"DOMException","message":"Imported AES key length must be 128, 192, or 256 bits but provided 120.","name":"DataError"}},{"err":{"code":0,"ctor":"DOMException","message":"Generated AES key length must be 128, 192, or 256 bits but requested 100.","name":"OperationError"}}]}`,
	},
	{
		name: "crypto-pbkdf2",
		body: `const f = async () => {
    const base = await subtle().importKey("raw", utf8("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
    const bits = await subtle().deriveBits({ name: "PBKDF2", salt: utf8("salt"), iterations: 4096, hash: "SHA-256" }, base, 256);
    const key = await subtle().deriveKey({ name: "PBKDF2", salt: utf8("salt"), iterations: 2, hash: "SHA-1" }, base,
      { name: "AES-GCM", length: 128 }, true, ["encrypt"]);
    return [hex(bits), hex(await subtle().exportKey("raw", key)), keyInfo(base),
      await attemptAsync(() => subtle().importKey("raw", utf8("p"), "PBKDF2", true, ["deriveBits"]))];
  };
return await f();`,
		want: `{"ok":["c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a","ea6c014dc72d6f8ccd1ed92ace1d41f0",{"algorithm":{"name":"PBKDF2"},"extractable":false,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["deriveBits","deriveKey"]},{"err":{"code":12,"ctor":"DOMException","message":"PBKDF2 key cannot be extractable.","name":"SyntaxError"}}]}`,
	},
	{
		name: "crypto-hkdf",
		body: `const f = async () => {
    const ikm = fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    const base = await subtle().importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
    const bits = await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: fromHex("000102030405060708090a0b0c"),
      info: fromHex("f0f1f2f3f4f5f6f7f8f9") }, base, 336);
    const empty = await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) }, base, 128);
    return [hex(bits), hex(empty)];
  };
return await f();`,
		want: `{"ok":["3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865","8da4e775a563c18f715f802a063c5a31"]}`,
	},
	{
		name: "crypto-ecdsa-p256",
		body: `const f = async () => {
    const { privateKey, publicKey } = await subtle().generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const alg = { name: "ECDSA", hash: "SHA-256" };
    const sig = await subtle().sign(alg, privateKey, utf8("msg"));
    const other = await subtle().verify(alg, publicKey, sig, utf8("other"));
    const spki = await subtle().exportKey("spki", publicKey);
    const reimported = await subtle().importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
    const jwk = await subtle().exportKey("jwk", publicKey);
    const raw = await subtle().exportKey("raw", publicKey);
    return { sigLen: sig.byteLength, verify: await subtle().verify(alg, publicKey, sig, utf8("msg")), other,
      reimportedVerify: await subtle().verify(alg, reimported, sig, utf8("msg")), spkiLen: spki.byteLength, rawLen: raw.byteLength,
      rawFirst: new Uint8Array(raw)[0], jwkKeys: Object.keys(jwk).sort(), jwk: { kty: jwk.kty, crv: jwk.crv, ext: jwk.ext, key_ops: jwk.key_ops },
      priv: keyInfo(privateKey), pub: keyInfo(publicKey) };
  };
return await f();`,
		want: `{"ok":{"jwk":{"crv":"P-256","ext":true,"key_ops":["verify"],"kty":"EC"},"jwkKeys":["crv","ext","key_ops","kty","x","y"],"other":false,"priv":{"algorithm":{"name":"ECDSA","namedCurve":"P-256"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"private","usages":["sign"]},"pub":{"algorithm":{"name":"ECDSA","namedCurve":"P-256"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"public","usages":["verify"]},"rawFirst":4,"rawLen":65,"reimportedVerify":true,"sigLen":64,"spkiLen":91,"verify":true}}`,
	},
	{
		name: "crypto-ecdsa-pkcs8-roundtrip",
		body: `const f = async () => {
    const { privateKey } = await subtle().generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"]);
    const pkcs8 = await subtle().exportKey("pkcs8", privateKey);
    const again = await subtle().importKey("pkcs8", pkcs8, { name: "ECDSA", namedCurve: "P-384" }, true, ["sign"]);
    const pkcs8b = await subtle().exportKey("pkcs8", again);
    const jwk = await subtle().exportKey("jwk", again);
    return [hex(pkcs8) === hex(pkcs8b), Object.keys(jwk).sort(), jwk.crv, keyInfo(again),
      await attemptAsync(() => subtle().exportKey("raw", privateKey))];
  };
return await f();`,
		want: `{"ok":[true,["crv","d","ext","key_ops","kty","x","y"],"P-384",{"algorithm":{"name":"ECDSA","namedCurve":"P-384"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"private","usages":["sign"]},{"err":{"code":15,"ctor":"DOMException","message":"Raw export of elliptic curve keys is only allowed for public keys.","name":"InvalidAccessError"}}]}`,
	},
	{
		name: "crypto-ed25519-fixed",
		body: `const f = async () => {
    const priv = await subtle().importKey("jwk", { kty: "OKP", crv: "Ed25519", d: b64url(ED_SK), x: b64url(ED_PK) }, "Ed25519", true, ["sign"]);
    const pub = await subtle().importKey("raw", ED_PK, { name: "Ed25519" }, true, ["verify"]);
    const sig = await subtle().sign("Ed25519", priv, new Uint8Array(0));
    const sig2 = await subtle().sign("Ed25519", priv, utf8("hello"));
    return { sig: hex(sig), sig2: hex(sig2), verify: await subtle().verify("Ed25519", pub, sig, new Uint8Array(0)),
      wrong: await subtle().verify("Ed25519", pub, sig, utf8("x")), pkcs8: hex(await subtle().exportKey("pkcs8", priv)),
      spki: hex(await subtle().exportKey("spki", pub)), priv: keyInfo(priv), pub: keyInfo(pub) };
  };
return await f();`,
		want: `{"ok":{"pkcs8":"302e020100300506032b6570042204209d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60","priv":{"algorithm":{"name":"Ed25519"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"private","usages":["sign"]},"pub":{"algorithm":{"name":"Ed25519"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"public","usages":["verify"]},"sig":"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b","sig2":"511ca497c4d4270b098b1afd5ae4e3b951a5da2c9da6e9c0528f5761883676e7df6e4c0f0e1b5a0a4444f4298b1882dd822fb1133cbd49abfb996c87cd5b8506","spki":"302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a","verify":true,"wrong":false}}`,
	},
	{
		name: "crypto-ed25519-generate",
		body: `const f = async () => {
    const kp = await subtle().generateKey("Ed25519", true, ["sign", "verify"]);
    const sig = await subtle().sign("Ed25519", kp.privateKey, utf8("m"));
    const jwk = await subtle().exportKey("jwk", kp.privateKey);
    return [sig.byteLength, await subtle().verify("Ed25519", kp.publicKey, sig, utf8("m")), Object.keys(jwk).sort(), jwk.crv,
      keyInfo(kp.privateKey), keyInfo(kp.publicKey)];
  };
return await f();`,
		want: `{"ok":[64,true,["alg","crv","d","ext","key_ops","kty","x"],"Ed25519",{"algorithm":{"name":"Ed25519"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"private","usages":["sign"]},{"algorithm":{"name":"Ed25519"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"public","usages":["verify"]}]}`,
	},
	{
		name: "crypto-x25519-fixed",
		body: `const f = async () => {
    const a = await subtle().importKey("jwk", { kty: "OKP", crv: "X25519", d: b64url(X_A_SK), x: b64url(X_A_PK) }, "X25519", false, ["deriveBits"]);
    const b = await subtle().importKey("raw", X_B_PK, "X25519", true, []);
    const shared = await subtle().deriveBits({ name: "X25519", public: b }, a, 256);
    return [hex(shared), keyInfo(a), keyInfo(b)];
  };
return await f();`,
		want: `{"ok":["4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",{"algorithm":{"name":"X25519"},"extractable":false,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"private","usages":["deriveBits"]},{"algorithm":{"name":"X25519"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"public","usages":[]}]}`,
	},
	{
		name: "crypto-ecdh-agree",
		body: `const f = async () => {
    const alg = { name: "ECDH", namedCurve: "P-256" };
    const a = await subtle().generateKey(alg, false, ["deriveBits"]);
    const b = await subtle().generateKey(alg, false, ["deriveBits"]);
    const ab = await subtle().deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 256);
    const ba = await subtle().deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, 256);
    return [ab.byteLength, hex(ab) === hex(ba), keyInfo(a.privateKey), keyInfo(a.publicKey)];
  };
return await f();`,
		want: `{"ok":[32,true,{"algorithm":{"name":"ECDH","namedCurve":"P-256"},"extractable":false,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"private","usages":["deriveBits"]},{"algorithm":{"name":"ECDH","namedCurve":"P-256"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"public","usages":[]}]}`,
	},
	{
		name: "crypto-rsa-pkcs1",
		body: `const f = async () => {
    const { privateKey, publicKey } = await subtle().generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
    const s1 = await subtle().sign("RSASSA-PKCS1-v1_5", privateKey, utf8("m"));
    const s2 = await subtle().sign("RSASSA-PKCS1-v1_5", privateKey, utf8("m"));
    const jwk = await subtle().exportKey("jwk", publicKey);
    return [s1.byteLength, hex(s1) === hex(s2), await subtle().verify("RSASSA-PKCS1-v1_5", publicKey, s1, utf8("m")),
      Object.keys(jwk).sort(), jwk.alg, jwk.e, keyInfo(publicKey)];
  };
return await f();`,
		want: `{"ok":[128,true,true,["alg","e","ext","key_ops","kty","n"],"RS256","AQAB",{"algorithm":{"hash":{"name":"SHA-256"},"modulusLength":1024,"name":"RSASSA-PKCS1-v1_5","publicExponent":{"$view":"Uint8Array","bytes":[1,0,1]}},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"public","usages":["verify"]}]}`,
	},
	{
		name: "crypto-rsa-oaep",
		body: `const f = async () => {
    const { privateKey, publicKey } = await subtle().generateKey({ name: "RSA-OAEP", modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" }, false, ["encrypt", "decrypt"]);
    const ct = await subtle().encrypt({ name: "RSA-OAEP", label: utf8("l") }, publicKey, utf8("secret"));
    const pt = await subtle().decrypt({ name: "RSA-OAEP", label: utf8("l") }, privateKey, ct);
    return [ct.byteLength, new TextDecoder().decode(pt), await attemptAsync(() => subtle().decrypt({ name: "RSA-OAEP" }, privateKey, ct))];
  };
return await f();`,
		want: `{"ok":[128,"secret",{"err":{"code":0,"ctor":"DOMException","message":"RSA-OAEP failed encrypt/decrypt.","name":"OperationError"}}]}`,
	},
	{
		name: "crypto-jwk-roundtrip-symmetric",
		body: `const f = async () => {
    const hm = await subtle().importKey("jwk", { kty: "oct", k: b64url(utf8("jwk-secret")), alg: "HS256" },
      { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    const aes = await subtle().importKey("raw", AES_KEY.slice(0, 16), "AES-CBC", true, ["encrypt"]);
    return [await subtle().exportKey("jwk", hm), await subtle().exportKey("jwk", aes), keyInfo(hm)];
  };
return await f();`,
		want: `{"ok":[{"alg":"HS256","ext":true,"k":"andrLXNlY3JldA","key_ops":["sign","verify"],"kty":"oct"},{"alg":"A128CBC","ext":true,"k":"AAECAwQFBgcICQoLDA0ODw","key_ops":["encrypt"],"kty":"oct"},{"algorithm":{"hash":{"name":"SHA-256"},"length":80,"name":"HMAC"},"extractable":true,"isCryptoKey":true,"tag":"[object CryptoKey]","type":"secret","usages":["sign","verify"]}]}`,
	},
	{
		name: "crypto-usage-errors",
		body: `const f = async () => {
    const enc = await subtle().importKey("raw", AES_KEY.slice(0, 16), "AES-GCM", false, ["encrypt"]);
    const hm = await subtle().importKey("raw", utf8("k"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    return [
      await attemptAsync(() => subtle().decrypt({ name: "AES-GCM", iv: IV12 }, enc, PLAIN)),
      await attemptAsync(() => subtle().sign("HMAC", hm, PLAIN)),
      await attemptAsync(() => subtle().exportKey("raw", enc)),
      await attemptAsync(() => subtle().importKey("raw", AES_KEY.slice(0, 16), "AES-GCM", false, ["sign"])),
      await attemptAsync(() => subtle().importKey("raw", AES_KEY.slice(0, 16), "AES-GCM", false, [])),
      await attemptAsync(() => subtle().generateKey({ name: "HMAC", hash: "SHA-256" }, false, [])),
      await attemptAsync(() => subtle().encrypt({ name: "AES-CBC", iv: IV16 }, enc, PLAIN)),
    ];
  };
return await f();`,
		want: `{"ok":[{"err":{"code":15,"ctor":"DOMException","message":"Requested key usage \"decrypt\" does not match any usage listed in this CryptoKey.","name":"InvalidAccessError"}},{"err":{"code":15,"ctor":"DOMException","message":"Requested key usage \"sign\" does not match any usage listed in this CryptoKey.","name":"InvalidAccessError"}},{"err":{"code":15,"ctor":"DOMException","message":"Attempt to export non-extractable AES-GCM key.","name":"InvalidAccessError"}},{"err":{"code":12,"ctor":"DOMException","message":"Attempt to import secret AES-GCM key with invalid usage \"sign\".","name":"SyntaxError"}},{"err":{"code":12,"ctor":"DOMException","message":"Secret/private CryptoKeys must have at least one usage.","name":"SyntaxError"}},{"err":{"code":12,"ctor":"DOMException","message":"Secret/private CryptoKeys must have at least one usage.","name":"SyntaxError"}},{"err":{"code":15,"ctor":"DOMException","message":"Requested algorithm \"AES-CBC\" does not match this CryptoKey's algorithm \"AES-GCM\".","name":"InvalidAccessError"}}]}`,
	},
	{
		name: "crypto-unsupported-algorithms",
		body: `const f = async () => [
    await attemptAsync(() => subtle().generateKey({ name: "NOPE" }, false, ["sign"])),
    await attemptAsync(() => subtle().importKey("raw", utf8("k"), { name: "HMAC" }, false, ["sign"])),
    await attemptAsync(() => subtle().importKey("bogus", utf8("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])),
    await attemptAsync(() => subtle().generateKey({ name: "ECDSA", namedCurve: "P-999" }, false, ["sign"])),
  ];
return await f();`,
		want: `{"ok":[{"err":{"code":9,"ctor":"DOMException","message":"Unrecognized key generation algorithm \"NOPE\" requested.","name":"NotSupportedError"}},{"err":{"ctor":"TypeError","message":"Missing field \"hash\" in \"algorithm\".","name":"TypeError"}},{"err":{"code":9,"ctor":"DOMException","message":"Unrecognized key import format \"bogus\".","name":"NotSupportedError"}},{"err":{"code":9,"ctor":"DOMException","message":"Unrecognized or unimplemented EC curve \"P-999\" requested.","name":"NotSupportedError"}}]}`,
	},
	{
		name: "crypto-timingsafeequal",
		body: `const f = async () => {
    const t = subtle().timingSafeEqual;
    if (typeof t !== "function") return "absent";
    return [subtle().timingSafeEqual(utf8("abc"), utf8("abc")), subtle().timingSafeEqual(utf8("abc"), utf8("abd")),
      subtle().timingSafeEqual(new ArrayBuffer(0), new ArrayBuffer(0)), attempt(() => subtle().timingSafeEqual(utf8("a"), utf8("ab")))];
  };
return await f();`,
		want: `{"ok":[true,false,true,{"err":{"ctor":"TypeError","message":"Input buffers must have the same byte length.","name":"TypeError"}}]}`,
	},
}
