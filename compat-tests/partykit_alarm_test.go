package compattests

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestPartykitAlarmRestart runs cloudflare/partykit's
// fixtures/alarm-restart-e2e as its README does, with a 3-second alarm
// instead of 45: schedule an alarm in a fresh room of each of its three
// Durable Objects, stop kindling (Ctrl-C), start it again, leave the room
// alone until the alarm has fired, then read what each object observed.
// The runtime contract it pins down, as workerd has it: an object woken by
// its alarm after a restart has no ctx.id.name; partyserver's fallback
// record still gives the fixed Server its name.
func TestPartykitAlarmRestart(t *testing.T) {
	gitDir := filepath.Join(projectsDir(), "cloudflare+partykit", "repo")
	if _, err := os.Stat(gitDir); err != nil {
		t.Skipf("no mirror of cloudflare/partykit at %s (set KINDLING_PROJECTS_DIR)", gitDir)
	}
	root := checkoutPaths(t, gitDir, "fixtures/alarm-restart-e2e", "tsconfig.base.json", "packages/partyserver/package.json")
	fixture := filepath.Join(root, "fixtures", "alarm-restart-e2e")
	// The fixture's package.json is a workspace member built with vite;
	// its runtime packages are installed beside it (module resolution
	// looks in parent folders), leaving the fixture's files as they are.
	if err := os.WriteFile(filepath.Join(root, "package.json"), []byte(`{"private": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	install := exec.Command("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--legacy-peer-deps",
		"partyserver@"+partyserverVersion(root), "partyserver-stock@npm:partyserver@0.5.5", "partysocket@^1.3.0")
	install.Dir = root
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm install: %v\n%s", err, out)
	}

	bin := buildKindling(t)
	base, stop := startKindlingStoppable(t, bin, fixture)
	room := "restart-room"
	paths := map[string]string{
		"raw":   "/raw/" + room,
		"stock": "/parties/stock-alarm/" + room,
		"fixed": "/parties/fixed-alarm/" + room,
	}
	for _, p := range paths {
		expectBody(t, base+p+"?schedule=3", `{"scheduled":true}`)
	}
	stop()
	base, _ = startKindlingStoppable(t, bin, fixture)

	type observation struct {
		Source       string  `json:"source"`
		CtxIDName    *string `json:"ctxIdName"`
		StoredPsName *string `json:"storedPsName"`
		PartyName    *string `json:"partyName"`
	}
	// Wait for the alarm without touching the room: nothing but the
	// alarm may construct the objects in this session.
	time.Sleep(4 * time.Second)
	snapshot := func(path string) []observation {
		var out struct{ Observations []observation }
		deadline := time.Now().Add(10 * time.Second)
		for {
			res, err := http.Get(base + path + "?snapshot=1")
			if err != nil {
				t.Fatal(err)
			}
			_ = json.NewDecoder(res.Body).Decode(&out)
			res.Body.Close()
			if len(out.Observations) >= 2 || time.Now().After(deadline) {
				return out.Observations
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	raw := snapshot(paths["raw"])
	if len(raw) != 2 || raw[1].Source != "alarm" {
		t.Fatalf("raw: %+v, want a fetch then an alarm observation", raw)
	}
	if raw[0].CtxIDName == nil || *raw[0].CtxIDName != room || raw[1].CtxIDName != nil {
		t.Errorf("raw: ctx.id.name %v in fetch and %v in the alarm after a restart, want %q and none", raw[0].CtxIDName, raw[1].CtxIDName, room)
	}
	fixed := snapshot(paths["fixed"])
	if len(fixed) != 2 || fixed[1].Source != "alarm" || fixed[1].PartyName == nil || *fixed[1].PartyName != room {
		t.Errorf("fixed: %+v, want the alarm to see the party name %q", fixed, room)
	}
}
