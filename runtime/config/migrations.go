package config

import (
	"path/filepath"
	"slices"
	"strings"
)

// lifecycle reads how Durable Object classes come to exist: `migrations`,
// or the newer declarative `exports` (one or the other), and replays them
// into Config.Classes the way wrangler dev does
// (packages/wrangler/src/dev/class-names-sqlite.ts): within a migration,
// deletions first, then renames (which keep the storage kind), then
// new_classes (key-value) and new_sqlite_classes. transferred_classes are
// not replayed: wrangler dev ignores them, so a class that only arrives by
// transfer is key-value backed locally.
func (nz *normalizer) lifecycle(v *view, c *Config) {
	define := func(f field, name string, kind StorageKind, what string) {
		if c.defines(name) {
			nz.errorf(f, "cannot apply %s migration to existing class %s", what, name)
			return
		}
		c.Classes = append(c.Classes, DurableObjectClass{Name: name, Storage: kind})
	}
	remove := func(f field, name, what string) (StorageKind, bool) {
		kind, ok := c.class(name)
		if !ok {
			nz.errorf(f, "cannot apply %s migration to non-existent class %s", what, name)
			return "", false
		}
		c.Classes = slices.DeleteFunc(c.Classes, func(cl DurableObjectClass) bool { return cl.Name == name })
		return kind, true
	}

	migrations := v.get("migrations")
	for _, it := range nz.array(migrations) {
		if !nz.object(it) {
			continue
		}
		nz.unknownKeys(it, it.path, "tag", "new_classes", "new_sqlite_classes", "renamed_classes", "deleted_classes", "transferred_classes")
		m := Migration{Tag: nz.requiredStr(it, "tag")}
		for _, f := range nz.array(it.key("deleted_classes")) {
			if name, ok := nz.optStr(f); ok {
				m.DeletedClasses = append(m.DeletedClasses, name)
				remove(f, name, "deleted_classes")
			}
		}
		for _, f := range nz.array(it.key("renamed_classes")) {
			if !nz.object(f) {
				continue
			}
			r := Rename{From: nz.requiredStr(f, "from"), To: nz.requiredStr(f, "to")}
			m.RenamedClasses = append(m.RenamedClasses, r)
			if r.From == "" || r.To == "" {
				continue
			}
			if kind, ok := remove(f, r.From, "renamed_classes"); ok {
				define(f, r.To, kind, "renamed_classes")
			}
		}
		for _, f := range nz.array(it.key("new_classes")) {
			if name, ok := nz.optStr(f); ok {
				m.NewClasses = append(m.NewClasses, name)
				define(f, name, StorageKV, "new_classes")
			}
		}
		for _, f := range nz.array(it.key("new_sqlite_classes")) {
			if name, ok := nz.optStr(f); ok {
				m.NewSQLiteClasses = append(m.NewSQLiteClasses, name)
				define(f, name, StorageSQLite, "new_sqlite_classes")
			}
		}
		for _, f := range nz.array(it.key("transferred_classes")) {
			if nz.object(f) {
				m.TransferredClasses = append(m.TransferredClasses, Transfer{
					From: nz.requiredStr(f, "from"), FromScript: nz.requiredStr(f, "from_script"), To: nz.requiredStr(f, "to"),
				})
			}
		}
		c.Migrations = append(c.Migrations, m)
	}

	exports := v.get("exports")
	c.Exports = nz.exports(exports)
	for _, e := range c.Exports {
		if e.Type != "durable-object" {
			continue
		}
		if len(c.Migrations) > 0 {
			nz.errorf(exports, "migrations and exports are mutually exclusive: declare the Durable Object lifecycle with one of them")
			break
		}
		if e.State == "" || e.State == "created" || e.State == "expecting-transfer" {
			c.Classes = append(c.Classes, DurableObjectClass{Name: e.Name, Storage: e.Storage})
		}
	}
	nz.warnUndeclaredClasses(v.get("durable_objects"), c)
}

// warnUndeclaredClasses mirrors wrangler's warning about Durable Objects
// this Worker exports with no migration at all: they still run, but with
// key-value-only storage, which is rarely what a new project wants.
func (nz *normalizer) warnUndeclaredClasses(f field, c *Config) {
	if len(c.Migrations) > 0 {
		return
	}
	var missing []string
	for _, b := range c.DurableObjects {
		if b.ScriptName == "" && b.ClassName != "" && !c.defines(b.ClassName) {
			missing = append(missing, b.ClassName)
		}
	}
	if len(missing) == 0 {
		return
	}
	nz.warnf(f, "In your %s file, you have configured durable_objects exported by this Worker (%s), but no migrations for them. Without a migration declaring them in new_sqlite_classes = [%s], wrangler dev and kindling give them key-value storage only (ctx.storage.sql throws).",
		filepath.Base(c.Path), strings.Join(missing, ", "), quoteAll(missing))
}

func (c *Config) defines(class string) bool {
	_, ok := c.class(class)
	return ok
}

var (
	exportStates   = []string{"created", "deleted", "renamed", "transferred", "expecting-transfer"}
	exportStorages = map[string]StorageKind{"sqlite": StorageSQLite, "legacy-kv": StorageKV}
)

// exports reads the `exports` table: class (or entrypoint) name to
// `{ type, state?, storage?, ... }`.
func (nz *normalizer) exports(f field) []Export {
	if !nz.object(f) {
		return nil
	}
	var out []Export
	for _, it := range f.members() {
		if !nz.object(it) {
			continue
		}
		e := Export{Name: it.name, Type: nz.oneOf(it.key("type"), "durable-object", "worker")}
		if !it.key("type").present() {
			nz.errorf(it, "missing required key \"type\"")
		}
		switch e.Type {
		case "worker":
			nz.unknownKeys(it, it.path, "type", "cache")
			if cache := it.key("cache"); nz.object(cache) {
				if !cache.key("enabled").present() {
					nz.errorf(cache, "missing required key \"enabled\"")
				}
				nz.boolean(cache.key("enabled"))
			}
		case "durable-object":
			nz.unknownKeys(it, it.path, "type", "state", "storage", "container", "renamed_to", "transferred_to", "transfer_from")
			e.State = nz.oneOf(it.key("state"), exportStates...)
			nz.exportState(it, &e)
		}
		out = append(out, e)
	}
	return out
}

// exportState checks the keys each lifecycle state requires.
func (nz *normalizer) exportState(it field, e *Export) {
	required := map[string]string{"renamed": "renamed_to", "transferred": "transferred_to", "expecting-transfer": "transfer_from"}
	if key, ok := required[e.State]; ok {
		if s, _ := nz.optStr(it.key(key)); s == "" {
			nz.errorf(it, "state %q requires a non-empty %q", e.State, key)
		}
	}
	if e.State != "" && e.State != "created" && e.State != "expecting-transfer" {
		return
	}
	storage := it.key("storage")
	s, ok := nz.optStr(storage)
	kind, valid := exportStorages[s]
	switch {
	case !storage.present():
		nz.errorf(it, "missing required key \"storage\" (\"sqlite\" or \"legacy-kv\")")
	case ok && !valid:
		nz.errorf(storage, "expected one of \"sqlite\", \"legacy-kv\", got %q", s)
	}
	e.Storage = kind
}
