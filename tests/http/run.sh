#!/usr/bin/env bash
# tests/http/run.sh TPROF: profiles fetched over HTTP(S) from a local server
# (tests/http/server.py on 127.0.0.1, a free port) serving the project's
# testdata profiles: the report of a fetched profile equals the file's, the
# fetch is saved with pprof's name and loads again, pprof's URL rules and
# -seconds query, HTTP errors with the server's text, refused connection,
# timeout, a body that is not a profile, a gzip bomb, an oversized body,
# refetch/growth in the REPL, and TLS (https+insecure, -tls_ca, client
# certificates) when openssl is available. Then tests/http/live.sh against
# a real Go net/http/pprof server when go is installed.
set -u
T=${1:?usage: run.sh path/to/tprof}
HERE=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$HERE/../../testdata" && pwd)
P=$D/profiles
NAME=http
. "$HERE/lib.sh"

# start_server NAME [CERT KEY [CLIENT_CA]]: a server.py in the background; sets PORT
start_server() {
  local name=$1
  shift
  python3 "$HERE/server.py" "$P" "$tmp/$name.port" "$tmp/$name.log" "$@" 2>"$tmp/$name.stderr" &
  pids+=($!)
  PORT=$(wait_port "$tmp/$name.port") || { echo "FAIL $name: the server did not start"; cat "$tmp/$name.stderr"; exit 1; }
}

# run NAME WANT_STATUS ARGS...: tprof with its own PPROF_TMPDIR ($tmp/NAME.dir);
# stdout in $tmp/NAME.out, stderr in $tmp/NAME.err
run() {
  local name=$1 want=$2
  shift 2
  mkdir -p "$tmp/$name.dir"
  PPROF_TMPDIR="$tmp/$name.dir" "$T" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
  local got=$?
  if [ "$got" != "$want" ]; then
    bad "$name: exit $got, want $want"
    sed 's/^/    /' "$tmp/$name.err" | head -5
    return 1
  fi
  ok
}
# line NAME FILE TEXT: FILE has the exact line TEXT
line() {
  grep -Fxq -- "$3" "$2" && ok || { bad "$1: no line '$3' in $(basename "$2")"; sed 's/^/    /' "$2" | head -8; }
}
# linere NAME FILE ERE: FILE has a line matching ERE (whole line)
linere() {
  grep -Exq -- "$3" "$2" && ok || { bad "$1: no line matching '$3' in $(basename "$2")"; sed 's/^/    /' "$2" | head -8; }
}
BOMB_RE=': [0-9]+ bytes of gzip data inflate to [0-9]+, more than 100:1: refusing \(decompression bomb\?\)'
# same NAME A B: identical files
same() {
  cmp -s "$2" "$3" && ok || { bad "$1: $(basename "$2") and $(basename "$3") differ"; diff "$2" "$3" | head -6; }
}
# files NAME DIR WANT: the names of the files in DIR, space-separated
files() {
  local got
  got=$(cd "$2" && ls -A | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$3" ] && ok || bad "$1: files in the save directory: '$got', want '$3'"
}

# reports of the files themselves, to compare with
for f in heap cpu_labels goroutine leak.0 leak.1; do
  "$T" -top "$P/$f.pb.gz" >"$tmp/$f.top" 2>/dev/null
done

start_server plain
U=http://127.0.0.1:$PORT
HEAPNAME=pprof.heap.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz

# a timeout takes timeout + 5 s (as pprof): run it in the background meanwhile
(
  s=$(date +%s)
  PPROF_TMPDIR="$tmp/timeout.dir" "$T" -top -timeout=1 "$U/slow" >"$tmp/timeout.out" 2>"$tmp/timeout.err" </dev/null
  echo "$? $(($(date +%s) - s))" >"$tmp/timeout.status"
) &
mkdir -p "$tmp/timeout.dir"

# fetch = file: same report, pprof's messages, saved under pprof's name, loads again
run heap 0 -top "$U/debug/pprof/heap" && {
  same heap "$tmp/heap.out" "$tmp/heap.top"
  line heap "$tmp/heap.err" "Fetching profile over HTTP from $U/debug/pprof/heap"
  line heap "$tmp/heap.err" "Saved profile in $tmp/heap.dir/$HEAPNAME"
  [ "$(wc -l <"$tmp/heap.err")" = 2 ] && ok || bad "heap: more than two lines on stderr"
  files heap "$tmp/heap.dir" "$HEAPNAME"
  same heap-saved-bytes "$tmp/heap.dir/$HEAPNAME" "$P/heap.pb.gz"
  "$T" -top "$tmp/heap.dir/$HEAPNAME" >"$tmp/heap.again" 2>/dev/null
  same heap-saved-loads "$tmp/heap.again" "$tmp/heap.top"
}
# a second fetch to the same directory takes the next number
PPROF_TMPDIR="$tmp/heap.dir" "$T" -top "127.0.0.1:$PORT/debug/pprof/heap" >/dev/null 2>"$tmp/heap2.err"
line heap-002 "$tmp/heap2.err" "Saved profile in $tmp/heap.dir/${HEAPNAME%.001.pb.gz}.002.pb.gz"

# host:port alone is the CPU profile; -seconds goes into the query, as pprof passes it
run hostport 0 -top "127.0.0.1:$PORT" && {
  same hostport "$tmp/hostport.out" "$tmp/cpu_labels.top"
  line hostport "$tmp/hostport.err" "Fetching profile over HTTP from $U/debug/pprof/profile"
  files hostport "$tmp/hostport.dir" "pprof.cpulabels.samples.cpu.001.pb.gz"
}
run seconds 0 -top -seconds=3 "127.0.0.1:$PORT/debug/pprof/profile?b=x+y&a=%2F" && {
  line seconds "$tmp/seconds.err" "Fetching profile over HTTP from $U/debug/pprof/profile?a=%2F&b=x+y&seconds=3"
  line seconds "$tmp/seconds.err" "Please wait... (3s)"
  line seconds "$tmp/plain.log" "GET /debug/pprof/profile?a=%2F&b=x+y&seconds=3"
}
run seconds-long 0 -top -seconds=90 "localhost:$PORT" &&
  line seconds-long "$tmp/seconds-long.err" "Please wait... (1m30s)"
line hostport-log "$tmp/plain.log" "GET /debug/pprof/profile"

# redirects are followed
run redirect 0 -top "$U/redirect" && same redirect "$tmp/redirect.out" "$tmp/heap.top"

# files and URLs mix and merge; a URL as base
"$T" -top "$P/heap.pb.gz" "$P/heap.pb.gz" >"$tmp/twice.top" 2>/dev/null
run mixed 0 -top "$P/heap.pb.gz" "$U/debug/pprof/heap" && same mixed "$tmp/mixed.out" "$tmp/twice.top"
"$T" -top -diff_base="$P/leak.0.pb.gz" "$P/leak.1.pb.gz" >"$tmp/diff.top" 2>/dev/null
run url-base 0 -top -diff_base="$U/file/leak.0.pb.gz" "$U/file/leak.1.pb.gz" && {
  same url-base "$tmp/url-base.out" "$tmp/diff.top"
  files url-base "$tmp/url-base.dir" "pprof.leak.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz pprof.leak.alloc_objects.alloc_space.inuse_objects.inuse_space.002.pb.gz"
}
# one source of two fails: reported, the other used (as pprof)
run partial 0 -top "$U/debug/pprof/heap" "$U/notfound" && {
  same partial "$tmp/partial.out" "$tmp/heap.top"
  line partial "$tmp/partial.err" "tprof: $U/notfound: server response: 404 Not Found - 404 page not found"
  line partial "$tmp/partial.err" "Fetched 1 source profiles out of 2"
}

# HTTP errors: the URL, the status, the server's text; nothing saved
run notfound 1 -top "$U/notfound" && {
  line notfound "$tmp/notfound.err" "tprof: $U/notfound: server response: 404 Not Found - 404 page not found"
  files notfound "$tmp/notfound.dir" ""
}
run unknown-profile 1 -top "$U/debug/pprof/nosuch" &&
  line unknown-profile "$tmp/unknown-profile.err" "tprof: $U/debug/pprof/nosuch: server response: 404 Not Found - Unknown profile"
run pprof500 1 -top "$U/pprof500" && {
  line pprof500 "$tmp/pprof500.err" \
    "tprof: $U/pprof500: server response: 500 Internal Server Error - Could not enable CPU profiling: cpu profiling already in use"
  files pprof500 "$tmp/pprof500.dir" ""
}
run plain500 1 -top "$U/plain500" &&
  line plain500 "$tmp/plain500.err" "tprof: $U/plain500: server response: 500 Internal Server Error - database is on fire"
run html502 1 -top "$U/html502" && line html502 "$tmp/html502.err" "tprof: $U/html502: server response: 502 Bad Gateway"

# connection refused: a port nobody listens on
CLOSED=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run refused 1 -top "127.0.0.1:$CLOSED" && {
  line refused "$tmp/refused.err" "tprof: http://127.0.0.1:$CLOSED/debug/pprof/profile: cannot connect: connection refused"
  files refused "$tmp/refused.dir" ""
}

# a body that is not a profile: the decoder's error named by the URL; the body kept
run text 1 -top "$U/text" && {
  line text "$tmp/text.err" "Saved the response, which is not a profile, in $tmp/text.dir/pprof.unparsed.001"
  grep -Eq "^tprof: $U/text: not a profile: " "$tmp/text.err" && ok || bad "text: $(tail -1 "$tmp/text.err")"
  files text "$tmp/text.dir" "pprof.unparsed.001"
  printf 'hello, this is not a profile\n' | cmp -s - "$tmp/text.dir/pprof.unparsed.001" && ok || bad "text: saved body differs"
}
# a gzip bomb (256 MiB of zeros in 260 kB) fails fast, in little memory
s=$(date +%s)
mkdir -p "$tmp/bomb.dir"
read -r st rss < <(PPROF_TMPDIR="$tmp/bomb.dir" rss_kb /dev/null "$tmp/bomb.err" "$T" -top "$U/bomb")
[ "$st" = 1 ] && ok || bad "bomb: exit status $st, want 1"
[ "$rss" -lt 256000 ] && ok || bad "bomb: peak RSS ${rss} kB, want under 256 MB"
linere bomb "$tmp/bomb.err" "tprof: $U/bomb$BOMB_RE"
[ $(($(date +%s) - s)) -le 5 ] && ok || bad "bomb: took more than 5 s"
# the same bomb as Content-Encoding: gzip is not decoded by libcurl: the
# gzip stream is kept as it came (260 kB, under a name that is not a
# profile's) and tprof's own inflater refuses it, in little memory
mkdir -p "$tmp/cebomb.dir"
read -r st rss < <(PPROF_TMPDIR="$tmp/cebomb.dir" rss_kb "$tmp/cebomb.out" "$tmp/cebomb.err" "$T" -top "$U/cebomb")
[ "$st" = 1 ] && ok || bad "cebomb: exit status $st, want 1"
[ "$rss" -lt 256000 ] && ok || bad "cebomb: peak RSS ${rss} kB, want under 256 MB"
linere cebomb "$tmp/cebomb.err" "tprof: $U/cebomb$BOMB_RE"
files cebomb "$tmp/cebomb.dir" "pprof.unparsed.001"
[ "$(stat -c %s "$tmp/cebomb.dir/pprof.unparsed.001")" -lt 1000000 ] && ok || bad "cebomb: the kept body was decoded"
# Content-Encoding: gzip over a raw profile, over a .pb.gz; a raw profile without
# it: the same report, and the saved .pb.gz is gzip that loads again
for ce in ceraw cegz raw; do
  run $ce 0 -top "$U/$ce" && {
    same $ce "$tmp/$ce.out" "$tmp/heap.top"
    files $ce "$tmp/$ce.dir" "$HEAPNAME"
    [ "$(head -c2 "$tmp/$ce.dir/$HEAPNAME" | od -An -tx1 | tr -d ' ')" = 1f8b ] && ok || bad "$ce: saved file is not gzip"
    "$T" -top "$tmp/$ce.dir/$HEAPNAME" >"$tmp/$ce.again" 2>/dev/null
    same $ce-loads "$tmp/$ce.again" "$tmp/heap.top"
  }
done
# a URL without a query (qsort of no pairs: UBSan), a -seconds whose
# nanoseconds overflow: Go's product wraps to -1 s, so no wait and no
# seconds= (as pprof), never "Please wait... (-808ms)"
run noquery 0 -top "$U/file/heap.pb.gz" && same noquery "$tmp/noquery.out" "$tmp/heap.top"
run seconds-huge 0 -top -seconds=9223372036854775807 "$U/file/heap.pb.gz" && {
  same seconds-huge "$tmp/seconds-huge.out" "$tmp/heap.top"
  line seconds-huge "$tmp/seconds-huge.err" "Fetching profile over HTTP from $U/file/heap.pb.gz"
  grep -q "Please wait" "$tmp/seconds-huge.err" && bad "seconds-huge: said Please wait" || ok
}
run seconds-wrap 0 -top -seconds=9223372037 "$U/file/heap.pb.gz" &&
  line seconds-wrap "$tmp/seconds-wrap.err" "Fetching profile over HTTP from $U/file/heap.pb.gz"

# a body over the limit is cut off and not kept
TPROF_FETCH_LIMIT=1M run big 1 -top "$U/big" && {
  line big "$tmp/big.err" "tprof: $U/big: the response is larger than the limit of 1048576 bytes (TPROF_FETCH_LIMIT)"
  files big "$tmp/big.dir" ""
}
# a save directory that cannot be written (/proc: even root cannot), or that fills up
# during the fetch (a 1 KiB file size limit, SIGXFSZ ignored: EFBIG): the profile is
# still shown, from memory, with pprof's warning, and nothing half-written is left
PPROF_TMPDIR=/proc "$T" -top "$U/debug/pprof/heap" >"$tmp/rodir.out" 2>"$tmp/rodir.err" </dev/null
st=$?
[ $st = 0 ] && ok || bad "rodir: exit $st, want 0"
same rodir "$tmp/rodir.out" "$tmp/heap.top"
linere rodir "$tmp/rodir.err" 'Could not save profile: open /proc/pprof\.unparsed\.001: .* \(the response is kept in memory\)'
mkdir -p "$tmp/full.dir"
(trap '' XFSZ; ulimit -f 1; PPROF_TMPDIR="$tmp/full.dir" exec "$T" -top "$U/debug/pprof/heap") >"$tmp/full.out" 2>"$tmp/full.err" </dev/null
st=$?
[ $st = 0 ] && ok || bad "full: exit $st, want 0"
same full "$tmp/full.out" "$tmp/heap.top"
line full "$tmp/full.err" "Could not save profile: write $tmp/full.dir/pprof.unparsed.001: file too large (the response is kept in memory)"
files full "$tmp/full.dir" ""
# without PPROF_TMPDIR: $HOME/pprof
mkdir -p "$tmp/home"
HOME=$tmp/home PPROF_TMPDIR= "$T" -top "$U/debug/pprof/heap" >/dev/null 2>"$tmp/home.err"
line home "$tmp/home.err" "Saved profile in $tmp/home/pprof/$HEAPNAME"
# file:// and names with a colon are files, as in pprof
run file-url 1 -top "file://$P/heap.pb.gz" &&
  line file-url "$tmp/file-url.err" "tprof: file://$P/heap.pb.gz: no such file or directory"

# refetch and growth in the REPL: /seq serves leak.0, leak.1, ... in turn
printf 'top\nrefetch\ngrowth\ngrowth top3 -cum\ngrowth growth\nrefetch now\n' |
  PPROF_TMPDIR="$tmp/repl.dir" "$T" "$U/seq" >"$tmp/repl.out" 2>"$tmp/repl.err"
"$T" -top -nodecount=10 -diff_base="$P/leak.0.pb.gz" "$P/leak.1.pb.gz" 2>/dev/null | sed -n '/^Showing nodes/,$p' >"$tmp/growth.want"
"$T" -top -nodecount=3 -cum -diff_base="$P/leak.0.pb.gz" "$P/leak.1.pb.gz" 2>/dev/null | sed -n '/^Showing nodes/,$p' >>"$tmp/growth.want"
"$T" -top -nodecount=10 "$P/leak.0.pb.gz" 2>/dev/null | sed -n '/^Showing nodes/,$p' >"$tmp/repl.want"
cat "$tmp/growth.want" >>"$tmp/repl.want"
sed -E 's/^(\(pprof\) ?)+//' "$tmp/repl.out" | grep -v '^$' >"$tmp/repl.got"
grep -v '^$' "$tmp/repl.want" >"$tmp/repl.want2"
same repl-growth "$tmp/repl.got" "$tmp/repl.want2"
LEAK=pprof.leak.alloc_objects.alloc_space.inuse_objects.inuse_space
line repl-refetch "$tmp/repl.err" "Saved profile in $tmp/repl.dir/$LEAK.002.pb.gz"
line repl-refetch "$tmp/repl.err" 'The previous profile is kept: "growth" reports what changed since.'
line repl-nested "$tmp/repl.err" "growth is not a report"
line repl-args "$tmp/repl.err" "refetch takes no arguments"
printf 'growth\n' | "$T" "$P/heap.pb.gz" >/dev/null 2>"$tmp/nogrowth.err"
line repl-no-previous "$tmp/nogrowth.err" "growth: there is no previous profile yet: run refetch first"
printf 'help\n' | "$T" "$P/heap.pb.gz" 2>&1 | grep -q 'refetch\|growth' && bad "help: lists tprof's extensions" || ok
run refetch-flag 2 -refetch "$P/heap.pb.gz" &&
  line refetch-flag "$tmp/refetch-flag.err" "tprof: flag provided but not defined: -refetch"

# TLS: https+insecure://, -tls_ca, client certificates
if command -v openssl >/dev/null 2>&1; then
  cert() { # NAME: a self-signed certificate for 127.0.0.1
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/$1.key" -out "$tmp/$1.pem" >/dev/null 2>&1
  }
  if cert server && cert client; then
    start_server tls "$tmp/server.pem" "$tmp/server.key"
    S=127.0.0.1:$PORT
    run insecure 0 -top "https+insecure://$S/debug/pprof/heap" && {
      same insecure "$tmp/insecure.out" "$tmp/heap.top"
      line insecure "$tmp/insecure.err" "Fetching profile over HTTP from https+insecure://$S/debug/pprof/heap"
    }
    run untrusted 1 -top "https://$S/debug/pprof/heap" &&
      grep -q "^tprof: https://$S/debug/pprof/heap: TLS: SSL certificate problem: self.signed certificate" \
        "$tmp/untrusted.err" && ok || bad "untrusted: $(tail -1 "$tmp/untrusted.err")"
    run tls-ca 0 -top -tls_ca="$tmp/server.pem" "https://$S/debug/pprof/heap" &&
      same tls-ca "$tmp/tls-ca.out" "$tmp/heap.top"
    run tls-key-alone 1 -top -tls_key="$tmp/client.key" "https+insecure://$S/debug/pprof/heap" &&
      line tls-key-alone "$tmp/tls-key-alone.err" \
        "tprof: https+insecure://$S/debug/pprof/heap: -tls_key is specified, so -tls_cert must also be specified"
    run tls-ca-missing 1 -top -tls_ca="$tmp/nosuch.pem" "https://$S/debug/pprof/heap" &&
      line tls-ca-missing "$tmp/tls-ca-missing.err" \
        "tprof: https://$S/debug/pprof/heap: could not load CA specified by -tls_ca: $tmp/nosuch.pem: no such file or directory"
    start_server mtls "$tmp/server.pem" "$tmp/server.key" "$tmp/client.pem"
    M=127.0.0.1:$PORT
    run client-cert 0 -top -tls_ca="$tmp/server.pem" -tls_cert="$tmp/client.pem" -tls_key="$tmp/client.key" \
      "https://$M/debug/pprof/heap" && same client-cert "$tmp/client-cert.out" "$tmp/heap.top"
    run no-client-cert 1 -top -tls_ca="$tmp/server.pem" "https://$M/debug/pprof/heap" &&
      grep -q "^tprof: https://$M/debug/pprof/heap: " "$tmp/no-client-cert.err" && ok ||
      bad "no-client-cert: $(tail -1 "$tmp/no-client-cert.err")"
  else
    echo "http: openssl could not make certificates: TLS cases skipped"
  fi
else
  echo "http: openssl not installed: TLS cases skipped"
fi

# the timeout started at the beginning
for _ in $(seq 150); do
  [ -s "$tmp/timeout.status" ] && break
  sleep 0.1
done
read -r st secs <"$tmp/timeout.status" 2>/dev/null || st=none
if [ "$st" = 1 ]; then
  ok
  line timeout "$tmp/timeout.err" "tprof: $U/slow: timed out: no response after 6s"
  [ "$secs" -ge 5 ] && [ "$secs" -le 9 ] && ok || bad "timeout: gave up after ${secs}s, want 6s"
  files timeout "$tmp/timeout.dir" ""
else
  bad "timeout: status $st, want 1"
  sed 's/^/    /' "$tmp/timeout.err" | head -5
fi

echo "http: $pass passed, $fail failed"
live=0
"$HERE/live.sh" "$T" || live=1
[ $fail = 0 ] && [ $live = 0 ]
