// Parses a list of inputs with Node's URL (ada, the parser workerd uses) and writes the
// outcomes as test vectors for jsapi/whatwgurl.
const bases = [undefined, "http://a/b/c/d;p?q", "https://h/dir/file", "foo://base/a", "file:///C:/x/y", "file://host/share/x", "mailto:x@y", "http://user:pw@h:81/p?q#f"];
const inputs = [
  "https://user:pa%20ss@Example.COM:8080/p/a/t/h?query=1&x#frag", "http://example.com:80/", "https://example.com:443/", "ws://example.com:80/",
  "wss://example.com:443/", "ftp://example.com:21/", "https://example.com:80/", "http://a/b", "file:///C:/x/../y", "ws://h", "foo://h/p",
  "mailto:x@y.z", "javascript:alert(1)", "data:text/plain,hi", "blob:https://a.com/uuid", "urn:isbn:123", "http://h/a/./b/../c",
  "http://h/a/%2e/b/%2E%2E/c", "http://h/..", "http://h/a/b/..", "foo://h/a/../b", "http://h/a//b", "http:\\\\example.com\\a\\b",
  "foo://h\\a\\b", "\\\\other\\p", "\\x\\y", "\\x", "  http://example.com/a b  ", "http://exa\tmple.com/a\nb",
  "http://example.com/\u00e9?\u00e9#\u00e9", "http://h/ !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "http://h/p?q= !\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~#f= \"<>`",
  "foo://h/p?'", "http://h/p?'", "http://0x7f.1/", "http://127.0.0.1/", "http://2130706433/", "http://0177.0.0.1/", "http://127.1/",
  "http://1.2.3.4.5/", "http://256.0.0.1/", "http://1.2.3.08/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]:8080/", "http://[2001:DB8::1:0:0:1]/",
  "http://[::ffff:192.168.0.1]/", "http://[1::2::3]/", "http://[::1/", "http://münchen.de/", "http://MÜNCHEN.de/", "http://xn--mnchen-3ya.de/",
  "http://☃.net/", "http://例え.テスト/", "http://ex%41mple.com/", "http://a\u00adb.com/", "http://exa mple.com/", "http://ex<ample.com/",
  "http://%zz/", "http:///", "http://", "http://a:b:c/", "http://h:99999/", "http://h:-1/", "https://h:8a/", "nope", "/x", "",
  "g:h", "g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", ";x", ".", "./", "..", "../", "../g", "../..", "../../g", "../../../g",
  "/./g", "g.", ".g", "g..", "..g", "./../g", "g/./h", "g;x=1/../y", "x", "//o/p", "https:rel", "http:rel", "file:///C:/a/b",
  "file://host/share/x", "file:/x", "file:c:\\dir\\f", "file://localhost/x", "mailto:someone@example.com?subject=hi", "http://h:8080/x",
  "file:///x", "data:,x", "ws://h/", "http://[::]/", "http://[1:0:0:2::3:0]/", "http://[0:0:1:0:0:0:0:0]/", "http://1.2.3.4./",
  "http://0x/", "http://09/", "http://example.com./", "http://%E2%98%83.com/", "http://%ef%bc%85.com/", "http://a%2Fb/", "sc://ñ.test/",
  "sc://%/", "sc://@/", "sc://te@s:t@/", "sc://:/", "sc://:12/", "non-special://[1:2::3]:80/", "http://@www.example.com",
  "http:/@www.example.com", "http://a:@www.example.com", "http://:b@www.example.com", "http://@:www.example.com", "http://www.@pple.com",
  "http://[www.google.com]/", "http://host/?'", "notspecial://host/?'", "file://C|/foo", "file:..", "file:a", "C|/foo", "/c:/foo/bar",
  "file://spider///", "file:\\\\//", "file:///C:/../..", "file:#frag", "file:?q", "//C|/foo", "\\\\server\\file", "about:blank",
  "a:\t foo.com", "http://f:21/ b ? d # e ", "lolscheme:x x#x x", "http://f:00000000000000/c", "http://f:00000000000000000000080/c",
  "http://f:b/c", "http://f: /c", "http://f:\n/c", "http://f:fifty-two/c", "http://f:999999/c", "non-special://f:999999/c",
  "http://f: 21 / b ? d # e ", "  \t", ":foo.com/", ":", ":a", ":/", ":#", "#", "#/", "#\\", "#;?", "?", "/", ":23", "/:23", "\\x", "::",
  "::23", "foo://", "http://a:b@c:29/d", "http::@c:29", "http://&a:foo(b]c@d:2/", "http://::@c@d:2", "http://foo.com:b@d/",
  "http://foo.com/\\@", "http:\\\\foo.com\\", "http:\\\\a\\b:c\\d@foo.com\\", "foo:/", "foo:/bar.com/", "foo://///////", "foo://///////bar.com/",
  "foo:////://///", "c:/foo", "//foo/bar", "http://foo/path;a??e#f#g", "http://foo/abcd?efgh?ijkl", "http://foo/abcd#foo?bar", "[61:24:74]:98",
  "http:[61:27]/:foo", "http://[1::2]:3:4", "http://2001::1", "http://2001::1]", "http://2001::1]:80", "http://[2001::1]", "http://[::127.0.0.1]",
  "http://[0:0:0:0:0:0:13.1.68.3]", "http://[2001::1]:80", "http:/example.com/", "ftp:/example.com/", "https:/example.com/", "madeup:/example.com/",
  "ftp:example.com/", "madeup:example.com/", "/a/b/c", "/a/ /c", "/a%2fc", "/a/%2f/c", "#β", "data:text/html,test#test", "tel:1234567890",
  "ssh://example.com/foo/bar.git", "file:c:\\foo\\bar.html", "  File:c|////foo\\bar.html", "C|/foo/bar", "/C|\\foo\\bar", "//C|/foo/bar",
  "//server/file", "\\\\server\\file", "/\\server/file", "file:///foo/bar.txt", "file:///home/me", "//", "///", "///test", "file://test",
  "file://localhost", "file://localhost/", "file://localhost/test", "test", "file:test", "http://example.com/././foo", "http://example.com/./.foo",
  "http://example.com/foo/.", "http://example.com/foo/./", "http://example.com/foo/bar/..", "http://example.com/foo/bar/../",
  "http://example.com/foo/..bar", "http://example.com/foo/bar/../ton", "http://example.com/foo/bar/../ton/../../a", "http://example.com/foo/../../..",
  "http://example.com/foo/../../../ton", "http://example.com/foo/%2e", "http://example.com/foo/%2e%2", "http://example.com/foo/%2e./%2e%2e/.%2e/%2e.bar",
  "http://example.com////../..", "http://example.com/foo/bar//../..", "http://example.com/foo/bar//..", "http://example.com/foo", "http://example.com/%20foo",
  "http://example.com/foo%", "http://example.com/foo%2", "http://example.com/foo%2zbar", "http://example.com/foo%2Â©zbar", "http://example.com/foo%41%7a",
  "http://example.com/foo\t\u0091%91", "http://example.com/foo%00%51", "http://example.com/(%28:%3A%29)", "http://example.com/%3A%3a%3C%3c",
  "http://example.com/foo\tbar", "http://example.com\\\\foo\\\\bar", "http://example.com/%7Ffp3>*i5.zp/%D7%4E", "http://example.com/@asdf%40",
  "http://example.com/你好你好", "http://example.com/‥/foo", "http://example.com/\ufeff/foo", "http://example.com/\u202e/foo/\u202d/bar",
  "http://www.google.com/foo?bar=baz#", "http://www.google.com/foo?bar=baz# »", "data:test# »", "http://www.google.com", "http://192.0x00A80001",
  "http://www/foo%2Ehtml", "http://www/foo/%2E/html", "http://user:pass@/", "http://%25DOMAIN:foobar@foodomain.com/", "http:\\\\www.google.com\\foo",
  "http://foo:80/", "http://foo:81/", "httpa://foo:80/", "http://foo:-80/", "https://foo:443/", "https://foo:80/", "ftp://foo:21/", "ftp://foo:80/",
  "gopher://foo:70/", "gopher://foo:443/", "ws://foo:80/", "ws://foo:81/", "ws://foo:443/", "ws://foo:815/", "wss://foo:80/", "wss://foo:81/",
  "wss://foo:443/", "wss://foo:815/", "http:@www.example.com", "http:/a:b@www.example.com", "http://a:b@www.example.com", "http://@pple.com",
  "http::b@www.example.com", "http:/:b@www.example.com", "http://:b@www.example.com", "http:/:@/www.example.com", "http://user@/www.example.com",
  "http:@/www.example.com", "http:/@/www.example.com", "http://@/www.example.com", "https:@/www.example.com", "http:a:b@/www.example.com",
  "http://www.google.com:4294967377", "http://0x100.2.3.4/", "http://1.0x100.3.4/", "http://1.2.0x100.4/", "http://1.2.3.0x100/",
  "http://0x1.0x2.0x3.0x4/", "http://256/", "http://4294967296/", "http://0xffffffff/", "http://0xffffffff1/", "http://4294967295/",
  "http://.0./", "http://0..0x300/", "http://1.2.3.4.5.6/", "http://1.2.3.4.5./", "http://foo.0x4", "http://0..0", "http://00.", "http://0x.0x.0x.0x/",
  "sc://\u0000/", "sc:// /", "sc://\u001f!\"$&'()*+,-.;=_`{}~/", "http://\u001f.com/", "http://a<b", "http://a>b", "http://a^b", "non-special://a<b",
  "non-special://a>b", "non-special://a^b", "foo://ho\u0000st/", "foo://ho|st/", "foo://ho\tst/", "http://\u00ad/", "http://xn--", "http://xn--a/",
  "http://faß.ExAmPlE/", "sc://faß.ExAmPlE/", "http://a.b.c.xn--pokxncvks", "http://10.0.0.xn--pokxncvks", "https://x/\u0000y", "https://x/?\u0000y",
  "https://x/?#\u0000y", "non-special:\u0000y", "non-special:x/\u0000y", "non-special:?\u0000y",
];
const out = [];
const parses = (i, b) => { try { new URL(i, b); return true; } catch { return false; } };
const pairs = [];
for (const input of inputs) {
  pairs.push([input, undefined]);
  // Bases matter to relative inputs, and to scheme-relative forms like "http:rel".
  const relative = !parses(input) || /^[a-z]+:[^/]/i.test(input);
  if (relative) for (const base of bases.slice(1)) pairs.push([input, base]);
}
for (const [input, base] of pairs) {
  let r;
  try {
    const u = new URL(input, base);
    r = { href: u.href, protocol: u.protocol, username: u.username, password: u.password, host: u.host, hostname: u.hostname,
      port: u.port, pathname: u.pathname, search: u.search, hash: u.hash, origin: u.origin };
  } catch { r = { failure: true }; }
  out.push({ input, base: base ?? null, ...r });
}
process.stdout.write(JSON.stringify(out, null, 0).replace(/\},\{/g, "},\n{") + "\n");
