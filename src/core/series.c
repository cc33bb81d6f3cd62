/*
 * series.c: a series of profile snapshots (series.h): references to the
 * profiles in time order, and the "nothing changed" test of two heap
 * snapshots.
 */
#include "tprof/series.h"

#include <stdlib.h>
#include <string.h>

void series_add(series *s, profile *p, const char *source) {
  XGROW(s->v, s->cap, s->n + 1);
  s->v[s->n++] = (series_snap){p, xstrdup(source ? source : "")};
}

void series_sort(series *s) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].prof->time_nanos == 0) return;
  /* insertion sort: stable, and series are short */
  for (size_t i = 1; i < s->n; i++) {
    series_snap x = s->v[i];
    size_t k = i;
    for (; k > 0 && s->v[k - 1].prof->time_nanos > x.prof->time_nanos; k--) s->v[k] = s->v[k - 1];
    s->v[k] = x;
  }
}

size_t series_thin(series *s, size_t max) {
  size_t dropped = 0;
  while (max >= 3 && s->n > max) {
    size_t k = 1;
    for (size_t i = 1; i + 1 < s->n; i++) {
      if (i % 2) { /* #2, #4...: dropped */
        profile_unref(s->v[i].prof);
        free(s->v[i].source);
        dropped++;
        continue;
      }
      s->v[k++] = s->v[i];
    }
    s->v[k++] = s->v[s->n - 1];
    s->n = k;
  }
  return dropped;
}

void series_clear(series *s) {
  for (size_t i = 0; i < s->n; i++) {
    profile_unref(s->v[i].prof);
    free(s->v[i].source);
  }
  free(s->v);
  memset(s, 0, sizeof *s);
}

void series_copy(series *dst, const series *src) {
  memset(dst, 0, sizeof *dst);
  for (size_t i = 0; i < src->n; i++) series_add(dst, profile_ref(src->v[i].prof), src->v[i].source);
}

/* Location l of a and of b stand for the same code. */
static bool same_location(const profile *a, uint32_t la, const profile *b, uint32_t lb) {
  const location *x = &a->locations[la], *y = &b->locations[lb];
  if (x->address != y->address || x->nlines != y->nlines) return false;
  for (uint32_t i = 0; i < x->nlines; i++) {
    const pline *p = &a->lines[x->line_off + i], *q = &b->lines[y->line_off + i];
    if (p->line != q->line || (p->func == TPROF_NONE) != (q->func == TPROF_NONE)) return false;
    if (p->func != TPROF_NONE && strcmp(a->functions[p->func].name, b->functions[q->func].name)) return false;
  }
  return true;
}

bool series_same_samples(const profile *a, const profile *b) {
  if (a->nsamples != b->nsamples || a->nsample_type != b->nsample_type) return false;
  for (size_t s = 0; s < a->nsamples; s++) {
    if (memcmp(profile_values(a, s), profile_values(b, s), a->nsample_type * sizeof *a->values)) return false;
    size_t na, nb;
    stk sa = profile_stack(a, s, &na), sb = profile_stack(b, s, &nb);
    if (na != nb) return false;
    for (size_t k = 0; k < na; k++)
      if (!same_location(a, stk_at(sa, k), b, stk_at(sb, k))) return false;
    const labelset *x = profile_labels(a, s), *y = profile_labels(b, s);
    if (x->n != y->n) return false;
    for (uint32_t k = 0; k < x->n; k++) {
      const label *p = &a->labels[x->off + k], *q = &b->labels[y->off + k];
      if (strcmp(p->key, q->key) || (!p->str) != (!q->str) || (p->str && strcmp(p->str, q->str)) || p->num != q->num)
        return false;
    }
  }
  return true;
}
