#!/usr/bin/env bash
# tests/cli/run.sh TPROF: the command line's contract: exit status (0 ok,
# 1 bad input, 2 bad usage), one-line errors naming the file and what is
# wrong, -h, -version, -output written whole.
set -u
T=${1:?usage: run.sh path/to/tprof}
D=$(cd "$(dirname "$0")/../../testdata" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0

# expect NAME STATUS STDERR_REGEX -- ARGS...
expect() {
  local name=$1 want=$2 rx=$3
  shift 4
  "$T" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; sed 's/^/    /' "$tmp/err" | head -5; fail=$((fail + 1)); return
  fi
  if [ -n "$rx" ] && ! grep -Eq -- "$rx" "$tmp/err"; then
    echo "FAIL $name: stderr does not match /$rx/"; sed 's/^/    /' "$tmp/err" | head -5; fail=$((fail + 1)); return
  fi
  pass=$((pass + 1))
}

# one line on stderr, no crash, status 1
expect missing 1 '^tprof: '"$tmp"'/nosuch.pb.gz: no such file or directory$' -- -top "$tmp/nosuch.pb.gz"
[ "$(wc -l <"$tmp/err")" = 1 ] || { echo "FAIL missing: more than one line"; fail=$((fail + 1)); }
expect text 1 '^tprof: .*/go.mod: not a profile: this is text' -- -top "$D/gen/go.mod"
: >"$tmp/empty"
expect empty 1 "^tprof: $tmp/empty: empty input file$" -- -top "$tmp/empty"
head -c 300 "$D/profiles/heap.pb.gz" >"$tmp/trunc.gz"
expect truncated-gzip 1 "^tprof: $tmp/trunc.gz: gzip data truncated at byte 300 " -- -top "$tmp/trunc.gz"
head -c 1000 "$D/profiles/heap.raw.pb" >"$tmp/trunc.pb"
expect truncated-raw 1 "^tprof: $tmp/trunc.pb: truncated at byte [0-9]+ \(sample [0-9]+ needs [0-9]+ bytes, [0-9]+ left\)$" -- -top "$tmp/trunc.pb"
expect directory 1 "^tprof: $D: is a directory$" -- -top "$D"
expect incompatible 1 '^tprof: period type: incompatible types: wall/microseconds and space/bytes$' -- \
  -top -diff_base="$D/profiles/heap.pb.gz" "$D/profiles/crafted.pb.gz"
# several sources: the bad one is reported, the good one used (as pprof does)
expect partial 0 '^Fetched 1 source profiles out of 2$' -- -top "$D/profiles/heap.pb.gz" "$tmp/nosuch"
grep -q '^Type: inuse_space$' "$tmp/out" || { echo "FAIL partial: no report"; fail=$((fail + 1)); }

# usage errors: status 2
expect unknown-flag 2 '^tprof: flag provided but not defined: -bogus$' -- -top -bogus x
expect no-source 2 '^tprof: no profile source specified$' -- -top
expect two-formats 2 '^tprof: must set at most one output format$' -- -top -list=x "$D/profiles/heap.pb.gz"
expect bad-int 2 '^tprof: invalid value "x" for flag -nodecount' -- -top -nodecount=x "$D/profiles/heap.pb.gz"
expect normalize 2 '^tprof: must have base profile to normalize by$' -- -top -normalize "$D/profiles/heap.pb.gz"
expect both-bases 2 'cannot both be specified' -- -top -base=a -diff_base=b "$D/profiles/heap.pb.gz"
expect bad-regex 2 '^parsing focus regexp: ' -- -top -focus='(' "$D/profiles/heap.pb.gz"
expect no-match 2 '^no matches found for regexp: nosuchfunction$' -- -list=nosuchfunction "$D/profiles/heap.pb.gz"
expect bad-index 2 '^sample_index "nosuch" must be one of: \[alloc_objects alloc_space inuse_objects inuse_space\]$' -- \
  -top -sample_index=nosuch "$D/profiles/heap.pb.gz"

# help and version
expect help 0 '' -- -h
for f in top list peek traces tags raw dot svg png pdf callgrind proto nodecount focus tagfocus prune_from \
  granularity lines diff_base base seconds timeout tls_cert repl; do
  grep -q -- "-$f\b\|    $f " "$tmp/out" || { echo "FAIL help: -$f not listed"; fail=$((fail + 1)); }
done
# one flag table: -h lists every flag the parser takes (-flags-list, from the same tables), and
# every flag -h shows is one the parser takes; the man page names each; -h documents every
# environment variable the source reads
expect flags-list 0 '' -- -flags-list
cp "$tmp/out" "$tmp/flags"
"$T" -h >"$tmp/help" 2>&1
sed 's/\\f[BIRP]//g; s/\\//g' "$(dirname "$0")/../../doc/tprof.1" >"$tmp/man"
nflags=$(wc -l <"$tmp/flags")
[ "$nflags" -ge 90 ] && grep -qx flame "$tmp/flags" && grep -qx completion "$tmp/flags" && grep -qx help "$tmp/flags" &&
  pass=$((pass + 1)) || { echo "FAIL flags-list: $nflags flags"; fail=$((fail + 1)); }
word() { grep -Eq -- "(^|[^a-z_-])-$1([^a-z_-]|\$)" "$2"; }
missing= unmanned= refused=
while read -r f; do
  word "$f" "$tmp/help" || missing="$missing -$f"
  word "$f" "$tmp/man" || unmanned="$unmanned -$f"
  # =true parses for every kind (an int flag then says its value is bad): never "not defined"
  "$T" "-$f=true" "$tmp/nosuch" >/dev/null 2>"$tmp/ferr" </dev/null
  grep -q 'flag provided but not defined' "$tmp/ferr" && refused="$refused -$f"
done <"$tmp/flags"
[ -z "$missing" ] && pass=$((pass + 1)) || { echo "FAIL -h does not list:$missing"; fail=$((fail + 1)); }
[ -z "$unmanned" ] && pass=$((pass + 1)) || { echo "FAIL doc/tprof.1 does not name:$unmanned"; fail=$((fail + 1)); }
[ -z "$refused" ] && pass=$((pass + 1)) || { echo "FAIL the parser refuses:$refused"; fail=$((fail + 1)); }
# the other way: each -flag at the start of a line of -h is in the list (and so parsed)
extra=$(grep -oE '^ +-[a-z_-]+' "$tmp/help" | tr -d ' -' | sort -u | comm -23 - <(tr -d '-' <"$tmp/flags" | sort -u))
[ -z "$extra" ] && pass=$((pass + 1)) || { echo "FAIL -h lists flags the parser does not know: $extra"; fail=$((fail + 1)); }
# and a flag that is in neither is refused
"$T" -flags-list=true -nosuchflag >/dev/null 2>"$tmp/ferr"
[ $? = 2 ] && grep -qx 'tprof: flag provided but not defined: -nosuchflag' "$tmp/ferr" && ! grep -qx nosuchflag "$tmp/flags" &&
  pass=$((pass + 1)) || { echo "FAIL -nosuchflag accepted"; fail=$((fail + 1)); }
envs=$(grep -rhoE 'getenv\("[A-Za-z_0-9]+"\)' "$(dirname "$0")/../../src" | sed 's/getenv("\(.*\)")/\1/' | sort -u)
nenv=0 undoc=
for e in $envs; do
  nenv=$((nenv + 1))
  sed -n '/^  Environment Variables:/,$p' "$tmp/help" | grep -Eq "^    $e " || undoc="$undoc $e"
  grep -Eq "^\.B .*\b$e\b" "$tmp/man" || undoc="$undoc $e(man)"
done
[ "$nenv" -ge 10 ] && [ -z "$undoc" ] && pass=$((pass + 1)) ||
  { echo "FAIL environment ($nenv read) not documented:$undoc"; fail=$((fail + 1)); }
# the man page names every command of the command table (pprof's, listed by the
# REPL's help, and tprof's own, by help tprof), in bold, and its KEYS section is
# the key table (scripts/man-keys.sh makes it from tprof -keys)
man_src=$(dirname "$0")/../../doc/tprof.1
printf 'help\nhelp tprof\n' | "$T" "$D/profiles/heap.pb.gz" 2>&1 >/dev/null |
  sed -n "/^  Commands:/,/^  Options:/p;/tprof's own commands/,/tprof's own options/p" |
  grep -oE '^    [a-z][a-z/^D]*' | tr -d ' ' | tr '/' '\n' | grep -v '^\^D$' | sort -u >"$tmp/cmds"
ncmd=0 noman=
while read -r c; do
  ncmd=$((ncmd + 1))
  grep -Eq -- "\\\\fB(\\\\-)?$c(\\\\f|[ =]|\$)|^\.BI? (\\\\-)?$c( |=|\$|\\\\f)" "$man_src" || noman="$noman $c"
done <"$tmp/cmds"
[ "$ncmd" -ge 38 ] && [ -z "$noman" ] && pass=$((pass + 1)) ||
  { echo "FAIL doc/tprof.1 does not name the commands ($ncmd in the table):$noman"; fail=$((fail + 1)); }
"$(dirname "$0")/../../scripts/man-keys.sh" "$T" >"$tmp/keys.roff"
sed -n '/^\.SH KEYS$/,/^\.SH /p' "$man_src" | sed '$d' >"$tmp/man.keys"
if cmp -s "$tmp/keys.roff" "$tmp/man.keys"; then pass=$((pass + 1)); else
  echo "FAIL doc/tprof.1's KEYS section is not the key table (scripts/man-keys.sh ./tprof makes it)"
  diff "$tmp/keys.roff" "$tmp/man.keys" | head -10
  fail=$((fail + 1))
fi
# and each key name of the key table is in it (the check above cannot pass on an empty table)
nkeys=0 nokey=
while read -r k; do
  nkeys=$((nkeys + 1))
  grep -qF -- ".B $k" "$tmp/man.keys" || grep -qF -- ", $k" "$tmp/man.keys" || nokey="$nokey $k"
done < <("$T" -keys | sed -n 's/^| \([^|]*\) |.*/\1/p' | sed '1d' | tr ',' '\n' | sed 's/^ *//; s/ *$//; s/-/\\-/g' | sort -u)
[ "$nkeys" -ge 50 ] && [ -z "$nokey" ] && pass=$((pass + 1)) ||
  { echo "FAIL doc/tprof.1 lacks keys ($nkeys in the table):$nokey"; fail=$((fail + 1)); }
expect version 0 '' -- -version
grep -Eq '^tprof [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || { echo "FAIL version: $(cat "$tmp/out")"; fail=$((fail + 1)); }

# -output: announced, written whole, nothing on stdout
expect output 0 "^Generating report in $tmp/top.txt$" -- -top -output="$tmp/top.txt" "$D/profiles/heap.pb.gz"
[ -s "$tmp/top.txt" ] && [ ! -s "$tmp/out" ] && grep -q '^      flat  flat%' "$tmp/top.txt" ||
  { echo "FAIL output: file not written"; fail=$((fail + 1)); }
ls "$tmp" | grep -q '\.tmp\.' && { echo "FAIL output: temporary file left behind"; fail=$((fail + 1)); }
# -proto round trip: the written profile loads again and gives the same report
"$T" -proto "$D/profiles/heap.pb.gz" >"$tmp/p.pb.gz" 2>/dev/null
"$T" -top "$D/profiles/heap.pb.gz" >"$tmp/a" 2>/dev/null
"$T" -top "$tmp/p.pb.gz" >"$tmp/b" 2>/dev/null
cmp -s "$tmp/a" "$tmp/b" && pass=$((pass + 1)) || { echo "FAIL proto round trip"; diff "$tmp/a" "$tmp/b" | head; fail=$((fail + 1)); }

# graphviz: -svg renders through dot; without dot, a clear error and status 2
if command -v dot >/dev/null; then
  expect svg 0 '' -- -svg "$D/profiles/heap.pb.gz"
  grep -q '<svg' "$tmp/out" && grep -q 'main' "$tmp/out" || { echo "FAIL svg: no SVG"; fail=$((fail + 1)); }
fi
mkdir -p "$tmp/nodot"
ln -sf "$(command -v cat)" "$tmp/nodot/cat"
PATH="$tmp/nodot" "$T" -svg "$D/profiles/heap.pb.gz" >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 2 ] && grep -q 'failed to execute dot. Is Graphviz installed?' "$tmp/err"; then pass=$((pass + 1)); else
  echo "FAIL nodot: status $st, $(cat "$tmp/err")"; fail=$((fail + 1)); fi

# flame: with nodefraction=0, the folded stacks are exactly the traces' stacks
for p in sample.pb.gz profiles/heap.pb.gz profiles/cpu_labels.pb.gz; do
  "$T" -flame -nodefraction=0 -sample_index=0 "$D/$p" 2>/dev/null | sort >"$tmp/f1"
  "$T" -traces -sample_index=0 "$D/$p" 2>/dev/null | python3 "$(dirname "$0")/folded.py" | sort >"$tmp/f2"
  if [ -s "$tmp/f1" ] && cmp -s "$tmp/f1" "$tmp/f2"; then pass=$((pass + 1)); else
    echo "FAIL flame $p: folded stacks differ from traces"; diff "$tmp/f1" "$tmp/f2" | head -3; fail=$((fail + 1)); fi
done
# and the default drops only frames under nodefraction: what it shows adds up to at most the total
"$T" -flame "$D/sample.pb.gz" >"$tmp/f3" 2>/dev/null
awk '{s += $NF} END {exit !(s > 0 && s <= 1240000000)}' "$tmp/f3" && pass=$((pass + 1)) ||
  { echo "FAIL flame default: $(awk '{s += $NF} END {print s}' "$tmp/f3")"; fail=$((fail + 1)); }

# legacy formats: tprof's -proto of each decodes (go tool pprof -raw) to what pprof's own -proto decodes to;
# a Go text profile with the binary that wrote it (both name its frames from its pcln table; on the file
# alone tprof names them from the # lines, tests/symbolize)
(cd "$D/gen" && go build -trimpath -o "$tmp/legacy" ./legacy) || { echo "FAIL: cannot build testdata/gen/legacy"; fail=$((fail + 1)); }
for f in "$D"/profiles/legacy/*; do
  rm -f "$tmp/lp1.pb" "$tmp/lp2.pb"
  bin=(); case "$(basename "$f")" in go_*) bin=("$tmp/legacy") ;; esac
  (cd "$tmp" && TZ=UTC go tool pprof -proto -output="$tmp/lp1.pb" "${bin[@]}" "$f" 2>/dev/null)
  (cd "$tmp" && TZ=UTC "$T" -proto -output="$tmp/lp2.pb" "${bin[@]}" "$f" 2>/dev/null); rc=$?
  go tool pprof -raw "$tmp/lp1.pb" >"$tmp/lr1" 2>/dev/null
  go tool pprof -raw "$tmp/lp2.pb" >"$tmp/lr2" 2>/dev/null
  # (go_threadcreate.txt has a stack-less sample, which pprof refuses too)
  if cmp -s "$tmp/lr1" "$tmp/lr2" && { [ $rc = 0 ] || [ ! -s "$tmp/lr1" ]; }; then pass=$((pass + 1)); else
    echo "FAIL legacy -proto $(basename "$f") (exit $rc)"; diff "$tmp/lr1" "$tmp/lr2" | head -3; fail=$((fail + 1)); fi
done
# weblist: pprof's HTML page (source, and the assembly of Go's disassembler), given the binary:
# byte-identical to go tool pprof's, with -output and through $BROWSER from the REPL
L=$D/profiles/legacy
SP=(-source_path="$D/src" -trim_path=tprof/testdata/gen)
while read -r fn file; do
  rm -f "$tmp/w1.html" "$tmp/w2.html"
  TZ=UTC go tool pprof -weblist="$fn" -output="$tmp/w1.html" "${SP[@]}" "$tmp/legacy" "$L/$file" >/dev/null 2>&1
  TZ=UTC "$T" -weblist="$fn" -output="$tmp/w2.html" "${SP[@]}" "$tmp/legacy" "$L/$file" >/dev/null 2>"$tmp/we"; rc=$?
  if [ $rc = 0 ] && [ -s "$tmp/w1.html" ] && grep -q '<span class=asm>' "$tmp/w2.html" && cmp -s "$tmp/w1.html" "$tmp/w2.html"; then pass=$((pass + 1)); else
    echo "FAIL weblist $fn $file (exit $rc): differs from go tool pprof's"; cat "$tmp/we"; diff "$tmp/w1.html" "$tmp/w2.html" | head -5; fail=$((fail + 1)); fi
done <<'EOW'
main.alloc go_heap.txt
main.contend go_mutex.txt
main.park go_goroutine.txt
EOW
printf '#!/bin/sh\nfor a in "$@"; do last=$a; done\ncp "$last" "%s/w3.html"\n' "$tmp" >"$tmp/br" && chmod +x "$tmp/br"
printf 'weblist main.alloc\nq\n' | TZ=UTC BROWSER="$tmp/br" "$T" "${SP[@]}" "$tmp/legacy" "$L/go_heap.txt" >/dev/null 2>&1
TZ=UTC go tool pprof -weblist=main.alloc -output="$tmp/w1.html" "${SP[@]}" "$tmp/legacy" "$L/go_heap.txt" >/dev/null 2>&1
if [ -s "$tmp/w3.html" ] && cmp -s "$tmp/w1.html" "$tmp/w3.html"; then pass=$((pass + 1)); else echo "FAIL weblist in the REPL: the browser did not get pprof's page"; fail=$((fail + 1)); fi
expect weblist-nomatch 2 "^no matches found for regexp: nosuch$" -- -weblist=nosuch "$tmp/legacy" "$L/go_heap.txt"
# with no go on PATH, disasm and weblist run binutils' objdump as pprof itself does (AT&T syntax,
# objdump's function names): the same routines and totals, the samples on the same call
mkdir -p "$tmp/bu" && ln -sf "$(command -v objdump)" "$tmp/bu/objdump"
"$T" -disasm=main.alloc "$tmp/legacy" "$L/go_heap.txt" >"$tmp/dg" 2>/dev/null
PATH=$tmp/bu "$T" -disasm=main.alloc "$tmp/legacy" "$L/go_heap.txt" >"$tmp/db" 2>"$tmp/dbe"; rc=$?
if [ $rc = 0 ] && [ "$(grep -E '^(Total|ROUTINE| +[0-9.]+MB +[0-9.]+MB \(flat)' "$tmp/dg")" = "$(grep -E '^(Total|ROUTINE| +[0-9.]+MB +[0-9.]+MB \(flat)' "$tmp/db")" ] &&
  grep -qE '^ +8MB +8MB +4b90cc: call +[0-9a-f]+ <runtime\.makeslice>' "$tmp/db" &&
  grep -qE '4b9080: cmp +0x10\(%r14\),%rsp +;main\.allocLarge main\.go:36$' "$tmp/db"; then pass=$((pass + 1)); else
  echo "FAIL disasm through binutils' objdump (exit $rc)"; head -5 "$tmp/db" "$tmp/dbe"; fail=$((fail + 1)); fi
PATH=$tmp/bu "$T" -weblist=main.alloc -output="$tmp/wb.html" "$tmp/legacy" "$L/go_heap.txt" >/dev/null 2>&1
grep -q '4b90cc: *call ' "$tmp/wb.html" && pass=$((pass + 1)) || { echo "FAIL weblist through binutils' objdump"; fail=$((fail + 1)); }
PATH=$tmp/none "$T" -disasm=main.alloc "$tmp/legacy" "$L/go_heap.txt" >/dev/null 2>"$tmp/dne"; rc=$?
[ $rc = 2 ] && grep -qx 'exec: "go": executable file not found in $PATH' "$tmp/dne" && pass=$((pass + 1)) ||
  { echo "FAIL disasm with neither go nor objdump: exit $rc"; cat "$tmp/dne"; fail=$((fail + 1)); }
# a damaged binary: a truncated copy and one with 2000 random bytes changed: disasm and weblist
# finish (a report or "no matches"), never a crash
head -c 300000 "$tmp/legacy" >"$tmp/trunc.bin"
python3 -c "
import random, sys
b = bytearray(open(sys.argv[1], 'rb').read()); random.seed(3)
for i in range(2000): b[random.randrange(64, len(b))] = random.randrange(256)
open(sys.argv[2], 'wb').write(b)" "$tmp/legacy" "$tmp/noise.bin"
for bin in trunc.bin noise.bin; do
  for r in -disasm=main.alloc "-weblist=main.alloc -output=$tmp/wn.html"; do
    # shellcheck disable=SC2086
    timeout 60 "$T" $r "$tmp/$bin" "$L/go_heap.txt" >/dev/null 2>"$tmp/we"; rc=$?
    if { [ $rc = 0 ] || [ $rc = 2 ]; } && ! grep -qiE 'sanitizer|runtime error|segmentation' "$tmp/we"; then pass=$((pass + 1)); else
      echo "FAIL $r on a damaged binary ($bin): exit $rc"; head -3 "$tmp/we"; fail=$((fail + 1)); fi
  done
done
# a damaged legacy file: one line naming the file and the line
printf 'heap profile: 1: 2 [3: 4] @ heap/1048576\n0: 2 [3: 4] @ 0x1\n' >"$tmp/bad.heap"
expect legacy-bad 1 "^tprof: $tmp/bad.heap: parsing legacy profile: line 2: inuse count was 0 but inuse bytes was 2$" -- -top "$tmp/bad.heap"
# flame on a diff profile: signed, each function folds to its -top flat and cum (both orders, two types)
for args in "-diff_base=$D/profiles/leak.0.pb.gz $D/profiles/leak.3.pb.gz" \
  "-diff_base=$D/profiles/leak.3.pb.gz $D/profiles/leak.0.pb.gz" \
  "-sample_index=alloc_space -diff_base=$D/profiles/leak.1.pb.gz $D/profiles/leak.2.pb.gz" "$D/profiles/heap.pb.gz"; do
  # shellcheck disable=SC2086
  "$T" -flame $args >"$tmp/ff" 2>"$tmp/fe"; s1=$?
  # shellcheck disable=SC2086
  "$T" -top -unit=B -nodefraction=0 $args >"$tmp/ft" 2>/dev/null; s2=$?
  if [ $s1 = 0 ] && [ $s2 = 0 ] && [ ! -s "$tmp/fe" ] && why=$(python3 "$(dirname "$0")/flame_vs_top.py" "$tmp/ff" "$tmp/ft"); then
    pass=$((pass + 1)); else echo "FAIL flame vs top ($args): $s1 $s2 $why $(cat "$tmp/fe")"; fail=$((fail + 1)); fi
done

# timeline: four snapshots of the leaking server (testdata/gen/leak) given out of order come out in time
# order; the leaking function's row is first, with each snapshot's value as go tool pprof -top prints it
L=$D/profiles
pp_flat() { TZ=UTC go tool pprof -top "$@" 2>/dev/null | awk '$NF == "main.handle" {print $1; exit}'; }
pp_total() { TZ=UTC go tool pprof -top "$@" 2>/dev/null | sed -n 's/.* of \(.*\) total$/\1/p'; }
for unit in kB minimum; do
  want="" totals=""
  for i in 0 1 2 3; do
    want="$want $(pp_flat -unit=$unit "$L/leak.$i.pb.gz")"
    totals="$totals $(pp_total -unit=$unit "$L/leak.$i.pb.gz")"
  done
  expect "timeline -unit=$unit" 0 '' -- -timeline -unit=$unit "$L/leak.2.pb.gz" "$L/leak.0.pb.gz" "$L/leak.3.pb.gz" "$L/leak.1.pb.gz"
  [ -s "$tmp/err" ] && { echo "FAIL timeline -unit=$unit: stderr: $(head -2 "$tmp/err")"; fail=$((fail + 1)); }
  got=$(awk 'f {print " " $1 " " $2 " " $3 " " $4; exit} /^ +#1 +#2 +#3 +#4 +change/ {f = 1}' "$tmp/out")
  name=$(awk 'f {print $NF; exit} /^ +#1 +#2/ {f = 1}' "$tmp/out")
  order=$(sed -n 's/^  #\([0-9]\)  .*total \([^ ]*\)  .*leak\.\([0-9]\)\.pb\.gz$/\1:\3:\2/p' "$tmp/out" | tr '\n' ' ')
  wo="" k=1; for t in $totals; do wo="$wo$k:$((k - 1)):$t "; k=$((k + 1)); done
  if [ "$got" = "$want" ] && [ "$name" = main.handle ] && [ "$order" = "$wo" ]; then pass=$((pass + 1)); else
    echo "FAIL timeline -unit=$unit: first row [$got] $name, want [$want] main.handle; snapshots [$order], want [$wo]"
    fail=$((fail + 1)); fi
done
# steady, the sparkline (UTF-8, and ASCII in the C locale), -cum, N rows, a focus
LC_ALL=C.UTF-8 "$T" -timeline "$L/leak.0.pb.gz" "$L/leak.1.pb.gz" "$L/leak.3.pb.gz" >"$tmp/out" 2>&1
grep -Eq "  ▁▃█ +steady  main.handle$" "$tmp/out" && pass=$((pass + 1)) || { echo "FAIL timeline sparkline: $(grep main.handle "$tmp/out")"; fail=$((fail + 1)); }
LC_ALL=C "$T" -timeline "$L/leak.0.pb.gz" "$L/leak.1.pb.gz" "$L/leak.3.pb.gz" >"$tmp/out" 2>&1
if grep -Eq "  _,# +steady  main.handle$" "$tmp/out" && ! LC_ALL=C grep -q '[^ -~]' "$tmp/out"; then pass=$((pass + 1)); else
  echo "FAIL timeline ASCII: $(grep main.handle "$tmp/out")"; fail=$((fail + 1)); fi
want=$(TZ=UTC go tool pprof -top -cum -unit=kB "$L/leak.3.pb.gz" 2>/dev/null | awk '$NF == "runtime.main" {print $4}')
got=$("$T" -timeline -cum -unit=kB -nodecount=1 "$L/leak.0.pb.gz" "$L/leak.3.pb.gz" 2>&1 | awk 'f {print $2 " " $NF; n++} /^ +#1 +#2/ {f = 1} END {print n}')
[ "$got" = "$want runtime.main
1" ] && pass=$((pass + 1)) || { echo "FAIL timeline -cum -nodecount=1: [$got], want [$want runtime.main]"; fail=$((fail + 1)); }
got=$("$T" -timeline -focus=newSession -unit=kB "$L/leak.0.pb.gz" "$L/leak.3.pb.gz" 2>&1 | awk 'f && $NF == "main.handle" {print $1 " " $2} /^ +#1 +#2/ {f = 1}')
want="$(TZ=UTC go tool pprof -top -focus=newSession -unit=kB "$L/leak.0.pb.gz" 2>/dev/null | awk '$NF == "main.handle" {print $1}') $(TZ=UTC go tool pprof -top -focus=newSession -unit=kB "$L/leak.3.pb.gz" 2>/dev/null | awk '$NF == "main.handle" {print $1}')"
[ "$got" = "$want" ] && pass=$((pass + 1)) || { echo "FAIL timeline -focus: [$got], want [$want]"; fail=$((fail + 1)); }
# snapshots of different kinds, a missing file, -watch's value and batch use
expect timeline-kinds 2 '^timeline: .*(leak.0|cpu_labels).pb.gz has [a-z_]+/[a-z]+ samples, .*(leak.0|cpu_labels).pb.gz has [a-z_]+/[a-z]+: snapshots must be of the same kind$' -- \
  -timeline "$L/leak.0.pb.gz" "$D/profiles/cpu_labels.pb.gz"
expect timeline-missing 0 '^Fetched 2 source profiles out of 3$' -- -timeline "$L/leak.0.pb.gz" "$tmp/nosuch" "$L/leak.1.pb.gz"
expect watch-zero 2 '^tprof: invalid value "0" for flag -watch: seconds from 1 to 86400$' -- -watch=0 "$L/leak.0.pb.gz"
expect watch-batch 2 '^tprof: -watch is for an interactive session, not with -top$' -- -watch=1 -top "$L/leak.0.pb.gz"
# growth A B: snapshot B with snapshot A as -diff_base, as go tool pprof -diff_base prints it
want=$(TZ=UTC go tool pprof -top -unit=kB -diff_base="$L/leak.0.pb.gz" "$L/leak.3.pb.gz" 2>/dev/null | awk '$NF == "main.handle" {print $1}')
got=$(printf 'unit=kB\ntimeline 1\ngrowth 1 4\nsnapshot 2\ngrowth\n' | "$T" -repl "$L/leak.1.pb.gz" "$L/leak.3.pb.gz" "$L/leak.0.pb.gz" "$L/leak.2.pb.gz" 2>/dev/null |
  awk '$NF == "main.handle" && NF == 6 {print $1}' | head -2 | tr '\n' ' ')
want2=$(TZ=UTC go tool pprof -top -unit=kB -diff_base="$L/leak.0.pb.gz" "$L/leak.1.pb.gz" 2>/dev/null | awk '$NF == "main.handle" {print $1}')
[ "$got" = "$want $want2 " ] && pass=$((pass + 1)) || { echo "FAIL growth 1 4 / growth: [$got], want [$want $want2 ]"; fail=$((fail + 1)); }

# two heap snapshots with the same samples (no GC between them): the REPL says so on stderr, at the
# refetch and when snapshot steps onto the second; not for snapshots that differ
gc_msg='snapshots #1 and #2 are identical: no GC ran between them; ?gc=1 on the URL forces one'
got=$(printf 'refetch\nsnapshot 1\nsnapshot 2\n' | "$T" -repl "$L/leak.1.pb.gz" 2>&1 >/dev/null | grep -c -F -x "$gc_msg")
[ "$got" = 2 ] && pass=$((pass + 1)) || { echo "FAIL identical snapshots: the no-GC message $got times, want 2"; fail=$((fail + 1)); }
got=$(printf 'timeline 1\nsnapshot 1\nsnapshot 2\n' | "$T" -repl "$L/leak.0.pb.gz" "$L/leak.1.pb.gz" 2>&1 >/dev/null |
  grep -c -e 'no GC ran' -e '^snapshot #2 of 2: ')
[ "$got" = 1 ] && pass=$((pass + 1)) || { echo "FAIL different snapshots: [$got] lines, want only snapshot #2 of 2"; fail=$((fail + 1)); }
# a session whose snapshots are its sources one by one (timeline) reads them again so at refetch: three
# snapshots, not a fourth that merges them
got=$(printf 'timeline 1\nrefetch\nsnapshot\n' | "$T" -repl "$L/leak.0.pb.gz" "$L/leak.2.pb.gz" "$L/leak.1.pb.gz" 2>&1 |
  sed -n 's/^\(.*) \)\{0,1\}[ *]#\([0-9]\)  .* \([^ ]*\)$/\2:\3/p; /read again as/p' | tr '\n' ' ')
want="The 3 sources were read again as 3 snapshots, never merged. 1:$L/leak.0.pb.gz 2:$L/leak.1.pb.gz 3:$L/leak.2.pb.gz "
[ "$got" = "$want" ] && pass=$((pass + 1)) || { echo "FAIL refetch of a timeline's sources: [$got], want [$want]"; fail=$((fail + 1)); }
# a long watch keeps at most 128 snapshots: the 129th thins them to 65 (first, last, every second between)
got=$( (for _ in $(seq 130); do echo refetch; done; echo snapshot) | "$T" -repl "$L/leak.1.pb.gz" 2>&1 >/dev/null |
  grep -c -e '^[ *]#[0-9]' -e '^128 snapshots kept at most: every second one between the first and the last dropped (65 now)$')
[ "$got" = 68 ] && pass=$((pass + 1)) || { echo "FAIL snapshots kept at most: [$got] lines, want 67 snapshots and the message"; fail=$((fail + 1)); }

echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
