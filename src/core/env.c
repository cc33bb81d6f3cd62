/*
 * env.c: the defaults of a core_env's fields (env.h).
 */
#include <stddef.h>
#include <unistd.h>

#include "tprof/env.h"

int core_env_threads(const core_env *e, size_t n) {
  if (n < 50000) return 1;
  if (e && e->threads > 0) return e->threads > 16 ? 16 : e->threads;
  long c = sysconf(_SC_NPROCESSORS_ONLN);
  return c > 1 ? (c > 4 ? 4 : (int)c) : 1;
}
