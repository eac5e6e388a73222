// Package eventstream parses the text/event-stream format
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream)
// the way workerd's EventSource does (api/eventsource.c++), which differs
// from the standard where a client can see it:
//
//   - a CR that ends one chunk ends its line at once, so a CRLF split
//     across two chunks also ends an empty line, which dispatches the event
//     being built;
//   - the BOM is skipped only when the first chunk holds all three of its
//     bytes;
//   - an "id" value is taken even if it contains U+0000;
//   - an "event" field with an empty value gives the event type "" rather
//     than "message".
//
// A Parser is fed the bytes of one connection; the last event ID outlives
// it and is handed from one connection's parser to the next by the caller.
package eventstream

import (
	"bytes"
	"strconv"
	"strings"
)

// Message is an event ready to dispatch.
type Message struct {
	// Data holds the "data" lines, joined with "\n" when dispatched.
	Data []string
	// Event is the "event" field; HasEvent is false when there was none.
	Event    string
	HasEvent bool
	// ID is the last event ID when the message was complete.
	ID string
}

// Type is the event type the message is dispatched as.
func (m *Message) Type() string {
	if m.HasEvent {
		return m.Event
	}
	return "message"
}

// Text is the message's data.
func (m *Message) Text() string { return strings.Join(m.Data, "\n") }

// Parser turns the bytes of an event stream into messages.
type Parser struct {
	// LastEventID is the stream's last event ID: set it before the first
	// Write from the previous connection's, read it after.
	LastEventID string
	// Retry is called with the reconnection time, in milliseconds, a
	// "retry" field gives.
	Retry func(ms uint32)

	bomChecked bool
	kept       []byte
	pending    *Message
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// Write parses one chunk and returns the messages it completes.
func (p *Parser) Write(chunk []byte) []Message {
	if !p.bomChecked {
		p.bomChecked = true
		chunk = bytes.TrimPrefix(chunk, bom)
	}
	var done []Message
	for len(chunk) > 0 {
		end, next := endOfLine(chunk)
		if end < 0 {
			p.kept = append(p.kept, chunk...)
			break
		}
		line := string(p.kept) + string(chunk[:end])
		p.kept = p.kept[:0]
		chunk = chunk[next:]
		if m := p.feed(line); m != nil {
			done = append(done, *m)
		}
	}
	return done
}

// endOfLine finds the first LF, CR or CRLF: where the line ends and where
// the next one starts, or -1 if the chunk holds no line end.
func endOfLine(b []byte) (end, next int) {
	i := bytes.IndexAny(b, "\r\n")
	switch {
	case i < 0:
		return -1, -1
	case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		return i, i + 2
	}
	return i, i + 1
}

// feed interprets one line, returning the message an empty line completes.
func (p *Parser) feed(line string) *Message {
	if line == "" {
		m := p.pending
		p.pending = nil
		if m != nil {
			m.ID = p.LastEventID
		}
		return m
	}
	if line[0] == ':' {
		return nil // a comment
	}
	field, value, _ := strings.Cut(line, ":")
	// Only one space after the colon is part of the syntax.
	value = strings.TrimPrefix(value, " ")
	// Any field starts a message, even one the format does not know.
	if p.pending == nil {
		p.pending = &Message{}
	}
	switch field {
	case "data":
		p.pending.Data = append(p.pending.Data, value)
	case "event":
		p.pending.Event, p.pending.HasEvent = value, true
	case "id":
		p.LastEventID = value
	case "retry":
		if ms, ok := parseRetry(value); ok && p.Retry != nil {
			p.Retry(ms)
		}
	}
	return nil
}

// parseRetry reads a retry value: ASCII digits that fit in 32 bits.
func parseRetry(s string) (uint32, bool) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}
