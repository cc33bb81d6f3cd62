#!/usr/bin/env bash
# tests/symbolize/run.sh TPROF: names for address-only profiles.
#   - Go ?debug=1 text profiles named from their own # lines (beyond pprof),
#     compared with what go tool pprof prints given the binary that wrote
#     them (testdata/gen/legacy, rebuilt here: Go builds are reproducible,
#     so its addresses are the committed profiles' ones), and the MemStats
#     block in `comments` and `info`.
# Every comparison is live against `TZ=UTC go tool pprof`.
set -u
T=${1:?usage: run.sh path/to/tprof}
D=$(cd "$(dirname "$0")/../../testdata" && pwd)
L=$D/profiles/legacy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
export TZ=UTC PPROF_BINARY_PATH=$tmp/none HOME=$tmp

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
# same NAME FILE1 FILE2: byte-identical files
same() {
  if cmp -s "$2" "$3"; then ok; else bad "$1: differs"; diff "$2" "$3" | head -10 | sed 's/^/    /'; fi
}

(cd "$D/gen" && go build -trimpath -o "$tmp/legacy" ./legacy) || { echo "FAIL: cannot build testdata/gen/legacy"; exit 1; }
# the rebuilt binary is the one that wrote the committed profiles
go tool pprof -raw "$tmp/legacy" "$L/go_heap.txt" 2>/dev/null | grep -q '0x4b90d0 M=1 main.allocLarge ' ||
  { echo "FAIL: testdata/gen/legacy does not rebuild to the binary of testdata/profiles/legacy (Go version?)"; exit 1; }

# --- Go text profiles named from their # lines ---
for r in top traces tree; do
  "$T" -$r -symbolize=none "$L/go_heap.txt" >"$tmp/t.$r" 2>"$tmp/e.$r"; st=$?
  [ $st = 0 ] || bad "gotext.$r: exit $st"
  go tool pprof -$r "$tmp/legacy" "$L/go_heap.txt" 2>/dev/null | grep -v '^File: legacy$' >"$tmp/p.$r"
  same "gotext.heap.$r (comments vs pprof with the binary)" "$tmp/t.$r" "$tmp/p.$r"
  printf 'tprof: symbolized from the profile'"'"'s # comments\n' >"$tmp/want.err"
  same "gotext.heap.$r stderr (said once)" "$tmp/e.$r" "$tmp/want.err"
done
# without a flag too: pprof names nothing from the file alone ("Main binary
# filename not available."), so the # lines name the frames
"$T" -top "$L/go_heap.txt" >"$tmp/t" 2>"$tmp/e"
same gotext.default "$tmp/t" "$tmp/p.top"
printf 'Main binary filename not available.\ntprof: symbolized from the profile'"'"'s # comments\n' >"$tmp/want.err"
same gotext.default.stderr "$tmp/e" "$tmp/want.err"
# with the binary, its pcln table names them, as in pprof: byte for byte, and nothing said
for r in top raw "traces -lines"; do
  "$T" -$r "$tmp/legacy" "$L/go_goroutine.txt" >"$tmp/t" 2>"$tmp/e"
  go tool pprof -$r "$tmp/legacy" "$L/go_goroutine.txt" >"$tmp/p" 2>"$tmp/pe"
  same "binary.goroutine.$r" "$tmp/t" "$tmp/p"
  same "binary.goroutine.$r.stderr" "$tmp/e" "$tmp/pe"
done
# goroutines: main.parked under the frames ?debug=1 hides (runtime.?), the
# writer's own stack named whole
"$T" -top -symbolize=none "$L/go_goroutine.txt" >"$tmp/t" 2>/dev/null
grep -Eq '^ +4 +100% +100% +4 +100%  runtime\.\?$' "$tmp/t" && grep -Eq '^ +0 +0% +100% +3 75\.00%  main\.parked$' "$tmp/t" &&
  grep -Eq '^ +0 +0% +100% +1 25\.00%  runtime/pprof\.writeGoroutine$' "$tmp/t" && ok || { bad gotext.goroutine; cat "$tmp/t"; }
# mutex: the inlined sync.(*Mutex).Unlock is a frame of its own (the binary's pcln table folds it into main.contend)
"$T" -traces -symbolize=none "$L/go_mutex.txt" >"$tmp/t" 2>/dev/null
grep -A3 -- '-----------+' "$tmp/t" | grep -Eq '^ +[0-9.]+ms   sync\.\(\*Mutex\)\.Unlock$' &&
  grep -Eq '^             main\.contend$' "$tmp/t" && ok || { bad gotext.mutex; head -12 "$tmp/t"; }
# -lines: file and line from the # lines
"$T" -top -lines -symbolize=none "$L/go_block.txt" >"$tmp/t" 2>/dev/null
grep -Eq ' main\.writeGo tprof/testdata/gen/legacy/main\.go:[0-9]+$' "$tmp/t" && ok || { bad gotext.block.lines; head "$tmp/t"; }
# a C++ text profile has no # lines: nothing named, nothing said
"$T" -top -symbolize=none "$L/cpp_heapz.txt" >"$tmp/t" 2>"$tmp/e"
go tool pprof -top -symbolize=none "$L/cpp_heapz.txt" >"$tmp/p" 2>"$tmp/pe"
same gotext.cpp "$tmp/t" "$tmp/p"
same gotext.cpp.stderr "$tmp/e" "$tmp/pe"

# --- runtime.MemStats ---
"$T" -comments "$L/go_heap.txt" >"$tmp/t" 2>/dev/null
sed -n '/^# runtime.MemStats$/,$p' "$L/go_heap.txt" >"$tmp/want"
same memstats.comments "$tmp/t" "$tmp/want"
"$T" -comments "$L/go_goroutine.txt" >"$tmp/t" 2>/dev/null
[ ! -s "$tmp/t" ] && ok || bad "memstats.comments.goroutine: output where there is no MemStats"
printf 'info\n' | "$T" "$L/go_heap.txt" >"$tmp/t" 2>/dev/null
for l in 'runtime.MemStats \(the profile.s # lines\):' '  Alloc        9516760 \(9\.08MB\)' \
  '  TotalAlloc   9595784 \(9\.15MB\)' '  HeapAlloc    9516760 \(9\.08MB\)' '  HeapSys      12353536 \(11\.78MB\)' \
  '  Mallocs      2225' '  Frees        36' '  NumGC        3'; do
  grep -Eq "^$l\$" "$tmp/t" && ok || bad "memstats.info: no line /$l/"
done

echo "symbolize: $pass passed, $fail failed"
[ $fail = 0 ]
