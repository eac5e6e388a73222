// Bodies as streams, end to end.
//
//   POST /echo       the request body back, through a TransformStream
//   POST /count      the request body passed chunk by chunk to a
//                    TransformStream that counts bytes; answers the count
//   GET  /gen?mb=N   N MiB made by a ReadableStream, through a TransformStream
//   POST /relay      the request body sent to a Durable Object, which sends it
//                    back through its own TransformStream
//   POST /gzip       the request body gzip-compressed (CompressionStream)
//   GET  /fixed?n=N  N bytes in a FixedLengthStream (sent with Content-Length)
import { DurableObject } from "cloudflare:workers";

// passThrough is a TransformStream that hands each chunk on as it is.
const passThrough = () => new TransformStream({ transform(chunk, c) { c.enqueue(chunk); } });

export class Relay extends DurableObject {
  async fetch(request) {
    return new Response(request.body.pipeThrough(passThrough()));
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/echo":
        return new Response(request.body.pipeThrough(passThrough()));
      case "/count": {
        let n = 0;
        const counter = new WritableStream({ write(chunk) { n += chunk.byteLength; } });
        await request.body.pipeThrough(passThrough()).pipeTo(counter);
        return new Response(String(n));
      }
      case "/gen": {
        const total = Number(url.searchParams.get("mb") ?? "1") * 1024 * 1024;
        const chunk = new Uint8Array(64 * 1024).fill(0x61);
        let sent = 0;
        const body = new ReadableStream({
          pull(c) {
            if (sent >= total) return c.close();
            c.enqueue(chunk);
            sent += chunk.byteLength;
          },
        }, { highWaterMark: 0 });
        return new Response(body.pipeThrough(passThrough()));
      }
      case "/relay":
        return env.RELAY.getByName("relay").fetch("http://relay/", { method: "POST", body: request.body });
      case "/gzip":
        return new Response(request.body.pipeThrough(new CompressionStream("gzip")), {
          headers: { "content-type": "application/gzip" },
        });
      case "/fixed": {
        const n = Number(url.searchParams.get("n") ?? "0");
        const { readable, writable } = new FixedLengthStream(n);
        const w = writable.getWriter();
        w.write(new Uint8Array(n).fill(0x62));
        w.close();
        return new Response(readable);
      }
    }
    return new Response("POST /echo, /count, /relay or /gzip; GET /gen?mb=N or /fixed?n=N\n");
  },
};
