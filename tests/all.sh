#!/usr/bin/env bash
# tests/all.sh: run every part of `make test` (built already), each to the
# end even when an earlier part failed, and close with one line over all
# of them: "N passed, M failed". Exit status 1 when M > 0.
#
# A part's counts are the sum of the "P passed, F failed" lines it prints
# (cmocka's "[  PASSED  ] P test(s)" / "[  FAILED  ] F test(s)" for unit
# tests); a part that exits non-zero with no failure counted adds one
# failure, and a part that prints no count at all counts as one check. Any
# line saying a part was skipped or not run is repeated in the summary.
#
#   tests/all.sh [PART...]   parts: unit static-data golden golden-asan corpus, the
#                            tests/<area>/run.sh suites and http-asan
#                            (default: all; a PART without /run.sh is a make target)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MAKE=${MAKE:-make}
cd "$root" || exit 2
parts=("$@")
if [ ${#parts[@]} = 0 ]; then
  parts=(unit static-data golden golden-asan corpus)
  for s in tests/*/run.sh; do
    [ "$s" = tests/golden/run.sh ] || parts+=("$s")
  done
  parts+=(http-asan)
fi
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
total_pass=0 total_fail=0 summary=() notes=()
for part in "${parts[@]}"; do
  echo "== $part"
  t0=$(date +%s)
  case "$part" in
    */run.sh) "$part" "$root/tprof" ;;
    *) "$MAKE" --no-print-directory "$part" ;;
  esac 2>&1 | tee "$log/out"
  st=${PIPESTATUS[0]}
  read -r p f < <(sed 's/\x1b\[[0-9;]*m//g' "$log/out" | awk '
    match($0, /[0-9]+ passed, [0-9]+ failed/) { split(substr($0, RSTART, RLENGTH), w, " "); p += w[1]; f += w[3]; n++ }
    /^\[  PASSED  \] [0-9]+ test/ { p += $4; n++ }
    /^\[  FAILED  \] [0-9]+ test/ { f += $4; n++ }
    END { print p + 0, (n ? f + 0 : -1) }')
  if [ "$f" = -1 ]; then # no counts printed: the part is one check
    if [ "$st" = 0 ]; then p=1 f=0; else p=0 f=1; fi
  elif [ "$st" != 0 ] && [ "$f" = 0 ]; then
    f=1 # failed without saying which check
  fi
  total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
  summary+=("$(printf '%-22s %5d passed, %3d failed (exit %d, %ds)' "$part" "$p" "$f" "$st" $(($(date +%s) - t0)))")
  while IFS= read -r line; do notes+=("$part: $line"); done < <(grep -iE 'skipped|not run|cannot run' "$log/out")
done
echo
echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#notes[@]} -gt 0 ]; then
  echo "!! NOT EVERYTHING RAN:"
  printf '!!   %s\n' "${notes[@]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
