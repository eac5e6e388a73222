package config

import "fmt"

// Binding keys kindling accepts but does not provide yet. They are listed
// in Config.UnsupportedBindings so the CLI can say which ones a Worker will
// miss, instead of failing on a file wrangler accepts.
var unsupportedBindingKeys = []string{
	"workflows", "send_email", "queues", "connect", "vectorize", "ai_search_namespaces",
	"ai_search", "websearch", "agent_memory", "hyperdrive", "analytics_engine_datasets",
	"dispatch_namespaces", "mtls_certificates", "unsafe", "browser", "ai", "images", "stream",
	"media", "version_metadata", "pipelines", "secrets_store_secrets", "artifacts",
	"unsafe_hello_world", "flagship", "worker_loaders", "ratelimits", "vpc_services",
	"vpc_networks", "containers", "cloudchamber", "site", "wasm_modules", "text_blobs", "data_blobs",
}

// bindings reads the bindings kindling knows and lists those it does not.
func (nz *normalizer) bindings(v *view, c *Config) {
	c.DurableObjects = nz.durableObjects(v.get("durable_objects"))
	v.warnMissingDurableObjects(nz)

	for _, it := range nz.bindingList(v, "kv_namespaces") {
		nz.unknownKeys(it, it.path, "binding", "id", "preview_id", "remote")
		c.KVNamespaces = append(c.KVNamespaces, KVNamespace{
			Binding:   nz.requiredStr(it, "binding"),
			ID:        nz.nonEmpty(it.key("id")),
			PreviewID: nz.str(it.key("preview_id")),
		})
	}
	for _, it := range nz.bindingList(v, "d1_databases") {
		nz.unknownKeys(it, it.path, "binding", "database_id", "database_internal_env", "database_name",
			"migrations_dir", "migrations_table", "migrations_pattern", "preview_database_id", "remote")
		nz.str(it.key("database_internal_env"))
		nz.str(it.key("migrations_pattern"))
		c.D1Databases = append(c.D1Databases, D1Database{
			Binding:           nz.requiredStr(it, "binding"),
			DatabaseName:      nz.str(it.key("database_name")),
			DatabaseID:        nz.str(it.key("database_id")),
			PreviewDatabaseID: nz.str(it.key("preview_database_id")),
			MigrationsDir:     nz.path(it.key("migrations_dir"), c.Dir),
			MigrationsTable:   nz.str(it.key("migrations_table")),
		})
	}
	for _, it := range nz.bindingList(v, "r2_buckets") {
		nz.unknownKeys(it, it.path, "binding", "bucket_name", "preview_bucket_name", "jurisdiction", "remote", "local_dev")
		c.R2Buckets = append(c.R2Buckets, R2Bucket{
			Binding:           nz.requiredStr(it, "binding"),
			BucketName:        nz.nonEmpty(it.key("bucket_name")),
			PreviewBucketName: nz.str(it.key("preview_bucket_name")),
			Jurisdiction:      nz.str(it.key("jurisdiction")),
		})
	}
	for _, it := range nz.bindingList(v, "services") {
		s := ServiceBinding{
			Binding:     nz.requiredStr(it, "binding"),
			Service:     nz.requiredStr(it, "service"),
			Entrypoint:  nz.str(it.key("entrypoint")),
			Environment: nz.str(it.key("environment")),
		}
		if props := it.key("props"); nz.object(props) {
			raw, err := props.n.toJSON()
			if err != nil {
				nz.errorf(props, "%v", err)
			}
			s.Props = raw
		}
		c.Services = append(c.Services, s)
	}
	c.Assets = nz.assets(v.get("assets"), c.Dir)

	for _, key := range unsupportedBindingKeys {
		if f := v.get(key); f.present() {
			c.UnsupportedBindings = append(c.UnsupportedBindings, f.path)
		}
	}
	nz.uniqueBindingNames(v, c)
}

// bindingList reads one of the arrays of `{ binding = "NAME", ... }` tables
// and warns about top-level bindings an environment leaves out.
func (nz *normalizer) bindingList(v *view, key string) []field {
	var out []field
	for _, it := range nz.array(v.get(key)) {
		if nz.object(it) {
			nz.boolean(it.key("remote"))
			out = append(out, it)
		}
	}
	v.warnMissingBindings(nz, key)
	return out
}

func (nz *normalizer) nonEmpty(f field) string {
	s, ok := nz.optStr(f)
	if ok && s == "" {
		nz.errorf(f, "must not be empty")
	}
	return s
}

func (nz *normalizer) durableObjects(f field) []DurableObjectBinding {
	if !nz.object(f) {
		return nil
	}
	nz.unknownKeys(f, f.path, "bindings")
	list := f.key("bindings")
	if !list.present() {
		nz.errorf(f, "missing required key \"bindings\"")
	}
	var out []DurableObjectBinding
	for _, it := range nz.array(list) {
		if !nz.object(it) {
			continue
		}
		nz.unknownKeys(it, it.path, "class_name", "environment", "name", "script_name", "remote")
		nz.boolean(it.key("remote"))
		b := DurableObjectBinding{
			Name:        nz.requiredStr(it, "name"),
			ClassName:   nz.requiredStr(it, "class_name"),
			ScriptName:  nz.str(it.key("script_name")),
			Environment: nz.str(it.key("environment")),
		}
		if env := it.key("environment"); env.present() && !it.key("script_name").present() {
			nz.errorf(env, "only allowed together with script_name")
		}
		out = append(out, b)
	}
	return out
}

var (
	htmlHandlings     = []string{"auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"}
	notFoundHandlings = []string{"single-page-application", "404-page", "none"}
)

func (nz *normalizer) assets(f field, dir string) *Assets {
	if !nz.object(f) {
		return nil
	}
	nz.unknownKeys(f, f.path, "directory", "binding", "html_handling", "not_found_handling", "run_worker_first")
	// wrangler dev stops here too unless --assets names the directory.
	if !f.key("directory").present() {
		nz.errorf(f, "missing required key \"directory\"")
	}
	a := &Assets{
		Directory:        nz.path(f.key("directory"), dir),
		Binding:          nz.str(f.key("binding")),
		HTMLHandling:     nz.oneOf(f.key("html_handling"), htmlHandlings...),
		NotFoundHandling: nz.oneOf(f.key("not_found_handling"), notFoundHandlings...),
	}
	if first := f.key("run_worker_first"); first.present() && first.n.kind == kindArray {
		a.RunWorkerFirstRoutes = nz.strings(first)
	} else if first.present() && first.n.kind != kindBool {
		nz.errorf(first, "expected a boolean or an array of strings, got %s", first.n.typeName(nz.toml))
	} else {
		a.RunWorkerFirst, _ = nz.boolean(first)
	}
	return a
}

func doBindingNames(f field) []string {
	return stringValues(namedItems(f.key("bindings"), "name"))
}

func listBindingNames(f field) []string {
	return stringValues(namedItems(f, "binding"))
}

const varKind = "Environment Variable"

// namedItems returns the `key` members of an array of objects, skipping
// entries without a string there (the readers report those).
func namedItems(list field, key string) []field {
	if list.n == nil || list.n.kind != kindArray {
		return nil
	}
	var out []field
	for i, it := range list.n.items {
		if it.kind != kindObject {
			continue
		}
		if m := it.lookup(key); m != nil && m.val.kind == kindString {
			out = append(out, field{path: fmt.Sprintf("%s[%d].%s", list.path, i, key), name: key, pos: m.pos, n: m.val})
		}
	}
	return out
}

func stringValues(fs []field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.n.str
	}
	return out
}

// uniqueBindingNames rejects two bindings with one name, as wrangler does:
// only one of them could be reached through env. It also records the names
// of the bindings that are not vars, which local secrets must not replace.
func (nz *normalizer) uniqueBindingNames(v *view, c *Config) {
	seen := map[string]string{} // binding name -> kind
	c.otherBindings = map[string]bool{}
	add := func(kind string, at field, name string) {
		switch prev, dup := seen[name]; {
		case !dup:
			seen[name] = kind
			c.otherBindings[name] = kind != varKind
		case prev == kind:
			nz.errorf(at, "%s assigned to multiple %s bindings; bindings must have unique names", name, kind)
		default:
			nz.errorf(at, "%s assigned to %s and %s bindings; bindings must have unique names", name, prev, kind)
		}
	}
	for _, m := range v.get("vars").members() {
		add(varKind, m, m.name)
	}
	lists := []struct {
		kind string
		list field
		key  string
	}{
		{"Durable Object", v.get("durable_objects").key("bindings"), "name"},
		{"KV Namespace", v.get("kv_namespaces"), "binding"},
		{"D1 Database", v.get("d1_databases"), "binding"},
		{"R2 Bucket", v.get("r2_buckets"), "binding"},
		{"Worker", v.get("services"), "binding"},
	}
	for _, l := range lists {
		for _, at := range namedItems(l.list, l.key) {
			add(l.kind, at, at.n.str)
		}
	}
	if b := v.get("assets").key("binding"); b.present() && b.n.kind == kindString {
		add("Assets", b, b.n.str)
	}
}
