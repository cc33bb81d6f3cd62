// Command crafted writes a hand-made profile.proto (gzipped) with a tiny
// protobuf encoder of its own. The profile has what the Go runtime never
// writes: comments, drop_frames/keep_frames, a build ID on mapping 0,
// several mappings, numeric labels with units (request: bytes,
// timeout: ms) and without (retries), a label key with two values, a
// function with no file name, a function whose system name differs from
// its name, locations with no lines (address only), inlined frames, three
// sample types and a default_sample_type.
//
//	crafted OUT.pb.gz
package main

import (
	"os"

	"tprof/testdata/gen/pbenc"
)

func main() {
	sampleTypes := []pbenc.ValueType{{"requests", "count"}, {"wall", "microseconds"}, {"alloc", "bytes"}}
	mappings := []pbenc.Mapping{
		{1, 0x400000, 0x800000, 0, "/usr/local/bin/server", "9f86d081884c7d659a2feaa0c55ad015", true, true, true, true},
		{2, 0x7f0000000000, 0x7f0000200000, 0x1000, "/lib/x86_64-linux-gnu/libc.so.6", "c0ffee00c0ffee00", true, false, false, false},
		{3, 0x7ffd00000000, 0x7ffd00002000, 0, "[vdso]", "", false, false, false, false},
	}
	functions := []pbenc.Function{
		{1, "main.main", "main.main", "/build/server/server.go", 10},
		{2, "main.serve", "main.serve", "/build/server/server.go", 20},
		{3, "main.handleRequest", "main.handleRequest", "/build/server/handler.go", 5},
		{4, "main.parseHeader", "main.parseHeader", "/build/server/handler.go", 40},
		{5, "main.readBody", "main.readBody", "/build/server/handler.go", 60},
		{6, "main.writeResponse", "main.writeResponse", "/build/server/handler.go", 80},
		{7, "encoding/json.Marshal", "encoding/json.Marshal", "/usr/lib/go/src/encoding/json/encode.go", 158},
		{8, "zlib_compress", "zlib_compress", "", 0},
		{9, "memcpy", "__memmove_avx_unaligned_erms", "", 0},
		{10, "main.logLine", "main.logLine", "/build/server/logger.go", 12},
		{11, "main.(*cache).get", "main.(*cache).get", "/build/server/cache.go", 30},
		{12, "main.(*cache).evict", "main.(*cache).evict", "/build/server/cache.go", 50},
	}
	locations := []pbenc.Location{
		{1, 1, 0x401000, []pbenc.Line{{1, 15}}},
		{2, 1, 0x401100, []pbenc.Line{{2, 25}}},
		{3, 1, 0x402000, []pbenc.Line{{4, 44}, {3, 9}}}, // parseHeader inlined in handleRequest
		{4, 1, 0x402100, []pbenc.Line{{3, 12}}},
		{5, 1, 0x402200, []pbenc.Line{{5, 63}}},
		{6, 1, 0x402300, []pbenc.Line{{6, 85}}},
		{7, 1, 0x403000, []pbenc.Line{{7, 160}}},
		{8, 1, 0x404000, []pbenc.Line{{8, 0}}},
		{9, 2, 0x7f0000001234, []pbenc.Line{{9, 0}}},
		{10, 3, 0x7ffd00000abc, nil}, // address only
		{11, 1, 0x405000, []pbenc.Line{{10, 14}}},
		{12, 1, 0x406000, []pbenc.Line{{12, 52}, {11, 33}}}, // evict inlined in get
		{13, 1, 0x406100, []pbenc.Line{{11, 31}}},
		{14, 1, 0x402400, []pbenc.Line{{3, 14}}},
		{15, 1, 0x402500, []pbenc.Line{{6, 88}}},
		{16, 1, 0x407000, nil}, // address only, in the main binary
		{17, 1, 0x402050, []pbenc.Line{{3, 10}}},
	}
	samples := []pbenc.Sample{
		{[]uint64{3, 2, 1}, []int64{1, 1500, 4096},
			[]pbenc.Label{pbenc.Str("handler", "/api/users"), pbenc.Str("method", "GET"), pbenc.Num("request", 512, "bytes"), pbenc.Num("timeout", 250, "ms")}},
		{[]uint64{5, 4, 2, 1}, []int64{1, 12000, 65536},
			[]pbenc.Label{pbenc.Str("handler", "/api/orders"), pbenc.Str("method", "POST"), pbenc.Num("request", 70000, "bytes"), pbenc.Num("timeout", 1000, "ms")}},
		{[]uint64{9, 5, 4, 2, 1}, []int64{2, 3000, 0},
			[]pbenc.Label{pbenc.Str("handler", "/api/orders"), pbenc.Str("method", "POST"), pbenc.Num("request", 2048, "bytes"), pbenc.Num("retries", 2, "")}},
		{[]uint64{8, 6, 14, 2, 1}, []int64{1, 8000, 32768},
			[]pbenc.Label{pbenc.Str("handler", "/static"), pbenc.Str("method", "GET"), pbenc.Num("request", 100, "bytes"), pbenc.Num("timeout", 50, "ms")}},
		{[]uint64{7, 6, 14, 2, 1}, []int64{3, 4500, 12288},
			[]pbenc.Label{pbenc.Str("handler", "/api/users"), pbenc.Str("method", "GET"), pbenc.Num("request", 1536, "bytes")}},
		{[]uint64{10, 15, 14, 2, 1}, []int64{1, 200, 0},
			[]pbenc.Label{pbenc.Str("handler", "/api/users")}},
		{[]uint64{11, 2, 1}, []int64{5, 700, 1024}, nil},
		{[]uint64{12, 17, 2, 1}, []int64{2, 2500, 0},
			[]pbenc.Label{pbenc.Str("handler", "/api/orders"), pbenc.Str("handler", "/api/v2/orders"), pbenc.Str("method", "GET"), pbenc.Num("timeout", 5000, "ms")}},
		{[]uint64{13, 17, 2, 1}, []int64{1, 900, 512},
			[]pbenc.Label{pbenc.Str("handler", "/static"), pbenc.Str("method", "GET")}},
		{[]uint64{16, 1}, []int64{1, 100, 0}, nil},
		{[]uint64{1}, []int64{1, 50, 0}, nil},
		{[]uint64{9, 8, 6, 14, 2, 1}, []int64{4, 6000, 8192},
			[]pbenc.Label{pbenc.Str("handler", "/static"), pbenc.Str("method", "GET"), pbenc.Num("request", 300000, "bytes"), pbenc.Num("timeout", 50, "ms"), pbenc.Num("retries", 0, "")}},
	}

	p := &pbenc.Profile{
		SampleTypes:       sampleTypes,
		Samples:           samples,
		Mappings:          mappings,
		Locations:         locations,
		Functions:         functions,
		DropFrames:        `runtime\..*|__libc_.*`,
		KeepFrames:        `main\..*`,
		TimeNanos:         1700000000123456789, // Nov 14, 2023 at 10:13pm UTC
		Duration:          2500000000,          // 2.5s
		PeriodType:        pbenc.ValueType{Type: "wall", Unit: "microseconds"},
		Period:            1000,
		Comments:          []string{"crafted by tprof/testdata/gen/crafted", "build=release-1.2.3 host=test01"},
		DefaultSampleType: "wall",
	}
	if err := p.WriteGzip(os.Args[1]); err != nil {
		panic(err)
	}
}
