package compattests

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartykitRPCSanity runs cloudflare/partykit's fixtures/rpc-sanity as
// it is: a Worker that reaches a partyserver Durable Object with
// getServerByName (an RPC call, setName) and calls an RPC method on it.
// KINDLING_PARTYKIT_DIR names a checkout of cloudflare/partykit; without
// it the test checks the files it needs out of the git mirror, as
// TestRealProjects does. The fixture gets the partyserver version of that
// checkout from npm, as the monorepo's workspace would provide it. The
// answers are those wrangler dev 4.86 gave.
func TestPartykitRPCSanity(t *testing.T) {
	checkout := os.Getenv("KINDLING_PARTYKIT_DIR")
	if checkout == "" {
		gitDir := filepath.Join(projectsDir(), "cloudflare+partykit", "repo")
		if _, err := os.Stat(gitDir); err != nil {
			t.Skipf("no mirror of cloudflare/partykit at %s (or set KINDLING_PARTYKIT_DIR to a checkout)", gitDir)
		}
		checkout = checkoutPaths(t, gitDir, "fixtures/rpc-sanity", "packages/partyserver/package.json", "tsconfig.base.json")
	}
	fixture := filepath.Join(checkout, "fixtures", "rpc-sanity")
	if _, err := os.Stat(filepath.Join(fixture, "wrangler.jsonc")); err != nil {
		t.Skipf("no fixtures/rpc-sanity in %s: %v", checkout, err)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed")
	}

	// The fixture's tsconfig extends the monorepo's, two folders up.
	root := t.TempDir()
	work := filepath.Join(root, "fixtures", "rpc-sanity")
	copyProjectTree(t, fixture, work)
	if _, err := os.Stat(filepath.Join(checkout, "tsconfig.base.json")); err == nil {
		copyFile(t, filepath.Join(checkout, "tsconfig.base.json"), filepath.Join(root, "tsconfig.base.json"))
	}
	install := exec.Command(npm, "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "partyserver@"+partyserverVersion(checkout))
	install.Dir = work
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm install: %v\n%s", err, out)
	}
	base := startKindling(t, buildKindling(t), work)

	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/rpc", 200, "the value is session-id"},
		{"/test", 200, "test onRequest"},
		// onRequest throws for other paths: the Worker's stub.fetch
		// rethrows, and the exception becomes the 500 answer.
		{"/other", 500, "Error: test onRequest"},
	} {
		res, err := http.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.HasPrefix(string(body), c.body) {
			t.Errorf("GET %s: %d %q, want %d %q…", c.path, res.StatusCode, body, c.status, c.body)
		}
	}
}

// partyserverVersion is the version of packages/partyserver in the
// checkout, "latest" if it has none.
func partyserverVersion(checkout string) string {
	data, err := os.ReadFile(filepath.Join(checkout, "packages", "partyserver", "package.json"))
	if err != nil {
		return "latest"
	}
	var pkg struct{ Version string }
	if json.Unmarshal(data, &pkg) != nil || pkg.Version == "" {
		return "latest"
	}
	return pkg.Version
}

// copyProjectTree copies a project, leaving out installed packages and
// local state.
func copyProjectTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".wrangler") {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(src, path)
		copyFile(t, path, filepath.Join(dst, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
