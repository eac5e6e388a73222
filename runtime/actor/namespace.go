package actor

import (
	"path/filepath"
)

// Namespace is one Durable Object class of one Worker: where its objects'
// ids come from and where their storage lives.
type Namespace struct {
	// UniqueKey is "<worker name>-<class name>", as miniflare names a
	// namespace; it keys the ids and names the state directory.
	UniqueKey string
	ClassName string
	// SQLite reports whether the class is SQLite-backed (new_sqlite_classes).
	SQLite bool
	// Dir holds one <hex id>.sqlite file per object, and the namespace's
	// alarm index (metadata.sqlite).
	Dir string
	// Alarms schedules the objects' alarms; nil until the runtime opens it.
	Alarms *Alarms
	key    [32]byte
	first  firstIDs
}

// NewNamespace returns the namespace of className in workerName, storing
// its objects under stateDir/v3/do/<worker>-<class>, where wrangler dev
// keeps them.
func NewNamespace(workerName, className string, sqlite bool, stateDir string) *Namespace {
	unique := workerName + "-" + className
	return &Namespace{
		UniqueKey: unique,
		ClassName: className,
		SQLite:    sqlite,
		Dir:       filepath.Join(stateDir, "v3", "do", unique),
		key:       idKey(unique),
	}
}

// IDFromName returns the id of the object called name.
func (ns *Namespace) IDFromName(name string) ID { return idFromName(ns.key, name) }

// NewUniqueID returns a random id. Jurisdictions are refused as workerd
// refuses them locally.
func (ns *Namespace) NewUniqueID(jurisdiction string) (ID, error) {
	if jurisdiction != "" {
		return ID{}, ErrJurisdiction
	}
	return newUniqueID(ns.key), nil
}

// IDFromString parses an id printed by ID.String, checking that it belongs
// to this namespace.
func (ns *Namespace) IDFromString(s string) (ID, error) { return idFromString(ns.key, s) }

// AlarmIndexPath is where workerd keeps the namespace's alarms.
func (ns *Namespace) AlarmIndexPath() string { return filepath.Join(ns.Dir, "metadata.sqlite") }

// StoragePath returns the SQLite file of the object with id.
func (ns *Namespace) StoragePath(id ID) string {
	return filepath.Join(ns.Dir, id.String()+".sqlite")
}
