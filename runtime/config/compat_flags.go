package config

// Compatibility flags whose default depends on compatibility_date, from
// workerd's io/compatibility-date.capnp. Only the flags kindling acts on
// are listed; add a row when a behaviour starts to depend on one.

// LatestCompatibilityDate is the newest date the reference workerd
// (1.20260426.1, in wrangler 4.86) supports, which kindling assumes when
// the configuration gives no compatibility_date. wrangler dev takes
// today's date instead, and refuses to start once today is past this one
// ("This Worker requires compatibility date …, but the newest date
// supported by this server binary is "2026-05-03"").
const LatestCompatibilityDate = "2026-05-03"

type compatFlag struct {
	enable, disable string
	// date is the compatibility_date from which the flag is on by default.
	date string
}

var compatFlags = []compatFlag{
	// storage.deleteAll() deletes the alarm too.
	{enable: "delete_all_deletes_alarm", disable: "delete_all_preserves_alarm", date: "2026-02-24"},
}

// CompatFlag reports whether the compatibility flag named enable is on: set
// in compatibility_flags, turned off there by its disable name, or else on
// by default from its date.
func (c *Config) CompatFlag(enable string) bool {
	for _, f := range compatFlags {
		if f.enable != enable {
			continue
		}
		for _, set := range c.CompatibilityFlags {
			switch set {
			case f.enable:
				return true
			case f.disable:
				return false
			}
		}
		date := c.CompatibilityDate
		if date == "" {
			date = LatestCompatibilityDate
		}
		// Dates are ISO-8601 (normalize checks), so they compare as strings.
		return date >= f.date
	}
	panic("config: unknown compatibility flag " + enable)
}
