package runtime

// Durable Object namespaces shared between the Workers of a session. A
// binding with a script_name names a class of another Worker: its ids are
// derived from that Worker's name, its objects live in that Worker's
// isolates and state folder, and every binding to the class, from any
// Worker, reaches the same objects.

import (
	"github.com/kindling-dev/kindling/runtime/actor"
	"github.com/kindling-dev/kindling/runtime/config"
)

// namespaceKey names a class by the Worker that defines it.
type namespaceKey struct{ worker, class string }

// ownerOf returns the name of the Worker that defines a binding's class.
func ownerOf(cfg *config.Config, b config.DurableObjectBinding) string {
	if b.ScriptName != "" {
		return b.ScriptName
	}
	return cfg.Name
}

// namespaces creates one namespace for every class some binding names.
func (rt *Runtime) namespaces(opts []WorkerOptions) map[namespaceKey]*namespace {
	owners := make(map[string]WorkerOptions, len(opts))
	for _, o := range opts {
		owners[o.Config.Name] = o
	}
	out := make(map[namespaceKey]*namespace)
	for _, o := range opts {
		for _, b := range o.Config.DurableObjects {
			key := namespaceKey{ownerOf(o.Config, b), b.ClassName}
			if out[key] != nil {
				continue
			}
			// A class of a Worker outside the session still has ids (they
			// only depend on names); its objects cannot be reached.
			owner, running := owners[key.worker]
			sqlite, stateDir := false, o.StateDir
			if running {
				sqlite = owner.Config.ClassStorage(key.class) == config.StorageSQLite
				stateDir = owner.StateDir
			}
			out[key] = &namespace{
				Namespace: actor.NewNamespace(key.worker, key.class, sqlite, stateDir),
				worker:    rt.byName[key.worker],
				owner:     key.worker,
			}
		}
	}
	return out
}

// notRunning is the error of an event sent to a class whose Worker is not
// part of the session.
func (n *namespace) notRunning() error { return workerNotFound(n.owner) }
