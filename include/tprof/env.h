/*
 * env.h: what the core takes from the process's environment, passed in.
 *
 * src/core never calls getenv: the edge (main.c, which reads TPROF_THREADS,
 * TPROF_NO_JIT, TPROF_FETCH_LIMIT, PPROF_TMPDIR, HOME...) fills a core_env
 * once and hands it down (config.env for reports, source_opts.env for
 * loading, the proc_* and history_* calls). A NULL core_env, or a zero or
 * NULL field, means the default, so tests and fuzzers set only what they
 * test. Nothing here is global: two sessions may run with different ones.
 */
#ifndef TPROF_ENV_H
#define TPROF_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct core_env {
  int threads;             /* TPROF_THREADS: threads of a graph pass, 1 = none; 0 = one a core, at most 4 */
  bool no_jit;             /* TPROF_NO_JIT: regexps without PCRE2's JIT (valgrind cannot see into it) */
  uint64_t fetch_limit;    /* TPROF_FETCH_LIMIT: largest HTTP body; 0 = FETCH_DEFAULT_LIMIT */
  uint64_t inflate_limit;  /* largest decompressed profile; 0 = 16 GiB (the fuzzers lower it) */
  const char *pprof_tmpdir, *home, *tmpdir, *xdg_state_home; /* NULL or "": unset */
  const char *pprof_binary_path;                            /* PPROF_BINARY_PATH */
  const char *path, *browser, *display;                     /* PATH, BROWSER, DISPLAY */
} core_env;

/* The threads a pass over n samples uses (1 below 50000 samples). */
int core_env_threads(const core_env *e, size_t n);
/* Run fn on each of nth workers (an array of elements of `size` bytes):
 * the first on the calling thread, the others on threads of their own (or
 * here, after, when a thread cannot be made); returns when all are done. */
void core_run_workers(void *(*fn)(void *), void *workers, size_t size, int nth);
/* Whether regexps are JIT-compiled. */
static inline bool core_env_jit(const core_env *e) { return !(e && e->no_jit); }
/* A string field, or NULL when e is NULL or the field unset or empty. */
#define CORE_ENV_STR(e, field) ((e) && (e)->field && *(e)->field ? (e)->field : NULL)

#endif
