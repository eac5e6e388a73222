package eventloop

// Stream records a host operation that delivers many completions over time
// (a WebSocket's incoming messages), where Reserve covers one. post may be
// called from any goroutine, any number of times; it reports false, and
// drops the task, once the loop has stopped. Until release is called (on
// the loop goroutine; later calls do nothing) the loop is not idle.
func (l *Loop) Stream() (post func(task func()) bool, release func()) {
	l.reservations++
	released := false
	return l.Post, func() {
		if released {
			return
		}
		released = true
		l.reservations--
	}
}
