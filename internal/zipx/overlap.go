package zipx

import (
	"cmp"
	"fmt"
	"slices"
)

// checkOverlap refuses an archive whose entries share bytes: two
// central-directory entries naming one local header, or an entry whose
// compressed data runs over the next entry (the overlapping-file zip bomb,
// where a few megabytes stand for gigabytes of output). Android refuses
// the first kind too: libziparchive checks that the local header's name
// matches the central directory's.
//
// With the local header offsets of the central directory (headers, one per
// entry in order, from [scanDirectory]), an entry spans at least its
// 30-byte local header, its name and its compressed data; no read is
// needed. Otherwise (zip64 offsets) each entry's data offset is read from
// its local header, and an entry whose local header cannot be read is
// skipped here and fails when opened.
func (r *Reader) checkOverlap(headers []int64) error {
	type span struct {
		start, end int64
		f          *File
	}
	spans := make([]span, 0, len(r.files))
	for i, f := range r.files {
		start := int64(0)
		if len(headers) == len(r.files) {
			start = headers[i]
		} else if off, err := f.zf.DataOffset(); err == nil {
			start = off
		} else {
			continue
		}
		end := start + int64(min(f.zf.CompressedSize64, 1<<62))
		if len(headers) == len(r.files) {
			end += localHdrLen + int64(len(f.zf.Name))
		}
		spans = append(spans, span{start, end, f})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(spans); i++ {
		if prev, cur := spans[i-1], spans[i]; cur.start < prev.end || cur.start == prev.start {
			return &Error{Archive: r.name, Entry: cur.f.zf.Name,
				What: fmt.Sprintf("entry at %d overlaps entry %q (at %d, %d bytes)", cur.start, prev.f.zf.Name, prev.start, prev.end-prev.start),
				Err:  ErrFormat}
		}
	}
	return nil
}
