package config

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// LoadOptions are the inputs of Load: the command line of `kindling dev`.
type LoadOptions struct {
	Dir        string   // working directory: where discovery starts, what relative paths given on the command line mean
	ConfigPath string   // --config/-c; "" means discover from Dir
	Env        string   // --env NAME; "" means the top level (or $CLOUDFLARE_ENV)
	Vars       []string // --var KEY:VALUE, applied over config vars and secrets

	// Environ is the process environment as KEY=VALUE pairs; nil means
	// os.Environ(). wrangler reads CLOUDFLARE_ENV,
	// CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV and CLOUDFLARE_INCLUDE_PROCESS_ENV
	// from it, and may take secrets from it.
	Environ []string
}

// Load finds, parses and normalises a configuration. A file with problems
// gives an *Error listing all of them with their file, line and key path.
func Load(opts LoadOptions) (*Config, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	opts.Dir = dir
	if opts.Environ == nil {
		opts.Environ = os.Environ()
	}
	path := opts.ConfigPath
	if path == "" {
		if path, err = Discover(dir); err != nil {
			return nil, err
		}
	} else if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	nz := &normalizer{file: displayName(dir, path), toml: strings.HasSuffix(path, ".toml")}
	root, err := readTree(nz, path)
	if err != nil {
		return nil, err
	}
	cfg := normalizeFile(nz, root, path, opts)
	if len(nz.errs) == 0 {
		loadSecrets(nz, cfg, opts)
	}
	if len(nz.errs) > 0 {
		return nil, &Error{Diagnostics: tidy(nz.errs)}
	}
	if cfg.Name == "" {
		cfg.Name, cfg.NameGenerated = uuid.NewString(), true
	}
	cfg.Warnings = tidy(nz.warns)
	return cfg, nil
}

// readTree reads and parses a configuration file; any failure is an *Error.
func readTree(nz *normalizer, path string) (*node, error) {
	fail := func(pos position, format string, args ...any) error {
		return &Error{Diagnostics: []Diagnostic{{File: nz.file, Line: pos.line, Column: pos.col, Message: fmt.Sprintf(format, args...)}}}
	}
	data, err := os.ReadFile(path)
	if pe, ok := err.(*fs.PathError); ok {
		err = pe.Err // the file name is already in the diagnostic
	}
	if err != nil {
		return nil, fail(position{}, "cannot read configuration: %v", err)
	}
	data, err = stripBOM(data)
	if err != nil {
		return nil, fail(position{1, 1}, "%v", err)
	}
	var root *node
	switch filepath.Ext(path) {
	case ".toml":
		root, err = parseTOML(data)
	case ".json", ".jsonc":
		root, err = parseJSONC(data)
	default:
		return nil, fail(position{}, "unsupported configuration format %q: use .toml, .json or .jsonc", filepath.Ext(path))
	}
	var se *syntaxError
	if errors.As(err, &se) {
		return nil, fail(se.pos, "syntax error: %s", se.msg)
	} else if err != nil {
		return nil, fail(position{}, "%v", err)
	}
	if root.kind != kindObject {
		return nil, fail(root.pos, "expected an object at the top level, got %s", root.typeName(false))
	}
	return root, nil
}

// stripBOM drops a UTF-8 byte order mark, as wrangler does, and rejects the
// UTF-16 and UTF-32 ones it rejects.
func stripBOM(data []byte) ([]byte, error) {
	switch {
	case len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF:
		return data[3:], nil
	case len(data) >= 4 && (string(data[:4]) == "\x00\x00\xFE\xFF" || string(data[:4]) == "\xFF\xFE\x00\x00"):
		return nil, errors.New("the file is UTF-32 encoded; save it as UTF-8")
	case len(data) >= 2 && (string(data[:2]) == "\xFE\xFF" || string(data[:2]) == "\xFF\xFE"):
		return nil, errors.New("the file is UTF-16 encoded; save it as UTF-8")
	}
	return data, nil
}

// displayName is how diagnostics name a file: relative to the working
// directory, as a user would type it.
func displayName(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil {
		return rel
	}
	return path
}

// tidy puts diagnostics in file order and drops repeats: the top level and
// an environment are both validated, and inherited keys are read by both.
func tidy(ds []Diagnostic) []Diagnostic {
	seen := map[Diagnostic]bool{}
	var out []Diagnostic
	for _, d := range ds {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return out
}
