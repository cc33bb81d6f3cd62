#!/bin/bash
# tests/shell/run.sh TPROF: the shell completion scripts (tprof -completion=,
# installed by make install) in bash and zsh, and make uninstall.
set -u
T=${1:?usage: run.sh /abs/path/to/tprof}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok; else bad "$d"; fi; }

echo "shell: -completion for each shell, and an unknown one"
for sh in bash zsh fish; do
  "$T" -completion=$sh >"$tmp/$sh" 2>"$tmp/$sh.err"
  check "-completion=$sh: exit 0" [ $? = 0 ]
  check "-completion=$sh: no stderr" [ ! -s "$tmp/$sh.err" ]
done
"$T" -completion=tcsh >"$tmp/x" 2>"$tmp/x.err"
check "-completion=tcsh: exit 2" [ $? = 2 ]
check "-completion=tcsh: says why" grep -q 'unknown shell "tcsh"' "$tmp/x.err"

echo "shell: make install PREFIX=... installs them where each shell looks"
prefix="$tmp/prefix"
make -s -C "$root" install PREFIX="$prefix" >"$tmp/install.log" 2>&1
check "make install: exit 0" [ $? = 0 ]
B="$prefix/share/bash-completion/completions/tprof"
Z="$prefix/share/zsh/site-functions/_tprof"
F="$prefix/share/fish/vendor_completions.d/tprof.fish"
for f in "$B" "$Z" "$F" "$prefix/bin/tprof" "$prefix/share/man/man1/tprof.1"; do check "installed: $f" [ -s "$f" ]; done
check "bash: the script is the binary's" cmp -s "$B" "$tmp/bash"

echo "shell: bash"
out=$(bash -c '. "$1"; complete -p tprof' _ "$B" 2>&1)
check "bash: complete -p tprof ($out)" [ "$out" = "complete -o filenames -F _tprof tprof" ]
# compl WORDS...: what _tprof offers for the last word
compl() { bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tprof; printf "%s\n" "${COMPREPLY[@]}"' _ "$B" "$@"; }
check "bash: -sym completes to -symbolize" [ "$(compl tprof -sym)" = "-symbolize" ]
check "bash: -symbolize values" [ "$(compl tprof -symbolize f | tr '\n' ' ')" = "fastlocal force " ]
check "bash: -symbolize=VALUE with = as a word" [ "$(compl tprof -symbolize = rem)" = "remote" ]
check "bash: -symbolize demangle= values" [ "$(compl tprof -symbolize demangle=f)" = "demangle=full" ]
check "bash: sample types" [ "$(compl tprof -sample_index inuse_s)" = "inuse_space" ]
check "bash: granularities are flags" [ "$(compl tprof -func | tr '\n' ' ')" = "-functions " ]
check "bash: report flags" sh -c "echo '$(compl tprof -to)' | grep -qx -- -top"
check "bash: tprof's own flags" [ "$(compl tprof -nomo)" = "-nomouse" ]
check "bash: -granularity values" [ "$(compl tprof -granularity=fi | tr '\n' ' ')" = "filefunctions files " ]
check "bash: tprof's own options are flags" [ "$(compl tprof -myc)" = "-mycode" ] && check "bash: -module" [ "$(compl tprof -modu)" = "-module" ]
check "bash: -completion values" [ "$(compl tprof -completion z)" = "zsh" ]
mkdir -p "$tmp/files" && touch "$tmp/files/cpu.pb.gz"
check "bash: files for the profile" [ "$(cd "$tmp/files" && compl tprof cpu)" = "cpu.pb.gz" ]
check "bash: files after -diff_base" [ "$(cd "$tmp/files" && compl tprof -diff_base c)" = "cpu.pb.gz" ]

echo "shell: zsh"
zsh -n "$Z"
check "zsh: the script parses" [ $? = 0 ]
out=$(zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2/zcompdump"; print -r -- $_comps[tprof]' _ "$(dirname "$Z")" "$tmp" 2>&1)
check "zsh: compinit binds tprof to _tprof ($out)" [ "$out" = "_tprof" ]
check "zsh: -symbolize values" grep -q "^  '-symbolize=\[.*\]:symbolize:(none local fastlocal remote force demangle=default demangle=none demangle=full demangle=templates)' \\\\$" "$Z"
check "zsh: profiles are files" grep -qx "  '\*:profile:_files'" "$Z"

echo "shell: fish"
check "fish: -symbolize values" grep -q "^complete -c tprof -o symbolize -x -a 'none local fastlocal remote force demangle=default demangle=none demangle=full demangle=templates'" "$F"
check "fish: -diff_base takes files" grep -q "^complete -c tprof -o diff_base -r -F" "$F"

echo "shell: make uninstall"
make -s -C "$root" uninstall PREFIX="$prefix" >"$tmp/uninstall.log" 2>&1
check "make uninstall: exit 0" [ $? = 0 ]
for f in "$B" "$Z" "$F" "$prefix/bin/tprof"; do check "uninstalled: $f" [ ! -e "$f" ]; done

echo "shell: $pass passed, $fail failed"
[ $fail = 0 ]
