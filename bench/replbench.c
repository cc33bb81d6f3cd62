/*
 * replbench.c: time each interactive command on a loaded profile through
 * the session API (what the REPL and the curses UI run), without the
 * terminal in the way. Usage: replbench PROFILE [COMMAND...]
 * Prints one line per command: milliseconds and the command. Wall time by
 * default (the passes run on worker threads, which the calling thread's CPU
 * time would miss); BENCH_CPU=1 for the calling thread's CPU time,
 * BENCH_PCPU=1 for the process's (every thread's: steadier than wall time
 * on a busy machine, when comparing two builds).
 *
 * The default list is issue 14's: each report once, a drill-down (what
 * Enter runs in the UI: `list ^F$; peek ^F$` for the first row of `top`),
 * a filter change followed by each report, and sample type switches.
 * "{top1}" in a command is replaced by that first row's name, quoted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tprof/session.h"

static size_t out_bytes;
static strbuf first_top; /* the output of the first command, for {top1} */
static bool capture;
static void sink(void *ctx, const void *d, size_t n) {
  (void)ctx;
  out_bytes += n;
  if (capture) sb_add(&first_top, d, n);
}
static void sink_text(void *ctx, const char *t) {
  (void)ctx;
  out_bytes += strlen(t);
  if (capture) sb_printf(&first_top, "%s\n", t);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(getenv("BENCH_CPU")    ? CLOCK_THREAD_CPUTIME_ID
                : getenv("BENCH_PCPU") ? CLOCK_PROCESS_CPUTIME_ID
                                       : CLOCK_MONOTONIC,
                &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The name on the first row of a top report (after the "flat  flat%" header),
 * regex-quoted; "fn1" when there is none. Caller frees. */
static char *top1(const char *text) {
  const char *h = strstr(text, "flat%");
  const char *row = h ? strchr(h, '\n') : NULL;
  if (!row) return xstrdup("fn1");
  row++;
  const char *p = row;
  for (int col = 0; col < 5; col++) { /* flat flat% sum% cum cum% */
    while (*p == ' ') p++;
    while (*p && *p != ' ' && *p != '\n') p++;
  }
  while (*p == ' ') p++;
  strbuf q = STRBUF_INIT;
  for (; *p && *p != '\n'; p++) {
    if (strchr("\\.+*?()|[]{}^$", *p)) sb_add(&q, "\\", 1);
    sb_add(&q, p, 1);
  }
  return sb_steal(&q);
}

/* cmd with {top1} replaced by name. Caller frees. */
static char *expand(const char *cmd, const char *name) {
  const char *at = strstr(cmd, "{top1}");
  if (!at) return xstrdup(cmd);
  return xasprintf("%.*s%s%s", (int)(at - cmd), cmd, name, at + 6);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: replbench PROFILE [COMMAND...]\n");
    return 2;
  }
  static const char *defaults[] = {"top", "top -cum", "peek fn1$", "list fn1$", "tree",
                                   "list ^{top1}$", "peek ^{top1}$", /* a drill-down */
                                   "focus=store", "top", "top -cum", "peek fn1$", "list fn1$", "tree", "focus=",
                                   "sample_index=alloc_space", "top", "sample_index=inuse_space", "top -cum", NULL};
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
  char *name = NULL;
  for (size_t i = 0; cmds[i]; i++) {
    if (strstr(cmds[i], "{top1}") && !name) name = top1(sb_str(&first_top));
    char *cmd = expand(cmds[i], name);
    capture = i == 0;
    double t = now_ms();
    session_exec(&s, cmd);
    double ms = now_ms() - t;
    if (ms > worst) worst = ms;
    printf("%8.1f ms  %s\n", ms, cmd);
    fflush(stdout);
    free(cmd);
  }
  capture = false;
  printf("%8.1f ms  worst command\n", worst);
  free(name);
  sb_free(&first_top);
  session_free(&s);
  config_free(&cfg);
  return 0;
}
