package actor

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// turnLog records, in order, what a turn of an object did: commits,
// releases and discards of its outputs.
type turnLog struct{ events []string }

func (l *turnLog) output(name string) Output {
	return Output{
		Release: func() { l.events = append(l.events, "release "+name) },
		Discard: func(err error) { l.events = append(l.events, fmt.Sprintf("discard %s: %v", name, err)) },
	}
}

func (l *turnLog) commit(err error) func() error {
	return func() error {
		l.events = append(l.events, "commit")
		return err
	}
}

func wrapped(err error) error { return fmt.Errorf("internal error (%w)", err) }

// An output sent before, between or after the turn's writes leaves only
// after the commit, in the order it was sent.
func TestOutputWaitsForCommit(t *testing.T) {
	var g OutputGate
	l := &turnLog{}
	g.Send(l.output("a"))
	g.Write(false)
	g.Send(l.output("b"))
	g.Write(false)
	assert.Empty(t, l.events, "nothing leaves during the turn")
	require.True(t, g.Pending())
	require.NoError(t, g.Flush(l.commit(nil), wrapped))
	assert.Equal(t, []string{"commit", "release a", "release b"}, l.events)
	assert.False(t, g.Pending())
}

// A failed commit discards every output of the turn, with the error the
// owner chose, and releases none.
func TestFailedCommitDiscardsOutputs(t *testing.T) {
	var g OutputGate
	l := &turnLog{}
	g.Write(false)
	g.Send(l.output("a"))
	g.Send(l.output("b"))
	boom := errors.New("boom")
	err := g.Flush(l.commit(boom), wrapped)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, []string{"commit", "discard a: internal error (boom)", "discard b: internal error (boom)"}, l.events)

	// The next turn starts empty.
	l.events = nil
	g.Send(l.output("c"))
	require.NoError(t, g.Flush(l.commit(boom), wrapped))
	assert.Equal(t, []string{"release c"}, l.events, "no write: no commit")
}

// A turn without writes commits nothing and still holds its outputs to its
// end: a later microtask of the turn may write.
func TestOutputsOfATurnWithoutWrites(t *testing.T) {
	var g OutputGate
	l := &turnLog{}
	g.Send(l.output("a"))
	assert.Empty(t, l.events)
	require.NoError(t, g.Flush(l.commit(nil), wrapped))
	assert.Equal(t, []string{"release a"}, l.events)
}

// Writes made with allowUnconfirmed do not hold outputs; one confirmed
// write in the turn does.
func TestAllowUnconfirmed(t *testing.T) {
	var g OutputGate
	l := &turnLog{}
	g.Write(true)
	g.Send(l.output("a"))
	err := g.Flush(l.commit(errors.New("boom")), wrapped)
	assert.Error(t, err, "the owner still learns of the failure and resets the object")
	assert.Equal(t, []string{"release a", "commit"}, l.events, "released before the commit, so not discarded")

	l.events = nil
	g.Write(true)
	g.Write(false)
	g.Send(l.output("b"))
	require.NoError(t, g.Flush(l.commit(nil), wrapped))
	assert.Equal(t, []string{"commit", "release b"}, l.events)
}
