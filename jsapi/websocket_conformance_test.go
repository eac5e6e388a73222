package jsapi

import "testing"

// The corpus's WebSocketPair cases (conformance/src/cases/web/websocket-pair.js)
// with the answers workerd gave (conformance/expected/web/websocket-*.json).
const wsPairHelper = "const pair = () => { const p = new WebSocketPair(); return [p[0], p[1]]; };\n"

func TestWebSocketPairConformance(t *testing.T) {
	runWebCases(t, []webCase{
		{"websocket-pair-shape", wsPairHelper + `
    const p = new WebSocketPair();
    return [Object.keys(p), p[0] instanceof WebSocket, p[1] instanceof WebSocket, p[0].readyState, p[0].url, p[0].protocol,
      p[0].extensions, typeof p[0].binaryType, [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED],
      Object.values(p).length];
  `,
			`{"ok":[["0","1"],true,true,1,null,"","","string",[0,1,2,3],2]}`},
		{"websocket-send-receive", wsPairHelper + `
    const [a, b] = pair();
    a.accept();
    b.accept();
    const got = [];
    const done = new Promise((resolve) => b.addEventListener("message", (e) => { got.push(e.data); if (got.length === 2) resolve(); }));
    a.send("text message");
    a.send(new Uint8Array([1, 2, 3]));
    await done;
    return got.map((d) => typeof d === "string" ? d : [Object.prototype.toString.call(d), [...new Uint8Array(d)]]);
  `,
			`{"ok":["text message",["[object ArrayBuffer]",[1,2,3]]]}`},
		{"websocket-message-event-shape", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const ev = new Promise((r) => b.addEventListener("message", r));
    a.send("x");
    const e = await ev;
    return [e.type, e.constructor.name, e.data, e.target === b];
  `,
			`{"ok":["message","MessageEvent","x",true]}`},
		{"websocket-send-before-accept", wsPairHelper + `
    const [a] = pair();
    return [attempt(() => a.send("too early")), a.readyState];
  `,
			`{"ok":[{"err":{"ctor":"TypeError","message":"You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.","name":"TypeError"}},1]}`},
		{"websocket-queue-before-peer-accept", wsPairHelper + `
    const [a, b] = pair();
    a.accept();
    a.send("queued");
    await tick(1);
    const got = new Promise((r) => b.addEventListener("message", (e) => r(e.data)));
    b.accept();
    return await got;
  `,
			`{"ok":"queued"}`},
		{"websocket-close-events", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const log = [];
    const bClosed = new Promise((r) => b.addEventListener("close", (e) => { log.push(["b-close", e.code, e.reason, e.wasClean, e.constructor.name]); r(); }));
    a.close(4000, "bye");
    log.push(["a-after-close", a.readyState]);
    await bClosed;
    log.push(["b-state", b.readyState]);
    b.close(4001, "ack");
    await tick(5);
    log.push(["a-state", a.readyState]);
    return log;
  `,
			`{"ok":[["a-after-close",2],["b-close",4000,"bye",true,"CloseEvent"],["b-state",2],["a-state",3]]}`},
		{"websocket-close-peer-receives", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const aClose = new Promise((r) => a.addEventListener("close", (e) => r([e.code, e.reason, e.wasClean])));
    const bClose = new Promise((r) => b.addEventListener("close", (e) => { b.close(e.code, e.reason); r([e.code, e.reason]); }));
    a.close(1000, "normal");
    return [await bClose, await aClose];
  `,
			`{"ok":[[1000,"normal"],[1000,"normal",true]]}`},
		{"websocket-close-no-code", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const bClose = new Promise((r) => b.addEventListener("close", (e) => r([e.code, e.reason, e.wasClean])));
    a.close();
    return await bClose;
  `,
			`{"ok":[1005,"",true]}`},
		{"websocket-invalid-close-codes", wsPairHelper + `
    const out = [];
    for (const [code, reason] of [[999], [1004], [1005], [1006], [1015], [2999], [3000], [4999], [5000], [1000, "x".repeat(124)], [1000, "x".repeat(123)]]) {
      const [a, b] = pair();
      a.accept(); b.accept();
      out.push([code, reason?.length ?? null, attempt(() => a.close(code, reason))]);
    }
    return out;
  `,
			`{"ok":[[999,null,{"err":{"code":15,"ctor":"DOMException","message":"Invalid WebSocket close code: 999.","name":"InvalidAccessError"}}],[1004,null,{"err":{"code":15,"ctor":"DOMException","message":"Invalid WebSocket close code: 1004.","name":"InvalidAccessError"}}],[1005,null,{"err":{"code":15,"ctor":"DOMException","message":"Invalid WebSocket close code: 1005.","name":"InvalidAccessError"}}],[1006,null,{"err":{"code":15,"ctor":"DOMException","message":"Invalid WebSocket close code: 1006.","name":"InvalidAccessError"}}],[1015,null,{"err":{"code":15,"ctor":"DOMException","message":"Invalid WebSocket close code: 1015.","name":"InvalidAccessError"}}],[2999,null,{"ok":{"$undefined":true}}],[3000,null,{"ok":{"$undefined":true}}],[4999,null,{"ok":{"$undefined":true}}],[5000,null,{"err":{"code":15,"ctor":"DOMException","message":"Invalid WebSocket close code: 5000.","name":"InvalidAccessError"}}],[1000,124,{"ok":{"$undefined":true}}],[1000,123,{"ok":{"$undefined":true}}]]}`},
		{"websocket-send-after-close", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    a.close(1000);
    return [attempt(() => a.send("late")), a.readyState];
  `,
			`{"ok":[{"err":{"ctor":"TypeError","message":"Can't call WebSocket send() after close().","name":"TypeError"}},2]}`},
		{"websocket-double-accept", wsPairHelper + `
    const [a] = pair();
    a.accept();
    return attempt(() => a.accept());
  `,
			`{"ok":{"ok":{"$undefined":true}}}`},
		{"websocket-send-types", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const got = [];
    const done = new Promise((r) => b.addEventListener("message", (e) => { got.push(e.data); if (got.length === 3) r(); }));
    const errs = [attempt(() => a.send(new Blob(["blob"]))), attempt(() => a.send({ obj: 1 }))];
    a.send(new ArrayBuffer(2));
    a.send(new DataView(new Uint8Array([9, 8, 7]).buffer, 1));
    a.send("");
    await done;
    return [errs, got.map((d) => typeof d === "string" ? ["string", d] : [Object.prototype.toString.call(d), [...new Uint8Array(d)]])];
  `,
			`{"ok":[[{"ok":{"$undefined":true}},{"ok":{"$undefined":true}}],[["string","[object Blob]"],["string","[object Object]"],["[object ArrayBuffer]",[0,0]]]]}`},
		{"websocket-onmessage-property", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const got = new Promise((r) => { b.onmessage = (e) => r(["onmessage", e.data]); });
    a.send("via property");
    return [await got, typeof b.onclose, b.onerror];
  `,
			`{"ok":[["onmessage","via property"],"undefined",{"$undefined":true}]}`},
		{"websocket-response-101", wsPairHelper + `
    const [client, server] = pair();
    server.accept();
    const r = new Response(null, { status: 101, webSocket: client });
    return [r.status, r.webSocket === client, r.statusText, attempt(() => new Response(null, { status: 200, webSocket: pair()[0] }).status)];
  `,
			`{"ok":[101,true,"Switching Protocols",{"err":{"ctor":"RangeError","message":"Responses with a WebSocket must have status code 101.","name":"RangeError"}}]}`},
		{"websocket-constructor-without-network", wsPairHelper + `return [typeof WebSocket, attempt(() => new WebSocket("not a url")),
    attempt(() => new WebSocket("http://example.com/"))];`,
			`{"ok":["function",{"err":{"code":12,"ctor":"DOMException","message":"WebSocket Constructor: The url is invalid.","name":"SyntaxError"}},{"err":{"code":12,"ctor":"DOMException","message":"WebSocket Constructor: The url scheme must be ws or wss.","name":"SyntaxError"}}]}`},
	})
}
