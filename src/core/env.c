/*
 * env.c: the defaults of a core_env's fields (env.h).
 */
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

#include "tprof/env.h"

int core_env_threads(const core_env *e, size_t n) {
  if (n < 50000) return 1;
  if (e && e->threads > 0) return e->threads > 16 ? 16 : e->threads;
  long c = sysconf(_SC_NPROCESSORS_ONLN);
  return c > 1 ? (c > 4 ? 4 : (int)c) : 1;
}

void core_run_workers(void *(*fn)(void *), void *workers, size_t size, int nth) {
  pthread_t th[16];
  int started = 0;
  char *w = workers;
  for (int t = 1; t < nth; t++)
    if (pthread_create(&th[t], NULL, fn, w + (size_t)t * size) == 0) started |= 1 << t;
  fn(w);
  for (int t = 1; t < nth; t++) {
    if (started & (1 << t))
      pthread_join(th[t], NULL);
    else
      fn(w + (size_t)t * size); /* no thread: do it here */
  }
}

