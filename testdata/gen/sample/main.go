// Command sample is a tiny interpreter (lexer, recursive-descent parser,
// tree-walking evaluator): it compiles a generated library many times, runs
// a little recursive program over and over, then formats a report. It
// writes a CPU profile of itself (the garbage collector is turned off to
// keep the call tree readable):
//
//	sample OUT.pb.gz
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
)

const source = `
def fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2);
def sq(x) = x * x;
def sumsq(n) = if n < 1 then 0 else sq(n) + sumsq(n - 1);
def tri(n) = if n < 1 then 0 else n + tri(n - 1);
def mod7(n) = n % 7 * sq(n % 5);
print fib(12);
print sumsq(10);
print tri(9) + mod7(123);
`

// library is a long generated program that only gets compiled.
func library(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "def f%d(x) = if x < %d then x * %d + (x %% 7) else f%d(x - 1) - %d;\n", i, i, i+1, i, i%13)
	}
	return sb.String()
}

// compiles is how many times the library gets compiled.
const compiles = 400

type result struct {
	name  string
	calls int
}

// run evaluates prog, and counts the calls per function.
func run(prog *program, totals map[string]int) []int {
	in := newInterp(prog)
	var out []int
	for _, p := range prog.prints {
		out = append(out, in.eval(p))
	}
	for k, v := range in.calls {
		totals[k] += v
	}
	return out
}

func compileOnly(src string) int {
	return len(parse(src).funcs)
}

func report(totals map[string]int) string {
	var rs []result
	for k, v := range totals {
		rs = append(rs, result{k, v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].calls > rs[j].calls })
	var sb strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&sb, "%-10s %d\n", r.name, r.calls)
	}
	return sb.String()
}

func main() {
	debug.SetGCPercent(-1) // keep the garbage collector out of the profile
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		panic(err)
	}
	lib := library(100)
	for i := 0; i < compiles; i++ {
		compileOnly(lib)
	}
	totals := map[string]int{}
	prog := parse(source)
	var out []int
	for start := time.Now(); time.Since(start) < 900*time.Millisecond; {
		out = run(prog, totals)
	}
	rep := ""
	for start := time.Now(); time.Since(start) < 150*time.Millisecond; {
		rep = report(totals)
	}
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		panic(err)
	}
	fmt.Print(rep)
	fmt.Println(out)
}
