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
// matches the central directory's. Each entry's data offset comes from its
// local header (one small read per entry); an entry whose local header
// cannot be read is skipped here and fails when opened.
func (r *Reader) checkOverlap() error {
	type span struct {
		start, end int64
		f          *File
	}
	spans := make([]span, 0, len(r.files))
	for _, f := range r.files {
		off, err := f.zf.DataOffset()
		if err != nil {
			continue
		}
		end := off + int64(min(f.zf.CompressedSize64, 1<<62))
		spans = append(spans, span{off, end, f})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(spans); i++ {
		if prev, cur := spans[i-1], spans[i]; cur.start < prev.end || cur.start == prev.start {
			return &Error{Archive: r.name, Entry: cur.f.zf.Name,
				What: fmt.Sprintf("data at %d overlaps entry %q (data at %d, %d bytes)", cur.start, prev.f.zf.Name, prev.start, prev.end-prev.start),
				Err:  ErrFormat}
		}
	}
	return nil
}
