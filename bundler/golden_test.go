package bundler

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// github.com/rogpeppe/go-internal/txtar would do, but it needs
// golang.org/x/tools, which go.sum does not list; the format is small enough
// to read and write here: a comment, then files each introduced by a
// "-- name --" line.

type archiveFile struct {
	name string
	data string
}

func parseArchive(text string) (comment string, files []archiveFile) {
	lines := strings.SplitAfter(text, "\n")
	current := &comment
	for _, line := range lines {
		trimmed := strings.TrimRight(line, "\n")
		if name, ok := strings.CutPrefix(trimmed, "-- "); ok && strings.HasSuffix(name, " --") {
			files = append(files, archiveFile{name: strings.TrimSuffix(name, " --")})
			current = &files[len(files)-1].data
			continue
		}
		*current += line
	}
	return comment, files
}

func formatArchive(comment string, files []archiveFile) string {
	var b strings.Builder
	b.WriteString(comment)
	for _, f := range files {
		b.WriteString("-- " + f.name + " --\n" + f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// goldenOutput is the txtar file that holds the expected Script; every other
// file is part of the project, except options.json, which holds Options.
const goldenOutput = "want/script.js"

// TestGolden bundles each testdata/golden/*.txtar project and compares the
// Script with the archive's want/script.js. UPDATE_SNAPSHOTS=1 rewrites it.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/golden/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			text, err := os.ReadFile(path)
			require.NoError(t, err)
			comment, files := parseArchive(string(text))
			project := map[string]string{}
			var opts Options
			want := -1
			for i, f := range files {
				switch f.name {
				case "options.json":
					require.NoError(t, json.Unmarshal([]byte(f.data), &opts))
				case goldenOutput:
					want = i
				default:
					project[f.name] = f.data
				}
			}
			dir := writeProject(t, project)
			if _, err := os.Stat(filepath.Join(dir, "src/index.js")); err == nil {
				opts.Entry = filepath.Join(dir, "src/index.js")
			}
			got := build(t, dir, opts).Script

			if os.Getenv("UPDATE_SNAPSHOTS") != "" {
				if want < 0 {
					files = append(files, archiveFile{name: goldenOutput})
					want = len(files) - 1
				}
				files[want].data = got
				require.NoError(t, os.WriteFile(path, []byte(formatArchive(comment, files)), 0o644))
				return
			}
			require.GreaterOrEqual(t, want, 0, "%s has no %s; run with UPDATE_SNAPSHOTS=1", path, goldenOutput)
			require.Equal(t, files[want].data, got)
		})
	}
}
