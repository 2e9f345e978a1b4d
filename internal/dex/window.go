package dex

import (
	"fmt"
	"io"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// window is a read buffer over part of an io.ReaderAt, refilled on a miss.
// String data and ids are read almost sequentially, so one ReadAt serves
// many strings.
type window struct {
	r     io.ReaderAt
	size  int64
	chunk int
	buf   []byte
	off   int64
}

// bytes returns n bytes at off; the slice is valid until the next call.
func (w *window) bytes(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off+int64(n) > w.size {
		return nil, fmt.Errorf("%w: %d bytes at %#x run past the %d byte file", resbin.ErrFormat, n, off, w.size)
	}
	if off >= w.off && off+int64(n) <= w.off+int64(len(w.buf)) {
		return w.buf[off-w.off : off-w.off+int64(n)], nil
	}
	m := int(min(int64(max(n, w.chunk)), w.size-off))
	if cap(w.buf) < m {
		w.buf = make([]byte, m)
	}
	w.buf = w.buf[:m]
	k, err := w.r.ReadAt(w.buf, off)
	if k < n {
		w.buf = w.buf[:0]
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	w.buf, w.off = w.buf[:k], off
	return w.buf[:n], nil
}
