#!/usr/bin/env bash
# tests/repl/run.sh TPROF: the line REPL.
#
#   tests/repl/run.sh ./tprof            run everything below
#   tests/repl/run.sh --oracle           re-record expected/ with `go tool pprof`
#   tests/repl/run.sh -v ./tprof         show a diff for each failing session
#
# 1. Sessions on a pipe that write files or start programs, which the golden
#    tests (run in testdata/) cannot hold: reports saved as profileNNN.* in
#    the working directory, >file and output=, web through $BROWSER, no
#    browser or no dot on $PATH, a profile whose default sample type is
#    empty, empty input. Each runs in a fresh directory with its own
#    TMPDIR; what it printed, the files it left (text files whole, profiles
#    through -top, images by their magic bytes), what the browser was given
#    and what is left in TMPDIR are compared with expected/ID.out, recorded
#    from `go tool pprof` (sessions.tsv: ID, ENV, ARGS, STDIN; @BROWSER is
#    a script that records its arguments, @EMPTY a profile with no samples,
#    @BIN a directory holding only dot).
#    mycode.tsv: the mycode option against the hide= regex that names
#    the same frames, in go tool pprof (expected/mycode.ID.out).
# 2. tprof's own promises on a pipe (-repl changes nothing there).
# 3. tmux.sh: the REPL on a real terminal (completion, history, colours).
set -u
here=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$here/../../testdata" && pwd)
oracle=0 verbose=0
while [ $# -gt 0 ]; do
  case "$1" in
    --oracle) oracle=1; shift ;;
    -v) verbose=1; shift ;;
    *) break ;;
  esac
done
if [ $oracle = 1 ]; then
  GO=$(command -v go) || { echo "repl: --oracle needs go" >&2; exit 2; }
  set -- "$GO" tool pprof
  mkdir -p "$here/expected"
else
  [ $# -ge 1 ] || { echo "usage: run.sh [-v] TPROF | run.sh --oracle" >&2; exit 2; }
  set -- "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
unset DISPLAY
pass=0 fail=0

# Fixtures: a browser that records what it is given, a PATH with only dot,
# a profile whose samples were all filtered out.
cat >"$tmp/browser" <<'EOF'
#!/bin/sh
# record the arguments and whether the last one is an SVG file
for a in "$@"; do last=$a; done
echo "browser: $*" >>"$BROWSER_LOG"
head -c 4000 "$last" | grep -q '<svg' && echo "browser: got an svg" >>"$BROWSER_LOG"
exit 0
EOF
chmod +x "$tmp/browser"
mkdir -p "$tmp/bin"
ln -s "$(command -v dot)" "$tmp/bin/dot"
"$@" -proto -focus=nosuch "$D/profiles/heap.pb.gz" >"$tmp/empty.pb.gz" 2>/dev/null </dev/null

# describe FILE: what a session left behind, comparable across tools
describe() {
  local f=$1
  echo "== file $(basename "$f")"
  case "$f" in
    *.pb.gz) "${tool[@]}" -top "$f" 2>&1 | grep -v '^Time:' ;;
    *.svg) grep -c '<svg' "$f" | sed 's/^/svg elements: /' ;;
    *.png) head -c 4 "$f" | od -An -c | tr -s ' ' ;;
    *.gif | *.pdf | *.ps) head -c 4 "$f"; echo ;;
    *) cat "$f" ;;
  esac
}

tool=("$@")
TIMEOUT=$(command -v timeout)
while IFS=$'\t' read -r id envs args input || [ -n "$id" ]; do
  case "$id" in '' | '#'*) continue ;; esac
  work=$tmp/work.$id tdir=$tmp/tmp.$id
  mkdir -p "$work" "$tdir"
  log=$tmp/browser.$id.log
  : >"$log"
  envs=${envs//@BROWSER/$tmp/browser}
  envs=${envs//@BIN/$tmp/bin}
  [ "$envs" = - ] && envs=
  args=${args//@EMPTY/$tmp/empty.pb.gz}
  eval "argv=(${args//\$D/$D})"
  eval "envv=($envs)"
  printf '%b' "$input" | (cd "$work" && env TMPDIR="$tdir" BROWSER_LOG="$log" "${envv[@]}" \
    "$TIMEOUT" 60 "${tool[@]}" "${argv[@]}") >"$tmp/out" 2>"$tmp/err"
  {
    echo "== stdout"; cat "$tmp/out"
    echo "== stderr"; cat "$tmp/err"
    echo "== files"; (cd "$work" && ls)
    for f in "$work"/*; do [ -f "$f" ] && describe "$f"; done
    echo "== browser"; cat "$log"
    echo "== left in TMPDIR"; (cd "$tdir" && ls)
  } | sed -e "s|$work|\$WORK|g" -e "s|$tdir|\$TMPDIR|g" -e "s|$tmp|\$TMP|g" >"$tmp/$id.out"
  if [ $oracle = 1 ]; then
    cp "$tmp/$id.out" "$here/expected/$id.out"
    echo "recorded $id"
  elif cmp -s "$tmp/$id.out" "$here/expected/$id.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $id: $envs $args"
    [ $verbose = 1 ] && diff -u "$here/expected/$id.out" "$tmp/$id.out" | head -40
  fi
done <"$here/sessions.tsv"

# mycode hides exactly what the equivalent hide= regex hides in go tool pprof
# (mycode.tsv); the Active filters lines differ by design and are left out.
while IFS=$'\t' read -r id prof opts re || [ -n "$id" ]; do
  case "$id" in '' | '#'*) continue ;; esac
  prof=${prof//\$D/$D}
  if [ $oracle = 1 ]; then first="hide=$re"; else first=$opts; fi
  printf '%b\nnodefraction=0\ntop\ntraces\n' "$first" | "${tool[@]}" "$prof" 2>&1 |
    sed -E '/^   (hide|mycode)=/d; s/Active filters://; s/\(pprof\) //g' >"$tmp/mycode.$id.out"
  if [ $oracle = 1 ]; then
    cp "$tmp/mycode.$id.out" "$here/expected/mycode.$id.out"
    echo "recorded mycode.$id"
  elif cmp -s "$tmp/mycode.$id.out" "$here/expected/mycode.$id.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL mycode.$id: $opts is not hide=$re"
    [ $verbose = 1 ] && diff -u "$here/expected/mycode.$id.out" "$tmp/mycode.$id.out" | head -40
  fi
done <"$here/mycode.tsv"
[ $oracle = 1 ] && exit 0

# check NAME CONDITION-COMMAND...: one of tprof's own promises
check() {
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}
T=$1
session='top3\nlist joinNames\nbogus\nhelp top\nproto >/dev/null\nq\n'
printf '%b' "$session" | "$T" "$D/profiles/heap.pb.gz" >"$tmp/a.out" 2>"$tmp/a.err"
printf '%b' "$session" | "$T" -repl "$D/profiles/heap.pb.gz" >"$tmp/b.out" 2>"$tmp/b.err"
check repl-flag-on-pipe cmp -s "$tmp/a.out" "$tmp/b.out"
check repl-flag-on-pipe-stderr cmp -s "$tmp/a.err" "$tmp/b.err"
# no colours and no history on a pipe, even with a history directory set
mkdir -p "$tmp/state"
printf '%b' "$session" | XDG_STATE_HOME="$tmp/state" "$T" "$D/profiles/heap.pb.gz" >/dev/null 2>"$tmp/c.err"
check no-colour-on-pipe eval "! grep -q $'\033' '$tmp/c.err'"
check no-history-on-pipe test ! -e "$tmp/state/tprof/history"

echo "repl sessions: $pass passed, $fail failed"
status=0
[ $fail = 0 ] || status=1
"$here/tmux.sh" "$T" || status=1
exit $status
