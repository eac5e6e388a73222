package jsapi

// Compatibility dates and flags (workerd io/compatibility-date.capnp): the
// behaviours a Worker's compatibility_date and compatibility_flags select.
// Only those kindling implements both ways are listed.

// SetCompatibility applies the Worker's compatibility_date (YYYY-MM-DD)
// and compatibility_flags.
func (r *Realm) SetCompatibility(date string, flags []string) {
	r.rpc.paramsDupStubs = flagEnabled(date, flags, "2026-01-20", "rpc_params_dup_stubs", "rpc_params_transfer_stubs")
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
