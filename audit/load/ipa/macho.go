package ipa

import (
	"bufio"
	"debug/macho"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
)

// String-bearing sections read from a Mach-O image. __ustring holds UTF-16
// literals; the others hold NUL-terminated or packed byte strings.
var stringSections = map[string]bool{
	"__cstring":        true,
	"__const":          true,
	"__ustring":        true,
	"__swift5_reflstr": true,
	"__rodata":         true,
	"__objc_methname":  true,
	"__oslogstring":    true,
}

// MachOLimits bounds the work [MachOStrings] does on untrusted input.
type MachOLimits struct {
	MinLen     int   // shortest string reported (default 4)
	MaxString  int   // longest string kept; longer runs are cut (default 4096)
	MaxSection int64 // largest section read (default 256 MiB)
	MaxArches  int   // most slices of a fat binary (default 8)
	// ScanRatio caps the bytes read from string sections, over all
	// slices, at this multiple of the image size (default 2). Sections of a
	// real image never overlap, so they total less than the image; a
	// section repeated over the same range is read once.
	ScanRatio int64
}

func (l *MachOLimits) defaults() {
	if l.MinLen <= 0 {
		l.MinLen = 4
	}
	if l.MaxString <= 0 {
		l.MaxString = 4096
	}
	if l.MaxSection <= 0 {
		l.MaxSection = 256 << 20
	}
	if l.MaxArches <= 0 {
		l.MaxArches = 8
	}
	if l.ScanRatio <= 0 {
		l.ScanRatio = 2
	}
}

// scanBudget tracks the section ranges read from one image.
type scanBudget struct {
	left int64
	seen map[[2]uint64]bool // (file offset, size) of sections already read
}

// take reports whether a section at the offset off of size n, in an image
// of end bytes starting at base in the file, is to be read: false when it
// was read already, an error when the budget is spent. Only bytes inside
// the image count.
func (b *scanBudget) take(base, end int64, off uint32, n uint64) (bool, error) {
	key := [2]uint64{uint64(base) + uint64(off), n}
	if b.seen[key] {
		return false, nil
	}
	n = min(n, uint64(max(end-int64(off), 0)))
	if n > uint64(b.left) {
		return false, errors.New("string sections add up to more than the scan budget (overlapping sections?)")
	}
	b.left -= int64(n)
	b.seen[key] = true
	return true, nil
}

// MachOStrings calls fn for every printable string in the string sections
// of a thin or fat Mach-O image, section by section, streaming. Strings of
// a fat binary's slices are reported once per slice.
func MachOStrings(name string, r io.ReaderAt, size int64, lim MachOLimits, fn func(section, s string) error) (err error) {
	lim.defaults()
	defer func() {
		if p := recover(); p != nil { // debug/macho on hostile input
			err = fmt.Errorf("%s: malformed Mach-O: %v", name, p)
		}
	}()
	budget := &scanBudget{left: lim.ScanRatio * size, seen: map[[2]uint64]bool{}}
	if err := checkFat(r, size, lim.MaxArches); err != nil {
		return fmt.Errorf("%s: malformed fat Mach-O: %w", name, err)
	}
	fat, ferr := macho.NewFatFile(r)
	if ferr == nil {
		defer fat.Close()
		for _, a := range fat.Arches {
			if err := fileStrings(name, a.File, int64(a.Offset), int64(a.Size), lim, budget, fn); err != nil {
				return err
			}
		}
		return nil
	}
	if !errors.Is(ferr, macho.ErrNotFat) {
		return fmt.Errorf("%s: malformed fat Mach-O: %w", name, ferr)
	}
	if err := checkMachO(r, size); err != nil {
		return fmt.Errorf("%s: malformed Mach-O: %w", name, err)
	}
	f, err := macho.NewFile(r)
	if err != nil {
		return fmt.Errorf("%s: not a Mach-O executable: %w", name, err)
	}
	defer f.Close()
	return fileStrings(name, f, 0, size, lim, budget, fn)
}

// fileStrings scans one image (a thin file, or a fat slice of end bytes at
// base).
func fileStrings(name string, f *macho.File, base, end int64, lim MachOLimits, budget *scanBudget, fn func(section, s string) error) error {
	for _, s := range f.Sections {
		if !stringSections[s.Name] {
			continue
		}
		if int64(s.Size) > lim.MaxSection {
			return fmt.Errorf("%s: section %s,%s is %d bytes, limit %d", name, s.Seg, s.Name, s.Size, lim.MaxSection)
		}
		if s.Offset == 0 { // zero-fill section: nothing on disk
			continue
		}
		if ok, err := budget.take(base, end, s.Offset, s.Size); err != nil {
			return fmt.Errorf("%s: section %s,%s: %w", name, s.Seg, s.Name, err)
		} else if !ok {
			continue
		}
		sc := &scanner{min: lim.MinLen, max: lim.MaxString, emit: func(str string) error { return fn(s.Name, str) }}
		var err error
		if s.Name == "__ustring" {
			err = sc.utf16(s.Open())
		} else {
			err = sc.bytes(s.Open())
		}
		if err != nil {
			return fmt.Errorf("%s: section %s,%s: %w", name, s.Seg, s.Name, err)
		}
	}
	return nil
}

// runOverlap is how many bytes of a cut run start the next piece.
const runOverlap = 512

// scanner cuts printable runs out of a byte stream.
type scanner struct {
	min, max int
	emit     func(string) error
	buf      []byte
}

func (sc *scanner) flush() error {
	defer func() { sc.buf = sc.buf[:0] }()
	if len(sc.buf) >= sc.min {
		return sc.emit(string(sc.buf))
	}
	return nil
}

func (sc *scanner) add(c byte) error {
	if len(sc.buf) >= sc.max {
		// A run longer than max (packed, unterminated string data) is cut
		// into overlapping pieces so a URL across a cut is still seen whole.
		keep := min(runOverlap, sc.max/2)
		tail := append([]byte(nil), sc.buf[len(sc.buf)-keep:]...)
		if err := sc.flush(); err != nil {
			return err
		}
		sc.buf = append(sc.buf, tail...)
	}
	sc.buf = append(sc.buf, c)
	return nil
}

func printable(c rune) bool { return c >= 0x20 && c < 0x7f || c == '\t' }

func (sc *scanner) bytes(r io.Reader) error {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if ferr := sc.chunk(buf[:n]); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return sc.flush()
		}
		if err != nil {
			return err
		}
	}
}

// chunk feeds a block of bytes: printable runs are appended whole, the
// rest ends the current run.
func (sc *scanner) chunk(p []byte) error {
	for len(p) > 0 {
		i := 0
		for i < len(p) && printable(rune(p[i])) {
			i++
		}
		if i > 0 && len(sc.buf)+i <= sc.max {
			sc.buf = append(sc.buf, p[:i]...)
		} else {
			for _, c := range p[:i] {
				if err := sc.add(c); err != nil {
					return err
				}
			}
		}
		if i == len(p) {
			return nil
		}
		if err := sc.flush(); err != nil {
			return err
		}
		p = p[i+1:]
	}
	return nil
}

func (sc *scanner) utf16(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var pair [2]byte
	for {
		if _, err := io.ReadFull(br, pair[:]); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return sc.flush()
			}
			return err
		}
		u := rune(utf16.Decode([]uint16{uint16(pair[0]) | uint16(pair[1])<<8})[0])
		var err error
		if printable(u) {
			err = sc.add(byte(u))
		} else {
			err = sc.flush()
		}
		if err != nil {
			return err
		}
	}
}
