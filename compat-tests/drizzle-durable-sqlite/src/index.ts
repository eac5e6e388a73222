// A Durable Object using drizzle-orm's durable-sqlite driver as its docs
// show: migrations applied in the constructor under blockConcurrencyWhile,
// then queries, updates, deletes and transactions through the query builder.
import { DurableObject } from "cloudflare:workers";
import { drizzle, type DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { count, desc, eq, sql } from "drizzle-orm";
import migrations from "../drizzle/migrations";
import * as schema from "./db/schema";
import { posts, users } from "./db/schema";

interface Env {
  BLOG: DurableObjectNamespace<Blog>;
}

export class Blog extends DurableObject<Env> {
  db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema, logger: false });
    ctx.blockConcurrencyWhile(async () => {
      await migrate(this.db, migrations);
    });
  }

  async createUser(name: string, email: string) {
    return this.db.insert(users).values({ name, email, createdAt: new Date(1760000000000) }).returning().get();
  }

  async listUsers() {
    return this.db.select().from(users).orderBy(users.id).all();
  }

  async renameUser(id: number, name: string) {
    return this.db.update(users).set({ name }).where(eq(users.id, id)).returning({ id: users.id, name: users.name }).get();
  }

  async deleteUser(id: number) {
    const deleted = this.db.delete(users).where(eq(users.id, id)).returning({ id: users.id }).all();
    return { deleted: deleted.length, postsLeft: this.db.select({ n: count() }).from(posts).get()!.n };
  }

  async publish(authorId: number, titles: string[]) {
    // One transaction: every post or none.
    return this.db.transaction((tx) => {
      const ids: number[] = [];
      for (const title of titles) {
        if (title === "") tx.rollback();
        ids.push(tx.insert(posts).values({ authorId, title, published: true, tags: ["a", title] }).returning({ id: posts.id }).get().id);
      }
      return ids;
    });
  }

  async feed() {
    return this.db
      .select({ author: users.name, title: posts.title, published: posts.published, tags: posts.tags })
      .from(posts)
      .innerJoin(users, eq(posts.authorId, users.id))
      .orderBy(desc(posts.id))
      .all();
  }

  async stats() {
    const perAuthor = this.db
      .select({ author: users.name, posts: count(posts.id) })
      .from(users)
      .leftJoin(posts, eq(posts.authorId, users.id))
      .groupBy(users.id)
      .orderBy(users.id)
      .all();
    const migrationsApplied = this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
    const firstUser = this.db.query.users.findFirst({ orderBy: (u, { asc }) => [asc(u.id)] }).sync();
    return { perAuthor, migrationsApplied: migrationsApplied.n, firstUser: firstUser ?? null };
  }
}

async function json(body: Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await body);
  } catch (e) {
    return Response.json({ error: String((e as Error)?.message ?? e) }, { status: 400 });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const blog = env.BLOG.getByName("main");
    const q = url.searchParams;
    switch (url.pathname) {
      case "/users":
        return request.method === "POST"
          ? json(blog.createUser(q.get("name")!, q.get("email")!))
          : json(blog.listUsers());
      case "/rename":
        return json(blog.renameUser(Number(q.get("id")), q.get("name")!));
      case "/delete":
        return json(blog.deleteUser(Number(q.get("id"))));
      case "/publish":
        return json(blog.publish(Number(q.get("author")), q.getAll("title")));
      case "/feed":
        return json(blog.feed());
      case "/stats":
        return json(blog.stats());
    }
    return new Response("not found", { status: 404 });
  },
};
