// The global RegExp: a wrapper of goja's that rewrites Unicode property
// escapes (\p{…}, \P{…}) of u-mode patterns before compiling them; see
// regexp_unicode.go. It shares goja's prototype (whose constructor it
// becomes), so instanceof, subclassing and species work as before.
// Evaluates to the installer, called with the Go rewriter.
(function (translate) {
  "use strict";
  const Intrinsic = RegExp;
  const construct = Reflect.construct;
  const hasPropertyEscape = (source) => source.indexOf("\\p{") >= 0 || source.indexOf("\\P{") >= 0;
  function rewrite(args) {
    let pattern = args[0];
    let flags = args[1];
    if (pattern instanceof Intrinsic) {
      if (flags === undefined) flags = pattern.flags;
      pattern = pattern.source;
    }
    if (typeof pattern !== "string" || typeof flags !== "string" || flags.indexOf("u") < 0 || !hasPropertyEscape(pattern)) {
      return args;
    }
    return [translate(pattern), flags];
  }
  const wrapper = function RegExp(pattern, flags) {
    const args = rewrite(Array.prototype.slice.call(arguments));
    if (new.target === undefined) return Intrinsic.apply(undefined, args);
    return construct(Intrinsic, args, new.target === wrapper ? Intrinsic : new.target);
  };
  Object.defineProperty(wrapper, "prototype", { value: Intrinsic.prototype, writable: false });
  Object.defineProperty(Intrinsic.prototype, "constructor", { value: wrapper, writable: true, configurable: true });
  Object.defineProperty(wrapper, Symbol.species, { get() { return this; }, configurable: true });
  Object.defineProperty(globalThis, "RegExp", { value: wrapper, writable: true, configurable: true, enumerable: false });
});
