package zipx

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
)

// Sizes and signatures of the zip records read by [scanDirectory].
const (
	eocdLen       = 22
	eocd64LocLen  = 20
	eocd64Len     = 56
	cdHeaderLen   = 46
	localHdrLen   = 30
	eocdSig       = 0x06054b50
	eocd64LocSig  = 0x07064b50
	eocd64Sig     = 0x06064b50
	cdHeaderSig   = 0x02014b50
	maxCommentLen = 0xffff
)

// directory is what [scanDirectory] learnt without allocating per entry.
type directory struct {
	declared uint64  // entry count in the end record (16 or 64 bits)
	entries  int     // central-directory headers archive/zip will read
	offsets  []int64 // local header offset of each, base offset included; nil if any needs zip64
}

// errNoDirectory means the end record was not found or is inconsistent;
// archive/zip then fails with its own error.
var errNoDirectory = errors.New("no end of central directory")

// scanDirectory walks the central directory the way archive/zip's
// Reader.init does — same end-record search, zip64 locator and base-offset
// rule, headers read until the first bad one, whatever count the end record
// states — but streams it, keeping nothing per entry. It stops with a
// limit error at the first header past lim.MaxEntries, so archive/zip never
// materialises more entries than that (each at most its share of the
// directory's bytes).
func scanDirectory(r *Reader, ra io.ReaderAt, size int64) (directory, error) {
	var d directory
	end, endOff, err := findEnd(ra, size)
	if err != nil {
		return d, nil // archive/zip reports it
	}
	d.declared = uint64(binary.LittleEndian.Uint16(end[10:]))
	dirSize, dirOff := uint64(binary.LittleEndian.Uint32(end[12:])), uint64(binary.LittleEndian.Uint32(end[16:]))
	if d.declared == 0xffff || dirSize == 0xffff || dirOff == 0xffffffff {
		if e64, off64, ok := findEnd64(ra, endOff); ok {
			endOff = off64
			d.declared = binary.LittleEndian.Uint64(e64[32:])
			dirSize, dirOff = binary.LittleEndian.Uint64(e64[40:]), binary.LittleEndian.Uint64(e64[48:])
		}
	}
	lim := r.lim
	if lim.MaxEntries > 0 && d.declared > uint64(lim.MaxEntries) {
		return d, r.limitErr("", "central directory declares %d entries, limit is %d", d.declared, lim.MaxEntries)
	}
	if dirSize > 1<<62 || dirOff > 1<<62 {
		return d, nil
	}
	base := endOff - int64(dirSize) - int64(dirOff)
	if o := base + int64(dirOff); o < 0 || o >= size {
		return d, nil
	}
	if base > 0 && headerAt(ra, int64(dirOff), size) {
		base = 0 // archive/zip's rule for a wrong base offset
	}
	br := bufio.NewReaderSize(io.NewSectionReader(ra, base+int64(dirOff), size-base-int64(dirOff)), 64<<10)
	var hdr [cdHeaderLen]byte
	zip64 := false
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil || binary.LittleEndian.Uint32(hdr[:]) != cdHeaderSig {
			return d, nil
		}
		d.entries++
		if lim.MaxEntries > 0 && d.entries > lim.MaxEntries {
			return d, r.limitErr("", "central directory holds more than %d entries (the end record says %d)", lim.MaxEntries, d.declared)
		}
		if off := binary.LittleEndian.Uint32(hdr[42:]); off == 0xffffffff || zip64 {
			zip64, d.offsets = true, nil // in the zip64 extra field: left to archive/zip
		} else {
			d.offsets = append(d.offsets, base+int64(off))
		}
		rest := int64(binary.LittleEndian.Uint16(hdr[28:])) + int64(binary.LittleEndian.Uint16(hdr[30:])) + int64(binary.LittleEndian.Uint16(hdr[32:]))
		if n, err := br.Discard(int(rest)); err != nil || int64(n) != rest {
			return d, nil
		}
	}
}

// findEnd returns the end-of-central-directory record and its offset,
// searching the last 1 KiB and then the last 65 KiB as archive/zip does.
func findEnd(ra io.ReaderAt, size int64) ([]byte, int64, error) {
	for i, n := range []int64{1024, 65 * 1024} {
		n = min(n, size)
		buf := make([]byte, n)
		if _, err := ra.ReadAt(buf, size-n); err != nil && err != io.EOF {
			return nil, 0, err
		}
		for p := len(buf) - eocdLen; p >= 0; p-- {
			if binary.LittleEndian.Uint32(buf[p:]) != eocdSig {
				continue
			}
			if c := int(binary.LittleEndian.Uint16(buf[p+20:])); p+eocdLen+c > len(buf) {
				return nil, 0, errNoDirectory // truncated comment: archive/zip stops here too
			}
			return buf[p : p+eocdLen], size - n + int64(p), nil
		}
		if i == 1 || n == size {
			break
		}
	}
	return nil, 0, errNoDirectory
}

// findEnd64 reads the zip64 end record named by the locator before endOff.
func findEnd64(ra io.ReaderAt, endOff int64) ([]byte, int64, bool) {
	loc := make([]byte, eocd64LocLen)
	if endOff < eocd64LocLen {
		return nil, 0, false
	}
	if _, err := ra.ReadAt(loc, endOff-eocd64LocLen); err != nil ||
		binary.LittleEndian.Uint32(loc) != eocd64LocSig || binary.LittleEndian.Uint32(loc[4:]) != 0 ||
		binary.LittleEndian.Uint32(loc[16:]) != 1 {
		return nil, 0, false
	}
	off := binary.LittleEndian.Uint64(loc[8:])
	if off > 1<<62 {
		return nil, 0, false
	}
	rec := make([]byte, eocd64Len)
	if _, err := ra.ReadAt(rec, int64(off)); err != nil || binary.LittleEndian.Uint32(rec) != eocd64Sig {
		return nil, 0, false
	}
	return rec, int64(off), true
}

// headerAt reports whether a whole central-directory header (with its
// name, extra field and comment) lies at off.
func headerAt(ra io.ReaderAt, off, size int64) bool {
	var hdr [cdHeaderLen]byte
	if off < 0 || off+cdHeaderLen > size {
		return false
	}
	if _, err := ra.ReadAt(hdr[:], off); err != nil || binary.LittleEndian.Uint32(hdr[:]) != cdHeaderSig {
		return false
	}
	rest := int64(binary.LittleEndian.Uint16(hdr[28:])) + int64(binary.LittleEndian.Uint16(hdr[30:])) + int64(binary.LittleEndian.Uint16(hdr[32:]))
	return off+cdHeaderLen+rest <= size
}
