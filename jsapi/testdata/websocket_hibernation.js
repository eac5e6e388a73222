// The WebSocket API and the Hibernation API of a Durable Object's ctx,
// from inside the object: argument checks, states, limits and error texts.
// Run by jsapi TestHibernationAPIMatchesWrangler; the answer
// websocket_hibernation.wrangler.json was recorded from wrangler dev 4.86
// (workerd) with compatibility_date 2025-09-01, with the same body inside
// a Durable Object's fetch handler ("this" is the object). ctx's own
// property names are left out: id, storage and abort are not this file's.
const err = (e) => e && typeof e === "object" && "message" in e ? { name: e.name, message: e.message, ctor: e.constructor?.name } : { thrown: String(e) };
const attempt = (f) => { try { return { ok: f() ?? null }; } catch (e) { return { err: err(e) }; } };
const out = {};
const p = new WebSocketPair();
p[1].accept();
out.acceptThenHib = attempt(() => ctx.acceptWebSocket(p[1]));
const q = new WebSocketPair();
ctx.acceptWebSocket(q[1], ["a", "b", "a"]);
out.hibThenAccept = attempt(() => q[1].accept());
out.hibTwice = attempt(() => ctx.acceptWebSocket(q[1]));
out.tags = ctx.getTags(q[1]);
out.tagsNonHib = attempt(() => ctx.getTags(p[1]));
const q2 = new WebSocketPair();
out.tagsNotAccepted = attempt(() => ctx.getTags(q2[1]));
out.tooManyTags = attempt(() => ctx.acceptWebSocket(new WebSocketPair()[1], ["1","2","3","4","5","6","7","8","9","10","11"]));
out.tenDupTags = attempt(() => ctx.acceptWebSocket(new WebSocketPair()[1], ["1","2","3","4","5","6","7","8","9","10","1"]));
out.longTag = attempt(() => ctx.acceptWebSocket(new WebSocketPair()[1], ["x".repeat(257)]));
out.tag256 = attempt(() => ctx.acceptWebSocket(new WebSocketPair()[1], ["x".repeat(256)]));
out.tagNum = attempt(() => { const w = new WebSocketPair()[1]; ctx.acceptWebSocket(w, [5]); return ctx.getTags(w); });
out.tagsNotArray = attempt(() => ctx.acceptWebSocket(new WebSocketPair()[1], "abc"));
out.notWs = attempt(() => ctx.acceptWebSocket({}));
const pp = new WebSocketPair();
pp[0].accept();
out.peerAccepted = attempt(() => ctx.acceptWebSocket(pp[1]));
out.attachBig = attempt(() => q[1].serializeAttachment("x".repeat(16384)));
out.attachOk = attempt(() => q[1].serializeAttachment("x".repeat(16300)));
out.attachFn = attempt(() => q[1].serializeAttachment(() => 1));
out.attachNone = new WebSocketPair()[1].deserializeAttachment();
out.attachUndef = attempt(() => { const w = new WebSocketPair()[1]; w.serializeAttachment(undefined); return [w.deserializeAttachment()]; });
out.attachOnPlain = attempt(() => { const w = new WebSocketPair()[1]; w.serializeAttachment({a: 1}); return w.deserializeAttachment(); });
out.order = ctx.getWebSockets().map((w) => ctx.getTags(w));
out.orderTag1 = ctx.getWebSockets("1").map((w) => ctx.getTags(w).length);
out.orderA = ctx.getWebSockets("a").length;
out.noTag = ctx.getWebSockets("zzz").length;
out.arNone = ctx.getWebSocketAutoResponse();
out.arTs = ctx.getWebSocketAutoResponseTimestamp(q[1]);
out.arTsNonHib = attempt(() => ctx.getWebSocketAutoResponseTimestamp(p[1]));
out.pairCtor = attempt(() => { const x = new WebSocketRequestResponsePair("ping", "pong"); return [x.request, x.response, Object.keys(x), String(x)]; });
out.pairCtorNoArgs = attempt(() => new WebSocketRequestResponsePair());
out.pairCtorOne = attempt(() => new WebSocketRequestResponsePair("a"));
out.arBig = attempt(() => ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("x".repeat(2049), "y")));
out.arBigResp = attempt(() => ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("x", "y".repeat(2049))));
out.arNotPair = attempt(() => ctx.setWebSocketAutoResponse({request: "a", response: "b"}));
ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
const g = ctx.getWebSocketAutoResponse();
out.arGet = [g.request, g.response, g instanceof WebSocketRequestResponsePair, g === ctx.getWebSocketAutoResponse()];
ctx.setWebSocketAutoResponse();
out.arCleared = ctx.getWebSocketAutoResponse();
out.evTimeout = [ctx.getHibernatableWebSocketEventTimeout(), attempt(() => ctx.setHibernatableWebSocketEventTimeout(604800001)), attempt(() => { ctx.setHibernatableWebSocketEventTimeout(1000); return ctx.getHibernatableWebSocketEventTimeout(); })];
const rr = new WebSocketPair();
rr[0].accept();
out.respAccepted = attempt(() => new Response(null, { status: 101, webSocket: rr[0] }).status);
out.respClone = attempt(() => new Response(null, { status: 101, webSocket: new WebSocketPair()[0] }).clone());
out.resp101NoWs = attempt(() => new Response(null, { status: 101 }).status);
const hs = new WebSocketPair();
out.hibState = [hs[1].readyState, (ctx.acceptWebSocket(hs[1]), hs[1].readyState), hs[1].url, hs[1].protocol, hs[1].extensions, hs[1].binaryType];
out.closeBadReason = attempt(() => { const w = new WebSocketPair(); w[0].accept(); w[0].close(undefined, "r"); });
out.closeStr = attempt(() => { const w = new WebSocketPair(); w[0].accept(); w[0].close("1000"); return w[0].readyState; });
out.closeBeforeAccept = attempt(() => { const w = new WebSocketPair(); w[0].close(1000); });
out.binaryTypeSet = (() => { const w = new WebSocketPair()[0]; const a = w.binaryType; w.binaryType = "blob"; const b = w.binaryType; w.binaryType = "nonsense"; return [a, b, w.binaryType]; })();
out.protoKeys = Object.getOwnPropertyNames(WebSocket.prototype).sort();
out.pairKeys = Object.getOwnPropertyNames(WebSocketPair.prototype).sort();
out.pairIter = typeof WebSocketPair.prototype[Symbol.iterator];
out.wsCtor = attempt(() => new WebSocket("ws://127.0.0.1:1/x#frag"));
out.wsCtorProto = attempt(() => new WebSocket("ws://127.0.0.1:1/x", ["a", "a"]));
out.sendBeforeHibAccept = attempt(() => { const w = new WebSocketPair(); w[1].send("x"); });
return out;
