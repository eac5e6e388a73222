package actor

import "sync"

// firstIDs remembers, for each object of a namespace, the id its instance
// was first made with in this process, name included or not. workerd keeps
// an object's container, and the id it was created with, for the life of
// the process (server.c++ getActorContainer): an object first woken by its
// alarm after a restart has no name (the alarm index stores none), and
// stays nameless even when later reached through idFromName, until the
// object is broken (reset), which drops the container.
type firstIDs struct {
	mu  sync.Mutex
	ids map[string]ID
}

// FirstID returns the id the object was first made with, recording id if
// it is the first.
func (ns *Namespace) FirstID(id ID) ID {
	f := &ns.first
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ids == nil {
		f.ids = make(map[string]ID)
	}
	key := id.String()
	if first, ok := f.ids[key]; ok {
		return first
	}
	f.ids[key] = id
	return id
}

// ForgetID drops what FirstID remembers of the object, when it is reset:
// its next instance takes the id of the event that makes it.
func (ns *Namespace) ForgetID(id ID) {
	f := &ns.first
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.ids, id.String())
}
