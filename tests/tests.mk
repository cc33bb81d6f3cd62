# tests.mk: `make test` and its parts (included by the Makefile).
#
#   make test       install what is missing, build, run everything below (tests/all.sh:
#                   every part to its end, then one line "N passed, M failed" over all)
#   make unit       cmocka unit tests of the core (tests/unit/test_*.c)
#   make static-data no writable static data in libtprofcore.a but the allowed (tests/unit/static-data.sh)
#   make golden     tests/golden/run.sh: byte-for-byte against recorded go tool pprof output
#   make golden-asan the same cases through ./tprof-asan: any ASan/UBSan/LSan report fails
#   make corpus     the shared corpus (../shared/corpus), when present
#   make suites     every other tests/<area>/run.sh (CLI errors, REPL, tmux UI, HTTP, hostile input)
#   make http-asan  tests/http through ./tprof-asan (part of suites)
#
# A test area is a directory with a run.sh taking the tprof binary's path;
# it prints what it checks and exits non-zero on failure.

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SUITES    := $(filter-out tests/golden/run.sh,$(sort $(wildcard tests/*/run.sh)))
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)
SHARED_CORPUS ?= ../shared/corpus

.PHONY: test test-all unit static-data golden golden-asan corpus suites http-asan

test:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory -j$(shell nproc 2>/dev/null || echo 2) tprof tprof-asan $(UNIT_BIN)
	@$(MAKE) --no-print-directory test-all

# Every part runs to its end even when an earlier one failed; tests/all.sh
# closes with "N passed, M failed" over all of them and fails if M > 0.
test-all: tprof tprof-asan $(UNIT_BIN)
	@MAKE="$(MAKE)" tests/all.sh

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(PKG_CFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -o $@ $< $(CORE_LIB) \
	  $(CORE_LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_BIN)
	@st=0; for t in $(UNIT_BIN); do echo "unit: $$t"; TPROF_TESTDATA=$(CURDIR)/testdata TZ=UTC $$t || st=1; done; exit $$st

static-data: $(CORE_LIB)
	@tests/unit/static-data.sh $(CURDIR)/$(CORE_LIB)

golden: tprof
	@tests/golden/run.sh $(CURDIR)/tprof

# Sanitizer reports go to files (a leak report does not change the output, and
# golden cases compare output only): the run fails if any was written.
SAN_LOGS := $(BUILD)/asan-logs
golden-asan: tprof-asan
	@rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS)
	@echo "golden: through ./tprof-asan"
	@ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:log_path=$(CURDIR)/$(SAN_LOGS)/asan \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/$(SAN_LOGS)/ubsan \
	  tests/golden/run.sh $(CURDIR)/tprof-asan; st=$$?; \
	if [ -n "$$(ls $(SAN_LOGS))" ]; then echo "golden-asan: sanitizer reports:"; head -30 $(SAN_LOGS)/*; exit 1; fi; \
	exit $$st

corpus: tprof
	@if [ -d "$(SHARED_CORPUS)" ] && [ -x "$(SHARED_CORPUS)/../tools/pprof-compat" ]; then \
	  echo "corpus: $(SHARED_CORPUS)"; \
	  $(SHARED_CORPUS)/../tools/pprof-compat $(SHARED_CORPUS) $(CURDIR)/tprof; \
	else echo "corpus: $(SHARED_CORPUS) not present, skipped"; fi

suites: tprof tprof-asan
	@MAKE="$(MAKE)" tests/all.sh $(SUITES) http-asan

# tests/http again through ./tprof-asan: URLs, hostile responses, TLS
http-asan: tprof-asan
	@rm -rf $(SAN_LOGS)-http && mkdir -p $(SAN_LOGS)-http
	@echo "suite: tests/http/run.sh through ./tprof-asan"
	@ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:log_path=$(CURDIR)/$(SAN_LOGS)-http/asan \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/$(SAN_LOGS)-http/ubsan \
	  tests/http/run.sh $(CURDIR)/tprof-asan; st=$$?; \
	if [ -n "$$(ls $(SAN_LOGS)-http)" ]; then echo "http-asan: sanitizer reports:"; head -30 $(SAN_LOGS)-http/*; exit 1; fi; \
	exit $$st
