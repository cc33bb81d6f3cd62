#!/usr/bin/env bash
# tests/http/live.sh TPROF: tprof against a real Go net/http/pprof server
# (tests/http/goserver, built into /tmp) on 127.0.0.1: -top of the heap,
# goroutine, allocs (-alloc_space) and CPU (-seconds 2) profiles show what
# the server does (its leak, its parked goroutines, its busy loop); each
# fetch is saved under pprof's name, as go tool pprof names it, and loads
# again with the same report, which go tool pprof prints too; an
# unreachable server is an error; refetch in the REPL and growth show the
# leak growing. Skipped (status 0) without go. ~5 s.
set -u
T=${1:?usage: live.sh path/to/tprof}
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v go >/dev/null 2>&1; then
  echo "live: go is not installed: skipped"
  exit 0
fi
NAME=live
. "$HERE/lib.sh"

BIN=/tmp/tprof-live-$(id -u)/goserver # (the saved profiles' names come from "goserver")
if [ ! -x "$BIN" ] || [ "$HERE/goserver/main.go" -nt "$BIN" ]; then
  mkdir -p "$(dirname "$BIN")"
  (cd "$HERE/goserver" && go build -o "$BIN.tmp" main.go && mv "$BIN.tmp" "$BIN") ||
    { echo "FAIL live: cannot build tests/http/goserver"; exit 1; }
fi
"$BIN" "$tmp/port" 60s 2>"$tmp/server.err" &
pid=$!
pids+=($pid)
PORT=$(wait_port "$tmp/port") || { echo "FAIL live: the Go server did not start"; cat "$tmp/server.err"; exit 1; }
U=http://127.0.0.1:$PORT/debug/pprof

# fetch NAME WANT_SAVED ARGS...: tprof -top ARGS with its own PPROF_TMPDIR;
# checks the saved name, and that the saved file gives the same report in
# tprof and in go tool pprof
fetch() {
  local name=$1 saved=$2 f0=$fail
  shift 2
  mkdir -p "$tmp/$name.dir"
  PPROF_TMPDIR="$tmp/$name.dir" "$T" -top "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null ||
    { bad "$name: exit $?"; sed 's/^/    /' "$tmp/$name.err"; return 1; }
  grep -Fxq "Saved profile in $tmp/$name.dir/$saved" "$tmp/$name.err" && ok ||
    { bad "$name: not saved as $saved"; sed 's/^/    /' "$tmp/$name.err"; return 1; }
  local args=("$@")
  unset 'args[${#args[@]}-1]' # the URL
  "$T" -top "${args[@]}" "$tmp/$name.dir/$saved" >"$tmp/$name.again" 2>/dev/null
  cmp -s "$tmp/$name.out" "$tmp/$name.again" && ok || { bad "$name: the saved file reports differently"; diff "$tmp/$name.out" "$tmp/$name.again" | head; }
  go tool pprof -top "${args[@]}" "$tmp/$name.dir/$saved" >"$tmp/$name.pprof" 2>/dev/null
  cmp -s "$tmp/$name.out" "$tmp/$name.pprof" && ok || { bad "$name: go tool pprof reports differently"; diff "$tmp/$name.out" "$tmp/$name.pprof" | head; }
  [ $fail = $f0 ]
}
# has NAME REGEX: the report has a line matching REGEX
has() { grep -Eq -- "$2" "$tmp/$1.out" && ok || { bad "$1: no line /$2/"; head -12 "$tmp/$1.out" | sed 's/^/    /'; }; }

# (in the background: it takes 2 s; its checks count through its status)
fetch cpu pprof.goserver.samples.cpu.001.pb.gz -seconds 2 "127.0.0.1:$PORT" &
cpu=$!
HEAPTYPES=alloc_objects.alloc_space.inuse_objects.inuse_space
fetch heap "pprof.goserver.$HEAPTYPES.001.pb.gz" "$U/heap" && {
  has heap '^Type: inuse_space$'
  # the leak is the biggest in-use allocation
  sed -n '/flat%/{n;p;q}' "$tmp/heap.out" | grep -Eq '^ *[0-9.]+(kB|MB) .*  main\.leakyHandler$' && ok ||
    bad "heap: main.leakyHandler is not on top"
}
fetch goroutine pprof.goserver.goroutine.001.pb.gz "$U/goroutine" && {
  has goroutine '^Type: goroutine$'
  has goroutine '^ +0 +0% +[0-9.]+% +5 +[0-9.]+%  main\.parked$'
}
fetch allocs "pprof.goserver.$HEAPTYPES.001.pb.gz" -alloc_space "$U/allocs" && {
  has allocs '^Type: alloc_space$'
  sed -n '/flat%/{n;p;q}' "$tmp/allocs.out" | grep -Eq '^ *[0-9.]+(kB|MB) .*  main\.leakyHandler$' && ok ||
    bad "allocs: main.leakyHandler is not on top"
}
# refetch 1.5 s later: growth shows the leak growing
mkdir -p "$tmp/repl.dir"
(sleep 1.5 && printf 'refetch\ngrowth top5\n') | PPROF_TMPDIR="$tmp/repl.dir" "$T" "$U/heap" >"$tmp/repl.out" 2>"$tmp/repl.err"
grep -Fxq "Saved profile in $tmp/repl.dir/pprof.goserver.$HEAPTYPES.002.pb.gz" "$tmp/repl.err" && ok || bad "refetch: not saved"
# positive (grown), in whatever unit the other changes give the table
grep -Eq '^ *[0-9.]+(B|kB|MB|GB) .*  main\.leakyHandler$' "$tmp/repl.out" && ok || { bad "growth: no growth of main.leakyHandler"; cat "$tmp/repl.out"; }
# go tool pprof names its saved profile the same way
mkdir -p "$tmp/pprof.dir"
PPROF_TMPDIR="$tmp/pprof.dir" go tool pprof -top "$U/heap" >/dev/null 2>"$tmp/pprof.err"
grep -Fxq "Saved profile in $tmp/pprof.dir/pprof.goserver.$HEAPTYPES.001.pb.gz" "$tmp/pprof.err" && ok ||
  bad "go tool pprof saved under another name: $(grep Saved "$tmp/pprof.err")"
head -1 "$tmp/pprof.err" | cmp -s - <(head -1 "$tmp/heap.err") && ok || bad "first stderr line differs from pprof's"
wait $cpu && pass=$((pass + 3)) || fail=$((fail + 1))
grep -Fxq "Please wait... (2s)" "$tmp/cpu.err" && ok || bad "cpu: no 'Please wait... (2s)'"
grep -Fxq "Fetching profile over HTTP from $U/profile?seconds=2" "$tmp/cpu.err" && ok || bad "cpu: URL"
has cpu '^Type: cpu$'
has cpu '^Duration: 2\.[0-9]+s, Total samples = '
has cpu '  main\.burn$'

# an unreachable server: non-zero exit and a message
kill "$pid" && wait "$pid" 2>/dev/null
PPROF_TMPDIR="$tmp" "$T" -top "$U/heap" >/dev/null 2>"$tmp/down.err"
st=$?
[ $st = 1 ] && ok || bad "down: exit $st, want 1"
grep -Fxq "tprof: $U/heap: cannot connect: connection refused" "$tmp/down.err" && ok ||
  bad "down: $(cat "$tmp/down.err")"

echo "live: $pass passed, $fail failed"
[ $fail = 0 ]
