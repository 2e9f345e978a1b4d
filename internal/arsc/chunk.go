package arsc

import (
	"encoding/binary"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// eachChild calls fn for every chunk inside c after its header.
func (d *decoder) eachChild(c resbin.Chunk, fn func(resbin.Chunk) error) error {
	for pos := c.HeaderSize; pos < len(c.Data); {
		if len(c.Data)-pos < resbin.ChunkHeaderSize && allZero(c.Data[pos:]) {
			return nil // trailing padding
		}
		child, err := resbin.ReadChunk(c.Data, pos, c.Off)
		if err != nil {
			return resbin.Label(err, "arsc")
		}
		if d.chunks++; resbin.Over(d.chunks, d.lim.MaxChunks) {
			return limitErr(child.Off, "more than %d chunks", d.lim.MaxChunks)
		}
		if err := fn(child); err != nil {
			return err
		}
		pos += len(child.Data)
	}
	return nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func u16(b []byte, i int) uint16 { return binary.LittleEndian.Uint16(b[i:]) }
func u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }
