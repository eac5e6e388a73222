package config

import "encoding/json"

// Config is a wrangler configuration normalised for local development: the
// selected environment applied, paths absolute, defaults filled in.
type Config struct {
	Path string   `json:"path"`           // the configuration file
	Dir  string   `json:"dir"`            // its directory; relative paths in it are relative to this
	Env  string   `json:"env,omitempty"`  // the selected environment, "" for the top level
	Envs []string `json:"envs,omitempty"` // the environments the file defines

	// Name is the Worker's name, which Durable Object ids and state
	// directories derive from. In an environment it is `<name>-<env>`
	// unless the environment sets its own. Without any name, wrangler dev
	// makes up a random UUID for each run (so Durable Object state does not
	// survive a restart) and so does Load, setting NameGenerated.
	Name          string `json:"name"`
	NameGenerated bool   `json:"name_generated,omitempty"`
	TopLevelName  string `json:"top_level_name,omitempty"` // `name` before the environment was applied

	Main               string   `json:"main,omitempty"` // absolute; "" when the entry point comes from the command line
	CompatibilityDate  string   `json:"compatibility_date,omitempty"`
	CompatibilityFlags []string `json:"compatibility_flags,omitempty"`

	// Vars and Secrets are the Worker's plain bindings, with disjoint names.
	// A .dev.vars (or .env) entry that redefines a var turns it into a
	// secret, and --var redefines either as a string var: wrangler's order
	// of precedence is config vars, then secrets files, then --var.
	Vars        []Var    `json:"vars,omitempty"`
	Secrets     []Var    `json:"secrets,omitempty"`
	SecretFiles []string `json:"secret_files,omitempty"` // the .dev.vars or .env files Secrets came from

	DurableObjects []DurableObjectBinding `json:"durable_objects,omitempty"`
	Migrations     []Migration            `json:"migrations,omitempty"`
	Exports        []Export               `json:"exports,omitempty"`
	// Classes are the Durable Object classes the migrations (or exports)
	// leave defined, in the order they were created.
	Classes []DurableObjectClass `json:"classes,omitempty"`

	KVNamespaces []KVNamespace    `json:"kv_namespaces,omitempty"`
	D1Databases  []D1Database     `json:"d1_databases,omitempty"`
	R2Buckets    []R2Bucket       `json:"r2_buckets,omitempty"`
	Services     []ServiceBinding `json:"services,omitempty"`
	Assets       *Assets          `json:"assets,omitempty"`

	// UnsupportedBindings are the key paths of bindings kindling accepts
	// but does not provide yet, for the CLI to warn about.
	UnsupportedBindings []string `json:"unsupported_bindings,omitempty"`

	// Rules are the module rules exactly as written; the bundler adds
	// wrangler's defaults.
	Rules                 []Rule            `json:"rules,omitempty"`
	Define                map[string]string `json:"define,omitempty"`
	Alias                 map[string]string `json:"alias,omitempty"`
	Minify                bool              `json:"minify,omitempty"`
	KeepNames             bool              `json:"keep_names"` // wrangler's default is true
	TSConfig              string            `json:"tsconfig,omitempty"`
	JSXFactory            string            `json:"jsx_factory"`
	JSXFragment           string            `json:"jsx_fragment"`
	NoBundle              bool              `json:"no_bundle,omitempty"`
	FindAdditionalModules bool              `json:"find_additional_modules,omitempty"`
	PreserveFileNames     bool              `json:"preserve_file_names,omitempty"`
	BaseDir               string            `json:"base_dir,omitempty"`
	Build                 Build             `json:"build"`

	Dev      Dev      `json:"dev"`
	Limits   Limits   `json:"limits"`
	Triggers Triggers `json:"triggers"`

	Warnings []Diagnostic `json:"warnings,omitempty"`

	// secretsDeclared is set by a `secrets` table, which limits the
	// .dev.vars entries that are loaded to vars and requiredSecrets.
	secretsDeclared bool
	requiredSecrets []string
	// otherBindings are the names bound to something other than a var.
	otherBindings map[string]bool
}

// Var is one plain binding. Value is its JSON encoding, keeping the type the
// file gave it: strings stay strings, numbers numbers, tables objects (with
// their keys in file order).
type Var struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

type DurableObjectBinding struct {
	Name        string `json:"name"`
	ClassName   string `json:"class_name"`
	ScriptName  string `json:"script_name,omitempty"` // the class lives in another Worker
	Environment string `json:"environment,omitempty"`
}

type Migration struct {
	Tag                string     `json:"tag"`
	NewClasses         []string   `json:"new_classes,omitempty"`
	NewSQLiteClasses   []string   `json:"new_sqlite_classes,omitempty"`
	RenamedClasses     []Rename   `json:"renamed_classes,omitempty"`
	DeletedClasses     []string   `json:"deleted_classes,omitempty"`
	TransferredClasses []Transfer `json:"transferred_classes,omitempty"`
}

type Rename struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type Transfer struct {
	From       string `json:"from"`
	FromScript string `json:"from_script"`
	To         string `json:"to"`
}

// Export is an entry of the declarative `exports` table, the newer
// alternative to migrations.
type Export struct {
	Name    string      `json:"name"`
	Type    string      `json:"type"`              // "durable-object" or "worker"
	State   string      `json:"state,omitempty"`   // "" means "created"
	Storage StorageKind `json:"storage,omitempty"` // for live Durable Object exports
}

// StorageKind is the storage backend of a Durable Object class.
type StorageKind string

const (
	// StorageKV is the key-value-only backend: ctx.storage.sql throws.
	StorageKV StorageKind = "kv"
	// StorageSQLite has ctx.storage.sql as well as the key-value API.
	StorageSQLite StorageKind = "sqlite"
)

type DurableObjectClass struct {
	Name    string      `json:"name"`
	Storage StorageKind `json:"storage"`
}

// ClassStorage is the backend of a Durable Object class. A class that no
// migration or export defines is key-value backed: wrangler dev then leaves
// workerd's enableSql off (and warns that migrations are missing), so
// ctx.storage.sql throws "SQL is not enabled for this Durable Object class".
func (c *Config) ClassStorage(className string) StorageKind {
	kind, _ := c.class(className)
	return kind
}

func (c *Config) class(name string) (StorageKind, bool) {
	for _, cl := range c.Classes {
		if cl.Name == name {
			return cl.Storage, true
		}
	}
	return StorageKV, false
}

type KVNamespace struct {
	Binding   string `json:"binding"`
	ID        string `json:"id,omitempty"`
	PreviewID string `json:"preview_id,omitempty"`
}

type D1Database struct {
	Binding           string `json:"binding"`
	DatabaseName      string `json:"database_name,omitempty"`
	DatabaseID        string `json:"database_id,omitempty"`
	PreviewDatabaseID string `json:"preview_database_id,omitempty"`
	MigrationsDir     string `json:"migrations_dir,omitempty"` // absolute
	MigrationsTable   string `json:"migrations_table,omitempty"`
}

type R2Bucket struct {
	Binding           string `json:"binding"`
	BucketName        string `json:"bucket_name,omitempty"`
	PreviewBucketName string `json:"preview_bucket_name,omitempty"`
	Jurisdiction      string `json:"jurisdiction,omitempty"`
}

type ServiceBinding struct {
	Binding     string          `json:"binding"`
	Service     string          `json:"service"`
	Entrypoint  string          `json:"entrypoint,omitempty"`
	Environment string          `json:"environment,omitempty"`
	Props       json.RawMessage `json:"props,omitempty"` // a JSON object, for ctx.props
}

type Assets struct {
	Directory        string `json:"directory"` // absolute
	Binding          string `json:"binding,omitempty"`
	HTMLHandling     string `json:"html_handling,omitempty"`
	NotFoundHandling string `json:"not_found_handling,omitempty"`
	// RunWorkerFirst is true, or RunWorkerFirstRoutes lists the route
	// patterns that go to the Worker before assets.
	RunWorkerFirst       bool     `json:"run_worker_first,omitempty"`
	RunWorkerFirstRoutes []string `json:"run_worker_first_routes,omitempty"`
}

type Rule struct {
	Type        string   `json:"type"`
	Globs       []string `json:"globs"`
	Fallthrough bool     `json:"fallthrough,omitempty"`
}

type Build struct {
	Command string `json:"command,omitempty"`
	// Cwd is where Command runs: wrangler hands build.cwd to the shell
	// unchanged, so it is relative to the working directory, not the file.
	Cwd string `json:"cwd,omitempty"`
	// WatchDirs are the directories whose changes rerun Command, relative
	// to the configuration file; "./src" when Command is set and
	// build.watch_dir is not. WatchDir is the first of them.
	WatchDir  string   `json:"watch_dir,omitempty"`
	WatchDirs []string `json:"watch_dirs,omitempty"`
}

type Dev struct {
	IP            string `json:"ip"` // "localhost" unless set, as in wrangler
	Port          int    `json:"port"`
	PortSet       bool   `json:"port_set,omitempty"` // Port is 8787 when not set
	LocalProtocol string `json:"local_protocol"`     // "http" or "https"
}

type Limits struct {
	CPUMs int `json:"cpu_ms,omitempty"`
}

type Triggers struct {
	Crons []string `json:"crons,omitempty"`
}
