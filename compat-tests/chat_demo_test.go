package compattests

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestWorkersChatDemo runs cloudflare/workers-chat-demo unmodified (its
// HTML imported through a Data rule, idFromName/newUniqueId/idFromString,
// DO-to-DO fetch for the rate limiter, hibernatable sockets with
// attachments, storage.list({reverse, limit})): two clients chat, and after
// a restart a third one receives the history.
func TestWorkersChatDemo(t *testing.T) {
	gitDir := filepath.Join(projectsDir(), "cloudflare+workers-chat-demo", "repo")
	if _, err := os.Stat(gitDir); err != nil {
		t.Skipf("no mirror of cloudflare/workers-chat-demo at %s (set KINDLING_PROJECTS_DIR)", gitDir)
	}
	dir := checkoutPaths(t, gitDir, ".")
	bin := buildKindling(t)
	base, stop := startKindlingStoppable(t, bin, dir)

	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s, want the chat page", res.StatusCode, res.Header.Get("Content-Type"))
	}

	ws := strings.Replace(base, "http://", "ws://", 1) + "/api/room/lobby/websocket"
	alice, _ := joinChat(t, ws, "alice")
	bob, _ := joinChat(t, ws, "bob")
	expectChat(t, alice, func(m chatMessage) bool { return m.Joined == "bob" })
	sendChat(t, alice, "hello bob")
	expectChat(t, bob, func(m chatMessage) bool { return m.Name == "alice" && m.Message == "hello bob" })
	alice.Close()
	bob.Close()

	stop()
	base, _ = startKindlingStoppable(t, bin, dir)
	ws = strings.Replace(base, "http://", "ws://", 1) + "/api/room/lobby/websocket"
	// The room sends its history to a newcomer before it says ready.
	carol, before := joinChat(t, ws, "carol")
	carol.Close()
	for _, m := range before {
		if m.Name == "alice" && m.Message == "hello bob" {
			return
		}
	}
	t.Fatalf("carol did not get the history; got %+v", before)
}

type chatMessage struct {
	Name, Message, Joined, Quit, Error string
	Ready                              bool
}

// joinChat connects and sends the user's name, as the page's script does,
// waits for the room to answer ready, and returns what came before that.
func joinChat(t *testing.T, url, name string) (*websocket.Conn, []chatMessage) {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	if err := c.WriteJSON(map[string]string{"name": name}); err != nil {
		t.Fatal(err)
	}
	var before []chatMessage
	expectChat(t, c, func(m chatMessage) bool {
		before = append(before, m)
		return m.Ready
	})
	return c, before
}

// sendChat sends a message as the page does. The demo rate-limits each
// client: a message that arrives while the room is still asking its
// RateLimiter object about the client's previous one (its name, right after
// joining) is refused with an error. A user types slower than a test, so
// the test does what the page's user would: waits a little and sends again
// (at most 20 times, 100 ms apart).
func sendChat(t *testing.T, c *websocket.Conn, text string) {
	t.Helper()
	for range 20 {
		if err := c.WriteJSON(map[string]string{"message": text}); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				t.Fatalf("no echo of %q: %v", text, err)
			}
			var m chatMessage
			if json.Unmarshal(data, &m) != nil {
				continue
			}
			if m.Message == text {
				return // the room broadcast it, to the sender too
			}
			if strings.Contains(m.Error, "rate-limited") {
				time.Sleep(100 * time.Millisecond)
				break
			}
			if m.Error != "" {
				t.Fatalf("the room answered an error: %s", m.Error)
			}
		}
	}
	t.Fatalf("%q was rate-limited 20 times", text)
}

// expectChat reads messages until one satisfies want (within 10 s).
func expectChat(t *testing.T, c *websocket.Conn, want func(chatMessage) bool) {
	t.Helper()
	var seen []string
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("no expected message (read: %v); saw %q", err, seen)
		}
		seen = append(seen, string(data))
		var m chatMessage
		if json.Unmarshal(data, &m) == nil {
			if m.Error != "" {
				t.Fatalf("the room answered an error: %s", m.Error)
			}
			if want(m) {
				return
			}
		}
	}
}
