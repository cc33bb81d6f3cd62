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

/*
 * One snapshot's top rows as the timeline needs them (its strings owned),
 * remembered in the session's report cache across timelines: under a
 * watch, each new snapshot costs one top report, not one per snapshot.
 * Keyed by the profile (a reference), its serial and every option's value.
 */
typedef struct tl_snap {
  profile *prof;
  uint64_t serial;
  char *key;
  char *type, *unit, *msgs;
  int64_t total, minv; /* its total; its least non-zero |flat| (or |cum|) */
  cell *cells;         /* name and fn owned */
  size_t n;
  bool used;           /* by the timeline being made */
} tl_snap;

struct tl_memo {
  tl_snap *v;
  size_t n, cap;
};

static void tl_snap_free(tl_snap *t) {
  for (size_t k = 0; k < t->n; k++) free((char *)t->cells[k].name), free((char *)t->cells[k].fn);
  free(t->cells);
  free(t->key), free(t->type), free(t->unit), free(t->msgs);
  profile_unref(t->prof);
}

void tl_memo_free(tl_memo *m) {
  if (!m) return;
  for (size_t i = 0; i < m->n; i++) tl_snap_free(&m->v[i]);
  free(m->v);
  free(m);
}

/* What a top report depends on besides the profile: every option. Caller frees. */
static char *options_key(const config *c) {
  strbuf sb = STRBUF_INIT, v = STRBUF_INIT;
  for (size_t i = 0; i < option_count; i++) {
    sb_reset(&v);
    config_get(c, &option_table[i], &v);
    sb_printf(&sb, "%zu:%s|", v.len, sb_str(&v));
  }
  sb_free(&v);
  return sb_steal(&sb);
}

static tl_snap *memo_find(tl_memo *m, const profile *p, const char *key) {
  for (size_t i = 0; i < m->n; i++)
    if (m->v[i].prof == p && m->v[i].serial == p->serial && !strcmp(m->v[i].key, key)) return &m->v[i];
  return NULL;
}

/* Remember snapshot p's rows from its top report ri (replacing what was kept for it). */
static tl_snap *memo_add(tl_memo *m, const profile *p, const char *key, const report *ri, const char *msgs) {
  tl_snap *t = memo_find(m, p, key);
  if (t) {
    tl_snap_free(t);
  } else {
    XGROW(m->v, m->cap, m->n + 1);
    t = &m->v[m->n++];
  }
  *t = (tl_snap){profile_ref((profile *)p), p->serial, xstrdup(key), xstrdup(ri->sample_type),
                 xstrdup(ri->sample_unit), xstrdup(msgs), ri->total, 0, NULL, 0, false};
  bool cum = ri->cfg.sort && !strcmp(ri->cfg.sort, "cum");
  t->cells = xcalloc(ri->ntop + 1, sizeof *t->cells);
  for (size_t k = 0; k < ri->ntop; k++) {
    const top_row *r = &ri->top[k];
    const char *fn = report_fn_name(ri, r->node);
    int64_t mv = i64_abs(r->flat) ? i64_abs(r->flat) : i64_abs(r->cum);
    if (mv > 0 && (t->minv == 0 || mv < t->minv)) t->minv = mv;
    t->cells[t->n++] = (cell){xstrdup(r->name), r->inline_label, fn ? xstrdup(fn) : NULL, 0, cum ? r->cum : r->flat};
  }
  return t;
}

/* Forget the snapshots the last timeline did not use (the series moved on). */
static void memo_sweep(tl_memo *m) {
  size_t k = 0;
  for (size_t i = 0; i < m->n; i++) {
    if (!m->v[i].used) {
      tl_snap_free(&m->v[i]);
      continue;
    }
    m->v[i].used = false;
    m->v[k++] = m->v[i];
  }
  m->n = k;
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
  char *key = options_key(&c);
  tl_memo local = {0}, **mp = cache ? report_cache_timeline(cache) : NULL;
  if (mp && !*mp) *mp = xcalloc(1, sizeof **mp);
  tl_memo *memo = mp ? *mp : &local;
  report *r = NULL; /* the last snapshot's top report: it carries the header, unit and filters */
  cell *cells = NULL;
  size_t ncells = 0, cap = 0;
  bool ok = true;
  int64_t minv = 0, maxv = 0;
  const char *type = NULL, *unit = NULL; /* the first snapshot's kind (memo strings do not move) */
  for (size_t i = 0; i < sr->n && ok; i++) {
    const profile *p = sr->v[i].prof;
    bool last = i == sr->n - 1;
    tl_snap *t = last ? NULL : memo_find(memo, p, key);
    if (!t) {
      char *e = NULL;
      strbuf m = STRBUF_INIT;
      report *ri = p == current ? report_run_cached(p, cache, top, NULL, &c, &m, &e) : report_run(p, top, NULL, &c, &m, &e);
      if (!ri) {
        sb_adds(msgs, sb_str(&m));
        *err = xasprintf("%s: %s", sr->v[i].source, e);
        free(e), sb_free(&m);
        ok = false;
        break;
      }
      t = memo_add(memo, p, key, ri, sb_str(&m));
      sb_free(&m);
      if (last) r = ri;
      else report_free(ri);
    }
    t->used = true;
    sb_adds(msgs, t->msgs);
    if (!type) type = t->type, unit = t->unit;
    if (strcmp(t->type, type) || strcmp(t->unit, unit)) {
      *err = xasprintf("timeline: %s has %s/%s samples, %s has %s/%s: snapshots must be of the same kind",
                       sr->v[i].source, t->type, t->unit, sr->v[0].source, type, unit);
      ok = false;
      break;
    }
    if (i64_abs(t->total) > maxv) maxv = i64_abs(t->total);
    if (t->minv > 0 && (minv == 0 || t->minv < minv)) minv = t->minv;
    XGROW(cells, cap, ncells + t->n);
    for (size_t k = 0; k < t->n; k++) {
      cells[ncells] = t->cells[k];
      cells[ncells++].snap = i;
    }
  }
  if (ok) {
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
      const tl_snap *t = memo_find(memo, sr->v[i].prof, key);
      r->snaps[i] = (timeline_snap){xstrdup(sr->v[i].source), sr->v[i].prof->time_nanos, t->total};
    }
    int64_t span = r->snaps[sr->n - 1].time_nanos - r->snaps[0].time_nanos;
    r->has_rate = r->snaps[0].time_nanos && r->snaps[sr->n - 1].time_nanos && span > 0;
    if (ncells) qsort(cells, ncells, sizeof *cells, cmp_cell); /* none under a focus that matches nothing */
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
  if (!ok) report_free(r), r = NULL;
  if (mp) {
    memo_sweep(memo);
  } else {
    for (size_t i = 0; i < local.n; i++) tl_snap_free(&local.v[i]);
    free(local.v);
  }
  free(cells);
  free(key);
  config_free(&c);
  return r;
}
