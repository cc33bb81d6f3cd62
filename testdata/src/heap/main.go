// Command heap writes a heap profile and an allocs profile of the same run.
// Every allocation is recorded (MemProfileRate = 1); small allocation
// helpers are inlined, and part of what is allocated is retained so that
// inuse_* differs from alloc_*. Objects of several sizes make the "bytes"
// numeric label interesting for -tagfocus ranges.
//
//	heap HEAP.pb.gz ALLOCS.pb.gz
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

var _ = func() int { runtime.MemProfileRate = 1; return 0 }()

type node struct {
	next *node
	val  [6]int64
}

var (
	keep  [][]byte
	nodes *node
	index map[string]int
	names []string
)

// newBuf and newNode are small enough to be inlined.
func newBuf(n int) []byte { return make([]byte, n) }

func newNode(v int, next *node) *node { return &node{next: next, val: [6]int64{int64(v)}} }

// smallBuffers allocates 2000 32-byte slices and keeps one in four.
func smallBuffers() {
	for i := 0; i < 2000; i++ {
		b := newBuf(32)
		if i%4 == 0 {
			keep = append(keep, b)
		}
	}
}

// mediumBuffers allocates 4 KiB slices and keeps half of them.
func mediumBuffers() {
	for i := 0; i < 100; i++ {
		b := newBuf(4096)
		if i%2 == 0 {
			keep = append(keep, b)
		}
	}
}

// largeBuffers allocates 64 KiB and 1 MiB slices; only one is kept.
func largeBuffers() {
	for i := 0; i < 20; i++ {
		b := newBuf(64 << 10)
		b[0] = byte(i)
	}
	big := newBuf(1 << 20)
	keep = append(keep, big)
	for i := 0; i < 3; i++ {
		tmp := newBuf(1 << 20)
		tmp[1] = 1
	}
}

// buildList builds a linked list of n nodes, recursively.
func buildList(n int) *node {
	if n == 0 {
		return nil
	}
	return newNode(n, buildList(n-1))
}

func buildIndex() {
	index = make(map[string]int)
	for i := 0; i < 500; i++ {
		index["key-"+strconv.Itoa(i)] = i
	}
}

func joinNames() string {
	var sb strings.Builder
	for i := 0; i < 300; i++ {
		sb.WriteString("name")
		sb.WriteString(strconv.Itoa(i))
		names = append(names, sb.String()[sb.Len()-4:])
	}
	return sb.String()
}

func transient() int {
	n := 0
	for i := 0; i < 50; i++ {
		s := strings.Repeat("x", 100+i)
		n += len(s)
	}
	return n
}

func run() {
	smallBuffers()
	mediumBuffers()
	largeBuffers()
	nodes = buildList(200)
	_ = buildList(100)
	buildIndex()
	_ = joinNames()
	_ = transient()
}

func write(name, path string) {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	run()
	runtime.GC()
	runtime.MemProfileRate = 0 // do not record what writing the profiles allocates
	write("heap", os.Args[1])
	write("allocs", os.Args[2])
	runtime.KeepAlive(keep)
	runtime.KeepAlive(nodes)
}
