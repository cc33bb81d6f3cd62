# tests/http/lib.sh: what run.sh and live.sh share (sourced): a scratch
# directory, servers started in the background and always killed on exit,
# no proxy, UTC, and the pass/fail counters. Set NAME before sourcing.
tmp=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export TZ=UTC
fail=0 pass=0
bad() { echo "FAIL $NAME $*"; fail=$((fail + 1)); }
ok() { pass=$((pass + 1)); }

# wait_port FILE: the port a server wrote to FILE, once it is there (5 s at most)
wait_port() {
  local i
  for i in $(seq 100); do
    [ -s "$1" ] && break
    sleep 0.05
  done
  cat "$1" 2>/dev/null
}

# rss_kb OUT ERR CMD...: run CMD (stdin /dev/null, stdout to OUT, stderr to ERR);
# prints its exit status and the peak RSS in kB of it and its children
rss_kb() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
out, err = sys.argv[1], sys.argv[2]
with open(out, "wb") as o, open(err, "wb") as e:
    st = subprocess.call(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=o, stderr=e)
print(st, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
