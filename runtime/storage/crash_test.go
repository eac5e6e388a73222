package storage

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashEnv, when set in the environment, makes TestCrashRecovery the child:
// its value is the database to write.
const crashEnv = "KINDLING_STORAGE_CRASH_DB"

const crashBatch = 10 // keys per transaction

// TestCrashRecovery writes from a child process that is killed with SIGKILL
// in the middle of its stream of transactions. The child reports each batch
// after Commit returned; every reported batch must be in the file, every
// batch must be whole or absent, and the file must pass integrity_check.
func TestCrashRecovery(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "crash.sqlite")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	exited := false
	defer func() {
		if !exited {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()

	// Kill it after a number of commits that depends on the clock, so runs
	// kill it at different points of a transaction.
	killAfter := 200 + int(time.Now().UnixNano()%300)
	committed := -1
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		n, ok := strings.CutPrefix(lines.Text(), "committed ")
		if !ok {
			continue
		}
		committed, err = strconv.Atoi(n)
		require.NoError(t, err)
		if committed >= killAfter {
			break
		}
	}
	require.NoError(t, lines.Err())
	require.GreaterOrEqual(t, committed, killAfter, "the child stopped before it was killed")
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err = cmd.Wait()
	exited = true
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	assert.Equal(t, syscall.SIGKILL, exitErr.Sys().(syscall.WaitStatus).Signal())

	db, err := Open(path)
	require.NoError(t, err)
	defer db.Close()
	integrityCheck(t, db)
	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	perBatch := map[int]int{}
	for _, e := range es {
		var b, i int
		_, err := fmt.Sscanf(e.Key, "batch%08d/key%02d", &b, &i)
		require.NoError(t, err, e.Key)
		assert.Equal(t, e.Key, string(e.Value))
		perBatch[b]++
	}
	for b := 0; b <= committed; b++ {
		assert.Equal(t, crashBatch, perBatch[b], "batch %d was committed", b)
	}
	for b, n := range perBatch {
		assert.Equal(t, crashBatch, n, "batch %d is partial", b)
	}
	t.Logf("killed after %d reported commits; %d batches on disk", committed+1, len(perBatch))
}

// crashChild writes batches of keys, one transaction each, until it is
// killed, and reports each batch once it is committed. It never returns
// normally; after a minute it gives up so a broken parent cannot leave it
// running.
func crashChild(path string) {
	db, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	deadline := time.Now().Add(time.Minute)
	for b := 0; time.Now().Before(deadline); b++ {
		for i := range crashBatch {
			k := fmt.Sprintf("batch%08d/key%02d", b, i)
			if err := db.Put(k, []byte(k)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
		if err := db.Commit(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintf(out, "committed %d\n", b)
		out.Flush()
	}
	os.Exit(3)
}
