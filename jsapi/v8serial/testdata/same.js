// cloneDiff(original, copy) describes the first way copy fails to be a structured clone of original,
// or returns "" when it is one: equal values of the same kinds, the same sharing (two references to one
// object in original are two references to one object in copy, cycles included), and what structured
// clone drops dropped (prototypes, symbol keys, non-enumerable properties, an Error's extra properties).
var cloneDiff = (function () {
  const tag = (v) => Object.prototype.toString.call(v);
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const errorNames = ["EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError"];
  const bytes = (buf) => Array.from(new Uint8Array(buf)).join(",");

  function diff(a, b, path, seen, seenCopies) {
    if (typeof a !== typeof b) return `${path}: typeof ${typeof a} became ${typeof b}`;
    if (a === null || (typeof a !== "object" && typeof a !== "function")) {
      return Object.is(a, b) ? "" : `${path}: ${String(a)} became ${String(b)}`;
    }
    if (b === null) return `${path}: became null`;
    if (seen.has(a) || seenCopies.has(b)) {
      return seen.get(a) === b ? "" : `${path}: sharing differs`;
    }
    seen.set(a, b);
    seenCopies.add(b);
    if (b === a) return `${path}: not copied`;
    if (tag(a) !== tag(b)) return `${path}: ${tag(a)} became ${tag(b)}`;

    if (a instanceof Error) return errorDiff(a, b, path, seen, seenCopies);
    switch (tag(a)) {
      case "[object Date]":
        return Object.is(a.getTime(), b.getTime()) ? "" : `${path}: date ${a.getTime()} became ${b.getTime()}`;
      case "[object RegExp]":
        return a.source === b.source && a.flags === b.flags ? "" : `${path}: ${a} became ${b}`;
      case "[object Number]": case "[object String]": case "[object Boolean]": case "[object BigInt]":
        return Object.is(a.valueOf(), b.valueOf()) ? "" : `${path}: wrapped ${a.valueOf()} became ${b.valueOf()}`;
      case "[object Map]": case "[object Set]": {
        const ea = [...a.entries()], eb = [...b.entries()];
        if (ea.length !== eb.length) return `${path}: size ${ea.length} became ${eb.length}`;
        for (let i = 0; i < ea.length; i++) {
          const d = diff(ea[i][0], eb[i][0], `${path}<key ${i}>`, seen, seenCopies) ||
            diff(ea[i][1], eb[i][1], `${path}<value ${i}>`, seen, seenCopies);
          if (d) return d;
        }
        return "";
      }
      case "[object ArrayBuffer]":
        return bytes(a) === bytes(b) ? "" : `${path}: bytes ${bytes(a)} became ${bytes(b)}`;
    }
    if (ArrayBuffer.isView(a)) {
      if (a.constructor.name !== b.constructor.name || a.byteOffset !== b.byteOffset || a.byteLength !== b.byteLength) {
        return `${path}: ${a.constructor.name}(${a.byteOffset}, ${a.byteLength}) became ` +
          `${b.constructor.name}(${b.byteOffset}, ${b.byteLength})`;
      }
      return diff(a.buffer, b.buffer, `${path}.buffer`, seen, seenCopies);
    }
    const proto = Array.isArray(a) ? Array.prototype : Object.prototype;
    if (Object.getPrototypeOf(b) !== proto) return `${path}: copy has another prototype`;
    if (Array.isArray(a)) {
      if (a.length !== b.length) return `${path}: length ${a.length} became ${b.length}`;
    }
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.join("\u0000") !== kb.join("\u0000")) return `${path}: keys ${ka} became ${kb}`;
    if (Object.getOwnPropertyNames(b).length !== kb.length + (Array.isArray(b) ? 1 : 0) ||
        Object.getOwnPropertySymbols(b).length !== 0) {
      return `${path}: copy has hidden properties`;
    }
    for (const k of ka) {
      const d = diff(a[k], b[k], `${path}.${k}`, seen, seenCopies);
      if (d) return d;
    }
    return "";
  }

  // An Error keeps its built-in type (by name), message, string stack and cause, and nothing else.
  function errorDiff(a, b, path, seen, seenCopies) {
    const name = errorNames.includes(String(a.name)) ? String(a.name) : "Error";
    if (Object.getPrototypeOf(b) !== globalThis[name].prototype) return `${path}: ${b.name} is not a ${name}`;
    if (hasOwn(a, "message") !== hasOwn(b, "message") || (hasOwn(a, "message") && String(a.message) !== b.message)) {
      return `${path}: message ${a.message} became ${b.message}`;
    }
    const stack = typeof a.stack === "string" ? a.stack : undefined;
    if (b.stack !== stack) return `${path}: stack ${stack} became ${b.stack}`;
    if (Object.keys(b).length !== 0) return `${path}: copy has enumerable properties ${Object.keys(b)}`;
    if (hasOwn(a, "cause") !== hasOwn(b, "cause")) return `${path}: cause presence differs`;
    return hasOwn(a, "cause") ? diff(a.cause, b.cause, `${path}.cause`, seen, seenCopies) : "";
  }

  return (a, b) => diff(a, b, "value", new Map(), new Set());
})();
