#!/usr/bin/env bash
# run.sh: run the golden cases of tests/golden/cases.tsv against a
# pprof-compatible command and compare its output byte for byte with the
# output recorded from `go tool pprof` in tests/golden/expected/ID.out.
#
#   tests/golden/run.sh [options] CMD...   compare CMD's output, e.g. ./tprof
#   tests/golden/run.sh --oracle           (re)record expected/ with `go tool pprof`
#   options: --only REGEX  run only the cases whose id matches
#            -v            show a diff for every failing case
#            --keep DIR    keep each case's actual output in DIR
#
# cases.tsv has one case a line: ID <TAB> ARGS [<TAB> STDIN]
#   ARGS is split as a shell would split it, after $D is replaced by the
#   repository's testdata/ directory; the command runs in that directory
#   (so relative paths such as -source_path=src work too), with TZ=UTC.
#   STDIN, when present, is fed to the command (\n for newlines, expanded
#   by printf %b): such a case is an interactive session, and both stdout
#   and stderr are in ID.out ("== stdout", then "== stderr"); otherwise
#   stdout is ID.out and stderr is ID.err (no ID.err: stderr is empty).
# Every case also checks the exit status recorded in expected/status.tsv
# (ID <TAB> STATUS). intended/ID.err and intended/status.tsv, when present,
# hold the stderr and status tprof means to give where they differ from
# pprof's on purpose (README.md says why for each); --oracle never writes
# them. In stderr, the testdata/ path
# is written as $D.
# $B is replaced by ../build/testbin (relative to testdata/, so outputs that
# name a binary are the same on every machine), where the Go programs of
# testdata/gen that cases give as binaries are built first (go build
# -trimpath: reproducible, so their addresses are those of the committed
# profiles they wrote).
# The last line is "N passed, M failed"; the exit status is 1 on any failure.
# This mirrors /work/shared/tools/pprof-compat, with $D = testdata/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$here/../../testdata" && pwd) || exit 2
cases=$here/cases.tsv
expected=$here/expected
oracle=0 only="" verbose=0 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --oracle) oracle=1; shift ;;
    --only) only="$2"; shift 2 ;;
    -v) verbose=1; shift ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
if [ $oracle = 1 ]; then set -- go tool pprof; fi
[ $# -ge 1 ] || { echo "usage: run.sh [--oracle] [--only RE] [-v] [--keep DIR] CMD..." >&2; exit 2; }
# Make a relative command path (./tprof) work from testdata/, where it runs.
case "$1" in
  */*) [ -e "$1" ] && set -- "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" "${@:2}" ;;
esac
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$keep" ] && { mkdir -p "$keep"; keep=$(cd "$keep" && pwd); }
[ $oracle = 1 ] && mkdir -p "$expected"
status_file=$expected/status.tsv
if [ $oracle = 1 ]; then
  # keep the statuses of the cases not re-recorded (--only)
  if [ -f "$status_file" ]; then cp "$status_file" "$tmp/status.old"; else : >"$tmp/status.old"; fi
  : >"$tmp/status.new"
fi
declare -A want_status=()
for f in "$status_file" "$here/intended/status.tsv"; do
  [ -f "$f" ] || continue
  while IFS=$'\t' read -r sid sst; do want_status[$sid]=$sst; done <"$f"
done
B=../build/testbin
for prog in $(grep -o '\$B/[a-z0-9_]*' "$cases" | sort -u | sed 's|\$B/||'); do
  (cd "$D/gen" && go build -trimpath -o "$D/$B/$prog" "./$prog") || { echo "run.sh: cannot build testdata/gen/$prog" >&2; exit 2; }
done
pass=0 fail=0
while IFS=$'\t' read -r id args input || [ -n "$id" ]; do
  case "$id" in ''|'#'*) continue ;; esac
  if [ -n "$only" ] && ! [[ "$id" =~ $only ]]; then continue; fi
  args=${args//\$B/$B}
  eval "argv=(${args//\$D/$D})"
  out="$tmp/$id.out" err="$tmp/$id.err"
  if [ -n "${input:-}" ]; then
    printf '%b' "$input" | (cd "$D" && timeout 120 "$@" "${argv[@]}") >"$out" 2>"$err.raw"
    st=$?
    { echo "== stdout"; cat "$out"; echo "== stderr"; cat "$err.raw"; } >"$out.all"
    mv "$out.all" "$out"
    : >"$err"
  else
    (cd "$D" && timeout 120 "$@" "${argv[@]}") >"$out" 2>"$err.raw" </dev/null
    st=$?
    # the checkout's location is not part of a message
    D="$D" awk '{ while ((i = index($0, ENVIRON["D"])) > 0) $0 = substr($0, 1, i - 1) "$D" substr($0, i + length(ENVIRON["D"])); print }' "$err.raw" >"$err"
  fi
  if [ $oracle = 1 ]; then
    cp "$out" "$expected/$id.out"
    if [ -s "$err" ]; then cp "$err" "$expected/$id.err"; else rm -f "$expected/$id.err"; fi
    printf '%s\t%s\n' "$id" "$st" >>"$tmp/status.new"
    echo "recorded $id ($(wc -l <"$out") lines, status $st)"
    continue
  fi
  [ -n "$keep" ] && cp "$out" "$keep/$id.out" && cp "$err" "$keep/$id.err"
  want_err=$expected/$id.err
  [ -f "$here/intended/$id.err" ] && want_err=$here/intended/$id.err
  why=""
  if ! [ -f "$expected/$id.out" ]; then why="no expected output $expected/$id.out"
  elif [ -z "${want_status[$id]:-}" ]; then why="no status for $id in $status_file"
  elif [ "$st" != "${want_status[$id]}" ]; then why="exit status $st, want ${want_status[$id]}"
  elif ! cmp -s "$out" "$expected/$id.out"; then why="stdout differs"
  elif [ -f "$want_err" ] && ! cmp -s "$err" "$want_err"; then why="stderr differs from $want_err"
  elif ! [ -f "$want_err" ] && [ -s "$err" ]; then why="stderr not empty"
  fi
  if [ -z "$why" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $id ($why): $args"
    if [ $verbose = 1 ]; then
      [ -f "$expected/$id.out" ] && diff -u "$expected/$id.out" "$out" | head -40
      if [ -f "$want_err" ]; then diff -u "$want_err" "$err" | head -20; else head -5 "$err"; fi
    fi
  fi
done <"$cases"
if [ $oracle = 1 ]; then
  # the new statuses, then the old ones of cases not recorded this time, in cases.tsv order
  awk -F'\t' 'FILENAME == ARGV[1] { s[$1] = $2; next } FILENAME == ARGV[2] { if (!($1 in s)) s[$1] = $2; next }
       $1 != "" && $1 !~ /^#/ && ($1 in s) { print $1 "\t" s[$1] }' "$tmp/status.new" "$tmp/status.old" "$cases" >"$status_file"
  exit 0
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
