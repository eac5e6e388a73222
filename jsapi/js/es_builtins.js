// Recent ECMAScript built-ins goja lacks (ES2024/2025): Promise.withResolvers,
// Object.groupBy, Map.groupBy and Array.fromAsync, written to their spec
// steps, and V8's Error.captureStackTrace; each is installed only if missing, non-enumerable like the
// built-ins. ArrayBuffer.prototype.transfer, WeakRef and
// FinalizationRegistry are in es_builtins.go.
(function () {
  "use strict";
  const define = (target, name, value) => {
    if (!(name in target)) Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  };
  const requireCallable = (fn, what) => {
    if (typeof fn !== "function") throw new TypeError(what + " is not a function");
  };
  const isConstructor = (C) => {
    if (typeof C !== "function") return false;
    try { Reflect.construct(String, [], C); return true; } catch { return false; }
  };

  // https://tc39.es/ecma262/#sec-promise.withResolvers
  define(Promise, "withResolvers", {
    withResolvers() {
      let resolve, reject;
      const promise = new this((res, rej) => { resolve = res; reject = rej; });
      return { promise, resolve, reject };
    },
  }.withResolvers);

  // https://tc39.es/ecma262/#sec-groupby
  const groupBy = (items, callback, keyOf) => {
    if (items === null || items === undefined) throw new TypeError("groupBy called on null or undefined");
    requireCallable(callback, "callback");
    const groups = [];
    const index = new Map();
    let k = 0;
    for (const value of items) {
      const key = keyOf(callback(value, k++));
      let group = index.get(key);
      if (!group) { group = []; index.set(key, group); groups.push([key, group]); }
      group.push(value);
    }
    return groups;
  };
  define(Object, "groupBy", {
    groupBy(items, callback) {
      const out = Object.create(null);
      for (const [key, group] of groupBy(items, callback, (k) => (typeof k === "symbol" ? k : String(k)))) out[key] = group;
      return out;
    },
  }.groupBy);
  define(Map, "groupBy", {
    groupBy(items, callback) {
      return new Map(groupBy(items, callback, (k) => (k === 0 ? 0 : k))); // -0 becomes +0
    },
  }.groupBy);

  // https://tc39.es/proposal-array-from-async/ (ES2026): async iterables,
  // then sync iterables (each value awaited), then array-likes.
  define(Array, "fromAsync", {
    async fromAsync(items, mapfn = undefined, thisArg = undefined) {
      if (mapfn !== undefined) requireCallable(mapfn, "Array.fromAsync: mapper");
      const C = this;
      if (items === null || items === undefined) throw new TypeError("Array.fromAsync requires an iterable or array-like");
      const asyncIter = items[Symbol.asyncIterator];
      const syncIter = asyncIter == null ? items[Symbol.iterator] : undefined;
      if (asyncIter != null || syncIter != null) {
        const A = isConstructor(C) ? new C() : [];
        const iterator = asyncIter != null ? asyncIter.call(items) : syncIter.call(items);
        let k = 0;
        for (;;) {
          const step = asyncIter != null ? await iterator.next() : iterator.next();
          if (Object(step) !== step) throw new TypeError("Iterator result " + step + " is not an object");
          if (step.done) { A.length = k; return A; }
          try {
            let value = asyncIter != null ? step.value : await step.value;
            if (mapfn !== undefined) value = await mapfn.call(thisArg, value, k);
            Object.defineProperty(A, k, { value, writable: true, enumerable: true, configurable: true });
          } catch (e) {
            if (typeof iterator.return === "function") await iterator.return();
            throw e;
          }
          k++;
        }
      }
      const arrayLike = Object(items);
      const len = Math.min(Math.max(Math.trunc(Number(arrayLike.length)) || 0, 0), Number.MAX_SAFE_INTEGER);
      const A = isConstructor(C) ? new C(len) : new Array(len);
      for (let k = 0; k < len; k++) {
        let value = await arrayLike[k];
        if (mapfn !== undefined) value = await mapfn.call(thisArg, value, k);
        Object.defineProperty(A, k, { value, writable: true, enumerable: true, configurable: true });
      }
      A.length = len;
      return A;
    },
  }.fromAsync);

  // V8's Error.captureStackTrace(target, constructorOpt), which workerd
  // has and many libraries call on their own error classes: target.stack
  // becomes "Name: message" and the current frames, minus those above
  // constructorOpt's call (or just this function's frame).
  define(Error, "captureStackTrace", {
    captureStackTrace(target, constructorOpt) {
      if (Object(target) !== target) throw new TypeError("Invalid argument");
      const frames = String(new Error().stack).split("\n").slice(1);
      let skip = 1;
      if (typeof constructorOpt === "function" && constructorOpt.name) {
        const at = frames.findIndex((f) => f.trimStart().startsWith("at " + constructorOpt.name + " ") ||
          f.trimStart().startsWith("at new " + constructorOpt.name + " "));
        if (at >= 0) skip = at + 1;
      }
      let header;
      try { header = Error.prototype.toString.call(target); } catch { header = "Error"; }
      const stack = [header, ...frames.slice(skip)].join("\n");
      Object.defineProperty(target, "stack", { value: stack, writable: true, configurable: true, enumerable: false });
    },
  }.captureStackTrace);
})();
