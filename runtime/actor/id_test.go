package actor

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIDFromNameMatchesWorkerd(t *testing.T) {
	// Values recorded from wrangler dev 4.86 (workerd 1.20260426.1):
	// reference/wrangler-behaviour.md and the conformance corpus.
	key := idKey("bench-probes-Probe")
	require.Equal(t, "a123b27018f7cabe99e90d5d24dc92fd117447eb92fce7057bfa4582b52d5b34", idFromName(key, "a").String())
}

func TestIDRoundTrips(t *testing.T) {
	key := idKey("w-C")
	other := idKey("w-D")
	for _, id := range []ID{idFromName(key, "x"), newUniqueID(key)} {
		s := id.String()
		require.Len(t, s, 64)
		back, err := idFromString(key, s)
		require.NoError(t, err)
		require.Equal(t, s, back.String())
		_, named := back.Name()
		require.False(t, named, "ids from strings carry no name")

		upper, err := idFromString(key, strings.ToUpper(s))
		require.NoError(t, err)
		require.Equal(t, s, upper.String())

		_, err = idFromString(other, s)
		require.ErrorIs(t, err, ErrIDNamespace)
	}
}

func TestIDFromStringRejectsBadInput(t *testing.T) {
	key := idKey("w-C")
	for _, s := range []string{"", "not-an-id", strings.Repeat("g", 64), strings.Repeat("a", 63), strings.Repeat("a", 65)} {
		_, err := idFromString(key, s)
		require.ErrorIs(t, err, ErrIDFormat, s)
	}
}

func TestUniqueIDsDiffer(t *testing.T) {
	key := idKey("w-C")
	require.NotEqual(t, newUniqueID(key).String(), newUniqueID(key).String())
}

func TestFirstIDKeepsTheIDAnObjectWasFirstMadeWith(t *testing.T) {
	ns := NewNamespace("w", "C", true, t.TempDir())
	named := ns.IDFromName("room")
	nameless, err := ns.IDFromString(named.String())
	require.NoError(t, err)

	require.Equal(t, nameless, ns.FirstID(nameless), "woken by its alarm first")
	_, hasName := ns.FirstID(named).Name()
	require.False(t, hasName, "born nameless, it stays so")

	ns.ForgetID(named)
	name, hasName := ns.FirstID(named).Name()
	require.True(t, hasName, "after a reset the next event's id counts")
	require.Equal(t, "room", name)
}
