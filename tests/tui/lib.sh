# tests/tui/lib.sh: the tmux harness, sourced by the suites that drive the
# curses UI (tests/tui/run.sh, tests/series/run.sh). Each scenario starts
# the real binary in a detached tmux server on its own socket
# (-L tprof-NAME-test-PID-N), with TERM=screen-256color, types keys with
# send-keys and polls capture-pane until the expected text shows up (never
# fixed sleeps); the servers are always killed on exit. The caller sets
# TUI_NAME (the socket names) and gets $T, $root, $tmp, pass and fail.
set -u
T=${1:?usage: run.sh path/to/tprof}
case "$T" in /*) ;; *) T=$(pwd)/$T ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${SHARED_CORPUS:-$root/../shared/corpus}
command -v tmux >/dev/null || { echo "tui: FAIL: tmux is not installed (scripts/deps.sh installs it)"; exit 1; }
base=tprof-${TUI_NAME:-tui}-test-$$
nsock=0 sock=$base-0
tmp=$(mktemp -d)
sockdir=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)
cleanup() {
  for i in $(seq 0 $nsock); do
    tmux -L "$base-$i" kill-server 2>/dev/null
    rm -f "$sockdir/$base-$i" # the server leaves its socket file behind
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail=0 pass=0

# start W H [ENV=VAL...] -- ARGS...: run tprof ARGS in a fresh tmux server.
start() {
  local w=$1 h=$2
  shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  tmux -L "$sock" kill-server 2>/dev/null
  nsock=$((nsock + 1)) sock=$base-$nsock # a fresh server: no race with the old one's exit
  {
    echo "cd '$tmp'"
    echo "trap ':' INT"
    printf 'sh -c '\''echo $$ >"%s/pid"; exec "$0" "$@"'\'' ' "$tmp"
    printf "'%s' " "$T" "$@"
    echo
    echo 'echo "EXIT=$?"'
    echo 'exec sleep 600'
  } >"$tmp/launch.sh"
  rm -f "$tmp/pid"
  tmux -L "$sock" -f /dev/null new-session -d -x "$w" -y "$h" -s t \
    env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME="$tmp/state" HOME="$tmp" \
    "${envs[@]}" sh "$tmp/launch.sh"
  tmux -L "$sock" set-option -t t status off >/dev/null
}

scr() { tmux -L "$sock" capture-pane -p -t t 2>/dev/null; }
send() { tmux -L "$sock" send-keys -t t "$@"; }
typeline() { # type a command and Enter
  tmux -L "$sock" send-keys -t t -l -- "$1"
  tmux -L "$sock" send-keys -t t Enter
}

ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL $1"
  scr | sed 's/^/    |/'
  fail=$((fail + 1))
}

# wait_for DESC REGEX [SECONDS]: until the screen matches (grep -E).
wait_for() {
  local i=0 limit=$((${3:-5} * 20))
  while ! scr | grep -Eq -- "$2"; do
    i=$((i + 1))
    if [ $i -gt $limit ]; then bad "$1: /$2/ not on screen"; return 1; fi
    sleep 0.05
  done
  ok
}

# wait_row DESC ROW REGEX: until screen row ROW (1-based) matches.
wait_row() {
  local i=0
  while ! scr | sed -n "$2p" | grep -Eq -- "$3"; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then bad "$1: row $2 does not match /$3/"; return 1; fi
    sleep 0.05
  done
  ok
}

# wait_not DESC REGEX [SECONDS]: until the screen no longer matches.
wait_not() {
  local i=0 limit=$((${3:-5} * 20))
  while scr | grep -Eq -- "$2"; do
    i=$((i + 1))
    if [ $i -gt $limit ]; then bad "$1: /$2/ still on screen"; return 1; fi
    sleep 0.05
  done
  ok
}

# check DESC COMMAND...: a condition on the current screen.
check() {
  local desc=$1
  shift
  if "$@"; then ok; else bad "$desc"; fi
}

# The first data row of the table (the line after its header).
first_row() { scr | grep -A1 -m1 '      flat  flat%   sum%' | sed -n 2p; }
alt_screen() { tmux -L "$sock" display -p -t t '#{alternate_on}'; }

# wait_exit DESC STATUS: tprof exited with STATUS and the terminal is back.
wait_exit() {
  wait_for "$1: exit status" "^EXIT=$2\$" 5 || return
  local i=0
  while [ "$(alt_screen)" != 0 ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
  check "$1: alternate screen left" [ "$(alt_screen)" = 0 ]
  check "$1: screen cleared of the UI" sh -c "! tmux -L $sock capture-pane -p -t t | grep -q '(pprof) '"
}

