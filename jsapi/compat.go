package jsapi

// Compatibility dates and flags (workerd io/compatibility-date.capnp): the
// behaviours a Worker's compatibility_date and compatibility_flags select.
// Only those kindling implements both ways are listed.

// SetCompatibility applies the Worker's compatibility_date (YYYY-MM-DD)
// and compatibility_flags.
func (r *Realm) SetCompatibility(date string, flags []string) {
	r.rpc.paramsDupStubs = flagEnabled(date, flags, "2026-01-20", "rpc_params_dup_stubs", "rpc_params_transfer_stubs")
	r.webSockets = webSocketCompat{
		autoReplyToClose:     flagEnabled(date, flags, "2026-04-07", "web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close"),
		standardBinaryType:   flagEnabled(date, flags, "2026-03-17", "websocket_standard_binary_type", "no_websocket_standard_binary_type"),
		closeReasonByteLimit: flagEnabled(date, flags, "2026-03-03", "websocket_close_reason_byte_limit", "no_websocket_close_reason_byte_limit"),
	}
}

// webSocketCompat are the WebSocket behaviours that changed in workerd.
type webSocketCompat struct {
	// autoReplyToClose answers a received Close on accept()ed sockets.
	autoReplyToClose bool
	// standardBinaryType makes binaryType default to "blob".
	standardBinaryType bool
	// closeReasonByteLimit refuses close() reasons over 123 bytes.
	closeReasonByteLimit bool
}

// flagEnabled decides a flag that is on from a date, or by its enable
// flag, and off by its disable flag.
func flagEnabled(date string, flags []string, since, enable, disable string) bool {
	on := date >= since
	for _, f := range flags {
		switch f {
		case enable:
			on = true
		case disable:
			on = false
		}
	}
	return on
}
