# tprof: a terminal UI explorer for pprof profiles.
# Hand-written GNU Makefile; dependencies through pkg-config (see scripts/deps.sh).
#
#   make            build ./tprof
#   make run        install missing packages, build, open tprof on the bundled sample
#   make test       install missing packages, build, run every test
#   make bench      speed and memory against go tool pprof and zcat
#   make asan       ./tprof-asan with AddressSanitizer + UBSan
#   make fuzz       libFuzzer harnesses (clang) in build/fuzz/
#   make install    PREFIX=/usr/local: the binary, the man page, bash/zsh/fish completions
#   make uninstall  the same PREFIX: removes them

CC       ?= cc
PREFIX   ?= /usr/local
BUILD    := build
PKGS     := ncursesw libprotobuf-c zlib libisal libpcre2-8 libcurl libgvc
VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
            -Wformat=2 -Wno-format-nonliteral -Wundef -Wvla
ifneq ($(CI),)
WARN     += -Werror
endif
OPT      ?= -O2 -g
CPPFLAGS += -Iinclude -I$(BUILD)/gen -D_GNU_SOURCE -DTPROF_VERSION='"$(VERSION)"'
CFLAGS   += -std=c11 $(OPT) $(WARN) -MMD -MP
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl is compiled against but not linked: src/core/curl_lazy.c dlopen()s
# it, by the SONAME of the library pkg-config names, on the first fetch
# (doc/design.md: linking it costs every run 24 ms of start-up).
PKG_LIBS   := $(shell pkg-config --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null)
LIBCURL_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libcurl 2>/dev/null)/libcurl.so" 2>/dev/null | awk '/SONAME/ {print $$2}')
CPPFLAGS += -DTPROF_LIBCURL='"$(or $(LIBCURL_SONAME),libcurl.so.4)"'
# libiberty (C++ demangling, src/core/symbolize.c) ships no pkg-config file:
# the check-libiberty rule below says what is missing instead of a compile error.
IBERTY_LIBS := -liberty
CORE_LIBS  := $(shell pkg-config --libs libprotobuf-c zlib libisal libpcre2-8 2>/dev/null) $(IBERTY_LIBS) -lm -lpthread
LDLIBS     += $(PKG_LIBS) -lreadline $(IBERTY_LIBS) -lm -lpthread

CORE_SRC := $(wildcard src/core/*.c)
APP_SRC  := src/main.c $(wildcard src/repl/*.c) $(wildcard src/tui/*.c)
GEN_SRC  := $(BUILD)/gen/profile.pb-c.c
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/profile.pb-c.o
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o)
CORE_LIB := $(BUILD)/libtprofcore.a

.PHONY: check-libiberty all run test unit golden corpus tui-test bench asan fuzz install uninstall completions clean deps check-deps
all: tprof

deps:
	@scripts/deps.sh

$(BUILD)/gen/profile.pb-c.c $(BUILD)/gen/profile.pb-c.h: proto/profile.proto
	@mkdir -p $(BUILD)/gen
	protoc-c --c_out=$(BUILD)/gen --proto_path=proto proto/profile.proto

# Every object may include the generated header.
$(CORE_OBJ) $(APP_OBJ): | $(BUILD)/gen/profile.pb-c.h

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/src/core/symbolize.o: | check-libiberty
check-libiberty:
	@printf '#include <libiberty/demangle.h>\nint main(void) { free(cplus_demangle("_Z1fv", 0)); return 0; }\n' | \
	  $(CC) -include stdlib.h -x c -o /dev/null - $(IBERTY_LIBS) 2>/dev/null || \
	  { echo "libiberty not found (<libiberty/demangle.h>, -liberty): install libiberty-dev (scripts/deps.sh)" >&2; exit 1; }

$(BUILD)/gen/profile.pb-c.o: $(BUILD)/gen/profile.pb-c.c
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 $(OPT) -c -o $@ $<

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

tprof: $(APP_OBJ) $(CORE_LIB)
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(CORE_LIB) $(LDLIBS)

# The bundled sample: a CPU profile of a small interpreter, with its sources.
SAMPLE_FLAGS := -trim_path=tprof/testdata/gen -source_path=testdata/src
run: deps
	@$(MAKE) --no-print-directory tprof
	./tprof $(SAMPLE_FLAGS) testdata/sample.pb.gz

-include $(wildcard tests/tests.mk)
-include $(wildcard bench/bench.mk)
-include $(wildcard fuzz/fuzz.mk)

# Shell completion scripts, generated from the flag table by the binary.
COMPLETIONS := $(BUILD)/completion/tprof.bash $(BUILD)/completion/_tprof $(BUILD)/completion/tprof.fish
completions: $(COMPLETIONS)
$(BUILD)/completion/tprof.bash: tprof
	@mkdir -p $(dir $@)
	./tprof -completion=bash >$@
$(BUILD)/completion/_tprof: tprof
	@mkdir -p $(dir $@)
	./tprof -completion=zsh >$@
$(BUILD)/completion/tprof.fish: tprof
	@mkdir -p $(dir $@)
	./tprof -completion=fish >$@

BASH_COMPL := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSH_COMPL  := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISH_COMPL := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

install: tprof $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(BASH_COMPL) $(ZSH_COMPL) $(FISH_COMPL)
	install -m 755 tprof $(DESTDIR)$(PREFIX)/bin/tprof
	install -m 644 doc/tprof.1 $(DESTDIR)$(PREFIX)/share/man/man1/tprof.1
	install -m 644 $(BUILD)/completion/tprof.bash $(BASH_COMPL)/tprof
	install -m 644 $(BUILD)/completion/_tprof $(ZSH_COMPL)/_tprof
	install -m 644 $(BUILD)/completion/tprof.fish $(FISH_COMPL)/tprof.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tprof $(DESTDIR)$(PREFIX)/share/man/man1/tprof.1 $(BASH_COMPL)/tprof \
	  $(ZSH_COMPL)/_tprof $(FISH_COMPL)/tprof.fish

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) tprof tprof-asan

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d)
