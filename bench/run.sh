#!/usr/bin/env bash
# bench/run.sh TPROF REPLBENCH: tprof against go tool pprof and zcat on
# synthetic profiles made by genprof, plus the shared corpus's real CPU
# profile, each interactive command's latency (bench/replbench) and the
# curses UI's (bench/tui.sh). Every target of issues 5 and 14 is printed
# with its ratio, measured in this run (zcat of the same file is the
# yardstick, so a busy machine moves both sides), as PASS or FAIL.
#
#   BENCH_DATA   where the profiles are kept (default bench/data)
#   GENPROF      the generator (default ../shared/tools/genprof.py)
#   BENCH_PPROF_LARGE=1  also run go tool pprof on large (minutes, ~12 GB)
set -u
T=${1:?usage: run.sh TPROF REPLBENCH}
RB=${2:?usage: run.sh TPROF REPLBENCH}
here=$(cd "$(dirname "$0")" && pwd)
data=${BENCH_DATA:-$here/data}
genprof=${GENPROF:-$here/../../shared/tools/genprof.py}
corpus_cpu=${BENCH_CPU:-$here/../../shared/corpus/large.cpu.pb.gz}
mkdir -p "$data"
export TZ=UTC

gen() { # name args...
  local f=$data/$1.pb.gz
  shift
  if [ ! -s "$f" ]; then
    [ -f "$genprof" ] || { echo "bench: $genprof not found (set GENPROF)"; exit 1; }
    echo "bench: generating $f ($*)"
    python3 "$genprof" "$f" "$@" || exit 1
  fi
}
gen med --samples 300000 --funcs 20000 --labels
gen large --samples 2000000 --funcs 100000 --depth 48 --labels

have_pprof=0
command -v go >/dev/null && go tool pprof -h >/dev/null 2>&1 && have_pprof=1

# measure LABEL RUNS CMD...: best wall time and its peak RSS
measure() {
  local label=$1 runs=$2 best="" rss=""
  shift 2
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$data/.time" "$@" >/dev/null 2>"$data/.err" || {
      echo "bench: $label failed: $(tail -2 "$data/.err")"; return 1; }
    read -r t m <"$data/.time"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t rss=$m; fi
  done
  eval "${label}_t=$best ${label}_m=$rss"
  printf '  %-22s %8.2f s %10d KB\n' "$label" "$best" "$rss"
}

ok=0 bad=0
check() { # description condition-expr
  if awk "BEGIN{exit !($2)}"; then echo "  PASS  $1"; ok=$((ok + 1)); else echo "  FAIL  $1"; bad=$((bad + 1)); fi
}

# repl NAME LIMIT: every interactive command on NAME (replbench, wall time)
# against LIMIT x that file's zcat time measured above
repl() {
  local name=$1 limit=$2 zt
  eval "zt=\$${name}_zcat_t"
  echo "== interactive commands on $name (wall ms; target <= ${limit}x zcat = $(awk "BEGIN{printf \"%.0f\", $zt * 1000 * $limit}") ms)"
  # wall time whatever is set: BENCH_CPU here names the CPU profile, and
  # would switch replbench to the calling thread's CPU time
  env -u BENCH_CPU -u BENCH_PCPU "$RB" "$data/$name.pb.gz" >"$data/.repl" ||
    { echo "bench: replbench failed"; bad=$((bad + 1)); return; }
  while read -r ms _ cmd; do
    case $cmd in
    load\ *) printf '  %8.1f ms  %s\n' "$ms" "$cmd"; continue ;;
    worst\ command) continue ;;
    *=*) continue ;; # an option change: no report
    esac
    check "$name: $(printf '%-30s' "$cmd") $(printf '%7.1f' "$ms") ms = $(awk "BEGIN{printf \"%.3f\", $ms / 1000 / $zt}")x zcat (<= ${limit}x)" \
      "$ms / 1000 <= $limit * $zt"
  done <"$data/.repl"
}

echo "== med ($(du -h "$data/med.pb.gz" | cut -f1) gzip, $(zcat "$data/med.pb.gz" | wc -c) bytes raw)"
measure med_zcat 3 sh -c "zcat '$data/med.pb.gz' >/dev/null"
measure med_tprof 3 "$T" -top "$data/med.pb.gz"
if [ $have_pprof = 1 ]; then
  measure med_pprof 1 go tool pprof -top "$data/med.pb.gz"
  "$T" -top "$data/med.pb.gz" >"$data/.a" 2>/dev/null
  go tool pprof -top "$data/med.pb.gz" >"$data/.b" 2>/dev/null
  cmp -s "$data/.a" "$data/.b" && echo "  output identical to go tool pprof" || echo "  OUTPUT DIFFERS from go tool pprof"
  check "med -top: >= 100x faster than go tool pprof ($(awk "BEGIN{printf \"%.1f\", $med_pprof_t/$med_tprof_t}")x)" "$med_pprof_t / $med_tprof_t >= 100"
  check "med -top: >= 10x less peak RSS than go tool pprof ($(awk "BEGIN{printf \"%.1f\", $med_pprof_m/$med_tprof_m}")x)" "$med_pprof_m / $med_tprof_m >= 10"
else
  echo "  FAIL  go tool pprof not installed: scripts/deps.sh bench installs golang-go"
  bad=$((bad + 1))
fi
repl med 0.3

raw=$(zcat "$data/large.pb.gz" | wc -c)
echo "== large ($(du -h "$data/large.pb.gz" | cut -f1) gzip, $raw bytes raw)"
measure large_zcat 3 sh -c "zcat '$data/large.pb.gz' >/dev/null"
measure large_tprof 3 "$T" -top "$data/large.pb.gz"
check "large -top: wall <= 1.2x zcat ($(awk "BEGIN{printf \"%.2f\", $large_tprof_t/$large_zcat_t}")x)" "$large_tprof_t <= 1.2 * $large_zcat_t"
check "large -top: peak RSS <= 1.2x raw size ($(awk "BEGIN{printf \"%.2f\", $large_tprof_m*1024/$raw}")x)" "$large_tprof_m * 1024 <= 1.2 * $raw"
if [ "${BENCH_PPROF_LARGE:-0}" = 1 ] && [ $have_pprof = 1 ]; then
  measure large_pprof 1 go tool pprof -top "$data/large.pb.gz"
fi
repl large 0.15

echo "== the curses UI on large (bench/tui.sh, in tmux)"
if "$here/tui.sh" "$T" "$data/large.pb.gz" >"$data/.tui"; then
  sed 's/^/  /' "$data/.tui"
  ft=$(awk '$1 == "first_table" {print $2}' "$data/.tui")
  dd=$(awk '$1 == "drill" {print $2}' "$data/.tui")
  cc=$(awk '$1 == "cancel" {print $2}' "$data/.tui")
  check "UI: first table ${ft} ms = $(awk "BEGIN{printf \"%.2f\", $ft / 1000 / $large_zcat_t}")x zcat (<= 1.5x)" "$ft / 1000 <= 1.5 * $large_zcat_t"
  check "UI: drill-down ${dd} ms = $(awk "BEGIN{printf \"%.2f\", $dd / 1000 / $large_zcat_t}")x zcat (<= 0.15x)" "$dd / 1000 <= 0.15 * $large_zcat_t"
  check "UI: Esc cancels a running traces in ${cc} ms (<= 100 ms)" "$cc <= 100"
else
  echo "  FAIL  bench/tui.sh failed"
  bad=$((bad + 1))
fi

if [ -f "$corpus_cpu" ]; then
  echo "== $(basename "$corpus_cpu") (a real CPU profile)"
  measure cpu_tprof 5 "$T" -top "$corpus_cpu"
  if [ $have_pprof = 1 ]; then
    measure cpu_pprof 3 go tool pprof -top "$corpus_cpu"
    check "real CPU profile: >= 10x faster than pprof ($(awk "BEGIN{printf \"%.1f\", $cpu_pprof_t/$cpu_tprof_t}")x)" "$cpu_pprof_t / $cpu_tprof_t >= 10"
  fi
fi

echo "bench: $ok targets met, $bad fall short"
[ $bad = 0 ]
