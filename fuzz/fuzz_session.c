/*
 * fuzz_session.c: libFuzzer harness for pprof's command language. The
 * first byte picks one of the bundled profiles; the rest is split into
 * lines, each run with session_exec as if typed at the REPL prompt, with
 * every output discarded. This reaches the command parser, option values
 * (nodecount=-5, divide_by=NaN, unit=...), focus/ignore/show/hide regexes,
 * tag filters, granularities and every text report.
 *
 * Lines that would leave the process or touch the file system are skipped:
 * visualizers and image formats (they run dot or a viewer, or write temp
 * files), `>file` redirections and the output option.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/env.h"
#include "tprof/session.h"

#ifndef FUZZ_TESTDATA
#define FUZZ_TESTDATA "testdata"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const profiles[] = {"profiles/cpu_labels.pb.gz", "profiles/heap.pb.gz", "profiles/block.pb.gz",
                                       "profiles/crafted.pb.gz"};
#define NPROF (sizeof profiles / sizeof *profiles)
static strbuf bytes[NPROF];

static void discard_text(void *ctx, const char *t) { (void)ctx, (void)t; }
static void discard_data(void *ctx, const void *d, size_t n) { (void)ctx, (void)d, (void)n; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  for (size_t i = 0; i < NPROF; i++) {
    char *path = xasprintf("%s/%s", FUZZ_TESTDATA, profiles[i]);
    FILE *f = fopen(path, "rb");
    if (!f) xfatal("%s: cannot open", path);
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&bytes[i], buf, k);
    fclose(f);
    free(path);
  }
  return 0;
}

/* True for a line that would run a program or write a file. */
static bool unsafe(const char *line) {
  if (strchr(line, '>') || strstr(line, "output")) return true;
  while (isspace((unsigned char)*line)) line++;
  size_t n = 0;
  while (line[n] && !isspace((unsigned char)line[n])) n++;
  while (n > 0 && isdigit((unsigned char)line[n - 1])) n--; /* top10 */
  char *word = xstrndup(line, n);
  const command_def *c = command_find(word);
  free(word);
  return c && (c->visual != VIS_NONE || c->post != POST_NONE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const core_env env = {.inflate_limit = 64u << 20};
  const strbuf *b = &bytes[data[0] % NPROF];
  char *err = NULL;
  profile *p = profile_parse_env(b->s, b->len, profiles[data[0] % NPROF], &env, &err);
  if (!p) xfatal("%s", err);
  profile *one[1] = {p};
  p = profile_merge(one, 1, &err);
  if (!p) xfatal("%s", err);
  config cfg;
  config_init(&cfg);
  session_ui ui = {discard_text, discard_text, discard_data, NULL, false, NULL};
  session s;
  session_init(&s, p, &cfg, NULL, &ui);
  s.interactive = true;
  char *text = xstrndup((const char *)data + 1, size - 1);
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (unsafe(line)) continue;
    if (!session_exec(&s, line)) break;
  }
  free(text);
  session_free(&s);
  config_free(&cfg);
  return 0;
}
