package pin

import "time"

// EventKind says what an [Event] is about.
type EventKind int

const (
	// EventPinFailure: a pinned host failed validation. In enforce mode the
	// handshake was aborted; in report-only mode it was allowed.
	EventPinFailure EventKind = iota + 1
	// EventPinExpired: a host matched a rule, but the policy has expired,
	// so the connection was checked as if the host were not pinned.
	EventPinExpired
	// EventReportDropped: a report was dropped because the queue was full
	// or the policy was closed.
	EventReportDropped
	// EventReportFailed: sending a report failed.
	EventReportFailed
)

// String returns the kind's name, such as "pin-failure".
func (k EventKind) String() string {
	switch k {
	case EventPinFailure:
		return "pin-failure"
	case EventPinExpired:
		return "pin-expired"
	case EventReportDropped:
		return "report-dropped"
	case EventReportFailed:
		return "report-failed"
	}
	return "unknown"
}

// Event is passed to the [OnEvent] callback.
type Event struct {
	Kind EventKind
	// Host is the normalised host name of the connection, if any.
	Host string
	// Time comes from the policy's clock.
	Time time.Time
	// Err is the validation or send error, if any (a *Error for
	// EventPinFailure).
	Err error
}

// emit calls the OnEvent callback, if any.
func (p *Policy) emit(e Event) {
	if p.onEvent != nil {
		p.onEvent(e)
	}
}
