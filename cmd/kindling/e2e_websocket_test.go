package main

// End-to-end tests of WebSocket edges: a Worker terminating sockets itself
// with accept(), outbound `new WebSocket(url)`, and refused input.

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

const socketWorker = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/echo") {
      // A socket the Worker terminates itself (no Durable Object).
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.addEventListener("message", (e) => server.send("echo:" + (typeof e.data === "string" ? e.data : e.data.byteLength)));
      server.addEventListener("close", (e) => server.close(e.code, "bye " + e.reason));
      return new Response(null, { status: 101, webSocket: client, headers: { "Sec-WebSocket-Protocol": "echo" } });
    }
    if (url.pathname === "/not-an-upgrade") {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      return new Response(null, { status: 101, webSocket: client });
    }
    if (url.pathname === "/outbound") {
      // The Worker as a client of another server.
      const ws = new WebSocket(env.UPSTREAM, ["chat"]);
      const log = [ws.readyState];
      const done = new Promise((resolve) => {
        ws.addEventListener("open", () => { log.push(["open", ws.readyState, ws.protocol]); ws.send("from the worker"); });
        ws.addEventListener("message", (e) => { log.push(["message", e.data]); ws.close(1000, "done"); });
        ws.addEventListener("close", (e) => { log.push(["close", e.code, e.reason, ws.readyState]); resolve(); });
        ws.addEventListener("error", (e) => { log.push(["error", e.message]); resolve(); });
      });
      await done;
      return Response.json(log);
    }
    if (url.pathname === "/fetch-upgrade") {
      // fetch() with Upgrade: websocket: a 101 whose webSocket the Worker accepts.
      const target = new URL(url.searchParams.get("path"), env.UPSTREAM.replace("ws:", "http:"));
      const res = await fetch(target, { headers: { Upgrade: "websocket" } });
      const ws = res.webSocket;
      if (!ws) return Response.json([res.status, await res.text()]);
      ws.accept();
      const reply = new Promise((resolve) => ws.addEventListener("message", (e) => resolve(e.data)));
      ws.send("through fetch");
      const got = await reply;
      ws.close(1000);
      return Response.json([res.status, res.statusText, res.headers.get("Sec-WebSocket-Protocol"), got]);
    }
    return new Response("not found", { status: 404 });
  },
};
`

func TestWorkerAcceptedSocketEchoesAndAnswersClose(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"sockets\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-09-01\"\n",
		"src/index.js":  socketWorker,
	})
	p := startDev(t, dir)
	ws := "ws" + strings.TrimPrefix(p.URL, "http")
	conn, res, err := websocket.DefaultDialer.Dial(ws+"/echo", http.Header{"Sec-WebSocket-Protocol": {"echo"}})
	require.NoError(t, err)
	defer conn.Close()
	require.Equal(t, "echo", res.Header.Get("Sec-WebSocket-Protocol"))
	require.NoError(t, conn.WriteMessage(websocket.TextMessage, []byte("hi")))
	_, data, err := conn.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, "echo:hi", string(data))
	require.NoError(t, conn.WriteMessage(websocket.BinaryMessage, make([]byte, 1<<20)))
	_, data, err = conn.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, "echo:1048576", string(data))

	require.NoError(t, conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "see you")))
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _, err = conn.ReadMessage()
	require.True(t, websocket.IsCloseError(err, 4000), "%v", err)
	require.Contains(t, err.Error(), "bye see you")

	// Refused: a 101 for a request that did not ask for a WebSocket.
	code, body := get(t, p.URL+"/not-an-upgrade")
	require.Equal(t, 500, code)
	require.Contains(t, body, `TypeError: Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket".`)

	// Refused: a message over 32 MiB gets Close 1009; the server goes on.
	big, _, err := websocket.DefaultDialer.Dial(ws+"/echo", nil)
	require.NoError(t, err)
	defer big.Close()
	_ = big.WriteMessage(websocket.TextMessage, make([]byte, 32<<20+1))
	_ = big.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, _, err := big.ReadMessage(); websocket.IsUnexpectedCloseError(err) {
		require.True(t, websocket.IsCloseError(err, websocket.CloseMessageTooBig), "%v", err)
	}
	code, _ = get(t, p.URL+"/nothing")
	require.Equal(t, 404, code)
}

func TestWorkerOpensOutboundWebSockets(t *testing.T) {
	// The upstream server: answers the first message, then the Close.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	upstream := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/plain" {
			http.Error(w, "not a socket here", http.StatusNotFound)
			return
		}
		up := websocket.Upgrader{Subprotocols: []string{"chat"}}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		_ = c.WriteMessage(websocket.TextMessage, append([]byte("upstream got: "), msg...))
		_, _, _ = c.ReadMessage() // the Close; gorilla answers it with the code alone
	})}
	go func() { _ = upstream.Serve(ln) }()
	defer upstream.Close()

	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"sockets\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-09-01\"\n",
		"src/index.js":  socketWorker,
	})
	p := startDev(t, dir, "--var", "UPSTREAM:ws://"+ln.Addr().String()+"/")
	code, body := get(t, p.URL+"/outbound")
	require.Equal(t, 200, code)
	require.JSONEq(t, `[0, ["open", 1, "chat"], ["message", "upstream got: from the worker"], ["close", 1000, "", 3]]`, body)

	code, body = get(t, p.URL+"/fetch-upgrade?path=/socket")
	require.Equal(t, 200, code)
	require.JSONEq(t, `[101, "Switching Protocols", null, "upstream got: through fetch"]`, body)

	// A server that does not switch protocols answers fetch() as usual.
	code, body = get(t, p.URL+"/fetch-upgrade?path=/plain")
	require.Equal(t, 200, code)
	require.JSONEq(t, `[404, "not a socket here\n"]`, body)
}
