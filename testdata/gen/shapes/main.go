// Command shapes writes hand-made legacy profiles shaped like the inputs of
// google/pprof's own tests (profile/testdata: cppbench.*, gobench.*,
// go.*.thread, java.*), with this project's own data, for what those
// shapes exercise that testdata/gen/legacy does not:
//   - oldgo_heap.txt: an old Go heap profile (`@ heap/1048576`, pprof
//     halves the rate) whose # lines carry the return pc (old runtimes did),
//     with a sample of no frames (`@` alone, an empty packed location list
//     once encoded) and samples with no in-use objects;
//   - oldgo_thread.txt: `threadcreate profile: total N` with raw-pc # lines;
//   - oldgo_cpu_le64.prof: a Go-runtime legacy CPU profile (64-bit words) whose
//     samples share a signal-handler frame (pprof strips it) and a leaf
//     duplicated by the unwinder, then /proc/self/maps with rw-p, r-xs and
//     anonymous lines;
//   - cpp_heapz_maps.txt: heapz_v2 over every memory map line form pprof's
//     ParseProcMaps knows (brief, (@offset), (deleted), build ids, glog
//     prefixes, $attr substitution, ---p), the main binary not first;
//   - cpp_threadz_all.txt / cpp_threadz_none.txt: threadz with wrapped PC
//     lines, several "same as previous thread" and "---- no stack trace for";
//   - java_cpu_zero.prof: a Java CPU profile with zero-count GC/VM samples and
//     function-only, shared-library and stub/JIT symbol lines.
//
// Usage: shapes OUTDIR
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func write(dir, name, s string) {
	if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
		panic(err)
	}
}

func hexList(a []uint64) string {
	var b strings.Builder
	for _, x := range a {
		fmt.Fprintf(&b, " 0x%x", x)
	}
	return b.String()
}

// oldGoHeap: "heap profile: inuse: bytes [alloc: bytes] @ heap/2*rate".
func oldGoHeap() string {
	type row struct {
		in, inb, al, alb int64
		pcs              []uint64
	}
	rows := []row{
		{1, 524288, 4, 2097152, []uint64{0x420cef, 0x422151, 0x4221da, 0x41dc0d, 0x6295ac, 0x419320}},
		{2, 1048576, 2, 1048576, []uint64{0x420cef, 0x422151, 0x63963f, 0x419320}},
		{51, 522240, 3000, 30720000, []uint64{0x420cef, 0x422151, 0x4221da, 0x477637, 0x419320}},
		{1820, 524160, 7085, 2040480, nil},
		{0, 0, 512, 524288, []uint64{0x420cef, 0x422151, 0x6d71a3, 0x419320}},
		{0, 0, 32768, 524288, []uint64{0x420cef, 0x422048, 0x40b517, 0x419320}},
		{128, 524288, 128, 524288, []uint64{0x420cef, 0x526126, 0x4683d4, 0x526126, 0x4683d4, 0x419320}},
	}
	names := map[uint64]string{
		0x420cef: "runtime.mallocgc", 0x422151: "runtime.newobject", 0x4221da: "runtime.makeslice",
		0x41dc0d: "bench.grow", 0x6295ac: "bench.(*Table).insert", 0x419320: "main.main",
		0x63963f: "bench.newTable", 0x477637: "bench.fill", 0x6d71a3: "bench.scratch",
		0x422048: "runtime.growslice", 0x40b517: "bench.appendAll", 0x526126: "bench.walk", 0x4683d4: "bench.visit",
	}
	var t [4]int64
	for _, r := range rows {
		t[0] += r.in
		t[1] += r.inb
		t[2] += r.al
		t[3] += r.alb
	}
	var b strings.Builder
	fmt.Fprintf(&b, "heap profile: %d: %d [%d: %d] @ heap/1048576\n", t[0], t[1], t[2], t[3])
	for _, r := range rows {
		fmt.Fprintf(&b, "%d: %d [%d: %d] @%s\n", r.in, r.inb, r.al, r.alb, hexList(r.pcs))
		for _, pc := range r.pcs {
			fmt.Fprintf(&b, "#\t0x%x\t%s+0x%x\t/home/bench/%s.go:%d\n", pc, names[pc], pc&0xff, strings.SplitN(names[pc], ".", 2)[0], pc%97)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n# runtime.MemStats\n# Alloc = 2619264\n# TotalAlloc = 35002368\n# Sys = 9437184\n# NumGC = 4\n")
	return b.String()
}

func oldGoThread() string {
	stacks := [][]uint64{
		{0x44cb3, 0x45045, 0x45323, 0x45534, 0x47e9c, 0x2720fe},
		{0x44cb3, 0x45045, 0x45323, 0x45534, 0x46716, 0x461e0},
		{0x44cb3, 0x45045, 0x45323, 0x45547, 0x46716, 0x461e0},
		{0x44cb3, 0x45045, 0x441ae, 0x461e0},
		{0x440e2, 0x5191a},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "threadcreate profile: total %d\n", len(stacks))
	for _, s := range stacks {
		fmt.Fprintf(&b, "1 @%s\n", hexList(s))
		for _, pc := range s {
			fmt.Fprintf(&b, "#\t0x%x\truntime.f%x+0x1\t/usr/go/src/runtime/proc.c:%d\n", pc, pc, pc%101)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func cpuWords(order binary.ByteOrder, period uint64, java bool, samples [][]uint64, tail string) []byte {
	var b bytes.Buffer
	w := func(v uint64) { binary.Write(&b, order, v) }
	kind := uint64(0)
	if java {
		kind = 1
	}
	for _, v := range []uint64{0, 3, kind, period, 0} {
		w(v)
	}
	for _, s := range samples {
		w(s[0])
		w(uint64(len(s) - 1))
		for _, a := range s[1:] {
			w(a)
		}
	}
	w(0)
	w(1)
	w(0)
	b.WriteString(tail)
	return b.Bytes()
}

func goCPU() []byte {
	const sig = 0x42e1a0 // the signal handler's frame, second in every stack
	var samples [][]uint64
	for i := uint64(0); i < 40; i++ {
		leaf := 0x430b8d + 3*i
		samples = append(samples, []uint64{1 + i%3, leaf, sig, 0x4303a1 + i%4, 0x43fcba, 0x4116a1})
	}
	samples = append(samples, []uint64{3, 0x42f001, 0x42f000 + 1, sig, 0x43fcba, 0x4116a1}) // leaf twice: the second is stripped
	samples = append(samples, []uint64{2, 0x7f0c4000f0f0})                                  // a leaf alone, in an anonymous mapping
	maps := `00400000-0049d000 r-xp 00000000 fc:01 1234    /tmp/go-build/crc.test
0069d000-006a6000 rw-p 0009d000 fc:01 1234    /tmp/go-build/crc.test
7f0c40000000-7f0c40021000 rw-p 00000000 00:00 0
7f0c50000000-7f0c50021000 r-xs 00000000 08:01 77    /dev/shm/ring
7fff3c7ff000-7fff3c800000 r-xp 00000000 00:00 0    [vdso]
ffffffffff600000-ffffffffff601000 r-xp 00000000 00:00 0     [vsyscall]
`
	return cpuWords(binary.LittleEndian, 10000, false, samples, maps)
}

func cppHeapzMaps() string {
	pcs := []uint64{0x400100, 0x2e00100, 0x3e00100, 0x4e00100, 0x5e00100, 0x6e00100, 0x7e00100, 0xff6810563100,
		0x7f5e5435e100, 0x7f7472710100, 0x7f47a542f100, 0x40100, 0x90100, 0x7f5e5335e100, 0x7f5e5255e100, 0x7f5e5155e100, 0x123}
	var b strings.Builder
	b.WriteString("heap profile:  17: 9792 [  17: 9792] @ heapz_v2/524288\n")
	for i, pc := range pcs {
		n := int64(64 * (i + 1))
		fmt.Fprintf(&b, "%6d: %8d [%6d: %8d] @ 0x%x 0x%x\n", 1, n, 1, n, pc+1, pcs[(i+3)%len(pcs)]+1)
	}
	b.WriteString(`
MAPPED_LIBRARIES:
  04e00000-04e8a000: /opt/tools/helper (@2a00000)
00400000-02e00000 r-xp 00000000 00:00 0
02e00000-02e8a000 r-xp 02a00000 00:00 15953927    /opt/bench/server
03e00000-03e8a000 r-xp 000000 00:00 15953927    [vdso]
  05e00000-05e8a000: /opt/bench/plugin.so (deleted)
  06e00000-06e8a000: /opt/bench/other.so
  07e00000-07e8a000: [vsyscall]
0xff6810563000 0xff6810565000 r-xp abc_exe 87c4d547f895cfd6a370e08dc5c5ee7bd4199d5b
7f5e5435e000-7f5e5455e000 --xp 00002000 00:00 1531        myprogram
7f7472710000-7f7472722000 r-xp 00000000 fc:00 790190      /usr/lib/libfantastic-1.2.so
7f47a542f000-7f47a5447000: /lib/libpthread-2.15.so
0x40000-0x80000 /path/to/binary      (@FF00)            abc123456
W1220 15:07:15.202776    8272 logger.cc:12036]   0x90000-0xa0000 /path/to/binary2      (@FF00)            abc123456
7f5e5335e000-7f5e5355e000 ---p 00002000 00:00 1531        myprogram
7f5e5255e000-7f5e5265e000 r-xs 00002000 08:01 1531        shared
LIBDIR=/opt/x/lib
7f5e5155e000-7f5e5165e000 r-xp 00000000 08:01 1531        $LIBDIR/libz.so
`)
	return b.String()
}

const threadMaps = `--- Memory map: ---
  00400000-00fcb000: /home/bench/server_main.unstripped
  7f5e541d3000-7f5e54381000: /lib/libc-2.15.so
  7f5e5478e000-7f5e547a6000: /lib/libpthread-2.15.so
`

func threadzAll() string {
	return `--- threadz 1 ---

--- Thread 7eff063d9940 (name: main/25376) stack: ---
  PC: 0x40b688 0x4d5f51
      0x40be31 0x7f5e541ed76d
--- Thread 7eff063d5700 (name: worker/25379) stack: ---
  PC: 0x4d8c17 0x4d8c17 0x4cfc5b 0x7f5e5479be9a
--- Thread 7eff063d4700 (name: worker/25380) stack: ---
  same as previous thread
--- Thread 7eff063d3700 (name: worker/25381) stack: ---
  same as previous thread
--- Thread 7eff063d2700 (name: io/25382) stack: ---

  PC: 0x40b4c0 0x4d8c17 0x7f5e5479be9a
` + threadMaps
}

func threadzNone() string {
	return `--- threadz 1 ---

--- Thread 7eff063d9940 (name: main/25376) stack: ---
  PC: 0x40b688 0x40be31
---- no stack trace for thread 7eff063d5700
--- Thread 7eff063d4700 (name: worker/25380) stack: ---
  PC: 0x40b4c0
` + threadMaps
}

func javaCPU() []byte {
	samples := [][]uint64{{0, 1}, {0, 2}, {2, 3}, {1, 0x10, 0x11, 0x12, 0x13}, {1, 0x14, 0x11, 0x12, 0x13},
		{1, 0x15, 0x16, 0x17}, {3, 0x10, 0x11, 0x10, 0x11, 0x12, 0x13}}
	syms := `--- symbol
binary=java
0x0000000000000001 GC
0x0000000000000002 Compile
0x0000000000000003 VM
0x0000000000000010 com.example.Hash.update (Hash.java:210)
0x0000000000000011 com.example.Hash.digest (Hash.java:-1)
0x0000000000000012 com.example.Server.handle (Server.java:77)
0x0000000000000013 java.lang.Thread.run (Thread.java:748)
0x0000000000000014 Java_com_example_Zip_deflate (/usr/lib/jvm/lib/libzip.so)
0x0000000000000015 0x7f3a (generated stub/JIT)
0x0000000000000016 com.example.Server.handle (Server.java:81)
0x0000000000000017 java.lang.Thread.run (Thread.java:748)
0x0000000000000099 com.example.Unused.never (Unused.java:1)
`
	return cpuWords(binary.BigEndian, 20000, true, samples, "\n"+syms)
}

func main() {
	dir := os.Args[1]
	write(dir, "oldgo_heap.txt", oldGoHeap())
	write(dir, "oldgo_thread.txt", oldGoThread())
	write(dir, "oldgo_cpu_le64.prof", string(goCPU()))
	write(dir, "cpp_heapz_maps.txt", cppHeapzMaps())
	write(dir, "cpp_threadz_all.txt", threadzAll())
	write(dir, "cpp_threadz_none.txt", threadzNone())
	write(dir, "java_cpu_zero.prof", string(javaCPU()))
}
