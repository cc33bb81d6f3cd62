module tprof/testdata/gen

go 1.19
