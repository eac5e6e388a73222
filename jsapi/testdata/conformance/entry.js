// The entry the jsapi conformance tests bundle: the Durable Object classes
// and the cases of do/ and web/timers.js, and the harness's run() with its
// canonical JSON form (the corpus's src/index.js, without its HTTP front).
import doCases from "./do/index.js";
import timers from "./web/timers.js";
export * from "./do/objects.js";

export const cases = { do: doCases, web: timers };

export function canonical(v, seen = new Set()) {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $number: "NaN" };
    if (!Number.isFinite(v)) return { $number: v > 0 ? "Infinity" : "-Infinity" };
    if (Object.is(v, -0)) return { $number: "-0" };
    return v;
  }
  if (typeof v === "bigint") return { $bigint: v.toString() };
  if (typeof v === "symbol") return { $symbol: String(v) };
  if (typeof v === "function") return { $function: typeof v };
  if (seen.has(v)) return { $cycle: true };
  seen.add(v);
  try {
    if (v instanceof Error) {
      return { $error: { name: v.name, message: v.message, constructor: v.constructor?.name } };
    }
    if (v instanceof ArrayBuffer) return { $arrayBuffer: [...new Uint8Array(v)] };
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { $view: v.constructor.name, bytes: [...bytes] };
    }
    if (v instanceof Map) return { $map: [...v.entries()].map(([k, x]) => [canonical(k, seen), canonical(x, seen)]) };
    if (v instanceof Set) return { $set: [...v].map((x) => canonical(x, seen)) };
    if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString() };
    if (v instanceof RegExp) return { $regexp: String(v) };
    if (Array.isArray(v)) return v.map((x) => canonical(x, seen));
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k], seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

export async function run(group, name, env, ctx) {
  try {
    return JSON.stringify({ ok: canonical(await cases[group][name](env, ctx)) });
  } catch (e) {
    return JSON.stringify({ threw: canonical(e instanceof Error ? e : { value: e }) });
  }
}
