package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// loadSecrets applies local secrets and --var to cfg's vars, following
// wrangler 4's getVarsForDev (packages/wrangler/src/dev/dev-vars.ts):
//
//   - Next to the configuration file, `.dev.vars.<env>` (only with an
//     explicit --env, not $CLOUDFLARE_ENV) is read instead of `.dev.vars`,
//     never both. Values are not interpolated.
//   - Without either, unless CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false,
//     `.env`, `.env.local`, `.env.<env>`, `.env.<env>.local` are merged
//     (later files win) and `${VAR}` references expanded. With
//     CLOUDFLARE_INCLUDE_PROCESS_ENV=true, or when the file has a `secrets`
//     table, the whole process environment is included and wins over them.
//   - Loaded values become secrets, replacing config vars of the same name
//     (but not other bindings: a Durable Object binding stays one).
//     With a `secrets` table only the secrets.required names are taken
//     (config vars keep their values; wrangler releases after 4.86 let
//     .dev.vars override them too), and a missing one is a warning.
//   - --var KEY:VALUE comes last and wins over both, as a string var.
func loadSecrets(nz *normalizer, cfg *Config, opts LoadOptions) {
	loaded, files, found := readDevVars(nz, cfg.Dir, opts.Env)
	if !found && nz.boolEnv(opts.Environ, "CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV", true) {
		includeProcess := cfg.secretsDeclared || nz.boolEnv(opts.Environ, "CLOUDFLARE_INCLUDE_PROCESS_ENV", false)
		loaded, files = readDotEnv(cfg.Dir, opts.Env, includeProcess, opts.Environ)
	}
	cfg.SecretFiles = files

	for _, kv := range loaded {
		if cfg.secretsDeclared && !slices.Contains(cfg.requiredSecrets, kv.name) || cfg.otherBindings[kv.name] {
			continue
		}
		cfg.Vars = removeVar(cfg.Vars, kv.name)
		cfg.Secrets = setVar(cfg.Secrets, kv.name, jsonString(kv.value))
	}
	var missing []string
	for _, name := range cfg.requiredSecrets {
		if _, ok := loaded.get(name); !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		nz.warns = append(nz.warns, Diagnostic{File: nz.file, Path: "secrets.required",
			Message: "Missing required secrets: " + strings.Join(missing, ", ") + ". Add them to .dev.vars, .env, or set as environment variables."})
	}

	for _, kv := range opts.Vars {
		// wrangler splits at the first colon; a value may contain more.
		name, value, _ := strings.Cut(kv, ":")
		cfg.Secrets = removeVar(cfg.Secrets, name)
		cfg.Vars = setVar(cfg.Vars, name, jsonString(value))
	}
}

// readDevVars reads .dev.vars.<env> or else .dev.vars; ok is false when
// neither exists.
func readDevVars(nz *normalizer, dir, env string) (vars envList, files []string, ok bool) {
	candidates := []string{filepath.Join(dir, ".dev.vars")}
	if env != "" {
		candidates = append([]string{candidates[0] + "." + env}, candidates...)
	}
	for _, path := range candidates {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			nz.errs = append(nz.errs, Diagnostic{File: path, Message: "cannot read local dev variables: " + err.Error()})
			return nil, nil, false
		}
		return parseDotenv(string(data)), []string{path}, true
	}
	return nil, nil, false
}

// readDotEnv merges the .env files that exist; wrangler ignores ones it
// cannot read.
func readDotEnv(dir, env string, includeProcess bool, environ []string) (envList, []string) {
	names := []string{".env", ".env.local"}
	if env != "" {
		names = append(names, ".env."+env, ".env."+env+".local")
	}
	var merged envList
	var files []string
	for _, name := range names {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		files = append(files, path)
		for _, kv := range parseDotenv(string(data)) {
			merged.set(kv.name, kv.value)
		}
	}
	var processEnv envList
	if includeProcess {
		for _, kv := range environ {
			if name, value, ok := strings.Cut(kv, "="); ok {
				processEnv.set(name, value)
			}
		}
	}
	return expandDotenv(merged, processEnv), files
}

// boolEnv reads one of wrangler's true/false environment variables.
func (nz *normalizer) boolEnv(environ []string, name string, def bool) bool {
	v, set := lookupEnvOK(environ, name)
	switch strings.ToLower(v) {
	case "true":
		return true
	case "false":
		return false
	}
	if set {
		nz.errs = append(nz.errs, Diagnostic{File: "$" + name, Message: fmt.Sprintf("expected \"true\" or \"false\", got %q", v)})
	}
	return def
}

func lookupEnv(environ []string, name string) string {
	v, _ := lookupEnvOK(environ, name)
	return v
}

// lookupEnvOK finds the last definition, as the process would see it.
func lookupEnvOK(environ []string, name string) (string, bool) {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

func removeVar(vars []Var, name string) []Var {
	return slices.DeleteFunc(vars, func(v Var) bool { return v.Name == name })
}

// setVar replaces a var's value in place or appends it.
func setVar(vars []Var, name string, value []byte) []Var {
	for i := range vars {
		if vars[i].Name == name {
			vars[i].Value = value
			return vars
		}
	}
	return append(vars, Var{Name: name, Value: value})
}
