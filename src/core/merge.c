/*
 * merge.c: pprof's profile.Merge and measurement.ScaleProfiles.
 *
 * pprof always merges, even a single profile (it compacts it): mappings,
 * functions and locations are deduplicated by content and renumbered in
 * order of first use by the samples, identical samples (same stack, same
 * labels) are added up, zero samples are dropped. Reports that print ids or
 * sample order (-raw, -traces) depend on this, so it is reproduced exactly.
 *
 * Memory: the sources are concatenated into the first one, then compacted
 * in place: a sample's stack is only ever moved towards the front, so no
 * second copy of the (large) stack array is made.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/gotext.h"
#include "tprof/profile.h"
#include "tprof/units.h"
#include "loadweights.h"

/* ---- a hash set of indices keyed by content (equal hashes chain on h+1) ---- */

typedef bool (*eq_fn)(void *ctx, uint32_t idx);

/* An index by content hash: open addressing over 1.5 slots an entry (any
 * count: a hash's low 32 bits are scaled to it), a slot 4 bytes: index + 1
 * in the low bits (0 = empty), more bits of the hash above as a tag, so a
 * probe compares content (eq) only when the tags agree. The merge's maps
 * of mappings, functions, locations and samples: on a 2M-sample,
 * 290k-location profile 14 MB instead of the 42 MB of u64maps at twice
 * the entries rounded up to a power of two, at the load's peak RSS. */
typedef struct htab {
  uint32_t *slot;
  size_t cap;
  uint32_t mask; /* the index + 1 bits */
} htab;

static void htab_init(htab *t, size_t n) {
  t->cap = n + n / 2 + 16;
  t->slot = xzalloc_huge(t->cap * sizeof *t->slot);
  unsigned bits = 1;
  while (bits < 32 && ((uint64_t)1 << bits) <= n + 1) bits++;
  t->mask = bits == 32 ? UINT32_MAX : ((uint32_t)1 << bits) - 1;
}

static inline size_t htab_home(const htab *t, uint64_t h) {
  return (size_t)(((unsigned __int128)(uint32_t)h * t->cap) >> 32);
}

/* The entry equal to the key hashed to h, or TPROF_NONE and in *at the
 * slot htab_put fills for it. */
static uint32_t htab_find(const htab *t, uint64_t h, eq_fn eq, void *ctx, size_t *at) {
  uint32_t tag = (uint32_t)(h >> 32) & ~t->mask;
  size_t j = htab_home(t, h);
  *at = j;
  for (uint32_t e; (e = t->slot[j]) != 0; j = j + 1 == t->cap ? 0 : j + 1)
    if ((e & ~t->mask) == tag && eq(ctx, (e & t->mask) - 1)) return (e & t->mask) - 1;
  *at = j;
  return TPROF_NONE;
}

static void htab_put(htab *t, size_t at, uint64_t h, uint32_t idx) {
  t->slot[at] = ((uint32_t)(h >> 32) & ~t->mask) | (idx + 1);
}

/* ---- merger state ---- */

typedef struct merger {
  profile *dst;
  lw_job *lw; /* the first pass on the side (loadweights.h), or NULL */
  /* destination tables */
  mapping *maps;
  size_t nmaps, maps_cap;
  function *funcs;
  size_t nfuncs, funcs_cap;
  location *locs;
  size_t nlocs, locs_cap;
  pline *lines;
  size_t nlines, lines_cap;
  htab map_index, func_index, loc_index;
  htab stab; /* samples already written: the merge's largest allocation on big profiles */
  /* per source-index maps (over the concatenated source tables) */
  uint32_t *map_of_src;    /* source mapping -> dst mapping */
  int64_t *map_offset;     /* address offset for that source mapping */
  uint32_t *func_of_src;
  uint32_t *loc_of_src;
  /* scratch for key comparison */
  const void *key;
  size_t key_n;
  uint64_t key_u[4];
  const char *key_s[3];
  location key_loc;
  const pline *key_lines;
} merger;

/* mapping key: rounded size, offset, build id or file */
static uint64_t mapping_size_key(const mapping *m) {
  uint64_t size = m->limit - m->start;
  size = size + 0x1000 - 1;
  size = size - (size % 0x1000);
  return size;
}

static const char *mapping_id_key(const mapping *m) {
  if (*m->build_id) return m->build_id;
  if (*m->file) return m->file;
  return "";
}

static bool map_eq(void *ctx, uint32_t i) {
  merger *mg = ctx;
  const mapping *m = &mg->maps[i];
  return mapping_size_key(m) == mg->key_u[0] && m->offset == mg->key_u[1] && mapping_id_key(m) == mg->key_s[0];
}

/* map a source mapping (index into src table `sm`) to the destination */
static void map_mapping(merger *mg, const mapping *sm, uint32_t si) {
  if (mg->map_of_src[si] != TPROF_NONE) return;
  mg->key_u[0] = mapping_size_key(sm);
  mg->key_u[1] = sm->offset;
  mg->key_s[0] = mapping_id_key(sm);
  uint64_t h = hash64(mg->key_u[0] ^ hash64(mg->key_u[1] ^ hash64((uintptr_t)mg->key_s[0])));
  size_t slot;
  uint32_t di = htab_find(&mg->map_index, h, map_eq, mg, &slot);
  if (di != TPROF_NONE) {
    mg->map_of_src[si] = di;
    mg->map_offset[si] = (int64_t)(mg->maps[di].start - sm->start); /* wraps, as in Go */
    return;
  }
  XGROW(mg->maps, mg->maps_cap, mg->nmaps + 1);
  mapping m = *sm;
  m.id = mg->nmaps + 1;
  mg->maps[mg->nmaps] = m;
  htab_put(&mg->map_index, slot, h, (uint32_t)mg->nmaps);
  mg->map_of_src[si] = (uint32_t)mg->nmaps++;
  mg->map_offset[si] = 0;
}

static bool func_eq(void *ctx, uint32_t i) {
  merger *mg = ctx;
  const function *f = &mg->funcs[i];
  return f->start_line == (int64_t)mg->key_u[0] && f->name == mg->key_s[0] && f->system_name == mg->key_s[1] &&
         f->filename == mg->key_s[2];
}

static uint32_t map_function(merger *mg, const function *sf, uint32_t si) {
  if (mg->func_of_src[si] != TPROF_NONE) return mg->func_of_src[si];
  mg->key_u[0] = (uint64_t)sf->start_line;
  mg->key_s[0] = sf->name, mg->key_s[1] = sf->system_name, mg->key_s[2] = sf->filename;
  uint64_t h = hash64((uint64_t)sf->start_line ^
                      hash64((uintptr_t)sf->name ^ hash64((uintptr_t)sf->system_name ^ hash64((uintptr_t)sf->filename))));
  size_t slot;
  uint32_t di = htab_find(&mg->func_index, h, func_eq, mg, &slot);
  if (di == TPROF_NONE) {
    XGROW(mg->funcs, mg->funcs_cap, mg->nfuncs + 1);
    function f = *sf;
    f.id = mg->nfuncs + 1;
    mg->funcs[mg->nfuncs] = f;
    htab_put(&mg->func_index, slot, h, (uint32_t)mg->nfuncs);
    di = (uint32_t)mg->nfuncs++;
  }
  mg->func_of_src[si] = di;
  return di;
}

static bool loc_eq(void *ctx, uint32_t i) {
  merger *mg = ctx;
  const location *a = &mg->locs[i], *b = &mg->key_loc;
  uint64_t ka = a->address - (a->mapping != TPROF_NONE ? mg->maps[a->mapping].start : 0);
  uint64_t kb = b->address - (b->mapping != TPROF_NONE ? mg->maps[b->mapping].start : 0);
  uint64_t ma = a->mapping != TPROF_NONE ? mg->maps[a->mapping].id : 0;
  uint64_t mb = b->mapping != TPROF_NONE ? mg->maps[b->mapping].id : 0;
  if (ka != kb || ma != mb || a->is_folded != b->is_folded || a->nlines != b->nlines) return false;
  for (uint32_t k = 0; k < a->nlines; k++) {
    const pline *x = &mg->lines[a->line_off + k], *y = &mg->key_lines[k];
    if (x->func != y->func || x->line != y->line) return false;
  }
  return true;
}

/* source profile `sp` location li (local index) whose concatenated index is gi */
static uint32_t map_location(merger *mg, const profile *sp, uint32_t gi) {
  if (mg->loc_of_src[gi] != TPROF_NONE) return mg->loc_of_src[gi];
  const location *sl = &sp->locations[gi];
  location l = *sl;
  l.mapping = TPROF_NONE;
  if (sl->mapping != TPROF_NONE) {
    uint32_t smi = sl->mapping;
    map_mapping(mg, &sp->mappings[sl->mapping], smi);
    l.mapping = mg->map_of_src[smi];
    l.address = sl->address + (uint64_t)mg->map_offset[smi];
  }
  /* map lines into a scratch area at the end of the dst line table */
  XGROW(mg->lines, mg->lines_cap, mg->nlines + sl->nlines + 1); /* never NULL, even for no lines */
  pline *tmp = mg->lines + mg->nlines;
  for (uint32_t k = 0; k < sl->nlines; k++) {
    const pline *s = &sp->lines[sl->line_off + k];
    tmp[k].func = map_function(mg, &sp->functions[s->func], s->func);
    tmp[k].line = s->line;
  }
  l.line_off = (uint32_t)mg->nlines;
  mg->key_loc = l;
  mg->key_lines = tmp;
  uint64_t kaddr = l.address - (l.mapping != TPROF_NONE ? mg->maps[l.mapping].start : 0);
  uint64_t h = hash64(kaddr ^ hash64((l.mapping != TPROF_NONE ? mg->maps[l.mapping].id : 0) ^
                                     hash64(l.is_folded ^ ((uint64_t)l.nlines << 1))));
  for (uint32_t k = 0; k < l.nlines; k++) h = hash64(h ^ tmp[k].func ^ hash64((uint64_t)tmp[k].line));
  size_t slot;
  uint32_t di = htab_find(&mg->loc_index, h, loc_eq, mg, &slot);
  if (di == TPROF_NONE) {
    XGROW(mg->locs, mg->locs_cap, mg->nlocs + 1);
    l.id = mg->nlocs + 1;
    mg->locs[mg->nlocs] = l;
    mg->nlines += l.nlines; /* keep the scratch lines */
    htab_put(&mg->loc_index, slot, h, (uint32_t)mg->nlocs);
    di = (uint32_t)mg->nlocs++;
    if (mg->lw) lw_location(mg->lw, di, mg->lines + l.line_off, l.nlines);
  }
  mg->loc_of_src[gi] = di;
  return di;
}

/* ---- sample dedup ---- */

typedef struct sample_ctx {
  const profile *dst;
  const uint32_t *stack;
  size_t n;
  uint32_t set;
} sample_ctx;

static bool sample_eq(void *ctx, uint32_t i) {
  sample_ctx *c = ctx;
  size_t n;
  stk s = profile_stack(c->dst, i, &n);
  if (n != c->n || c->dst->sample_labels[i] != c->set) return false;
  for (size_t k = 0; k < n; k++)
    if (stk_at(s, k) != c->stack[k]) return false;
  return true;
}

static bool is_zero(const int64_t *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (v[i]) return false;
  return true;
}

/* ---- value type harmonisation (measurement.ScaleProfiles) ---- */

static bool common_type(value_type **ts, size_t n, value_type *out, bool *has, char **err) {
  *has = false;
  if (n <= 1) return true;
  value_type *min = ts[0];
  for (size_t i = 1; i < n; i++) {
    value_type *t = ts[i];
    /* compatibleValueTypes: types equal up to a trailing "s", units of one family */
    size_t la = strlen(min->type), lb = strlen(t->type);
    if (la && min->type[la - 1] == 's') la--;
    if (lb && t->type[lb - 1] == 's') lb--;
    if (la != lb || strncmp(min->type, t->type, la) || !units_compatible(min->unit, t->unit)) {
      *err = xasprintf("incompatible types: %s/%s and %s/%s", min->type, min->unit, t->type, t->unit);
      return false;
    }
    const char *u;
    if (units_scale(1, t->unit, min->unit, &u) < 1) min = t;
  }
  *out = *min;
  *has = true;
  return true;
}

static bool scale_profiles(profile **ps, size_t n, char **err) {
  if (n <= 1) return true;
  value_type **pts = xmalloc(n * sizeof *pts);
  for (size_t i = 0; i < n; i++) pts[i] = &ps[i]->period_type;
  value_type pt;
  bool has_pt;
  if (!common_type(pts, n, &pt, &has_pt, err)) {
    char *e = *err;
    *err = xasprintf("period type: %s", e);
    free(e), free(pts);
    return false;
  }
  size_t nt = ps[0]->nsample_type;
  for (size_t i = 1; i < n; i++)
    if (ps[i]->nsample_type != nt) {
      *err = xasprintf("inconsistent samples type count: %zu != %zu", nt, ps[i]->nsample_type);
      free(pts);
      return false;
    }
  value_type *common = xcalloc(nt ? nt : 1, sizeof *common);
  bool *has = xcalloc(nt ? nt : 1, sizeof *has);
  for (size_t t = 0; t < nt; t++) {
    for (size_t i = 0; i < n; i++) pts[i] = &ps[i]->sample_type[t];
    if (!common_type(pts, n, &common[t], &has[t], err)) {
      char *e = *err;
      *err = xasprintf("sample types: %s", e);
      free(e), free(pts), free(common), free(has);
      return false;
    }
  }
  for (size_t i = 0; i < n; i++) {
    profile *p = ps[i];
    const char *u;
    if (has_pt) {
      double per = units_scale(p->period, p->period_type.unit, pt.unit, &u);
      p->period = i64_from_double(per);
      p->period_type.unit = intern_s(&p->strs, pt.unit);
    }
    double *r = xcalloc(nt ? nt : 1, sizeof *r);
    for (size_t t = 0; t < nt; t++) {
      if (!has[t]) {
        r[t] = 1;
        continue;
      }
      r[t] = units_scale(1, p->sample_type[t].unit, common[t].unit, &u);
      p->sample_type[t].unit = intern_s(&p->strs, common[t].unit);
    }
    profile_scale(p, r);
    free(r);
  }
  free(pts), free(common), free(has);
  return true;
}

static bool same_vt(const value_type *a, const value_type *b) {
  return !strcmp(a->type, b->type) && !strcmp(a->unit, b->unit);
}

static void vt_desc(strbuf *sb, const profile *p) {
  sb_addc(sb, '[');
  for (size_t i = 0; i < p->nsample_type; i++)
    sb_printf(sb, "%s%s/%s", i ? " " : "", p->sample_type[i].type, p->sample_type[i].unit);
  sb_addc(sb, ']');
}

/* ---- concatenation: move sources 1.. into source 0, re-interning strings ---- */

static const char *re(profile *d, const char *s) { return intern_s(&d->strs, s); }

static void concat(profile *d, profile *s, uint32_t *map_base, uint32_t *func_base, uint32_t *loc_base) {
  *map_base = (uint32_t)d->nmappings, *func_base = (uint32_t)d->nfunctions, *loc_base = (uint32_t)d->nlocations;
  d->mappings = xreallocarray(d->mappings, d->nmappings + s->nmappings + 1, sizeof *d->mappings);
  for (size_t i = 0; i < s->nmappings; i++) {
    mapping m = s->mappings[i];
    m.file = re(d, m.file), m.build_id = re(d, m.build_id);
    d->mappings[d->nmappings++] = m;
  }
  d->functions = xreallocarray(d->functions, d->nfunctions + s->nfunctions + 1, sizeof *d->functions);
  for (size_t i = 0; i < s->nfunctions; i++) {
    function f = s->functions[i];
    f.name = re(d, f.name), f.system_name = re(d, f.system_name), f.filename = re(d, f.filename);
    d->functions[d->nfunctions++] = f;
  }
  uint32_t lbase = (uint32_t)d->nlines;
  d->lines = xreallocarray(d->lines, d->nlines + s->nlines + 1, sizeof *d->lines);
  for (size_t i = 0; i < s->nlines; i++) {
    pline l = s->lines[i];
    l.func += *func_base;
    d->lines[d->nlines++] = l;
  }
  d->locations = xreallocarray(d->locations, d->nlocations + s->nlocations + 1, sizeof *d->locations);
  for (size_t i = 0; i < s->nlocations; i++) {
    location l = s->locations[i];
    if (l.mapping != TPROF_NONE) l.mapping += *map_base;
    l.line_off += lbase;
    d->locations[d->nlocations++] = l;
  }
  /* label sets */
  uint32_t *setmap = xmalloc(s->nlabelsets * sizeof *setmap);
  label *tmp = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < s->nlabelsets; i++) {
    labelset set = s->labelsets[i];
    XGROW(tmp, cap, set.n + 1);
    for (uint32_t k = 0; k < set.n; k++) tmp[k] = s->labels[set.off + k];
    setmap[i] = profile_intern_labels(d, tmp, set.n);
  }
  free(tmp);
  for (size_t i = 0; i < s->nsamples; i++) {
    size_t n;
    stk st = profile_stack(s, i, &n);
    /* shift location indices */
    uint32_t *buf = xmalloc((n ? n : 1) * sizeof *buf);
    for (size_t k = 0; k < n; k++) buf[k] = stk_at(st, k) + *loc_base;
    profile_add_sample(d, buf, n, profile_values(s, i), setmap[s->sample_labels[i]]);
    free(buf);
  }
  free(setmap);
}

/* ---- compaction ---- */

typedef struct src_range {
  size_t sample_end;  /* samples [prev end, sample_end) came from this source */
  uint32_t map_base, nmaps, func_base, loc_base;
} src_range;

/* Where compact is in its sources, and a sample it has mapped and hashed. */
typedef struct merge_cursor {
  size_t r, s;  /* range, next sample */
  bool entered; /* range r's mappings are mapped */
} merge_cursor;
typedef struct pending {
  size_t s, n;  /* sample, stack length */
  uint64_t h;   /* hash of the mapped stack and label set */
  uint32_t *st; /* the mapped stack */
  size_t cap;
} pending;

/* Map and hash the next nonzero sample into *out; false at the end. */
static bool next_sample(merger *mg, profile *p, const src_range *ranges, size_t nranges, merge_cursor *c,
                        pending *out) {
  size_t nt = p->nsample_type;
  for (; c->r < nranges; c->r++, c->entered = false) {
    const src_range *rg = &ranges[c->r];
    /* per-source maps are reset: different sources never share ids */
    if (!c->entered && mg->nmaps == 0 && rg->nmaps > 0) map_mapping(mg, &p->mappings[rg->map_base], rg->map_base);
    c->entered = true;
    for (; c->s < rg->sample_end; c->s++) {
      if (is_zero(profile_values(p, c->s), nt)) continue;
      size_t s = c->s++, off = p->stack_off[s], n = p->stack_len[s];
      XGROW(out->st, out->cap, n + 1);
      /* the source location -> merged location table (4 bytes a location:
       * over a megabyte on big profiles) is prefetched 16 frames ahead, into
       * the next samples' stacks (in range: stacks lie in p->stack) */
      stk src = stk_from(profile_frames(p), off);
      size_t readable = p->stack_used - off;
      for (size_t k = 0; k < n; k++) {
        if (k + 16 < readable) __builtin_prefetch(mg->loc_of_src + stk_at(src, k + 16));
        out->st[k] = map_location(mg, p, stk_at(src, k));
      }
      out->s = s, out->n = n;
      out->h = hash_bytes(out->st, n * sizeof *out->st, p->sample_labels[s]);
      return true;
    }
  }
  return false;
}

/* With side_pass, the unfiltered view's first pass is made on a second
 * thread as the samples are written, and kept in p->lw. */
static void compact(profile *p, const src_range *ranges, size_t nranges, bool side_pass) {
  merger mg;
  memset(&mg, 0, sizeof mg);
  /* merged location indices are below p->nlocations: stored in place */
  if (p->nlocations > 0xffffffu) profile_stack_widen(p);
  if (side_pass) mg.lw = lw_start(p, p->nlocations, p->nlines, p->nfunctions);
  /* at most as many entries as the sources have */
  htab_init(&mg.map_index, p->nmappings);
  htab_init(&mg.func_index, p->nfunctions);
  htab_init(&mg.loc_index, p->nlocations);
  htab_init(&mg.stab, p->nsamples);
  size_t nm = p->nmappings, nf = p->nfunctions, nl = p->nlocations;
  /* the merged tables are at most the sources' sizes: allocated once at
   * that (untouched pages cost nothing), not grown by doubling, which copied
   * each table into fresh memory about twice over (a fifth of the page
   * faults of loading the corpus's CPU profile) */
  mg.funcs_cap = nf + 1, mg.funcs = xmalloc(mg.funcs_cap * sizeof *mg.funcs);
  mg.locs_cap = nl + 1, mg.locs = xmalloc(mg.locs_cap * sizeof *mg.locs);
  mg.lines_cap = p->nlines + 16, mg.lines = xmalloc(mg.lines_cap * sizeof *mg.lines);
  mg.map_of_src = xmalloc((nm ? nm : 1) * sizeof *mg.map_of_src);
  mg.map_offset = xcalloc(nm ? nm : 1, sizeof *mg.map_offset);
  mg.func_of_src = xmalloc((nf ? nf : 1) * sizeof *mg.func_of_src);
  mg.loc_of_src = xmalloc((nl ? nl : 1) * sizeof *mg.loc_of_src);
  memset(mg.map_of_src, 0xff, (nm ? nm : 1) * sizeof *mg.map_of_src);
  memset(mg.func_of_src, 0xff, (nf ? nf : 1) * sizeof *mg.func_of_src);
  memset(mg.loc_of_src, 0xff, (nl ? nl : 1) * sizeof *mg.loc_of_src);

  /* Pipelined by one sample: the next sample's stack is mapped and hashed,
   * and its table slot prefetched, before this one is looked up, so the
   * table's cache miss (it is tens of MB on big profiles) overlaps the
   * mapping. Locations are still mapped, and so numbered, in sample order;
   * reading the next stack before this one is written is safe as the
   * writes only move stacks towards the front. */
  merge_cursor cur = {0, 0, false};
  pending pd[2] = {{0}, {0}};
  bool have = next_sample(&mg, p, ranges, nranges, &cur, &pd[0]);
  size_t w = 0, woff = 0, nt = p->nsample_type, sum_cap = 0;
  int64_t *sum = NULL;
  for (int b = 0; have; b ^= 1) {
    const pending *c = &pd[b];
    have = next_sample(&mg, p, ranges, nranges, &cur, &pd[b ^ 1]);
    if (have) __builtin_prefetch(&mg.stab.slot[htab_home(&mg.stab, pd[b ^ 1].h)]);
    uint32_t vi = p->value_idx[c->s];
    const int64_t *v = p->values + (size_t)vi * nt; /* until a tuple is added */
    uint32_t set = p->sample_labels[c->s];
    /* compare with samples [0, w), already written */
    sample_ctx ctx = {p, c->st, c->n, set};
    size_t slot;
    uint32_t di = htab_find(&mg.stab, c->h, sample_eq, &ctx, &slot);
    if (di != TPROF_NONE) {
      if (mg.lw) lw_sample(mg.lw, di, v, woff); /* the sums are linear: fed as its own event */
      XGROW(sum, sum_cap, nt + 1);
      const int64_t *dv = profile_values(p, di);
      for (size_t i = 0; i < nt; i++) sum[i] = (int64_t)((uint64_t)dv[i] + (uint64_t)v[i]);
      p->value_idx[di] = profile_intern_values(p, sum, nt); /* may move p->values */
      continue;
    }
    /* write sample w: stack at woff (<= its offset, so the source is intact) */
    for (size_t k = 0; k < c->n; k++) stk_put(p->stack, p->stack_w, woff + k, c->st[k]);
    p->value_idx[w] = vi;
    p->sample_labels[w] = set;
    p->stack_off[w] = (uint32_t)woff;
    p->stack_len[w] = (uint32_t)c->n;
    woff += c->n;
    htab_put(&mg.stab, slot, c->h, (uint32_t)w);
    if (mg.lw) lw_sample(mg.lw, w, v, woff);
    w++;
  }
  load_weights *lw = lw_finish(mg.lw, mg.nfuncs);
  load_weights_free(p->lw);
  p->lw = lw;
  p->nsamples = w;
  p->stack_used = woff;
  free(pd[0].st), free(pd[1].st), free(sum);
  free(p->mappings), free(p->functions), free(p->locations), free(p->lines);
  /* tables stay allocated when empty (profile.h) */
  if (!mg.maps) XGROW(mg.maps, mg.maps_cap, 1);
  if (!mg.funcs) XGROW(mg.funcs, mg.funcs_cap, 1);
  if (!mg.locs) XGROW(mg.locs, mg.locs_cap, 1);
  if (!mg.lines) XGROW(mg.lines, mg.lines_cap, 1);
  p->mappings = mg.maps, p->nmappings = mg.nmaps;
  p->functions = mg.funcs, p->nfunctions = mg.nfuncs;
  p->locations = mg.locs, p->nlocations = mg.nlocs;
  p->lines = mg.lines, p->nlines = mg.nlines;
  free(mg.map_of_src), free(mg.map_offset), free(mg.func_of_src), free(mg.loc_of_src);
  free(mg.map_index.slot), free(mg.func_index.slot), free(mg.loc_index.slot);
  free(mg.stab.slot);
}

profile *profile_merge(profile **srcs, size_t n, char **err) {
  if (n == 0) {
    *err = xasprintf("no profiles to merge");
    return NULL;
  }
  if (!scale_profiles(srcs, n, err)) goto fail;
  profile *d = srcs[0];
  for (size_t i = 1; i < n; i++) {
    profile *s = srcs[i];
    bool ok = same_vt(&d->period_type, &s->period_type) && d->nsample_type == s->nsample_type;
    for (size_t t = 0; ok && t < d->nsample_type; t++) ok = same_vt(&d->sample_type[t], &s->sample_type[t]);
    if (!ok) {
      strbuf sb = STRBUF_INIT;
      if (!same_vt(&d->period_type, &s->period_type)) {
        sb_printf(&sb, "incompatible period types %s/%s and %s/%s", d->period_type.type, d->period_type.unit,
                  s->period_type.type, s->period_type.unit);
      } else {
        sb_adds(&sb, "incompatible sample types ");
        vt_desc(&sb, d);
        sb_adds(&sb, " and ");
        vt_desc(&sb, s);
      }
      *err = sb_steal(&sb);
      goto fail;
    }
  }
  /* combined header */
  int64_t time_nanos = 0, duration = 0, period = 0;
  const char **comments = NULL;
  size_t ncomments = 0, ccap = 0;
  const char *dflt = "";
  for (size_t i = 0; i < n; i++) {
    profile *s = srcs[i];
    if (time_nanos == 0 || s->time_nanos < time_nanos) time_nanos = s->time_nanos;
    duration = i64_add(duration, s->duration_nanos);
    if (period == 0 || period < s->period) period = s->period;
    for (size_t c = 0; c < s->ncomments; c++) {
      const char *cm = intern_s(&d->strs, s->comments[c]);
      bool seen = false;
      for (size_t k = 0; k < ncomments; k++)
        if (comments[k] == cm) seen = true;
      if (!seen) {
        XGROW(comments, ccap, ncomments + 1);
        comments[ncomments++] = cm;
      }
    }
    if (!*dflt) dflt = intern_s(&d->strs, s->default_sample_type);
  }
  src_range *ranges = xcalloc(n, sizeof *ranges);
  ranges[0] = (src_range){d->nsamples, 0, (uint32_t)d->nmappings, 0, 0};
  for (size_t i = 1; i < n; i++) {
    uint32_t mb, fb, lb;
    concat(d, srcs[i], &mb, &fb, &lb);
    ranges[i] = (src_range){d->nsamples, mb, (uint32_t)srcs[i]->nmappings, fb, lb};
    gotext *g = gotext_union(d->gotext, srcs[i]->gotext);
    gotext_unref(d->gotext);
    d->gotext = g;
    profile_free(srcs[i]);
    srcs[i] = NULL;
  }
  d->time_nanos = time_nanos, d->duration_nanos = duration, d->period = period;
  d->comments = arena_alloc(&d->mem, (ncomments ? ncomments : 1) * sizeof *d->comments);
  if (ncomments) memcpy(d->comments, comments, ncomments * sizeof *comments);
  d->ncomments = ncomments;
  d->default_sample_type = dflt;
  free(comments);
  compact(d, ranges, n, true);
  free(ranges);
  profile_touch(d);
  /* values that cancel out leave zero samples: pprof merges again */
  size_t nt = d->nsample_type;
  for (size_t s = 0; s < d->nsamples; s++)
    if (is_zero(profile_values(d, s), nt)) {
      src_range one = {d->nsamples, 0, (uint32_t)d->nmappings, 0, 0};
      compact(d, &one, 1, false); /* renumbers functions: the side pass's sums no longer apply */
      break;
    }
  if (d->lw) d->lw->serial = d->serial;
  return d;
fail:
  for (size_t i = 0; i < n; i++) profile_free(srcs[i]);
  return NULL;
}
