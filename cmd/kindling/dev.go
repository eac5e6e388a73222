package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/kindling-dev/kindling/bundler"
	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
	"github.com/kindling-dev/kindling/runtime"
	"github.com/kindling-dev/kindling/runtime/config"
	"github.com/kindling-dev/kindling/runtime/server"
)

// devFlags are the flags of `kindling dev`, named as wrangler dev's.
type devFlags struct {
	configs   []string
	port      int
	ip        string
	persistTo string
	env       string
	vars      []string
	isolates  int

	testScheduled bool
	// Test settings (hidden): they shorten what tests wait for, without
	// bypassing the machinery they exercise.
	idleTimeout     time.Duration
	alarmRetryStart time.Duration
}

func parseDevFlags(args []string) (*devFlags, []string, error) {
	f := &devFlags{}
	fs := pflag.NewFlagSet("kindling dev", pflag.ContinueOnError)
	fs.StringArrayVarP(&f.configs, "config", "c", nil, "wrangler config file (repeat for several Workers; the first serves HTTP)")
	fs.IntVar(&f.port, "port", -1, "port to listen on (default: dev.port from the config, else 8787; 0 picks a free port)")
	fs.StringVar(&f.ip, "ip", "", "address to listen on (default: dev.ip from the config, else 127.0.0.1)")
	fs.StringVar(&f.persistTo, "persist-to", "", "directory for local state (default: .wrangler/state beside the config)")
	fs.StringVarP(&f.env, "env", "e", "", "environment of the config to use (env.<name>)")
	fs.StringArrayVar(&f.vars, "var", nil, "KEY:VALUE variable that overrides the config's vars (repeatable)")
	fs.IntVar(&f.isolates, "isolates", 0, "isolates per Worker (default: one per CPU)")
	fs.BoolVar(&f.testScheduled, "test-scheduled", false, "serve /__scheduled?cron=... to run the Worker's scheduled handler")
	fs.DurationVar(&f.idleTimeout, "do-idle-timeout", 0, "how long an idle Durable Object stays in memory (default 10s, as local workerd)")
	fs.DurationVar(&f.alarmRetryStart, "alarm-retry-start", 0, "delay before a failed alarm's first retry (default 2s, as workerd)")
	must(fs.MarkHidden("do-idle-timeout"))
	must(fs.MarkHidden("alarm-retry-start"))
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: kindling dev [ENTRY] [flags]\n\n%s", fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	return f, fs.Args(), nil
}

func dev(args []string) int {
	term := &terminal{out: os.Stdout, err: os.Stderr}
	flags, positional, err := parseDevFlags(args)
	if errors.Is(err, pflag.ErrHelp) {
		return 0
	}
	if err != nil {
		term.errorf("%v", err)
		return 2
	}
	if len(positional) > 1 {
		term.errorf("kindling dev takes at most one entry point, got %s", strings.Join(positional, " "))
		return 2
	}
	cwd, err := os.Getwd()
	if err != nil {
		term.errorf("%v", err)
		return 1
	}

	// `kindling dev examples/counter` serves the project in that folder.
	if len(positional) == 1 {
		if info, err := os.Stat(positional[0]); err == nil && info.IsDir() {
			cwd, _ = filepath.Abs(positional[0])
			positional = nil
		}
	}
	workers, first, err := loadWorkers(cwd, flags, positional, term)
	if err != nil {
		term.errorf("%v", err)
		return 1
	}
	// Outbound WebSockets go through the server, which owns the
	// connections; it is created once the runtime it serves exists.
	var srv *server.Server
	for i := range workers {
		workers[i].Dialer = serverDialer{&srv}
	}
	rt, err := runtime.New(workers)
	if err != nil {
		term.errorf("%v", err)
		return 1
	}
	defer rt.Close()

	ip, port := listenAddress(flags, first)
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		term.errorf("cannot listen on %s:%d: %v (is another dev server running? choose another with --port)", ip, port, err)
		return 1
	}
	srv = server.New(rt, term.Log, term.requestLog)
	srv.TestScheduled = flags.testScheduled
	printBindings(term, first)
	fmt.Fprintf(term.out, "Ready on http://%s\n", ln.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case sig := <-stop:
		fmt.Fprintf(term.out, "\nShutting down (%s)\n", sig)
	case err := <-served:
		if err != nil {
			term.errorf("server stopped: %v", err)
			return 1
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
	return 0
}

// loadWorkers reads every config, bundles its entry and returns the
// runtime's options; the first config is the one serving HTTP.
func loadWorkers(cwd string, flags *devFlags, positional []string, term *terminal) ([]runtime.WorkerOptions, *config.Config, error) {
	paths := flags.configs
	if len(paths) == 0 {
		paths = []string{""}
	}
	var workers []runtime.WorkerOptions
	var first *config.Config
	for i, path := range paths {
		cfg, err := config.Load(config.LoadOptions{Dir: cwd, ConfigPath: path, Env: flags.env, Vars: flags.vars})
		if err != nil {
			return nil, nil, err
		}
		for _, w := range cfg.Warnings {
			term.Log(jsapi.LevelWarn, w.String())
		}
		entry := cfg.Main
		if i == 0 && len(positional) == 1 {
			entry = positional[0]
			if !filepath.IsAbs(entry) {
				entry = filepath.Join(cwd, entry)
			}
		}
		if entry == "" {
			return nil, nil, fmt.Errorf("missing entry point: set \"main\" in %s or pass the entry file: kindling dev src/index.ts", cfg.Path)
		}
		cfg.Main = entry
		b, err := bundler.Build(bundleOptions(cfg))
		if err != nil {
			return nil, nil, err
		}
		// The Workers of a session share the first one's state folder, as
		// in wrangler dev.
		stateDir := flags.persistTo
		if stateDir == "" && i > 0 {
			stateDir = workers[0].StateDir
		} else if stateDir == "" {
			stateDir = filepath.Join(cfg.Dir, ".wrangler", "state")
		} else if !filepath.IsAbs(stateDir) {
			stateDir = filepath.Join(cwd, stateDir)
		}
		workers = append(workers, runtime.WorkerOptions{
			Config:   cfg,
			Script:   runtime.Script{Name: b.ScriptName, Code: b.Script, SourceMap: b.GojaSourceMap},
			StateDir: stateDir,
			Isolates: flags.isolates,
			Log:      workerLog(term, cfg.Name, i),

			IdleTimeout:     flags.idleTimeout,
			AlarmRetryStart: flags.alarmRetryStart,
		})
		if i == 0 {
			first = cfg
		}
	}
	return workers, first, nil
}

// workerLog is the logger of the i-th Worker: the first one's output is
// printed as is, the others' with their name in front, as wrangler dev
// shows the Workers of a multi-config session.
func workerLog(term *terminal, name string, i int) func(jsapi.LogLevel, string) {
	if i == 0 {
		return term.Log
	}
	prefix := "[" + name + "] "
	return func(level jsapi.LogLevel, message string) { term.Log(level, prefix+message) }
}

func bundleOptions(cfg *config.Config) bundler.Options {
	var rules []bundler.Rule
	for _, r := range cfg.Rules {
		rules = append(rules, bundler.Rule{Type: r.Type, Globs: r.Globs, Fallthrough: r.Fallthrough})
	}
	return bundler.Options{
		Entry:       cfg.Main,
		Dir:         cfg.Dir,
		Rules:       rules,
		Define:      cfg.Define,
		Alias:       cfg.Alias,
		Builtins:    jsapi.BuiltinModules,
		NodeCompat:  hasFlag(cfg.CompatibilityFlags, "nodejs_compat") || hasFlag(cfg.CompatibilityFlags, "nodejs_compat_v2"),
		Minify:      cfg.Minify,
		KeepNames:   cfg.KeepNames,
		TSConfig:    cfg.TSConfig,
		JSXFactory:  cfg.JSXFactory,
		JSXFragment: cfg.JSXFragment,
	}
}

// must panics on an error that only a bug can cause.
func must(err error) {
	if err != nil {
		panic(err)
	}
}

func hasFlag(flags []string, name string) bool {
	for _, f := range flags {
		if f == name {
			return true
		}
	}
	return false
}

// listenAddress applies wrangler's precedence: flag, then dev.* in the
// config, then 127.0.0.1:8787.
func listenAddress(flags *devFlags, cfg *config.Config) (string, int) {
	ip := flags.ip
	if ip == "" {
		ip = cfg.Dev.IP
	}
	if ip == "" || ip == "localhost" {
		ip = "127.0.0.1"
	}
	port := flags.port
	if port < 0 {
		port = 8787
		if cfg.Dev.PortSet {
			port = cfg.Dev.Port
		}
	}
	return ip, port
}

// printBindings prints what env holds, as wrangler's bindings table does.
func printBindings(term *terminal, cfg *config.Config) {
	type row struct{ binding, resource string }
	var rows []row
	for _, b := range cfg.DurableObjects {
		class := b.ClassName
		if b.ScriptName != "" && b.ScriptName != cfg.Name {
			class += ", defined in " + b.ScriptName
		}
		rows = append(rows, row{fmt.Sprintf("env.%s (%s)", b.Name, class), "Durable Object"})
	}
	for _, s := range cfg.Services {
		target := s.Service
		if s.Entrypoint != "" {
			target += "#" + s.Entrypoint
		}
		rows = append(rows, row{fmt.Sprintf("env.%s (%s)", s.Binding, target), "Worker"})
	}
	for _, v := range cfg.Vars {
		rows = append(rows, row{fmt.Sprintf("env.%s (%s)", v.Name, shorten(string(v.Value))), "Environment Variable"})
	}
	for _, v := range cfg.Secrets {
		rows = append(rows, row{fmt.Sprintf("env.%s (\"(hidden)\")", v.Name), "Environment Variable"})
	}
	if len(rows) == 0 {
		fmt.Fprintln(term.out, "No bindings found.")
		return
	}
	width := len("Binding")
	for _, r := range rows {
		width = max(width, len(r.binding))
	}
	fmt.Fprintln(term.out, "Your Worker has access to the following bindings:")
	fmt.Fprintf(term.out, "%-*s  %-22s %s\n", width, "Binding", "Resource", "Mode")
	for _, r := range rows {
		fmt.Fprintf(term.out, "%-*s  %-22s %s\n", width, r.binding, r.resource, "local")
	}
	fmt.Fprintln(term.out)
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// serverDialer lends the dev server's outbound WebSocket dialer to the
// runtime, which is created before the server that serves it.
type serverDialer struct{ srv **server.Server }

func (d serverDialer) DialWebSocket(url string, header http.Header, done func(end *wspipe.End, res *jsapi.HTTPResponse, err error)) {
	(*d.srv).DialWebSocket(url, header, done)
}
