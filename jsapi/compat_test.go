package jsapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompatibilityDateAndFlags(t *testing.T) {
	on := func(c Compatibility) bool {
		return c.enabled("web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close", "2026-04-07")
	}
	require.False(t, on(Compatibility{Date: "2025-09-01"}))
	require.True(t, on(Compatibility{Date: "2026-04-07"}))
	require.True(t, on(Compatibility{Date: "2025-09-01", Flags: []string{"web_socket_auto_reply_to_close"}}))
	require.False(t, on(Compatibility{Date: "2026-05-01", Flags: []string{"web_socket_manual_reply_to_close"}}))
	require.True(t, on(Compatibility{}), "no date: the newest behaviour")
}
