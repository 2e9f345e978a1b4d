package zipx

import (
	"fmt"
	"hash"
	"io"
	"os"
)

// countingReader counts the compressed bytes the decompressor consumed.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// limitedReader decompresses one entry, counts what it produces, checks the
// CRC-32 and declared size at the end, and stops at the first limit.
type limitedReader struct {
	f          *File
	rc         io.Reader
	inf        *inflater // non-nil for deflated entries; returned to the pool on Close
	compressed *countingReader
	crc        hash.Hash32
	n          int64
	err        error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if lim := l.f.r.lim.MaxEntrySize; lim > 0 && int64(len(p)) > lim-l.n+1 {
		p = p[:lim-l.n+1] // read at most one byte past the limit
	}
	n, err := l.rc.Read(p)
	l.n += int64(n)
	l.crc.Write(p[:n])
	if lerr := l.check(l.f.r.total.Add(int64(n))); lerr != nil {
		l.err = lerr
		return 0, lerr
	}
	if err == io.EOF {
		err = l.finish()
	}
	if err != nil && err != io.EOF {
		l.err = l.f.wrap("failed to decompress entry", err)
		return n, l.err
	}
	return n, err
}

func (l *limitedReader) finish() error {
	zf := l.f.zf
	if uint64(l.n) != zf.UncompressedSize64 {
		return fmt.Errorf("%w: entry decompressed to %d bytes, header declares %d", ErrFormat, l.n, zf.UncompressedSize64)
	}
	if zf.CRC32 != 0 && l.crc.Sum32() != zf.CRC32 {
		return fmt.Errorf("%w: CRC-32 mismatch", ErrFormat)
	}
	return io.EOF
}

func (l *limitedReader) check(total int64) error {
	lim, f := l.f.r.lim, l.f
	switch {
	case lim.MaxEntrySize > 0 && l.n > lim.MaxEntrySize:
		return f.r.limitErr(f.zf.Name, "decompressed size exceeds the %d byte entry limit", lim.MaxEntrySize)
	case uint64(l.n) > f.zf.UncompressedSize64:
		return f.wrap("failed to decompress entry", fmt.Errorf("%w: entry inflates past its declared %d bytes", ErrFormat, f.zf.UncompressedSize64))
	case lim.MaxTotalSize > 0 && total > lim.MaxTotalSize:
		return f.r.limitErr(f.zf.Name, "archive decompressed more than the %d byte total limit", lim.MaxTotalSize)
	case lim.MaxTotalRatio > 0 && total > lim.TotalRatioFloor && total/lim.MaxTotalRatio > f.r.size:
		return f.r.limitErr(f.zf.Name, "archive decompressed more than %d times its %d bytes", lim.MaxTotalRatio, f.r.size)
	case lim.MaxRatio > 0 && l.n > lim.RatioFloor && l.n > lim.MaxRatio*max(l.compressed.n, 1):
		return f.r.limitErr(f.zf.Name, "compression ratio exceeds %d:1 (%d compressed bytes gave %d)", lim.MaxRatio, l.compressed.n, l.n)
	}
	return nil
}

func (l *limitedReader) Close() error {
	if l.err == nil {
		l.err = l.f.wrap("failed to read entry", os.ErrClosed)
	}
	if l.inf != nil {
		l.inf.br.Reset(nil)
		l.f.r.pool.Put(l.inf)
		l.inf = nil
	}
	return nil
}
