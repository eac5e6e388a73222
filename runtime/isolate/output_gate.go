package isolate

// The output gate for RPC: what an isolate sends to another while some of
// its Durable Objects have uncommitted writes (a call one makes, the result
// of a call into an RpcTarget or function one exported) waits for the
// end-of-task commit, as workerd holds outgoing messages until the writes
// before them are confirmed. Only the outputs of an object's own events are
// tied to that object (instance.send); these are tied to the isolate.

// AfterCommit implements jsapi.OutputGate.
func (h host) AfterCommit(release func(), discard func(error)) {
	iso := h.iso
	if len(iso.dirty) == 0 {
		release()
		return
	}
	iso.outbox = append(iso.outbox, output{release: release, discard: discard})
}

// anyError returns one of the errors of a task's failed commits, or nil.
func anyError(failed map[*instance]error) error {
	for _, err := range failed {
		return err
	}
	return nil
}
