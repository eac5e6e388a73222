package isolate

// The output gate for RPC: what an isolate sends to another while some of
// its Durable Objects have uncommitted writes (a call one makes, the result
// of a call into an RpcTarget or function one exported) waits for the
// end-of-task commit, as workerd holds outgoing messages until the writes
// before them are confirmed. Only the outputs of an object's own events are
// tied to that object (instance.send, through its actor.OutputGate); these
// are tied to the isolate, and discarded if any commit of the task fails.

// AfterCommit implements jsapi.OutputGate. Like an object's own answers,
// the output always waits for the end of the task: a microtask that runs
// after it was produced may still write.
func (h host) AfterCommit(release func(), discard func(error)) {
	h.iso.outbox = append(h.iso.outbox, output{release: release, discard: discard})
}
