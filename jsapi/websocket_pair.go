package jsapi

// WebSocketPair (workerd api/web-socket.h): two WebSockets coupled to each
// other, as own properties 0 and 1 (so Object.values(pair) gives both, as
// some libraries rely on), iterable too. One end is usually returned in a
// 101 response and the other accepted by the Worker.

import (
	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

type webSocketPair struct {
	sockets [2]*goja.Object
}

func installWebSocketPair(r *Realm) {
	c := r.newClass("WebSocketPair", 0, func(call goja.ConstructorCall) any {
		a, b := wspipe.New()
		first, wa := r.newWebSocket(a)
		second, wb := r.newWebSocket(b)
		wa.peer, wb.peer = wb, wa
		for i, s := range []*goja.Object{first, second} {
			must(call.This.DefineDataProperty(string(rune('0'+i)), s, goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_TRUE))
		}
		return &webSocketPair{sockets: [2]*goja.Object{first, second}}
	})
	c.methodSymbol(goja.SymIterator, "entries", func(call goja.FunctionCall) goja.Value {
		p := unwrap[*webSocketPair](r, call.This)
		return r.newIterator("WebSocketPair Iterator", 2, func(i int) goja.Value { return p.sockets[i] })
	})
	c.global()
}
