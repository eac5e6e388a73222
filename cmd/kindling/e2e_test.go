package main

// End-to-end tests: they build the kindling binary, start `kindling dev` on
// a free port in a copy of an example (or a project written by the test),
// and drive it over real HTTP, with real SQLite files and real process
// restarts.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// TestMain removes the binary kindlingBinary built, which outlives every
// single test's temp dir.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// kindlingBinary builds the command once per test run.
func kindlingBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kindling-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "kindling")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

// copyProject copies an example into a fresh directory, leaving out
// installed packages and state.
func copyProject(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".wrangler") {
			return filepath.SkipDir
		}
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
	return dst
}

// writeProject writes files (path → content) into a fresh directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

// devProcess is a running `kindling dev`.
type devProcess struct {
	t      *testing.T
	cmd    *exec.Cmd
	URL    string
	mu     sync.Mutex
	output bytes.Buffer
	exited chan struct{}
}

var readyLine = regexp.MustCompile(`Ready on (http://127\.0\.0\.1:\d+)`)

// startDev runs kindling dev --port 0 in dir and waits until it is ready.
func startDev(t *testing.T, dir string, args ...string) *devProcess {
	t.Helper()
	cmd := exec.Command(kindlingBinary(t), append([]string{"dev", "--port", "0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	p := &devProcess{t: t, cmd: cmd, exited: make(chan struct{})}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.output.WriteString(line + "\n")
			p.mu.Unlock()
			if m := readyLine.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
		}
		_ = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("kindling dev output:\n%s", p.Output())
		}
	})
	select {
	case p.URL = <-ready:
		return p
	case <-p.exited:
		t.Fatalf("kindling dev exited before it was ready:\n%s", p.Output())
	case <-time.After(60 * time.Second):
		t.Fatalf("kindling dev was not ready within 60s:\n%s", p.Output())
	}
	return nil
}

// Output returns everything the process printed so far.
func (p *devProcess) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.output.String()
}

// waitOutput waits until the process has printed something matching re:
// its output arrives through a pipe, after the HTTP answer that caused it.
func (p *devProcess) waitOutput(re string) {
	p.t.Helper()
	pattern := regexp.MustCompile(re)
	require.Eventually(p.t, func() bool { return pattern.MatchString(p.Output()) },
		10*time.Second, 20*time.Millisecond, "no output matching %q in:\n%s", re, p.Output())
}

// Interrupt sends Ctrl-C and returns the exit code.
func (p *devProcess) Interrupt() int {
	require.NoError(p.t, p.cmd.Process.Signal(syscall.SIGINT))
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		p.t.Fatal("kindling dev did not stop within 20s of SIGINT")
	}
	return p.cmd.ProcessState.ExitCode()
}

// Kill stops the process the hard way (SIGKILL).
func (p *devProcess) Kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// get returns the status and body of GET url.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	return do(t, "GET", url, "")
}

func do(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(data)
}

func TestCounterPersistsAcrossRestart(t *testing.T) {
	dir := copyProject(t, "../../examples/counter")
	p := startDev(t, dir)
	for i := 1; i <= 3; i++ {
		status, body := get(t, p.URL+"/inc?name=a")
		require.Equal(t, 200, status)
		require.Equal(t, fmt.Sprint(i), body)
	}
	_, body := get(t, p.URL+"/rpc/inc?name=a")
	require.Equal(t, "4", body)
	_, body = get(t, p.URL+"/get?name=b")
	require.Equal(t, "0", body, "another name is another object")
	p.waitOutput(`GET /inc\?name=a 200 OK \(\d+ms\)`)
	require.Equal(t, 0, p.Interrupt())

	// Ctrl-C closed the databases: SQLite removes the WAL files on the last
	// clean close.
	files, err := filepath.Glob(filepath.Join(dir, ".wrangler/state/v3/do/counter-Counter/*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		require.True(t, strings.HasSuffix(f, ".sqlite"), "left behind: %s", f)
	}

	p = startDev(t, dir)
	_, body = get(t, p.URL+"/get?name=a")
	require.Equal(t, "4", body)
	_, body = get(t, p.URL+"/inc?name=a")
	require.Equal(t, "5", body)
}

func TestAcknowledgedWritesSurviveSIGKILL(t *testing.T) {
	dir := copyProject(t, "../../examples/counter")
	p := startDev(t, dir)
	for i := 1; i <= 20; i++ {
		_, body := get(t, p.URL+"/rpc/inc?name=k")
		require.Equal(t, fmt.Sprint(i), body)
	}
	p.Kill()
	p = startDev(t, dir)
	_, body := get(t, p.URL+"/get?name=k")
	require.Equal(t, "20", body)
}

func TestConcurrentIncrementsOnOneObjectAreAllCounted(t *testing.T) {
	dir := copyProject(t, "../../examples/counter")
	p := startDev(t, dir)
	for _, path := range []string{"/inc?name=hot", "/rpc/inc?name=hot2"} {
		const n = 500
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := client.Get(p.URL + path)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("status %d", res.StatusCode)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		name := strings.TrimPrefix(path[strings.Index(path, "=")+1:], "")
		_, body := get(t, p.URL+"/get?name="+name)
		require.Equal(t, fmt.Sprint(n), body, path)
	}
}

func TestUncaughtExceptionGives500AndServerKeepsServing(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"thrower\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2025-09-01\"\n",
		"src/index.ts": `interface Env {}

function fail(reason: string): never {
  throw new Error("boom: " + reason);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname === "/throw") fail("on purpose");
    return new Response("fine");
  },
};
`,
	})
	p := startDev(t, dir)
	status, body := get(t, p.URL+"/throw")
	require.Equal(t, 500, status)
	require.True(t, strings.HasPrefix(body, "Error: boom: on purpose\n"), body)
	// The stack names the TypeScript source and the line of the throw.
	require.Regexp(t, `at fail \(file://.*/src/index\.ts:4:\d+\)`, body)
	p.waitOutput(`Uncaught Error: boom: on purpose`)

	status, body = get(t, p.URL+"/")
	require.Equal(t, 200, status)
	require.Equal(t, "fine", body)
}

func TestBadConfigIsReportedWithFileAndLine(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"bad\"\nmain = \"src/index.js\"\n\n[[durable_objects.bindings]]\nname = \"X\"\nclass_name = 42\n",
		"src/index.js":  "export default { fetch() { return new Response('x') } }\n",
	})
	cmd := exec.Command(kindlingBinary(t), "dev", "--port", "0")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	require.Equal(t, 1, cmd.ProcessState.ExitCode())
	require.Regexp(t, `wrangler\.toml:6:\d+: durable_objects\.bindings\[0\]\.class_name`, string(out))
}

func TestUnexportedDurableObjectClassIsNamed(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"missing\"\nmain = \"src/index.js\"\n\n[[durable_objects.bindings]]\nname = \"X\"\nclass_name = \"Gone\"\n",
		"src/index.js":  "export default { fetch() { return new Response('x') } }\n",
	})
	cmd := exec.Command(kindlingBinary(t), "dev", "--port", "0")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: Gone.")
}

func TestEntryOnTheCommandLineAndKVBackedClass(t *testing.T) {
	// Shaped like honojs/examples durable-objects: no main in the config,
	// the entry passed as `kindling dev src/index.js`, a new_classes class.
	dir := writeProject(t, map[string]string{
		"wrangler.toml": "name = \"cli-entry\"\ncompatibility_date = \"2024-05-01\"\n\n[[durable_objects.bindings]]\nname = \"COUNTERS\"\nclass_name = \"Counter\"\n\n[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Counter\"]\n",
		"src/counter.js": `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async increment(amount = 1) {
    let value = (await this.ctx.storage.get("value")) || 0;
    value += amount;
    await this.ctx.storage.put("value", value);
    return value;
  }
}
`,
		"src/index.js": `import { Counter } from "./counter";
export { Counter };
export default {
  async fetch(request, env) {
    const stub = env.COUNTERS.get(env.COUNTERS.idFromName("A"));
    return new Response("count: " + (await stub.increment(2)));
  },
};
`,
	})
	p := startDev(t, dir, "src/index.js")
	_, body := get(t, p.URL+"/")
	require.Equal(t, "count: 2", body)
	_, body = get(t, p.URL+"/")
	require.Equal(t, "count: 4", body)
}

// npmInstall installs a project's npm dependencies, as a user would before
// `kindling dev`.
func npmInstall(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		t.Fatalf("npm is needed to install this example's dependencies: %v", err)
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--no-package-lock")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "npm install:\n%s", out)
}

func TestTypeScriptExampleWithHono(t *testing.T) {
	dir := copyProject(t, "../../examples/counter-ts")
	npmInstall(t, dir)
	p := startDev(t, dir)
	require.Contains(t, p.Output(), `env.GREETING ("Hello from kindling")`)

	status, body := get(t, p.URL+"/")
	require.Equal(t, 200, status)
	require.Equal(t, "Hello from kindling\n", body)

	for i := 1; i <= 2; i++ {
		status, body = do(t, "POST", p.URL+"/counters/apples", "")
		require.Equal(t, 200, status)
		require.JSONEq(t, fmt.Sprintf(`{"name":"apples","value":%d}`, i), body)
	}
	_, body = get(t, p.URL+"/counters/apples")
	require.JSONEq(t, `{"name":"apples","value":2}`, body)

	// hono answers a thrown error itself (500) and logs it with console.error;
	// the logged stack points into the TypeScript source.
	status, _ = get(t, p.URL+"/boom")
	require.Equal(t, 500, status)
	p.waitOutput(`boom from counter-ts[\s\S]*src/index\.ts:\d+:\d+`)
}
