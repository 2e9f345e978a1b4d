// Package zipx reads untrusted zip archives (APK, IPA) with hard limits.
//
// Most callers use [Open] with [DefaultLimits], then [Reader.Find] and
// [File.ReadAll]. The package wraps archive/zip but never trusts the sizes an
// archive declares: every byte that is decompressed is counted, and an entry
// stops with an error as soon as it exceeds [Limits.MaxEntrySize], its
// compression ratio exceeds [Limits.MaxRatio], or the archive as a whole has
// produced more than [Limits.MaxTotalSize] bytes. Zip bombs therefore cost a
// bounded amount of CPU and memory and fail with an error that names the
// archive and the entry.
//
// # Duplicate entry names
//
// Android refuses to install an APK with two entries of the same name
// (libziparchive returns kDuplicateEntry, "Duplicate entry" in
// java.util.zip.ZipFile since the 2013 "Master Key" fix), because tools that
// pick the first and tools that pick the last copy disagree about what the
// app contains. zipx does the same by default: [Open] fails with an error
// wrapping [ErrDuplicate]. With [Limits.AllowDuplicates] set, the archive
// opens, [Reader.Files] lists every copy in central-directory order and
// [Reader.Find] returns the first copy (deterministic, but not what any
// installer would do).
//
// # Path traversal
//
// Entry names are not checked: zipx reads archives in place and never
// writes an entry to disk, and no pinkit loader extracts one. Code that
// extracts must validate names itself.
package zipx

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	// klauspost's inflater: the same DEFLATE decoder as compress/flate's
	// design, about 2x faster on DEX files (bench/RESULTS-speed.md), where
	// inflating was three quarters of a code-heavy APK's audit.
	"github.com/klauspost/compress/flate"
)

// ErrLimit is wrapped by every error caused by an archive exceeding a [Limits] cap.
var ErrLimit = errors.New("zip limit exceeded")

// ErrFormat is wrapped by errors for archives that are not valid zip files.
var ErrFormat = errors.New("not a valid zip archive")

// ErrDuplicate is wrapped by the error [Open] returns for an archive with two
// entries of the same name (see the package documentation).
var ErrDuplicate = errors.New("duplicate zip entry")

// Limits caps what one archive may cost. A zero field means "no limit" for
// that field; use [DefaultLimits] as the starting point.
type Limits struct {
	MaxEntries      int   // number of entries in the central directory
	MaxEntrySize    int64 // decompressed bytes of one entry
	MaxTotalSize    int64 // decompressed bytes over every read of the archive
	MaxRatio        int64 // decompressed / compressed bytes of one entry
	RatioFloor      int64 // the ratio is only checked once an entry has produced this many bytes
	MaxNameLen      int   // bytes in one entry name
	AllowDuplicates bool  // open archives with duplicate names (Find returns the first)
	// MaxTotalRatio caps the decompressed bytes over every read of the
	// archive at this multiple of the archive's size, once they pass
	// TotalRatioFloor: a loader reads a few entries (code, manifest,
	// resources), never more than a few times the archive.
	MaxTotalRatio   int64
	TotalRatioFloor int64
}

// DefaultLimits returns limits far above any real APK or IPA: 100 000
// entries, 512 MiB per entry, 4 GiB in total and at most 10 times the
// archive's size past 32 MiB, a 200:1 compression ratio per entry (checked
// past 1 MiB) and 4 KiB names.
func DefaultLimits() Limits {
	return Limits{
		MaxEntries:      100_000,
		MaxEntrySize:    512 << 20,
		MaxTotalSize:    4 << 30,
		MaxRatio:        200,
		RatioFloor:      1 << 20,
		MaxNameLen:      4096,
		MaxTotalRatio:   10,
		TotalRatioFloor: 32 << 20,
	}
}

// Error describes what is wrong with an archive or one of its entries.
type Error struct {
	Archive string // archive name as given to Open or NewReader
	Entry   string // entry name, empty for archive-level problems
	What    string // what is wrong
	Err     error  // ErrLimit, ErrFormat, ErrDuplicate or an underlying error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Entry == "" {
		return fmt.Sprintf("%s: %s: %v", e.Archive, e.What, e.Err)
	}
	return fmt.Sprintf("%s: entry %q: %s: %v", e.Archive, e.Entry, e.What, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Reader is an open archive. Its methods are safe for concurrent use.
type Reader struct {
	name   string
	lim    Limits
	size   int64 // of the archive
	files  []*File
	byName map[string]*File
	total  atomic.Int64
	closer io.Closer
	pool   sync.Pool // of *inflater, reused across entries like archive/zip does
}

// inflater is a reusable deflate decoder with its input buffer.
type inflater struct {
	br *bufio.Reader
	fr io.ReadCloser
}

func (r *Reader) inflater(src io.Reader) *inflater {
	if inf, ok := r.pool.Get().(*inflater); ok {
		inf.br.Reset(src)
		inf.fr.(flate.Resetter).Reset(inf.br, nil)
		return inf
	}
	br := bufio.NewReaderSize(src, 4096)
	return &inflater{br: br, fr: flate.NewReader(br)}
}

// File is one entry of a [Reader].
type File struct {
	zf *zip.File
	r  *Reader
}

// Open opens the archive at path with the given limits.
func Open(path string, lim Limits) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("failed to open archive: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("failed to open archive: %w", err)
	}
	r, err := NewReader(path, f, fi.Size(), lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closer = f
	return r, nil
}

// NewReader reads an archive of the given size from ra. name is used in
// error messages only.
func NewReader(name string, ra io.ReaderAt, size int64, lim Limits) (*Reader, error) {
	r := &Reader{name: name, lim: lim, size: size}
	dir, err := scanDirectory(r, ra, size)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &Error{Archive: name, What: "failed to read central directory", Err: fmt.Errorf("%w: %w", ErrFormat, err)}
	}
	if lim.MaxEntries > 0 && len(zr.File) > lim.MaxEntries {
		return nil, r.limitErr("", "archive has %d entries, limit is %d", len(zr.File), lim.MaxEntries)
	}
	if err := r.index(zr.File); err != nil {
		return nil, err
	}
	if err := r.checkOverlap(dir.offsets); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Reader) index(zfs []*zip.File) error {
	r.files = make([]*File, 0, len(zfs))
	r.byName = make(map[string]*File, len(zfs))
	for _, zf := range zfs {
		if r.lim.MaxNameLen > 0 && len(zf.Name) > r.lim.MaxNameLen {
			return r.limitErr(zf.Name[:min(len(zf.Name), 64)]+"...", "entry name is %d bytes, limit is %d", len(zf.Name), r.lim.MaxNameLen)
		}
		f := &File{zf: zf, r: r}
		r.files = append(r.files, f)
		if _, dup := r.byName[zf.Name]; dup {
			if !r.lim.AllowDuplicates {
				return &Error{Archive: r.name, Entry: zf.Name, What: "name appears more than once (Android rejects such archives)", Err: ErrDuplicate}
			}
			continue
		}
		r.byName[zf.Name] = f
	}
	return nil
}

// Close releases the file opened by [Open]. It is a no-op for [NewReader].
func (r *Reader) Close() error {
	if r.closer == nil {
		return nil
	}
	return r.closer.Close()
}

// Name returns the archive name used in errors.
func (r *Reader) Name() string { return r.name }

// Files returns every entry in central-directory order.
func (r *Reader) Files() []*File { return r.files }

// Find returns the entry with exactly this name (the first one when
// duplicates are allowed).
func (r *Reader) Find(name string) (*File, bool) {
	f, ok := r.byName[name]
	return f, ok
}

// TotalRead returns the decompressed bytes produced so far by all entries.
func (r *Reader) TotalRead() int64 { return r.total.Load() }

func (r *Reader) limitErr(entry, format string, args ...any) error {
	return &Error{Archive: r.name, Entry: entry, What: fmt.Sprintf(format, args...), Err: ErrLimit}
}

// Name returns the entry name as stored in the archive.
func (f *File) Name() string { return f.zf.Name }

// Size returns the uncompressed size the archive declares (not trusted by reads).
func (f *File) Size() int64 { return int64(f.zf.UncompressedSize64) }

// CompressedSize returns the compressed size the archive declares.
func (f *File) CompressedSize() int64 { return int64(f.zf.CompressedSize64) }

// IsDir reports whether the entry is a directory.
func (f *File) IsDir() bool { return strings.HasSuffix(f.zf.Name, "/") }

// Open returns a stream of the entry's decompressed bytes that fails once a
// limit is exceeded.
func (f *File) Open() (io.ReadCloser, error) {
	lim := f.r.lim
	if lim.MaxEntrySize > 0 && f.zf.UncompressedSize64 > uint64(lim.MaxEntrySize) {
		return nil, f.r.limitErr(f.zf.Name, "declared size %d bytes exceeds the %d byte entry limit", f.zf.UncompressedSize64, lim.MaxEntrySize)
	}
	raw, err := f.zf.OpenRaw()
	if err != nil {
		return nil, f.wrap("failed to open entry", err)
	}
	cr := &countingReader{r: raw}
	l := &limitedReader{f: f, compressed: cr, crc: crc32.NewIEEE()}
	switch f.zf.Method {
	case zip.Store:
		l.rc = cr
	case zip.Deflate:
		l.inf = f.r.inflater(cr)
		l.rc = l.inf.fr
	default:
		return nil, f.wrap("failed to open entry", fmt.Errorf("%w: unsupported compression method %d (only stored and deflated entries are read, as on Android)", ErrFormat, f.zf.Method))
	}
	return l, nil
}

// ReadAll returns the entry's decompressed bytes, enforcing every limit.
func (f *File) ReadAll() ([]byte, error) { return f.ReadAllInto(nil) }

// MaxPrealloc is the most [File.ReadAllInto] allocates ahead from an
// entry's declared size, which is untrusted; past it, the buffer grows as
// the entry actually inflates.
const MaxPrealloc = 64 << 20

// ReadAllInto is ReadAll into buf's memory (grown as needed; the result
// may share it), so a caller reading many entries reuses one buffer. A
// buffer it has to replace gets 1/8 slack, so that the next, slightly
// larger entry fits.
func (f *File) ReadAllInto(buf []byte) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if want := min(f.zf.UncompressedSize64, MaxPrealloc) + 1; uint64(cap(buf)) < want {
		if buf != nil {
			want += want / 8
		}
		buf = make([]byte, 0, want)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := rc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (f *File) wrap(what string, err error) error {
	var ze *Error
	if errors.As(err, &ze) {
		return err
	}
	var corrupt flate.CorruptInputError
	if errors.As(err, &corrupt) || errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrAlgorithm) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("%w: %w", ErrFormat, err)
	}
	return &Error{Archive: f.r.name, Entry: f.zf.Name, What: what, Err: err}
}
