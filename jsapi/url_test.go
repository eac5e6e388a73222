package jsapi

import "testing"

// The URL and URLSearchParams cases of the conformance corpus
// (conformance/src/cases/web/url.js), with workerd's answers.
func TestURLWebCases(t *testing.T) {
	runWebCases(t, withPrelude(urlCasesPrelude, urlCases))
}

const urlCasesPrelude = `// URL and URLSearchParams: parsing, setters, searchParams sync, serialisation, errors.
const parts = (u) => ({ href: u.href, protocol: u.protocol, username: u.username, password: u.password,
  host: u.host, hostname: u.hostname, port: u.port, pathname: u.pathname, search: u.search, hash: u.hash,
  origin: u.origin });
const parse = (input, base) => attempt(() => parts(base === undefined ? new URL(input) : new URL(input, base)));`

var urlCases = []webCase{
	{
		name: "url-components",
		body: `const f = async () => parts(new URL("https://user:pa%20ss@Example.COM:8080/p/a/t/h?query=1&x#frag"));
return await f();`,
		want: `{"ok":{"hash":"#frag","host":"example.com:8080","hostname":"example.com","href":"https://user:pa%20ss@example.com:8080/p/a/t/h?query=1&x#frag","origin":"https://example.com:8080","password":"pa%20ss","pathname":"/p/a/t/h","port":"8080","protocol":"https:","search":"?query=1&x","username":"user"}}`,
	},
	{
		name: "url-default-port-dropped",
		body: `const f = async () => [
    new URL("http://example.com:80/").href, new URL("https://example.com:443/").href,
    new URL("ws://example.com:80/").href, new URL("wss://example.com:443/").href,
    new URL("ftp://example.com:21/").href, new URL("https://example.com:80/").href,
  ];
return await f();`,
		want: `{"ok":["http://example.com/","https://example.com/","ws://example.com/","wss://example.com/","ftp://example.com/","https://example.com:80/"]}`,
	},
	{
		name: "url-special-schemes",
		body: `const f = async () => ["http://a/b", "file:///C:/x/../y", "ws://h", "foo://h/p", "mailto:x@y.z",
    "javascript:alert(1)", "data:text/plain,hi", "blob:https://a.com/uuid", "urn:isbn:123"].map((s) => parse(s));
return await f();`,
		want: `{"ok":[{"ok":{"hash":"","host":"a","hostname":"a","href":"http://a/b","origin":"http://a","password":"","pathname":"/b","port":"","protocol":"http:","search":"","username":""}},{"ok":{"hash":"","host":"","hostname":"","href":"file:///C:/y","origin":"null","password":"","pathname":"/C:/y","port":"","protocol":"file:","search":"","username":""}},{"ok":{"hash":"","host":"h","hostname":"h","href":"ws://h/","origin":"ws://h","password":"","pathname":"/","port":"","protocol":"ws:","search":"","username":""}},{"ok":{"hash":"","host":"h","hostname":"h","href":"foo://h/p","origin":"null","password":"","pathname":"/p","port":"","protocol":"foo:","search":"","username":""}},{"ok":{"hash":"","host":"","hostname":"","href":"mailto:x@y.z","origin":"null","password":"","pathname":"x@y.z","port":"","protocol":"mailto:","search":"","username":""}},{"ok":{"hash":"","host":"","hostname":"","href":"javascript:alert(1)","origin":"null","password":"","pathname":"alert(1)","port":"","protocol":"javascript:","search":"","username":""}},{"ok":{"hash":"","host":"","hostname":"","href":"data:text/plain,hi","origin":"null","password":"","pathname":"text/plain,hi","port":"","protocol":"data:","search":"","username":""}},{"ok":{"hash":"","host":"","hostname":"","href":"blob:https://a.com/uuid","origin":"https://a.com","password":"","pathname":"https://a.com/uuid","port":"","protocol":"blob:","search":"","username":""}},{"ok":{"hash":"","host":"","hostname":"","href":"urn:isbn:123","origin":"null","password":"","pathname":"isbn:123","port":"","protocol":"urn:","search":"","username":""}}]}`,
	},
	{
		name: "url-path-dot-segments",
		body: `const f = async () => ["http://h/a/./b/../c", "http://h/a/%2e/b/%2E%2E/c", "http://h/..", "http://h/a/b/..",
    "foo://h/a/../b", "http://h/a//b"].map((s) => new URL(s).pathname);
return await f();`,
		want: `{"ok":["/a/c","/a/c","/","/a/","/b","/a//b"]}`,
	},
	{
		name: "url-backslashes",
		body: `const f = async () => [["http:\\\\example.com\\a\\b"], ["foo://h\\a\\b"], ["\\\\other\\p", "http://base.com/x"],
    ["\\x\\y", "http://base.com/a/b"], ["\\x", "foo://base/a"]].map(([i, b]) => attempt(() => new URL(i, b).href));
return await f();`,
		want: `{"ok":[{"ok":"http://example.com/a/b"},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"ok":"http://other/p"},{"ok":"http://base.com/x/y"},{"ok":"foo://base/\\x"}]}`,
	},
	{
		name: "url-whitespace-and-controls",
		body: `const f = async () => [
    new URL("  http://example.com/a b  ").href,
    new URL("http://exa\tmple.com/a\nb").href,
    new URL("http://example.com/\u00e9?\u00e9#\u00e9").href,
  ];
return await f();`,
		want: `{"ok":["http://example.com/a%20b","http://example.com/ab","http://example.com/%C3%A9?%C3%A9#%C3%A9"]}`,
	},
	{
		name: "url-percent-encoding-sets",
		body: "const f = async () => {\n    const u = new URL(\"http://h/ !\\\"#$%&'()*+,-./:;<=>?@[\\\\]^_`{|}~\");\n    const v = new URL(\"http://h/p?q= !\\\"$%&'()*+,-./:;<=>?@[\\\\]^_`{|}~#f= \\\"<>`\");\n    return [u.href, v.href, new URL(\"foo://h/p?'\").search, new URL(\"http://h/p?'\").search];\n  };\nreturn await f();",
		want: "{\"ok\":[\"http://h/%20!%22#$%&'()*+,-./:;%3C=%3E?@[\\\\]^_%60{|}~\",\"http://h/p?q=%20!%22$%&%27()*+,-./:;%3C=%3E?@[\\\\]^_`{|}~#f=%20%22%3C%3E%60\",\"?'\",\"?%27\"]}",
	},
	{
		name: "url-ipv4-forms",
		body: `const f = async () => ["http://0x7f.1/", "http://127.0.0.1/", "http://2130706433/", "http://0177.0.0.1/",
    "http://127.1/", "http://1.2.3.4.5/", "http://256.0.0.1/", "http://1.2.3.08/"].map((s) => attempt(() => new URL(s).host));
return await f();`,
		want: `{"ok":[{"ok":"127.0.0.1"},{"ok":"127.0.0.1"},{"ok":"127.0.0.1"},{"ok":"127.0.0.1"},{"ok":"127.0.0.1"},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}}]}`,
	},
	{
		name: "url-ipv6",
		body: `const f = async () => ["http://[::1]/", "http://[0:0:0:0:0:0:0:1]:8080/", "http://[2001:DB8::1:0:0:1]/",
    "http://[::ffff:192.168.0.1]/", "http://[1::2::3]/", "http://[::1/"].map((s) => attempt(() => {
      const u = new URL(s); return [u.host, u.hostname, u.port];
    }));
return await f();`,
		want: `{"ok":[{"ok":["[::1]","[::1]",""]},{"ok":["[::1]:8080","[::1]","8080"]},{"ok":["[2001:db8::1:0:0:1]","[2001:db8::1:0:0:1]",""]},{"ok":["[::ffff:c0a8:1]","[::ffff:c0a8:1]",""]},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}}]}`,
	},
	{
		name: "url-idna",
		body: `const f = async () => ["http://münchen.de/", "http://MÜNCHEN.de/", "http://xn--mnchen-3ya.de/", "http://☃.net/",
    "http://例え.テスト/", "http://ex%41mple.com/", "http://a\u00adb.com/"].map((s) => attempt(() => new URL(s).hostname));
return await f();`,
		want: `{"ok":[{"ok":"xn--mnchen-3ya.de"},{"ok":"xn--mnchen-3ya.de"},{"ok":"xn--mnchen-3ya.de"},{"ok":"xn--n3h.net"},{"ok":"xn--r8jz45g.xn--zckzah"},{"ok":"example.com"},{"ok":"ab.com"}]}`,
	},
	{
		name: "url-invalid-hosts",
		body: `const f = async () => ["http://exa mple.com/", "http://ex<ample.com/", "http://%zz/", "http:///", "http://",
    "http://a:b:c/", "http://h:99999/", "http://h:-1/", "https://h:8a/"].map((s) => parse(s));
return await f();`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}}]}`,
	},
	{
		name: "url-invalid-error-text",
		body: `const f = async () => [attempt(() => new URL("nope")), attempt(() => new URL("/x")),
    attempt(() => new URL("/x", "also bad")), attempt(() => new URL()), attempt(() => new URL("")),];
return await f();`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to construct 'URL': constructor parameter 1 is not of type 'USVString'.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL string.","name":"TypeError"}}]}`,
	},
	{
		name: "url-relative-resolution",
		body: `const f = async () => {
    const base = "http://a/b/c/d;p?q";
    return ["g:h", "g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", ";x", "", ".", "./", "..", "../", "../g",
      "../..", "../../g", "../../../g", "/./g", "g.", ".g", "g..", "..g", "./../g", "g/./h", "g;x=1/../y"]
      .map((r) => new URL(r, base).href);
  };
return await f();`,
		want: `{"ok":["g:h","http://a/b/c/g","http://a/b/c/g","http://a/b/c/g/","http://a/g","http://g/","http://a/b/c/d;p?y","http://a/b/c/g?y","http://a/b/c/d;p?q#s","http://a/b/c/g#s","http://a/b/c/;x","http://a/b/c/d;p?q","http://a/b/c/","http://a/b/c/","http://a/b/","http://a/b/","http://a/b/g","http://a/","http://a/g","http://a/g","http://a/g","http://a/b/c/g.","http://a/b/c/.g","http://a/b/c/g..","http://a/b/c/..g","http://a/b/g","http://a/b/c/g/h","http://a/b/c/y"]}`,
	},
	{
		name: "url-base-as-url-object",
		body: `const f = async () => [new URL("x", new URL("https://h/dir/file")).href, new URL("//o/p", "https://h/").href,
    new URL("https:rel", "https://h/dir/").href, new URL("http:rel", "https://h/dir/").href];
return await f();`,
		want: `{"ok":["https://h/dir/x","https://o/p","https://h/dir/rel","http://rel/"]}`,
	},
	{
		name: "url-can-parse",
		body: `const f = async () => [URL.canParse("https://h/"), URL.canParse("nope"), URL.canParse("/x", "https://h/"),
    URL.canParse("/x"), URL.canParse("x", "bad base"), typeof URL.parse === "function" ? [URL.parse("nope"), URL.parse("/a", "http://h").href] : "absent"];
return await f();`,
		want: `{"ok":[true,false,true,false,false,[null,"http://h/a"]]}`,
	},
	{
		name: "url-setters",
		body: `const f = async () => {
    const u = new URL("http://user@h.com:81/p?q#f");
    const log = [];
    const set = (k, v) => { u[k] = v; log.push([k, v, u.href]); };
    set("protocol", "https"); set("protocol", "foo"); set("protocol", "wss:"); set("username", "u s");
    set("password", "p@ss"); set("host", "new.example:8443"); set("hostname", "x.example"); set("port", "443");
    set("port", "abc"); set("port", "12ab"); set("port", ""); set("pathname", "a b/c"); set("search", "x=1 2");
    set("search", "?"); set("hash", "h h"); set("hash", ""); set("hostname", "bad host");
    return log;
  };
return await f();`,
		want: `{"ok":[["protocol","https","https://user@h.com:81/p?q#f"],["protocol","foo","https://user@h.com:81/p?q#f"],["protocol","wss:","wss://user@h.com:81/p?q#f"],["username","u s","wss://u%20s@h.com:81/p?q#f"],["password","p@ss","wss://u%20s:p%40ss@h.com:81/p?q#f"],["host","new.example:8443","wss://u%20s:p%40ss@new.example:8443/p?q#f"],["hostname","x.example","wss://u%20s:p%40ss@x.example:8443/p?q#f"],["port","443","wss://u%20s:p%40ss@x.example/p?q#f"],["port","abc","wss://u%20s:p%40ss@x.example/p?q#f"],["port","12ab","wss://u%20s:p%40ss@x.example:12/p?q#f"],["port","","wss://u%20s:p%40ss@x.example/p?q#f"],["pathname","a b/c","wss://u%20s:p%40ss@x.example/a%20b/c?q#f"],["search","x=1 2","wss://u%20s:p%40ss@x.example/a%20b/c?x=1%202#f"],["search","?","wss://u%20s:p%40ss@x.example/a%20b/c?#f"],["hash","h h","wss://u%20s:p%40ss@x.example/a%20b/c?#h%20h"],["hash","","wss://u%20s:p%40ss@x.example/a%20b/c?"],["hostname","bad host","wss://u%20s:p%40ss@x.example/a%20b/c?"]]}`,
	},
	{
		name: "url-href-setter-invalid",
		body: `const f = async () => {
    const u = new URL("http://h/");
    return [attempt(() => { u.href = "not a url"; }), u.href, attempt(() => { u.href = "https://ok/"; return u.href; })];
  };
return await f();`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Failed to set the 'href' property on 'URL': the provided value is not of type 'valid URL string'.","name":"TypeError"}},"http://h/",{"ok":"https://ok/"}]}`,
	},
	{
		name: "url-search-params-sync",
		body: `const f = async () => {
    const u = new URL("http://h/p?a=1&b=2");
    const sp = u.searchParams;
    sp.append("c", "x y");
    const afterAppend = u.href;
    u.search = "?z=9";
    const afterSearch = [...sp];
    sp.delete("z");
    return [afterAppend, afterSearch, u.href, u.search, sp === u.searchParams];
  };
return await f();`,
		want: `{"ok":["http://h/p?a=1&b=2&c=x+y",[["z","9"]],"http://h/p","",true]}`,
	},
	{
		name: "url-tojson-tostring",
		body: `const f = async () => {
    const u = new URL("http://h/a?b");
    return [u.toString(), u.toJSON(), JSON.stringify({ u }), String(u)];
  };
return await f();`,
		want: `{"ok":["http://h/a?b","http://h/a?b","{\"u\":\"http://h/a?b\"}","http://h/a?b"]}`,
	},
	{
		name: "url-origin-variants",
		body: `const f = async () => ["http://h:8080/x", "blob:https://h.com/id", "file:///x", "data:,x", "foo://h/",
    "ws://h/"].map((s) => new URL(s).origin);
return await f();`,
		want: `{"ok":["http://h:8080","https://h.com","null","null","null","ws://h"]}`,
	},
	{
		name: "url-file-scheme",
		body: `const f = async () => ["file:///C:/a/b", "file://host/share/x", "file:/x", "file:c:\\dir\\f", "file://localhost/x"]
    .map((s) => attempt(() => [new URL(s).href, new URL(s).host]));
return await f();`,
		want: `{"ok":[{"ok":["file:///C:/a/b",""]},{"ok":["file://host/share/x","host"]},{"ok":["file:///x",""]},{"ok":["file:///c:/dir/f",""]},{"ok":["file:///x",""]}]}`,
	},
	{
		name: "url-opaque-paths",
		body: `const f = async () => {
    const u = new URL("mailto:someone@example.com?subject=hi");
    return [u.pathname, u.search, u.host, attempt(() => { u.pathname = "other"; return u.href; })];
  };
return await f();`,
		want: `{"ok":["someone@example.com","?subject=hi","",{"ok":"mailto:someone@example.com?subject=hi"}]}`,
	},
	{
		name: "url-static-and-proto",
		body: `const f = async () => Object.getOwnPropertyNames(URL.prototype).sort();
return await f();`,
		want: `{"ok":["constructor","hash","host","hostname","href","origin","password","pathname","port","protocol","search","searchParams","toJSON","toString","username"]}`,
	},
	{
		name: "urlsearchparams-init-forms",
		body: `const f = async () => [
    [...new URLSearchParams("?a=1&a=2&b")], [...new URLSearchParams("a=%20+%2B&%zz=1")],
    [...new URLSearchParams({ x: "1", y: 2 })], [...new URLSearchParams([["k", "v"], ["k", "w"]])],
    [...new URLSearchParams(new URLSearchParams("q=1"))], [...new URLSearchParams("")], [...new URLSearchParams("&&=&a=")],
    attempt(() => [...new URLSearchParams([["only"]])]),
  ];
return await f();`,
		want: `{"ok":[[["a","1"],["a","2"],["b",""]],[["a","  +"],["%zz","1"]],[["x","1"],["y","2"]],[["k","v"],["k","w"]],[["q","1"]],[],[["",""],["a",""]],{"err":{"ctor":"TypeError","message":"Invalid URL search params sequence.","name":"TypeError"}}]}`,
	},
	{
		name: "urlsearchparams-methods",
		body: `const f = async () => {
    const p = new URLSearchParams("a=1&b=2&a=3");
    const out = [p.get("a"), p.getAll("a"), p.has("b"), p.get("zz"), p.size];
    p.set("a", "only");
    out.push(p.toString());
    p.delete("b");
    out.push(p.toString());
    p.append("c", "1"); p.append("c", "2"); p.append("c", "1");
    out.push(p.has("c", "2"), p.has("c", "9"));
    p.delete("c", "1");
    out.push(p.toString(), p.size);
    return out;
  };
return await f();`,
		want: `{"ok":["1",["1","3"],true,null,3,"a=only&b=2","a=only",true,false,"a=only&c=2",2]}`,
	},
	{
		name: "urlsearchparams-sort-stable",
		body: `const f = async () => {
    const p = new URLSearchParams("z=1&a=2&b=3&a=1&\u00e9=1&A=0&\uD83D\uDE00=x&\uFB03=y");
    p.sort();
    return [...p.keys()];
  };
return await f();`,
		want: `{"ok":["A","a","a","b","z","é","😀","ﬃ"]}`,
	},
	{
		name: "urlsearchparams-tostring-encoding",
		body: `const f = async () => {
    const p = new URLSearchParams();
    p.append("sp ace", "a+b c");
    p.append("sym", "!'()*~-._&=?/#%");
    p.append("uni", "é😀");
    p.append("lone", "\uD800");
    return p.toString();
  };
return await f();`,
		want: `{"ok":"sp+ace=a%2Bb+c&sym=%21%27%28%29*%7E-._%26%3D%3F%2F%23%25&uni=%C3%A9%F0%9F%98%80&lone=%EF%BF%BD"}`,
	},
	{
		name: "urlsearchparams-iteration",
		body: `const f = async () => {
    const p = new URLSearchParams("b=2&a=1");
    const fe = [];
    p.forEach((v, k) => fe.push(k + "=" + v));
    return [[...p.entries()], [...p.keys()], [...p.values()], fe, Object.prototype.toString.call(p)];
  };
return await f();`,
		want: `{"ok":[[["b","2"],["a","1"]],["b","a"],["2","1"],["b=2","a=1"],"[object URLSearchParams]"]}`,
	},
}
