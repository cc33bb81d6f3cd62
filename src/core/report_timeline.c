/*
 * report_timeline.c: the timeline of a series of snapshots (tprof's own
 * report). Each snapshot gets the top report pprof would print for it
 * (untrimmed, under the same filters, sample index and granularity); the
 * rows are joined by node name into one row per node with its value at
 * every snapshot, the change from first to last, the rate per minute and
 * whether it grew at every step. One output unit for the whole table.
 * The snapshots are never merged.
 */
#include "tprof/report.h"

#include <stdlib.h>
#include <string.h>

#include "tprof/series.h"
#include "report_int.h"

/* One (node, snapshot, value) of a snapshot's top report. */
typedef struct cell {
  const char *name, *inl, *fn;
  size_t snap;
  int64_t v;
} cell;

static int cmp_cell(const void *a, const void *b) {
  const cell *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (!c) c = strcmp(x->inl, y->inl);
  if (!c) c = x->snap < y->snap ? -1 : x->snap > y->snap;
  return c;
}

static int cmp_row(const void *a, const void *b, void *ctx) {
  const timeline_row *x = a, *y = b;
  size_t last = *(const size_t *)ctx - 1;
  if (x->change != y->change) return x->change > y->change ? -1 : 1;
  if (x->v[last] != y->v[last]) return x->v[last] > y->v[last] ? -1 : 1;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->inline_label, y->inline_label);
}

int report_timeline_level(const report *r, const timeline_row *t, size_t i) {
  int64_t lo = t->v[0], hi = t->v[0];
  for (size_t k = 1; k < r->nsnaps; k++) {
    if (t->v[k] < lo) lo = t->v[k];
    if (t->v[k] > hi) hi = t->v[k];
  }
  if (hi == lo) return t->v[i] == 0 ? 0 : 3;
  return (int)(((double)t->v[i] - (double)lo) * 7.0 / ((double)hi - (double)lo) + 0.5);
}

report *report_timeline(const series *sr, const profile *current, report_cache *cache, const command_def *cmd,
                        const config *cfg, strbuf *msgs, char **err) {
  if (sr->n == 0) {
    *err = xstrdup("timeline: no snapshots");
    return NULL;
  }
  const command_def *top = command_find("top");
  config c;
  config_copy(&c, cfg);
  c.trim = false; /* every node of every snapshot: a node cut from one would read as 0 there */
  report **reps = xcalloc(sr->n, sizeof *reps);
  cell *cells = NULL;
  size_t ncells = 0, cap = 0;
  bool ok = true;
  int64_t minv = 0, maxv = 0;
  for (size_t i = 0; i < sr->n && ok; i++) {
    const profile *p = sr->v[i].prof;
    char *e = NULL;
    reps[i] = p == current ? report_run_cached(p, cache, top, NULL, &c, msgs, &e) : report_run(p, top, NULL, &c, msgs, &e);
    if (!reps[i]) {
      *err = xasprintf("%s: %s", sr->v[i].source, e);
      free(e);
      ok = false;
      break;
    }
    const report *r0 = reps[0], *ri = reps[i];
    if (strcmp(ri->sample_type, r0->sample_type) || strcmp(ri->sample_unit, r0->sample_unit)) {
      *err = xasprintf("timeline: %s has %s/%s samples, %s has %s/%s: snapshots must be of the same kind",
                       sr->v[i].source, ri->sample_type, ri->sample_unit, sr->v[0].source, r0->sample_type,
                       r0->sample_unit);
      ok = false;
      break;
    }
    if (i64_abs(ri->total) > maxv) maxv = i64_abs(ri->total);
    for (size_t k = 0; k < ri->ntop; k++) {
      const top_row *t = &ri->top[k];
      int64_t v = c.sort && !strcmp(c.sort, "cum") ? t->cum : t->flat;
      int64_t m = i64_abs(t->flat) ? i64_abs(t->flat) : i64_abs(t->cum);
      if (m > 0 && (minv == 0 || m < minv)) minv = m;
      XGROW(cells, cap, ncells + 1);
      cells[ncells++] = (cell){t->name, t->inline_label, report_fn_name(ri, t->node), i, v};
    }
  }
  report *r = NULL;
  if (ok) {
    /* the last snapshot's report carries the header, unit and filters */
    r = reps[sr->n - 1];
    reps[sr->n - 1] = NULL;
    r->kind = RK_TIMELINE;
    r->cmd = cmd;
    r->tl_cum = c.sort && !strcmp(c.sort, "cum");
    free(r->output_unit);
    r->output_unit = xstrdup(cfg->unit);
    report_select_unit_range(r, minv, maxv);
    r->nsnaps = sr->n;
    r->tl_cur = sr->n;
    for (size_t i = 0; i < sr->n; i++)
      if (sr->v[i].prof == current) r->tl_cur = i;
    r->snaps = xcalloc(sr->n, sizeof *r->snaps);
    for (size_t i = 0; i < sr->n; i++) {
      const report *ri = i == sr->n - 1 ? r : reps[i];
      r->snaps[i] = (timeline_snap){xstrdup(sr->v[i].source), sr->v[i].prof->time_nanos, ri->total};
    }
    int64_t span = r->snaps[sr->n - 1].time_nanos - r->snaps[0].time_nanos;
    r->has_rate = r->snaps[0].time_nanos && r->snaps[sr->n - 1].time_nanos && span > 0;
    qsort(cells, ncells, sizeof *cells, cmp_cell);
    r->tl = xcalloc(ncells + 1, sizeof *r->tl);
    for (size_t i = 0; i < ncells;) {
      timeline_row *t = &r->tl[r->ntl++];
      t->name = xstrdup(cells[i].name);
      t->inline_label = cells[i].inl;
      t->v = xcalloc(sr->n, sizeof *t->v);
      size_t k = i;
      const char *fn = NULL;
      for (; k < ncells && !cmp_cell(&(cell){cells[i].name, cells[i].inl, NULL, cells[k].snap, 0}, &cells[k]); k++) {
        t->v[cells[k].snap] = cells[k].v;
        if (cells[k].fn) fn = cells[k].fn;
      }
      t->fn = fn ? xstrdup(fn) : NULL;
      i = k;
      t->change = i64_sub(t->v[sr->n - 1], t->v[0]);
      if (r->has_rate) t->rate = i64_from_double((double)t->change * 60e9 / (double)span);
      t->steady = sr->n > 1;
      for (size_t s = 1; s < sr->n; s++)
        if (t->v[s] <= t->v[s - 1]) t->steady = false;
    }
    size_t n = sr->n;
    qsort_r(r->tl, r->ntl, sizeof *r->tl, cmp_row, &n);
    if (cfg->nodecount > 0 && (uint64_t)cfg->nodecount < r->ntl) {
      for (size_t i = (size_t)cfg->nodecount; i < r->ntl; i++) free(r->tl[i].name), free(r->tl[i].fn), free(r->tl[i].v);
      r->ntl = (size_t)cfg->nodecount;
    }
    /* the header: the type, the filters, then the snapshots (the printers add their lines) */
    for (size_t i = 0; i < r->nlabels; i++) free(r->labels[i]);
    r->nlabels = 0;
    report_add_label(r, xasprintf("Type: %s", r->sample_type));
    if (r->nfilters) report_add_label(r, xstrdup("Active filters:"));
    for (size_t i = 0; i < r->nfilters; i++) report_add_label(r, xasprintf("   %s", r->filters[i]));
    report_add_label(r, xasprintf("Snapshots: %zu, in time order; %s at each, change from #1 to #%zu", r->nsnaps,
                           r->tl_cum ? "cum" : "flat", r->nsnaps));
    /* the top rows' names point into the other reports: the timeline has its own */
    free(r->top);
    r->top = NULL;
    r->ntop = 0;
  }
  for (size_t i = 0; i < sr->n; i++) report_free(reps[i]);
  free(reps);
  free(cells);
  config_free(&c);
  return r;
}
