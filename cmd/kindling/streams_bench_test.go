package main

// The streaming benchmark (not a test: go test runs it only with -bench):
// 100 MiB through a Worker's TransformStream (examples/streams), as a
// response the Worker makes (gen) and as a request body echoed back (echo),
// reporting MB/s and the peak RSS of the runtime's whole process tree.
//
//	go test ./cmd/kindling -run '^$' -bench StreamTransform -benchtime 3x
//
// STREAMS_BENCH_RUNTIME runs another runtime on the same project for
// comparison; it is started as "<command> --port N" in a copy of the
// example, e.g. wrangler:
//
//	STREAMS_BENCH_RUNTIME="$WRANGLER dev --ip 127.0.0.1 --show-interactive-dev-session=false" \
//	  go test ./cmd/kindling -run '^$' -bench StreamTransform -benchtime 3x

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const benchBytes = 100 << 20

func BenchmarkStreamTransform(b *testing.B) {
	url, pid := startBenchRuntime(b)
	peak := watchTreeRSS(b, pid)
	for _, bench := range []struct {
		name string
		run  func() (int64, error)
	}{
		{"gen", func() (int64, error) { return fetchAll(http.Get(url + "/gen?mb=100")) }},
		{"echo", func() (int64, error) {
			req, _ := http.NewRequest("POST", url+"/echo", &patternReader{left: benchBytes})
			req.ContentLength = benchBytes
			return fetchAll(http.DefaultClient.Do(req))
		}},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(benchBytes)
			for range b.N {
				n, err := bench.run()
				if err != nil || n != benchBytes {
					b.Fatalf("got %d bytes, %v", n, err)
				}
			}
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-RSS-MiB")
		})
	}
}

func fetchAll(res *http.Response, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		body, _ := io.ReadAll(res.Body)
		return 0, fmt.Errorf("status %d: %s", res.StatusCode, body)
	}
	return io.Copy(io.Discard, res.Body)
}

// startBenchRuntime starts kindling dev (or STREAMS_BENCH_RUNTIME) on
// examples/streams and returns its URL and process id.
func startBenchRuntime(b *testing.B) (string, int) {
	dir := b.TempDir()
	for _, f := range []string{"wrangler.toml", "src/index.js"} {
		data, err := os.ReadFile(filepath.Join("../../examples/streams", f))
		if err != nil {
			b.Fatal(err)
		}
		_ = os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	var args []string
	if custom := os.Getenv("STREAMS_BENCH_RUNTIME"); custom != "" {
		args = strings.Fields(custom)
	} else {
		args = []string{kindlingBinary(b), "dev"}
	}
	cmd := exec.Command(args[0], append(args[1:], "--port", strconv.Itoa(port))...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if res, err := http.Get(url + "/"); err == nil {
			res.Body.Close()
			return url, cmd.Process.Pid
		}
	}
	b.Fatal("the runtime did not answer within 90s")
	return "", 0
}

// watchTreeRSS samples the resident memory of pid and its descendants
// every 20 ms until the benchmark ends, keeping the highest sum.
func watchTreeRSS(b *testing.B, pid int) *atomic.Int64 {
	var peak atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if rss := treeRSS(pid); rss > peak.Load() {
				peak.Store(rss)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	b.Cleanup(func() { close(stop); wg.Wait() })
	return &peak
}

// treeRSS returns the summed VmRSS of pid and its descendants, in bytes.
func treeRSS(pid int) int64 {
	parent := map[int]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		// The fields after the command name (which may hold spaces).
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 {
			parent[p], _ = strconv.Atoi(fields[1])
		}
	}
	inTree := func(p int) bool {
		for ; p > 1; p = parent[p] {
			if p == pid {
				return true
			}
		}
		return false
	}
	var total int64
	for p := range parent {
		if !inTree(p) {
			continue
		}
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				total += kb << 10
			}
		}
	}
	return total
}
