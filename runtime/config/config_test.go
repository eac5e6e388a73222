package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// loadTOML loads a project made of one wrangler.toml.
func loadTOML(t *testing.T, src string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(src), 0o644))
	return Load(LoadOptions{Dir: dir, Environ: []string{}})
}

func TestClassStorage(t *testing.T) {
	tests := []struct {
		name       string
		migrations string
		want       map[string]StorageKind
	}{
		{"new_classes are key-value", `
[[migrations]]
tag = "v1"
new_classes = ["A"]`, map[string]StorageKind{"A": StorageKV}},
		{"new_sqlite_classes are SQLite", `
[[migrations]]
tag = "v1"
new_sqlite_classes = ["A"]`, map[string]StorageKind{"A": StorageSQLite}},
		{"a rename keeps the kind", `
[[migrations]]
tag = "v1"
new_classes = ["A"]
new_sqlite_classes = ["B"]
[[migrations]]
tag = "v2"
renamed_classes = [{ from = "A", to = "A2" }, { from = "B", to = "B2" }]`,
			map[string]StorageKind{"A2": StorageKV, "B2": StorageSQLite}},
		{"a deleted class can come back with another kind", `
[[migrations]]
tag = "v1"
new_classes = ["A"]
[[migrations]]
tag = "v2"
deleted_classes = ["A"]
new_sqlite_classes = ["A"]`, map[string]StorageKind{"A": StorageSQLite}},
		{"a class that only arrives by transfer is key-value, as in wrangler dev", `
[[migrations]]
tag = "v1"
transferred_classes = [{ from = "X", from_script = "other", to = "A" }]`, map[string]StorageKind{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadTOML(t, "name = \"app\"\n"+tt.migrations)
			require.NoError(t, err)
			got := map[string]StorageKind{}
			for _, cl := range cfg.Classes {
				got[cl.Name] = cl.Storage
				require.Equal(t, cl.Storage, cfg.ClassStorage(cl.Name))
			}
			require.Equal(t, tt.want, got)
			require.Equal(t, StorageKV, cfg.ClassStorage("Undeclared"))
		})
	}
}

func TestErrorText(t *testing.T) {
	err := &Error{Diagnostics: []Diagnostic{
		{File: "wrangler.toml", Line: 12, Column: 1, Path: "durable_objects.bindings[0].class_name", Message: "expected a string, got a number"},
		{File: "wrangler.toml", Line: 3, Column: 7, Message: "syntax error: expected value"},
		{File: "wrangler.toml", Path: "env", Message: "no environment"},
	}}
	require.Equal(t, `wrangler.toml:12:1: durable_objects.bindings[0].class_name: expected a string, got a number
wrangler.toml:3:7: syntax error: expected value
wrangler.toml: env: no environment`, err.Error())
}

func TestDiscoverNotFound(t *testing.T) {
	dir := t.TempDir()
	_, err := Discover(dir)
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorContains(t, err, dir)

	_, err = Load(LoadOptions{Dir: dir, Environ: []string{}})
	require.ErrorIs(t, err, ErrNotFound)
}

func TestByteOrderMark(t *testing.T) {
	cfg, err := loadTOML(t, "\uFEFFname = \"bom\"\n")
	require.NoError(t, err)
	require.Equal(t, "bom", cfg.Name)

	_, err = loadTOML(t, "\xFF\xFEn\x00")
	var cerr *Error
	require.True(t, errors.As(err, &cerr))
	require.Equal(t, "wrangler.toml:1:1: the file is UTF-16 encoded; save it as UTF-8", err.Error())
}

// wrangler dev names a nameless Worker with a fresh UUID on every run.
func TestGeneratedNamesDiffer(t *testing.T) {
	a, err := loadTOML(t, `main = "index.js"`)
	require.NoError(t, err)
	b, err := loadTOML(t, `main = "index.js"`)
	require.NoError(t, err)
	require.True(t, a.NameGenerated)
	require.NotEqual(t, a.Name, b.Name)
}
