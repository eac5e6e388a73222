package config

import (
	"slices"
	"strings"
)

// How `env.<name>` sections combine with the top level. The classification
// follows wrangler's normalizeAndValidateEnvironment and ConfigFields
// (cloudflare/workers-sdk packages/workers-utils/src/config/validation.ts,
// environment.ts and config.ts, as shipped in wrangler 4.86, plus the keys
// added since, so newer files load too).
type keyClass uint8

const (
	// An environment that does not set the key uses the top level's.
	inheritable keyClass = iota + 1
	// An environment that does not set the key has none: bindings and vars
	// must be declared again in every environment.
	nonInheritable
	// Only allowed at the top level; inside an environment it is an
	// unexpected field.
	topLevelOnly
)

var keyClasses = map[string]keyClass{
	"name":                    inheritable,
	"account_id":              inheritable,
	"compatibility_date":      inheritable,
	"compatibility_flags":     inheritable,
	"main":                    inheritable,
	"find_additional_modules": inheritable,
	"preserve_file_names":     inheritable,
	"base_dir":                inheritable,
	"workers_dev":             inheritable,
	"preview_urls":            inheritable,
	"routes":                  inheritable,
	"route":                   inheritable,
	"tsconfig":                inheritable,
	"jsx_factory":             inheritable,
	"jsx_fragment":            inheritable,
	"migrations":              inheritable,
	"exports":                 inheritable,
	"triggers":                inheritable,
	"limits":                  inheritable,
	"rules":                   inheritable,
	"build":                   inheritable,
	"no_bundle":               inheritable,
	"minify":                  inheritable,
	"keep_names":              inheritable,
	"first_party_worker":      inheritable,
	"logfwdr":                 inheritable,
	"logpush":                 inheritable,
	"upload_source_maps":      inheritable,
	"placement":               inheritable,
	"assets":                  inheritable,
	"observability":           inheritable,
	"access":                  inheritable,
	"cache":                   inheritable,
	"compliance_region":       inheritable,
	"python_modules":          inheritable,
	"previews":                inheritable,

	"define":                    nonInheritable,
	"vars":                      nonInheritable,
	"secrets":                   nonInheritable,
	"durable_objects":           nonInheritable,
	"workflows":                 nonInheritable,
	"cloudchamber":              nonInheritable,
	"containers":                nonInheritable,
	"kv_namespaces":             nonInheritable,
	"send_email":                nonInheritable,
	"queues":                    nonInheritable,
	"connect":                   nonInheritable,
	"r2_buckets":                nonInheritable,
	"d1_databases":              nonInheritable,
	"vectorize":                 nonInheritable,
	"ai_search_namespaces":      nonInheritable,
	"ai_search":                 nonInheritable,
	"websearch":                 nonInheritable,
	"agent_memory":              nonInheritable,
	"hyperdrive":                nonInheritable,
	"services":                  nonInheritable,
	"analytics_engine_datasets": nonInheritable,
	"dispatch_namespaces":       nonInheritable,
	"mtls_certificates":         nonInheritable,
	"tail_consumers":            nonInheritable,
	"streaming_tail_consumers":  nonInheritable,
	"unsafe":                    nonInheritable,
	"browser":                   nonInheritable,
	"ai":                        nonInheritable,
	"images":                    nonInheritable,
	"stream":                    nonInheritable,
	"media":                     nonInheritable,
	"version_metadata":          nonInheritable,
	"pipelines":                 nonInheritable,
	"secrets_store_secrets":     nonInheritable,
	"artifacts":                 nonInheritable,
	"unsafe_hello_world":        nonInheritable,
	"flagship":                  nonInheritable,
	"worker_loaders":            nonInheritable,
	"ratelimits":                nonInheritable,
	"vpc_services":              nonInheritable,
	"vpc_networks":              nonInheritable,

	"legacy_env":                   topLevelOnly,
	"send_metrics":                 topLevelOnly,
	"dependencies_instrumentation": topLevelOnly,
	"keep_vars":                    topLevelOnly,
	"addresses":                    topLevelOnly,
	"pages_build_output_dir":       topLevelOnly,
	"$schema":                      topLevelOnly,
	"dev":                          topLevelOnly,
	"site":                         topLevelOnly,
	"alias":                        topLevelOnly,
	"wasm_modules":                 topLevelOnly,
	"text_blobs":                   topLevelOnly,
	"data_blobs":                   topLevelOnly,
	"env":                          topLevelOnly,
}

// view is the configuration as one environment sees it.
type view struct {
	top field
	// env is the selected `env.<name>` table. With no --env it is absent;
	// when --env names an environment and the file defines none, wrangler
	// uses the top level as the environment (keeping its bindings) and so
	// does env here.
	env     field
	envName string
	// serviceEnvs is wrangler 4's `legacy_env = false`: environments share
	// the top-level Worker name instead of deploying as `<name>-<env>`.
	serviceEnvs bool
}

func (v *view) named() bool { return v.envName != "" }

// get returns the field a key resolves to in this view.
func (v *view) get(key string) field {
	if !v.named() || keyClasses[key] == topLevelOnly {
		return v.top.key(key)
	}
	f := v.env.key(key)
	if keyClasses[key] == inheritable && (!f.present() || f.n.kind == kindNull) {
		return v.top.key(key)
	}
	return f
}

// warnNotInherited mirrors wrangler's notInheritable(): a non-inheritable key
// set at the top level but not in the environment is almost always a
// mistake, since the environment silently gets none.
func (v *view) warnNotInherited(nz *normalizer) {
	for _, f := range v.top.members() {
		if keyClasses[f.name] != nonInheritable || v.env.key(f.name).present() {
			continue
		}
		nz.warnf(f, "%q exists at the top level, but not on \"env.%s\". This is not what you probably want, since %q is not inherited by environments. Please add %q to \"env.%s\".",
			f.name, v.envName, f.name, f.name, v.envName)
	}
}

// missingInEnv finds what an environment that declares a non-inheritable
// table or list leaves out of the top level's: vars and define by key,
// bindings by name. wrangler warns about each.
func (v *view) missingInEnv(key string, names func(field) []string) (env field, missing []string) {
	if !v.named() || v.env.n == v.top.n {
		return field{}, nil
	}
	top, env := v.top.key(key), v.env.key(key)
	if !top.present() || !env.present() {
		return env, nil
	}
	have := names(env)
	for _, name := range names(top) {
		if !slices.Contains(have, name) {
			missing = append(missing, name)
		}
	}
	return env, missing
}

// warnMissingKeys is for vars and define.
func (v *view) warnMissingKeys(nz *normalizer, key string) {
	env, missing := v.missingInEnv(key, memberNames)
	for _, name := range missing {
		nz.warnf(env, "\"%s.%s\" exists at the top level, but not on %q. This is not what you probably want, since %q configuration is not inherited by environments. Please add \"%s.%s\" to \"env.%s\".",
			key, name, env.path, key, key, name, v.envName)
	}
}

// warnMissingBindings is for the arrays of `{ binding = "NAME" }` tables.
func (v *view) warnMissingBindings(nz *normalizer, key string) {
	env, missing := v.missingInEnv(key, listBindingNames)
	for _, name := range missing {
		nz.warnf(env, "There is a %s binding with name %q at the top level, but not on \"env.%s\". This is not what you probably want, since %q configuration is not inherited by environments. Please add a binding for %q to %q.",
			key, name, v.envName, key, name, env.path)
	}
}

// warnMissingDurableObjects lists, in one warning as wrangler does, the
// Durable Object bindings an environment leaves out.
func (v *view) warnMissingDurableObjects(nz *normalizer) {
	env, missing := v.missingInEnv("durable_objects", doBindingNames)
	if len(missing) > 0 {
		nz.warnf(env, "The following bindings are at the top level, but not on \"env.%s\": %s. This is not what you probably want, since \"durable_objects\" configuration is not inherited by environments. Please add a binding for each to \"%s.bindings\".",
			v.envName, strings.Join(missing, ", "), env.path)
	}
}

// memberNames lists an object's keys.
func memberNames(f field) []string {
	var out []string
	for _, m := range f.members() {
		out = append(out, m.name)
	}
	return out
}

// checkKeys warns about keys wrangler does not know. Inside an environment
// the top-level-only keys are unknown too, as wrangler says.
func (v *view) checkKeys(nz *normalizer) {
	if !v.named() {
		for _, f := range v.top.members() {
			if keyClasses[f.name] == 0 {
				nz.warnf(f, "Unexpected fields found in top-level field: %q", f.name)
			}
		}
		return
	}
	if v.env.n == v.top.n {
		return
	}
	for _, f := range v.env.members() {
		if c := keyClasses[f.name]; c == 0 || c == topLevelOnly {
			nz.warnf(f, "Unexpected fields found in %s field: %q", v.env.path, f.name)
		}
	}
}
