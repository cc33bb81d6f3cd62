/*
 * report_traces.c: the `traces` report (every sample with its labels and
 * frames) and the `tags` report (label values with their weights, laid out
 * as pprof's text/tabwriter lays them out).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/report.h"
#include "tprof/units.h"
#include "report_int.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

bool report_gen_traces(report *r, char **err) {
  (void)err;
  profile *p = r->view;
  report_profile_labels(p, r->sample_type, r->sample_unit, r->total, r, &r->labels, &r->nlabels);
  nodemap *nm = r->nmp; /* CreateNodes: no trimPath (the pipeline built it so) */
  r->traces = xcalloc(p->nsamples + 1, sizeof *r->traces);
  for (size_t s = 0; s < p->nsamples; s++) {
    if ((s & 1023) == 0 && graph_cancelled(r->cancel)) break; /* the report fails as a whole */
    size_t n;
    stk st = profile_stack(p, s, &n);
    size_t nf = 0;
    for (size_t k = 0; k < n; k++) nf += nm->loc_n[stk_at(st, k)];
    if (nf == 0) continue;
    trace *t = &r->traces[r->ntraces++];
    t->frames = arena_alloc(&r->trace_mem, nf * sizeof *t->frames);
    for (size_t k = 0; k < n; k++) {
      uint32_t off = nm->loc_off[stk_at(st, k)], cnt = nm->loc_n[stk_at(st, k)];
      for (uint32_t i = 0; i < cnt; i++) {
        uint32_t nd = nm->loc_nodes[off + i];
        t->frames[t->nframes++] = (trace_frame){nodemap_name(nm, nd), i != cnt - 1};
      }
    }
    /* labels: "%10s:  %s" per key, values joined by spaces; then numeric ones */
    const labelset *set = profile_labels(p, s);
    const label *ls = p->labels + set->off;
    char **str = NULL, **num = NULL;
    size_t ns = 0, nn = 0, scap = 0, ncap = 0;
    for (uint32_t k = 0; k < set->n;) {
      uint32_t j = k;
      strbuf vals = STRBUF_INIT;
      for (; j < set->n && ls[j].key == ls[k].key && (ls[j].str != NULL) == (ls[k].str != NULL); j++) {
        if (j > k) sb_addc(&vals, ' ');
        if (ls[j].str) {
          sb_adds(&vals, ls[j].str);
        } else {
          char buf[64];
          sb_adds(&vals, units_label_buf(buf, ls[j].num, numlabel_unit(&r->nlu, ls[j].key), "auto"));
        }
      }
      char *line = xasprintf("%10s:  %s\n", ls[k].key, sb_str(&vals));
      sb_free(&vals);
      if (ls[k].str) {
        XGROW(str, scap, ns + 1);
        str[ns++] = line;
      } else {
        XGROW(num, ncap, nn + 1);
        num[nn++] = line;
      }
      k = j;
    }
    if (ns) qsort(str, ns, sizeof *str, cmp_str);
    if (nn) qsort(num, nn, sizeof *num, cmp_str);
    t->labels = arena_alloc(&r->trace_mem, (ns + nn + 1) * sizeof *t->labels);
    for (size_t i = 0; i < ns; i++) t->labels[t->nlabels++] = arena_strndup(&r->trace_mem, str[i], strlen(str[i])), free(str[i]);
    for (size_t i = 0; i < nn; i++) t->labels[t->nlabels++] = arena_strndup(&r->trace_mem, num[i], strlen(num[i])), free(num[i]);
    free(str), free(num);
    const int64_t *v = profile_values(p, s);
    int64_t val = v[r->sample_index], d = r->mean ? v[0] : 0;
    if (d != 0) val = val / d;
    t->value = val;
  }
  return true;
}

/* ---- tags ---- */

typedef struct tag_val {
  char *name;
  int64_t flat;
} tag_val;

typedef struct tag_key {
  const char *key;
  tag_val *vals;
  size_t n, cap;
  u64map index; /* hash of a value's name -> its index; equal hashes probe h+1 */
} tag_key;

static int cmp_tag(const void *a, const void *b) {
  const tag_val *x = a, *y = b;
  if (x->flat != y->flat) {
    int64_t ax = i64_abs(x->flat), ay = i64_abs(y->flat);
    if (ax != ay) return ax > ay ? -1 : 1;
  }
  return strcmp(x->name, y->name);
}

static int cmp_key(const void *a, const void *b) { return strcmp(((const tag_key *)a)->key, ((const tag_key *)b)->key); }

static size_t runes(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xc0) != 0x80) n++;
  return n;
}

typedef struct tag_keys {
  tag_key *keys;
  size_t n, cap;
  u64map index; /* key (interned, so its address) -> index */
} tag_keys;

static void add_tag(tag_keys *ks, const char *key, const char *val, int64_t w) {
  uint32_t i = u64map_put(&ks->index, (uintptr_t)key, (uint32_t)ks->n);
  if (i == ks->n) {
    XGROW(ks->keys, ks->cap, ks->n + 1);
    ks->keys[ks->n++] = (tag_key){key, NULL, 0, 0, {0}};
  }
  tag_key *k = &ks->keys[i];
  for (uint64_t h = hash_bytes(val, strlen(val), 5);; h++) { /* by hash: values may be many */
    uint32_t j = u64map_get(&k->index, h);
    if (j == TPROF_NONE) {
      XGROW(k->vals, k->cap, k->n + 1);
      k->vals[k->n] = (tag_val){xstrdup(val), w};
      u64map_put(&k->index, h, (uint32_t)k->n++);
      return;
    }
    if (!strcmp(k->vals[j].name, val)) {
      k->vals[j].flat = i64_add(k->vals[j].flat, w);
      return;
    }
  }
}

bool report_gen_tags(report *r, char **err) {
  (void)err;
  profile *p = r->view;
  tag_keys ks = {NULL, 0, 0, {0}};
  /* weights per label set first: sets repeat across samples */
  int64_t *setw = xcalloc(p->nlabelsets + 1, sizeof *setw);
  for (size_t s = 0; s < p->nsamples; s++)
    setw[p->sample_labels[s]] = i64_add(setw[p->sample_labels[s]], profile_values(p, s)[r->sample_index]);
  bool *used = xcalloc(p->nlabelsets + 1, 1);
  for (size_t s = 0; s < p->nsamples; s++) used[p->sample_labels[s]] = true;
  for (size_t id = 0; id < p->nlabelsets; id++) {
    /* the output is sorted, so the order sets are visited in does not matter */
    const labelset *set = &p->labelsets[id];
    if (!used[id]) continue;
    for (uint32_t k = 0; k < set->n; k++) {
      const label *l = &p->labels[set->off + k];
      if (l->str) {
        add_tag(&ks, l->key, l->str, setw[id]);
      } else {
        char buf[64];
        units_label_buf(buf, l->num, numlabel_unit(&r->nlu, l->key), r->output_unit);
        add_tag(&ks, l->key, buf, setw[id]);
      }
    }
  }
  free(setw), free(used);
  u64map_free(&ks.index);
  tag_key *keys = ks.keys;
  size_t nkeys = ks.n;
  if (nkeys) qsort(keys, nkeys, sizeof *keys, cmp_key);
  strbuf *sb = &r->text;
  for (size_t i = 0; i < nkeys; i++) {
    tag_key *k = &keys[i];
    qsort(k->vals, k->n, sizeof *k->vals, cmp_tag);
    int64_t total = 0;
    for (size_t j = 0; j < k->n; j++) total = i64_add(total, k->vals[j].flat);
    /* cells: key line [key:, " Total X"], value lines [" ", "X (P%):", " name"] */
    const char *u;
    double f = units_scale(total, r->sample_unit, r->output_unit, &u);
    char *c0 = xasprintf("%s:", k->key);
    size_t w0 = runes(c0) + 1, w1 = 0;
    char **mid = xcalloc(k->n + 1, sizeof *mid);
    for (size_t j = 0; j < k->n; j++) {
      const char *vu;
      double vf = units_scale(k->vals[j].flat, r->sample_unit, r->output_unit, &vu);
      if (total > 0) {
        char pct[32];
        mid[j] = xasprintf("%.1f%s (%s):", vf, vu, units_pct_buf(pct, k->vals[j].flat, total));
      } else {
        mid[j] = xasprintf("%.1f%s:", vf, vu);
      }
      if (runes(mid[j]) + 1 > w1) w1 = runes(mid[j]) + 1;
      if (2 > w0) w0 = 2;
    }
    sb_addn(sb, ' ', w0 - runes(c0));
    sb_printf(sb, "%s Total %.1f%s\n", c0, f, u);
    for (size_t j = 0; j < k->n; j++) {
      sb_addn(sb, ' ', w0 - 1);
      sb_addc(sb, ' ');
      sb_addn(sb, ' ', w1 - runes(mid[j]));
      sb_printf(sb, "%s %s\n", mid[j], k->vals[j].name);
      free(mid[j]);
      free(k->vals[j].name);
    }
    sb_addc(sb, '\n');
    free(mid), free(c0), free(k->vals);
    u64map_free(&k->index);
  }
  free(keys);
  return true;
}
