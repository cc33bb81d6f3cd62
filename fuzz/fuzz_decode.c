/*
 * fuzz_decode.c: libFuzzer harness for the profile decoder and what runs
 * on every profile after it: arbitrary bytes go through profile_parse (raw
 * or gzip, both paths of the window), and whatever decodes is merged (as
 * source_load does), pruned by its own drop_frames, and put through a few
 * reports whose text is discarded. Any sanitizer report is a finding.
 * Text and binary-CPU inputs reach the legacy parsers (legacy.c) the same
 * way; fuzz/corpus/fuzz_decode has seeds of each legacy format.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tprof/print.h"
#include "tprof/env.h"
#include "tprof/profile.h"
#include "tprof/report.h"
#include "tprof/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_report(const profile *p, const char *name, const char *arg, const config *cfg) {
  strbuf msgs = STRBUF_INIT, out = STRBUF_INIT;
  char *err = NULL;
  report *r = report_run(p, command_find(name), arg, cfg, &msgs, &err);
  if (r) {
    print_report(r, &out);
    report_free(r);
  }
  free(err);
  sb_free(&msgs), sb_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* A small input may inflate a lot: keep each run's memory modest. */
  const core_env env = {.inflate_limit = 64u << 20};
  char *err = NULL;
  profile *p = profile_parse_env(data, size, "fuzz.pb", &env, &err);
  if (!p) {
    free(err);
    return 0;
  }
  profile *one[1] = {p};
  p = profile_merge(one, 1, &err);
  if (!p) {
    free(err);
    return 0;
  }
  if (!profile_prune(p, p->drop_frames, p->keep_frames, &err)) {
    free(err);
    profile_free(p);
    return 0;
  }
  config cfg;
  config_init(&cfg);
  run_report(p, "top", NULL, &cfg);
  run_report(p, "traces", NULL, &cfg);
  run_report(p, "raw", NULL, &cfg);
  run_report(p, "tags", NULL, &cfg);
  run_report(p, "peek", ".", &cfg);
  run_report(p, "dot", NULL, &cfg);
  free(cfg.granularity);
  cfg.granularity = xstrdup("lines");
  cfg.call_tree = true;
  run_report(p, "callgrind", NULL, &cfg);
  run_report(p, "proto", NULL, &cfg);
  config_free(&cfg);
  profile_free(p);
  return 0;
}
