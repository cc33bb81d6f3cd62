# tests/series/timeline.sh: sourced by tests/series/run.sh (its harness,
# $T, $ASAN, $LEAK, pprof_total, no_sanitizer_reports, esc): the live watch and the timeline pane
# of the curses UI (doc/tui.md "Snapshots over time").
#
# 1. ./tprof -watch=1 on a file that is replaced: the table shows the new
#    file's total (go tool pprof -top's) within 3 s with no key pressed; a
#    file that is not a profile goes to the message line and the watch
#    goes on. The same on a URL (tests/http/server.py): each fetch a new
#    snapshot, saved under PPROF_TMPDIR; the same heap twice: the message
#    line says no GC ran and ?gc=1; Esc while a (slow) watch fetch runs
#    closes the timeline pane and does not cancel the fetch. Several files in the UI: `timeline`
#    takes them as snapshots in time order.
# 2. Under ./tprof-asan: -watch=1 over the four leak snapshots, replaced one
#    by one with no key pressed (the status line counts the snapshots); the
#    same file again: the message line says no GC ran and ?gc=1; the
#    timeline pane (M-l): the leaking function first with its four values
#    as go tool pprof -top -unit=kB prints them and a rising sparkline;
#    Enter drills into growth list and peek; M-, and M-. step the current
#    snapshot and the table follows; no sanitizer report.

screen_has() { scr | grep -Eq -- "$1"; }

# pp_flat FILE: main.handle's flat value in go tool pprof -top -unit=kB.
pp_flat() { TZ=UTC go tool pprof -top -unit=kB "$1" 2>/dev/null | awk '$NF == "main.handle" {print $1; exit}'; }

echo "series: -watch=1 updates the table with no key pressed"
mkdir -p "$tmp/w"
cp "$LEAK/leak.0.pb.gz" "$tmp/w/heap.pb.gz"
start 120 40 -- -watch=1 "$tmp/w/heap.pb.gz"
wait_for "watch: startup" "table: top.* of $(pprof_total "$LEAK/leak.0.pb.gz") total" 20
wait_for "watch: the status line shows the watch" '\| snapshot 1/1 \| watch 1s' 5
cp "$LEAK/leak.1.pb.gz" "$tmp/w/heap.pb.gz"
wait_for "watch: the table follows the replaced file within 3 s" \
  "table: top.* of $(pprof_total "$LEAK/leak.1.pb.gz") total" 3
wait_for "watch: two snapshots" '\| snapshot 2/2 \| watch 1s' 3
echo 'not a profile' >"$tmp/w/heap.pb.gz"
wait_for "watch: a failed fetch on the message line" 'watch: .*heap.pb.gz: not a profile' 5
cp "$LEAK/leak.2.pb.gz" "$tmp/w/heap.pb.gz"
wait_for "watch: goes on after a failed fetch" "table: top.* of $(pprof_total "$LEAK/leak.2.pb.gz") total" 5
# a copy that keeps the source's mtime (cp -p), twice: the second changes only the file's ctime
cp -p "$LEAK/leak.2.pb.gz" "$tmp/w/heap.pb.gz"
wait_for "watch: cp -p, a new snapshot" 'snapshots #3 and #4 are identical: no GC ran' 5
cp -p "$LEAK/leak.2.pb.gz" "$tmp/w/heap.pb.gz"
wait_for "watch: cp -p again (same size, same mtime), a new snapshot" 'snapshots #4 and #5 are identical: no GC ran' 5
typeline 'watch off'
wait_for "watch off: the status line" 'snapshot 5/5 +main' 5
typeline 'quit'
wait_exit "watch: quit" 0

echo "series: -watch=1 on a URL (tests/http/server.py on 127.0.0.1)"
python3 "$root/tests/http/server.py" "$LEAK" "$tmp/port" "$tmp/http.log" 2>"$tmp/http.err" &
srv=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
U=http://127.0.0.1:$(cat "$tmp/port")
mkdir -p "$tmp/fetched"
# /seq serves leak.0, leak.1, ... at each request
start 120 40 "PPROF_TMPDIR=$tmp/fetched" -- -watch=1 "$U/seq"
wait_for "url watch: startup" "table: top.* of $(pprof_total "$LEAK/leak.0.pb.gz") total" 20
wait_for "url watch: the second fetch with no key pressed" \
  "table: top.* of $(pprof_total "$LEAK/leak.1.pb.gz") total" 5
wait_for "url watch: the third" "table: top.* of $(pprof_total "$LEAK/leak.2.pb.gz") total" 5
check "url watch: the status line counts them" screen_has '\| snapshot 3/3 \| watch 1s'
check "url watch: each fetch saved under PPROF_TMPDIR" sh -c "[ \$(ls '$tmp/fetched' | wc -l) -ge 3 ]"
typeline 'quit'
wait_exit "url watch: quit" 0
# the same heap at every fetch: no GC ran between them
start 120 40 "PPROF_TMPDIR=$tmp/fetched" -- -watch=1 "$U/file/leak.2.pb.gz"
wait_for "url watch: identical heap snapshots" 'snapshots #1 and #2 are identical: no GC ran between them; \?gc=1 on the URL forces one' 10
typeline 'quit'
wait_exit "url watch identical: quit" 0
# Esc while the watch's fetch runs is Esc (it closes the timeline pane), not a cancel of the fetch
start 120 40 "PPROF_TMPDIR=$tmp/fetched" -- "$U/lateseq"
wait_for "slow watch: startup" "table: top.* of $(pprof_total "$LEAK/leak.0.pb.gz") total" 20
send M-l
wait_for "slow watch: the timeline pane" 'timeline: timeline .*Snapshots: 1' 20
typeline 'watch 1'
wait_for "slow watch: its fetch running" 'running watch now' 10
esc
wait_for "slow watch: Esc closed the timeline pane during the fetch" 'table: top' 3
check "slow watch: the fetch was not cancelled" sh -c "! tmux -L $sock capture-pane -p -t t | grep -q cancel"
wait_for "slow watch: the fetch came" "table: top.* of $(pprof_total "$LEAK/leak.1.pb.gz") total" 10
typeline 'watch off'
typeline 'quit'
wait_exit "slow watch: quit" 0
kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null

echo "series: several files in the UI: timeline takes them as snapshots, in time order"
start 120 40 -- "$LEAK/leak.2.pb.gz" "$LEAK/leak.0.pb.gz" "$LEAK/leak.3.pb.gz" "$LEAK/leak.1.pb.gz"
wait_for "files: startup (merged, as pprof)" 'table: top' 20
typeline 'timeline'
wait_for "files: the timeline pane" 'timeline: timeline .*Snapshots: 4' 20
check "files: snapshot 4 of 4 is current" screen_has '\| snapshot 4/4 +main'
check "files: in time order" screen_has '#3 +\*#4 +change'
check "files: the leaking function first" sh -c "tmux -L $sock capture-pane -p -t t | grep -A1 -m1 '#1 .*change' | tail -1 | grep -q 'steady  main.handle\$'"
typeline 'quit'
wait_exit "files: quit" 0

echo "series: the timeline pane, drill-down and snapshot steps under ./tprof-asan"
rm -rf "$tmp/san" && mkdir -p "$tmp/san"
cp "$LEAK/leak.0.pb.gz" "$tmp/w/heap.pb.gz"
T=$ASAN
start 120 40 "ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:log_path=$tmp/san/asan" \
  "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$tmp/san/ubsan" -- -watch=1 -unit=kB "$tmp/w/heap.pb.gz"
T=$T_PLAIN
wait_for "asan watch: startup" "table: top.* of $(pprof_total "$LEAK/leak.0.pb.gz") total" 20
for i in 1 2 3; do
  cp "$LEAK/leak.$i.pb.gz" "$tmp/w/heap.pb.gz"
  wait_for "asan watch: snapshot $((i + 1)) with no key pressed" \
    "snapshot $((i + 1))/$((i + 1)) \| watch 1s" 10
  wait_for "asan watch: the table shows leak.$i" "table: top.* of $(pprof_total "$LEAK/leak.$i.pb.gz") total" 10
done
# the same snapshot again (a heap profile taken with no GC in between)
cp "$LEAK/leak.3.pb.gz" "$tmp/w/heap.pb.gz"
wait_for "asan watch: identical snapshots" 'snapshots #4 and #5 are identical: no GC ran between them; \?gc=1 on the URL forces one' 10
typeline 'watch off'
wait_for "asan watch off" 'snapshot 5/5 +main' 10
send M-l
wait_for "timeline pane (M-l)" 'timeline: timeline .*Snapshots: 5' 20
want=""
for i in 0 1 2 3 3; do want="$want $(pp_flat "$LEAK/leak.$i.pb.gz")"; done
row=$(scr | grep -A1 -m1 '#1 .*#5 .*change' | sed -n 2p)
got=" $(echo "$row" | awk '{print $1, $2, $3, $4, $5}')"
check "timeline pane: main.handle first, values as go tool pprof -top prints them [$got] [$want]" \
  sh -c "[ '$got' = '$want' ] && echo '$row' | grep -q ' ▁▃▆██ .*main.handle\$'"
check "timeline pane: the current snapshot marked" screen_has '\*#5 '
check "timeline pane: the selection's growth on the status line" screen_has '^ tprof: .* main\.handle  \+[0-9.]+kB from #1 to #5 *$'
send Enter
wait_for "timeline Enter: growth list in the source pane" 'source: growth first last list \^main\\\.handle\$' 20
wait_for "timeline Enter: growth peek in the tree pane" 'tree: growth first last peek' 20
send M-,
wait_for "M-,: snapshot 4 of 5" 'snapshot 4/5' 20
send M-,
wait_for "M-,: snapshot 3 of 5, the table follows" "table: top.* of $(pprof_total "$LEAK/leak.2.pb.gz") total" 20
check "M-,: the status line" screen_has '^ tprof: .*snapshot 3/5'
send M-.
wait_for "M-.: snapshot 4 of 5" 'snapshot 4/5' 20
wait_for "M-.: the table follows" "table: top.* of $(pprof_total "$LEAK/leak.3.pb.gz") total" 20
typeline 'timeline'
wait_for "the timeline command opens the pane, snapshot 4 marked" '#3 +\*#4 +#5' 20
send M-.
wait_for "M-. in the timeline pane: it follows to snapshot 5" '#4 +\*#5 +change' 20
esc
typeline 'quit'
wait_exit "asan timeline: quit" 0
no_sanitizer_reports "asan timeline"
