/*
 * profile.c: the profile model's own operations: creation, label sets,
 * sample appends, sample index lookup, scaling, normalisation, labels, and
 * the numeric label units. Loading is in decode.c, merging in merge.c.
 */
#include "tprof/profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/gofmt.h"
#include "tprof/gotext.h"

void profile_touch(profile *p) { p->serial++; }

profile *profile_new(void) {
  profile *p = xcalloc(1, sizeof *p);
  p->refs = 1;
  profile_touch(p);
  arena_init(&p->mem);
  intern_init(&p->strs, &p->mem);
  const char *empty = intern_s(&p->strs, "");
  p->default_sample_type = p->drop_frames = p->keep_frames = empty;
  p->period_type.type = p->period_type.unit = empty;
  /* label set 0: the empty set */
  XGROW(p->labelsets, p->labelsets_cap, 1);
  p->labelsets[0] = (labelset){0, 0};
  p->nlabelsets = 1;
  u64map_init(&p->labelset_index, 16);
  /* no array of a profile is ever NULL, even empty (p->stack + 0 is then defined) */
  XGROW(p->labels, p->labels_cap, 1);
  p->stack_w = 3;
  profile_reserve_frames(p, 1);
  XGROW(p->values, p->values_cap, 1);
  u64map_init(&p->value_index, 16);
  size_t cap2 = 0, cap3 = 0, cap4 = 0;
  XGROW(p->stack_off, p->samples_cap, 1);
  XGROW(p->stack_len, cap2, 1);
  XGROW(p->sample_labels, cap3, 1);
  XGROW(p->value_idx, cap4, 1);
  return p;
}

static const char *copy_s(intern *in, const char *s) { return s ? intern_s(in, s) : NULL; }

profile *profile_copy(const profile *p) {
  profile *c = profile_new();
  intern *in = &c->strs;
  c->nsample_type = p->nsample_type;
  c->sample_type = arena_alloc(&c->mem, (p->nsample_type + 1) * sizeof *c->sample_type);
  for (size_t i = 0; i < p->nsample_type; i++)
    c->sample_type[i] = (value_type){copy_s(in, p->sample_type[i].type), copy_s(in, p->sample_type[i].unit)};
  c->default_sample_type = copy_s(in, p->default_sample_type);
  c->period_type = (value_type){copy_s(in, p->period_type.type), copy_s(in, p->period_type.unit)};
  c->period = p->period, c->time_nanos = p->time_nanos, c->duration_nanos = p->duration_nanos;
  c->ncomments = p->ncomments;
  c->comments = arena_alloc(&c->mem, (p->ncomments + 1) * sizeof *c->comments);
  for (size_t i = 0; i < p->ncomments; i++) c->comments[i] = copy_s(in, p->comments[i]);
  c->drop_frames = copy_s(in, p->drop_frames), c->keep_frames = copy_s(in, p->keep_frames);
  c->gotext = gotext_ref(p->gotext);
  c->mappings = xcalloc(p->nmappings + 1, sizeof *c->mappings);
  for (size_t i = 0; i < p->nmappings; i++) {
    c->mappings[i] = p->mappings[i];
    c->mappings[i].file = copy_s(in, p->mappings[i].file);
    c->mappings[i].build_id = copy_s(in, p->mappings[i].build_id);
  }
  c->functions = xcalloc(p->nfunctions + 1, sizeof *c->functions);
  for (size_t i = 0; i < p->nfunctions; i++) {
    const function *f = &p->functions[i];
    c->functions[i] = (function){f->id, copy_s(in, f->name), copy_s(in, f->system_name), copy_s(in, f->filename),
                                 f->start_line};
  }
  c->locations = xcalloc(p->nlocations + 1, sizeof *c->locations);
  memcpy(c->locations, p->locations, p->nlocations * sizeof *c->locations);
  c->lines = xcalloc(p->nlines + 1, sizeof *c->lines);
  memcpy(c->lines, p->lines, p->nlines * sizeof *c->lines);
  c->nmappings = p->nmappings, c->nfunctions = p->nfunctions, c->nlocations = p->nlocations, c->nlines = p->nlines;
  profile_reserve_samples(c, p->nsamples);
  for (size_t i = 0; i < p->nsamples; i++) {
    size_t n;
    stk st = profile_stack(p, i, &n);
    const labelset *ls = profile_labels(p, i);
    uint32_t set = profile_intern_labels(c, p->labels + ls->off, ls->n);
    profile_reserve_samples(c, i + 1);
    /* stacks copied as they are stored (the same width) */
    if (c->stack_w != p->stack_w) profile_stack_widen(c);
    profile_reserve_frames(c, c->stack_used + n);
    memcpy(c->stack + c->stack_used * c->stack_w, st.b, n * st.w);
    c->stack_off[i] = (uint32_t)c->stack_used, c->stack_len[i] = (uint32_t)n;
    c->stack_used += n;
    c->value_idx[i] = profile_intern_values(c, profile_values(p, i), c->nsample_type);
    c->sample_labels[i] = set;
    c->nsamples++;
  }
  return c;
}

intern *profile_strings(const profile *p) {
  /* Views intern into their base's table so equal strings stay pointer-equal;
   * the table only ever grows, which borrowed pointers tolerate. */
  while (p->base && (p->borrowed & BORROW_STRINGS)) p = p->base;
  return (intern *)&p->strs;
}

profile *profile_ref(const profile *p) {
  profile *m = (profile *)p; /* the count is not part of the value */
  if (m) __atomic_add_fetch(&m->refs, 1, __ATOMIC_RELAXED);
  return m;
}

void profile_free(profile *p) { profile_unref(p); }

void load_weights_free(load_weights *w) {
  if (!w) return;
  free(w->cum), free(w->flat), free(w);
}

void profile_unref(profile *p) {
  if (!p || __atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) > 0) return;
  unsigned b = p->borrowed;
  if (!(b & BORROW_STRINGS)) {
    intern_free(&p->strs);
    arena_free(&p->mem);
  }
  if (!(b & BORROW_TABLES)) free(p->mappings), free(p->functions), free(p->lines);
  if (!(b & BORROW_LOCATIONS)) free(p->locations);
  if (!(b & BORROW_LABELS)) {
    free(p->labels), free(p->labelsets);
    u64map_free(&p->labelset_index);
  }
  if (!(b & BORROW_STACKS)) free(p->stack);
  if (!(b & BORROW_SAMPLES)) free(p->stack_off), free(p->stack_len), free(p->value_idx), free(p->sample_labels);
  if (!(b & BORROW_VALUES)) {
    free(p->values);
    u64map_free(&p->value_index);
  }
  gotext_unref(p->gotext);
  load_weights_free(p->lw);
  profile *base = (profile *)p->base, *tables = (profile *)p->tables_from;
  free(p);
  profile_unref(tables);
  profile_unref(base);
}

/* ---- label sets ---- */

static int label_order(const label *x, const label *y) {
  bool xs = x->str != NULL, ys = y->str != NULL;
  if (xs != ys) return xs ? -1 : 1; /* string labels first */
  return strcmp(x->key, y->key);
}

static uint64_t labels_hash(const label *ls, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  for (size_t i = 0; i < n; i++) {
    h = hash64(h ^ (uintptr_t)ls[i].key);
    h = hash64(h ^ (uintptr_t)ls[i].str);
    h = hash64(h ^ (uint64_t)ls[i].num);
    h = hash64(h ^ (uintptr_t)ls[i].unit);
  }
  return h;
}

/* Stable sort by label_order: insertion for the usual handful of labels,
 * merge sort (through tmp) for the rare sample that has thousands. */
static void sort_labels(label *ls, label *tmp, size_t n) {
  if (n <= 16) {
    for (size_t i = 1; i < n; i++) {
      label l = ls[i];
      size_t j = i;
      while (j > 0 && label_order(&ls[j - 1], &l) > 0) {
        ls[j] = ls[j - 1];
        j--;
      }
      ls[j] = l;
    }
    return;
  }
  size_t h = n / 2, a = 0, b = h, w = 0;
  sort_labels(ls, tmp, h); /* depth log2(n): bounded */
  sort_labels(ls + h, tmp, n - h);
  while (a < h && b < n) tmp[w++] = label_order(&ls[b], &ls[a]) < 0 ? ls[b++] : ls[a++];
  while (a < h) tmp[w++] = ls[a++];
  while (b < n) tmp[w++] = ls[b++];
  memcpy(ls, tmp, n * sizeof *ls);
}

uint32_t profile_intern_labels(profile *p, const label *in, size_t n) {
  if (n == 0) return 0;
  /* canonical order: a stable sort (stability keeps the values' order) */
  label *ls = xmalloc(n * sizeof *ls);
  intern *strs = profile_strings(p);
  for (size_t i = 0; i < n; i++) {
    label l = in[i];
    l.key = intern_s(strs, l.key);
    if (l.str) l.str = intern_s(strs, l.str);
    if (l.unit) l.unit = intern_s(strs, l.unit);
    ls[i] = l;
  }
  label *tmp = xmalloc(n * sizeof *tmp);
  sort_labels(ls, tmp, n);
  free(tmp);
  uint64_t h = labels_hash(ls, n);
  for (uint64_t k = h;; k++) {
    uint32_t s = u64map_get(&p->labelset_index, k);
    if (s == TPROF_NONE) {
      XGROW(p->labels, p->labels_cap, p->nlabels + n);
      memcpy(p->labels + p->nlabels, ls, n * sizeof *ls);
      XGROW(p->labelsets, p->labelsets_cap, p->nlabelsets + 1);
      p->labelsets[p->nlabelsets] = (labelset){(uint32_t)p->nlabels, (uint32_t)n};
      p->nlabels += n;
      u64map_put(&p->labelset_index, k, (uint32_t)p->nlabelsets);
      free(ls);
      return (uint32_t)p->nlabelsets++;
    }
    const labelset *e = &p->labelsets[s];
    if (e->n == n && memcmp(p->labels + e->off, ls, n * sizeof *ls) == 0) {
      free(ls);
      return s;
    }
  }
}

void profile_reserve_samples(profile *p, size_t n) {
  if (n <= p->samples_cap) return;
  size_t cap = p->samples_cap, cap2 = cap, cap3 = cap, cap4 = cap;
  XGROW(p->stack_off, cap, n);
  XGROW(p->stack_len, cap2, n);
  XGROW(p->sample_labels, cap3, n);
  XGROW(p->value_idx, cap4, n);
  p->samples_cap = cap;
}

/* The key a value tuple is interned under (probing key, key + 1, ...). */
static uint64_t values_hash(const int64_t *v, size_t nt) { return hash_bytes(v, nt * sizeof *v, 7); }

uint32_t profile_intern_values(profile *p, const int64_t *v, size_t nt) {
  if (nt == 0) { /* no types: every sample has the one empty tuple */
    p->nvtuples = 1;
    return 0;
  }
  uint64_t h = values_hash(v, nt);
  for (uint64_t k = h;; k++) { /* probe h, h+1, ... for equal hashes */
    uint32_t t = u64map_get(&p->value_index, k);
    if (t == TPROF_NONE) {
      if (p->nvtuples >= UINT32_MAX - 1) xfatal("out of memory (over 2^32 value tuples)");
      XGROW(p->values, p->values_cap, (p->nvtuples + 1) * nt);
      memcpy(p->values + p->nvtuples * nt, v, nt * sizeof *v);
      u64map_put(&p->value_index, k, (uint32_t)p->nvtuples);
      return (uint32_t)p->nvtuples++;
    }
    if (memcmp(p->values + (size_t)t * nt, v, nt * sizeof *v) == 0) return t;
  }
}

void profile_reserve_frames(profile *p, size_t n) {
  if (n <= p->stack_cap && p->stack) return;
  /* offsets are 32-bit: 12 GB of stacks (the decoder refuses more first) */
  if (n > UINT32_MAX) xfatal("out of memory (over 2^32 frames in the samples' stacks)");
  size_t cap = p->stack_cap ? p->stack_cap : 16;
  while (cap < n) {
    if (cap > SIZE_MAX / 16) xfatal("out of memory (a stack array of over %zu frames)", cap);
    cap *= 2;
  }
  p->stack = xrealloc(p->stack, stk_bytes(cap, p->stack_w));
  p->stack_cap = cap;
}

uint8_t *stk_pack(const uint32_t *a, size_t n, size_t *w) {
  uint32_t max = 0;
  for (size_t k = 0; k < n; k++) max = a[k] > max ? a[k] : max;
  *w = max > 0xffffffu ? 4 : 3;
  uint8_t *b = xmalloc(stk_bytes(n, *w));
  for (size_t k = 0; k < n; k++) stk_put_fwd(b, *w, k, a[k]);
  return b;
}

void profile_stack_widen(profile *p) {
  if (p->stack_w == 4) return;
  size_t cap = p->stack_cap;
  uint8_t *b = xrealloc(p->stack, stk_bytes(cap, 4));
  stk old = {b, 3, 0xffffffu};
  for (size_t k = p->stack_used; k-- > 0;) stk_put(b, 4, k, stk_at(old, k)); /* from the end: 4k >= 3k */
  p->stack = b, p->stack_w = 4;
}

void profile_push_frames(profile *p, const uint32_t *st, size_t n) {
  size_t off = p->stack_used;
  if (p->stack_w == 3)
    for (size_t k = 0; k < n; k++)
      if (st[k] > 0xffffffu) {
        profile_stack_widen(p);
        break;
      }
  profile_reserve_frames(p, off + n);
  for (size_t k = 0; k < n; k++) stk_put(p->stack, p->stack_w, off + k, st[k]);
  p->stack_used = off + n;
}

void profile_add_sample(profile *p, const uint32_t *stack, size_t nstack, const int64_t *values,
                        uint32_t set) {
  size_t i = p->nsamples;
  profile_reserve_samples(p, i + 1);
  size_t off = p->stack_used;
  profile_push_frames(p, stack, nstack);
  p->stack_off[i] = (uint32_t)off;
  p->stack_len[i] = (uint32_t)nstack;
  p->value_idx[i] = profile_intern_values(p, values, p->nsample_type);
  p->sample_labels[i] = set;
  p->nsamples++;
}

/* ---- sample index ---- */

int profile_sample_index(const profile *p, const char *name, char **err) {
  size_t n = p->nsample_type;
  if (!name || !*name) {
    if (*p->default_sample_type)
      for (size_t i = 0; i < n; i++)
        if (!strcmp(p->sample_type[i].type, p->default_sample_type)) return (int)i;
    return (int)n - 1;
  }
  int64_t v;
  if (go_atoi(name, 64, &v)) {
    if (v < 0 || (uint64_t)v >= n) {
      *err = xasprintf("sample_index %s is outside the range [0..%d]", name, (int)n - 1);
      return -1;
    }
    return (int)v;
  }
  const char *noinuse = strncmp(name, "inuse_", 6) == 0 ? name + 6 : name;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(p->sample_type[i].type, name) || !strcmp(p->sample_type[i].type, noinuse)) return (int)i;
  strbuf sb = STRBUF_INIT;
  sb_adds(&sb, "sample_index ");
  go_quote(&sb, name);
  sb_adds(&sb, " must be one of: [");
  for (size_t i = 0; i < n; i++) sb_printf(&sb, "%s%s", i ? " " : "", p->sample_type[i].type);
  sb_addc(&sb, ']');
  *err = sb_steal(&sb);
  return -1;
}

/* ---- scaling ---- */

void profile_scale(profile *p, const double *ratios) {
  profile_touch(p);
  size_t nt = p->nsample_type;
  bool all_ones = true;
  for (size_t i = 0; i < nt; i++)
    if (ratios[i] != 1) all_ones = false;
  if (all_ones) return;
  /* each tuple scaled once (p's own: a scaled profile is not shared), then
   * the tuples hashed again; a sample is kept unless a scaled value of its
   * tuple is 0 in every scaled type */
  bool *keep = xmalloc((p->nvtuples + 1) * sizeof *keep);
  for (size_t t = 0; t < p->nvtuples; t++) {
    int64_t *v = p->values + t * nt;
    keep[t] = false;
    for (size_t i = 0; i < nt; i++) {
      if (ratios[i] != 1) {
        double r = round((double)v[i] * ratios[i]);
        int64_t x = i64_from_double(r);
        v[i] = x;
        keep[t] = keep[t] || x != 0;
      }
    }
  }
  u64map_free(&p->value_index);
  u64map_init(&p->value_index, p->nvtuples);
  for (size_t t = 0; t < p->nvtuples; t++) {
    uint64_t k = values_hash(p->values + t * nt, nt);
    while (u64map_get(&p->value_index, k) != TPROF_NONE) k++;
    u64map_put(&p->value_index, k, (uint32_t)t);
  }
  size_t w = 0;
  for (size_t s = 0; s < p->nsamples; s++) {
    if (!keep[p->value_idx[s]]) continue;
    if (w != s) {
      /* stacks stay where they are: only the sample records move */
      p->stack_off[w] = p->stack_off[s];
      p->stack_len[w] = p->stack_len[s];
      p->value_idx[w] = p->value_idx[s];
      p->sample_labels[w] = p->sample_labels[s];
    }
    w++;
  }
  free(keep);
  p->nsamples = w;
}

static bool same_vt(const value_type *a, const value_type *b) {
  return !strcmp(a->type, b->type) && !strcmp(a->unit, b->unit);
}

int profile_normalize(profile *p, const profile *base, char **err) {
  if (!same_vt(&p->period_type, &base->period_type) || p->nsample_type != base->nsample_type) {
    *err = xasprintf("incompatible profiles: cannot normalize by a profile of other sample types");
    return -1;
  }
  for (size_t i = 0; i < p->nsample_type; i++)
    if (!same_vt(&p->sample_type[i], &base->sample_type[i])) {
      *err = xasprintf("incompatible sample types %s/%s and %s/%s", p->sample_type[i].type,
                       p->sample_type[i].unit, base->sample_type[i].type, base->sample_type[i].unit);
      return -1;
    }
  size_t nt = p->nsample_type;
  int64_t *bv = xcalloc(nt ? nt : 1, sizeof *bv), *sv = xcalloc(nt ? nt : 1, sizeof *sv);
  for (size_t s = 0; s < base->nsamples; s++)
    for (size_t i = 0; i < nt; i++) bv[i] = i64_add(bv[i], profile_values(base, s)[i]);
  for (size_t s = 0; s < p->nsamples; s++)
    for (size_t i = 0; i < nt; i++) sv[i] = i64_add(sv[i], profile_values(p, s)[i]);
  double *r = xcalloc(nt ? nt : 1, sizeof *r);
  for (size_t i = 0; i < nt; i++) r[i] = sv[i] == 0 ? 0.0 : (double)bv[i] / (double)sv[i];
  profile_scale(p, r);
  free(bv), free(sv), free(r);
  return 0;
}

void profile_set_label(profile *p, const char *key, const char *value) {
  profile_touch(p);
  key = intern_s(profile_strings(p), key);
  value = intern_s(profile_strings(p), value);
  size_t ns = p->nlabelsets;
  uint32_t *map = xmalloc(ns * sizeof *map);
  for (size_t i = 0; i < ns; i++) map[i] = TPROF_NONE;
  label *tmp = NULL;
  size_t cap = 0;
  for (size_t s = 0; s < p->nsamples; s++) {
    uint32_t id = p->sample_labels[s];
    if (map[id] == TPROF_NONE) {
      labelset set = p->labelsets[id];
      XGROW(tmp, cap, set.n + 1);
      size_t n = 0;
      for (uint32_t k = 0; k < set.n; k++) {
        label l = p->labels[set.off + k];
        if (l.str && l.key == key) continue; /* replaced */
        tmp[n++] = l;
      }
      tmp[n++] = (label){key, value, 0, NULL};
      map[id] = profile_intern_labels(p, tmp, n);
    }
    p->sample_labels[s] = map[id];
  }
  free(tmp);
  free(map);
}

/* ---- numeric label units ---- */

void profile_numlabel_units(const profile *p, numlabel_units *u) {
  memset(u, 0, sizeof *u);
  size_t cap = 0;
  /* ignored units per key, as (key index, unit) pairs */
  const char **ign_unit = NULL;
  size_t *ign_key = NULL, nign = 0, ign_cap = 0;
  bool *seen = xcalloc(p->nlabelsets, 1);
  for (size_t s = 0; s < p->nsamples; s++) {
    uint32_t id = p->sample_labels[s];
    if (seen[id]) continue;
    seen[id] = true;
    const labelset *set = &p->labelsets[id];
    for (uint32_t k = 0; k < set->n; k++) {
      const label *l = &p->labels[set->off + k];
      if (l->str) continue;
      size_t ki;
      for (ki = 0; ki < u->n; ki++)
        if (!strcmp(u->keys[ki], l->key)) break;
      if (ki == u->n) {
        XGROW(u->keys, cap, u->n + 1);
        u->units = xreallocarray(u->units, cap, sizeof *u->units);
        u->keys[u->n] = l->key;
        u->units[u->n] = "";
        u->n++;
      }
      const char *unit = l->unit ? l->unit : "";
      if (!*unit) continue;
      if (!*u->units[ki]) {
        u->units[ki] = unit;
      } else if (strcmp(u->units[ki], unit)) {
        bool dup = false;
        for (size_t j = 0; j < nign; j++)
          if (ign_key[j] == ki && !strcmp(ign_unit[j], unit)) dup = true;
        if (!dup) {
          size_t c = ign_cap;
          XGROW(ign_key, c, nign + 1);
          XGROW(ign_unit, ign_cap, nign + 1);
          ign_key[nign] = ki, ign_unit[nign] = unit;
          nign++;
        }
      }
    }
  }
  free(seen);
  for (size_t i = 0; i < u->n; i++) {
    if (*u->units[i]) continue;
    if (!strcmp(u->keys[i], "alignment") || !strcmp(u->keys[i], "request"))
      u->units[i] = "bytes";
    else
      u->units[i] = u->keys[i];
  }
  /* warnings: keys in byte order, units sorted */
  size_t *order = xmalloc((u->n ? u->n : 1) * sizeof *order);
  for (size_t i = 0; i < u->n; i++) order[i] = i;
  for (size_t i = 1; i < u->n; i++)
    for (size_t j = i; j > 0 && strcmp(u->keys[order[j - 1]], u->keys[order[j]]) > 0; j--) {
      size_t t = order[j];
      order[j] = order[j - 1], order[j - 1] = t;
    }
  for (size_t oi = 0; oi < u->n; oi++) {
    size_t ki = order[oi];
    const char **us = NULL;
    size_t nus = 0, ucap = 0;
    for (size_t j = 0; j < nign; j++)
      if (ign_key[j] == ki) {
        XGROW(us, ucap, nus + 1);
        us[nus++] = ign_unit[j];
      }
    if (!nus) continue;
    for (size_t a = 1; a < nus; a++)
      for (size_t b = a; b > 0 && strcmp(us[b - 1], us[b]) > 0; b--) {
        const char *t = us[b];
        us[b] = us[b - 1], us[b - 1] = t;
      }
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "For tag %s used unit %s, also encountered unit(s) ", u->keys[ki], u->units[ki]);
    for (size_t a = 0; a < nus; a++) sb_printf(&sb, "%s%s", a ? ", " : "", us[a]);
    u->warnings = xreallocarray(u->warnings, u->nwarnings + 1, sizeof *u->warnings);
    u->warnings[u->nwarnings++] = sb_steal(&sb);
    free(us);
  }
  free(order);
  free(ign_key);
  free(ign_unit);
}

void numlabel_units_free(numlabel_units *u) {
  free(u->keys), free(u->units);
  for (size_t i = 0; i < u->nwarnings; i++) free(u->warnings[i]);
  free(u->warnings);
  memset(u, 0, sizeof *u);
}

const char *numlabel_unit(const numlabel_units *u, const char *key) {
  for (size_t i = 0; i < u->n; i++)
    if (!strcmp(u->keys[i], key)) return u->units[i];
  return "";
}
