package config

import (
	"bytes"
	"os"
	"strings"
)

// A txtar archive (golang.org/x/tools/txtar's format): a comment, then files
// each introduced by a "-- name --" line. go-internal/txtar would need
// golang.org/x/tools, which the module does not require, so the tests read
// and write the format themselves.
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data string
}

func readArchive(path string) (*archive, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a := &archive{}
	current := &a.comment
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if name, ok := strings.CutPrefix(trimmed, "-- "); ok && strings.HasSuffix(name, " --") && len(name) > 3 {
			a.files = append(a.files, archiveFile{name: strings.TrimSuffix(name, " --")})
			current = &a.files[len(a.files)-1].data
			continue
		}
		*current += line
	}
	return a, nil
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

func (a *archive) file(name string) (string, bool) {
	for _, f := range a.files {
		if f.name == name {
			return f.data, true
		}
	}
	return "", false
}
