package compattests

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Real public projects, run unmodified. Their code is never committed here:
// the test takes them from a directory of git mirrors named
// <owner>+<repo>/repo (KINDLING_PROJECTS_DIR; the development workspace keeps
// them in /work/.mirror), checks out the project folder into a temp dir, runs
// `npm install` when it has a package.json, and drives `kindling dev` over
// HTTP. Without the mirrors the test skips.

// realProject is one project and what a user would check by hand.
type realProject struct {
	repo  string   // owner/name on GitHub
	path  string   // folder of the project inside the repository
	args  []string // extra arguments of kindling dev (the entry, for projects whose config has no main)
	check func(t *testing.T, base string)
}

var realProjects = []realProject{
	{
		// Cloudflare's Durable Objects starter: JS RPC into a SQLite-backed
		// class, ctx.storage.sql.exec().one().
		repo: "cloudflare/templates",
		path: "hello-world-do-template",
		check: func(t *testing.T, base string) {
			expectBody(t, base+"/", "Hello, World!")
			expectBody(t, base+"/another-object", "Hello, World!")
		},
	},
	{
		// hono + JS RPC + a key-value-backed class (new_classes), the entry
		// given on the command line as its README says (wrangler dev src/index.ts).
		repo: "honojs/examples",
		path: "durable-objects",
		args: []string{"src/index.ts"},
		check: func(t *testing.T, base string) {
			expectBody(t, base+"/", "Select a Durable Object to contact by using the `name` URL query string parameter, for example, ?name=A")
			expectBody(t, base+"/?name=A", "Durable Object 'A' count: 0")
			expectBody(t, base+"/increment?name=A", "Durable Object 'A' count: 1")
			expectBody(t, base+"/increment?name=A", "Durable Object 'A' count: 2")
			expectBody(t, base+"/decrement?name=A", "Durable Object 'A' count: 1")
			expectBody(t, base+"/?name=B", "Durable Object 'B' count: 0")
		},
	},
}

func projectsDir() string {
	if d := os.Getenv("KINDLING_PROJECTS_DIR"); d != "" {
		return d
	}
	return "/work/.mirror"
}

func TestRealProjects(t *testing.T) {
	mirror := func(p realProject) string {
		return filepath.Join(projectsDir(), strings.Replace(p.repo, "/", "+", 1), "repo")
	}
	var bin string
	for _, p := range realProjects {
		if _, err := os.Stat(mirror(p)); err == nil {
			bin = buildKindling(t)
			break
		}
	}
	for _, p := range realProjects {
		t.Run(p.repo+"/"+p.path, func(t *testing.T) {
			gitDir := mirror(p)
			if _, err := os.Stat(gitDir); err != nil {
				t.Skipf("no mirror of %s at %s (set KINDLING_PROJECTS_DIR)", p.repo, gitDir)
			}
			dir := checkout(t, gitDir, p.path)
			if _, err := os.Stat(filepath.Join(dir, "package.json")); err == nil {
				run(t, dir, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--omit=dev")
			}
			base := startKindling(t, bin, dir, p.args...)
			p.check(t, base)
		})
	}
}

// checkout extracts one folder of the mirror's HEAD into a temp dir and
// returns the folder's path there.
func checkout(t *testing.T, gitDir, path string) string {
	t.Helper()
	return filepath.Join(checkoutPaths(t, gitDir, path), path)
}

// checkoutPaths extracts files and folders of the mirror's HEAD into a temp
// dir, keeping their paths, and returns the dir.
func checkoutPaths(t *testing.T, gitDir string, paths ...string) string {
	t.Helper()
	dst := t.TempDir()
	archive := exec.Command("git", append([]string{"--git-dir", gitDir, "archive", "HEAD"}, paths...)...)
	extract := exec.Command("tar", "-x", "-C", dst)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	extract.Stdin = pipe
	if err := extract.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	archive.Stderr = &stderr
	if err := archive.Run(); err != nil {
		t.Fatalf("git archive: %v\n%s", err, stderr.String())
	}
	if err := extract.Wait(); err != nil {
		t.Fatalf("tar: %v", err)
	}
	return dst
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func expectBody(t *testing.T, url, want string) {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != want {
		t.Errorf("GET %s: %d %q, want 200 %q", url, res.StatusCode, body, want)
	}
}
