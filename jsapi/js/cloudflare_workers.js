// The base classes of the `cloudflare:workers` module. The runtime checks a
// Durable Object or entrypoint instance against these to decide what its
// stub may call, so they stay plain classes that only keep ctx and env.
(function () {
  class DurableObject {
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
  }
  class WorkerEntrypoint {
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
  }
  class WorkflowEntrypoint {
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
  }
  class RpcTarget {}
  return { DurableObject, WorkerEntrypoint, WorkflowEntrypoint, RpcTarget };
})();
