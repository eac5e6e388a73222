package isolate

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/kindling-dev/kindling/jsapi"
)

// internalError is what JavaScript sees of a failure inside the runtime, as
// workerd shows it: "internal error; reference = <id>", the cause going to
// the log only, under the same reference (a failed commit of a Durable
// Object in do/sql-unread-returning-cursor).
func (iso *Isolate) internalError(what string, cause error) error {
	ref := strings.ToLower(rand.Text()[:24])
	iso.log(jsapi.LevelError, fmt.Sprintf("%s (internal error; reference = %s): %v", what, ref, cause))
	return errors.New("internal error; reference = " + ref)
}
