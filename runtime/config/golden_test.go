package config

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Each testdata/*.txtar is a project: its files, then `want.json` (the
// Config as indented JSON, with the project directory written $DIR) or
// `want-error` (the error text). Lines of the archive's comment set the
// load options:
//
//	dir: sub          load from this subdirectory
//	config: a.toml    --config
//	env: staging      --env
//	var: KEY:VALUE    --var (repeatable)
//	environ: K=V      a process environment variable (repeatable; none by default)
//	twin: x.txtar     the same project in the other format (see TestFormatsAgree)
//
// UPDATE_SNAPSHOTS=1 rewrites the want sections from the current output.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	update := os.Getenv("UPDATE_SNAPSHOTS") != ""
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := readArchive(file)
			require.NoError(t, err)
			cfg, dir, loadErr := loadArchive(t, ar)
			name, got := "want.json", ""
			if loadErr != nil {
				name, got = "want-error", strings.ReplaceAll(loadErr.Error(), dir, "$DIR")+"\n"
			} else {
				got = renderConfig(t, cfg, dir)
			}
			if update {
				var kept []archiveFile
				for _, f := range ar.files {
					if f.name != "want.json" && f.name != "want-error" {
						kept = append(kept, f)
					}
				}
				ar.files = append(kept, archiveFile{name, got})
				require.NoError(t, os.WriteFile(file, ar.format(), 0o644))
				return
			}
			want, ok := ar.file(name)
			require.True(t, ok, "got %s but the archive has no %q section:\n%s", name, name, got)
			require.Equal(t, want, got)
		})
	}
}

// TestFormatsAgree checks the archives whose comment has a line
// `twin: other.txtar`: the two say the same thing, one in TOML and one in
// JSONC, so they must give the same Config (or errors at the same key
// paths), since both formats share one normaliser.
func TestFormatsAgree(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	pairs := 0
	for _, file := range files {
		ar, err := readArchive(file)
		require.NoError(t, err)
		twin := commentValue(ar, "twin")
		if twin == "" {
			continue
		}
		pairs++
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			require.Equal(t, agreeView(t, filepath.Join("testdata", twin)), agreeView(t, file))
		})
	}
	require.NotZero(t, pairs)
}

// agreeView is what must not depend on the format: everything but the file
// name, and the key paths (not lines) of diagnostics.
func agreeView(t *testing.T, file string) string {
	ar, err := readArchive(file)
	require.NoError(t, err)
	cfg, dir, loadErr := loadArchive(t, ar)
	var paths []string
	if loadErr != nil {
		var cerr *Error
		require.True(t, errors.As(loadErr, &cerr), "%v", loadErr)
		for _, d := range cerr.Diagnostics {
			paths = append(paths, d.Path)
		}
		return "errors at " + strings.Join(paths, ", ")
	}
	for _, d := range cfg.Warnings {
		paths = append(paths, d.Path)
	}
	cfg.Path, cfg.Warnings = "", nil
	return renderConfig(t, cfg, dir) + "warnings at " + strings.Join(paths, ", ")
}

// loadArchive writes an archive's project files to a fresh directory and
// loads it with the options its comment gives.
func loadArchive(t *testing.T, ar *archive) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.files {
		if f.name == "want.json" || f.name == "want-error" {
			continue
		}
		path := filepath.Join(dir, f.name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(f.data), 0o644))
	}
	opts := LoadOptions{Dir: dir, Environ: []string{}}
	for _, line := range strings.Split(ar.comment, "\n") {
		key, value, _ := strings.Cut(line, ": ")
		switch key {
		case "dir":
			opts.Dir = filepath.Join(dir, value)
		case "config":
			opts.ConfigPath = value
		case "env":
			opts.Env = value
		case "var":
			opts.Vars = append(opts.Vars, value)
		case "environ":
			opts.Environ = append(opts.Environ, value)
		}
	}
	cfg, err := Load(opts)
	return cfg, dir, err
}

func renderConfig(t *testing.T, cfg *Config, dir string) string {
	t.Helper()
	if cfg.NameGenerated {
		require.Len(t, cfg.Name, 36, "a generated name is a UUID")
		cfg.Name = "GENERATED-UUID"
	}
	out, err := json.MarshalIndent(cfg, "", "  ")
	require.NoError(t, err)
	return strings.ReplaceAll(string(out), dir, "$DIR") + "\n"
}

// commentValue is the value of the first `key: value` line of the comment.
func commentValue(ar *archive, key string) string {
	for _, line := range strings.Split(ar.comment, "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok && k == key {
			return v
		}
	}
	return ""
}
