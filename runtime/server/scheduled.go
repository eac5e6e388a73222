package server

// Triggering the scheduled handler over HTTP, as wrangler dev does:
//
//   - /cdn-cgi/handler/scheduled (and the older /cdn-cgi/mf/scheduled),
//     always served (miniflare's entry worker, unsafeTriggerHandlers):
//     ?cron= sets controller.cron, ?time= its scheduledTime in ms; the
//     answer is the outcome, "ok" (200) or "exception" (500).
//   - /__scheduled?cron=, only with --test-scheduled (wrangler's
//     middleware-scheduled.ts): answers "Ran scheduled event", or the
//     handler's error as an uncaught exception. Without the flag the path
//     goes to the Worker like any other.

import (
	"io"
	"net/http"
	"strconv"
	"time"
)

// Scheduler runs the scheduled handler of the Worker that serves HTTP.
type Scheduler interface {
	Scheduled(cron string, at time.Time, done func(outcome string, err error))
}

// serveScheduled answers the trigger paths with their status; it answers
// 0 for any other request.
func (s *Server) serveScheduled(w http.ResponseWriter, r *http.Request) int {
	sched, ok := s.fetcher.(Scheduler)
	if !ok {
		return 0
	}
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/cdn-cgi/handler/scheduled" || r.URL.Path == "/cdn-cgi/mf/scheduled":
		at := time.Now()
		if ms, err := strconv.ParseInt(q.Get("time"), 10, 64); err == nil {
			at = time.UnixMilli(ms)
		}
		outcome, _ := runScheduled(sched, q.Get("cron"), at)
		status := http.StatusOK
		if outcome != "ok" {
			status = http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.Header()["Date"] = nil
		w.WriteHeader(status)
		_, _ = io.WriteString(w, outcome)
		return status
	case r.URL.Path == "/__scheduled" && s.TestScheduled:
		if _, err := runScheduled(sched, q.Get("cron"), time.Now()); err != nil {
			writeError(w, err)
			return http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		_, _ = io.WriteString(w, "Ran scheduled event")
		return http.StatusOK
	}
	return 0
}

func runScheduled(sched Scheduler, cron string, at time.Time) (string, error) {
	type result struct {
		outcome string
		err     error
	}
	ch := make(chan result, 1)
	sched.Scheduled(cron, at, func(outcome string, err error) { ch <- result{outcome, err} })
	res := <-ch
	return res.outcome, res.err
}
