package ipa

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/plistguard"
	"github.com/pinkit/pinkit/internal/zipx"
	"howett.net/plist"
)

// loadBytes loads an IPA held in memory.
func loadBytes(t *testing.T, data []byte) error {
	t.Helper()
	zr, err := zipx.NewReader("hostile.ipa", bytes.NewReader(data), int64(len(data)), zipx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	_, err = loadIPA("hostile.ipa", zr, Options{})
	return err
}

// hostileInfoPlists are Info.plists that crashed or hung howett.net/plist
// before the loader guarded it: nesting that overflows the stack, and a
// binary plist whose arrays each hold the next one twice.
func hostileInfoPlists() map[string][]byte {
	const n = 200_000
	doubling := []byte("bplist00")
	var offs []int
	add := func(o ...byte) { offs = append(offs, len(doubling)); doubling = append(doubling, o...) }
	add(0xd1, 1, 2) // {"k": array 2}
	add(0x51, 'k')
	for i := range 40 {
		add(0xa2, byte(3+i), byte(3+i))
	}
	add(0x09)
	table := len(doubling)
	for _, o := range offs {
		doubling = binary.BigEndian.AppendUint16(doubling, uint16(o))
	}
	trailer := make([]byte, 32)
	trailer[6], trailer[7] = 2, 1
	binary.BigEndian.PutUint64(trailer[8:], uint64(len(offs)))
	binary.BigEndian.PutUint64(trailer[24:], uint64(table))
	doubling = append(doubling, trailer...)
	return map[string][]byte{
		"xml":      []byte(`<?xml version="1.0"?><plist version="1.0"><dict><key>a</key>` + strings.Repeat("<array>", n)),
		"text":     []byte("{a = " + strings.Repeat("(", n)),
		"binary":   doubling,
		"escapes":  []byte(`{a = "` + strings.Repeat(`\t`, 1<<20) + `";}`),
		"xml-dict": []byte("<plist><dict>" + strings.Repeat("<key>k</key><dict>", n)),
	}
}

// Each hostile Info.plist is the IPA's error, refused before the plist
// library sees it. The stack is capped so that the old, unguarded code
// dies here instead of after gigabytes.
func TestLoadIPAHostileInfoPlist(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(64 << 20))
	for name, data := range hostileInfoPlists() {
		ipa := zipBytes(t, entry{name: "Payload/App.app/Info.plist", data: data, store: true}) // stored: no ratio limit applies
		err := loadBytes(t, ipa)
		if !errors.Is(err, plistguard.ErrRefused) || !strings.Contains(err.Error(), "Payload/App.app/Info.plist") {
			t.Errorf("%s: %v, want a refusal naming the file", name, err)
		}
	}
}

// machOOverlap is a 64-bit Mach-O object whose one segment holds n
// __cstring sections all over the same strings.
func machOOverlap(n int, body []byte) []byte {
	const hdr, seg, sect = 32, 72, 80
	cmdsize := seg + sect*n
	dataOff := hdr + cmdsize
	var b bytes.Buffer
	le := func(v ...any) {
		for _, x := range v {
			binary.Write(&b, binary.LittleEndian, x)
		}
	}
	name := func(s string) { var a [16]byte; copy(a[:], s); b.Write(a[:]) }
	le(uint32(0xfeedfacf), uint32(0x0100000c), uint32(0), uint32(1), uint32(1), uint32(cmdsize), uint32(0), uint32(0))
	le(uint32(0x19), uint32(cmdsize))
	name("")
	le(uint64(0), uint64(len(body)), uint64(dataOff), uint64(len(body)), uint32(7), uint32(7), uint32(n), uint32(0))
	for range n {
		name("__cstring")
		name("__TEXT")
		le(uint64(0), uint64(len(body)), uint32(dataOff), uint32(0), uint32(0), uint32(0), uint32(2), uint32(0), uint32(0), uint32(0))
	}
	b.Write(body)
	return b.Bytes()
}

// A Mach-O whose sections all cover the same bytes is read once: the
// strings of 2,000 copies of one section are those of one section.
func TestMachOStringsOverlappingSections(t *testing.T) {
	t.Parallel()
	var body bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&body, "https://h%d.example.com/v1\x00", i)
	}
	for _, n := range []int{1, 2000} {
		img := machOOverlap(n, body.Bytes())
		strs := 0
		err := MachOStrings("overlap", bytes.NewReader(img), int64(len(img)), MachOLimits{}, func(_, _ string) error {
			strs++
			return nil
		})
		if err != nil || strs != 2000 {
			t.Errorf("%d sections: %d strings, %v; want 2000", n, strs, err)
		}
	}
	// Overlapping but distinct ranges stop at the scan budget.
	raw := shiftSections(machOOverlap(500, body.Bytes()), 500, body.Len())
	strs := 0
	err := MachOStrings("shifted", bytes.NewReader(raw), int64(len(raw)), MachOLimits{}, func(_, _ string) error { strs++; return nil })
	if err == nil || !strings.Contains(err.Error(), "scan budget") || strs > 3*2000 {
		t.Errorf("shifted sections: %d strings, %v; want a budget error after at most %d", strs, err, 3*2000)
	}
}

// shiftSections makes section i of a machOOverlap image start i bytes
// later (and end where the others end), so no two ranges are equal.
func shiftSections(raw []byte, n, size int) []byte {
	for i := range n {
		off := 32 + 72 + 80*i + 48
		binary.LittleEndian.PutUint32(raw[off:], binary.LittleEndian.Uint32(raw[off:])+uint32(i))
		binary.LittleEndian.PutUint64(raw[off-8:], uint64(size-i))
	}
	return raw
}

// The IPA loader keeps what it found and reports the budget as a problem.
func TestLoadIPAOverlappingSections(t *testing.T) {
	t.Parallel()
	var body bytes.Buffer
	for i := range 200 {
		fmt.Fprintf(&body, "https://h%d.example.com/v1\x00", i)
	}
	raw := shiftSections(machOOverlap(300, body.Bytes()), 300, body.Len())
	path := writeIPA(t,
		entry{name: "Payload/App.app/Info.plist", data: infoPlist(t, plist.XMLFormat, nil)},
		entry{name: "Payload/App.app/App", data: raw})
	app := load(t, path)
	if len(app.LoadProblems) == 0 || !strings.Contains(app.LoadProblems[0].Message, "scan budget") {
		t.Errorf("problems: %+v", app.LoadProblems)
	}
	if len(app.Hosts) == 0 {
		t.Error("hosts found before the budget ran out were dropped")
	}
}
