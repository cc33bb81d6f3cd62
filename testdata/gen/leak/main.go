// Command leak simulates a server whose session cache leaks, and writes a
// heap profile after each of four rounds of requests: PREFIX.0.pb.gz ..
// PREFIX.3.pb.gz. Every allocation is recorded (MemProfileRate = 1).
//
//	leak PREFIX
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
)

var _ = func() int { runtime.MemProfileRate = 1; return 0 }()

type session struct {
	id      int
	user    string
	history []string
	scratch []byte
}

var (
	sessions = map[int]*session{} // never cleaned up: the leak
	recent   []*session           // bounded: not a leak
	journal  []string             // grows too
)

func newSession(id int) *session {
	return &session{id: id, user: "user" + strconv.Itoa(id)}
}

// track records a request in the session history: the history grows.
func track(s *session, path string) {
	s.history = append(s.history, path)
}

func remember(s *session) {
	recent = append(recent, s)
	if len(recent) > 8 {
		recent = recent[1:]
	}
}

// decode allocates a transient request buffer.
func decode(n int) int {
	buf := make([]byte, 4096+n%4*4096)
	return len(buf)
}

func handle(id int) {
	s, ok := sessions[id]
	if !ok {
		s = newSession(id)
		s.scratch = make([]byte, 8192)
		sessions[id] = s
	}
	track(s, "/item/"+strconv.Itoa(id%10))
	remember(s)
	decode(id)
	if id%3 == 0 {
		journal = append(journal, s.user+" visited "+s.history[len(s.history)-1])
	}
}

func round(r int) {
	for i := 0; i < 60; i++ {
		handle(r*50 + i)
	}
}

// snapshot writes a heap profile; what writing it allocates is not recorded.
func snapshot(prefix string, n int) {
	runtime.GC()
	runtime.MemProfileRate = 0
	defer func() { runtime.MemProfileRate = 1 }()
	f, err := os.Create(fmt.Sprintf("%s.%d.pb.gz", prefix, n))
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	for r := 0; r < 4; r++ {
		round(r)
		snapshot(os.Args[1], r)
	}
}
