// Command mycode writes a hand-made CPU profile (gzipped) of a program in
// module example.com/shop built with -trimpath, for the mycode and module
// options: its own packages (example.com/shop, .../internal/cart), main,
// third-party ones (github.com/lib/pq, gopkg.in/yaml.v3, a look-alike
// example.com/shopping), the standard library (net/http, sync,
// encoding/json), the runtime and a runtime assembly function without a
// package (aeshashbody); inlined frames mixing them.
//
//	mycode OUT.pb.gz
package main

import (
	"os"

	"tprof/testdata/gen/pbenc"
)

func main() {
	functions := []pbenc.Function{
		{1, "main.main", "main.main", "example.com/shop/cmd/shop/main.go", 10},
		{2, "example.com/shop/internal/cart.(*Cart).Add", "example.com/shop/internal/cart.(*Cart).Add", "example.com/shop/internal/cart/cart.go", 20},
		{3, "example.com/shop/internal/cart.total", "example.com/shop/internal/cart.total", "example.com/shop/internal/cart/cart.go", 40},
		{4, "github.com/lib/pq.(*conn).query", "github.com/lib/pq.(*conn).query", "github.com/lib/pq@v1.10.9/conn.go", 800},
		{5, "net/http.(*conn).serve", "net/http.(*conn).serve", "net/http/server.go", 1900},
		{6, "runtime.mallocgc", "runtime.mallocgc", "runtime/malloc.go", 900},
		{7, "sync.(*Mutex).Lock", "sync.(*Mutex).Lock", "sync/mutex.go", 80},
		{8, "runtime.main", "runtime.main", "runtime/proc.go", 150},
		{9, "aeshashbody", "aeshashbody", "runtime/asm_amd64.s", 1100},
		{10, "encoding/json.Marshal", "encoding/json.Marshal", "encoding/json/encode.go", 158},
		{11, "example.com/shop.(*Server).handle", "example.com/shop.(*Server).handle", "example.com/shop/server.go", 30},
		{12, "example.com/shopping.Checkout", "example.com/shopping.Checkout", "example.com/shopping@v0.2.0/checkout.go", 12},
		{13, "gopkg.in/yaml%2ev3.Unmarshal", "gopkg.in/yaml%2ev3.Unmarshal", "gopkg.in/yaml.v3@v3.0.1/yaml.go", 160},
		{14, "main.loadConfig", "main.loadConfig", "example.com/shop/cmd/shop/config.go", 5},
	}
	locations := []pbenc.Location{
		{1, 1, 0x401000, []pbenc.Line{{8, 250}}},
		{2, 1, 0x402000, []pbenc.Line{{1, 15}}},
		{3, 1, 0x403000, []pbenc.Line{{11, 35}}},
		{4, 1, 0x404000, []pbenc.Line{{2, 22}}},
		{5, 1, 0x405000, []pbenc.Line{{6, 1000}}},
		{6, 1, 0x406000, []pbenc.Line{{3, 42}, {11, 37}}}, // cart.total inlined in handle
		{7, 1, 0x407000, []pbenc.Line{{5, 2000}}},
		{8, 1, 0x408000, []pbenc.Line{{7, 81}, {4, 810}}}, // Mutex.Lock inlined in pq's query
		{9, 1, 0x409000, []pbenc.Line{{10, 160}}},
		{10, 1, 0x40a000, []pbenc.Line{{9, 1130}}},
		{11, 1, 0x40b000, []pbenc.Line{{12, 14}}},
		{12, 1, 0x40c000, []pbenc.Line{{13, 170}}},
		{13, 1, 0x40d000, []pbenc.Line{{14, 7}}},
		{14, 1, 0x40e000, nil}, // address only
	}
	ms := int64(1000000)
	samples := []pbenc.Sample{
		{[]uint64{5, 4, 3, 2, 1}, []int64{10, 100 * ms}, nil},
		{[]uint64{6, 2, 1}, []int64{5, 50 * ms}, nil},
		{[]uint64{8, 3, 7}, []int64{3, 30 * ms}, nil},
		{[]uint64{10, 9, 3, 7}, []int64{2, 20 * ms}, nil},
		{[]uint64{11, 2, 1}, []int64{1, 10 * ms}, nil},
		{[]uint64{5, 12, 13, 2, 1}, []int64{1, 5 * ms}, nil},
		{[]uint64{5}, []int64{7, 70 * ms}, nil},
		{[]uint64{14, 2, 1}, []int64{1, 4 * ms}, nil},
	}
	p := &pbenc.Profile{
		SampleTypes: []pbenc.ValueType{{"samples", "count"}, {"cpu", "nanoseconds"}},
		Samples:     samples,
		Mappings:    []pbenc.Mapping{{1, 0x400000, 0x800000, 0, "/tmp/tprofgen/bin/shop", "", true, true, true, true}},
		Locations:   locations,
		Functions:   functions,
		TimeNanos:   1764748800000000000, // Dec 3, 2025 at 8:00am UTC
		Duration:    1000000000,
		PeriodType:  pbenc.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:      10000000,
	}
	if err := p.WriteGzip(os.Args[1]); err != nil {
		panic(err)
	}
}
