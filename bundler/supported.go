package bundler

// gojaUnsupported is esbuild's Supported map for goja: the build targets
// ESNext and lowers only the syntax goja rejects. Each entry is proven
// against goja in supported_test.go, which also checks that the syntax left
// alone runs natively.
var gojaUnsupported = map[string]bool{
	// goja has generators and async functions but not async generators, and
	// no `for await`.
	"async-generator": false,
	"for-await":       false,
	// Neither JS decorators nor `using` declarations parse in goja.
	"decorators": false,
	"using":      false,
	// A regular expression literal with the d or v flag is a SyntaxError
	// when goja compiles the program, so one unused literal deep in a
	// dependency would break the whole bundle. Lowered, it becomes
	// `new RegExp(…)`, which throws only if that code runs.
	"regexp-match-indices": false,
	"regexp-set-notation":  false,
	// goja compiles /\p{L}/u without error but as the letter "p". Lowered,
	// the literal becomes `new RegExp("\\p{L}", "u")`, which the host's
	// RegExp rewrites into an explicit class (jsapi/regexp_unicode.go).
	"regexp-unicode-property-escapes": false,
	// `import(x)` that esbuild cannot bundle (a computed path) is a
	// SyntaxError in goja; lowered, it becomes a rejected promise at run time.
	"dynamic-import": false,
}
