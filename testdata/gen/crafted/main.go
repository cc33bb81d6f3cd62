// Command crafted writes a hand-made profile.proto (gzipped) with a tiny
// protobuf encoder of its own. The profile has what the Go runtime never
// writes: comments, drop_frames/keep_frames, a build ID on mapping 0,
// several mappings, numeric labels with units (request: bytes,
// timeout: ms) and without (retries), a label key with two values, a
// function with no file name, a function whose system name differs from
// its name, locations with no lines (address only), inlined frames, three
// sample types and a default_sample_type.
//
//	crafted OUT.pb.gz
package main

import (
	"compress/gzip"
	"os"
)

// buf is a protobuf message being encoded.
type buf []byte

func (b *buf) varint(x uint64) {
	for x >= 0x80 {
		*b = append(*b, byte(x)|0x80)
		x >>= 7
	}
	*b = append(*b, byte(x))
}

func (b *buf) key(field, wire int) { b.varint(uint64(field<<3 | wire)) }

// uint writes a varint field (omitted when zero, as proto3 does).
func (b *buf) uint(field int, x uint64) {
	if x == 0 {
		return
	}
	b.key(field, 0)
	b.varint(x)
}

func (b *buf) int(field int, x int64) { b.uint(field, uint64(x)) }

func (b *buf) bool(field int, x bool) {
	if x {
		b.uint(field, 1)
	}
}

func (b *buf) bytes(field int, data []byte) {
	b.key(field, 2)
	b.varint(uint64(len(data)))
	*b = append(*b, data...)
}

func (b *buf) msg(field int, m buf) { b.bytes(field, m) }

// packed writes a packed repeated varint field.
func (b *buf) packed(field int, xs []uint64) {
	var p buf
	for _, x := range xs {
		p.varint(x)
	}
	b.bytes(field, p)
}

// strings is the string table; index 0 is "".
type strtab struct {
	list []string
	idx  map[string]int64
}

func (s *strtab) id(x string) int64 {
	if i, ok := s.idx[x]; ok {
		return i
	}
	i := int64(len(s.list))
	s.list = append(s.list, x)
	s.idx[x] = i
	return i
}

var st = &strtab{list: []string{""}, idx: map[string]int64{"": 0}}

type valueType struct{ typ, unit string }

func (v valueType) enc() buf {
	var b buf
	b.int(1, st.id(v.typ))
	b.int(2, st.id(v.unit))
	return b
}

type label struct {
	key, str string
	num      int64
	unit     string
}

type sample struct {
	locs   []uint64
	values []int64
	labels []label
}

type mapping struct {
	id, start, limit, offset uint64
	file, buildID            string
	funcs, files, lines, inl bool
}

type line struct {
	fn   uint64
	line int64
}

type location struct {
	id, mapping, addr uint64
	lines             []line
}

type function struct {
	id                  uint64
	name, sysName, file string
	start               int64
}

// str is a label with a string value; num one with a numeric value.
func str(k, v string) label                 { return label{key: k, str: v} }
func num(k string, v int64, u string) label { return label{key: k, num: v, unit: u} }

func main() {
	sampleTypes := []valueType{{"requests", "count"}, {"wall", "microseconds"}, {"alloc", "bytes"}}
	mappings := []mapping{
		{1, 0x400000, 0x800000, 0, "/usr/local/bin/server", "9f86d081884c7d659a2feaa0c55ad015", true, true, true, true},
		{2, 0x7f0000000000, 0x7f0000200000, 0x1000, "/lib/x86_64-linux-gnu/libc.so.6", "c0ffee00c0ffee00", true, false, false, false},
		{3, 0x7ffd00000000, 0x7ffd00002000, 0, "[vdso]", "", false, false, false, false},
	}
	functions := []function{
		{1, "main.main", "main.main", "/build/server/server.go", 10},
		{2, "main.serve", "main.serve", "/build/server/server.go", 20},
		{3, "main.handleRequest", "main.handleRequest", "/build/server/handler.go", 5},
		{4, "main.parseHeader", "main.parseHeader", "/build/server/handler.go", 40},
		{5, "main.readBody", "main.readBody", "/build/server/handler.go", 60},
		{6, "main.writeResponse", "main.writeResponse", "/build/server/handler.go", 80},
		{7, "encoding/json.Marshal", "encoding/json.Marshal", "/usr/lib/go/src/encoding/json/encode.go", 158},
		{8, "zlib_compress", "zlib_compress", "", 0},
		{9, "memcpy", "__memmove_avx_unaligned_erms", "", 0},
		{10, "main.logLine", "main.logLine", "/build/server/logger.go", 12},
		{11, "main.(*cache).get", "main.(*cache).get", "/build/server/cache.go", 30},
		{12, "main.(*cache).evict", "main.(*cache).evict", "/build/server/cache.go", 50},
	}
	locations := []location{
		{1, 1, 0x401000, []line{{1, 15}}},
		{2, 1, 0x401100, []line{{2, 25}}},
		{3, 1, 0x402000, []line{{4, 44}, {3, 9}}}, // parseHeader inlined in handleRequest
		{4, 1, 0x402100, []line{{3, 12}}},
		{5, 1, 0x402200, []line{{5, 63}}},
		{6, 1, 0x402300, []line{{6, 85}}},
		{7, 1, 0x403000, []line{{7, 160}}},
		{8, 1, 0x404000, []line{{8, 0}}},
		{9, 2, 0x7f0000001234, []line{{9, 0}}},
		{10, 3, 0x7ffd00000abc, nil}, // address only
		{11, 1, 0x405000, []line{{10, 14}}},
		{12, 1, 0x406000, []line{{12, 52}, {11, 33}}}, // evict inlined in get
		{13, 1, 0x406100, []line{{11, 31}}},
		{14, 1, 0x402400, []line{{3, 14}}},
		{15, 1, 0x402500, []line{{6, 88}}},
		{16, 1, 0x407000, nil}, // address only, in the main binary
		{17, 1, 0x402050, []line{{3, 10}}},
	}
	samples := []sample{
		{[]uint64{3, 2, 1}, []int64{1, 1500, 4096},
			[]label{str("handler", "/api/users"), str("method", "GET"), num("request", 512, "bytes"), num("timeout", 250, "ms")}},
		{[]uint64{5, 4, 2, 1}, []int64{1, 12000, 65536},
			[]label{str("handler", "/api/orders"), str("method", "POST"), num("request", 70000, "bytes"), num("timeout", 1000, "ms")}},
		{[]uint64{9, 5, 4, 2, 1}, []int64{2, 3000, 0},
			[]label{str("handler", "/api/orders"), str("method", "POST"), num("request", 2048, "bytes"), num("retries", 2, "")}},
		{[]uint64{8, 6, 14, 2, 1}, []int64{1, 8000, 32768},
			[]label{str("handler", "/static"), str("method", "GET"), num("request", 100, "bytes"), num("timeout", 50, "ms")}},
		{[]uint64{7, 6, 14, 2, 1}, []int64{3, 4500, 12288},
			[]label{str("handler", "/api/users"), str("method", "GET"), num("request", 1536, "bytes")}},
		{[]uint64{10, 15, 14, 2, 1}, []int64{1, 200, 0},
			[]label{str("handler", "/api/users")}},
		{[]uint64{11, 2, 1}, []int64{5, 700, 1024}, nil},
		{[]uint64{12, 17, 2, 1}, []int64{2, 2500, 0},
			[]label{str("handler", "/api/orders"), str("handler", "/api/v2/orders"), str("method", "GET"), num("timeout", 5000, "ms")}},
		{[]uint64{13, 17, 2, 1}, []int64{1, 900, 512},
			[]label{str("handler", "/static"), str("method", "GET")}},
		{[]uint64{16, 1}, []int64{1, 100, 0}, nil},
		{[]uint64{1}, []int64{1, 50, 0}, nil},
		{[]uint64{9, 8, 6, 14, 2, 1}, []int64{4, 6000, 8192},
			[]label{str("handler", "/static"), str("method", "GET"), num("request", 300000, "bytes"), num("timeout", 50, "ms"), num("retries", 0, "")}},
	}

	var p buf
	for _, t := range sampleTypes {
		p.msg(1, t.enc())
	}
	for _, s := range samples {
		var m buf
		m.packed(1, s.locs)
		vs := make([]uint64, len(s.values))
		for i, v := range s.values {
			vs[i] = uint64(v)
		}
		m.packed(2, vs)
		for _, l := range s.labels {
			var lb buf
			lb.int(1, st.id(l.key))
			if l.str != "" {
				lb.int(2, st.id(l.str))
			}
			lb.int(3, l.num)
			if l.unit != "" {
				lb.int(4, st.id(l.unit))
			}
			m.msg(3, lb)
		}
		p.msg(2, m)
	}
	for _, mp := range mappings {
		var m buf
		m.uint(1, mp.id)
		m.uint(2, mp.start)
		m.uint(3, mp.limit)
		m.uint(4, mp.offset)
		m.int(5, st.id(mp.file))
		m.int(6, st.id(mp.buildID))
		m.bool(7, mp.funcs)
		m.bool(8, mp.files)
		m.bool(9, mp.lines)
		m.bool(10, mp.inl)
		p.msg(3, m)
	}
	for _, l := range locations {
		var m buf
		m.uint(1, l.id)
		m.uint(2, l.mapping)
		m.uint(3, l.addr)
		for _, ln := range l.lines {
			var lb buf
			lb.uint(1, ln.fn)
			lb.int(2, ln.line)
			m.msg(4, lb)
		}
		p.msg(4, m)
	}
	for _, f := range functions {
		var m buf
		m.uint(1, f.id)
		m.int(2, st.id(f.name))
		m.int(3, st.id(f.sysName))
		m.int(4, st.id(f.file))
		m.int(5, f.start)
		p.msg(5, m)
	}
	dropFrames := st.id(`runtime\..*|__libc_.*`)
	keepFrames := st.id(`main\..*`)
	periodType := valueType{"wall", "microseconds"}.enc()
	comments := []int64{st.id("crafted by tprof/testdata/gen/crafted"), st.id("build=release-1.2.3 host=test01")}
	defaultType := st.id("wall")

	// The string table must be complete before it is written.
	for _, s := range st.list {
		p.bytes(6, []byte(s))
	}
	p.int(7, dropFrames)
	p.int(8, keepFrames)
	p.int(9, 1700000000123456789) // time_nanos: Nov 14, 2023 at 10:13pm UTC
	p.int(10, 2500000000)         // duration_nanos: 2.5s
	p.msg(11, periodType)
	p.int(12, 1000) // period
	for _, c := range comments {
		p.int(13, c) // not packed, on purpose
	}
	p.int(14, defaultType)

	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(p); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}
