package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The shared benchmark workloads and the conformance project must load
// cleanly. They live in a read-only tree, so each config is copied first.
func TestSharedProjects(t *testing.T) {
	configs, err := filepath.Glob("/work/shared/bench/workloads/*/wrangler.toml")
	require.NoError(t, err)
	configs = append(configs, "/work/shared/conformance/wrangler.toml")
	if _, err := os.Stat(configs[len(configs)-1]); err != nil {
		t.Skip("the shared projects are not on this machine")
	}
	want := map[string]map[string]StorageKind{
		"alarm":       {"Timer": StorageSQLite},
		"counter-kv":  {"Counter": StorageSQLite},
		"hello":       {},
		"probes":      {"Probe": StorageSQLite},
		"sql":         {"EventStore": StorageSQLite},
		"ws-chat":     {"ChatRoom": StorageSQLite},
		"conformance": {"SqlObject": StorageSQLite, "KvObject": StorageKV, "GateObject": StorageSQLite, "AlarmObject": StorageSQLite},
	}
	for _, src := range configs {
		project := filepath.Base(filepath.Dir(src))
		t.Run(project, func(t *testing.T) {
			dir := t.TempDir()
			data, err := os.ReadFile(src)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "wrangler.toml"), data, 0o644))

			cfg, err := Load(LoadOptions{Dir: dir, Environ: []string{}})
			require.NoError(t, err)
			require.Empty(t, cfg.Warnings)
			require.False(t, cfg.NameGenerated)
			require.Equal(t, filepath.Join(dir, "src", "index.js"), cfg.Main)
			require.Equal(t, "2025-09-01", cfg.CompatibilityDate)

			classes, ok := want[project]
			require.True(t, ok, "no expectations for %s", project)
			require.Len(t, cfg.Classes, len(classes))
			for _, b := range cfg.DurableObjects {
				require.Equal(t, classes[b.ClassName], cfg.ClassStorage(b.ClassName), b.ClassName)
			}
		})
	}
}
