#!/usr/bin/env bash
# tests/hostile/run.sh TPROF: hostile input. Every input of gen.py's set and
# of cases/ (regressions, mostly from fuzzing) runs through TPROF and, when it
# has been built (make asan), through ./tprof-asan next to it (an input over
# ASAN_BIG bytes, 256 KiB, in its first case only: see below). For each run:
#   - no crash: the exit status is 0, 1 or 2, never a signal;
#   - no sanitizer report, no hang (a timeout per run);
#   - what the case expects: ok (0), bad (1 with exactly one stderr line
#     "tprof: FILE: ..."), usage (2), any (0/1/2, a 1 with that line),
#     merge / any-merge (the same with "tprof: ...": two profiles that do
#     not go together), session (the REPL reported the error and went on to
#     the last command); and its stderr regex, if any (gen.py says more).
# Then the 1 GiB gzip bomb, made here (never committed): rejected with a
# message by TPROF within 256 MB peak RSS (/usr/bin/time -f %M) and 10 s.
#
#   run.sh [-v] [--only REGEX] [--no-asan] TPROF
set -u
verbose=0 only="" use_asan=1
while [ $# -gt 1 ]; do
  case "$1" in
    -v) verbose=1; shift ;;
    --only) only="$2"; shift 2 ;;
    --no-asan) use_asan=0; shift ;;
    *) break ;;
  esac
done
T=${1:?usage: run.sh [-v] [--only RE] [--no-asan] path/to/tprof}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
here=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$here/../../testdata" && pwd)
ASAN=$(dirname "$T")/tprof-asan
[ $use_asan = 1 ] && [ -x "$ASAN" ] || ASAN=""
TIMEOUT=${HOSTILE_TIMEOUT:-30}
# twice the CPUs: an ASan run spends much of its time waiting (LeakSanitizer
# stops the world at exit: ~95 ms a run here), and on a busy machine more
# jobs get more of the CPUs (161 -> 141 s, load average 3, 2 CPUs)
JOBS=${JOBS:-$(($(nproc 2>/dev/null || echo 1) * 2))}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$tmp/res" "$tmp/T"
echo "a file, where a directory is wanted" >"$tmp/T/file"
echo "replaced by -output" >"$tmp/T/existing.txt"
# source files for list: binary, one 1 MiB line, no final newline, CRLF, empty, a directory, devices
mkdir -p "$tmp/T/src/dir.go"
head -c 20000 /dev/urandom >"$tmp/T/src/binary.go"
head -c 1048576 /dev/zero | tr '\0' 'x' >"$tmp/T/src/longline.go"
printf 'package main\nfunc f() {}' >"$tmp/T/src/nonewline.go"
printf 'package main\r\nfunc f() {}\r\n' >"$tmp/T/src/crlf.go"
: >"$tmp/T/src/empty.go"
ln -s /dev/tty "$tmp/T/src/tty.go"
ln -s nosuch/target "$tmp/T/dangling" # -output through links: as a shell's > (out.*)
ln -s loop2 "$tmp/T/loop1" && ln -s loop1 "$tmp/T/loop2"
mkfifo "$tmp/T/fifo" # a mapping names it (map.fifo): no writer will ever come
ln -s /dev/urandom "$tmp/T/src/urandom.go"
# for list.big: NUL bytes in lines, and one file of 64 MiB of newlines under four names
printf 'a\0b\n\0\0line 2\0\n' >"$tmp/T/src/nul.go"
head -c 67108864 /dev/zero | tr '\0' '\n' >"$tmp/T/src/nl1.go"
for i in 2 3 4; do ln -s nl1.go "$tmp/T/src/nl$i.go"; done
ln -s /dev/zero "$tmp/T/src/zero.go"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TZ=UTC

python3 "$here/gen.py" "$tmp/in" >/dev/null || { echo "hostile: gen.py failed"; exit 1; }
cp "$here"/cases/* "$tmp/in/"
# cases/cases.tsv: file expect regex args -> the manifest's id file expect regex args stdin
grep -v '^#' "$here/cases/cases.tsv" | tr '\t' '\037' | while IFS=$'\x1f' read -r file expect regex args; do
  [ -n "$file" ] && printf 'cases/%s\t%s\t%s\t%s\t%s\t\n' "$file" "$file" "$expect" "$regex" "$args"
done >>"$tmp/in/manifest.tsv"

# check_run N BIN: run case N of the manifest with BIN; prints "FAIL ..." lines on failure.
check_run() {
  local n=$1 bin=$2 id file expect regex args stdin
  # (tabs become \x1f first: read would merge adjacent tabs, dropping empty fields)
  local line
  mapfile -t -s $((n - 1)) -n 1 line <"$tmp/in/manifest.tsv"
  IFS=$'\x1f' read -r id file expect regex args stdin <<<"${line//$'\t'/$'\x1f'}"
  local bn=${bin##*/}
  local path="$tmp/in/$file" out="$tmp/res/$n.$bn.out" err="$tmp/res/$n.$bn.err"
  local a argv=()
  read -r -a a <<<"$args"
  for x in "${a[@]}"; do
    x=${x//\{D\}/$D}; x=${x//\{T\}/$tmp/T}; x=${x//\{\}/$path}
    argv+=("$x")
  done
  regex=${regex//\{\}/$path}
  local st t0
  t0=${EPOCHREALTIME/./}
  {
    if [ -n "$stdin" ]; then
      printf '%b' "$stdin" | (cd "$tmp/T" && exec timeout -s KILL "$TIMEOUT" "$bin" "${argv[@]}") >"$out" 2>"$err"
    else
      (cd "$tmp/T" && exec timeout -s KILL "$TIMEOUT" "$bin" "${argv[@]}") >"$out" 2>"$err" </dev/null
    fi
    st=$?
  } 2>/dev/null
  echo "$(( (${EPOCHREALTIME/./} - t0) / 1000 )) $id [$bn]" >"$out.ms"
  local why=""
  if [ $st = 137 ]; then why="hang (killed after ${TIMEOUT}s)"
  elif [ $st -gt 2 ]; then why="exit status $st (crash?)"
  elif grep -qE 'Sanitizer|runtime error:' "$err"; then why="sanitizer report"
  else
    local lines; lines=$(wc -l <"$err")
    case "$expect" in
      ok) [ $st = 0 ] || why="exit $st, want 0" ;;
      usage) [ $st = 2 ] || why="exit $st, want 2" ;;
      bad | merge) [ $st = 1 ] || why="exit $st, want 1" ;;
      any | any-merge) ;;
      session)
        [ $st = 0 ] || why="exit $st, want 0"
        grep -q 'flat  flat%' "$out" || why="the session did not go on to the last command" ;;
    esac
    if [ -z "$why" ] && [ $st = 1 ] && [ "$expect" != session ] && [ "$file" != - ]; then
      [ "$lines" = 1 ] || why="$lines lines on stderr, want one"
      case "$expect" in
        merge | any-merge) grep -q "^tprof: ." "$err" || why="stderr does not start with 'tprof: '" ;;
        *) grep -q "^tprof: $path: ." "$err" || why="stderr does not start with 'tprof: FILE: '" ;;
      esac
    fi
    if [ -z "$why" ] && [ $st = 2 ] && ! [ -s "$err" ]; then why="exit 2 without a message"; fi
    if [ -z "$why" ] && [ -n "$regex" ] && { [ "${expect#any}" = "$expect" ] || [ $st = 1 ]; } &&
      ! grep -qE -- "$regex" "$err"; then
      why="stderr does not match /$regex/"
    fi
  fi
  if [ -n "$why" ]; then
    [ ${#args} -gt 100 ] && args="${args:0:100}..."
    echo "FAIL $id [$bn $args]: $why"
    [ $verbose = 1 ] && head -c 2000 "$err" | sed 's/^/    /'
  fi
  return 0
}
export -f check_run
export tmp D TIMEOUT verbose

total=$(wc -l <"$tmp/in/manifest.tsv")
start=$(date +%s)
# Under ./tprof-asan, an input over ASAN_BIG bytes runs in its first case only
# (its decode and one report): its other cases are the same decode with
# another report, at sizes where ASan costs seconds each (the 100k-deep and
# 20k-label profiles; golden-asan runs every report on small inputs).
# ./tprof runs every case.
ASAN_BIG=${ASAN_BIG:-262144}
declare -A asan_seen=()
n=0
while IFS=$'\t' read -r id file _; do
  n=$((n + 1))
  if [ -n "$only" ] && ! [[ "$id" =~ $only ]]; then continue; fi
  echo "$n $T"
  [ -n "$ASAN" ] || continue
  if [ "$file" != - ] && [ "$(stat -c %s "$tmp/in/$file" 2>/dev/null || echo 0)" -gt "$ASAN_BIG" ]; then
    [ -n "${asan_seen[$file]:-}" ] && continue
    asan_seen[$file]=1
  fi
  echo "$n $ASAN"
done <"$tmp/in/manifest.tsv" | xargs -P "$JOBS" -n 2 bash -c 'check_run "$0" "$1"' >"$tmp/failures"
runs=$(ls "$tmp/res" | grep -c '\.ms$')
fails=$(wc -l <"$tmp/failures")
cat "$tmp/failures"
echo "hostile: slowest runs (ms):" $(cat "$tmp"/res/*.ms | sort -rn | head -5 | tr '\n' ';')

# list over hostile sources (list.big.pb): pprof's bytes, NUL included; a directory without
# an error line; four 64 MiB files of newlines read within 128 MB (a string a line took 2.5 GB each)
list_fail=0
if [ -z "$only" ] || [[ list.big =~ $only ]]; then
  /usr/bin/time -f %M -o "$tmp/rss" timeout -s KILL 60 "$T" -list='big\.f[1-6]$' -source_path="$tmp/T/src" \
    "$tmp/in/list.big.pb" >"$tmp/list.out" 2>"$tmp/list.err"
  st=$? rss=$(tail -1 "$tmp/rss")
  echo "list.big: exit $st, peak RSS ${rss} KB"
  want() { grep -qaP -- "$1" "$tmp/list.out" || { echo "FAIL list.big: no line /$1/"; list_fail=1; }; }
  want '^ +\. +\. +1:a\x00b$'
  want '^ +1 +1 +2:\x00\x00line 2\x00$'
  want '^ROUTINE =+ big\.f2 in dir\.go$'
  want '^ +3 +3 30000000:$'
  want '^ +\. +\. 67108864:$'
  [ "$(grep -c '^ROUTINE' "$tmp/list.out")" = 6 ] || { echo "FAIL list.big: want 6 routines"; list_fail=1; }
  [ $st = 0 ] || { echo "FAIL list.big: exit $st"; list_fail=1; }
  ! grep -q Error "$tmp/list.out" || { echo "FAIL list.big: an error line (pprof prints none for a directory)"; list_fail=1; }
  [ "$rss" -lt 131072 ] || { echo "FAIL list.big: peak RSS ${rss} KB, want under 128 MB"; list_fail=1; }
  grep -v '^Main binary filename not available.$' "$tmp/list.err" | grep . && { echo "FAIL list.big: stderr above"; list_fail=1; }
fi

# -output over files a shell's > would treat with care (pprof's os.Create does the same):
# a 0444 file is refused, not replaced; another user's world-writable file in a sticky
# directory is written in place (a rename over it is refused), keeping its owner; a
# dangling link creates its target; no temporary file is left. Run as nobody when root.
out_fail=0
if [ -z "$only" ] || [[ out.perm =~ $only ]]; then
  od=$(mktemp -d) && chmod 1777 "$od"
  as=() owner=$(id -u)
  if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || { echo "FAIL out.perm: setpriv (util-linux) missing"; out_fail=1; }
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups) owner=0
  fi
  echo keep >"$od/ro" && chmod 444 "$od/ro" && [ "$(id -u)" = 0 ] && chown 65534 "$od/ro"
  echo keep >"$od/ww" && chmod 666 "$od/ww"
  ln -s made "$od/link" && chmod 1777 "$od"
  outrun() { (cd "$od" && HOME="$od" timeout -s KILL 30 "${as[@]}" "$T" -top -output="$1" "$D/profiles/cpu_labels.pb.gz") >/dev/null 2>"$tmp/out.err"; }
  outrun ro; st=$?
  { [ $st = 2 ] && grep -q "^open ro: permission denied$" "$tmp/out.err" && [ "$(cat "$od/ro")" = keep ]; } ||
    { echo "FAIL out.perm 0444: exit $st, $(grep -v ^Main "$tmp/out.err" | tr '\n' ' ') content $(head -1 "$od/ro")"; out_fail=1; }
  outrun ww; st=$?
  { [ $st = 0 ] && grep -q "^File: cpulabels" "$od/ww" && [ "$(stat -c %u "$od/ww")" = "$owner" ]; } ||
    { echo "FAIL out.perm sticky: exit $st, $(grep -v ^Main "$tmp/out.err" | tr '\n' ' ') content $(head -1 "$od/ww")"; out_fail=1; }
  [ "$(id -u)" = 0 ] || echo "out.perm sticky: not root, the file is this user's own (no other user to test with)"
  outrun link; st=$?
  { [ $st = 0 ] && [ -L "$od/link" ] && grep -q "^File: cpulabels" "$od/made"; } ||
    { echo "FAIL out.perm dangling link: exit $st, $(grep -v ^Main "$tmp/out.err" | tr '\n' ' ')"; out_fail=1; }
  left=$(ls -A "$od" | grep -v '^\(ro\|ww\|link\|made\)$')
  [ -z "$left" ] || { echo "FAIL out.perm: left behind: $left"; out_fail=1; }
  rm -rf "$od"
fi

# Damaged variants against go tool pprof: accepted by both or refused by both (agree.sh)
agree_fail=0
if [ -z "$only" ] || [[ agree =~ $only ]]; then
  "$here/agree.sh" "$T" "${HOSTILE_AGREE:-120}" | tail -3 | tee "$tmp/agree.out"
  grep -q '^agree: .* 0 failed$' "$tmp/agree.out" || agree_fail=1
fi

# The 1 GiB gzip bomb: zeros, and a valid profile followed by a billion empty strings.
bomb_fail=0 bomb_runs=0
if [ -z "$only" ] || [[ bomb =~ $only ]]; then
  for kind in zeros strings; do
    python3 "$here/gen.py" --bomb "$kind" "$tmp/bomb.$kind.gz" || { echo "hostile: bomb generation failed"; exit 1; }
    b0=$(date +%s.%N)
    /usr/bin/time -f %M -o "$tmp/rss" timeout -s KILL 60 "$T" -top "$tmp/bomb.$kind.gz" >/dev/null 2>"$tmp/bomb.err"
    st=$?
    secs=$(echo "$(date +%s.%N) - $b0" | bc)
    rss=$(tail -1 "$tmp/rss")
    bomb_runs=$((bomb_runs + 1))
    echo "bomb ($kind): 1 GiB inflated from $(stat -c %s "$tmp/bomb.$kind.gz") bytes: exit $st in ${secs}s," \
      "peak RSS ${rss} KB: $(head -1 "$tmp/bomb.err")"
    if [ $st != 1 ] || ! grep -q "^tprof: $tmp/bomb.$kind.gz: " "$tmp/bomb.err" || [ "$rss" -gt 262144 ] ||
      [ "$(echo "$secs > 10" | bc)" = 1 ]; then
      echo "FAIL bomb ($kind): want exit 1 with a message, under 256 MB and 10 s"
      bomb_fail=$((bomb_fail + 1))
    fi
  done
fi
echo "hostile: $runs runs of $total cases (tprof${ASAN:+ and tprof-asan}) in $(( $(date +%s) - start ))s," \
  "$fails failed; bombs: $bomb_fail failed"
echo "hostile: $((runs - fails + bomb_runs - bomb_fail)) passed, $((fails + bomb_fail)) failed"
[ "$fails" = 0 ] && [ $bomb_fail = 0 ] && [ $list_fail = 0 ] && [ $out_fail = 0 ] && [ $agree_fail = 0 ]
