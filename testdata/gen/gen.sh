#!/usr/bin/env bash
# Regenerate the profiles of testdata/profiles/ and testdata/sample.pb.gz.
# testdata/src is a symbolic link to this folder: the sources `list` shows
# are the ones that made the profiles. See README.md.
#   testdata/gen/gen.sh [PROG...]     (default: all programs)
# Binaries are built with -trimpath into $BIN (default /tmp/tprofgen/bin),
# which is removed at the end so that pprof never finds them.
set -eu
cd "$(dirname "$0")"
T=$(cd .. && pwd)
BIN=${BIN:-/tmp/tprofgen/bin}
P=$T/profiles
mkdir -p "$BIN" "$P"
progs=${*:-"cpulabels heap contention goroutines leak crafted sample legacy shapes fixtures damaged mycode"}
for prog in $progs; do
  go build -trimpath -o "$BIN/$prog" "./$prog"
  case $prog in
    cpulabels)  "$BIN/cpulabels" "$P/cpu_labels.pb.gz" ;;
    heap)       "$BIN/heap" "$P/heap.pb.gz" "$P/allocs.pb.gz"
                gzip -dc "$P/heap.pb.gz" >"$P/heap.raw.pb" ;;
    contention) "$BIN/contention" "$P/block.pb.gz" "$P/mutex.pb.gz" ;;
    goroutines) "$BIN/goroutines" "$P/goroutine.pb.gz" "$P/threadcreate.pb.gz" ;;
    leak)       "$BIN/leak" "$P/leak" ;;
    crafted)    "$BIN/crafted" "$P/crafted.pb.gz" ;;
    mycode)     "$BIN/mycode" "$P/mycode.pb.gz" ;;
    sample)     "$BIN/sample" "$T/sample.pb.gz" >/dev/null ;;
    legacy)     mkdir -p "$P/legacy" && "$BIN/legacy" "$P/legacy" ;;
    shapes)     mkdir -p "$P/legacy" && "$BIN/shapes" "$P/legacy" ;;
    fixtures)   mkdir -p "$P/fixtures" && "$BIN/fixtures" "$P/fixtures" ;;
    damaged)    mkdir -p "$P/damaged" && "$BIN/damaged" "$P/damaged" ;;
  esac
done
rm -rf "$BIN"
