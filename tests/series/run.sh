#!/usr/bin/env bash
# tests/series/run.sh TPROF: snapshot series over time (doc/sources.md).
#
# Lifetimes: in tmux, under ./tprof-asan (beside TPROF; `make suites`
# builds it), a heap snapshot file replaced three times with `refetch`
# between, drill-downs (Enter), growth and Esc in between: no sanitizer
# report (log_path files), and the table's total is go tool pprof -top's
# total of the latest file each time.
#
# Then tests/series/timeline.sh: the live watch (-watch=1, no key pressed)
# and the timeline pane (M-l, Enter, M-, and M-.), also under ./tprof-asan.
TUI_NAME=series
. "$(dirname "$0")/../tui/lib.sh"
ASAN=$(dirname "$T")/tprof-asan
[ -x "$ASAN" ] || { echo "series: FAIL: $ASAN is missing (make tprof-asan)"; exit 1; }
LEAK=$root/testdata/profiles
command -v go >/dev/null || { echo "series: FAIL: go is not installed (scripts/deps.sh installs it)"; exit 1; }

# pprof_total FILE: the total in go tool pprof -top's header ("of X total").
pprof_total() { TZ=UTC go tool pprof -top "$1" 2>/dev/null | sed -n 's/.* of \(.*\) total$/\1/p'; }

# no_sanitizer_reports DESC: $tmp/san holds no ASan or UBSan log.
no_sanitizer_reports() {
  if [ -n "$(ls "$tmp/san")" ]; then
    echo "FAIL $1: sanitizer reports:"
    head -40 "$tmp/san"/* | sed 's/^/    /'
    fail=$((fail + 1))
  else
    ok
  fi
}

# Esc, then a pause: Esc with a key right behind it is Alt+key.
esc() { send Escape; sleep 0.2; }

echo "series: refetch, drill-down, growth and Esc under ./tprof-asan"
mkdir -p "$tmp/san" "$tmp/snap"
cp "$LEAK/leak.0.pb.gz" "$tmp/snap/heap.pb.gz"
T_PLAIN=$T T=$ASAN
start 120 40 "ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:log_path=$tmp/san/asan" \
  "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$tmp/san/ubsan" -- "$tmp/snap/heap.pb.gz"
T=$T_PLAIN
wait_for "asan: startup" "of $(pprof_total "$LEAK/leak.0.pb.gz") total" 20
for round in ${ROUNDS:-1 2 3}; do
  for i in 1 2 3; do
    cp "$LEAK/leak.$i.pb.gz" "$tmp/snap/heap.pb.gz"
    want=$(pprof_total "$LEAK/leak.$i.pb.gz")
    send Enter
    wait_for "round $round.$i: drill-down" 'source: list \^main' 20
    esc
    typeline 'refetch'
    wait_for "round $round.$i: refetch output" 'growth" reports what changed since' 20
    esc
    wait_for "round $round.$i: the table follows the new profile" "table: top.* of $want total" 20
    send Enter
    wait_for "round $round.$i: drill-down on the new profile" "source: list \\^main.*Total: " 20
    typeline 'growth'
    wait_for "round $round.$i: growth in the table" 'table: growth' 20
    esc
    typeline 'top'
    wait_for "round $round.$i: top again" "table: top  .* of $want total" 20
  done
  cp "$LEAK/leak.0.pb.gz" "$tmp/snap/heap.pb.gz"
  typeline 'refetch'
  wait_for "round $round: refetch output" 'growth" reports what changed since' 20
  esc
  wait_for "round $round: back to the first snapshot" "table: top  .* of $(pprof_total "$LEAK/leak.0.pb.gz") total" 20
done
typeline 'quit'
wait_exit "asan quit" 0
no_sanitizer_reports asan

# the live watch and the timeline pane
. "$(dirname "$0")/timeline.sh"

echo "series: $pass passed, $fail failed"
[ $fail = 0 ]
