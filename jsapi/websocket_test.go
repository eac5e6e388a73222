package jsapi

import (
	"testing"
)

// binaryType "blob" delivers binary messages as Blobs (the default from
// websocket_standard_binary_type, 2026-03-17).
func TestWebSocketBinaryTypeBlob(t *testing.T) {
	runWebCases(t, []webCase{
		{"blob", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    b.binaryType = "blob";
    const got = new Promise((r) => b.addEventListener("message", (e) => r(e.data)));
    a.send(new Uint8Array([1, 2, 3]));
    const data = await got;
    return [Object.prototype.toString.call(data), [...new Uint8Array(await data.arrayBuffer())]];`,
			`{"ok":["[object Blob]",[1,2,3]]}`},
	})
}

func TestWebSocketSendTypes(t *testing.T) {
	runWebCases(t, []webCase{
		{"numbers and views", wsPairHelper + `
    const [a, b] = pair();
    a.accept(); b.accept();
    const got = [];
    const done = new Promise((r) => b.addEventListener("message", (e) => { got.push(e.data); if (got.length === 4) r(); }));
    const errs = [attempt(() => a.send({ obj: 1 })), attempt(() => a.send(5))];
    a.send(new ArrayBuffer(2));
    a.send(new DataView(new Uint8Array([9, 8, 7]).buffer, 1));
    await done;
    return [errs, got.map((d) => typeof d === "string" ? ["string", d] : [Object.prototype.toString.call(d), [...new Uint8Array(d)]])];`,
			`{"ok":[[{"ok":{"$undefined":true}},{"ok":{"$undefined":true}}],[["string","[object Object]"],["string","5"],["[object ArrayBuffer]",[0,0]],["[object ArrayBuffer]",[8,7]]]]}`},
	})
}
