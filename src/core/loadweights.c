/*
 * loadweights.c: the unfiltered view's first pass, made on a second thread
 * while merge.c compacts (see loadweights.h).
 *
 * The merge (the producer) appends events to a ring: a sample index and
 * that event's values. Events are published a batch at a time under a
 * mutex, which also publishes what the consumer reads beside them: the
 * sample's final stack, its offset and length, and the function of every
 * merged location those stacks use (written by lw_location before the
 * sample that first uses the location). The consumer never reads past
 * what was published.
 */
#include "loadweights.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tprof/util.h"

#define LW_MIN_SAMPLES 50000 /* below this the pass after loading takes a few ms */
/* Events in the ring (1.3 MB with four sample types): the consumer is the
 * faster of the two, but it shares the CPUs with whatever else runs. When
 * the ring is full the merge waits: giving the pass up instead (tried)
 * lost it on every load of a busy machine, and the pass after the load
 * costs more than the wait (its stacks are read again, from memory). */
#define LW_RING 32768
#define LW_BATCH 4096 /* events published at a time */
#define LW_MULTI UINT32_MAX
/* prefetch distances in frames, as graph.c's weights pass */
#define LW_PF_FUNC 16
#define LW_PF_ACC 8

struct lw_job {
  profile *p;
  size_t nt, stride; /* accumulators: mark, cum[nt], flat[nt] per function */
  size_t nlocs_cap, nfuncs_cap;
  /* per merged location: the function of its only line, or LW_MULTI and
   * then its lines' functions at lfuncs[loff[l]], lcnt[l] of them */
  uint32_t *lfunc, *loff, *lcnt, *lfuncs;
  size_t nlfuncs;
  int64_t *acc;
  /* the ring: events of 1 + nt int64 (sample index, values) */
  int64_t *ev;
  size_t phead;     /* producer: events written */
  size_t ptail;     /* producer: what it last saw of tail */
  pthread_mutex_t mu;
  pthread_cond_t data, space;
  size_t head, tail;  /* published, consumed (under mu) */
  size_t stack_pub;   /* published: frames [0, stack_pub) of p->stack are final */
  bool done;
  pthread_t th;
};

static inline void lw_touch(int64_t *acc, size_t stride, size_t nt, uint32_t f, int64_t mark, const int64_t *v) {
  int64_t *x = acc + (size_t)f * stride;
  if (x[0] != mark) {
    x[0] = mark;
    for (size_t t = 0; t < nt; t++) x[1 + t] = i64_add(x[1 + t], v[t]);
  }
}

/* Frame q of the published frames [0, pub): one 4-byte load (stk_at) when
 * its fourth byte, frame q + 1's first, is published too; byte by byte
 * for the last one, whose next frame the merge may be writing. */
static inline uint32_t lw_frame(stk all, size_t q, size_t pub) {
  return q + 1 < pub ? stk_at(all, q) : stk_at_exact(all, q);
}

/* One event; nt is a constant where inlined. */
static inline __attribute__((always_inline)) void lw_event(lw_job *j, const int64_t *e, int64_t mark,
                                                           size_t pf_end, size_t nt) {
  const profile *p = j->p;
  size_t s = (size_t)e[0], stride = 1 + 2 * nt;
  const int64_t *v = e + 1;
  stk all = profile_frames(p);
  size_t off = p->stack_off[s];
  uint32_t n = p->stack_len[s];
  int64_t *acc = j->acc;
  const uint32_t *lfunc = j->lfunc;
  for (size_t q = off; q < off + n; q++) {
    if (q + LW_PF_FUNC < pf_end) __builtin_prefetch(lfunc + lw_frame(all, q + LW_PF_FUNC, pf_end));
    if (q + LW_PF_ACC < pf_end) {
      uint32_t l = lw_frame(all, q + LW_PF_ACC, pf_end);
      uint32_t a = l < j->nlocs_cap ? lfunc[l] : LW_MULTI;
      if (a != LW_MULTI) __builtin_prefetch(acc + (size_t)a * stride, 1);
    }
    uint32_t l = lw_frame(all, q, pf_end), f = lfunc[l];
    if (f != LW_MULTI) {
      lw_touch(acc, stride, nt, f, mark, v);
      continue;
    }
    const uint32_t *fs = j->lfuncs + j->loff[l];
    for (uint32_t k = 0; k < j->lcnt[l]; k++) lw_touch(acc, stride, nt, fs[k], mark, v);
  }
  if (n) { /* flat: the leaf location's innermost line */
    uint32_t l = lw_frame(all, off, pf_end), f = lfunc[l];
    if (f == LW_MULTI) f = j->lfuncs[j->loff[l]];
    int64_t *x = acc + (size_t)f * stride + 1 + nt;
    for (size_t t = 0; t < nt; t++) x[t] = i64_add(x[t], v[t]);
  }
}

static void lw_events(lw_job *j, size_t from, size_t to, size_t pf_end) {
  size_t nt = j->nt, es = 1 + nt;
  for (size_t k = from; k < to; k++) {
    const int64_t *e = j->ev + (k % LW_RING) * es;
    int64_t mark = (int64_t)k + 1; /* one per event: a sample fed twice counts twice */
    switch (nt) {
    case 1: lw_event(j, e, mark, pf_end, 1); break;
    case 2: lw_event(j, e, mark, pf_end, 2); break;
    case 4: lw_event(j, e, mark, pf_end, 4); break;
    default: lw_event(j, e, mark, pf_end, nt); break;
    }
  }
}

static void *lw_run(void *arg) {
  lw_job *j = arg;
  for (;;) {
    pthread_mutex_lock(&j->mu);
    while (j->tail == j->head && !j->done) pthread_cond_wait(&j->data, &j->mu);
    size_t from = j->tail, to = j->head, pub = j->stack_pub;
    bool done = j->done;
    pthread_mutex_unlock(&j->mu);
    if (from == to && done) break;
    lw_events(j, from, to, pub);
    pthread_mutex_lock(&j->mu);
    j->tail = to;
    pthread_cond_signal(&j->space);
    pthread_mutex_unlock(&j->mu);
  }
  return NULL;
}

lw_job *lw_start(profile *p, size_t nlocs, size_t nlines, size_t nfuncs) {
  if (p->nsamples < LW_MIN_SAMPLES || sysconf(_SC_NPROCESSORS_ONLN) < 2 || p->nsample_type == 0) return NULL;
  for (size_t i = 0; i < nlocs; i++)
    if (p->locations[i].nlines == 0) return NULL;
  lw_job *j = xcalloc(1, sizeof *j);
  j->p = p;
  j->nt = p->nsample_type;
  j->stride = 1 + 2 * j->nt;
  j->nlocs_cap = nlocs, j->nfuncs_cap = nfuncs;
  j->lfunc = xmalloc((nlocs + 1) * sizeof *j->lfunc);
  j->loff = xmalloc((nlocs + 1) * sizeof *j->loff);
  j->lcnt = xmalloc((nlocs + 1) * sizeof *j->lcnt);
  j->lfuncs = xmalloc((nlines + 1) * sizeof *j->lfuncs);
  j->acc = xcalloc((nfuncs + 1) * j->stride, sizeof *j->acc);
  j->ev = xzalloc_huge((size_t)LW_RING * (1 + j->nt) * sizeof *j->ev);
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->data, NULL);
  pthread_cond_init(&j->space, NULL);
  if (pthread_create(&j->th, NULL, lw_run, j) != 0) {
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->data), pthread_cond_destroy(&j->space);
    free(j->lfunc), free(j->loff), free(j->lcnt), free(j->lfuncs), free(j->acc), free(j->ev), free(j);
    return NULL;
  }
  return j;
}

void lw_location(lw_job *j, uint32_t di, const pline *lines, uint32_t n) {
  j->loff[di] = (uint32_t)j->nlfuncs;
  j->lcnt[di] = n;
  for (uint32_t k = 0; k < n; k++) j->lfuncs[j->nlfuncs++] = lines[k].func;
  j->lfunc[di] = n == 1 ? lines[0].func : LW_MULTI;
}

/* Publish the events written so far and see how far the consumer is;
 * with full, wait until the ring has room. */
static void lw_publish(lw_job *j, size_t stack_end, bool full) {
  pthread_mutex_lock(&j->mu);
  j->head = j->phead;
  j->stack_pub = stack_end;
  pthread_cond_signal(&j->data);
  while (full && j->phead - j->tail >= LW_RING) pthread_cond_wait(&j->space, &j->mu);
  j->ptail = j->tail;
  pthread_mutex_unlock(&j->mu);
}

void lw_sample(lw_job *j, size_t s, const int64_t *v, size_t stack_end) {
  if (j->phead - j->ptail >= LW_RING) lw_publish(j, stack_end, true);
  int64_t *e = j->ev + (j->phead % LW_RING) * (1 + j->nt);
  e[0] = (int64_t)s;
  memcpy(e + 1, v, j->nt * sizeof *v);
  j->phead++;
  if (j->phead % LW_BATCH == 0) lw_publish(j, stack_end, false);
}

static void lw_join(lw_job *j) {
  pthread_mutex_lock(&j->mu);
  j->head = j->phead;
  j->done = true;
  pthread_cond_signal(&j->data);
  pthread_mutex_unlock(&j->mu);
  pthread_join(j->th, NULL);
  pthread_mutex_destroy(&j->mu);
  pthread_cond_destroy(&j->data), pthread_cond_destroy(&j->space);
  free(j->lfunc), free(j->loff), free(j->lcnt), free(j->lfuncs), free(j->ev);
}

load_weights *lw_finish(lw_job *j, size_t nfuncs) {
  if (!j) return NULL;
  lw_join(j);
  size_t nt = j->nt;
  load_weights *w = xcalloc(1, sizeof *w);
  w->nfunc = nfuncs, w->nt = nt;
  w->cum = xmalloc((nfuncs + 1) * nt * sizeof *w->cum);
  w->flat = xmalloc((nfuncs + 1) * nt * sizeof *w->flat);
  for (size_t f = 0; f < nfuncs; f++) {
    const int64_t *x = j->acc + f * j->stride;
    memcpy(w->cum + f * nt, x + 1, nt * sizeof *x);
    memcpy(w->flat + f * nt, x + 1 + nt, nt * sizeof *x);
  }
  free(j->acc), free(j);
  return w;
}
