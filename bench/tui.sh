#!/usr/bin/env bash
# bench/tui.sh TPROF PROFILE: time the curses UI on PROFILE in tmux, as a
# person sees it. Prints three lines, in milliseconds:
#   first_table MS   start to the first table's header (flat%) in the pane's output
#   drill MS         Enter on the first row to the source and tree panes filled
#                    and the command done (its last output, from the stream)
#   cancel MS        Esc during a running `traces` to the command gone (its
#                    last output, from the stream)
# (given up after 5 s: a key that does not cancel shows as 5000 or more).
set -u
T=${1:?usage: tui.sh TPROF PROFILE}
P=${2:?usage: tui.sh TPROF PROFILE}
command -v tmux >/dev/null || { echo "tui.sh: tmux is not installed (scripts/deps.sh bench)"; exit 1; }
sock=tprof-bench-$$
tmp=$(mktemp -d)
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }
scr() { tmux -L "$sock" capture-pane -p -t t 2>/dev/null; }
# until PATTERN [TIMEOUT_S]: poll the screen until grep -E matches
until_screen() {
  local end=$(($(ms) + ${2:-600} * 1000))
  while [ "$(ms)" -lt $end ]; do
    scr | grep -qE -- "$1" && return 0
    sleep 0.005
  done
  echo "tui.sh: timed out waiting for /$1/" >&2
  scr >&2
  return 1
}
# while_screen PATTERN [TIMEOUT_S]: poll until it is gone
while_screen() {
  local end=$(($(ms) + ${2:-600} * 1000))
  while [ "$(ms)" -lt $end ]; do
    scr | grep -qE -- "$1" || return 0
    sleep 0.005
  done
  return 1
}

# settled [TIMEOUT_S]: wait until the drill-down is over on screen (the
# source and tree panes filled, no command running), looking every 0.2 s:
# the watcher keeps the time of the pane's last output, and the UI writes
# nothing once idle, so that time is when the last of it was drawn.
# (Polling the screen every 5 ms until then, as the drill-down was timed
# before, took a core of the two from the UI: doc/performance.md.)
# settled_when CHECK [TIMEOUT_S]: until the screen passes CHECK (a function
# of the screen's text) and the pane wrote nothing over a look.
settled_when() {
  local end=$(($(ms) + ${2:-600} * 1000)) a b s
  while [ "$(ms)" -lt $end ]; do
    sleep 0.2
    a=$(cat "$tmp/last" 2>/dev/null)
    s=$(scr)
    b=$(cat "$tmp/last" 2>/dev/null)
    if [ "$a" = "$b" ] && "$1" "$s"; then
      return 0
    fi
  done
  echo "tui.sh: the screen did not settle ($1)" >&2
  scr >&2
  return 1
}
drilled() { grep -q -- 'source: list' <<<"$1" && grep -q -- 'tree: peek' <<<"$1" && ! grep -q -- ' running ' <<<"$1"; }
cancelled() { ! grep -q -- ' running traces' <<<"$1"; }
settled() { settled_when drilled "$@"; }

# The first table is seen in the pane's output stream, not by polling the
# screen: a capture-pane and a grep every 5 ms took more than one of this
# machine's two cores (3.4 s of CPU in 3 s), so the UI was timed while the
# bench itself starved it. The pane's shell waits for a line on its
# terminal until the watcher is in place; t0 is the Enter that starts tprof.
tmux -L "$sock" -f /dev/null new-session -d -x 160 -y 50 -s t \
  "read _; exec env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=$(printf %q "$tmp") XDG_STATE_HOME=$(printf %q "$tmp") $(printf '%q %q' "$T" "$P")"
tmux -L "$sock" set-option -t t status off >/dev/null
tmux -L "$sock" pipe-pane -O -t t "python3 -c '
import os, sys, time
seen, tail = False, b\"\"
while True:
    b = sys.stdin.buffer.read1(65536)
    if not b: break
    t = str(time.time_ns() // 1000000)
    if not seen and b\"flat%\" in tail + b:
        seen = True
        open(\"$tmp/first\", \"w\").write(t)
    tail = b[-8:]
    open(\"$tmp/last.new\", \"w\").write(t)
    os.replace(\"$tmp/last.new\", \"$tmp/last\")
'"
sleep 0.3 # the watcher started
t0=$(ms)
tmux -L "$sock" send-keys -t t Enter
for _ in $(seq 3000); do # the watcher keeps the time: waiting here need not be fine-grained
  [ -s "$tmp/first" ] && break
  sleep 0.2
done
[ -s "$tmp/first" ] || { echo "tui.sh: no table in 600 s" >&2; scr >&2; exit 1; }
echo "first_table $(($(cat "$tmp/first") - t0))"
until_screen 'flat%' 10 || exit 1
while_screen ' running ' # the first command done
t0=$(ms)
tmux -L "$sock" send-keys -t t Enter
settled || exit 1
echo "drill $(($(cat "$tmp/last") - t0))"
sleep 0.3
tmux -L "$sock" send-keys -t t -l -- "traces"
tmux -L "$sock" send-keys -t t Enter
until_screen ' running traces' 60 || exit 1
sleep 0.2
# Esc is timed as the drill-down is (the same 5 ms poller read 290-545 ms
# with the machine busy, for binaries that answer in under 100 ms): the
# time of the pane's last output once the screen shows no running command
# and the pane is quiet. A key that does not cancel shows as 5000 or more.
t0=$(ms)
tmux -L "$sock" send-keys -t t Escape
if settled_when cancelled 5 2>/dev/null; then
  echo "cancel $(($(cat "$tmp/last") - t0))"
else
  echo "cancel $(($(ms) - t0)) (still running: not cancelled)"
fi
