package isolate

// The output gate for RPC: what an isolate sends to another while some of
// its Durable Objects have uncommitted writes (a call one makes, the result
// of a call into an RpcTarget or function one exported) waits for the
// end-of-task commit, as workerd holds outgoing messages until the writes
// before them are confirmed. Only the outputs of an object's own events are
// tied to that object (instance.send); these are tied to the isolate.

// AfterCommit implements jsapi.OutputGate. Like an object's own answers,
// the output always waits for the end of the task: a microtask that runs
// after it was produced may still write.
func (h host) AfterCommit(release func(), discard func(error)) {
	h.iso.outbox = append(h.iso.outbox, output{release: release, discard: discard})
}

// anyError returns one of the errors of a task's failed commits, or nil.
func anyError(failed map[*instance]error) error {
	for _, err := range failed {
		return err
	}
	return nil
}
