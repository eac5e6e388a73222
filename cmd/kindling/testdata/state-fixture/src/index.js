// A project whose state folder, written by one runtime, is read by the other
// (kindling's e2e test TestStateFolderSharedWithWrangler). /write stores
// values of every structured-clone type through the KV API and rows of every
// SQL type; /read returns all of it as canonical JSON.
import { DurableObject } from "cloudflare:workers";

function values() {
  const cyclic = { name: "cyclic" };
  cyclic.self = cyclic;
  const buf = new Uint8Array([9, 8, 7, 6]).buffer;
  return {
    str: "hello", empty: "", latin1: "caf\u00e9", unicode: "\u00e9\u{1F600}\u4e2d", long: "x".repeat(3000),
    int: 42, negInt: -7, float: 1.5, neg0: -0, nan: NaN, inf: -Infinity, maxSafe: 2 ** 53 - 1,
    big: 12345678901234567890n, negBig: -5n, t: true, f: false, nul: null,
    date: new Date(86400000), badDate: new Date(NaN), re: /a+b/gi,
    map: new Map([["k", 1], [2, "two"]]), set: new Set([1, "a", null]),
    arr: [1, "two", [3, { four: 4 }]], sparse: [1, , 3], obj: { a: 1, nested: { b: [true, null] }, "\u00e9": "key" },
    u8: new Uint8Array([1, 2, 3]), i16: new Int16Array([-1, 2]), f64: new Float64Array([1.5, -0]),
    view: new Uint8Array(buf, 1, 2), dv: new DataView(new ArrayBuffer(2)), ab: new Uint8Array([4, 5]).buffer,
    err: new RangeError("bad range"), typeErr: new TypeError("bad type"),
    boxedStr: new String("boxed"), boxedNum: new Number(3), boxedBool: new Boolean(false),
    cyclic,
  };
}

const KEYS = ["a", "\u00e9", "\u{1F600}", "", "k\u0000nul", "K".repeat(2048), "p:1", "p:2"];

function canon(v, seen = new Map()) {
  if (v === undefined) return { $undefined: true };
  if (typeof v === "bigint") return { $bigint: String(v) };
  if (typeof v === "number") {
    if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) return { $number: Object.is(v, -0) ? "-0" : String(v) };
    return v;
  }
  if (v === null || typeof v !== "object") return v;
  if (seen.has(v)) return { $ref: seen.get(v) };
  seen.set(v, seen.size);
  const tag = Object.prototype.toString.call(v).slice(8, -1);
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? "Invalid" : v.toISOString() };
  if (v instanceof RegExp) return { $regexp: String(v) };
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [canon(k, seen), canon(x, seen)]) };
  if (v instanceof Set) return { $set: [...v].map((x) => canon(x, seen)) };
  if (v instanceof ArrayBuffer) return { $arrayBuffer: [...new Uint8Array(v)] };
  if (ArrayBuffer.isView(v)) {
    const bytes = [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)];
    return { $view: tag, bytes, length: v.byteLength };
  }
  if (v instanceof Error) return { $error: v.name, message: v.message, ctor: v.constructor.name };
  if (tag === "String" || tag === "Number" || tag === "Boolean") return { $boxed: tag, value: canon(v.valueOf(), seen) };
  if (Array.isArray(v)) return { $array: Array.from({ length: v.length }, (_, i) => (i in v ? canon(v[i], seen) : { $hole: true })) };
  return { $object: Object.keys(v).map((k) => [k, canon(v[k], seen)]) };
}

async function writeAll(ctx, withSql) {
  const vals = values();
  for (const [k, v] of Object.entries(vals)) await ctx.storage.put("v:" + k, v);
  for (const k of KEYS) await ctx.storage.put(k, "key " + k.length);
  await ctx.storage.put({ batch1: 1, batch2: [2] });
  if (!withSql) return;
  const sql = ctx.storage.sql;
  sql.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, data BLOB, big INTEGER);
    CREATE INDEX items_name ON items(name);
    CREATE VIEW named AS SELECT id, name FROM items WHERE name != ''`);
  sql.exec("INSERT INTO items (name, score, data, big) VALUES (?, ?, ?, ?)", "alice", 1.5, new Uint8Array([1, 2, 3]), 9007199254740991);
  sql.exec("INSERT INTO items (name, score, data, big) VALUES (?, ?, ?, ?)", "b\u00f6b \u{1F600}", null, null, -3);
  sql.exec("INSERT INTO items (name, score, data, big) VALUES ('', 0.1, x'', 0)");
}

async function readAll(ctx, withSql) {
  const out = { name: ctx.id.name ?? null, kv: [...(await ctx.storage.list())].map(([k, v]) => [k, canon(v)]) };
  if (withSql) {
    const sql = ctx.storage.sql;
    out.rows = sql.exec("SELECT * FROM items ORDER BY id").raw().toArray().map((r) => r.map((x) => canon(x)));
    out.view = sql.exec("SELECT * FROM named ORDER BY id").toArray();
    out.schema = sql.exec("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name").raw().toArray();
    out.syncKv = [...ctx.storage.kv.list({ prefix: "p:" })].map(([k, v]) => [k, canon(v)]);
  }
  return out;
}

export class Store extends DurableObject {
  write() { return writeAll(this.ctx, true); }
  read() { return readAll(this.ctx, true); }
}

export class LegacyStore extends DurableObject {
  write() { return writeAll(this.ctx, false); }
  read() { return readAll(this.ctx, false); }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const stores = [
      ["store", env.STORE.get(env.STORE.idFromName("fixture"))],
      // The same object by its id string: wrangler keeps its name in the file
      // but ctx.id.name stays undefined.
      ["storeById", env.STORE.get(env.STORE.idFromString(env.STORE.idFromName("fixture").toString()))],
      ["legacy", env.LEGACY.get(env.LEGACY.idFromName("fixture"))],
    ];
    if (url.pathname === "/write") {
      await stores[0][1].write();
      await stores[2][1].write();
      return new Response("written");
    }
    if (url.pathname === "/read") {
      const out = {};
      for (const [name, stub] of stores) out[name] = await stub.read();
      return Response.json(out);
    }
    return new Response("not found", { status: 404 });
  },
};
