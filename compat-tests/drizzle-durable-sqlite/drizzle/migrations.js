// The file drizzle-kit generates for the durable-sqlite driver: the journal
// and each migration's SQL, imported as text (wrangler's default rule for
// **/*.sql).
import journal from "./meta/_journal.json";
import m0000 from "./0000_users.sql";
import m0001 from "./0001_posts.sql";

export default {
  journal,
  migrations: { m0000, m0001 },
};
