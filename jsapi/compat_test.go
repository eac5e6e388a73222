package jsapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWebSocketBehavioursFollowTheCompatibilityDate(t *testing.T) {
	tr := newTestRealm(t)
	check := func(date string, flags []string) webSocketCompat {
		var got webSocketCompat
		tr.do(func() {
			tr.realm.SetCompatibility(date, flags)
			got = tr.realm.webSockets
		})
		return got
	}
	require.Equal(t, webSocketCompat{}, check("2025-09-01", nil))
	require.Equal(t, webSocketCompat{closeReasonByteLimit: true}, check("2026-03-03", nil))
	require.Equal(t, webSocketCompat{autoReplyToClose: true, standardBinaryType: true, closeReasonByteLimit: true}, check("2026-04-07", nil))
	require.Equal(t, webSocketCompat{autoReplyToClose: true}, check("2025-09-01", []string{"web_socket_auto_reply_to_close"}))
	require.Equal(t, webSocketCompat{standardBinaryType: true, closeReasonByteLimit: true},
		check("2026-05-01", []string{"web_socket_manual_reply_to_close"}))
}
