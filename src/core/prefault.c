/*
 * prefault.c: see prefault.h.
 */
#include "prefault.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tprof/util.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

#define PF_AHEAD ((size_t)4 << 20) /* bytes faulted in past what is written */
#define PF_CHUNK ((size_t)2 << 20)  /* one call: a huge page */
#define PF_MIN ((size_t)4 << 20)    /* smaller arrays live in the heap: left alone */
#define PF_PAGE ((uintptr_t)4096)

typedef struct pf_slot {
  char *base;
  size_t used, cap;
  size_t done; /* faulted in: [0, done) of base */
  size_t told; /* used when the thread was last woken for this slot */
} pf_slot;

struct prefault {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pf_slot s[PREFAULT_SLOTS];
  bool stop, work;
  pthread_t th;
};

/* The next range to fault in, under mu; false when there is none. */
static bool pf_next(prefault *pf, char **at, size_t *len) {
  for (int i = 0; i < PREFAULT_SLOTS; i++) {
    pf_slot *s = &pf->s[i];
    if (!s->base || s->cap < PF_MIN) continue;
    size_t from = s->done > s->used ? s->done : s->used;
    size_t to = s->used + PF_AHEAD < s->cap ? s->used + PF_AHEAD : s->cap;
    if (from >= to) continue;
    if (to - from > PF_CHUNK) to = from + PF_CHUNK;
    s->done = to;
    uintptr_t a = (uintptr_t)(s->base + from) & ~(PF_PAGE - 1), e = (uintptr_t)(s->base + to) & ~(PF_PAGE - 1);
    if (e <= a) continue;
    *at = (char *)a, *len = e - a;
    return true;
  }
  return false;
}

static void *pf_run(void *arg) {
  prefault *pf = arg;
  pthread_mutex_lock(&pf->mu);
  while (!pf->stop) {
    char *at;
    size_t len;
    if (!pf_next(pf, &at, &len)) {
      pf->work = false;
      while (!pf->work && !pf->stop) pthread_cond_wait(&pf->cv, &pf->mu);
      continue;
    }
    pthread_mutex_unlock(&pf->mu);
    /* a range the owner has moved or freed meanwhile fails (ENOMEM) or
     * faults in pages of whatever is there now: contents never change */
    int r = madvise(at, len, MADV_POPULATE_WRITE);
    int e = errno;
    pthread_mutex_lock(&pf->mu);
    if (r != 0 && e == EINVAL) break; /* not this kernel */
  }
  pthread_mutex_unlock(&pf->mu);
  return NULL;
}

prefault *prefault_start(void) {
  if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return NULL;
  prefault *pf = xcalloc(1, sizeof *pf);
  pthread_mutex_init(&pf->mu, NULL);
  pthread_cond_init(&pf->cv, NULL);
  if (pthread_create(&pf->th, NULL, pf_run, pf) != 0) {
    pthread_mutex_destroy(&pf->mu);
    pthread_cond_destroy(&pf->cv);
    free(pf);
    return NULL;
  }
  return pf;
}

void prefault_track(prefault *pf, int slot, void *base, size_t used, size_t cap) {
  if (!pf || cap < PF_MIN) return;
  pf_slot *s = &pf->s[slot];
  /* wake the thread only when the array moved or a chunk more was written */
  if (s->base == base && s->cap == cap && used < s->told + PF_CHUNK) return;
  pthread_mutex_lock(&pf->mu);
  if (s->base != base) s->done = 0; /* moved: what was faulted in moved with it, or is gone */
  s->base = base, s->used = used, s->cap = cap, s->told = used;
  pf->work = true;
  pthread_cond_signal(&pf->cv);
  pthread_mutex_unlock(&pf->mu);
}

void prefault_stop(prefault *pf) {
  if (!pf) return;
  pthread_mutex_lock(&pf->mu);
  pf->stop = true;
  pthread_cond_signal(&pf->cv);
  pthread_mutex_unlock(&pf->mu);
  pthread_join(pf->th, NULL);
  pthread_mutex_destroy(&pf->mu);
  pthread_cond_destroy(&pf->cv);
  free(pf);
}

void prefault_trim(void *base, size_t used, size_t cap) {
  if (!base || cap < PF_MIN) return;
  uintptr_t a = ((uintptr_t)base + used + PF_PAGE - 1) & ~(PF_PAGE - 1), e = ((uintptr_t)base + cap) & ~(PF_PAGE - 1);
  if (e > a) (void)madvise((void *)a, e - a, MADV_DONTNEED);
}
