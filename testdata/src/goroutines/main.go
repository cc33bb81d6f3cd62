// Command goroutines writes a goroutine profile (goroutines parked on
// channels, a select, a mutex, a WaitGroup and in time.Sleep; some of them
// run under pprof labels, which goroutine profiles record) and a
// threadcreate profile.
//
//	goroutines GOROUTINE.pb.gz THREADCREATE.pb.gz
package main

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var (
	started sync.WaitGroup
	never   = make(chan int) // nobody sends on it
	full    = make(chan int) // nobody receives from it
	mu      sync.Mutex
	wg      sync.WaitGroup
)

func waitRecv() {
	started.Done()
	<-never
}

func waitSend() {
	started.Done()
	full <- 1
}

func waitSelect() {
	started.Done()
	t := make(chan int)
	select {
	case <-never:
	case <-t:
	}
}

func waitLock() {
	started.Done()
	mu.Lock()
	mu.Unlock()
}

func waitGroup() {
	started.Done()
	wg.Wait()
}

func sleepLong() {
	started.Done()
	time.Sleep(time.Hour)
}

// pool starts n goroutines running f.
func pool(n int, f func()) {
	for i := 0; i < n; i++ {
		started.Add(1)
		go f()
	}
}

// lockedThread forces the creation of an OS thread.
func lockedThread(done chan<- bool) {
	runtime.LockOSThread()
	time.Sleep(10 * time.Millisecond)
	done <- true
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
	mu.Lock()
	wg.Add(1)
	pool(5, waitRecv)
	pool(2, waitSend)
	pool(1, waitSelect)
	pool(3, waitLock)
	pool(1, waitGroup)
	ctx := context.Background()
	pprof.Do(ctx, pprof.Labels("pool", "io"), func(context.Context) {
		pool(4, waitRecv)
		pool(2, sleepLong)
	})
	pprof.Do(ctx, pprof.Labels("pool", "cpu", "shard", "7"), func(context.Context) {
		pool(3, waitSelect)
	})
	done := make(chan bool)
	for i := 0; i < 3; i++ {
		go lockedThread(done)
	}
	for i := 0; i < 3; i++ {
		<-done
	}
	started.Wait()
	time.Sleep(50 * time.Millisecond) // let them all park
	write("goroutine", os.Args[1])
	write("threadcreate", os.Args[2])
}
