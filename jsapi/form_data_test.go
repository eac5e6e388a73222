package jsapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The FormData cases of the conformance corpus (blob-formdata.js), with
// workerd's answers.
var formDataWebCases = []webCase{
	{
		name: "formdata-append-get",
		body: `
const fd = new FormData();
fd.append("a", "1");
fd.append("a", "2");
fd.append("b", "x");
return [fd.get("a"), fd.getAll("a"), fd.has("b"), fd.get("zz"), fd.getAll("zz"), [...fd], [...fd.keys()]];`,
		want: `{"ok":["1",["1","2"],true,null,[],[["a","1"],["a","2"],["b","x"]],["a","a","b"]]}`,
	},
	{
		name: "formdata-set-delete",
		body: `
const fd = new FormData();
fd.append("k", "1"); fd.append("j", "x"); fd.append("k", "2");
fd.set("k", "only");
const afterSet = [...fd];
fd.delete("j");
return [afterSet, [...fd]];`,
		want: `{"ok":[[["k","only"],["j","x"]],[["k","only"]]]}`,
	},
	{
		name: "formdata-value-coercion",
		body: `
const fd = new FormData();
fd.append("n", 5);
fd.append("u", undefined);
fd.append("o", { toString: () => "obj" });
return [...fd];`,
		want: `{"ok":[["n","5"],["u","undefined"],["o","obj"]]}`,
	},
	{
		name: "formdata-blob-becomes-file",
		body: `
const fd = new FormData();
fd.append("blob", new Blob(["b"], { type: "x/b" }));
fd.append("named", new Blob(["c"]), "custom.bin");
fd.append("file", new File(["d"], "orig.txt"), "renamed.txt");
const out = [];
for (const [k, v] of fd) out.push([k, v.constructor.name, v.name, v.type, await v.text()]);
return out;`,
		want: `{"ok":[["blob","File","blob","x/b","b"],["named","File","custom.bin","","c"],["file","File","renamed.txt","","d"]]}`,
	},
	{
		name: "formdata-filename-without-blob",
		body: `
return (attempt(() => { const fd = new FormData(); fd.append("a", "str", "name.txt"); return [...fd]; }));`,
		want: `{"ok":{"ok":[["a","str"]]}}`,
	},
	{
		name: "formdata-multipart-roundtrip",
		body: `
const fd = new FormData();
fd.append("text", "hello world");
fd.append("unicode", "héllo ✓");
fd.append("multi", "1");
fd.append("multi", "2");
fd.append("file", new File(["file body\r\nline2"], "a \"quoted\".txt", { type: "text/x-test" }));
const back = await new Response(fd).formData();
const out = [];
for (const [k, v] of back) out.push(typeof v === "string" ? [k, v] : [k, v.name, v.type, await v.text()]);
return out;`,
		want: `{"ok":[["text","hello world"],["unicode","héllo ✓"],["multi","1"],["multi","2"],["file","a %22quoted%22.txt","text/x-test","file body\r\nline2"]]}`,
	},
	{
		name: "formdata-multipart-body-shape",
		body: `
const fd = new FormData();
fd.append("field", "value");
fd.append("up", new Blob(["xyz"]), "u.bin");
const r = new Response(fd);
const boundary = r.headers.get("content-type").split("boundary=")[1];
const body = (await r.text()).split(boundary).join("BOUNDARY");
return body;`,
		want: `{"ok":"--BOUNDARY\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"up\"; filename=\"u.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nxyz\r\n--BOUNDARY--"}`,
	},
	{
		name: "formdata-parse-manual-multipart",
		body: `
const body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" +
  "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\nContent-Type: text/plain\r\n\r\nfile!\r\n--XyZ--\r\n";
const fd = await new Response(body, { headers: { "content-type": "multipart/form-data; boundary=XyZ" } }).formData();
const f = fd.get("f");
return [fd.get("a"), f.name, f.type, await f.text(), f instanceof File];`,
		want: `{"ok":["1","f.txt","text/plain","file!",true]}`,
	},
	{
		name: "formdata-parse-errors",
		body: `
return ([
    await attemptAsync(() => new Response("garbage", { headers: { "content-type": "multipart/form-data; boundary=XyZ" } }).formData()),
    await attemptAsync(() => new Response("x", { headers: { "content-type": "multipart/form-data" } }).formData()),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"No initial boundary string (or you have a truncated message).","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"No boundary string in Content-Type header. The multipart/form-data MIME type requires a boundary parameter, e.g. 'Content-Type: multipart/form-data; boundary=\"abcd\"'. See RFC 7578, section 4.","name":"TypeError"}}]}`,
	},
	{
		name: "formdata-request-body",
		body: `
const fd = new FormData();
fd.append("q", "search");
const req = new Request("https://example.com/", { method: "POST", body: fd });
const back = await req.formData();
return [/^multipart\/form-data; boundary=/.test(req.headers.get("content-type")), [...back]];`,
		want: `{"ok":[true,[["q","search"]]]}`,
	},
	{
		name: "formdata-iteration-foreach",
		body: `
const fd = new FormData();
fd.append("b", "2"); fd.append("a", "1");
const log = [];
fd.forEach((v, k, o) => log.push([k, v, o === fd]));
return [log, [...fd.values()], Object.prototype.toString.call(fd)];`,
		want: `{"ok":[[["b","2",true],["a","1",true]],["2","1"],"[object FormData]"]}`,
	},
}

func TestFormDataConformance(t *testing.T) { runWebCases(t, formDataWebCases) }

func TestParseMultipart(t *testing.T) {
	ptr := func(s string) *string { return &s }
	cases := []struct {
		name    string
		body    string
		want    []formPart
		wantErr string
	}{
		{name: "LF line ends", body: "--b\nContent-Disposition: form-data; name=\"a\"\n\n1\n--b--",
			want: []formPart{{name: "a", value: []byte("1")}}},
		{name: "a file with its type", body: "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x \\\"y\\\".txt\"\r\nContent-Type: text/x\r\n\r\nbody\r\n--b--\r\n",
			want: []formPart{{name: "f", filename: ptr(`x "y".txt`), contentType: "text/x", value: []byte("body")}}},
		{name: "an empty value", body: "--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--b--",
			want: []formPart{{name: "e", value: []byte{}}}},
		{name: "a preamble before the first boundary", body: "ignored\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--",
			want: []formPart{{name: "a", value: []byte("v")}}},
		{name: "no boundary", body: "nothing here", wantErr: "No initial boundary string (or you have a truncated message)."},
		{name: "garbage after the boundary", body: "--bX", wantErr: "Boundary string was not succeeded by CRLF, LF, or '--'."},
		{name: "headers never end", body: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n", wantErr: "No multipart message header termination found."},
		{name: "no disposition", body: "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", wantErr: "No valid Content-Disposition header found in FormData part."},
		{name: "not form-data", body: "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--",
			wantErr: `Content-Disposition header for FormData part must have the value "form-data", possibly followed by parameters. Got: "attachment"`},
		{name: "no name", body: "--b\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nv\r\n--b--",
			wantErr: "Content-Disposition header in FormData part is missing a name."},
		{name: "truncated part", body: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", wantErr: "No subsequent boundary string after multipart message."},
		{name: "invalid header line", body: "--b\r\nno colon here\r\n\r\nv\r\n--b--", wantErr: "FormData part had invalid headers."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts, err := parseFormData([]byte(c.body), "multipart/form-data; boundary=b")
			if c.wantErr != "" {
				require.EqualError(t, err, c.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, parts)
		})
	}
}

func TestFormEncodings(t *testing.T) {
	parts, err := parseFormData([]byte("a=1&b=x+y%21&&c&d=%zz&%E2%82%AC=%"), "application/x-www-form-urlencoded")
	require.NoError(t, err)
	var got [][2]string
	for _, p := range parts {
		got = append(got, [2]string{p.name, string(p.value)})
	}
	require.Equal(t, [][2]string{{"a", "1"}, {"b", "x y!"}, {"c", ""}, {"d", "%zz"}, {"€", "%"}}, got)

	_, err = parseFormData(nil, "application/x-www-form-urlencoded; charset=latin1")
	require.EqualError(t, err, "Non-utf-8 application/x-www-form-urlencoded body.")

	// Names are escaped as Chrome does, and not unescaped when read back.
	body, err := encodeMultipart([]formPart{{name: "a\"b\nc\\d", value: []byte("v")}}, "B")
	require.NoError(t, err)
	require.Equal(t, "--B\r\nContent-Disposition: form-data; name=\"a%22b%0Ac\\\\d\"\r\n\r\nv\r\n--B--", string(body))
	_, err = encodeMultipart([]formPart{{name: `trailing\`}}, "B")
	require.EqualError(t, err, `Name or filename can't end with backslash`)
}

func TestFormData(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "formData() needs a Content-Type", js: `
return new Response(new TextEncoder().encode("a=1")).formData().catch((e) => e.message);`, want: "Parsing a Body as FormData requires a Content-Type header."},
		{name: "parsed files are Files with their type", js: `
const fd = new FormData();
fd.append("f", new File(["data"], "d.bin", { type: "application/x-d" }));
const back = await new Request("http://x/", { method: "POST", body: fd }).formData();
const f = back.get("f");
return [f instanceof File, f.name, f.type, await f.text()];`, want: []any{true, "d.bin", "application/x-d", "data"}},
		{name: "a filename is ignored for a string", js: `
const fd = new FormData();
fd.set("k", "v", "ignored.txt");
return fd.get("k");`, want: "v"},
		{name: "append needs two arguments", js: `new FormData().append("a");`,
			wantErr: "TypeError: Failed to execute 'append' on 'FormData': 2 arguments required."},
		{name: "iterators are snapshots with a tag", js: `
const fd = new FormData();
fd.append("a", "1");
const it = fd.entries();
fd.append("b", "2");
return [Object.prototype.toString.call(it), [...it].length];`, want: []any{"[object FormData Iterator]", int64(1)}},
	})
}
