#!/usr/bin/env bash
# tests/repl/tmux.sh TPROF: the line REPL on a real terminal, driven in a
# private tmux server (its own -L socket, killed at the end):
#   - tab completion of a function name: `list joinN<Tab>` becomes
#     `list main.joinNames` (pprof's substring rule), and runs;
#   - an option value: `sample_index=alloc_s<Tab>`, and the list of all
#     sample types on a second Tab;
#   - history recalled in a second session: run `top3`, quit, start again,
#     press Up: `top3` is on the prompt line, and runs;
#   - the history file under $XDG_STATE_HOME/tprof, capped at 1000 lines;
#   - errors in red on a terminal, not with NO_COLOR.
# Every wait polls `tmux capture-pane` with a timeout.
set -u
T=${1:?usage: tmux.sh path/to/tprof}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
D=$(cd "$(dirname "$0")/../../testdata" && pwd)
command -v tmux >/dev/null || { echo "tmux: not installed (scripts/deps.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
sock=tprof-repl-test-$$
tm() { tmux -L "$sock" "$@"; }
sockfile=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock
trap 'tm kill-server 2>/dev/null; rm -f "$sockfile"; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; tm capture-pane -p -t "$win" 2>/dev/null | grep -v '^$' | tail -8 | sed 's/^/    | /'; }

# wait_for REGEX [SECONDS]: poll the pane until a line matches
wait_for() {
  local rx=$1 limit=${2:-10} i=0
  while [ $i -lt $((limit * 20)) ]; do
    tm capture-pane -p -t "$win" 2>/dev/null | grep -Eq -- "$rx" && return 0
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}
# the line the cursor is on (capture-pane drops trailing spaces)
cursor_line() {
  local y
  y=$(tm display -p -t "$win" '#{cursor_y}')
  tm capture-pane -p -t "$win" | sed -n "$((y + 1))p"
}
# expect_line NAME TEXT: wait until the cursor's line is exactly TEXT
# (without trailing spaces)
expect_line() {
  local i=0
  while [ $i -lt 200 ]; do
    [ "$(cursor_line)" = "$2" ] && { ok; return 0; }
    sleep 0.05
    i=$((i + 1))
  done
  bad "$1: prompt line is '$(cursor_line)', want '$2'"
  return 1
}

# start NAME ENV...: tprof -repl on the heap profile in a new window
start() {
  win=$1
  shift
  local cmd="cd '$D' && env TZ=UTC XDG_STATE_HOME='$tmp/state' $* '$T' -repl profiles/heap.pb.gz; echo tprof-exit=\$?; sleep 600"
  if tm has-session 2>/dev/null; then
    tm new-window -d -n "$win" "$cmd"
  else
    tm new-session -d -s repl -n "$win" -x 120 -y 40 "$cmd"
  fi
  wait_for '^\(pprof\)$' || bad "$win: no prompt"
}
quit() {
  tm send-keys -t "$win" q Enter
  wait_for '^tprof-exit=0$' || bad "$win: did not quit with status 0"
}

# --- session 1: completion, a command for the history ---
start one
tm send-keys -t "$win" 'list joinN' Tab
expect_line function-name '(pprof) list main.joinNames'
tm send-keys -t "$win" Enter
wait_for 'ROUTINE =+ main.joinNames in ' && ok || bad "completed list did not run"

tm send-keys -t "$win" 'sample_index=alloc_s' Tab
expect_line option-value '(pprof) sample_index=alloc_space'
tm send-keys -t "$win" C-u 'sample_index=' Tab Tab
wait_for '^alloc_objects +alloc_space +inuse_objects +inuse_space *$' && ok || bad "sample types not listed"
tm send-keys -t "$win" C-u

tm send-keys -t "$win" 'bogus' Enter
wait_for '^unrecognized command: "bogus"$' || bad "no error for bogus"
if tm capture-pane -p -e -t "$win" | grep -q $'\033\\[31munrecognized command: "bogus"'; then ok; else bad "error not red"; fi

tm send-keys -t "$win" 'top3' Enter
wait_for '^Showing top 3 nodes out of 11$' && ok || bad "top3 did not run"
quit
hist=$tmp/state/tprof/history
if [ -f "$hist" ] && [ "$(tail -n 2 "$hist")" = "$(printf 'top3\nq')" ]; then ok; else
  bad "history file: $(tail -n 3 "$hist" 2>/dev/null | tr '\n' '|')"
fi
[ "$(stat -c %a "$tmp/state/tprof" 2>/dev/null)" = 700 ] && [ "$(stat -c %a "$hist" 2>/dev/null)" = 600 ] && ok || bad "history modes"

# --- session 2: history recalled ---
start two
tm send-keys -t "$win" Up
expect_line history-up '(pprof) q'
tm send-keys -t "$win" Up
expect_line history-up-2 '(pprof) top3'
tm send-keys -t "$win" Enter
wait_for '^Showing top 3 nodes out of 11$' && ok || bad "recalled top3 did not run"
quit

# --- session 3: the file is capped, NO_COLOR, Ctrl-C ---
for i in $(seq 1 1500); do echo "top$i"; done >"$hist"
start three NO_COLOR=1
tm send-keys -t "$win" 'bogus_x' Enter
wait_for '^unrecognized command: "bogus_x"$' || bad "no error for bogus_x"
if tm capture-pane -p -e -t "$win" | grep -q $'\033\\[31m'; then bad "red despite NO_COLOR"; else ok; fi
tm send-keys -t "$win" 'top bla'
expect_line before-ctrl-c '(pprof) top bla'
tm send-keys -t "$win" C-c
expect_line ctrl-c '(pprof)'
quit
n=$(wc -l <"$hist")
[ "$n" = 1000 ] && [ "$(tail -n 1 "$hist")" = q ] && [ "$(head -n 1 "$hist")" = top503 ] && ok ||
  bad "history not capped: $n lines, first $(head -n 1 "$hist")"

# --- an unwritable history place: still a working REPL ---
rm -rf "$tmp/state" && echo "not a directory" >"$tmp/state"
start four
tm send-keys -t "$win" 'top3' Enter
wait_for '^Showing top 3 nodes out of 11$' && ok || bad "no REPL without a history file"
quit

echo "repl tmux: $pass passed, $fail failed"
[ $fail = 0 ]
