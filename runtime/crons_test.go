package runtime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The examples of Cloudflare's cron trigger documentation, with the next
// time each fires after Wednesday 2026-01-07 12:00 UTC.
func TestParseCronReadsCloudflareExpressions(t *testing.T) {
	from := time.Date(2026, 1, 7, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ expr, next string }{
		{"* * * * *", "2026-01-07T12:01:00Z"},
		{"*/30 * * * *", "2026-01-07T12:30:00Z"},
		{"45 * * * *", "2026-01-07T12:45:00Z"},
		{"0 17 * * sun", "2026-01-11T17:00:00Z"},
		{"0 17 * * 1", "2026-01-11T17:00:00Z"}, // 1 is Sunday
		{"10 7 * * mon-fri", "2026-01-08T07:10:00Z"},
		{"10 7 * * 2-6", "2026-01-08T07:10:00Z"},
		{"0 15 1 * *", "2026-02-01T15:00:00Z"},
		{"0 9 * * 7", "2026-01-10T09:00:00Z"},     // 7 is Saturday
		{"0 9 * * 1,4/2", "2026-01-09T09:00:00Z"}, // Sunday, and Wednesday, Friday
	} {
		s, err := ParseCron(tc.expr)
		require.NoError(t, err, tc.expr)
		require.Equal(t, tc.next, s.Next(from).Format(time.RFC3339), tc.expr)
	}
}

func TestParseCronRefusesWhatItCannotSchedule(t *testing.T) {
	for _, expr := range []string{"0 18 * * 6L", "23 59 LW * *", "0 10 * * MON#2", "0 0 * * 8", "not a cron"} {
		_, err := ParseCron(expr)
		require.Error(t, err, expr)
	}
}
