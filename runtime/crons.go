package runtime

// Cron triggers: the Worker's scheduled() handler runs on each of the
// config's triggers.crons, in UTC, as on Cloudflare. (wrangler dev runs
// them only on demand, through /__scheduled or /cdn-cgi/handler/scheduled,
// which kindling serves as well.)
//
// Expressions are Cloudflare's five fields. robfig/cron parses them, after
// one translation: Cloudflare numbers weekdays 1-7 from Sunday, robfig 0-6.
// Quartz's L, W and # are not supported by robfig; such a trigger is
// reported at startup and runs only on demand.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/kindling-dev/kindling/jsapi"
)

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseCron parses a triggers.crons expression.
func ParseCron(expr string) (cron.Schedule, error) {
	fields := strings.Fields(expr)
	if len(fields) == 5 {
		dow, err := cloudflareWeekdays(fields[4])
		if err != nil {
			return nil, err
		}
		fields[4] = dow
	}
	return cronParser.Parse(strings.Join(fields, " "))
}

// cloudflareWeekdays renumbers the numeric weekdays of a day-of-week
// field from Cloudflare's 1-7 to robfig's 0-6; names and * stay.
func cloudflareWeekdays(field string) (string, error) {
	if strings.ContainsAny(field, "L#W") {
		return "", fmt.Errorf("%q: the Quartz extensions L, W and # are not supported by kindling's cron parser", field)
	}
	items := strings.Split(field, ",")
	for i, item := range items {
		rng, step, hasStep := strings.Cut(item, "/")
		bounds := strings.Split(rng, "-")
		for j, b := range bounds {
			n, err := strconv.Atoi(b)
			if err != nil {
				continue // a name or *
			}
			if n < 1 || n > 7 {
				return "", fmt.Errorf("%q: weekdays are 1-7 (Sunday is 1)", field)
			}
			bounds[j] = strconv.Itoa(n - 1)
		}
		items[i] = strings.Join(bounds, "-")
		if hasStep {
			items[i] += "/" + step
		}
	}
	return strings.Join(items, ","), nil
}

// cronTrigger is one parsed trigger.
type cronTrigger struct {
	expr     string
	schedule cron.Schedule
}

// startCrons runs the Worker's cron triggers until stopCrons.
func (w *Worker) startCrons(exprs []string, log func(jsapi.LogLevel, string)) {
	var triggers []cronTrigger
	for _, expr := range exprs {
		s, err := ParseCron(expr)
		if err != nil {
			log(jsapi.LevelWarn, fmt.Sprintf("triggers.crons %q will not run on its schedule: %v. Trigger it with /cdn-cgi/handler/scheduled?cron=...", expr, err))
			continue
		}
		triggers = append(triggers, cronTrigger{expr, s})
	}
	if len(triggers) == 0 {
		return
	}
	w.cronStop = make(chan struct{})
	w.cronDone = make(chan struct{})
	go w.runCrons(triggers, log)
}

func (w *Worker) runCrons(triggers []cronTrigger, log func(jsapi.LogLevel, string)) {
	defer close(w.cronDone)
	for {
		now := time.Now().UTC()
		var next time.Time
		for _, t := range triggers {
			if n := t.schedule.Next(now); next.IsZero() || n.Before(next) {
				next = n
			}
		}
		timer := time.NewTimer(time.Until(next))
		select {
		case <-w.cronStop:
			timer.Stop()
			return
		case <-timer.C:
		}
		for _, t := range triggers {
			if t.schedule.Next(next.Add(-time.Nanosecond)).Equal(next) {
				expr, start := t.expr, time.Now()
				w.Scheduled(expr, next, func(outcome string, _ error) {
					log(jsapi.LevelInfo, fmt.Sprintf("Scheduled event (cron %q) %s (%dms)", expr, outcome, time.Since(start).Milliseconds()))
				})
			}
		}
	}
}

func (w *Worker) stopCrons() {
	if w.cronStop != nil {
		close(w.cronStop)
		<-w.cronDone
		w.cronStop = nil
	}
}

// Scheduled runs the Worker's scheduled handler once, on the next isolate
// of the pool. done receives workerd's outcome ("ok" or "exception") and,
// for an exception, the error.
func (w *Worker) Scheduled(cron string, at time.Time, done func(outcome string, err error)) {
	w.pick().Scheduled(cron, at, done)
}

// Scheduled runs the first Worker's scheduled handler.
func (rt *Runtime) Scheduled(cron string, at time.Time, done func(outcome string, err error)) {
	rt.workers[0].Scheduled(cron, at, done)
}
