// Command legacy writes the legacy (non-proto) profile formats go tool
// pprof reads, for tprof's tests:
//   - Go's ?debug=1 text profiles of this program's own run (heap,
//     goroutine, threadcreate, mutex, block), through runtime/pprof;
//   - hand-made gperftools/Google formats that Go never writes: binary CPU
//     profiles (32-bit little-endian, 64-bit big-endian, Java's), heapz_v2,
//     growthz, contentionz, threadz and Java heap/contention text, each with
//     a memory map section, and a gzip-compressed copy of one of them.
//
// Usage: legacy OUTDIR
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var sink [][]byte

//go:noinline
func allocSmall(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, 512))
	}
}

//go:noinline
func allocLarge(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, 1<<20))
	}
}

//go:noinline
func contend(mu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 200; i++ {
		mu.Lock()
		time.Sleep(20 * time.Microsecond)
		mu.Unlock()
	}
}

//go:noinline
func parked(ch chan struct{}) { <-ch }

func writeGo(dir string) {
	runtime.MemProfileRate = 4096
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	allocSmall(2000)
	allocLarge(8)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go contend(&mu, &wg)
	}
	wg.Wait()
	ch := make(chan struct{})
	for i := 0; i < 3; i++ {
		go parked(ch)
	}
	time.Sleep(10 * time.Millisecond)
	runtime.GC()
	for _, name := range []string{"heap", "goroutine", "threadcreate", "mutex", "block"} {
		var b bytes.Buffer
		if err := pprof.Lookup(name).WriteTo(&b, 1); err != nil {
			panic(err)
		}
		write(dir, "go_"+name+".txt", b.Bytes())
	}
	close(ch)
}

const memoryMap = `
MAPPED_LIBRARIES:
00400000-00452000 r-xp 00000000 08:01 1234       /usr/bin/cppbench_server
00651000-00652000 rw-p 00051000 08:01 1234       /usr/bin/cppbench_server
7f5e5ec45000-7f5e5ee00000 r-xp 00000000 08:01 5678   /lib/x86_64-linux-gnu/libc-2.19.so
7f5e5f200000-7f5e5f223000 r-xp 00000000 08:01 9012   /lib/x86_64-linux-gnu/ld-2.19.so
7ffc37dc8000-7ffc37dca000 r-xp 00000000 00:00 0      [vdso]
`

// Addresses inside the mappings above.
var (
	mainFns = []uint64{0x401000, 0x402340, 0x403a10, 0x404f00, 0x405120, 0x406800, 0x407777}
	libcFns = []uint64{0x7f5e5ec50100, 0x7f5e5ec61234}
)

func cpu(order binary.ByteOrder, wide bool, java bool) []byte {
	var b bytes.Buffer
	w := func(v uint64) {
		if wide {
			binary.Write(&b, order, v)
		} else {
			binary.Write(&b, order, uint32(v))
		}
	}
	hdr := uint64(0)
	if java {
		hdr = 1
	}
	for _, v := range []uint64{0, 3, hdr, 10000, 0} {
		w(v)
	}
	stacks := [][]uint64{
		{mainFns[0] + 5, mainFns[1] + 9, mainFns[4] + 3, mainFns[6] + 1},
		{mainFns[2] + 1, mainFns[1] + 9, mainFns[4] + 3, mainFns[6] + 1},
		{libcFns[0] + 7, mainFns[3] + 4, mainFns[4] + 3, mainFns[6] + 1},
		{mainFns[5] + 2, mainFns[6] + 1},
		{mainFns[0] + 5, mainFns[0] + 4, mainFns[1] + 9, mainFns[6] + 1}, // duplicated leaf
		{libcFns[1]},
	}
	counts := []uint64{40, 25, 12, 7, 3, 1}
	if java {
		stacks = [][]uint64{{0x1001, 0x1002, 0x1003}, {0x1004, 0x1002, 0x1003}, {0x1005, 0x1003}}
		counts = []uint64{30, 12, 5}
	}
	for i, s := range stacks {
		w(counts[i])
		w(uint64(len(s)))
		for _, a := range s {
			w(a)
		}
	}
	w(0)
	w(1)
	w(0)
	if java {
		b.WriteString("0x0000000000001001 com.example.Worker.spin (Worker.java:42)\n")
		b.WriteString("0x0000000000001002 com.example.Worker.run (Worker.java:17)\n")
		b.WriteString("0x0000000000001003 java.lang.Thread.run (Thread.java:748)\n")
		b.WriteString("0x0000000000001004 com.example.Codec.encode (/src/com/example/Codec.java)\n")
		b.WriteString("0x0000000000001005 generated stub/JIT\n")
	} else {
		b.WriteString(memoryMap)
	}
	return b.Bytes()
}

func writeCpp(dir string) {
	write(dir, "cpp_cpu_le32.prof", cpu(binary.LittleEndian, false, false))
	write(dir, "cpp_cpu_be64.prof", cpu(binary.BigEndian, true, false))
	write(dir, "java_cpu.prof", cpu(binary.LittleEndian, true, true))

	write(dir, "cpp_heapz.txt", []byte(fmt.Sprintf(`heap profile:   12:   913408 [   40:  2621440] @ heapz_v2/524288
     5:   655360 [    10:  1310720] @ 0x%x 0x%x 0x%x 0x%x
     4:     4096 [    20:    20480] @ 0x%x 0x%x 0x%x
     3:   253952 [    10:  1290240] @ 0x%x 0x%x 0x%x
%s`, mainFns[0]+9, mainFns[1]+3, mainFns[4]+3, mainFns[6]+1,
		libcFns[0]+2, mainFns[3]+4, mainFns[6]+1,
		mainFns[5]+8, mainFns[4]+3, mainFns[6]+1, memoryMap)))

	write(dir, "cpp_growthz.txt", []byte(fmt.Sprintf(`heap profile:    3:  3145728 [     3:  3145728] @ growthz
     2:  2097152 [     2:  2097152] @ 0x%x 0x%x 0x%x
     1:  1048576 [     1:  1048576] @ 0x%x 0x%x
%s`, mainFns[0]+9, mainFns[1]+3, mainFns[6]+1, mainFns[5]+8, mainFns[6]+1, memoryMap)))

	write(dir, "cpp_contentionz.txt", []byte(fmt.Sprintf(`--- contentionz 1 ---
cycles/second = 2000000000
sampling period = 100
ms since reset = 12345
discarded samples = 0
  300000 15 @ 0x%x 0x%x 0x%x
  120000 4 @ 0x%x 0x%x
   90000 2 @ 0x%x 0x%x 0x%x
--- Memory map: ---%s`, mainFns[2]+1, mainFns[1]+3, mainFns[6]+1, mainFns[3]+4, mainFns[6]+1,
		libcFns[1]+3, mainFns[4]+3, mainFns[6]+1, memoryMap)))

	write(dir, "cpp_threadz.txt", []byte(fmt.Sprintf(`--- threadz 1 ---

--- Thread 7f5e5a7fc700 (name: worker/3212) stack: ---
  PC: 0x%x 0x%x 0x%x
--- Thread 7f5e5affd700 (name: worker/3211) stack: ---
  same as previous thread
--- Thread 7f5e5b7fe700 (name: main/3200) stack: ---
  PC: 0x%x 0x%x 0x%x
--- Thread 7f5e5bfff700 (name: io/3201) stack: ---
  PC: 0x%x 0x%x
--- Memory map: ---
%s`, libcFns[1], mainFns[2]+1, mainFns[6]+1, libcFns[0], mainFns[5]+8, mainFns[6]+1,
		libcFns[1], mainFns[3]+4, memoryMap)))

	write(dir, "java_heap.txt", []byte(`--- heapz 1 ---
format = java
resolution = bytes
  98304 3 @ 0x00000000000a001 0x00000000000a002 0x00000000000a003
  24576 12 @ 0x00000000000a004 0x00000000000a002 0x00000000000a003
   8192 1 @ 0x00000000000a005 0x00000000000a003
0x00000000000a001 java.util.Arrays.copyOf (Arrays.java:3236)
0x00000000000a002 com.example.Cache.put (Cache.java:88)
0x00000000000a003 com.example.Main.main (Main.java:12)
0x00000000000a004 java.lang.StringBuilder.<init> (StringBuilder.java:-1)
0x00000000000a005 com.example.Native.alloc (/opt/lib/native.so)
`))

	write(dir, "java_contention.txt", []byte(`--- contentionz 1 ---
format = java
resolution = microseconds
sampling period = 10
ms since reset = 60000
   4000 20 @ 0x00000000000b001 0x00000000000b002
   1500 5 @ 0x00000000000b003 0x00000000000b002
0x00000000000b001 com.example.Queue.take (Queue.java:51)
0x00000000000b002 com.example.Worker.run (Worker.java:30)
0x00000000000b003 com.example.Queue.offer (Queue.java:40)
`))
}

func write(dir, name string, b []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		panic(err)
	}
}

func main() {
	dir := os.Args[1]
	writeGo(dir)
	writeCpp(dir)
	var z bytes.Buffer
	gz := gzip.NewWriter(&z)
	gz.Write(cpu(binary.LittleEndian, false, false))
	gz.Close()
	write(dir, "cpp_cpu_le32.prof.gz", z.Bytes())
}
