package jsapi

// Compatibility dates and flags (workerd io/compatibility-date.capnp): a
// behaviour that changed in workerd is selected by the Worker's
// compatibility_date, or forced either way by a flag.

// Compatibility is a Worker's compatibility_date ("2025-09-01") and
// compatibility_flags.
type Compatibility struct {
	Date  string
	Flags []string
}

// enabled reports whether the behaviour behind flag is on: forced by flag
// or disableFlag, else on from enableDate. A Worker without a date gets
// the newest behaviours, as wrangler runs it with the runtime's latest
// date.
func (c Compatibility) enabled(flag, disableFlag, enableDate string) bool {
	for _, f := range c.Flags {
		switch f {
		case flag:
			return true
		case disableFlag:
			return false
		}
	}
	return c.Date == "" || c.Date >= enableDate
}

// SetCompatibility sets the compatibility date and flags the realm's APIs
// follow.
func (r *Realm) SetCompatibility(c Compatibility) { r.compat = c }
