#!/usr/bin/env bash
# bench/tui.sh TPROF PROFILE: time the curses UI on PROFILE in tmux, as a
# person sees it. Prints three lines, in milliseconds:
#   first_table MS   start to the first table on screen (its header row)
#   drill MS         Enter on the first row to the source and tree panes filled
#   cancel MS        Esc during a running `traces` to the command gone
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

t0=$(ms)
tmux -L "$sock" -f /dev/null new-session -d -x 160 -y 50 -s t \
  env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$tmp" XDG_STATE_HOME="$tmp" "$T" "$P"
tmux -L "$sock" set-option -t t status off >/dev/null
until_screen 'flat%' || exit 1
echo "first_table $(($(ms) - t0))"
while_screen ' running ' # the first command done
t0=$(ms)
tmux -L "$sock" send-keys -t t Enter
until_screen 'source: list' || exit 1
until_screen 'tree: peek' || exit 1
while_screen ' running '
echo "drill $(($(ms) - t0))"
sleep 0.3
tmux -L "$sock" send-keys -t t -l -- "traces"
tmux -L "$sock" send-keys -t t Enter
until_screen ' running traces' 60 || exit 1
sleep 0.2
t0=$(ms)
tmux -L "$sock" send-keys -t t Escape
if while_screen ' running traces' 5; then
  echo "cancel $(($(ms) - t0))"
else
  echo "cancel $(($(ms) - t0)) (still running: not cancelled)"
fi
