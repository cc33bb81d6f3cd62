// Command contention writes a block profile and a mutex profile: goroutines
// block on channels, a sync.WaitGroup, a select, a sync.Cond and a
// contended sync.Mutex / sync.RWMutex. Both profiles have the sample types
// contentions/count and delay/nanoseconds.
//
//	contention BLOCK.pb.gz MUTEX.pb.gz
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

func producer(ch chan<- int, n int) {
	for i := 0; i < n; i++ {
		ch <- i // blocks: the consumer is slow
	}
	close(ch)
}

func consumer(ch <-chan int, done chan<- int) {
	sum := 0
	for v := range ch {
		time.Sleep(2 * time.Millisecond)
		sum += v
	}
	done <- sum
}

// channels: a slow consumer makes the producer block on send, and the
// main goroutine block on receive.
func channels() {
	ch := make(chan int)
	done := make(chan int)
	go producer(ch, 20)
	go consumer(ch, done)
	<-done
}

func sleeper(wg *sync.WaitGroup, d time.Duration) {
	defer wg.Done()
	time.Sleep(d)
}

// waitGroup blocks in WaitGroup.Wait.
func waitGroup() {
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go sleeper(&wg, time.Duration(i)*5*time.Millisecond)
	}
	wg.Wait()
}

// selects blocks in a select on two channels.
func selects() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		for i := 0; i < 5; i++ {
			time.Sleep(3 * time.Millisecond)
			if i%2 == 0 {
				a <- i
			} else {
				b <- i
			}
		}
	}()
	for i := 0; i < 5; i++ {
		select {
		case <-a:
		case <-b:
		}
	}
}

// condWait blocks in Cond.Wait until a flag is set.
func condWait() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		time.Sleep(15 * time.Millisecond)
		mu.Lock()
		ready = true
		mu.Unlock()
		c.Broadcast()
	}()
	mu.Lock()
	for !ready {
		c.Wait()
	}
	mu.Unlock()
}

type counter struct {
	mu sync.Mutex
	n  int
}

// holdLock keeps the lock for a while, so that others contend.
func (c *counter) holdLock(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.Sleep(d)
	c.n++
}

func increment(c *counter) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// mutexes: four goroutines fight for one mutex.
func mutexes() {
	var c counter
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if g%2 == 0 {
					c.holdLock(time.Millisecond)
				} else {
					increment(&c)
					time.Sleep(500 * time.Microsecond)
				}
			}
		}(g)
	}
	wg.Wait()
}

type table struct {
	mu   sync.RWMutex
	rows map[int]int
}

func (t *table) read(k int) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	time.Sleep(200 * time.Microsecond)
	return t.rows[k]
}

func (t *table) write(k, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	time.Sleep(time.Millisecond)
	t.rows[k] = v
}

// rwmutexes: readers and a writer contend on a RWMutex.
func rwmutexes() {
	t := &table{rows: map[int]int{}}
	var wg sync.WaitGroup
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				t.read(i)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 5; i++ {
			t.write(i, i)
		}
	}()
	wg.Wait()
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
	runtime.SetBlockProfileRate(1)
	runtime.SetMutexProfileFraction(1)
	channels()
	waitGroup()
	selects()
	condWait()
	mutexes()
	rwmutexes()
	write("block", os.Args[1])
	write("mutex", os.Args[2])
}
