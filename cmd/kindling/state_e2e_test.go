package main

// The state folder is shared with wrangler dev: kindling reads what wrangler
// wrote, through the JS API, and writes what wrangler would.

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

const stateFixture = "testdata/state-fixture"

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
}

// requireSameJSON compares two JSON documents as values.
func requireSameJSON(t *testing.T, want, got string) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal([]byte(want), &w))
	require.NoError(t, json.Unmarshal([]byte(got), &g), got)
	require.Equal(t, w, g)
}

// doFiles lists the object files of a state folder, by class and id.
func doFiles(t *testing.T, state string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(state, "v3/do/*/*.sqlite"))
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range files {
		if filepath.Base(f) == "metadata.sqlite" { // workerd's, per namespace
			continue
		}
		out[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] = f
	}
	return out
}

// dumpObject reads a copy of an object's file: every row of every table,
// keyed by table, and the schema.
func dumpObject(t *testing.T, path string) map[string][][]any {
	t.Helper()
	dir := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		if data, err := os.ReadFile(path + suffix); err == nil {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "db.sqlite"+suffix), data, 0o644))
		}
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "db.sqlite"))
	require.NoError(t, err)
	defer db.Close()
	query := func(q string) [][]any {
		rows, err := db.Query(q)
		require.NoError(t, err, q)
		defer rows.Close()
		cols, err := rows.Columns()
		require.NoError(t, err)
		var out [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			out = append(out, vals)
		}
		require.NoError(t, rows.Err())
		return out
	}
	out := map[string][][]any{"schema": query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")}
	for _, table := range out["schema"] {
		if table[0] == "table" {
			name := table[1].(string)
			out[name] = query(`SELECT * FROM "` + name + `" ORDER BY 1`)
		}
	}
	return out
}

// errorValues are the keys whose values hold an Error's stack, which names
// each runtime's own frames.
var errorValues = regexp.MustCompile(`^v:(err|typeErr)$`)

func TestStateFolderSharedWithWrangler(t *testing.T) {
	expected, err := os.ReadFile(filepath.Join(stateFixture, "expected.json"))
	require.NoError(t, err)
	wranglerState := filepath.Join(stateFixture, "wrangler-state")

	t.Run("kindling reads wrangler's folder", func(t *testing.T) {
		dir := copyProject(t, stateFixture)
		copyTree(t, wranglerState, filepath.Join(dir, ".wrangler/state"))
		p := startDev(t, dir)
		status, body := get(t, p.URL+"/read")
		require.Equal(t, 200, status, body)
		requireSameJSON(t, string(expected), body)
	})

	t.Run("kindling writes what wrangler writes", func(t *testing.T) {
		dir := copyProject(t, stateFixture)
		p := startDev(t, dir)
		status, body := get(t, p.URL+"/write")
		require.Equal(t, 200, status, body)
		require.Equal(t, 0, p.Interrupt())

		ours := doFiles(t, filepath.Join(dir, ".wrangler/state"))
		theirs := doFiles(t, wranglerState)
		require.Len(t, theirs, 2)
		require.Equal(t, slices.Sorted(maps.Keys(theirs)), slices.Sorted(maps.Keys(ours)), "same classes, same object ids, same file names")
		for name, path := range theirs {
			want, got := dumpObject(t, path), dumpObject(t, ours[name])
			assert.Equal(t, want["schema"], got["schema"], name)
			for table, rows := range want {
				if table != "_cf_KV" {
					assert.Equal(t, rows, got[table], "%s: table %s", name, table)
					continue
				}
				require.Len(t, got[table], len(rows), name)
				for i, row := range rows {
					assert.Equal(t, row[0], got[table][i][0], "%s: key", name)
					if !errorValues.MatchString(row[0].(string)) {
						assert.Equal(t, row[1], got[table][i][1], "%s: value of %q, V8 serialization", name, row[0])
					}
				}
			}
		}

		// kindling reads it back as wrangler read its own.
		p = startDev(t, dir)
		status, body = get(t, p.URL+"/read")
		require.Equal(t, 200, status, body)
		requireSameJSON(t, string(expected), body)
		require.Equal(t, 0, p.Interrupt())

		// And so does wrangler, when one is at hand.
		wrangler := os.Getenv("WRANGLER_BIN")
		if wrangler == "" {
			t.Log("WRANGLER_BIN not set: wrangler dev does not read kindling's folder in this run")
			return
		}
		requireSameJSON(t, string(expected), wranglerRead(t, wrangler, dir))
	})
}

// wranglerRead runs wrangler dev in dir and returns GET /read.
func wranglerRead(t *testing.T, wrangler, dir string) string {
	t.Helper()
	const port = "18919"
	cmd := exec.Command(wrangler, "dev", "--ip", "127.0.0.1", "--port", port, "--show-interactive-dev-session=false")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// wrangler runs workerd as a child: stop the whole group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second
	require.NoError(t, cmd.Start())
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	}()
	url := "http://127.0.0.1:" + port
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := client.Get(url + "/")
		if err == nil {
			res.Body.Close()
			break
		}
		require.True(t, time.Now().Before(deadline), "wrangler dev did not start:\n%s", out.String())
		time.Sleep(200 * time.Millisecond)
	}
	status, body := get(t, url+"/read")
	require.Equal(t, 200, status, "%s\n%s", body, out.String())
	return strings.TrimSpace(body)
}
