// Command goserver is a small Go service with net/http/pprof, used by
// tests/http/live.sh to check tprof against the real thing: a handler that
// leaks memory (a session cache that is never cleaned), a worker that burns
// CPU, and goroutines parked on a channel.
//
//	goserver PORTFILE [LIFETIME]
//
// It listens on 127.0.0.1 on a free port, writes the port to PORTFILE once
// it accepts connections, and exits by itself after LIFETIME (default 60s)
// so that a failed test never leaves it behind.
package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

var (
	mu       sync.Mutex
	sessions = map[int][]byte{} // never cleaned up: the leak
	sink     uint64
)

// leakyHandler keeps 16 kB per request in the session cache.
func leakyHandler(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	id := len(sessions)
	sessions[id] = make([]byte, 16<<10)
	mu.Unlock()
	fmt.Fprintf(w, "session %d\n", id)
}

// burn keeps one CPU busy so that the CPU profile has samples.
func burn() {
	for {
		x := uint64(1)
		for i := 0; i < 1e6; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		sink += x
		runtime.Gosched()
	}
}

// parked goroutines, for the goroutine profile.
func parked(c chan struct{}) { <-c }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: goserver PORTFILE [LIFETIME]")
		os.Exit(2)
	}
	runtime.MemProfileRate = 4096
	life := 60 * time.Second
	if len(os.Args) > 2 {
		if d, err := time.ParseDuration(os.Args[2]); err == nil {
			life = d
		}
	}
	time.AfterFunc(life, func() { os.Exit(0) })
	http.HandleFunc("/leak", leakyHandler)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := make(chan struct{})
	for i := 0; i < 5; i++ {
		go parked(c)
	}
	go burn()
	// serve the leaky handler a few hundred times before anyone looks (the
	// heap profile is as of the last GC: two make it current), then 20
	// times a second, with a GC every quarter second: the heap grows between
	// two fetches a second or more apart
	for i := 0; i < 300; i++ {
		leakyHandler(discard{}, nil)
	}
	runtime.GC()
	runtime.GC()
	go func() {
		for i := 1; ; i++ {
			leakyHandler(discard{}, nil)
			time.Sleep(50 * time.Millisecond)
			if i%5 == 0 {
				runtime.GC()
			}
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	if err := os.WriteFile(os.Args[1]+".tmp", []byte(port+"\n"), 0644); err == nil {
		os.Rename(os.Args[1]+".tmp", os.Args[1])
	}
	fmt.Fprintln(os.Stderr, http.Serve(ln, nil))
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
