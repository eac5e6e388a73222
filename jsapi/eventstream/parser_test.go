package eventstream

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// event is what a test expects of one message: type, data, ID.
type event struct{ typ, data, id string }

func parse(p *Parser, chunks ...string) []event {
	var out []event
	for _, c := range chunks {
		for _, m := range p.Write([]byte(c)) {
			out = append(out, event{m.Type(), m.Text(), m.ID})
		}
	}
	return out
}

// The chunks the EventSource probe's /messages endpoint sent, one write
// each, and what wrangler 4.86 dispatched for them (empty data is not
// dispatched: the EventSource drops it).
func TestParserMatchesWorkerd(t *testing.T) {
	p := &Parser{}
	var retry []uint32
	p.Retry = func(ms uint32) { retry = append(retry, ms) }
	got := parse(p, "\ufeffdata: one\n", "data: two\n\n", ": comment\n", "event: custom\ndata: c\n\n",
		"id: 7\ndata: x\r\n\r\n", "event:\ndata: empty-type\n\n", "data\n\n", "Data: no\n\n", "data:  two-spaces\n\n",
		"data: a\r", "\ndata: b\n\n", "id\ndata: reset\n\n", "retry: 1000\ndata:end\n\n")
	require.Equal(t, []event{
		{"message", "one\ntwo", ""},
		{"custom", "c", ""},
		{"message", "x", "7"},
		{"", "empty-type", "7"},
		{"message", "", "7"}, // "data" alone: dropped by EventSource
		{"message", "", "7"}, // "Data" is not "data": dropped too
		{"message", " two-spaces", "7"},
		{"message", "a", "7"}, // the CR ending a chunk ends the line
		{"message", "b", "7"},
		{"message", "reset", ""},
		{"message", "end", ""},
	}, got)
	require.Equal(t, []uint32{1000}, retry)
	require.Equal(t, "", p.LastEventID)
}

func TestParserLines(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		want   []event
	}{
		{"CR, LF and CRLF end lines", []string{"data: 1\rdata: 2\ndata: 3\r\n\r"}, []event{{"message", "1\n2\n3", ""}}},
		{"a line split across chunks", []string{"da", "ta: x", "y\n", "\n"}, []event{{"message", "xy", ""}}},
		{"no blank line, no message", []string{"data: x\n"}, nil},
		{"a blank line alone dispatches nothing", []string{"\n\n\n"}, nil},
		{"a colon-less field has an empty value", []string{"event\ndata\ndata\n\n"}, []event{{"", "\n", ""}}},
		{"only the first colon separates", []string{"data: a: b\n\n"}, []event{{"message", "a: b", ""}}},
		{"a BOM only at the start", []string{"\ufeffdata: a\n\n", "\ufeffdata: b\n\n"}, []event{{"message", "a", ""}, {"message", "", ""}}},
		{"the ID set after the data counts", []string{"data: a\nid: 9\n\n"}, []event{{"message", "a", "9"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, parse(&Parser{}, tc.chunks...))
		})
	}
}

func TestParserRetry(t *testing.T) {
	var got []uint32
	p := &Parser{Retry: func(ms uint32) { got = append(got, ms) }}
	parse(p, "retry: 3000\nretry: x\nretry: -1\nretry: 4294967296\nretry:  5\nretry: 0\n")
	require.Equal(t, []uint32{3000, 0}, got)
}

func TestParserKeepsTheLastEventIDGiven(t *testing.T) {
	p := &Parser{LastEventID: "41"}
	require.Equal(t, []event{{"message", "a", "41"}}, parse(p, "data: a\n\n"))
}
