// Package pbenc encodes profile.proto by hand (a tiny protobuf encoder of
// its own, no third-party modules), for the generators that write profiles
// the Go runtime never writes: crafted, fixtures.
package pbenc

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

// strtab is the string table; index 0 is "".
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

// ValueType is a sample type or the period type.
type ValueType struct{ Type, Unit string }

// Label is a sample label: a string one (Str set) or a numeric one.
type Label struct {
	Key, Str string
	Num      int64
	Unit     string
}

// Str is a label with a string value; Num one with a numeric value.
func Str(k, v string) Label                 { return Label{Key: k, Str: v} }
func Num(k string, v int64, u string) Label { return Label{Key: k, Num: v, Unit: u} }

type Sample struct {
	Locs   []uint64
	Values []int64
	Labels []Label
}

type Mapping struct {
	ID, Start, Limit, Offset uint64
	File, BuildID            string
	Funcs, Files, Lines, Inl bool
}

type Line struct {
	Fn   uint64
	Line int64
}

type Location struct {
	ID, Mapping, Addr uint64
	Lines             []Line
}

type Function struct {
	ID                  uint64
	Name, SysName, File string
	Start               int64
}

// Profile is what Encode writes; strings are interned in the order the
// fields are written, so a profile's bytes depend only on its contents.
type Profile struct {
	SampleTypes            []ValueType
	Samples                []Sample
	Mappings               []Mapping
	Locations              []Location
	Functions              []Function
	DropFrames, KeepFrames string
	TimeNanos, Duration    int64
	PeriodType             ValueType
	Period                 int64
	Comments               []string
	DefaultSampleType      string
}

func (st *strtab) valueType(v ValueType) buf {
	var b buf
	b.int(1, st.id(v.Type))
	b.int(2, st.id(v.Unit))
	return b
}

// Encode returns the profile.proto bytes (not gzipped).
func (pr *Profile) Encode() []byte {
	st := &strtab{list: []string{""}, idx: map[string]int64{"": 0}}
	var p buf
	for _, t := range pr.SampleTypes {
		p.msg(1, st.valueType(t))
	}
	for _, s := range pr.Samples {
		var m buf
		m.packed(1, s.Locs)
		vs := make([]uint64, len(s.Values))
		for i, v := range s.Values {
			vs[i] = uint64(v)
		}
		m.packed(2, vs)
		for _, l := range s.Labels {
			var lb buf
			lb.int(1, st.id(l.Key))
			if l.Str != "" {
				lb.int(2, st.id(l.Str))
			}
			lb.int(3, l.Num)
			if l.Unit != "" {
				lb.int(4, st.id(l.Unit))
			}
			m.msg(3, lb)
		}
		p.msg(2, m)
	}
	for _, mp := range pr.Mappings {
		var m buf
		m.uint(1, mp.ID)
		m.uint(2, mp.Start)
		m.uint(3, mp.Limit)
		m.uint(4, mp.Offset)
		m.int(5, st.id(mp.File))
		m.int(6, st.id(mp.BuildID))
		m.bool(7, mp.Funcs)
		m.bool(8, mp.Files)
		m.bool(9, mp.Lines)
		m.bool(10, mp.Inl)
		p.msg(3, m)
	}
	for _, l := range pr.Locations {
		var m buf
		m.uint(1, l.ID)
		m.uint(2, l.Mapping)
		m.uint(3, l.Addr)
		for _, ln := range l.Lines {
			var lb buf
			lb.uint(1, ln.Fn)
			lb.int(2, ln.Line)
			m.msg(4, lb)
		}
		p.msg(4, m)
	}
	for _, f := range pr.Functions {
		var m buf
		m.uint(1, f.ID)
		m.int(2, st.id(f.Name))
		m.int(3, st.id(f.SysName))
		m.int(4, st.id(f.File))
		m.int(5, f.Start)
		p.msg(5, m)
	}
	dropFrames := st.id(pr.DropFrames)
	keepFrames := st.id(pr.KeepFrames)
	periodType := st.valueType(pr.PeriodType)
	comments := make([]int64, len(pr.Comments))
	for i, c := range pr.Comments {
		comments[i] = st.id(c)
	}
	defaultType := st.id(pr.DefaultSampleType)

	// The string table must be complete before it is written.
	for _, s := range st.list {
		p.bytes(6, []byte(s))
	}
	p.int(7, dropFrames)
	p.int(8, keepFrames)
	p.int(9, pr.TimeNanos)
	p.int(10, pr.Duration)
	p.msg(11, periodType)
	p.int(12, pr.Period)
	for _, c := range comments {
		p.int(13, c) // not packed, on purpose
	}
	p.int(14, defaultType)
	return p
}

// WriteGzip writes the profile gzipped to path.
func (pr *Profile) WriteGzip(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(pr.Encode()); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
