package compattests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// conformanceDir finds the corpus: KINDLING_CONFORMANCE_DIR, else
// ../shared/conformance beside the repository, else the development
// workspace's copy (/work/shared/conformance), so that a checkout made
// elsewhere (CI, a clean clone) still runs the ratchet.
func conformanceDir(t *testing.T) string {
	if d := os.Getenv("KINDLING_CONFORMANCE_DIR"); d != "" {
		return d
	}
	beside, err := filepath.Abs("../../shared/conformance")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{beside, "/work/shared/conformance"} {
		if _, err := os.Stat(filepath.Join(d, "wrangler.toml")); err == nil {
			return d
		}
	}
	return beside
}

// knownFailures reads known-failures.txt: one case per line, then "#" and
// the reason kindling does not pass it yet.
func knownFailures(t *testing.T) map[string]string {
	f, err := os.Open("known-failures.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := make(map[string]string)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, "#")
		name, reason = strings.TrimSpace(name), strings.TrimSpace(reason)
		if !ok || reason == "" {
			t.Fatalf("known-failures.txt:%d: %q has no reason (write: case-name  # why)", n, line)
		}
		out[name] = reason
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestConformance(t *testing.T) {
	dir := conformanceDir(t)
	if _, err := os.Stat(filepath.Join(dir, "wrangler.toml")); err != nil {
		t.Skipf("the conformance corpus is not at %s (set KINDLING_CONFORMANCE_DIR): %v", dir, err)
	}
	known := knownFailures(t)
	bin := buildKindling(t)

	// Every run starts from empty storage, in a copy of the project.
	work := t.TempDir()
	copyFile(t, filepath.Join(dir, "wrangler.toml"), filepath.Join(work, "wrangler.toml"))
	copyTree(t, filepath.Join(dir, "src"), filepath.Join(work, "src"))
	base := startKindling(t, bin, work)

	var names []string
	getJSON(t, base+"/cases", &names)

	var failed, unexpected, fixed []string
	passed := 0
	client := &http.Client{Timeout: 60 * time.Second}
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(dir, "expected", name+".json"))
		if err != nil {
			t.Errorf("%s: no expected result: %v", name, err)
			continue
		}
		got := fetchCase(client, base, name)
		ok := sameJSON(want, got)
		_, listed := known[name]
		switch {
		case ok && listed:
			fixed = append(fixed, name)
			passed++
		case ok:
			passed++
		case listed:
			failed = append(failed, name)
		default:
			unexpected = append(unexpected, name)
			t.Errorf("%s differs from workerd:\nwant %s\ngot  %s", name, compact(want), compact(got))
		}
	}
	for name := range known {
		if !contains(names, name) {
			t.Errorf("known-failures.txt lists %s, which is not a case of the corpus", name)
		}
	}
	sort.Strings(fixed)
	for _, name := range fixed {
		t.Errorf("%s passes now: remove it from known-failures.txt", name)
	}
	t.Logf("conformance: %d passed, %d failed (%d on the known-failures list, %d unexpected)",
		passed, len(failed)+len(unexpected), len(failed), len(unexpected))
}

// fetchCase runs one case and returns its JSON answer, or a JSON string
// describing why there is none.
func fetchCase(client *http.Client, base, name string) []byte {
	res, err := client.Get(base + "/case/" + name)
	if err != nil {
		return mustJSON(fmt.Sprintf("<request failed: %v>", err))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return mustJSON(fmt.Sprintf("<body failed: %v>", err))
	}
	if !json.Valid(body) {
		return mustJSON(fmt.Sprintf("<not JSON, status %d: %.300s>", res.StatusCode, body))
	}
	return body
}

// sameJSON compares two JSON texts as values; numbers compare by their
// literal text, so 9007199254740991 and 1.5 are not rounded.
func sameJSON(a, b []byte) bool {
	va, errA := decode(a)
	vb, errB := decode(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func compact(data []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, data) != nil {
		return string(data)
	}
	s := b.String()
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func buildKindling(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kindling")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/kindling").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var readyLine = regexp.MustCompile(`Ready on (http://127\.0\.0\.1:\d+)`)

// startKindling runs `kindling dev --port 0 [args]` in dir until the test
// ends and returns its URL.
func startKindling(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	url, _ := startKindlingStoppable(t, bin, dir, args...)
	return url
}

// startKindlingStoppable is startKindling with a stop func that ends the
// process as Ctrl-C does (closing its databases) and waits for it.
func startKindlingStoppable(t *testing.T, bin, dir string, args ...string) (url string, stop func()) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"dev", "--port", "0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var log lockedBuffer
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
		}
	}()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); pw.Close(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("kindling dev in %s printed:\n%s", dir, log.String())
		}
	})
	stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			t.Fatalf("kindling dev did not stop within 20s of SIGINT")
		}
	}
	select {
	case url := <-ready:
		return url, stop
	case <-exited:
		t.Fatalf("kindling dev exited before it was ready:\n%s", log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("kindling dev was not ready within 60s")
	}
	return "", nil
}

// lockedBuffer is a bytes.Buffer written by the output reader and read
// by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		copyFile(t, path, filepath.Join(dst, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
