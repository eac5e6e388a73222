package bundler

import (
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// rewrite applies rewriteClassFields to src.
func rewrite(t *testing.T, src string) string {
	t.Helper()
	edits, err := rewriteClassFields(src)
	require.NoError(t, err)
	return applyEdits(src, edits)
}

func TestRewriteClassFields(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// The fields goja cannot parse.
		{"field arrow", `class A { set = (k, v) => {} }`, `class A { "set" = (k, v) => {} }`},
		{"field get", `class A { get = 1; }`, `class A { "get" = 1; }`},
		{"field async", `class A { async = 1 }`, `class A { "async" = 1 }`},
		{"static fields", `class A { static get = 1; static set = 2; static async = 3 }`,
			`class A { static "get" = 1; static "set" = 2; static "async" = 3 }`},
		{"no initializer", "class A { get; set; async }", `class A { "get"; "set"; "async" }`},
		{"before closing brace", "class A {\n  get\n}", "class A {\n  \"get\"\n}"},
		{"comment before =", "class A { get // why\n = 1 }", "class A { \"get\" // why\n = 1 }"},
		{"minified", `class A{get=1;set=a=>a;static async=2}`, `class A{"get"=1;"set"=a=>a;static "async"=2}`},
		{"after method", `class A { m() {} get = 1 }`, `class A { m() {} "get" = 1 }`},
		{"after field", `class A { x = { a: 1 }; set = 2 }`, `class A { x = { a: 1 }; "set" = 2 }`},
		{"after static block", `class A { static { get = 1 } get = 2 }`, `class A { static { get = 1 } "get" = 2 }`},
		{"after computed key", `class A { [get] = 1; get = 2 }`, `class A { [get] = 1; "get" = 2 }`},
		{"after field named class", `class A { class = 1; get = 2 }`, `class A { class = 1; "get" = 2 }`},
		{"class expression", `var C = class { get = 1 }, D = f(class extends C { set = 2 })`,
			`var C = class { "get" = 1 }, D = f(class extends C { "set" = 2 })`},
		{"extends call with object", `class A extends mix({ get: 1, set }) { get = 1 }`,
			`class A extends mix({ get: 1, set }) { "get" = 1 }`},
		{"extends class expression", `class A extends class { get = 1 } { set = 2 }`,
			`class A extends class { "get" = 1 } { "set" = 2 }`},
		{"extends function expression", `class A extends function () { get = 1 } { set = 2 }`,
			`class A extends function () { get = 1 } { "set" = 2 }`},
		{"extends member", `class A extends ns.Base { async = 1 }`, `class A extends ns.Base { "async" = 1 }`},
		{"nested class in initializer", `class A { x = class { get = 1 }; set = 2 }`,
			`class A { x = class { "get" = 1 }; "set" = 2 }`},
		{"class in template substitution", "`${class { get = 1 }}`", "`${class { \"get\" = 1 }}`"},
		{"division in initializer", `class A { get = a / b; set = c / d }`, `class A { "get" = a / b; "set" = c / d }`},
		{"regex after control paren", `if (x) /}/.test(y); class A { get = 1 }`, `if (x) /}/.test(y); class A { "get" = 1 }`},
		{"regex with class brackets", `var r = /[/{]/; class A { get = 1 }`, `var r = /[/{]/; class A { "get" = 1 }`},
		{"hashbang", "#!/usr/bin/env node\nclass A { get = 1 }", "#!/usr/bin/env node\nclass A { \"get\" = 1 }"},
		{"private get and set", `class A { #get = 1; static #set = 2; m(o) { return this.#get + A.#set + (#get in o) } }`,
			`class A { #$get = 1; static #$set = 2; m(o) { return this.#$get + A.#$set + (#$get in o) } }`},
		{"private rename avoids existing names", `class A { #get; #$get = 1; #$$get = 2; x = this.#get }`,
			`class A { #$$$get; #$get = 1; #$$get = 2; x = this.#$$$get }`},

		// What must stay as it is.
		{"accessors", `class A { get foo() { return 1 } set foo(v) {} static get bar() {} get [k]() {} get #p() {} }`, ""},
		{"methods named get and set", `class A { get() {} set(v) {} async() {} static get() {} static async() {} }`, ""},
		{"async methods", `class A { async get() {} async [k]() {} static async foo() {} }`, ""},
		{"async generator method", `class A { async *get() {} }`, ""},
		{"quoted names", `class A { "get" = 1; 'set' = 2 }`, ""},
		{"private async", `class A { #async = 1; static #x; m() { return this.#async } }`, ""},
		{"variables", `var get = 1; get = 2; let set; set = 3; async = 4; { get = 5 }`, ""},
		{"statements in methods", `class A { m() { get = 1; set = 2; async = 3 } }`, ""},
		{"statements in initializers", `class A { x = () => { get = 1 }; y = get = 2 }`, ""},
		{"objects", `({ get: 1, set: 2, get x() {}, async: 3, async() {}, class: 4, function: 5 })`, ""},
		{"property names", `a.class = 1; a.function = 2; b = { class() { get = 1 } }`, ""},
		{"method named class", `class A { class() { get = 1 } }`, ""},
		{"strings and comments", `s = "class A { get = 1 }" + 'class B { set = 2 }' /* class C { get = 1 } */ // class D { get = 1 }`, ""},
		{"templates", "s = `class A { get = 1 } ${ `class B { ${x} set = 2 }` }`", ""},
		{"regex", `r = /class A { get = 1 }/g; q = x.replace(/}/, "")`, ""},
		{"line continuation", "s = 'a\\\r\nclass A { get = 1 }'", ""},
		{"numbers", `x = 1.5e+3 + 0xe+1 + .5 + 1_000n; y = a?.5:1`, ""},
		{"unicode", "var \u00e9t\u00e9 = '\u2028'; class A { \u00e9t\u00e9 = 1 }", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == "" {
				want = tc.in
			}
			got := rewrite(t, tc.in)
			require.Equal(t, want, got)
			// Everything the rewrite produced must parse in goja (which has
			// no async generators).
			if tc.name != "async generator method" {
				_, err := goja.Compile("test.js", got, false)
				require.NoError(t, err)
			}
		})
	}
}

func TestRewriteClassFieldsEdits(t *testing.T) {
	in := "class A {\n  get = 1;\n  static #set = 2;\n}"
	edits, err := rewriteClassFields(in)
	require.NoError(t, err)
	require.Equal(t, []edit{{12, 15, `"get"`}, {30, 34, "#$set"}}, edits)
}

func TestRewriteClassFieldsErrors(t *testing.T) {
	for _, in := range []string{
		`x = "unterminated`,
		"x = `unterminated ${a}",
		`/* unterminated`,
		`x = /unterminated`,
		`class A { get = 1 ]`,
		`f(a))`,
		`{ a`,
	} {
		_, err := rewriteClassFields(in)
		require.Error(t, err, in)
	}
}

// TestRewrittenFieldsBehave proves that goja rejects the unquoted fields and that
// the quoted ones define the same fields, next to untouched accessors and
// methods of the same names.
func TestRewrittenFieldsBehave(t *testing.T) {
	src := `
class Store {
  #data = new Map();
  #get = "private";
  set = (k, v) => { this.#data.set(k, v); return this; };
  get = (k) => this.#data.get(k);
  async = true;
  peek() { return this.#get; }
  static get = "static field";
  static async;
}
class Accessors {
  #v = 0;
  get value() { return this.#v; }
  set value(v) { this.#v = v * 2; }
  get() { return "method get"; }
  set(x) { return "method set " + x; }
  async run() { return "async method"; }
  static set(x) { return "static method " + x; }
}
const s = new Store().set("a", 1).set("b", 2);
const a = new Accessors();
a.value = 21;
[s.get("a") + s.get("b"), s.async, s.peek(), Store.get, "async" in Store, Store.async,
 a.value, a.get(), a.set(1), a.run() instanceof Promise, Accessors.set(2)].join("|");
`
	for _, field := range []string{"get = 1", "static set = 1", "async = 1", "get", "#get = 1", "#set"} {
		_, err := goja.Compile("raw.js", "class A { "+field+" }", false)
		require.Error(t, err, "goja learned to parse %q; the rewrite may no longer be needed", field)
	}

	v, err := goja.New().RunString(rewrite(t, src))
	require.NoError(t, err)
	require.Equal(t, "3|true|private|static field|true||42|method get|method set 1|true|static method 2", v.String())
}
