#!/usr/bin/env bash
# tests/hostile/agree.sh TPROF [N]: N (default 120) seeded damaged variants of
# the testdata profiles (variants.py) through TPROF -raw and go tool pprof
# -raw: each must be accepted by both or refused by both, and when accepted
# give the same output. Classes found this way (fields numbered 0 or past
# 2^29, missing mappings, gzip reserved bits) are fixed in decode.c.
set -u
T=${1:?usage: agree.sh path/to/tprof [N]}
N=${2:-120}
here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "agree: FAIL: go is not installed (scripts/deps.sh installs golang-go)"; echo "agree: 0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/variants.py" "$tmp" "$N" || { echo "agree: variants.py failed"; exit 1; }
one() {
  local f=$1 g t
  TZ=UTC timeout 30 go tool pprof -raw "$f" >"$f.gout" 2>"$f.gerr"; g=$?
  TZ=UTC timeout 30 "$T" -raw "$f" >"$f.tout" 2>"$f.terr"; t=$?
  if [ $t -gt 2 ]; then echo "FAIL $(basename "$f"): tprof exit $t"
  elif [ $((g == 0)) != $((t == 0)) ]; then
    echo "FAIL $(basename "$f"): pprof exit $g ($(tail -1 "$f.gerr" | cut -c1-100)), tprof exit $t ($(tail -1 "$f.terr" | cut -c1-100))"
  elif [ $g = 0 ] && ! cmp -s "$f.gout" "$f.tout"; then echo "FAIL $(basename "$f"): both accept it, the outputs differ"
  else echo "ok $g"; fi
}
export -f one
export T
ls "$tmp" | sed "s|^|$tmp/|" | xargs -P 2 -n 1 bash -c 'one "$0"' >"$tmp.res"
grep FAIL "$tmp.res"
acc=$(grep -c '^ok 0$' "$tmp.res") fails=$(grep -c FAIL "$tmp.res")
echo "agree: $N variants, $acc accepted by both, $((N - acc - fails)) refused by both, $fails disagreements"
echo "agree: $((N - fails)) passed, $fails failed"
rm -f "$tmp.res"
[ "$fails" = 0 ]
