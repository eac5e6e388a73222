// A counter per name, each in its own Durable Object.
//
//   GET /                  what this Worker does
//   GET /inc?name=NAME     add one (the Worker forwards the request: stub.fetch)
//   GET /rpc/inc?name=NAME add one (the Worker calls a method: JS RPC)
//   GET /get?name=NAME     the current value
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    // Read the stored value before any request reaches the object.
    ctx.blockConcurrencyWhile(async () => {
      this.value = (await ctx.storage.get("value")) ?? 0;
    });
  }

  async increment(by = 1) {
    this.value += by;
    await this.ctx.storage.put("value", this.value);
    return this.value;
  }

  current() {
    return this.value;
  }

  async fetch(request) {
    return new Response(String(await this.increment()));
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get("name") ?? "default";
    const counter = env.COUNTER.getByName(name);

    switch (url.pathname) {
      case "/":
        return new Response("Try /inc?name=a, /rpc/inc?name=a and /get?name=a\n");
      case "/inc":
        return counter.fetch(request);
      case "/rpc/inc":
        return new Response(String(await counter.increment()));
      case "/get":
        return new Response(String(await counter.current()));
      default:
        return new Response("Not found\n", { status: 404 });
    }
  },
};
