#!/usr/bin/env bash
# tests/soak/run.sh TPROF: a tmux storm through ./tprof-asan (next to TPROF;
# required: `make tprof-asan`) (issue 15). One UI session takes random keys,
# typed commands, /filters, option changes, refetch, Ctrl-C (restarted when
# it quit an idle UI) and window sizes from 20x5 to 250x80; then 1,000
# repetitions of one command. Checks: no sanitizer report (ASan, UBSan, LSan
# at exit), the screen still answers after the storm, RSS flat after
# warm-up, F10 quits with status 0, and killing the tmux pane ends tprof
# (no process left spinning). The storm is seeded (SOAK_SEED, default 15):
# a failure can be replayed. SOAK_SCALE=N multiplies the storm and the
# repetitions (default 1: about 40 s on two busy cores; 10 for a long soak).
TUI_NAME=soak
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh path/to/tprof}
asan=$(cd "$(dirname "$bin")" && pwd)/tprof-asan
if ! [ -x "$asan" ]; then
  echo "soak: FAIL: $asan is missing (make tprof-asan)"
  echo "soak: 0 passed, 1 failed"
  exit 1
fi
set -- "$asan"
. "$here/../tui/lib.sh"
scale=${SOAK_SCALE:-1}
RANDOM=${SOAK_SEED:-15}
mkdir -p "$tmp/san"
SAN=(ASAN_OPTIONS=halt_on_error=0:detect_leaks=1:quarantine_size_mb=8:log_path=$tmp/san/asan
  LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0
  UBSAN_OPTIONS=halt_on_error=0:print_stacktrace=1:log_path=$tmp/san/ubsan)
PROF=("$root/testdata/profiles/cpu_labels.pb.gz")
started=0
launch() {
  start 120 40 "${SAN[@]}" -- "${PROF[@]}"
  started=$((started + 1))
  wait_for "soak: started ($started)" 'table: top 30' 30
}
alive() { [ -f "$tmp/pid" ] && kill -0 "$(cat "$tmp/pid")" 2>/dev/null; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$(cat "$tmp/pid")/status"; }

echo "soak: storm of $((400 * scale)) actions through ./tprof-asan (seed ${SOAK_SEED:-15})"
launch
keys=(Up Down Left Right PPage NPage Home End Tab BTab Enter Escape F1 F2 F3 F4 F5 F6 F7 F8 F9 F11 F12
  M-m M-o M-y M-r M-v M-d M-z M-g Space j k BSpace)
cmds=("top" "top 5" "tree" "peek ." "traces" "tags" "flame" "list main" "focus=main" "focus=" "ignore=runtime"
  "ignore=" "hide=sync" "hide=" "nodecount=3" "nodecount=80" "sample_index=0" "sample_index=1" "unit=ms" "unit="
  "granularity=lines" "granularity=functions" "cum=true" "cum=false" "refetch" "info" "messages" "o" "help"
  "tagfocus=key1=value1" "tagfocus=" "focus=(a|aa)*\$" "bogus_command" "show_from=main" "show_from=" "undo" ":")
W=(20 40 80 120 160 250) H=(5 8 15 30 40 80)
quits=0 since_ctrlc=99 ctrlc_at=-99
for i in $(seq 1 $((400 * scale))); do
  if ! alive; then # only Ctrl-C on an idle UI may end it: anything else is a failure
    for w in $(seq 1 60); do scr | grep -Eq '^EXIT=' && break; sleep 0.05; done # the shell says it a moment later
    # keys sent after the exit echo on the shell's line before EXIT=: no ^
    if [ $since_ctrlc -le 5 ] || [ $((SECONDS - ctrlc_at)) -le 10 ] && scr | grep -Eq 'EXIT=(0|130)$'; then # the quit can take a while under ASan
      quits=$((quits + 1))
      launch
    else
      bad "soak: tprof ended during the storm (action $i, last: ${last:-})"
      break
    fi
  fi
  r=$((RANDOM % 100)) since_ctrlc=$((since_ctrlc + 1))
  if [ $r -lt 45 ]; then
    k=${keys[RANDOM % ${#keys[@]}]}; last=$k
    send "$k"
  elif [ $r -lt 75 ]; then
    c=${cmds[RANDOM % ${#cmds[@]}]}; last=$c
    send C-u; typeline "$c"
  elif [ $r -lt 85 ]; then
    last=filter
    send /; send -l "$(printf '%s' main runtime 'a.b' '(x|y)+' '[' | cut -c$((RANDOM % 5 + 1))-)"; send Enter
    [ $((RANDOM % 2)) = 0 ] && send Escape
  elif [ $r -lt 97 ]; then
    last=resize
    tmux -L "$sock" resize-window -t t -x "${W[RANDOM % 6]}" -y "${H[RANDOM % 6]}"
  else
    last=ctrl-c since_ctrlc=0 ctrlc_at=$SECONDS
    typeline "traces"; send C-c # cancels the command, or quits when it had finished already
    sleep 0.2
  fi
done
echo "soak: $started start(s), $quits quit by Ctrl-C on an idle UI"

echo "soak: after the storm the screen answers"
alive || launch
tmux -L "$sock" resize-window -t t -x 120 -y 40
send Escape; send Escape; send C-u
typeline "top 9"
wait_for "soak: top 9 after the storm" 'top 9' 60

n=$((1000 * scale))
echo "soak: $n repetitions of one command, RSS flat after warm-up"
batch=()
for j in $(seq 1 50); do batch+=(t o p Enter); done
rep() { # rep COUNT MARK: COUNT times "top", then "top MARK" to see them done
  for j in $(seq 1 $(($1 / 50))); do tmux -L "$sock" send-keys -t t "${batch[@]}"; done
  typeline "top $2"
  wait_for "soak: $1 repetitions done" "table: top $2 " 120
}
rep 200 7
rss0=$(rss_kb)
rep 200 6
rssm=$(rss_kb)
rep $((n - 400)) 8
rss1=$(rss_kb)
echo "soak: RSS after 200 repetitions ${rss0} KB, 400 ${rssm} KB, $n ${rss1} KB"
# ASan holds freed memory in its quarantine (8 MB here) before reusing it
check "soak: RSS flat under ASan after 400 (grew $((rss1 - rssm)) KB, at most twice the quarantine and 10%)" \
  [ $((rss1 - rssm)) -le $((16384 + rssm / 10)) ]

echo "soak: F10 quits with status 0, no sanitizer report"
send F10
wait_exit "soak: F10" 0
if [ -n "$(ls "$tmp/san")" ]; then
  bad "soak: sanitizer reports"
  head -60 "$tmp"/san/* | sed "s/^/    /"; [ -n "${SOAK_KEEP:-}" ] && cp -r "$tmp/san" "$SOAK_KEEP"
else ok; fi

echo "soak: the same $n repetitions through $bin (no quarantine): RSS flat within 1 MB"
T=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
start 120 40 -- "${PROF[@]}"
wait_for "soak: release started" 'table: top 30' 30
rep 200 5
rss0=$(rss_kb)
rep $((n - 200)) 4
rss1=$(rss_kb)
echo "soak: release RSS after 200 repetitions ${rss0} KB, after $n ${rss1} KB"
check "soak: release RSS flat (grew $((rss1 - rss0)) KB)" [ $((rss1 - rss0)) -le 1024 ]
T=$asan

echo "soak: killing the tmux pane ends tprof (no spinning)"
start 120 40 "${SAN[@]}" -- "${PROF[@]}"
wait_for "soak: started again" 'table: top 30' 30
pid=$(cat "$tmp/pid")
tmux -L "$sock" kill-pane -t t
gone=0
for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { gone=1; break; }; sleep 0.1; done
if [ $gone = 1 ]; then ok; else
  bad "soak: tprof still running 10 s after its pane was killed: $(ps -o pcpu=,stat= -p "$pid")"
  kill -KILL "$pid" 2>/dev/null
fi

echo "soak: $pass passed, $fail failed"
[ $fail = 0 ]
