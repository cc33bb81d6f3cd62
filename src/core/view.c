/*
 * view.c: pprof's profile mutations (FilterSamplesByName, ShowFrom,
 * FilterSamplesByTag, FilterTagsByName, PruneFrom, Prune, tag roots and
 * leaves, Aggregate) as copy-on-write operations on a view. Regexes are
 * matched once per function and per mapping, not once per frame.
 */
#include "tprof/env.h"
#include "tprof/view.h"
#include "prefault.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/gofmt.h"
#include "tprof/gotext.h"
#include "tprof/mycode.h"
#include "tprof/regex.h"
#include "tprof/units.h"

profile *view_new(const profile *base) {
  profile *v = xcalloc(1, sizeof *v);
  *v = *base;
  v->refs = 1;
  v->base = profile_ref(base); /* what v borrows stays alive as long as v */
  v->lw = NULL;                /* the base's: see graph_weights_from_load */
  v->gotext = gotext_ref(base->gotext);
  v->borrowed = BORROW_TABLES | BORROW_LOCATIONS | BORROW_STACKS | BORROW_LABELS | BORROW_STRINGS | BORROW_SAMPLES |
                BORROW_VALUES;
  v->tables_from = profile_ref(base->tables_from);
  return v;
}

void view_share_tables(profile *v, const profile *from) {
  if (!(v->borrowed & BORROW_TABLES)) free(v->mappings), free(v->functions), free(v->lines);
  if (!(v->borrowed & BORROW_LOCATIONS)) free(v->locations);
  v->mappings = from->mappings, v->nmappings = from->nmappings;
  v->functions = from->functions, v->nfunctions = from->nfunctions;
  v->locations = from->locations, v->nlocations = from->nlocations;
  v->lines = from->lines, v->nlines = from->nlines;
  v->borrowed |= BORROW_TABLES | BORROW_LOCATIONS;
  profile *old = (profile *)v->tables_from;
  v->tables_from = profile_ref(from);
  profile_unref(old);
}

/* ---- copy on write ---- */

/* A copy of n elements of size `size` (room for n+1); src may be NULL when n is 0. */
static void *dup_array(const void *src, size_t n, size_t size) {
  void *d = xreallocarray(NULL, n + 1, size);
  if (n) memcpy(d, src, n * size);
  return d;
}

/* The location table of v's own (the other tables may stay borrowed). */
static void own_locations(profile *v) {
  if (!(v->borrowed & BORROW_LOCATIONS)) return;
  v->locations = dup_array(v->locations, v->nlocations, sizeof *v->locations);
  v->borrowed &= ~(unsigned)BORROW_LOCATIONS;
  if (!(v->borrowed & BORROW_TABLES)) { /* copied: no longer borrowed */
    profile_unref((profile *)v->tables_from);
    v->tables_from = NULL;
  }
}

/* Every table of v's own. */
static void own_tables(profile *v) {
  if (v->borrowed & BORROW_TABLES) {
    v->mappings = dup_array(v->mappings, v->nmappings, sizeof *v->mappings);
    v->functions = dup_array(v->functions, v->nfunctions, sizeof *v->functions);
    v->lines = dup_array(v->lines, v->nlines, sizeof *v->lines);
    v->borrowed &= ~(unsigned)BORROW_TABLES;
  }
  own_locations(v);
}

static void own_samples(profile *v) {
  if (!(v->borrowed & BORROW_SAMPLES)) return;
  size_t n = v->nsamples;
  v->stack_off = dup_array(v->stack_off, n, sizeof *v->stack_off);
  v->stack_len = dup_array(v->stack_len, n, sizeof *v->stack_len);
  v->sample_labels = dup_array(v->sample_labels, n, sizeof *v->sample_labels);
  v->value_idx = dup_array(v->value_idx, n, sizeof *v->value_idx);
  v->samples_cap = n + 1;
  v->borrowed &= ~(unsigned)BORROW_SAMPLES;
}

static void own_labels(profile *v) {
  if (!(v->borrowed & BORROW_LABELS)) return;
  label *l = dup_array(v->labels, v->nlabels, sizeof *l);
  labelset *s = dup_array(v->labelsets, v->nlabelsets, sizeof *s);
  v->labels = l, v->labels_cap = v->nlabels + 1;
  v->labelsets = s, v->labelsets_cap = v->nlabelsets + 1;
  /* rebuild the index */
  u64map_init(&v->labelset_index, v->nlabelsets);
  v->borrowed &= ~(unsigned)BORROW_LABELS;
  /* re-insert every set so later interning finds them */
  size_t ns = v->nlabelsets;
  v->nlabelsets = 1, v->nlabels = 0;
  for (size_t i = 1; i < ns; i++) {
    label *tmp = xmalloc((s[i].n + 1) * sizeof *tmp);
    memcpy(tmp, l + s[i].off, s[i].n * sizeof *tmp);
    profile_intern_labels(v, tmp, s[i].n);
    free(tmp);
  }
}

/* The kept samples' arrays, of the kept size, filled in one pass: not a
 * copy of every sample compacted after (fresh memory is slow to touch, and
 * values alone are 32 bytes a sample on a four-type profile). */
size_t view_kept_alloc(const profile *v, const bool *keep, kept_samples *out, size_t **at_out) {
  size_t n = v->nsamples, nc = (n + VIEW_KEPT_CHUNK - 1) / VIEW_KEPT_CHUNK, kept = 0;
  memset(out, 0, sizeof *out);
  *at_out = NULL;
  size_t *at = xmalloc((nc + 1) * sizeof *at);
  for (size_t c = 0; c < nc; c++) {
    at[c] = kept;
    size_t e = (c + 1) * VIEW_KEPT_CHUNK < n ? (c + 1) * VIEW_KEPT_CHUNK : n;
    for (size_t s = c * VIEW_KEPT_CHUNK; s < e; s++) kept += keep[s];
  }
  at[nc] = kept;
  if (kept == n) { /* nothing to drop: nothing to copy (a hide, a focus matching every sample) */
    free(at);
    return 0;
  }
  out->n = kept;
  out->stack_off = xreallocarray(NULL, kept + 1, sizeof *out->stack_off);
  out->stack_len = xreallocarray(NULL, kept + 1, sizeof *out->stack_len);
  out->sample_labels = xreallocarray(NULL, kept + 1, sizeof *out->sample_labels);
  out->value_idx = xreallocarray(NULL, kept + 1, sizeof *out->value_idx);
  *at_out = at;
  return nc;
}

void view_kept_fill(const profile *v, const bool *keep, const size_t *at, size_t c, kept_samples *k) {
  size_t w = at[c], e = (c + 1) * VIEW_KEPT_CHUNK < v->nsamples ? (c + 1) * VIEW_KEPT_CHUNK : v->nsamples;
  const uint32_t *off = v->stack_off, *len = v->stack_len, *lab = v->sample_labels, *val = v->value_idx;
  for (size_t s = c * VIEW_KEPT_CHUNK; s < e; s++) {
    if (!keep[s]) continue;
    k->stack_off[w] = off[s], k->stack_len[w] = len[s], k->sample_labels[w] = lab[s], k->value_idx[w] = val[s];
    w++;
  }
}

bool view_kept_make(const profile *v, const bool *keep, kept_samples *out) {
  size_t *at, nc = view_kept_alloc(v, keep, out, &at), kept = out->n;
  if (!nc) return false;
  /* fresh memory: on big views another thread faults the pages in ahead
   * of the copy (prefault.h; 30 MB on large's focus=store) */
  size_t per = sizeof *out->stack_off + sizeof *out->stack_len + sizeof *out->sample_labels + sizeof *out->value_idx;
  prefault *pf = kept * per >= ((size_t)16 << 20) ? prefault_start() : NULL;
  for (size_t c = 0; c < nc; c++) {
    size_t w = at[c];
    prefault_track(pf, 0, out->value_idx, w * sizeof *out->value_idx, (kept + 1) * sizeof *out->value_idx);
    prefault_track(pf, 1, out->stack_off, w * sizeof *out->stack_off, (kept + 1) * sizeof *out->stack_off);
    prefault_track(pf, 2, out->stack_len, w * sizeof *out->stack_len, (kept + 1) * sizeof *out->stack_len);
    prefault_track(pf, 3, out->sample_labels, w * sizeof *out->sample_labels, (kept + 1) * sizeof *out->sample_labels);
    view_kept_fill(v, keep, at, c, out);
  }
  prefault_stop(pf);
  free(at);
  return true;
}

void view_kept_install(profile *v, kept_samples *k) {
  if (!(v->borrowed & BORROW_SAMPLES)) free(v->stack_off), free(v->stack_len), free(v->sample_labels), free(v->value_idx);
  v->stack_off = k->stack_off, v->stack_len = k->stack_len;
  v->sample_labels = k->sample_labels, v->value_idx = k->value_idx;
  v->nsamples = k->n;
  v->samples_cap = k->n + 1;
  v->borrowed &= ~(unsigned)BORROW_SAMPLES;
  memset(k, 0, sizeof *k);
}

void view_kept_free(kept_samples *k) {
  free(k->stack_off), free(k->stack_len), free(k->sample_labels), free(k->value_idx);
  memset(k, 0, sizeof *k);
}

/* Keep the samples s with keep[s]. A view that borrows its samples gets
 * arrays of the kept size (view_kept_make); one that owns them compacts
 * them in place. */
void view_keep_samples(profile *v, const bool *keep) {
  size_t n = v->nsamples, w = 0;
  if (v->borrowed & BORROW_SAMPLES) {
    kept_samples k;
    if (view_kept_make(v, keep, &k)) view_kept_install(v, &k);
    return;
  }
  for (size_t s = 0; s < n; s++) {
    if (!keep[s]) continue;
    if (w != s) {
      v->stack_off[w] = v->stack_off[s];
      v->stack_len[w] = v->stack_len[s];
      v->sample_labels[w] = v->sample_labels[s];
      v->value_idx[w] = v->value_idx[s];
    }
    w++;
  }
  v->nsamples = w;
}

void view_borrow_samples(profile *v, const profile *from) {
  v->nsamples = from->nsamples;
  v->stack_off = from->stack_off, v->stack_len = from->stack_len;
  v->value_idx = from->value_idx, v->sample_labels = from->sample_labels;
  v->samples_cap = from->samples_cap;
  v->borrowed |= BORROW_SAMPLES;
}

/* Give the view its own stack array holding only what its samples use. */
static void own_stacks(profile *v) {
  if (!(v->borrowed & BORROW_STACKS)) return;
  own_samples(v);
  size_t total = 0;
  for (size_t s = 0; s < v->nsamples; s++) total += v->stack_len[s];
  size_t w = v->stack_w;
  uint8_t *st = xmalloc(stk_bytes(total, w));
  size_t at = 0;
  for (size_t s = 0; s < v->nsamples; s++) {
    memcpy(st + at * w, v->stack + v->stack_off[s] * w, v->stack_len[s] * w);
    v->stack_off[s] = (uint32_t)at;
    at += v->stack_len[s];
  }
  v->stack = st;
  v->stack_used = v->stack_cap = at;
  v->borrowed &= ~(unsigned)BORROW_STACKS;
}

/* ---- per-function / per-mapping regex matches ---- */

typedef struct matcher {
  const tregex *re;
  uint8_t *fn;  /* per function: 0 unknown, 1 no, 2 yes (name or file matches) */
  uint8_t *map; /* per mapping: file matches */
} matcher;

static void matcher_init(matcher *m, const profile *p, const tregex *re) {
  m->re = re;
  m->fn = xcalloc(p->nfunctions + 1, 1);
  m->map = xcalloc(p->nmappings + 1, 1);
}

static void matcher_free(matcher *m) { free(m->fn), free(m->map); }

static bool fn_matches(matcher *m, const profile *p, uint32_t f) {
  if (!m->fn[f]) {
    const function *fn = &p->functions[f];
    m->fn[f] = (regex_match(m->re, fn->name) || regex_match(m->re, fn->filename)) ? 2 : 1;
  }
  return m->fn[f] == 2;
}

static bool map_matches(matcher *m, const profile *p, uint32_t mi) {
  if (mi == TPROF_NONE) return false;
  if (!m->map[mi]) m->map[mi] = regex_match(m->re, p->mappings[mi].file) ? 2 : 1;
  return m->map[mi] == 2;
}

/* Location.matchesName */
static bool loc_matches(matcher *m, const profile *p, const location *l) {
  for (uint32_t k = 0; k < l->nlines; k++)
    if (fn_matches(m, p, p->lines[l->line_off + k].func)) return true;
  return map_matches(m, p, l->mapping);
}

/* Room for what one pass may append to the (owned) line table: each
 * location's lines `times` times. One reallocation per pass, not one per
 * location (quadratic on a profile of many locations). */
static void reserve_lines(profile *v, int times) {
  size_t extra = 0;
  for (size_t i = 0; i < v->nlocations; i++) extra += v->locations[i].nlines;
  v->lines = xreallocarray(v->lines, v->nlines + extra * (size_t)times + 1, sizeof *v->lines);
}

/* Replace location i's lines by the given list (copied to the end of the
 * line table, where reserve_lines made room). */
static void set_lines(profile *v, location *l, const pline *ls, uint32_t n) {
  size_t at = v->nlines;
  if (n) memcpy(v->lines + at, ls, n * sizeof *ls);
  v->nlines += n;
  l->line_off = (uint32_t)at;
  l->nlines = n;
}

static bool compile(const core_env *env, const char *name, const char *value, tregex **out, char **err) {
  *out = NULL;
  if (!value || !*value) return true;
  char *e = NULL;
  *out = regex_compile_env(value, env, &e);
  if (!*out) {
    *err = xasprintf("parsing %s regexp: %s", name, e);
    free(e);
    return false;
  }
  return true;
}

/* False, with *err set, when matching re gave up (regex.c). */
static bool simple_enough(const char *name, const tregex *re, char **err) {
  if (!regex_too_complex(re)) return true;
  *err = xasprintf("%s regexp %s: too complex to match (pattern or subjects too large)", name, regex_pattern(re));
  return false;
}

static void warn(strbuf *msgs, bool matched, const char *option) {
  if (!matched) sb_printf(msgs, "%s expression matched no samples\n", option);
}

/* ---- FilterSamplesByName ---- */

/* Remove the hidden locations from every stack, and the samples left with none. */
static void drop_hidden(profile *v, const uint8_t *hidden) {
  /* In one pass into a new stack array (not a copy of every stack and of
   * every sample's arrays, filtered in place after): the kept stacks, and
   * each sample's new offset and length in arrays of its own. */
  size_t n = v->nsamples, total = 0, at = 0;
  for (size_t s = 0; s < n; s++) total += v->stack_len[s];
  size_t w = v->stack_w;
  uint8_t *st = xmalloc(stk_bytes(total, w));
  uint32_t *off = xmalloc((n + 1) * sizeof *off);
  uint32_t *len = xmalloc((n + 1) * sizeof *len);
  bool *keep = xmalloc((n + 1) * sizeof *keep);
  for (size_t s = 0; s < n; s++) {
    size_t m0;
    stk src = profile_stack(v, s, &m0);
    uint32_t m = (uint32_t)m0, k2 = 0;
    off[s] = (uint32_t)at;
    for (uint32_t k = 0; k < m; k++) {
      uint32_t l = stk_at(src, k);
      if (!hidden[l]) stk_put_fwd(st, w, at + k2++, l);
    }
    len[s] = k2;
    keep[s] = k2 > 0;
    at += k2;
  }
  if (!(v->borrowed & BORROW_STACKS)) free(v->stack);
  v->stack = st;
  v->stack_used = at, v->stack_cap = total;
  v->borrowed &= ~(unsigned)BORROW_STACKS;
  size_t kept = 0;
  for (size_t s = 0; s < n; s++) kept += keep[s];
  if ((v->borrowed & BORROW_SAMPLES) && kept < n) {
    /* the kept samples are copied out of these (view_keep_samples) */
    v->stack_off = off, v->stack_len = len;
    view_keep_samples(v, keep);
    free(off), free(len);
  } else if (v->borrowed & BORROW_SAMPLES) { /* every sample kept: new offsets, the rest copied */
    v->stack_off = off, v->stack_len = len;
    v->sample_labels = dup_array(v->sample_labels, n, sizeof *v->sample_labels);
    v->value_idx = dup_array(v->value_idx, n, sizeof *v->value_idx);
    v->samples_cap = n + 1;
    v->borrowed &= ~(unsigned)BORROW_SAMPLES;
  } else {
    free(v->stack_off), free(v->stack_len);
    v->stack_off = off, v->stack_len = len;
    v->samples_cap = n + 1; /* sample_labels and values hold at least as many */
    view_keep_samples(v, keep);
  }
  free(keep);
}

/* mycode: hide, as hide= does, the lines of the runtime and standard
 * library (and, with a module, of everything outside it). */
static void hide_not_mine(profile *v, const char *module) {
  size_t nl = v->nlocations;
  uint8_t *hidden = xcalloc(nl + 1, 1), *fh = xcalloc(v->nfunctions + 1, 1); /* 0 unknown, 1 mine, 2 hidden */
  bool any = false;
  own_tables(v), reserve_lines(v, 1);
  pline *tmp = NULL;
  size_t tcap = 0;
  for (size_t i = 0; i < nl; i++) {
    location *l = &v->locations[i];
    uint32_t n = 0;
    XGROW(tmp, tcap, l->nlines + 1);
    for (uint32_t k = 0; k < l->nlines; k++) {
      pline ln = v->lines[l->line_off + k];
      if (ln.func != TPROF_NONE) {
        if (!fh[ln.func]) {
          const function *f = &v->functions[ln.func];
          bool hide = mycode_is_std(f->name, f->filename) || (module && !mycode_in_module(f->name, module));
          fh[ln.func] = hide ? 2 : 1;
        }
        if (fh[ln.func] == 2) continue;
      }
      tmp[n++] = ln;
    }
    if (n == l->nlines) continue;
    set_lines(v, l, tmp, n);
    if (n == 0) hidden[i] = 1, any = true;
  }
  free(tmp), free(fh);
  if (any) drop_hidden(v, hidden);
  free(hidden);
}

/* The scan of every stack that decides which samples a focus and ignore
 * keep (the most of a focus change on large profiles: it reads every
 * sample's stack until a focused frame): split across threads. */
typedef struct scan_worker {
  const profile *v;
  const uint8_t *state; /* per location: 0 none, 1 focus, 2 ignore */
  bool ignore;
  bool *keep;
  atomic_size_t *next;
} scan_worker;

#define SCAN_CHUNK 16384

static void *scan_stacks(void *arg) {
  scan_worker *w = arg;
  const profile *v = w->v;
  for (;;) {
    size_t from = atomic_fetch_add(w->next, SCAN_CHUNK), to = from + SCAN_CHUNK;
    if (from >= v->nsamples) break;
    if (to > v->nsamples) to = v->nsamples;
    for (size_t s = from; s < to; s++) {
      size_t n;
      stk st = profile_stack(v, s, &n);
      bool f = false, ign = false;
      for (size_t k = 0; k < n; k++) {
        uint8_t x = w->state[stk_at(st, k)];
        if (x == 1) {
          f = true;
          if (!w->ignore) break; /* nothing can drop it any more */
        }
        if (x == 2) {
          ign = true;
          break;
        }
      }
      w->keep[s] = f && !ign;
    }
  }
  return NULL;
}

static void keep_by_state(const profile *v, const uint8_t *state, bool ignore, bool *keep, const core_env *env) {
  atomic_size_t next;
  atomic_init(&next, 0);
  int nth = core_env_threads(env, v->nsamples);
  scan_worker wk[16];
  for (int t = 0; t < nth; t++) wk[t] = (scan_worker){v, state, ignore, keep, &next};
  core_run_workers(scan_stacks, wk, sizeof *wk, nth);
}

/* *defer (when not NULL) gets the samples' keep mask instead of the view
 * dropping them, when hide and show hide nothing (view_apply_focus_deferred). */
static void filter_by_name(profile *v, const tregex *focus, const tregex *ignore, const tregex *hide,
                           const tregex *show, bool *fm, bool *im, bool *hm, bool *hnm, const core_env *env,
                           bool **defer) {
  *fm = *im = *hm = *hnm = false;
  size_t nl = v->nlocations;
  uint8_t *state = xcalloc(nl + 1, 1); /* 0 none, 1 focus, 2 ignore */
  uint8_t *hidden = xcalloc(nl + 1, 1);
  bool any_hidden = false;
  matcher mf, mi, mh, ms;
  if (focus) matcher_init(&mf, v, focus);
  if (ignore) matcher_init(&mi, v, ignore);
  if (hide) matcher_init(&mh, v, hide);
  if (show) matcher_init(&ms, v, show);
  if (hide || show) own_tables(v), reserve_lines(v, (hide ? 1 : 0) + (show ? 1 : 0));
  pline *tmp = NULL;
  size_t tcap = 0;
  for (size_t i = 0; i < nl; i++) {
    location *l = &v->locations[i];
    if (ignore && loc_matches(&mi, v, l)) {
      *im = true;
      state[i] = 2;
    } else if (!focus || loc_matches(&mf, v, l)) {
      *fm = true;
      state[i] = 1;
    }
    if (hide && loc_matches(&mh, v, l)) {
      *hm = true;
      /* unmatchedLines */
      uint32_t n = 0;
      if (!map_matches(&mh, v, l->mapping)) {
        XGROW(tmp, tcap, l->nlines + 1);
        for (uint32_t k = 0; k < l->nlines; k++) {
          pline ln = v->lines[l->line_off + k];
          if (fn_matches(&mh, v, ln.func)) continue;
          tmp[n++] = ln;
        }
      }
      set_lines(v, l, tmp, n);
      l = &v->locations[i];
      if (n == 0) hidden[i] = 1, any_hidden = true;
    }
    if (show) {
      /* matchedLines */
      uint32_t n = 0;
      XGROW(tmp, tcap, l->nlines + 1);
      if (map_matches(&ms, v, l->mapping)) {
        n = l->nlines;
        memcpy(tmp, v->lines + l->line_off, n * sizeof *tmp);
      } else {
        for (uint32_t k = 0; k < l->nlines; k++) {
          pline ln = v->lines[l->line_off + k];
          if (!fn_matches(&ms, v, ln.func)) continue;
          tmp[n++] = ln;
        }
      }
      set_lines(v, l, tmp, n);
      if (n == 0)
        hidden[i] = 1, any_hidden = true;
      else
        *hnm = true;
    }
  }
  free(tmp);
  bool *keep = xmalloc((v->nsamples + 1) * sizeof *keep);
  keep_by_state(v, state, ignore != NULL, keep, env);
  if (defer && !any_hidden) {
    *defer = keep;
  } else {
    view_keep_samples(v, keep);
    free(keep);
  }
  if (any_hidden) drop_hidden(v, hidden);
  free(state), free(hidden);
  if (focus) matcher_free(&mf);
  if (ignore) matcher_free(&mi);
  if (hide) matcher_free(&mh);
  if (show) matcher_free(&ms);
}

/* ---- ShowFrom ---- */

static bool show_from(profile *v, const tregex *re) {
  bool matched = false;
  size_t nl = v->nlocations;
  uint8_t *is = xcalloc(nl + 1, 1);
  matcher m;
  matcher_init(&m, v, re);
  own_tables(v);
  for (size_t i = 0; i < nl; i++) {
    location *l = &v->locations[i];
    if (map_matches(&m, v, l->mapping)) {
      is[i] = 1, matched = true;
      continue;
    }
    for (uint32_t k = l->nlines; k-- > 0;) {
      if (fn_matches(&m, v, v->lines[l->line_off + k].func)) {
        l->nlines = k + 1;
        is[i] = 1, matched = true;
        break;
      }
    }
  }
  matcher_free(&m);
  own_samples(v);
  bool *keep = xmalloc((v->nsamples + 1) * sizeof *keep);
  for (size_t s = 0; s < v->nsamples; s++) {
    size_t n;
    stk st = profile_stack(v, s, &n);
    keep[s] = false;
    for (size_t k = n; k-- > 0;)
      if (is[stk_at(st, k)]) {
        v->stack_len[s] = (uint32_t)(k + 1);
        keep[s] = true;
        break;
      }
  }
  view_keep_samples(v, keep);
  free(keep), free(is);
  return matched;
}

/* ---- tag filters (compileTagFilter, FilterSamplesByTag) ---- */

typedef struct tag_filter {
  bool numeric;
  char *key;          /* "" = any key */
  /* numeric: kind 0 ==, 1 >=, 2 <=, 3 range */
  int kind;
  double lo, hi;
  char *unit; /* owned: units_scale may hand back the parsed text itself */
  tregex **rx;
  size_t nrx;
} tag_filter;

static void tag_filter_free(tag_filter *t) {
  if (!t) return;
  free(t->key), free(t->unit);
  for (size_t i = 0; i < t->nrx; i++) regex_free(t->rx[i]);
  free(t->rx);
  free(t);
}

/* Go regexp "([+-]?[[:digit:]]+)([[:alpha:]]+)?": up to two matches. */
typedef struct range_match {
  size_t start, end;
  char num[64], unit[64];
} range_match;

static int find_ranges(const char *s, range_match *m, int max) {
  int n = 0;
  size_t i = 0, len = strlen(s);
  while (i < len && n < max) {
    size_t j = i;
    if (s[j] == '+' || s[j] == '-') j++;
    size_t d = j;
    while (j < len && s[j] >= '0' && s[j] <= '9') j++;
    if (j == d) {
      i++;
      continue;
    }
    size_t u = j;
    while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) j++;
    if (u - i >= sizeof m[n].num || j - u >= sizeof m[n].unit) {
      i = j;
      continue;
    }
    m[n].start = i, m[n].end = j;
    memcpy(m[n].num, s + i, u - i), m[n].num[u - i] = 0;
    memcpy(m[n].unit, s + u, j - u), m[n].unit[j - u] = 0;
    n++;
    i = j;
  }
  return n;
}

static bool parse_range(tag_filter *t, const char *filter) {
  range_match m[2];
  int n = find_ranges(filter, m, 2);
  if (n == 0) return false;
  int64_t v;
  if (!go_atoi(m[0].num, 64, &v)) return false; /* pprof panics here; refuse instead */
  const char *unit;
  double sv = units_scale(v, m[0].unit, m[0].unit, &unit);
  free(t->unit);
  t->unit = xstrdup(unit);
  t->lo = sv;
  size_t l0 = m[0].end - m[0].start;
  if (n == 1) {
    if (!strcmp(filter, filter + m[0].start) && m[0].start == 0 && strlen(filter) == l0) {
      t->kind = 0;
    } else if (m[0].start == 0 && strlen(filter) == l0 + 1 && filter[l0] == ':') {
      t->kind = 1;
    } else if (m[0].start == 1 && filter[0] == ':' && strlen(filter) == l0 + 1) {
      t->kind = 2;
    } else {
      return false;
    }
    return true;
  }
  /* filter must be exactly match0 ":" match1 */
  if (m[0].start != 0 || filter[m[0].end] != ':' || m[1].start != m[0].end + 1 || filter[m[1].end] != 0) return false;
  if (!go_atoi(m[1].num, 64, &v)) return false;
  const char *unit2;
  double sv2 = units_scale(v, m[1].unit, t->unit, &unit2);
  if (strcmp(t->unit, unit2)) return false;
  t->kind = 3;
  t->hi = sv2;
  return true;
}

static tag_filter *compile_tag_filter(const core_env *env, const char *name, const char *value, strbuf *msgs,
                                      char **err) {
  if (!value || !*value) return NULL;
  tag_filter *t = xcalloc(1, sizeof *t);
  const char *eq = strchr(value, '=');
  if (eq) {
    t->key = xstrndup(value, (size_t)(eq - value));
    value = eq + 1;
  } else {
    t->key = xstrdup("");
  }
  if (parse_range(t, value)) {
    sb_printf(msgs, "%s:Interpreted '%s' as range, not regexp\n", name, value);
    t->numeric = true;
    return t;
  }
  const char *p = value;
  for (;;) {
    const char *c = strchr(p, ',');
    char *part = c ? xstrndup(p, (size_t)(c - p)) : xstrdup(p);
    char *e = NULL;
    tregex *re = regex_compile_env(part, env, &e);
    free(part);
    if (!re) {
      *err = xasprintf("parsing %s regexp: %s", name, e);
      free(e);
      tag_filter_free(t);
      return (tag_filter *)-1;
    }
    t->rx = xreallocarray(t->rx, t->nrx + 1, sizeof *t->rx);
    t->rx[t->nrx++] = re;
    if (!c) break;
    p = c + 1;
  }
  return t;
}

static bool num_ok(const tag_filter *t, int64_t val, const char *unit) {
  const char *su;
  double sv = units_scale(val, unit, t->unit, &su);
  if (strcmp(su, t->unit)) return false;
  switch (t->kind) {
  case 0: return sv == t->lo;
  case 1: return sv >= t->lo;
  case 2: return sv <= t->lo;
  default: return sv >= t->lo && sv <= t->hi;
  }
}

static bool tag_match(const tag_filter *t, const profile *v, const labelset *set, const numlabel_units *nlu,
                      strbuf *scratch) {
  const label *ls = v->labels + set->off;
  if (t->numeric) {
    for (uint32_t k = 0; k < set->n; k++) {
      if (ls[k].str) continue;
      if (*t->key && strcmp(ls[k].key, t->key)) continue;
      if (num_ok(t, ls[k].num, numlabel_unit(nlu, ls[k].key))) return true;
    }
    return false;
  }
  if (!*t->key) {
    /* every regex must match some "key:value" */
    for (size_t r = 0; r < t->nrx; r++) {
      bool ok = false;
      for (uint32_t k = 0; k < set->n && !ok; k++) {
        if (!ls[k].str) continue;
        sb_reset(scratch);
        sb_printf(scratch, "%s:%s", ls[k].key, ls[k].str);
        ok = regex_match(t->rx[r], scratch->s);
      }
      if (!ok) return false;
    }
    return true;
  }
  for (size_t r = 0; r < t->nrx; r++)
    for (uint32_t k = 0; k < set->n; k++)
      if (ls[k].str && !strcmp(ls[k].key, t->key) && regex_match(t->rx[r], ls[k].str)) return true;
  return false;
}

static void filter_by_tag(profile *v, const tag_filter *focus, const tag_filter *ignore, const numlabel_units *nlu,
                          bool *fm, bool *im) {
  *fm = *im = false;
  /* decide per label set, then per sample */
  uint8_t *dec = xcalloc(v->nlabelsets + 1, 1); /* bit0 computed, bit1 focused, bit2 ignored */
  bool *keep = xmalloc((v->nsamples + 1) * sizeof *keep);
  strbuf scratch = STRBUF_INIT;
  for (size_t s = 0; s < v->nsamples; s++) {
    uint32_t id = v->sample_labels[s];
    if (!(dec[id] & 1)) {
      const labelset *set = &v->labelsets[id];
      bool f = focus ? tag_match(focus, v, set, nlu, &scratch) : true;
      bool i = ignore ? tag_match(ignore, v, set, nlu, &scratch) : false;
      dec[id] = (uint8_t)(1 | (f ? 2 : 0) | (i ? 4 : 0));
    }
    bool f = dec[id] & 2, i = dec[id] & 4;
    *fm = *fm || f;
    *im = *im || i;
    keep[s] = f && !i;
  }
  sb_free(&scratch);
  view_keep_samples(v, keep);
  free(keep), free(dec);
}

/* ---- FilterTagsByName ---- */

static void filter_tags_by_name(profile *v, const tregex *show, const tregex *hide, bool *sm, bool *hm) {
  *sm = *hm = false;
  size_t ns = v->nlabelsets;
  uint32_t *map = xmalloc((ns + 1) * sizeof *map);
  for (size_t i = 0; i < ns; i++) map[i] = TPROF_NONE;
  bool *used = xcalloc(ns + 1, 1);
  for (size_t s = 0; s < v->nsamples; s++) used[v->sample_labels[s]] = true;
  own_labels(v);
  label *tmp = NULL;
  size_t cap = 0;
  for (size_t id = 0; id < ns; id++) {
    if (!used[id]) continue;
    labelset set = v->labelsets[id];
    XGROW(tmp, cap, set.n + 1);
    size_t n = 0;
    for (uint32_t k = 0; k < set.n; k++) {
      label l = v->labels[set.off + k];
      bool ms = !show || regex_match(show, l.key);
      bool mh = hide && regex_match(hide, l.key);
      if (ms) *sm = true;
      if (mh) *hm = true;
      if (!ms || mh) continue;
      tmp[n++] = l;
    }
    map[id] = profile_intern_labels(v, tmp, n);
  }
  free(tmp);
  own_samples(v);
  for (size_t s = 0; s < v->nsamples; s++) v->sample_labels[s] = map[v->sample_labels[s]];
  free(map), free(used);
}

/* ---- PruneFrom / Prune ---- */

/* pprof's simplifyFunc: drop a leading '.', cut at the first '(' not part of
 * "(anonymous namespace)" or "operator()". */
static char *simplify_func(const char *f) {
  if (*f == '.') f++;
  const char *p = f;
  for (;;) {
    const char *a = strstr(p, "(anonymous namespace)"), *o = strstr(p, "operator()"), *b = strchr(p, '(');
    /* the leftmost match of the alternation; reserved names win at equal start */
    const char *best = NULL;
    size_t blen = 0;
    if (a && (!best || a < best)) best = a, blen = strlen("(anonymous namespace)");
    if (o && (!best || o < best)) best = o, blen = strlen("operator()");
    if (b && (!best || b < best)) best = b, blen = 1;
    if (!best) return xstrdup(f);
    if (blen == 1) return xstrndup(f, (size_t)(best - f));
    p = best + blen;
  }
}

static void prune_from(profile *v, const tregex *re) {
  size_t nl = v->nlocations;
  uint8_t *beneath = xcalloc(nl + 1, 1);
  own_tables(v);
  for (size_t i = 0; i < nl; i++) {
    location *l = &v->locations[i];
    for (uint32_t k = 0; k < l->nlines; k++) {
      const function *f = &v->functions[v->lines[l->line_off + k].func];
      if (!*f->name) continue;
      char *s = simplify_func(f->name);
      bool m = regex_match(re, s);
      free(s);
      if (m) {
        beneath[i] = 1;
        l->line_off += k;
        l->nlines -= k;
        break;
      }
    }
  }
  own_samples(v);
  for (size_t s = 0; s < v->nsamples; s++) {
    stk st = stk_from(profile_frames(v), v->stack_off[s]);
    for (uint32_t k = 0; k < v->stack_len[s]; k++)
      if (beneath[stk_at(st, k)]) {
        v->stack_off[s] += k;
        v->stack_len[s] -= k;
        break;
      }
  }
  free(beneath);
}

bool profile_prune(profile *p, const char *drop, const char *keep_rx, char **err) {
  if (!drop || !*drop) return true;
  profile_touch(p);
  char *pat = xasprintf("^(%s)$", drop), *e = NULL;
  tregex *dr = regex_compile(pat, &e);
  free(pat);
  if (!dr) {
    *err = xasprintf("failed to compile regexp %s: %s", drop, e);
    free(e);
    return false;
  }
  tregex *kr = NULL;
  if (keep_rx && *keep_rx) {
    pat = xasprintf("^(%s)$", keep_rx);
    kr = regex_compile(pat, &e);
    free(pat);
    if (!kr) {
      *err = xasprintf("failed to compile regexp %s: %s", keep_rx, e);
      free(e);
      regex_free(dr);
      return false;
    }
  }
  size_t nl = p->nlocations;
  uint8_t *prune = xcalloc(nl + 1, 1), *beneath = xcalloc(nl + 1, 1);
  for (size_t i = 0; i < nl; i++) {
    location *l = &p->locations[i];
    int64_t k;
    for (k = (int64_t)l->nlines - 1; k >= 0; k--) {
      const function *f = &p->functions[p->lines[l->line_off + k].func];
      if (!*f->name) continue;
      char *s = simplify_func(f->name);
      bool m = regex_match(dr, s) && !(kr && regex_match(kr, s));
      free(s);
      if (m) break;
    }
    if (k >= 0) {
      beneath[i] = 1;
      if (k == (int64_t)l->nlines - 1) {
        prune[i] = 1;
      } else {
        l->line_off += (uint32_t)(k + 1);
        l->nlines -= (uint32_t)(k + 1);
      }
    }
  }
  for (size_t s = 0; s < p->nsamples; s++) {
    stk st = stk_from(profile_frames(p), p->stack_off[s]);
    bool found_user = false;
    for (size_t k = p->stack_len[s]; k-- > 0;) {
      uint32_t id = stk_at(st, k);
      if (!prune[id] && !beneath[id]) {
        found_user = true;
        continue;
      }
      if (!found_user) continue;
      if (prune[id]) {
        p->stack_off[s] += k + 1;
        p->stack_len[s] -= (uint32_t)(k + 1);
        break;
      }
      if (beneath[id]) {
        p->stack_off[s] += k;
        p->stack_len[s] -= (uint32_t)k;
        break;
      }
    }
  }
  free(prune), free(beneath);
  regex_free(dr), regex_free(kr);
  return true;
}

/* ---- applyFocus ---- */

bool view_apply_focus(profile *v, const config *cfg, const numlabel_units *nlu, strbuf *msgs, char **err) {
  bool *keep = NULL;
  bool ok = view_apply_focus_deferred(v, cfg, nlu, msgs, err, &keep);
  if (keep) view_keep_samples(v, keep);
  free(keep);
  return ok;
}

bool view_apply_focus_deferred(profile *v, const config *cfg, const numlabel_units *nlu, strbuf *msgs, char **err,
                               bool **keep_out) {
  *keep_out = NULL;
  /* the mask can wait only when no later filter reads or changes the samples */
  bool defer = !cfg->mycode && !*cfg->show_from && !*cfg->tagfocus && !*cfg->tagignore && !*cfg->tagshow &&
               !*cfg->taghide && !*cfg->prune_from;
  tregex *focus = NULL, *ignore = NULL, *hide = NULL, *show = NULL, *showfrom = NULL, *prunefrom = NULL;
  tregex *tagshow = NULL, *taghide = NULL;
  tag_filter *tagfocus = NULL, *tagignore = NULL;
  bool ok = compile(cfg->env, "focus", cfg->focus, &focus, err) && compile(cfg->env, "ignore", cfg->ignore, &ignore, err) &&
            compile(cfg->env, "hide", cfg->hide, &hide, err) && compile(cfg->env, "show", cfg->show, &show, err) &&
            compile(cfg->env, "show_from", cfg->show_from, &showfrom, err);
  if (ok) {
    tagfocus = compile_tag_filter(cfg->env, "tagfocus", cfg->tagfocus, msgs, err);
    if (tagfocus == (tag_filter *)-1) tagfocus = NULL, ok = false;
  }
  if (ok) {
    tagignore = compile_tag_filter(cfg->env, "tagignore", cfg->tagignore, msgs, err);
    if (tagignore == (tag_filter *)-1) tagignore = NULL, ok = false;
  }
  if (ok) ok = compile(cfg->env, "prune_from", cfg->prune_from, &prunefrom, err);
  if (ok) {
    bool fm, im, hm, hnm;
    if (focus || ignore || hide || show) {
      filter_by_name(v, focus, ignore, hide, show, &fm, &im, &hm, &hnm, cfg->env, defer ? keep_out : NULL);
    } else {
      /* no name filter: pprof still drops samples without locations */
      fm = im = hm = hnm = false;
      bool *keep = NULL;
      for (size_t i = 0; i < v->nsamples; i++)
        if (v->stack_len[i] == 0) {
          if (!keep) {
            keep = xmalloc(v->nsamples * sizeof *keep);
            for (size_t k = 0; k < v->nsamples; k++) keep[k] = v->stack_len[k] > 0;
          }
          break;
        }
      if (keep) view_keep_samples(v, keep);
      free(keep);
    }
    warn(msgs, !focus || fm, "Focus");
    warn(msgs, !ignore || im, "Ignore");
    warn(msgs, !hide || hm, "Hide");
    warn(msgs, !show || hnm, "Show");
    if (cfg->mycode) {
      char *module = mycode_module(v, cfg);
      hide_not_mine(v, module);
      free(module);
    }
    bool sfm = showfrom ? show_from(v, showfrom) : false;
    warn(msgs, !showfrom || sfm, "ShowFrom");
    if (tagfocus || tagignore) {
      bool tfm, tim;
      filter_by_tag(v, tagfocus, tagignore, nlu, &tfm, &tim);
      warn(msgs, !tagfocus || tfm, "TagFocus");
      warn(msgs, !tagignore || tim, "TagIgnore");
    }
    ok = compile(cfg->env, "tagshow", cfg->tagshow, &tagshow, err) && compile(cfg->env, "taghide", cfg->taghide, &taghide, err);
    if (tagshow || taghide) {
      bool tns, tnh;
      filter_tags_by_name(v, tagshow, taghide, &tns, &tnh);
      warn(msgs, !tagshow || tns, "TagShow");
      warn(msgs, !taghide || tnh, "TagHide");
    }
    if (prunefrom) prune_from(v, prunefrom);
    /* a regex that gave up matching (regex.c) left the filter's result wrong */
    if (ok)
      ok = simple_enough("focus", focus, err) && simple_enough("ignore", ignore, err) &&
           simple_enough("hide", hide, err) && simple_enough("show", show, err) &&
           simple_enough("show_from", showfrom, err) && simple_enough("prune_from", prunefrom, err) &&
           simple_enough("tagshow", tagshow, err) && simple_enough("taghide", taghide, err);
    for (size_t i = 0; ok && tagfocus && i < tagfocus->nrx; i++) ok = simple_enough("tagfocus", tagfocus->rx[i], err);
    for (size_t i = 0; ok && tagignore && i < tagignore->nrx; i++) ok = simple_enough("tagignore", tagignore->rx[i], err);
  }
  regex_free(focus), regex_free(ignore), regex_free(hide), regex_free(show), regex_free(showfrom);
  regex_free(prunefrom), regex_free(tagshow), regex_free(taghide);
  tag_filter_free(tagfocus), tag_filter_free(tagignore);
  return ok;
}

/* ---- tag roots and leaves ---- */

static size_t split_keys(const char *s, char ***out) {
  *out = NULL;
  size_t n = 0;
  if (!s) return 0;
  const char *p = s;
  for (;;) {
    const char *c = strchr(p, ',');
    size_t k = c ? (size_t)(c - p) : strlen(p);
    if (k) {
      *out = xreallocarray(*out, n + 1, sizeof **out);
      (*out)[n++] = xstrndup(p, k);
    }
    if (!c) break;
    p = c + 1;
  }
  return n;
}

/* formatLabelValues: string values, then numeric ones scaled to outputUnit */
static void label_values(const profile *v, const labelset *set, const char *key, const char *unit, strbuf *out,
                         bool *any) {
  *any = false;
  size_t nvals = 0, nnum = 0, nunits = 0;
  const label *ls = v->labels + set->off;
  for (uint32_t k = 0; k < set->n; k++) {
    if (strcmp(ls[k].key, key)) continue;
    if (ls[k].str) {
      sb_printf(out, "%s%s", nvals++ ? "," : "", ls[k].str);
    } else {
      nnum++;
      if (ls[k].unit) nunits++;
    }
  }
  bool has_units = nunits > 0;
  /* pprof: units are padded to the values' count once any exists, so they always line up */
  for (uint32_t k = 0; k < set->n; k++) {
    if (strcmp(ls[k].key, key) || ls[k].str) continue;
    char buf[64];
    if (has_units)
      units_label_buf(buf, ls[k].num, ls[k].unit ? ls[k].unit : "", unit);
    else
      units_label_buf(buf, ls[k].num, "", "");
    sb_printf(out, "%s%s", nvals++ ? "," : "", buf);
  }
  *any = nvals > 0;
}

void view_tag_roots_leaves(profile *v, const config *cfg, strbuf *msgs) {
  char **roots, **leaves;
  size_t nr = split_keys(cfg->tagroot, &roots), nlv = split_keys(cfg->tagleaf, &leaves);
  bool rootm = false, leafm = false;
  if (nr || nlv) {
    own_tables(v);
    own_stacks(v);
    intern *strs = profile_strings(v);
    uint64_t max_loc = 0, max_fn = 0;
    for (size_t i = 0; i < v->nlocations; i++)
      if (v->locations[i].id > max_loc) max_loc = v->locations[i].id;
    for (size_t i = 0; i < v->nfunctions; i++)
      if (v->functions[i].id > max_fn) max_fn = v->functions[i].id;
    /* pseudo locations interned by (function name, file name) */
    const char **pk_name = NULL, **pk_file = NULL;
    size_t npk = 0, pk_cap = 0;
    u64map pk_index; /* hash of (name, file) -> pseudo location; equal hashes probe h+1 */
    u64map_init(&pk_index, 64);
    /* the tables grow geometrically here: one pseudo location per distinct label value */
    size_t fcap = v->nfunctions + 1, lcap = v->nlocations + 1, lncap = v->nlines + 1;
    uint32_t *new_stack = NULL;
    size_t ns_cap = 0, ns_used = 0;
    strbuf sb = STRBUF_INIT;
    uint32_t *extra = NULL;
    size_t ecap = 0;
    for (size_t s = 0; s < v->nsamples; s++) {
      const labelset *set = &v->labelsets[v->sample_labels[s]];
      size_t ne = 0;
      for (int pass = 0; pass < 2; pass++) {
        char **keys = pass == 0 ? leaves : roots;
        size_t nk = pass == 0 ? nlv : nr;
        for (size_t i = 0; i < nk; i++) {
          const char *k = keys[nk - 1 - i];
          sb_reset(&sb);
          bool any;
          label_values(v, set, k, cfg->unit, &sb, &any);
          if (any) *(pass == 0 ? &leafm : &rootm) = true;
          const char *fname = intern_s(strs, sb_str(&sb)), *file = intern_s(strs, k);
          size_t li = npk;
          uint64_t h = hash64((uintptr_t)fname ^ hash64((uintptr_t)file)), slot = h;
          for (;; slot++) {
            uint32_t x = u64map_get(&pk_index, slot);
            if (x == TPROF_NONE) break;
            if (pk_name[x] == fname && pk_file[x] == file) {
              li = x;
              break;
            }
          }
          if (li == npk) {
            size_t cap2 = pk_cap;
            XGROW(pk_name, pk_cap, npk + 1);
            XGROW(pk_file, cap2, npk + 1);
            pk_name[npk] = fname, pk_file[npk] = file;
            u64map_put(&pk_index, slot, (uint32_t)npk);
            npk++;
            XGROW(v->functions, fcap, v->nfunctions + 1);
            v->functions[v->nfunctions] = (function){++max_fn, fname, intern_s(strs, ""), file, 0};
            XGROW(v->locations, lcap, v->nlocations + 1);
            XGROW(v->lines, lncap, v->nlines + 1);
            v->lines[v->nlines] = (pline){(uint32_t)v->nfunctions, 0};
            v->locations[v->nlocations] = (location){++max_loc, 0, TPROF_NONE, (uint32_t)v->nlines, 1, false};
            v->nfunctions++, v->nlines++, v->nlocations++;
          }
          XGROW(extra, ecap, ne + 1);
          extra[ne++] = (uint32_t)(v->nlocations - npk + li);
        }
        if (pass == 0) { /* leaves go first: remember the split point */
          XGROW(extra, ecap, ne + 1);
        }
      }
      /* new stack: leaves, original, roots */
      size_t nleaf = nlv, n;
      stk old = profile_stack(v, s, &n);
      if (ns_used + n + ne > UINT32_MAX) xfatal("out of memory (over 2^32 frames in the samples' stacks)");
      XGROW(new_stack, ns_cap, ns_used + n + ne);
      size_t at = ns_used;
      for (size_t i = 0; i < nleaf; i++) new_stack[at++] = extra[i];
      for (size_t i = 0; i < n; i++) new_stack[at++] = stk_at(old, i);
      for (size_t i = nleaf; i < ne; i++) new_stack[at++] = extra[i];
      v->stack_off[s] = (uint32_t)ns_used;
      v->stack_len[s] = (uint32_t)(at - ns_used);
      ns_used = at;
    }
    free(v->stack);
    v->stack = stk_pack(new_stack, ns_used, &v->stack_w);
    free(new_stack);
    v->stack_used = v->stack_cap = ns_used;
    free(extra), free(pk_name), free(pk_file);
    u64map_free(&pk_index);
    sb_free(&sb);
  }
  warn(msgs, !(cfg->tagroot && *cfg->tagroot) || rootm, "TagRoot");
  warn(msgs, !(cfg->tagleaf && *cfg->tagleaf) || leafm, "TagLeaf");
  for (size_t i = 0; i < nr; i++) free(roots[i]);
  for (size_t i = 0; i < nlv; i++) free(leaves[i]);
  free(roots), free(leaves);
}

/* ---- Aggregate ---- */

bool view_aggregate(profile *v, const char *gran, bool noinlines, char **err) {
  bool fn_ = false, filename = false, linenumber = false, address = false, inlines = !noinlines;
  if (!strcmp(gran, "addresses")) {
    if (inlines) return true;
    fn_ = filename = linenumber = address = true;
  } else if (!strcmp(gran, "lines")) {
    fn_ = filename = linenumber = true;
  } else if (!strcmp(gran, "files")) {
    filename = true;
  } else if (!strcmp(gran, "functions")) {
    fn_ = true;
  } else if (!strcmp(gran, "filefunctions")) {
    fn_ = filename = true;
  } else {
    *err = xasprintf("unexpected granularity");
    return false;
  }
  /* Only the tables that change are copied: lines granularity (list's)
   * rewrites the locations' addresses alone, and large's function, line
   * and mapping tables are 10 MB of fresh memory to fill for nothing */
  bool maps_change = false;
  for (size_t i = 0; i < v->nmappings && !maps_change; i++) {
    const mapping *m = &v->mappings[i];
    maps_change = (m->has_inline_frames && !inlines) || (m->has_functions && !fn_) ||
                  (m->has_filenames && !filename) || (m->has_line_numbers && !linenumber);
  }
  if (maps_change || !fn_ || !filename || !linenumber)
    own_tables(v);
  else if (!inlines || !address)
    own_locations(v);
  const char *empty = intern_s(profile_strings(v), "");
  for (size_t i = 0; i < v->nmappings && maps_change; i++) {
    mapping *m = &v->mappings[i];
    m->has_inline_frames = m->has_inline_frames && inlines;
    m->has_functions = m->has_functions && fn_;
    m->has_filenames = m->has_filenames && filename;
    m->has_line_numbers = m->has_line_numbers && linenumber;
  }
  if (!fn_ || !filename)
    for (size_t i = 0; i < v->nfunctions; i++) {
      if (!fn_) v->functions[i].name = v->functions[i].system_name = empty;
      if (!filename) v->functions[i].filename = empty;
    }
  if (!linenumber) reserve_lines(v, 1);
  if (!inlines || !address || !linenumber)
    for (size_t i = 0; i < v->nlocations; i++) {
      location *l = &v->locations[i];
      if (!inlines && l->nlines > 1) {
        l->line_off += l->nlines - 1;
        l->nlines = 1;
      }
      if (!linenumber) /* every location has its own lines (own_tables copied them) */
        for (uint32_t k = 0; k < l->nlines; k++) v->lines[l->line_off + k].line = 0;
      if (!address) l->address = 0;
    }
  return true;
}

void view_remove_label(profile *v, const char *key) {
  key = intern_s(profile_strings(v), key);
  bool has = false;
  for (size_t i = 0; i < v->nlabels && !has; i++)
    if (v->labels[i].key == key) has = true;
  if (!has) return;
  size_t ns = v->nlabelsets;
  uint32_t *map = xmalloc((ns + 1) * sizeof *map);
  own_labels(v);
  label *tmp = NULL;
  size_t cap = 0;
  for (size_t id = 0; id < ns; id++) {
    labelset set = v->labelsets[id];
    XGROW(tmp, cap, set.n + 1);
    size_t n = 0;
    for (uint32_t k = 0; k < set.n; k++)
      if (!(v->labels[set.off + k].str && v->labels[set.off + k].key == key)) tmp[n++] = v->labels[set.off + k];
    map[id] = profile_intern_labels(v, tmp, n);
  }
  free(tmp);
  own_samples(v);
  for (size_t s = 0; s < v->nsamples; s++) v->sample_labels[s] = map[v->sample_labels[s]];
  free(map);
}
