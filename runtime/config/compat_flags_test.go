package config

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompatFlagFollowsDateAndFlags(t *testing.T) {
	for _, tc := range []struct {
		date  string
		flags []string
		want  bool
	}{
		{"2025-09-01", nil, false},
		{"2026-02-23", nil, false},
		{"2026-02-24", nil, true},
		{"", nil, true}, // no date: workerd's newest
		{"2025-09-01", []string{"delete_all_deletes_alarm"}, true},
		{"2026-03-01", []string{"delete_all_preserves_alarm"}, false},
	} {
		c := &Config{CompatibilityDate: tc.date, CompatibilityFlags: tc.flags}
		require.Equal(t, tc.want, c.CompatFlag("delete_all_deletes_alarm"), "%+v", tc)
	}
}
