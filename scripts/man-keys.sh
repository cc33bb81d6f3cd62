#!/usr/bin/env bash
# scripts/man-keys.sh TPROF: the KEYS section of doc/tprof.1, made from the
# key table (`tprof -keys`, the Markdown of doc/keys.md). tests/cli/run.sh
# fails when doc/tprof.1 does not hold exactly this; after changing a
# binding, paste the output over the section between the KEYS header and
# the next .SH.
set -eu
T=${1:?usage: scripts/man-keys.sh path/to/tprof}
echo '.SH KEYS'
echo 'The curses UI'"'"'s bindings (the key table; \fBhelp\fR or F1 in the UI, and'
echo '\fBtprof \-keys\fR, list them too). Printable keys always type on the command'
echo 'line; a binding that changes what is shown runs the commands given, exactly'
echo 'as if typed.'
"$T" -keys | awk '
  function roff(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); if (s ~ /^[.'"'"']/) s = "\\&" s; return s }
  /^\| Keys \|/ || /^\|---/ || !/^\| / { next }
  {
    line = $0
    gsub(/\\\|/, "\001", line)           # an escaped | inside a cell
    n = split(line, c, "|")
    for (i = 2; i < n; i++) { gsub(/\001/, "|", c[i]); gsub(/^ +| +$/, "", c[i]); gsub(/`/, "", c[i]) }
    print ".TP"
    print ".B " roff(c[2]) (c[3] == "always" ? "" : "\n(" roff(c[3]) ")")
    print roff(c[5]) (c[4] != "" ? "; runs \\fB" roff(c[4]) "\\fR" : "") "."
  }'
