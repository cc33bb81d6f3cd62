// Command cpulabels writes a CPU profile whose samples carry pprof labels
// (worker, phase, req), with recursion (fib), small inlined helpers (mix,
// isDigit, isSpace) and unlabelled set-up work.
//
//	cpulabels OUT.pb.gz
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

var sink uint64

// fib is deliberately recursive.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// mix is small enough to be inlined into hashBlock.
func mix(h, x uint64) uint64 {
	return (h ^ x) * 1099511628211
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

// tokenize counts the numbers and words of s.
func tokenize(s []byte) (nums, words int) {
	in := false
	for _, c := range s {
		switch {
		case isSpace(c):
			in = false
		case isDigit(c):
			if !in {
				nums++
			}
			in = true
		default:
			if !in {
				words++
			}
			in = true
		}
	}
	return nums, words
}

func hashBlock(data []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, b := range data {
		h = mix(h, uint64(b))
	}
	return h
}

var text = func() []byte {
	b := make([]byte, 0, 1<<14)
	for i := 0; len(b) < 1<<14; i++ {
		b = append(b, fmt.Sprintf("word%d %d\tline %d\n", i%7, i*31, i)...)
	}
	return b
}()

func parse() {
	n, w := tokenize(text)
	sink += uint64(n + w)
}

func checksum() {
	sink += hashBlock(text)
}

func compute() {
	sink += uint64(fib(22))
}

func render() {
	buf := make([]byte, 0, 256)
	for i := 0; i < 200; i++ {
		buf = buf[:0]
		buf = fmt.Appendf(buf, "%d:%s;", i, "row")
		sink += uint64(len(buf))
	}
}

// spin runs f repeatedly for about d of wall time.
func spin(d time.Duration, f func()) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f()
	}
}

func setup() {
	spin(80*time.Millisecond, checksum)
}

func workerA(ctx context.Context) {
	pprof.Do(ctx, pprof.Labels("phase", "parse"), func(context.Context) {
		spin(200*time.Millisecond, parse)
	})
	pprof.Do(ctx, pprof.Labels("phase", "compute"), func(context.Context) {
		spin(250*time.Millisecond, compute)
	})
}

func workerB(ctx context.Context) {
	pprof.Do(ctx, pprof.Labels("phase", "parse", "req", "17"), func(context.Context) {
		spin(100*time.Millisecond, parse)
		spin(100*time.Millisecond, checksum)
	})
	pprof.Do(ctx, pprof.Labels("phase", "compute", "req", "2048"), func(context.Context) {
		spin(150*time.Millisecond, compute)
	})
	pprof.Do(ctx, pprof.Labels("phase", "render"), func(context.Context) {
		spin(150*time.Millisecond, render)
	})
}

func workerC(ctx context.Context) {
	pprof.Do(ctx, pprof.Labels("phase", "render"), func(ctx context.Context) {
		spin(100*time.Millisecond, render)
		pprof.Do(ctx, pprof.Labels("phase", "checksum"), func(context.Context) {
			spin(120*time.Millisecond, checksum)
		})
	})
	spin(100*time.Millisecond, compute)
}

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		panic(err)
	}
	setup()
	ctx := context.Background()
	pprof.Do(ctx, pprof.Labels("worker", "a"), workerA)
	pprof.Do(ctx, pprof.Labels("worker", "b"), workerB)
	pprof.Do(ctx, pprof.Labels("worker", "c"), workerC)
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		panic(err)
	}
}
