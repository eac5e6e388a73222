// Chat rooms with the WebSocket Hibernation API.
//
//   GET /                          a minimal chat page
//   GET /rooms/NAME?user=U         (Upgrade: websocket) join room NAME as U
//
// In a room, every text message is sent to everyone as JSON
// {"type":"message","from":U,"text":...}; joining and leaving are announced
// ({"type":"joined"|"left","user":U}). A new member first gets the last 20
// messages ({"type":"history","messages":[...]}). "/who" answers with the
// members and how many times the room object was started
// ({"type":"who","users":[...],"wakeups":N}); "ping" is answered "pong" by
// the runtime itself, without waking the room.
import { DurableObject } from "cloudflare:workers";

const HISTORY = 20;

export class ChatRoom extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    // Counted in storage: the object is constructed again each time it
    // wakes from hibernation, while its sockets stay connected.
    ctx.blockConcurrencyWhile(async () => {
      this.wakeups = ((await ctx.storage.get("wakeups")) ?? 0) + 1;
      await ctx.storage.put("wakeups", this.wakeups);
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  async fetch(request) {
    const user = new URL(request.url).searchParams.get("user") || "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    // Tagged with the user's name: getWebSockets(user) finds their tabs.
    this.ctx.acceptWebSocket(server, [user]);
    server.serializeAttachment({ user, joined: Date.now() });

    const stored = await this.ctx.storage.list({ prefix: "msg:", reverse: true, limit: HISTORY });
    server.send(JSON.stringify({ type: "history", messages: [...stored.values()].reverse() }));
    this.broadcast({ type: "joined", user }, server);
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws, message) {
    const { user } = ws.deserializeAttachment();
    const text = typeof message === "string" ? message : new TextDecoder().decode(message);
    if (text === "/who") {
      const users = this.ctx.getWebSockets().map((s) => s.deserializeAttachment().user);
      ws.send(JSON.stringify({ type: "who", users, wakeups: this.wakeups }));
      return;
    }
    // Strictly increasing, so that two messages of one millisecond keep
    // their order in the history.
    const at = Math.max(Date.now(), (this.lastAt ?? 0) + 1);
    this.lastAt = at;
    const entry = { from: user, text, at };
    // The key sorts by time; the broadcast leaves only once the write is
    // committed (the output gate), so nobody sees a message that is lost.
    await this.ctx.storage.put(`msg:${String(at).padStart(15, "0")}`, entry);
    this.broadcast({ type: "message", ...entry });
  }

  async webSocketClose(ws, code, reason) {
    this.left(ws);
  }

  async webSocketError(ws) {
    this.left(ws);
  }

  left(ws) {
    const { user } = ws.deserializeAttachment();
    this.broadcast({ type: "left", user }, ws);
  }

  broadcast(event, except) {
    const text = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // Closing already: it will not hear about it.
      }
    }
  }
}

const PAGE = `<!doctype html>
<meta charset="utf-8"><title>chat</title>
<form id="join">Room <input id="room" value="lobby"> Name <input id="user" value="guest"> <button>Join</button></form>
<pre id="log"></pre>
<form id="say" hidden><input id="text" size="60"> <button>Send</button></form>
<script>
const $ = (id) => document.getElementById(id);
let ws;
$("join").onsubmit = (e) => {
  e.preventDefault();
  ws = new WebSocket(\`\${location.origin.replace("http", "ws")}/rooms/\${encodeURIComponent($("room").value)}?user=\${encodeURIComponent($("user").value)}\`);
  ws.onmessage = (m) => { $("log").textContent += m.data + "\\n"; };
  ws.onclose = (c) => { $("log").textContent += "closed " + c.code + "\\n"; };
  $("join").hidden = true;
  $("say").hidden = false;
};
$("say").onsubmit = (e) => { e.preventDefault(); ws.send($("text").value); $("text").value = ""; };
</script>`;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/") {
      return new Response(PAGE, { headers: { "content-type": "text/html;charset=UTF-8" } });
    }
    const match = url.pathname.match(/^\/rooms\/([^/]+)$/);
    if (!match) {
      return new Response("not found\n", { status: 404 });
    }
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("expected a WebSocket upgrade\n", { status: 426 });
    }
    return env.ROOMS.getByName(decodeURIComponent(match[1])).fetch(request);
  },
};
