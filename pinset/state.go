package pinset

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

const stateFormat = "pinkit-updater-state-v1"

// state is the updater's state file: the current root, the rollback floor
// and the last accepted set, each document kept byte for byte.
type state struct {
	Format  string `json:"format"`
	Root    []byte `json:"root"`
	Version int64  `json:"version"`
	PinSet  []byte `json:"pinset,omitempty"`
}

// loadState restores the root, the rollback floor and the live set. A root
// older than the shipped one is ignored (an app update wins); a set that
// no longer verifies or has expired leaves the shipped pins live but keeps
// its version as the rollback floor.
func (u *Updater) loadState() error {
	if u.cfg.StatePath == "" {
		return nil
	}
	f, err := os.Open(u.cfg.StatePath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &Error{Reason: ReasonState, Detail: err.Error()}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 4*MaxDocumentSize))
	var st state
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err == nil && st.Format != stateFormat {
		err = fmt.Errorf("format %q, want %q", st.Format, stateFormat)
	}
	if err != nil {
		return &Error{Reason: ReasonState, Detail: fmt.Sprintf("failed to read %s: %v", u.cfg.StatePath, err)}
	}
	u.last = max(st.Version, 0)
	if r, err := LoadRoot(st.Root); err == nil && r.Version > u.root.Version {
		u.root = r
	}
	if st.PinSet == nil {
		return nil
	}
	set, err := u.root.Verify(st.PinSet, 0, u.cfg.Clock())
	switch {
	case ReasonOf(err) == ReasonExpired:
		u.emit(Event{Kind: EventExpiredFallback, Reason: ReasonExpired, Err: err})
		return nil
	case err != nil:
		return err
	}
	policy, err := set.Policy(u.cfg.PolicyOptions...)
	if err != nil {
		return &Error{Reason: ReasonInvalidPolicy, Detail: err.Error()}
	}
	u.last = max(u.last, set.Version)
	u.lastRaw = set.Raw
	u.live.Store(&live{policy: policy, set: set})
	return nil
}

// saveState writes the state file atomically: a temporary file in the
// same directory, synced, then renamed over the old one.
func (u *Updater) saveState() error {
	if u.cfg.StatePath == "" {
		return nil
	}
	st := state{Format: stateFormat, Root: u.root.Raw, Version: u.last}
	if l := u.live.Load(); l.set != nil {
		st.PinSet = l.set.Raw
	}
	data, err := json.Marshal(st)
	if err == nil {
		err = writeFileAtomic(u.cfg.StatePath, data)
	}
	if err != nil {
		err = &Error{Reason: ReasonState, Detail: fmt.Sprintf("failed to write state: %v", err)}
		u.emit(Event{Kind: EventRejected, Reason: ReasonState, Err: err})
	}
	return err
}

// writeFileAtomic replaces path with data (mode 0600) so that a reader
// sees either the old or the new file, never a torn one.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
