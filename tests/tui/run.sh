#!/usr/bin/env bash
# tests/tui/run.sh TPROF: drive the curses UI in tmux as a person would.
#
# Each scenario starts the real binary in a detached tmux server on its own
# socket (-L tprof-tui-test-PID-N), 120x40 unless said otherwise, with
# TERM=screen-256color, types keys with send-keys and polls capture-pane
# until the expected text shows up (never fixed sleeps); the server is
# always killed on exit. tprof runs under `sh -c '...; echo EXIT=$?'`, so
# the exit status and the restored terminal (shell line back, alternate
# screen off) can be checked after it quits.
#
# Covers: every command kind fills its pane, navigation and drill-down,
# Refine and undo, sample types, sort, the assembly of the selection (M-a, disasm), /RE filtering, completion, history,
# errors (and stderr of started programs) on the message line, resize 120x40 -> 80x24, input while a
# command is blocked, heat colours and NO_COLOR, the flame graph, quit,
# Ctrl-C and SIGTERM restoring the terminal, and doc/keys.md matching the
# key table.
TUI_NAME=tui
. "$(dirname "$0")/lib.sh"

# The profile with sources: the shared corpus's mem.pprof when present,
# else the bundled CPU profile of a small interpreter.
if [ -f "$corpus/memory/mem.pprof" ]; then
  MEM=("-trim_path=/tmp/tprofcorpus" "-source_path=$corpus/src" "$corpus/memory/mem.pprof")
  have_mem=1
else
  have_mem=0
fi
SAMPLE=("-trim_path=tprof/testdata/gen" "-source_path=$root/testdata/src" "$root/testdata/sample.pb.gz")

echo "tui: the acceptance walk (mem.pprof or sample.pb.gz, 120x40)"
if [ $have_mem = 1 ]; then
  start 120 40 -- "${MEM[@]}"
  wait_for "startup: status line" 'tprof: mem\.pprof \| inuse_space \| total 16\.65MB \| functions'
  wait_for "startup: table" 'table: top 30'
  typeline 'top5 -cum'
  wait_for "top5 -cum: title" 'table: top5 -cum'
  wait_for "top5 -cum: rows" 'main\.makeByteSlice \(inline\)'
  if first_row | grep -q 'runtime\.main'; then ok; else bad "top5 -cum: first row is not runtime.main"; fi
  typeline 'list main\.'
  wait_for "list: annotated source" 'ROUTINE =+ main\.keep in memory/memory\.go'
  wait_for "list: source lines with values" '0\.05MB +16\.64MB +33: +sink = append\(sink, makeByteSlice\('

  check "list: the table stays visible" sh -c "tmux -L $sock capture-pane -p -t t | grep -q 'table: top5 -cum'"
  check "list: source pane title" sh -c "tmux -L $sock capture-pane -p -t t | grep -qF 'source: list main\.'"
  typeline 'o'
  wait_for "o: options in the view" 'view: o'
  wait_for "o: option lines" 'nodecount +=[ ]+-1 +//: default'
  wait_for "o: trim_path value" 'trim_path +=[ ]+/tmp/tprofcorpus'
  # typed ahead, as fast as a script types: the keys apply to the new table
  typeline 'top -cum'
  send Down Down Enter
  wait_for "top -cum: table back" 'table: top -cum'
  wait_for "drill: source of the third row" 'ROUTINE =+ main\.main in memory/memory\.go'
  wait_for "drill: source line" 'keep\(2000\)'
  wait_for "drill: callers and callees" 'tree: peek \^main\\\.main\$'
  check "120x40: table, source and tree together" sh -c "s=\$(tmux -L $sock capture-pane -p -t t); echo \"\$s\" | grep -q 'table: top -cum' && echo \"\$s\" | grep -q 'source: list' && echo \"\$s\" | grep -q 'tree: peek'"
  wait_for "drill: caller row" '↑ runtime\.main'
  wait_for "drill: callee row" '↓ main\.keep'
  wait_for "drill: full name of the selection in the status line" 'tprof: mem\.pprof.* main\.main *$'
  # Enter on a callee moves there; C-o goes back
  send Tab Tab
  wait_for "Tab: tree pane active" 'tree: peek'
  send Down Enter
  wait_for "tree: Enter on a callee moves there" 'ROUTINE =+ main\.keep in memory/memory\.go'
  wait_for "tree: peek of the callee" 'tree: peek \^main\\\.keep\$'
  send C-o
  wait_for "back: previous function" 'tree: peek \^main\\\.main\$'
  wait_for "back: its source" 'ROUTINE =+ main\.main in'
  # resize and type another command
  tmux -L "$sock" resize-window -t t -x 80 -y 24
  wait_for "resize 80x24: stacked panes" '\[source\] tree|source \[tree\]'
  typeline 'peek makeByteSlice'
  wait_for "after resize: peek fills the tree" 'source \[tree\]: peek makeByteSlice'
  wait_for "after resize: its caller" '↑ main\.keep'
  wait_for "peek: the cursor on the node" '^ tprof: mem\.pprof.* main\.makeByteSlice *$'
  check "after resize: the table is still on screen" sh -c "tmux -L $sock capture-pane -p -t t | grep -q 'table: top -cum'"
  typeline 'quit'
  wait_exit "quit" 0
else
  echo "tui: $corpus/memory/mem.pprof not present: acceptance walk on sample.pb.gz only"
fi

echo "tui: sample.pb.gz: panes, keys, filter, refine, undo (120x40)"
start 120 40 -- "${SAMPLE[@]}"
wait_for "sample: status" 'tprof: sample\.pb\.gz \| cpu \| total 1\.24s'
wait_for "sample: table" 'main\.\(\*interp\)\.eval'
# the message line's hint comes from the key table (keys.c keys_hint_line)
wait_row "sample: key hint line" 39 '^F1 help  Enter drill  C-o back  Tab pane  /RE filter  F2 sort  F3 type  F5-F8 refine  F9 undo  F11 zoom  F10 quit *$'
typeline 'list main.main'
wait_for "list: routine" 'ROUTINE =+ main\.main in sample/main\.go'
typeline 'tree'
wait_for "tree: tree pane" 'tree: tree '
typeline 'traces'
wait_for "traces: view" 'view: traces'
wait_for "traces: separator" '^-----------\+-------'
typeline 'tags'
wait_for "tags: view" 'view: tags'
typeline 'raw'
wait_for "raw: view" 'view: raw'
wait_for "raw: content" 'PeriodType: cpu nanoseconds'
send Escape
wait_for "Esc: view closed" 'table: top 30'
typeline 'bogus'
wait_for "error: on the message line" 'unrecognized command: "bogus"'
typeline 'top3'
wait_for "error: the session goes on" 'table: top3 '
typeline 'top 40'
wait_for "top 40" 'table: top 40'
# sort by the keyboard
send F2
wait_for "F2: sorted by cum" '^ +0 +0% +0% +1\.24s +100%  main\.main'
send F2
wait_not "F2 again: sorted by flat" '^ +0 +0% +0% +1\.24s +100%  main\.main'
if first_row | grep -q 'main\.(\*interp)\.eval'; then ok; else bad "F2 again: first row"; fi
# sample type switch and undo
send F3
wait_for "F3: next sample type" 'tprof: sample\.pb\.gz \| samples \| total 124'
wait_for "F3: the table follows" '^ +37 29\.84%'
send F9
wait_for "F9: undo the type" 'tprof: sample\.pb\.gz \| cpu \| total 1\.24s'
# filter the table as you type; Esc clears
send /
send -l 'interp'
wait_for "filter: status shows it" '\| /interp'
wait_not "filter: other rows hidden" '150ms 12\.10% .*runtime\.mapassign_faststr'
wait_for "filter: matching rows stay" 'main\.\(\*interp\)\.call'
send Enter
wait_for "filter: kept after Enter" '/interp +1/[0-9]+'
send Escape
wait_for "filter: Esc clears" '150ms 12\.10% .*runtime\.mapassign_faststr'
wait_not "filter: gone from the status line" '\| /interp'
# Refine: ignore the selection, visible in every pane, then undo
send Home Down
wait_for "selection: second row" 'tprof: sample.* runtime\.mapassign_faststr *$'
send Enter
wait_for "drill: tree" '● runtime\.mapassign_faststr'
send F6
wait_for "F6: ignore in the status line" 'ignore=\^runtime\\\.mapassign_faststr\$'
wait_not "F6: gone from the table" '150ms 12\.10% .*runtime\.mapassign_faststr'
wait_for "F6: the tree pane says why it is empty" 'no matches found for regexp: \^runtime'
send F9
wait_not "F9: ignore undone" 'ignore=\^runtime'
wait_for "F9: back in the table" '150ms 12\.10% .*runtime\.mapassign_faststr'
wait_for "F9: the tree pane refilled" '● runtime\.mapassign_faststr'
# focus from the keyboard with Alt (the cursor left the row while it was ignored)
send Home Down
wait_for "selection: second row again" 'tprof: sample.* runtime\.mapassign_faststr *$'
send M-f
wait_for "M-f: focus" 'focus=\^runtime\\\.mapassign_faststr\$'
wait_for "M-f: table refined" 'Showing nodes accounting for 0\.29s, 23\.39% of 1\.24s total'
send M-u
wait_not "M-u: focus undone" 'focus=\^runtime'
# source pane: next line with samples, sideways scroll
typeline 'list main.main'
wait_for "list main.main" 'source: list main\.main .* 1/[0-9]+ '
send M-n
wait_for "M-n: first line with samples" 'source: list main\.main .* 8/[0-9]+ '
send M-n
wait_for "M-n: next line with samples" 'source: list main\.main .* 14/[0-9]+ '
send M-p
wait_for "M-p: previous line with samples" 'source: list main\.main .* 8/[0-9]+ '
send Right
wait_for "Right: source scrolled sideways" '89: {3}compileOnly\(lib\)'
send Left
# help and F1 list the bindings from the key table
send F1
wait_for "F1: help view" 'view: help'
send End
wait_for "F1: key bindings" 'Delete the word before the cursor'
send Escape
wait_for "Esc: help closed" 'table: top 40'
# zoom the active pane, and back
send F11
wait_not "F11: only the active pane" 'tree: peek'
send F11
wait_for "F11 again: all panes" 'tree: peek'
# completion and the flame graph
send -l 'peek mapassign'
send Tab
wait_for "Tab: completes a function name" '\(pprof\) peek runtime\.mapassign_faststr'
send C-u
send F12
wait_for "F12: flame graph" 'flame: flame'
wait_for "F12: root and callees" '^all'
send Down
wait_for "flame: Down moves to the heaviest callee, value and shares on the status line" \
  'tprof: sample.* runtime\.main  1\.24s  100\.00% of total  100\.00% of parent *$'
wait_for "flame: the title counts the stacks" 'flame: flame  [1-9][0-9]* stacks, 1\.24s total'
send Down Down Enter
wait_for "flame: Enter zooms, the ancestors stay as strips" '^runtime\.main *$'
send Escape Escape Escape Escape
wait_for "Esc: back from the flame graph" 'table: top 40'
send F3
wait_for "F3 after closing the flame graph: the table follows" 'table: top 40.*'
sleep 1
check "F12 Esc F3: the flame graph stays closed" sh -c "! tmux -L '$sock' capture-pane -p -t t | grep -q 'flame: flame'"
send F4
wait_for "F4: back to the first sample type" 'table: top 40'
# long names: cut in the middle; the status line keeps the type and the total first
tmux -L "$sock" resize-window -t t -x 60 -y 20
wait_for "60x20: names cut in the middle" '  main\.\([^ ]*…[^ ]*\)\.eval$'
typeline 'top 40'
wait_row "60x20: type and total before the selection" 1 '^ tprof: sample\.pb\.gz \| cpu \| total 1\.24s \| functions'
send C-d
wait_exit "C-d" 0
check "history: typed commands saved" grep -qx 'top 40' "$tmp/state/tprof/history"

echo "tui: history recall and Ctrl-C"
start 100 30 -- "${SAMPLE[@]}"
wait_for "restart" 'table: top 30'
send C-p
wait_for "C-p: last command from the history file" '\(pprof\) top 40'
send C-u
send C-c
wait_exit "Ctrl-C" 130

echo "tui: SIGTERM"
start 100 30 -- "${SAMPLE[@]}"
wait_for "restart" 'table: top 30'
kill -TERM "$(cat "$tmp/pid")"
wait_exit "SIGTERM" 143

echo "tui: a 100k-character name (middle truncation was quadratic) and U+202E (issue 15)"
python3 "$(dirname "$0")/longname.py" "$tmp/long.pb.gz"
start 100 30 -- "$tmp/long.pb.gz"
wait_for "100k name: first screen within seconds" 'aaaa.*\.tail' 5
wait_for "U+202E shown as ?" 'main\.\?gnp\.evil'
rlo=$(printf '\342\200\256')
check "U+202E never reaches the terminal" sh -c "! tmux -L $sock capture-pane -p -t t | grep -qF '$rlo'"
kill -TERM "$(cat "$tmp/pid")"
wait_exit "SIGTERM with the long name" 143

echo "tui: 5,000 unit warnings on the message line (issue 15: 40 s a key press): keys answer at once"
python3 "$(dirname "$0")/longname.py" --warnings 5000 "$tmp/warn.pb.gz"
start 150 30 -- "$tmp/warn.pb.gz"
wait_for "warnings: the last ones on the message line" '^… For tag key04998 .* · For tag key04999 used unit bytes, also encountered unit\(s\) seconds$' 10
for k in t o p; do
  send -l "$k" # each key redraws the message line
done
wait_for "warnings: three keys typed, echoed within 3 s" '^\(pprof\) top$' 3
send Escape
kill -TERM "$(cat "$tmp/pid")"
wait_exit "SIGTERM with 5,000 warnings" 143

echo "tui: a flame of 5,000 distinct stacks 200 deep: F12, End, F3 keeps the selection at once (issue 15: 9-22 s)"
python3 "$(dirname "$0")/longname.py" --deep 5000 200 "$tmp/deep.pb.gz"
start 150 40 -- "$tmp/deep.pb.gz"
wait_for "deep: table" 'table: top 30' 10
send F12
wait_for "deep: flame" 'flame: flame  5000 stacks, 248\.98ms total' 15
send End
wait_for "deep: End selects the last frame" ' 995320/995320$' 5
send F3
wait_for "deep: F3 rebuilt and the frame found again within 5 s" 'flame: flame  5000 stacks, 252706 total.* 987751/995320$' 5
kill -TERM "$(cat "$tmp/pid")"
wait_exit "SIGTERM with a deep flame" 143

echo "tui: undo keeps the last 1,000 option changes (issue 15: the stack had no cap)"
start 120 40 -- "${SAMPLE[@]}"
wait_for "undo cap: table" 'table: top 30'
for b in $(seq 0 20); do # nodecount=1 .. nodecount=1005, typed, 50 a send-keys
  keys=()
  for j in $(seq 1 50); do k=$((b * 50 + j)); [ $k -le 1005 ] && keys+=("nodecount=$k" Enter); done
  [ ${#keys[@]} -gt 0 ] && send "${keys[@]}"
done
typeline 'top 9'
wait_for "undo cap: 1,005 changes made" 'table: top 9' 60
f9=()
for j in $(seq 1 100); do f9+=(F9); done
for b in $(seq 1 10); do send "${f9[@]}"; done
wait_for "undo cap: 1,000 undos reach the oldest change kept" '^> undo: nodecount=5$' 60
send F9
wait_for "undo cap: then nothing to undo" '^nothing to undo$'
send F10
wait_exit "undo cap: F10" 0

echo "tui: Ctrl-S is no flow control (issue 15): the screen answers, SIGTERM ends it"
start 100 30 -- "${SAMPLE[@]}"
wait_for "restart" 'table: top 30'
send C-s
typeline 'top 40'
wait_for "after Ctrl-S: the next command is shown" 'table: top 40'
send C-s
kill -TERM "$(cat "$tmp/pid")"
wait_exit "SIGTERM after Ctrl-S" 143

echo "tui: input stays live while a command is blocked"
if [ $have_mem = 1 ]; then
  mkdir -p "$tmp/fifo/memory"
  mkfifo "$tmp/fifo/memory/memory.go"
  start 120 40 -- -trim_path=/tmp/tprofcorpus -source_path="$tmp/fifo" "$corpus/memory/mem.pprof"
  wait_for "fifo: table" 'table: top 30'
  typeline 'list main.keep'
  wait_for "busy: spinner and the running command" '[|/\\-] running list main\.keep'
  send Down
  wait_for "busy: keys still move the selection" 'running list main\.keep +main\.keep *$'
  send -l 'top2'
  wait_for "busy: typing still works" '\(pprof\) top2'
  send Enter
  wait_for "busy: the command waits its turn" '\(pprof\) *$'
  cat "$corpus/src/memory/memory.go" >"$tmp/fifo/memory/memory.go"
  wait_for "unblocked: the source arrives" 'ROUTINE =+ main\.keep in memory/memory\.go'
  wait_for "unblocked: the queued command ran" 'table: top2'
  wait_not "unblocked: spinner gone" 'running list'
  typeline 'quit'
  wait_exit "quit after busy" 0
  # Ctrl-C while the worker is stuck: the terminal is restored all the same
  start 120 40 -- -trim_path=/tmp/tprofcorpus -source_path="$tmp/fifo" "$corpus/memory/mem.pprof"
  wait_for "fifo again: table" 'table: top 30'
  typeline 'list main.keep'
  wait_for "busy again" 'running list main\.keep'
  send C-c
  wait_for "Ctrl-C while busy: the command is asked to stop" 'cancelling the running command \(Ctrl-C again quits\)'
  send C-c
  wait_exit "a second Ctrl-C while stuck" 130
fi

echo "tui: stderr of programs the session starts goes to the message line"
printf '#!/bin/sh\necho "fake browser: $1" >&2\n' >"$tmp/browser"
chmod +x "$tmp/browser"
start 120 40 BROWSER="$tmp/browser" -- "${SAMPLE[@]}"
wait_for "browser: table" 'table: top 30'
typeline 'web'
wait_row "browser: its stderr on the message line" 39 'fake browser: .*\.svg'
check "browser: the screen is intact" sh -c "tmux -L $sock capture-pane -p -t t | head -1 | grep -q '^ tprof: sample'"
typeline 'quit'
wait_exit "browser quit" 0

echo "tui: heat colours, and none under NO_COLOR"
start 120 40 -- "${SAMPLE[@]}"
wait_for "colour: table" 'table: top 30'
check "colour: heat on the hottest row" sh -c "tmux -L $sock capture-pane -p -e -t t | grep -q '38;5;196m\\|\[31m\\|\[91m'"
typeline 'quit'
wait_exit "colour quit" 0
start 120 40 NO_COLOR=1 -- "${SAMPLE[@]}"
wait_for "NO_COLOR: table" 'table: top 30'
check "NO_COLOR: no colours" sh -c "! tmux -L $sock capture-pane -p -e -t t | grep -q '\[3[0-7]m\\|\[38;5;\\|\[9[0-7]m\\|;3[0-7]m\\|;38;5'"
typeline 'quit'
wait_exit "NO_COLOR quit" 0

# the call graph pane on a heap profile this project makes, at 80x24
start 80 24 -- -trim_path=tprof/testdata/gen "-source_path=$root/testdata/src" "$root/testdata/profiles/leak.3.pb.gz"
wait_for "graph: table first" 'table: top'
typeline graph
wait_for "graph: the pane opens" 'graph: graph  5 nodes, 4 edges'
wait_for "graph: the entry box is selected, its values on the status line" 'functions runtime\.'
wait_for "graph: boxes drawn with box-drawing characters" '│ *runtime\.main *│'
wait_for "graph: an edge label and an arrow" '┃ 1724\.23kB'
check "graph: an arrow head" sh -c "tmux -L '$sock' capture-pane -p -t t | grep -q '▼'"
send Down
wait_for "graph: Down moves to a callee" 'functions +main\.mai'
send Down Down
wait_for "graph: the top -top function in a box with its flat value as -top prints it" '┃ *1700\.66kB \(98\.55%\) *┃'
check "graph: main.handle selected" sh -c "tmux -L '$sock' capture-pane -p -t t | head -1 | grep -q 'functions main\.han'"
send Enter
wait_for "graph: Enter shows the callee's source in the source pane" 'list \^main\\\.handle\$'
wait_for "graph: the source lines" '57:.*make\(\[\]byte, 8192\)'
send M-d
wait_for "graph: M-d opens it again" 'graph: graph  5 nodes'
send Down Down
wait_for "graph: Down again" 'functions +main\.rou'
send Up
wait_for "graph: Up moves to the caller" 'functions +main\.mai'
send F5
wait_for "graph: F5 refines from the selected node" 'focus=\^main\\\.main\$'
wait_for "graph: it follows the option change" 'graph: graph  [0-9]+ nodes'
send M-w
wait_for "graph: M-w fits the whole graph" 'runtime\.main'
send Escape
wait_for "graph: Esc closes it" 'table: top'
send F3
sleep 1
check "graph: closed stays closed after F3" sh -c "! tmux -L '$sock' capture-pane -p -t t | grep -q 'graph: graph'"
# ASCII when the locale is not UTF-8
start 80 24 LANG=C LC_ALL=C -- "$root/testdata/profiles/leak.3.pb.gz"
wait_for "graph C locale: table first" 'table: top'
typeline graph
wait_for "graph C locale: ASCII boxes" '\| *runtime\.main *\|'
HEAP=("$root/testdata/profiles/heap.pb.gz")
echo "tui: the status line at 60x20, 80x24 and 200x60: the whole type and the total"
for size in "60 20" "80 24" "200 60"; do
  set -- $size
  start "$1" "$2" -- -focus=main "${HEAP[@]}"
  wait_for "$1x$2: table" 'table: top 30'
  send Down Down
  wait_row "$1x$2: type and total whole" 1 '^ tprof: heap\.pb\.gz \| inuse_space \| total 1\.29MB( |$)'
  check "$1x$2: the status line fits" [ "$(scr | sed -n 1p | sed 's/ *$//' | wc -m)" -le "$(($1 + 1))" ]
  # the hint line: whole labels only, F10 quit last
  wait_row "$1x$2: hint line ends with a whole label" "$(($2 - 1))" '(F10 quit|F1 help) *$'
  [ "$1" = 200 ] && wait_row "200x60: every field" 1 '\| functions \| focus=main +main\.mediumBuffers *$'
  [ "$1" = 80 ] && wait_row "80x24: the focus before the selection" 1 '\| functions \| focus=main *$'
  send F10
  wait_exit "$1x$2 quit" 0
done

echo "tui: info, help, messages (80x24)"
start 80 24 TZ=UTC -- "${HEAP[@]}"
wait_for "info: table" 'table: top 30'
# the header lines as pprof prints them (recorded with TZ=UTC go tool pprof -top heap.pb.gz)
typeline 'info'
wait_for "info: the view" 'view: info'
wait_for "info: File" '^File: heap$'
wait_for "info: Type" '^Type: inuse_space$'
wait_for "info: Time" '^Time: Nov 22, 2026 at 6:09am \(UTC\)$'
wait_for "info: the sample types with their totals" '^  \*inuse_space +bytes +1\.29MB$'
wait_for "info: alloc_space total" '^   alloc_space +bytes +5\.86MB$'
wait_for "info: counts" '^Samples: +117$'
wait_for "info: locations" '^Locations: +38$'
wait_for "info: sources" 'testdata/profiles/heap\.pb\.gz$'
send Escape
wait_for "info: Esc closes it" 'table: top 30'
send M-o
wait_for "M-o: the info view" '^Type: inuse_space$'
send Escape
wait_for "M-o: Esc closes it" 'table: top 30'
typeline 'help'
wait_for "help: the view" 'view: help'
wait_for "help: tprof's commands" "tprof's own commands"
wait_for "help: flame" '^ +flame +Outputs the samples'
wait_for "help: refetch" '^ +refetch +Load the profile again'
send F1
wait_for "F1: help" 'view: help'
send Escape
wait_for "F1: Esc closes it" 'table: top 30'
typeline 'nosuchcommand_with_a_long_name_that_is_cut_on_the_message_line_at_eighty_columns_surely'
wait_for "messages: an error on the message line" 'unrecognized command'
typeline 'messages'
wait_for "messages: the view" 'view: messages'
wait_for "messages: the whole error, wrapped" '^_message_line_at_eighty_columns_surely"$'
send Escape
wait_for "messages: Esc closes it" 'table: top 30'
send M-m
wait_for "M-m: the history" 'view: messages'
send F10
wait_exit "info quit" 0

# mouse: SGR reports typed into the pane (what tmux forwards to a program
# that asked for the mouse); \e[<0;X;YM is a press of button 1 at column X, row Y
click() { tmux -L "$sock" send-keys -t t -l -- "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$1" "$2" "$1" "$2")"; }
echo "tui: the mouse (80x24)"
start 80 24 -- "${SAMPLE[@]}"
wait_for "mouse: table" 'table: top 30.* 1/30'
# rows: 1 status, 2 table title, 3 header, 4.. data: the third data row is row 6
click 10 6
wait_for "click: the third row selected" 'table: top 30.* 3/30'
wait_row "click: its name in the status line" 1 'aeshashbody *$'
click 10 7
click 10 7
wait_for "double click: the fourth row's source" 'ROUTINE =+ runtime\.memmove '
click 5 2
wait_for "click on the table's title: the table active" 'table: top 30.* 4/30'
tmux -L "$sock" send-keys -t t -l -- $'\033[<65;10;6M'
wait_for "wheel down: the selection moves" 'table: top 30.* 7/30'
typeline 'flame'
wait_for "flame: drawn" 'flame: flame'
click 5 4
wait_row "click on a frame selects it" 1 'functions runtime\.main'
wait_for "click on a frame: its position" 'flame: flame .* 2/[0-9]+'
send Escape
send F10
wait_exit "mouse quit" 0
start 80 24 -- -nomouse "${SAMPLE[@]}"
wait_for "-nomouse: table" 'table: top 30.* 1/30'
click 10 6
sleep 0.3
wait_for "-nomouse: a click does not move the selection" 'table: top 30.* 1/30'
send F10
wait_exit "-nomouse quit" 0

echo "tui: one unit per pane column (heap.pb.gz alloc_space, 120x40)"
# pprof's -top prints 5838.50kB ... 0.09kB (its unit from the smallest value);
# the panes read each column in the unit of its largest value
start 120 40 -- -sample_index=alloc_space "${HEAP[@]}"
wait_for "units: table" 'table: top 30'
wait_for "units: the first row in MB" '^ +5\.70MB 97\.34% 97\.34% +5\.70MB 97\.34%  main\.newBuf'
wait_for "units: a small flat in MB" '^ +0\.07MB  1\.12% 98\.46% +0\.07MB  1\.12%  main\.buildIndex'
wait_for "units: a flat that rounds to 0 says so" '^ +<0\.01MB 0\.0016% 99\.19% +5\.84MB 99\.72%  runtime\.main'
wait_for "units: the title is pprof's header, in pprof's units" 'Showing nodes accounting for 5949\.70kB, 99\.19% of 5998\.14kB total'
# every data row of the table: flat and cum columns are MB (or exactly 0)
rows=$(scr | sed -n '/      flat  flat%   sum%/,/^ *$/p' | sed '1d;/^ *$/d' | sed -n '1,6p')
check "units: six table rows read" [ "$(printf '%s\n' "$rows" | grep -c .)" = 6 ]
check "units: the flat and cum columns in MB" sh -c "printf '%s\n' \"\$1\" | awk '{ if ((\$1 != \"0\" && \$1 !~ /MB\$/) || (\$4 != \"0\" && \$4 !~ /MB\$/)) bad = 1 } END { exit bad }'" _ "$rows"
typeline 'peek main\.newBuf$'
wait_for "units: the tree's cum column in MB" '│5\.70MB 97\.34%  ● main\.newBuf'
wait_for "units: a caller in MB" '│5\.25MB 92\.08%    ↑ main\.largeB'
typeline 'unit=kB'
wait_for "unit=kB overrides: the table" '^ +5838\.50kB 97\.34% 97\.34% +5838\.50kB 97\.34%  main\.newBuf'
wait_for "unit=kB overrides: the tree" '5838\.50kB 97\.34%  ● main\.newBuf'
typeline 'unit=minimum'
wait_for "unit=minimum: human units again" '^ +5\.70MB 97\.34% 97\.34% +5\.70MB'
send F10
wait_exit "units quit" 0
# the line REPL keeps pprof's unit (goldens check the rest byte for byte)
printf 'sample_index=alloc_space\ntop2\n' | "$T" "${HEAP[@]}" >"$tmp/repl.out" 2>"$tmp/repl.err"
check "units: the line REPL keeps pprof's kB" grep -q '^ 5838\.50kB 97\.34% 97\.34%  5838\.50kB 97\.34%  main\.newBuf$' "$tmp/repl.out"

echo "tui: my code (M-y, mycode=on, -module; 120x30, 80x24)"
MYCODE=("$root/testdata/profiles/mycode.pb.gz")
start 120 30 -- "${MYCODE[@]}"
wait_for "mycode: table" 'table: top 30.* 1/15'
wait_for "mycode: the runtime is there" 'runtime\.mallocgc$'
send M-y
wait_row "M-y: the status line says mycode and the guessed module" 1 '\| mycode=example\.com/shop( |$)'
wait_for "M-y: the table without the runtime" 'table: top 30.* 1/6'
wait_not "M-y: runtime.mallocgc hidden" 'runtime\.mallocgc'
check "M-y: net/http hidden" sh -c "! tmux -L $sock capture-pane -p -t t | grep -q 'net/http'"
check "M-y: a third-party package hidden" sh -c "! tmux -L $sock capture-pane -p -t t | grep -q 'github\.com/lib/pq'"
check "M-y: the module's code stays" sh -c "tmux -L $sock capture-pane -p -t t | grep -q '100ms 34\.60% 34\.60% *100ms 34\.60%  example\.com/shop/internal/cart\.(\*Cart)\.Add'"
check "M-y: main stays" sh -c "tmux -L $sock capture-pane -p -t t | grep -q ' main\.main$'"
send M-u
wait_for "M-u: undone, all 15 rows back" 'table: top 30.* [0-9]+/15'
wait_row "M-u: mycode off the status line" 1 '^ tprof: mycode\.pb\.gz \| cpu \| total 289ms \| functions( |$)'
check "M-u: no mycode field" sh -c "! tmux -L $sock capture-pane -p -t t | sed -n 1p | grep -Eq '\| mycode'"
send M-y
wait_row "M-y again: on" 1 '\| mycode=example\.com/shop( |$)'
send M-y
wait_for "M-y toggles off" 'table: top 30.* [0-9]+/15'
typeline 'mycode=on'
wait_row "typed mycode=on" 1 '\| mycode=example\.com/shop( |$)'
typeline 'hide=handle'
wait_for "mycode with hide=: both apply" 'table: top 30.* 1/5'
send M-u
wait_for "undo the hide, mycode stays" 'table: top 30.* 1/6'
send F10
wait_exit "mycode quit" 0
start 80 24 -- -mycode -module=github.com/lib/pq "${MYCODE[@]}"
wait_row "-mycode -module: the module on the status line" 1 '\| mycode=github\.com/lib/pq( |$)'
wait_for "-module: its package stays" 'github\.com/lib/pq\.\(\*conn\)\.query'
check "-module: the other module hidden" sh -c "! tmux -L $sock capture-pane -p -t t | grep -q 'cart'"
send F10
wait_exit "-module quit" 0
start 80 24 -- -mycode "$root/testdata/sample.pb.gz"
wait_row "-mycode, no module to guess: mycode alone" 1 '\| mycode( |$)'
send F10
wait_exit "-mycode sample quit" 0

echo "tui: M-a: the source pane switches to the selection's assembly (disasm), Enter back to its source"
# the binary that wrote cpu_labels.pb.gz, rebuilt (go build -trimpath reproduces it)
if (cd "$root/testdata/gen" && go build -trimpath -o "$tmp/cpulabels" ./cpulabels); then ok; else bad "cannot build testdata/gen/cpulabels"; fi
start 120 40 -- -source_path="$root/testdata/src" -trim_path=tprof/testdata/gen "$tmp/cpulabels" "$root/testdata/profiles/cpu_labels.pb.gz"
wait_for "disasm: table" 'table: top 30'
if first_row | grep -q 'main\.fib$'; then ok; else bad "disasm: the first row is not main.fib"; fi
send M-a
wait_for "M-a: the disasm command for the selection" 'source: disasm \(\^\|\\s\)main\\\.fib\(\\s\|\$\)'
wait_for "M-a: the routine, as go tool pprof names it" '^ROUTINE =+ main\.fib +│'
wait_for "M-a: its flat and cum" '^ +500ms +1\.50s \(flat, cum\) 111\.94% of Total'
# the instruction go tool pprof -disasm shows with main.fib's recursive call and its cum
"$T" -disasm='(^|\s)main\.fib(\s|$)' "$tmp/cpulabels" "$root/testdata/profiles/cpu_labels.pb.gz" >"$tmp/dis.out" 2>/dev/null
call=$(grep -m1 'CALL main\.fib(SB)' "$tmp/dis.out" | awk '{print $3}')
check "disasm: the batch report has the recursive call" [ -n "$call" ]
wait_for "M-a: the call instruction with its samples" "^ +\. +0\.50s +$call CALL main\.fib\(SB\)"
wait_for "M-a: the source pane active, cursor on the first hot instruction" 'source: disasm .* 3/[0-9]+ │'
send Down
wait_for "disasm: the selection moves" 'source: disasm .* 4/[0-9]+ │'
send Enter
wait_for "Enter on the assembly: back to the source" 'ROUTINE =+ main\.fib in cpulabels/main\.go'
wait_for "Enter: the tree shows its callers" 'tree: peek \^main\\\.fib\$'
# without the binary, disasm says what pprof says
send M-a
wait_for "M-a again from the source pane" 'source: disasm'
send F10
wait_exit "disasm quit" 0
start 120 40 -- "$root/testdata/profiles/cpu_labels.pb.gz"
wait_for "no binary: table" 'table: top 30'
send M-a
wait_for "no binary: pprof's error on the message line" 'no matches found for regexp: \(\^\|\\s\)main'
send F10
wait_exit "no binary quit" 0

echo "tui: doc/keys.md is the key table"
if "$T" -keys | diff -u "$root/doc/keys.md" - >"$tmp/keys.diff"; then ok; else
  echo "FAIL doc/keys.md disagrees with the key table (regenerate: ./tprof -keys > doc/keys.md)"
  head -20 "$tmp/keys.diff" | sed 's/^/    /'
  fail=$((fail + 1))
fi

echo "tui: $pass passed, $fail failed"
[ $fail = 0 ]
