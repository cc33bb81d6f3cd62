// Command damaged writes profiles that are damaged in ways pprof accepts,
// by hand (a tiny protobuf and gzip-header encoder of its own): fields
// numbered 0 or past 2^29 in every message (pprof skips a field it does not
// know, whatever its number), a location naming a missing mapping (pprof
// leaves it without one), and gzip headers with the reserved flag bits set,
// on the first or a later member, or with every optional header field
// (extra, name, comment, header CRC; the reserved bits with all but the
// header CRC). Go's compress/gzip ignores the
// reserved bits; zlib refuses them.
//
//	damaged OUTDIR
package main

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
)

type buf []byte

func (b *buf) varint(x uint64) {
	for x >= 0x80 {
		*b = append(*b, byte(x)|0x80)
		x >>= 7
	}
	*b = append(*b, byte(x))
}

func (b *buf) key(field uint64, wire int)  { b.varint(field<<3 | uint64(wire)) }
func (b *buf) uint(field uint64, x uint64) { b.key(field, 0); b.varint(x) }
func (b *buf) bytes(field uint64, data []byte) {
	b.key(field, 2)
	b.varint(uint64(len(data)))
	*b = append(*b, data...)
}
func (b *buf) fixed64(field uint64, x uint64) {
	b.key(field, 1)
	*b = binary.LittleEndian.AppendUint64(*b, x)
}
func (b *buf) fixed32(field uint64, x uint32) {
	b.key(field, 5)
	*b = binary.LittleEndian.AppendUint32(*b, x)
}
func packed(xs ...uint64) []byte {
	var p buf
	for _, x := range xs {
		p.varint(x)
	}
	return p
}

// junk is a run of fields no decoder knows: number 0 of each wire type,
// then numbers past what protobuf-c reads (2^29, 2^40, 2^61-1).
func junk() buf {
	var b buf
	b.uint(0, 7)
	b.fixed64(0, 1)
	b.bytes(0, []byte("zero"))
	b.fixed32(0, 2)
	b.uint(1<<29, 3)
	b.bytes(1<<40, []byte("far"))
	b.fixed32(1<<61-1, 4)
	return b
}

// prof is a small CPU-like profile; extra (when set) is appended to each of
// its messages, missing names a location's mapping that does not exist.
func prof(extra buf, missingMapping bool) []byte {
	strs := []string{"", "samples", "count", "cpu", "nanoseconds", "main.main", "main.go",
		"main.work", "/bin/prog", "k", "v", "runtime.main", "proc.go"}
	vt := func(t, u uint64) []byte {
		var b buf
		b.uint(1, t)
		b.uint(2, u)
		return append(b, extra...)
	}
	var p buf
	p.bytes(1, vt(1, 2))
	p.bytes(1, vt(3, 4))
	samples := [][]uint64{{2, 1, 3}, {1, 3}, {2, 3}, {3}}
	for i, s := range samples {
		var b buf
		b.bytes(1, packed(s...))
		b.bytes(2, packed(uint64(i+1), uint64(10*(i+1))))
		var l buf
		l.uint(1, 9)
		l.uint(2, 10)
		l = append(l, extra...)
		if i%2 == 0 {
			b.bytes(3, l)
		}
		p.bytes(2, append(b, extra...))
	}
	var m buf
	m.uint(1, 1)
	m.uint(2, 0x400000)
	m.uint(3, 0x500000)
	m.uint(5, 8)
	m.uint(7, 1)
	m.uint(9, 1)
	p.bytes(3, append(m, extra...))
	for id, fn := range []uint64{1: 1, 2: 2, 3: 3}[1:] {
		var ln buf
		ln.uint(1, fn)
		ln.uint(2, uint64(10+id))
		ln = append(ln, extra...)
		var l buf
		l.uint(1, uint64(id+1))
		mid := uint64(1)
		if missingMapping && id == 1 {
			mid = 7
		}
		l.uint(2, mid)
		l.uint(3, 0x400100+uint64(id)*0x10)
		l.bytes(4, ln)
		p.bytes(4, append(l, extra...))
	}
	for id, f := range [][3]uint64{{5, 6}, {7, 6}, {11, 12}} {
		var b buf
		b.uint(1, uint64(id+1))
		b.uint(2, f[0])
		b.uint(3, f[0])
		b.uint(4, f[1])
		p.bytes(5, append(b, extra...))
	}
	for _, s := range strs {
		p.bytes(6, []byte(s))
	}
	p.uint(9, 1700000000000000000)
	p.uint(10, 2500000000)
	p.bytes(11, vt(3, 4))
	p.uint(12, 10000000)
	return append(p, extra...)
}

// member is one gzip member of data with the given flag byte; FEXTRA,
// FNAME, FCOMMENT and FHCRC add their fields, the reserved bits nothing.
func member(data []byte, flg byte) []byte {
	h := []byte{0x1f, 0x8b, 8, flg, 0, 0, 0, 0, 0, 255}
	if flg&4 != 0 {
		h = append(h, 4, 0, 'a', 'b', 'c', 'd')
	}
	if flg&8 != 0 {
		h = append(h, "prof.pb\x00"...)
	}
	if flg&16 != 0 {
		h = append(h, "a comment\x00"...)
	}
	if flg&2 != 0 {
		h = binary.LittleEndian.AppendUint16(h, uint16(crc32.ChecksumIEEE(h)))
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, 6)
	w.Write(data)
	w.Close()
	out := append(h, z.Bytes()...)
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(data))
	return binary.LittleEndian.AppendUint32(out, uint32(len(data)))
}

func main() {
	dir := os.Args[1]
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			panic(err)
		}
	}
	good := prof(nil, false)
	write("unknown-fields.pb", prof(junk(), false))
	write("missing-mapping.pb", prof(nil, true))
	write("gzip-reserved.pb.gz", member(good, 0xe0))
	write("gzip-all-fields.pb.gz", member(good, 2|4|8|16))
	write("gzip-reserved-fields.pb.gz", member(good, 0x40|4|8|16))
	half := len(good) / 2
	write("gzip-reserved-second.pb.gz", append(member(good[:half], 0), member(good[half:], 0x80|8)...))
}
