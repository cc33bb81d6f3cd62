# fuzz.mk: the sanitizer builds (included by the Makefile).
#
#   make asan       ./tprof-asan: tprof under AddressSanitizer + UndefinedBehaviorSanitizer,
#                   objects in build-asan/ so it never mixes with the normal build
#   make fuzz       libFuzzer harnesses (clang) in build/fuzz/: fuzz_decode, fuzz_session, fuzz_regex
#   make fuzz-run   run each harness for FUZZ_TIME seconds from fuzz/corpus/<harness>/, new inputs
#                   into build/fuzz/corpus/<harness>/, crashes into fuzz/crashes/
#   make fuzz-merge fold what the runs found, minimised (-set_cover_merge=1), back into fuzz/corpus/
#
# UBSan stops at the first report (-fno-sanitize-recover), so a sanitizer
# finding is always a failed run, whatever ASAN_OPTIONS/UBSAN_OPTIONS say.
# float-cast-overflow is named because GCC leaves it out of "undefined".

ASAN_BUILD  := build-asan
# clang when there is one: its UBSan also checks pointer arithmetic (NULL + 0)
ASAN_CC     ?= $(shell command -v clang >/dev/null 2>&1 && echo clang || echo $(CC))
SAN_FLAGS   := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -g -O1
ASAN_OBJ    := $(patsubst $(BUILD)/%,$(ASAN_BUILD)/%,$(CORE_OBJ) $(APP_OBJ))

.PHONY: asan fuzz fuzz-run fuzz-merge
asan: tprof-asan

$(ASAN_OBJ): | $(BUILD)/gen/profile.pb-c.h

$(ASAN_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 $(WARN) -MMD -MP $(SAN_FLAGS) -c -o $@ $<

$(ASAN_BUILD)/gen/profile.pb-c.o: $(BUILD)/gen/profile.pb-c.c
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 $(SAN_FLAGS) -c -o $@ $<

tprof-asan: $(ASAN_OBJ)
	$(ASAN_CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(ASAN_OBJ) $(LDLIBS)

# ---- libFuzzer ----
FUZZ_CC     ?= clang
FUZZ_BUILD  := $(BUILD)/fuzz
FUZZ_FLAGS  := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -g -O1
FUZZ_SRC    := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN    := $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_OBJ    := $(patsubst $(BUILD)/%,$(FUZZ_BUILD)/obj/%,$(CORE_OBJ))
FUZZ_TIME   ?= 600
FUZZ_RSS    ?= 2048

fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

$(FUZZ_OBJ): | $(BUILD)/gen/profile.pb-c.h

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 $(WARN) -MMD -MP $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	  -c -o $@ $<

$(FUZZ_BUILD)/obj/gen/profile.pb-c.o: $(BUILD)/gen/profile.pb-c.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/%: fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -DFUZZ_TESTDATA='"$(CURDIR)/testdata"' $(PKG_CFLAGS) -std=c11 $(WARN) $(FUZZ_FLAGS) \
	  -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_OBJ) $(CORE_LIBS)

# Each harness in turn for FUZZ_TIME seconds (in build/fuzz/run/, where a REPL line may write files).
fuzz-run: fuzz
	@set -e; for b in $(FUZZ_BIN); do h=$$(basename $$b); \
	  mkdir -p fuzz/corpus/$$h fuzz/crashes $(FUZZ_BUILD)/corpus/$$h $(FUZZ_BUILD)/run; \
	  echo "fuzz: $$h for $(FUZZ_TIME)s"; \
	  (cd $(FUZZ_BUILD)/run && $(CURDIR)/$$b -max_total_time=$(FUZZ_TIME) -rss_limit_mb=$(FUZZ_RSS) -timeout=20 \
	    -print_final_stats=1 -artifact_prefix=$(CURDIR)/fuzz/crashes/$$h- \
	    $(CURDIR)/$(FUZZ_BUILD)/corpus/$$h $(CURDIR)/fuzz/corpus/$$h); done

fuzz-merge: fuzz
	@set -e; for b in $(FUZZ_BIN); do h=$$(basename $$b); rm -rf fuzz/corpus/$$h.new; mkdir -p fuzz/corpus/$$h.new; \
	  $$b -set_cover_merge=1 -rss_limit_mb=$(FUZZ_RSS) fuzz/corpus/$$h.new fuzz/corpus/$$h $(FUZZ_BUILD)/corpus/$$h 2>&1 | tail -1; \
	  rm -rf fuzz/corpus/$$h && mv fuzz/corpus/$$h.new fuzz/corpus/$$h; done

-include $(ASAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
