package jsapi

import "time"

// Workers run in UTC: workerd's isolates have no local time zone, so the
// local-time methods of a Date and its toString() show UTC, which V8 names
// "Coordinated Universal Time" (do/sql-bind-rejected-types binds a Date as
// its string). goja's Date works in time.Local, so loading this package sets
// it, before any script runs; kindling's own output does not use local time.
func init() { time.Local = time.FixedZone("Coordinated Universal Time", 0) }
