#!/bin/sh
# deps.sh: install the Debian packages tprof needs that this machine lacks.
# Only what is missing is installed: each library is looked up with
# pkg-config, each tool on PATH. Run by `make run`, `make test` and `make deps`.
#
#   scripts/deps.sh          build + test dependencies
#   scripts/deps.sh bench    also what `make bench` compares against (go, time)
#   scripts/deps.sh fuzz     also clang for libFuzzer
set -eu

missing=""
need_pkg() { # pkg-config name, Debian package
  pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"
}
need_cmd() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need_file() { # path, Debian package
  [ -e "$1" ] || missing="$missing $2"
}

need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
  need_pkg ncursesw libncurses-dev
  need_pkg libprotobuf-c libprotobuf-c-dev
  need_pkg zlib zlib1g-dev
  need_pkg libisal libisal-dev
  need_pkg libpcre2-8 libpcre2-dev
  need_pkg libcurl libcurl4-openssl-dev
  need_pkg libgvc libgraphviz-dev
  need_pkg readline libreadline-dev
  need_pkg cmocka libcmocka-dev
else
  missing="$missing libncurses-dev libprotobuf-c-dev zlib1g-dev libisal-dev libpcre2-dev libcurl4-openssl-dev libreadline-dev libcmocka-dev"
fi
need_cmd protoc-c protobuf-c-compiler
# libiberty (the C++ demangler) has no pkg-config file
need_file /usr/include/libiberty/demangle.h libiberty-dev
need_cmd dot graphviz
# binutils: addr2line names non-Go code in local binaries (symbolizer.c); objdump disassembles
# for disasm/weblist when go is not on PATH (report_disasm.c)
need_cmd addr2line binutils
need_cmd objdump binutils
need_cmd tmux tmux
need_cmd zsh zsh
need_cmd python3 python3
need_cmd gzip gzip
# what `make test` runs besides tprof: go for the golden oracle and the live
# net/http/pprof server (tests/http/live.sh), openssl for the TLS cases,
# bc and GNU time for the gzip-bomb limits (tests/hostile)
need_cmd go golang-go
need_cmd openssl openssl
need_cmd bc bc
need_file /usr/bin/time time
for extra in "$@"; do
  case "$extra" in
    bench) ;; # go and GNU time: already needed by the tests
    fuzz) need_cmd clang clang; need_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev ;;
  esac
done

if [ -z "$missing" ]; then
  exit 0
fi
# shellcheck disable=SC2086
set -- $missing
echo "deps: installing$missing" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: apt-get not found; please install:$missing" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "deps: not root and no sudo; please install:$missing" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || $SUDO apt-get update
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null || $SUDO apt-get install -y --no-install-recommends "$@"
