/*
 * replbench.c: time each interactive command on a loaded profile through
 * the session API (what the REPL and the curses UI run), without the
 * terminal in the way. Usage: replbench PROFILE [COMMAND...]
 * Prints one line per command: milliseconds and the command. CPU time of
 * the thread by default (steady on a busy machine); BENCH_WALL=1 for wall time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tprof/session.h"

static size_t out_bytes;
static void sink(void *ctx, const void *d, size_t n) {
  (void)ctx, (void)d;
  out_bytes += n;
}
static void sink_text(void *ctx, const char *t) {
  (void)ctx;
  out_bytes += strlen(t);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(getenv("BENCH_WALL") ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: replbench PROFILE [COMMAND...]\n");
    return 2;
  }
  static const char *defaults[] = {"top", "top -cum", "peek fn1$", "list fn1$", "tree", "focus=store",
                                   "top", "focus=", "sample_index=alloc_space", "top", "sample_index=inuse_space",
                                   "top -cum", NULL};
  source_opts so;
  memset(&so, 0, sizeof so);
  so.seconds = so.timeout = -1;
  so.sources = xmalloc(sizeof *so.sources);
  so.sources[so.nsources++] = xstrdup(argv[1]);
  double t0 = now_ms();
  char *err = NULL;
  profile *p = source_load(&so, NULL, NULL, &err);
  if (!p) {
    fprintf(stderr, "replbench: %s\n", err);
    return 1;
  }
  printf("%8.1f ms  load %s\n", now_ms() - t0, argv[1]);
  config cfg;
  config_init(&cfg);
  session_ui ui = {sink_text, sink_text, sink, NULL, false, NULL};
  session s;
  session_init(&s, p, &cfg, &so, &ui);
  s.interactive = true;
  config_configure(&s.cfg, "compact_labels", "true", &err);
  double worst = 0;
  const char **cmds = argc > 2 ? (const char **)argv + 2 : defaults;
  for (size_t i = 0; cmds[i]; i++) {
    double t = now_ms();
    session_exec(&s, cmds[i]);
    double ms = now_ms() - t;
    if (ms > worst) worst = ms;
    printf("%8.1f ms  %s\n", ms, cmds[i]);
  }
  printf("%8.1f ms  worst command\n", worst);
  session_free(&s);
  config_free(&cfg);
  return 0;
}
