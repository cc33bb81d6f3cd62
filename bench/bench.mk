# bench.mk: `make bench` (included by the Makefile). Speed and memory
# targets live here, never in timed tests.
BENCH_DATA ?= bench/data

$(BUILD)/bench/replbench: bench/replbench.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

.PHONY: bench
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory tprof $(BUILD)/bench/replbench
	@BENCH_DATA=$(BENCH_DATA) bench/run.sh $(CURDIR)/tprof $(CURDIR)/$(BUILD)/bench/replbench
