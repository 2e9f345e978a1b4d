package ipa

import (
	"encoding/binary"
	"fmt"
	"io"
)

// checkMachO validates the counts debug/macho trusts when it allocates
// (load command area, symbol and indirect-symbol tables, section counts)
// against the real size of the image, so a 1 KB hostile file cannot make it
// allocate megabytes.
func checkMachO(r io.ReaderAt, size int64) error {
	var hdr [32]byte
	if size < 28 {
		return fmt.Errorf("file of %d bytes is too short for a Mach-O header", size)
	}
	if _, err := r.ReadAt(hdr[:28], 0); err != nil {
		return fmt.Errorf("failed to read Mach-O header: %w", err)
	}
	bo, hdrLen, ok := machoOrder(hdr[:4])
	if !ok {
		return nil // not thin Mach-O: debug/macho reports it
	}
	ncmds, cmdsz := int64(bo.Uint32(hdr[16:])), int64(bo.Uint32(hdr[20:]))
	if hdrLen+cmdsz > size || ncmds*8 > cmdsz {
		return fmt.Errorf("load commands (%d, %d bytes) exceed the %d-byte file", ncmds, cmdsz, size)
	}
	cmds := make([]byte, cmdsz)
	if _, err := r.ReadAt(cmds, hdrLen); err != nil {
		return fmt.Errorf("failed to read load commands: %w", err)
	}
	for off := int64(0); off+8 <= cmdsz; {
		cmd, n := bo.Uint32(cmds[off:]), int64(bo.Uint32(cmds[off+4:]))
		if n < 8 || off+n > cmdsz {
			return fmt.Errorf("load command at offset %d has bad size %d", off, n)
		}
		if err := checkCommand(bo, cmd, cmds[off:off+n], size); err != nil {
			return err
		}
		off += n
	}
	return nil
}

func machoOrder(magic []byte) (binary.ByteOrder, int64, bool) {
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		switch bo.Uint32(magic) {
		case 0xfeedface:
			return bo, 28, true
		case 0xfeedfacf:
			return bo, 32, true
		}
	}
	return nil, 0, false
}

func checkCommand(bo binary.ByteOrder, cmd uint32, b []byte, size int64) error {
	u := func(i int) int64 {
		if i+4 > len(b) {
			return 1 << 40 // a field past the command: fail the check below
		}
		return int64(bo.Uint32(b[i:]))
	}
	switch cmd {
	case 0x2: // LC_SYMTAB: symoff nsyms stroff strsize
		if u(8)+u(12)*16 > size || u(16)+u(20) > size {
			return fmt.Errorf("symbol table exceeds the %d-byte file", size)
		}
	case 0xb: // LC_DYSYMTAB: indirectsymoff nindirectsyms
		if u(56)+u(60)*4 > size {
			return fmt.Errorf("indirect symbol table exceeds the %d-byte file", size)
		}
	case 0x1: // LC_SEGMENT: nsects at 48, 68-byte sections after 56, reloff/nreloc at +40/+44
		return checkSections(u, 48, 56, 68, 40, len(b), size)
	case 0x19: // LC_SEGMENT_64: nsects at 64, 80-byte sections after 72, reloff/nreloc at +56/+60
		return checkSections(u, 64, 72, 80, 56, len(b), size)
	}
	return nil
}

// checkSections bounds a segment's section headers and their relocations.
func checkSections(u func(int) int64, nsectsAt, first, width, relAt, cmdLen int, size int64) error {
	n := u(nsectsAt)
	if int64(first)+n*int64(width) > int64(cmdLen) {
		return fmt.Errorf("segment declares more sections than its command holds")
	}
	for i := range int(n) {
		sec := first + i*width
		if u(sec+relAt)+u(sec+relAt+4)*8 > size {
			return fmt.Errorf("section %d relocations exceed the %d-byte file", i, size)
		}
	}
	return nil
}

// checkFat validates a fat header's slices (each must lie inside the file
// and pass [checkMachO]) before debug/macho parses them.
func checkFat(r io.ReaderAt, size int64, maxArches int) error {
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil || binary.BigEndian.Uint32(hdr[:]) != 0xcafebabe {
		return nil // not fat: the thin path checks it
	}
	n := int(binary.BigEndian.Uint32(hdr[4:]))
	if n > maxArches {
		return fmt.Errorf("fat binary has %d slices, limit %d", n, maxArches)
	}
	arch := make([]byte, 20)
	for i := range n {
		if _, err := r.ReadAt(arch, 8+int64(i)*20); err != nil {
			return fmt.Errorf("failed to read fat slice %d: %w", i, err)
		}
		off, sz := int64(binary.BigEndian.Uint32(arch[8:])), int64(binary.BigEndian.Uint32(arch[12:]))
		if off+sz > size {
			return fmt.Errorf("fat slice %d exceeds the %d-byte file", i, size)
		}
		if err := checkMachO(io.NewSectionReader(r, off, sz), sz); err != nil {
			return fmt.Errorf("fat slice %d: %w", i, err)
		}
	}
	return nil
}
