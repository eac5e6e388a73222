// Well-known symbols goja lacks. esbuild's lowered helpers (async
// generators, for await, using) fall back to Symbol.for("Symbol.<name>"),
// so defining them as exactly those keeps user code and helpers in
// agreement.
(function () {
  for (const name of ["asyncIterator", "dispose", "asyncDispose"]) {
    if (!(name in Symbol)) {
      Object.defineProperty(Symbol, name, { value: Symbol.for("Symbol." + name) });
    }
  }
})();
