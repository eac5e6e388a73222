package config

import (
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// normalizeFile validates the file and builds the Config of the selected
// environment. Like wrangler, it validates the top level in full and then
// the selected environment; other environments are not looked at.
func normalizeFile(nz *normalizer, root *node, path string, opts LoadOptions) *Config {
	top := field{pos: position{1, 1}, n: root}
	base := &Config{Path: path, Dir: filepath.Dir(path), TopLevelName: nz.str(top.key("name"))}

	serviceEnvs := false
	if legacy, ok := nz.boolean(top.key("legacy_env")); ok && !legacy {
		serviceEnvs = true
		nz.warnf(top.key("legacy_env"), "Service environments are deprecated, and will be removed in the future. DO NOT USE IN PRODUCTION.")
	}
	envs := top.key("env")
	if nz.object(envs) {
		base.Envs = memberNames(envs)
	}

	topView := &view{top: top}
	topView.checkKeys(nz)
	cfg := nz.environment(topView, base, opts.Dir)

	envName := opts.Env
	if envName == "" {
		envName = lookupEnv(opts.Environ, "CLOUDFLARE_ENV")
	}
	if envName == "" {
		return cfg
	}
	v := &view{top: top, envName: envName, serviceEnvs: serviceEnvs}
	switch env := envs.key(envName); {
	case env.present():
		if !nz.object(env) {
			return cfg
		}
		v.env = env
		v.warnNotInherited(nz)
	case len(base.Envs) > 0:
		nz.errorf(envs, "no environment named %q (from --env or $CLOUDFLARE_ENV); the environments defined are %s", envName, quoteAll(base.Envs))
		return cfg
	default:
		// wrangler only warns here, and runs the top level under the
		// environment's Worker name.
		nz.warnf(field{}, "no environment named %q (from --env or $CLOUDFLARE_ENV) and the file defines none; using the top-level configuration", envName)
		v.env = top
	}
	v.checkKeys(nz)
	return nz.environment(v, base, opts.Dir)
}

// environment builds the Config one view of the file describes.
func (nz *normalizer) environment(v *view, base *Config, cwd string) *Config {
	c := *base
	c.Env = v.envName
	c.Name = nz.workerName(v)
	c.Main = nz.path(v.get("main"), c.Dir)
	c.CompatibilityDate = nz.compatibilityDate(v.get("compatibility_date"))
	c.CompatibilityFlags = nz.strings(v.get("compatibility_flags"))

	c.Vars = nz.vars(v.get("vars"))
	v.warnMissingKeys(nz, "vars")
	c.secretsDeclared, c.requiredSecrets = nz.secrets(v.get("secrets"))
	c.Define = nz.stringMap(v.get("define"))
	v.warnMissingKeys(nz, "define")
	c.Alias = nz.stringMap(v.get("alias"))

	nz.bindings(v, &c)
	nz.lifecycle(v, &c)

	c.Rules = nz.rules(v.get("rules"))
	c.Minify, _ = nz.boolean(v.get("minify"))
	c.KeepNames = true
	if keep, ok := nz.boolean(v.get("keep_names")); ok {
		c.KeepNames = keep
	}
	c.NoBundle, _ = nz.boolean(v.get("no_bundle"))
	c.FindAdditionalModules, _ = nz.boolean(v.get("find_additional_modules"))
	c.PreserveFileNames, _ = nz.boolean(v.get("preserve_file_names"))
	c.BaseDir = nz.path(v.get("base_dir"), c.Dir)
	c.TSConfig = nz.path(v.get("tsconfig"), c.Dir)
	c.JSXFactory = nz.strOr(v.get("jsx_factory"), "React.createElement")
	c.JSXFragment = nz.strOr(v.get("jsx_fragment"), "React.Fragment")
	c.Build = nz.build(v.get("build"), c.Dir, cwd)

	c.Dev = nz.dev(v.get("dev"))
	c.Limits = nz.limits(v.get("limits"))
	c.Triggers = nz.triggers(v.get("triggers"))
	return &c
}

// Worker names must be valid subdomains; wrangler rejects others even in dev.
var workerNameRE = regexp.MustCompile(`^[a-z0-9_][a-z0-9_-]*$`)

// workerName applies wrangler's rule that an environment deploys as
// `<name>-<env>` unless it names itself. `wrangler dev --env` uses that name
// too, so Durable Object ids and state directories differ per environment.
func (nz *normalizer) workerName(v *view) string {
	name := nz.validName(v.top.key("name"))
	if !v.named() {
		return name
	}
	if v.env.n != v.top.n {
		if own := v.env.key("name"); own.present() {
			if v.serviceEnvs {
				nz.errorf(own, "not allowed in named service environments (legacy_env = false); remove it")
				return name
			}
			return nz.validName(own)
		}
	}
	if name == "" || v.serviceEnvs {
		return name
	}
	return name + "-" + v.envName
}

func (nz *normalizer) validName(f field) string {
	s := nz.str(f)
	if s != "" && !workerNameRE.MatchString(s) {
		nz.errorf(f, "expected lowercase letters, digits, \"-\" and \"_\" only, got %q", s)
	}
	return s
}

func (nz *normalizer) strOr(f field, def string) string {
	if s, ok := nz.optStr(f); ok {
		return s
	}
	return def
}

// path reads a path written relative to the configuration file.
func (nz *normalizer) path(f field, dir string) string {
	s := nz.str(f)
	if s == "" {
		return ""
	}
	if filepath.IsAbs(s) {
		return filepath.Clean(s)
	}
	return filepath.Join(dir, s)
}

func (nz *normalizer) compatibilityDate(f field) string {
	s := nz.str(f)
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "–—") {
		nz.errorf(f, "use ISO-8601 hyphens (-) rather than en-dashes (–) or em-dashes (—), got %q", s)
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		nz.errorf(f, "expected a date like \"2025-09-01\", got %q", s)
		return ""
	}
	return s
}

func (nz *normalizer) vars(f field) []Var {
	if !nz.object(f) {
		return nil
	}
	var out []Var
	for _, m := range f.members() {
		raw, err := m.n.toJSON()
		if err != nil {
			nz.errorf(m, "%v", err)
			continue
		}
		out = append(out, Var{Name: m.name, Value: raw})
	}
	return out
}

// secrets reads `secrets`, whose presence changes which .dev.vars entries
// are loaded (see loadSecrets).
func (nz *normalizer) secrets(f field) (bool, []string) {
	if !nz.object(f) {
		return false, nil
	}
	nz.warnf(f, "\"secrets\" fields are experimental and may change or break at any time.")
	nz.unknownKeys(f, f.path, "required")
	return true, nz.strings(f.key("required"))
}

var ruleTypes = []string{"ESModule", "CommonJS", "CompiledWasm", "Text", "Data"}

func (nz *normalizer) rules(f field) []Rule {
	var out []Rule
	for _, it := range nz.array(f) {
		if !nz.object(it) {
			continue
		}
		r := Rule{Type: nz.oneOf(it.key("type"), ruleTypes...)}
		if !it.key("type").present() {
			nz.errorf(it, "missing required key \"type\"")
		}
		if !it.key("globs").present() {
			nz.errorf(it, "missing required key \"globs\"")
		}
		r.Globs = nz.strings(it.key("globs"))
		r.Fallthrough, _ = nz.boolean(it.key("fallthrough"))
		out = append(out, r)
	}
	return out
}

func (nz *normalizer) build(f field, dir, cwd string) Build {
	var b Build
	if !nz.object(f) {
		return b
	}
	nz.unknownKeys(f, f.path, "command", "cwd", "watch_dir")
	b.Command = nz.str(f.key("command"))
	b.Cwd = nz.path(f.key("cwd"), cwd)
	watch := f.key("watch_dir")
	var dirs []string
	switch {
	case watch.present() && watch.n.kind == kindArray:
		dirs = nz.strings(watch)
	case watch.present():
		dirs = []string{nz.str(watch)}
	case b.Command != "":
		dirs = []string{"./src"}
	}
	for _, d := range dirs {
		b.WatchDirs = append(b.WatchDirs, filepath.Join(dir, d))
	}
	if len(b.WatchDirs) > 0 {
		b.WatchDir = b.WatchDirs[0]
	}
	return b
}

func (nz *normalizer) dev(f field) Dev {
	d := Dev{IP: "localhost", Port: 8787, LocalProtocol: "http"}
	if !nz.object(f) {
		return d
	}
	nz.unknownKeys(f, f.path, "ip", "port", "inspector_port", "inspector_ip", "local_protocol",
		"upstream_protocol", "host", "enable_containers", "container_engine", "generate_types")
	d.IP = nz.strOr(f.key("ip"), d.IP)
	if port, ok := nz.port(f.key("port")); ok {
		d.Port, d.PortSet = port, true
	}
	nz.port(f.key("inspector_port"))
	if p := nz.oneOf(f.key("local_protocol"), "http", "https"); p != "" {
		d.LocalProtocol = p
	}
	nz.oneOf(f.key("upstream_protocol"), "http", "https")
	nz.str(f.key("inspector_ip"))
	nz.str(f.key("host"))
	nz.boolean(f.key("enable_containers"))
	nz.boolean(f.key("generate_types"))
	return d
}

func (nz *normalizer) port(f field) (int, bool) {
	p, ok := nz.integer(f)
	if ok && (p < 0 || p > 65535) {
		nz.errorf(f, "expected a port number between 0 and 65535, got %d", p)
		return 0, false
	}
	return int(p), ok
}

func (nz *normalizer) limits(f field) Limits {
	var l Limits
	if !nz.object(f) {
		return l
	}
	if ms, ok := nz.integer(f.key("cpu_ms")); ok {
		l.CPUMs = int(ms)
	}
	nz.integer(f.key("subrequests"))
	return l
}

func (nz *normalizer) triggers(f field) Triggers {
	var t Triggers
	if !nz.object(f) {
		return t
	}
	nz.unknownKeys(f, f.path, "crons", "events")
	t.Crons = nz.strings(f.key("crons"))
	return t
}
