package config

import (
	"fmt"
	"os"
	"path/filepath"
)

// configNames in wrangler's order of preference.
var configNames = []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}

// Discover finds the configuration file for a project in dir, the way
// wrangler 4 does (findWranglerConfig in workers-utils' config-helpers.ts):
// it looks for wrangler.json in dir and then in each parent up to the root,
// then for wrangler.jsonc the same way, then wrangler.toml. So when several
// exist the JSON one wins, and a wrangler.json in a parent directory even
// wins over a wrangler.toml in dir. wrangler does not warn about the others.
//
// (wrangler can also be redirected to a generated configuration by
// .wrangler/deploy/config.json; kindling does not follow that.)
func Discover(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for _, name := range configNames {
		for d := abs; ; d = filepath.Dir(d) {
			path := filepath.Join(d, name)
			if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
				return path, nil
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return "", fmt.Errorf("%w in %s or its parent directories (looked for wrangler.json, wrangler.jsonc and wrangler.toml)", ErrNotFound, abs)
}
