// kindling's stand-in for the corpus's do/index.js: the case files whose
// APIs jsapi has today (ids, KV, SQL and sync KV storage, transactions,
// gates). objects.js imports this file to fill the scenario registry.
import ids from "./ids.js";
import kv from "./kv.js";
import syncKv from "./sync-kv.js";
import sql from "./sql.js";
import transactions from "./transactions.js";
import gates from "./gates.js";

export default {
  "kv-put-get": async (env) => {
    const stub = env.KV_DO.get(env.KV_DO.idFromName("kv-put-get"));
    return stub.run("putGet");
  },
  ...ids,
  ...kv,
  ...syncKv,
  ...sql,
  ...transactions,
  ...gates,
};
