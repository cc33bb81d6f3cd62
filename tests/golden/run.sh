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
#   and stderr are compared ("== stdout", then "== stderr"); otherwise only
#   stdout is.
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
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
pass=0 fail=0
while IFS=$'\t' read -r id args input || [ -n "$id" ]; do
  case "$id" in ''|'#'*) continue ;; esac
  if [ -n "$only" ] && ! [[ "$id" =~ $only ]]; then continue; fi
  eval "argv=(${args//\$D/$D})"
  out="$tmp/$id.out"
  if [ -n "${input:-}" ]; then
    printf '%b' "$input" | (cd "$D" && timeout 120 "$@" "${argv[@]}") >"$out" 2>"$tmp/$id.err"
    { echo "== stdout"; cat "$out"; echo "== stderr"; cat "$tmp/$id.err"; } >"$out.all"
    mv "$out.all" "$out"
  else
    (cd "$D" && timeout 120 "$@" "${argv[@]}") >"$out" 2>"$tmp/$id.err" </dev/null
  fi
  if [ $oracle = 1 ]; then
    cp "$out" "$expected/$id.out"
    echo "recorded $id ($(wc -l <"$out") lines)"
    continue
  fi
  [ -n "$keep" ] && cp "$out" "$keep/$id.out"
  if [ -f "$expected/$id.out" ] && cmp -s "$out" "$expected/$id.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $id: $args"
    if [ $verbose = 1 ]; then
      if [ -f "$expected/$id.out" ]; then
        diff -u "$expected/$id.out" "$out" | head -40
      else
        echo "  (no expected output $expected/$id.out)"
      fi
      head -5 "$tmp/$id.err"
    fi
  fi
done <"$cases"
[ $oracle = 1 ] && exit 0
echo "$pass passed, $fail failed"
[ $fail = 0 ]
