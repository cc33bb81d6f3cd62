#!/usr/bin/env bash
# tests/unit/static-data.sh [LIB]: src/core is reentrant (doc/design.md):
# no object of build/libtprofcore.a may have writable static data (.data,
# .bss, thread-local .tdata/.tbss, common symbols; .data.rel.ro is
# read-only after relocation and fine) except the symbols allowed, each with
# its reason, in tests/unit/static-data.allow. Unnamed data counts too: a
# writable section bigger than its allowed symbols fails (a `static` buffer
# inside a function compiles to a local symbol; the size check also catches
# what has no symbol at all). And no file of src/core calls getenv.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=${1:-$here/../../build/libtprofcore.a}
allow=$here/static-data.allow
[ -f "$lib" ] || { echo "static-data: $lib: no such file (build it first)"; echo "static-data: 0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && ar x "$lib") || exit 1
pass=0 fail=0 nobj=0
writable='^\.(data|bss|tdata|tbss)($|\.)'
for o in "$tmp"/*.o; do
  obj=$(basename "$o")
  case "$obj" in *.pb-c.o) continue ;; esac # protoc-c's generated descriptors: not src/core
  nobj=$((nobj + 1))
  bad=
  # sections: name and size
  while read -r sec size; do
    [[ $sec =~ $writable ]] && [[ ! $sec =~ ^\.data\.rel\.ro ]] || continue
    [ $((16#$size)) = 0 ] && continue
    named=0
    while read -r sym ssize; do
      if grep -qx "$obj $sym" <(grep -v '^#' "$allow"); then
        named=$((named + 16#$ssize))
      else
        bad="$bad $sym ($sec, $((16#$ssize)) bytes)"
        named=$((named + 16#$ssize))
      fi
    done < <(objdump -t "$o" | awk -v s="$sec" '$0 ~ /^[0-9a-f]+ / && $(NF-2) == s && $(NF-1) ~ /^[0-9a-f]+$/ && $(NF-1) !~ /^0+$/ && $NF != s {print $NF, $(NF-1)}')
    [ $((16#$size)) -gt "$named" ] && bad="$bad $(( 16#$size - named )) unnamed bytes in $sec"
  done < <(objdump -h "$o" | awk '$1 ~ /^[0-9]+$/ {print $2, $3}')
  # common symbols (-fcommon builds): writable too
  while read -r sym; do
    grep -qx "$obj $sym" <(grep -v '^#' "$allow") || bad="$bad $sym (common)"
  done < <(objdump -t "$o" | awk '$0 ~ /\*COM\*/ {print $NF}')
  if [ -z "$bad" ]; then pass=$((pass + 1)); else
    echo "FAIL static-data: $obj has writable static data:$bad"; fail=$((fail + 1)); fi
done
# every allowlist entry still exists (no stale excuses)
while read -r obj sym; do
  if objdump -t "$tmp/$obj" 2>/dev/null | awk '{print $NF}' | grep -qx "$sym"; then pass=$((pass + 1)); else
    echo "FAIL static-data: allowed $obj $sym no longer exists: remove it from $(basename "$allow")"; fail=$((fail + 1)); fi
done < <(grep -v '^#' "$allow" | grep .)
# and the core reads no environment: configuration comes in (env.h core_env)
src=$here/../../src/core
envs=$(grep -nE '\b(getenv|secure_getenv|setenv|putenv|unsetenv)\(|\benviron\b' "$src"/*.c "$src"/*.h 2>/dev/null)
[ -z "$envs" ] && pass=$((pass + 1)) || { echo "FAIL static-data: src/core reads the environment:"; echo "$envs"; fail=$((fail + 1)); }
[ "$nobj" -ge 20 ] || { echo "FAIL static-data: only $nobj objects in $lib"; fail=$((fail + 1)); }
echo "static-data: $nobj objects of $lib checked"
echo "static-data: $pass passed, $fail failed"
[ "$fail" = 0 ]
