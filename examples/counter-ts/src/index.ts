// A counter per name, each in its own Durable Object, behind a hono router.
//
//   GET  /                 a greeting from the GREETING var
//   POST /counters/:name   add one (JS RPC), answers {"name", "value"}
//   GET  /counters/:name   the current value
//   GET  /boom             throws, to show a source-mapped stack
import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";

interface Env {
  COUNTER: DurableObjectNamespace<Counter>;
  GREETING: string;
}

export class Counter extends DurableObject<Env> {
  private value = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.value = (await ctx.storage.get<number>("value")) ?? 0;
    });
  }

  async increment(by: number = 1): Promise<number> {
    this.value += by;
    await this.ctx.storage.put("value", this.value);
    return this.value;
  }

  current(): number {
    return this.value;
  }
}

const app = new Hono<{ Bindings: Env }>();

app.get("/", (c) => c.text(`${c.env.GREETING}\n`));

app.post("/counters/:name", async (c) => {
  const name = c.req.param("name");
  const value = await c.env.COUNTER.getByName(name).increment();
  return c.json({ name, value });
});

app.get("/counters/:name", async (c) => {
  const name = c.req.param("name");
  const value = await c.env.COUNTER.getByName(name).current();
  return c.json({ name, value });
});

app.get("/boom", () => {
  throw new Error("boom from counter-ts");
});

export default app;
