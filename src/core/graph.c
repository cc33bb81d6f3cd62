/*
 * graph.c: a port of pprof's internal/graph for tprof's compact model.
 *
 * pprof builds maps from NodeInfo to *Node, per-sample sets of seen nodes
 * and edges, and EdgeMaps per node. Here node identities live in a nodemap
 * (built once per view), weights in flat arrays indexed by node, edges in
 * one array found through an open-addressing table, and the per-sample
 * "seen" sets are stamps (the sample number) on nodes and edges. The
 * arithmetic and every ordering rule are pprof's.
 */
#include "tprof/graph.h"
#include "tprof/env.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

/* ---- trimPath (report.trimPath) ---- */

/* Go's filepath.SplitList on ':' ("" gives no elements). Returns count; fills out[] (caller frees items). */
static size_t split_list(const char *s, char ***out) {
  *out = NULL;
  if (!s || !*s) return 0;
  size_t n = 0;
  for (const char *p = s;; ) {
    const char *c = strchr(p, ':');
    size_t k = c ? (size_t)(c - p) : strlen(p);
    *out = xreallocarray(*out, n + 1, sizeof **out);
    (*out)[n++] = xstrndup(p, k);
    if (!c) break;
    p = c + 1;
  }
  return n;
}

static void free_list(char **l, size_t n) {
  for (size_t i = 0; i < n; i++) free(l[i]);
  free(l);
}

/* Returns a pointer into path (a suffix) or path itself. */
static const char *trim_path(const char *path, const char *trim, const char *search) {
  char **dirs;
  if (!trim || !*trim) {
    size_t nd = split_list(search, &dirs);
    for (size_t i = 0; i < nd; i++) {
      char *b = path_base(dirs[i]);
      char *want = xasprintf("/%s/", b);
      const char *f = strstr(path, want);
      size_t wl = strlen(want);
      free(b), free(want);
      if (f) {
        free_list(dirs, nd);
        return f + wl;
      }
    }
    free_list(dirs, nd);
  }
  size_t nt = split_list(trim, &dirs);
  dirs = xreallocarray(dirs, nt + 2, sizeof *dirs);
  dirs[nt++] = xstrdup("/proc/self/cwd/./");
  dirs[nt++] = xstrdup("/proc/self/cwd/");
  const char *res = path;
  for (size_t i = 0; i < nt; i++) {
    size_t k = strlen(dirs[i]);
    char *tp = k && dirs[i][k - 1] == '/' ? xstrdup(dirs[i]) : xasprintf("%s/", dirs[i]);
    size_t tl = strlen(tp);
    bool hit = strncmp(path, tp, tl) == 0;
    free(tp);
    if (hit) {
      res = path + tl;
      break;
    }
  }
  free_list(dirs, nt);
  return res;
}

/* ---- nodemap ---- */

static uint64_t info_hash(const node_info *i) {
  uint64_t h = hash64((uintptr_t)i->name);
  h = hash64(h ^ (uintptr_t)i->orig_name);
  h = hash64(h ^ i->address);
  h = hash64(h ^ (uintptr_t)i->file);
  h = hash64(h ^ (uint64_t)i->start_line);
  h = hash64(h ^ (uint64_t)i->lineno);
  return hash64(h ^ (uintptr_t)i->objfile);
}

static bool info_eq(const node_info *a, const node_info *b) {
  return a->name == b->name && a->orig_name == b->orig_name && a->address == b->address && a->file == b->file &&
         a->start_line == b->start_line && a->lineno == b->lineno && a->objfile == b->objfile;
}

/* The node table while a map is built: open addressing over node ids + 1,
 * with each node's hash kept so that a probe compares infos only when the
 * hashes agree. The info array is sized once from an upper bound on the
 * nodes (every line of every location, and its function's node), so it is
 * never copied while it fills (a realloc of it on `large`'s lines map was
 * a fifth of the build); the slots grow if the nodes pass the estimate. */
typedef struct nm_table {
  uint32_t *slot;
  uint64_t *hash; /* per node */
  size_t mask;
} nm_table;

/* Twice the slots, the nodes placed again by their kept hashes. */
static void nm_grow(const nodemap *nm, nm_table *t) {
  size_t cap = (t->mask + 1) * 2;
  free(t->slot);
  t->slot = xcalloc(cap, sizeof *t->slot);
  t->mask = cap - 1;
  for (size_t id = 0; id < nm->n; id++) {
    size_t i = (size_t)t->hash[id] & t->mask;
    while (t->slot[i]) i = (i + 1) & t->mask;
    t->slot[i] = (uint32_t)id + 1;
  }
}

static uint32_t nm_insert(nodemap *nm, nm_table *t, const node_info *info) {
  uint64_t h = info_hash(info);
  size_t i = (size_t)h & t->mask;
  for (uint32_t e; (e = t->slot[i]) != 0; i = (i + 1) & t->mask)
    if (t->hash[e - 1] == h && info_eq(&nm->info[e - 1], info)) return e - 1;
  uint32_t id = (uint32_t)nm->n++;
  nm->info[id] = *info;
  t->hash[id] = h;
  t->slot[i] = id + 1;
  if (nm->n * 4 > (t->mask + 1) * 3) nm_grow(nm, t);
  if (info->address == 0 && info->lineno == 0) {
    nm->function[id] = id;
  } else {
    node_info f = *info;
    f.address = 0, f.lineno = 0;
    nm->function[id] = nm_insert(nm, t, &f);
  }
  return id;
}

/* The map of the lines whose function keep[] marks (all when keep is
 * NULL), line-less locations' nodes when bare: the nodes left out are
 * TPROF_NONE in loc_nodes. The kept nodes are numbered in the order the
 * full map numbers them (the same walk, skipping the others). */
static void nodemap_fill(nodemap *nm, const profile *p, const nodemap_opts *o, const bool *keep, bool bare) {
  memset(nm, 0, sizeof *nm);
  intern *strs = profile_strings(p);
  const char *empty = intern_s(strs, "");
  /* per function: the cleaned file name, interned */
  const char **files = xmalloc((p->nfunctions ? p->nfunctions : 1) * sizeof *files);
  for (size_t i = 0; i < p->nfunctions; i++) {
    if (keep && !keep[i]) continue;
    const char *fn = p->functions[i].filename;
    if (o->trim_files) fn = trim_path(fn, o->trim_path, o->source_path);
    if (*fn) {
      char *c = path_clean(fn);
      files[i] = intern_s(strs, c);
      free(c);
    } else {
      files[i] = empty;
    }
  }
  nm->nlocs = p->nlocations;
  nm->loc_off = xmalloc((p->nlocations + 1) * sizeof *nm->loc_off);
  nm->loc_n = xmalloc((p->nlocations + 1) * sizeof *nm->loc_n);
  size_t total = 0, kept = 0, nbare = 0;
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    total += l->nlines ? l->nlines : 1;
    nbare += !l->nlines;
    if (!keep)
      kept = total;
    else if (!l->nlines)
      kept += bare;
    else
      for (uint32_t j = 0; j < l->nlines; j++) kept += keep[p->lines[l->line_off + j].func];
  }
  nm->loc_nodes = xmalloc((total ? total : 1) * sizeof *nm->loc_nodes);
  /* at most a node a line and one for its function */
  nm->cap = 2 * kept + 1;
  nm->info = xmalloc(nm->cap * sizeof *nm->info);
  nm->function = xmalloc(nm->cap * sizeof *nm->function);
  /* The table starts sized for a node a function (a line-less location's
   * one of its own), what a functions view has, at most 3/4 full, and
   * doubles past that (a lines view's nodes are a line's and a
   * function's: two rehashes on large). It is touched all over: sized for
   * twice the lines it was 4 MB for 290k locations, at the -top's peak RSS;
   * 1 MB for large's 97.5k functions. */
  nm_table t;
  size_t expect = (p->nfunctions + nbare < kept ? p->nfunctions + nbare : kept) + 1, tcap = 16;
  while (tcap * 3 < expect * 4) tcap *= 2;
  t.slot = xcalloc(tcap, sizeof *t.slot);
  t.hash = xmalloc(nm->cap * sizeof *t.hash);
  t.mask = tcap - 1;
  /* per function: the node of its last line seen and the line, address and
   * object file it was for: the lines of one function's locations are
   * usually one node (a function granularity view clears line and address),
   * found without hashing */
  uint32_t *fnode = xmalloc((p->nfunctions ? p->nfunctions : 1) * sizeof *fnode);
  memset(fnode, 0xff, (p->nfunctions ? p->nfunctions : 1) * sizeof *fnode);
  size_t at = 0;
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    const char *objfile = empty;
    if (l->mapping != TPROF_NONE && *p->mappings[l->mapping].file) objfile = p->mappings[l->mapping].file;
    nm->loc_off[i] = (uint32_t)at;
    uint32_t k = l->nlines ? l->nlines : 1;
    nm->loc_n[i] = k;
    for (uint32_t j = 0; j < k; j++) {
      node_info ni = {empty, empty, l->address, empty, 0, 0, empty};
      if (l->nlines) {
        const pline *ln = &p->lines[l->line_off + j];
        if (keep && !keep[ln->func]) {
          nm->loc_nodes[at++] = TPROF_NONE;
          continue;
        }
        const function *f = &p->functions[ln->func];
        ni.lineno = ln->line;
        ni.name = f->name;
        ni.file = files[ln->func];
        if (o->obj_names || !*ni.name) {
          ni.objfile = objfile;
          ni.start_line = f->start_line;
        }
        uint32_t c = fnode[ln->func];
        if (c != TPROF_NONE && info_eq(&nm->info[c], &ni)) {
          nm->loc_nodes[at++] = c;
          continue;
        }
        nm->loc_nodes[at] = nm_insert(nm, &t, &ni);
        fnode[ln->func] = nm->loc_nodes[at++];
        continue;
      }
      ni.objfile = objfile;
      nm->loc_nodes[at++] = keep && !bare ? TPROF_NONE : nm_insert(nm, &t, &ni);
    }
  }
  free(fnode), free(files), free(t.slot), free(t.hash);
  nm->inlined = xcalloc(nm->n + 1, sizeof *nm->inlined);
  for (size_t i = 0; i < p->nlocations; i++)
    for (uint32_t j = 0; j + 1 < nm->loc_n[i]; j++) {
      uint32_t nd = nm->loc_nodes[nm->loc_off[i] + j];
      if (nd != TPROF_NONE) nm->inlined[nd] = true;
    }
  nm->loc_single = xmalloc((p->nlocations + 1) * sizeof *nm->loc_single);
  for (size_t i = 0; i < p->nlocations; i++)
    nm->loc_single[i] = nm->loc_n[i] == 1 ? nm->loc_nodes[nm->loc_off[i]] : NODEMAP_MULTI;
  nm->printable = xcalloc(nm->n + 1, sizeof *nm->printable); /* a node's, named when printed */
}

void nodemap_build(nodemap *nm, const profile *p, const nodemap_opts *o) { nodemap_fill(nm, p, o, NULL, true); }

void nodemap_build_some(nodemap *nm, const profile *p, const nodemap_opts *o, const bool *keep, bool bare) {
  nodemap_fill(nm, p, o, keep, bare);
}

void nodemap_free(nodemap *nm) {
  if (nm->printable)
    for (size_t i = 0; i < nm->n; i++)
      if (nm->printable[i] != nm->info[i].name) free(nm->printable[i]);
  free(nm->printable), free(nm->info), free(nm->function);
  free(nm->loc_off), free(nm->loc_n), free(nm->loc_nodes), free(nm->loc_single), free(nm->inlined);
  u64map_free(&nm->index);
  memset(nm, 0, sizeof *nm);
}

const char *nodemap_name(nodemap *nm, uint32_t n) {
  if (nm->printable[n]) return nm->printable[n];
  const node_info *i = &nm->info[n];
  if (!i->address && !i->lineno && !*i->file && *i->name) /* the name alone (functions granularity): */
    return nm->printable[n] = (char *)i->name;          /* borrowed, not copied (nodemap_free knows) */
  strbuf sb = STRBUF_INIT;
  if (i->address) sb_printf(&sb, "%016" PRIx64, i->address);
  if (*i->name) sb_printf(&sb, "%s%s", sb.len ? " " : "", i->name);
  if (i->lineno) {
    sb_printf(&sb, "%s%s:%" PRId64, sb.len ? " " : "", i->file, i->lineno);
  } else if (*i->file) {
    sb_printf(&sb, "%s%s", sb.len ? " " : "", i->file);
  } else if (*i->name) {
  } else if (*i->objfile) {
    char *b = path_base(i->objfile);
    sb_printf(&sb, "%s[%s]", sb.len ? " " : "", b);
    free(b);
  } else {
    sb_printf(&sb, "%s<unknown>", sb.len ? " " : "");
  }
  nm->printable[n] = sb_steal(&sb);
  return nm->printable[n];
}

char *node_info_string(const node_info *i) {
  return xasprintf("{%s %s %" PRIu64 " %s %" PRId64 " %" PRId64 " %s}", i->name, i->orig_name, i->address, i->file,
                   i->start_line, i->lineno, i->objfile);
}

/* ---- edge table ---- */

typedef struct etab {
  uint64_t *keys;
  uint32_t *vals;
  size_t cap, n;
} etab;

static void etab_init(etab *t, size_t expect) {
  t->cap = 64;
  while (t->cap < expect * 2) t->cap *= 2;
  t->keys = xmalloc(t->cap * sizeof *t->keys);
  t->vals = xmalloc(t->cap * sizeof *t->vals);
  memset(t->keys, 0xff, t->cap * sizeof *t->keys);
  t->n = 0;
}

static void etab_free(etab *t) { free(t->keys), free(t->vals); }

static inline size_t etab_slot(const etab *t, uint64_t key) {
  size_t j = (size_t)(hash64(key) & (t->cap - 1));
  while (t->keys[j] != key && t->keys[j] != UINT64_MAX) j = (j + 1) & (t->cap - 1);
  return j;
}

static void etab_grow(etab *t) {
  etab n;
  etab_init(&n, t->cap);
  for (size_t i = 0; i < t->cap; i++)
    if (t->keys[i] != UINT64_MAX) {
      size_t j = etab_slot(&n, t->keys[i]);
      n.keys[j] = t->keys[i], n.vals[j] = t->vals[i];
    }
  n.n = t->n;
  etab_free(t);
  *t = n;
}

/* ---- build ---- */

/* ---- finding the samples through a few locations ---- */

/* The needed locations (need[l]) as a bitmap (small enough for the L1
 * cache: a frame costs a bit) and the range of their indices: most frames
 * fail the range test, made a block of frames at a time (it vectorises),
 * before the bitmap is read, also a block at a time, without branches. */
typedef struct need_scan {
  const profile *p;
  const bool *need;
  uint64_t *bits;
  size_t nwords;     /* of bits */
  uint32_t lo, span; /* needed locations lie in [lo, lo + span] */
  bool any;
  uint32_t eq[4];    /* when there are at most 4 (repeated to fill): compared, not ranged */
  bool few;
} need_scan;

static void need_scan_init(need_scan *sc, const profile *p, const bool *need, size_t nlocs) {
  uint32_t lo = UINT32_MAX, hi = 0;
  size_t nwords = nlocs / 64 + 1;
  uint64_t *bits = xcalloc(nwords, sizeof *bits);
  for (size_t l = 0; l < nlocs; l++)
    if (need[l]) {
      if (lo == UINT32_MAX) lo = (uint32_t)l;
      hi = (uint32_t)l;
      bits[l / 64] |= 1ull << (l % 64);
    }
  *sc = (need_scan){p, need, bits, nwords, lo, hi - lo, lo != UINT32_MAX, {0}, false};
  size_t k = 0;
  for (size_t l = 0; l < nlocs && k <= 4; l++)
    if (need[l]) {
      if (k < 4) sc->eq[k] = (uint32_t)l;
      k++;
    }
  sc->few = k > 0 && k <= 4;
  for (size_t i = k; sc->few && i < 4; i++) sc->eq[i] = sc->eq[0];
}

static void need_scan_free(need_scan *sc) { free(sc->bits); }

#define SCAN_BLOCK 32

static inline uint64_t need_bit(const uint64_t *bits, uint32_t l) { return bits[l / 64] >> (l % 64) & 1; }

/* The first frame in stack[pos, end) at a needed location, or end. */
static size_t first_needed(const need_scan *sc, size_t pos, size_t end) {
  stk st = profile_frames(sc->p);
  const uint64_t *bits = sc->bits;
  uint32_t lo = sc->lo, span = sc->span;
  uint32_t e0 = sc->eq[0], e1 = sc->eq[1], e2 = sc->eq[2], e3 = sc->eq[3];
  while (pos < end) {
    if (end - pos >= SCAN_BLOCK && sc->few) { /* a function's few locations: four compares a frame */
      unsigned hit = 0;
      for (size_t i = 0; i < SCAN_BLOCK; i++) {
        uint32_t x = stk_at(st, pos + i);
        hit |= (x == e0) | (x == e1) | (x == e2) | (x == e3);
      }
      if (!hit) {
        pos += SCAN_BLOCK;
        continue;
      }
    } else if (end - pos >= SCAN_BLOCK) {
      unsigned in = 0;
      for (size_t i = 0; i < SCAN_BLOCK; i++) in |= stk_at(st, pos + i) - lo <= span;
      uint64_t hit = 0;
      if (in)
        for (size_t i = 0; i < SCAN_BLOCK; i++) hit |= need_bit(bits, stk_at(st, pos + i));
      if (!hit) {
        pos += SCAN_BLOCK;
        continue;
      }
    }
    size_t stop = end - pos >= SCAN_BLOCK ? pos + SCAN_BLOCK : end;
    for (; pos < stop; pos++)
      if (need_bit(bits, stk_at(st, pos))) return pos;
  }
  return end;
}

/* The samples of [from, to) with a frame at a needed location, into out
 * (in order; room for to - from). Where consecutive samples' stacks lie in
 * increasing order in p->stack (always, but for views that share a
 * reordered stack array), their frames are scanned as one array, and a hit
 * is mapped back to its sample. */
static size_t needed_samples(const need_scan *sc, size_t from, size_t to, size_t *out) {
  const profile *p = sc->p;
  const uint32_t *off = p->stack_off;
  const uint32_t *len = p->stack_len;
  size_t k = 0;
  if (!sc->any) return 0;
  for (size_t s = from; s < to;) {
    /* samples [s, t) have stacks in increasing order within [off[s], e) */
    size_t t = s + 1, e = off[s] + len[s];
    while (t < to && off[t] >= e) e = off[t] + len[t], t++;
    size_t pos = off[s], lo = s;
    while ((pos = first_needed(sc, pos, e)) < e) {
      size_t a = lo, b = t; /* the last sample of [lo, t) whose stack starts at or before pos */
      while (b - a > 1) {
        size_t m = a + (b - a) / 2;
        if (off[m] <= pos) a = m;
        else b = m;
      }
      if (pos < off[a] + len[a]) out[k++] = a; /* else: a frame between stacks */
      lo = a + 1;
      if (lo >= t) break;
      pos = off[lo];
    }
    s = t;
  }
  return k;
}

/* ---- the samples found, kept for the next pass (need_memo) ---- */

void need_memo_clear(need_memo *m) {
  size_t reused = m->reused;
  profile_unref(m->p);
  free(m->bits), free(m->samples);
  memset(m, 0, sizeof *m);
  m->reused = reused;
}

/* Samples from a memo below which a pass runs on one thread. */
#define MEMO_ALONE 4096

/* Whether a memo may serve or keep p's samples (indices kept as uint32). */
static bool memo_usable(const need_memo *m, const profile *p) { return m && p->nsamples < UINT32_MAX; }

/* The memo's samples when it holds those of sc's locations over p's
 * samples (the same arrays: a view that shares them, or p itself), else
 * NULL. */
static const uint32_t *memo_samples(need_memo *m, const profile *p, const need_scan *sc, size_t *n) {
  if (!memo_usable(m, p) || !m->p || m->stack != p->stack || m->stack_off != p->stack_off ||
      m->stack_len != p->stack_len || m->nsamples != p->nsamples || m->stack_w != p->stack_w || m->nwords != sc->nwords ||
      memcmp(m->bits, sc->bits, sc->nwords * sizeof *sc->bits))
    return NULL;
  m->reused++;
  *n = m->n;
  return m->samples;
}

/* Keep samples[0..n) (taken) as what sc's locations find in p. */
static void memo_keep(need_memo *m, const profile *p, const need_scan *sc, uint32_t *samples, size_t n) {
  need_memo_clear(m);
  /* the reference is to the profile the arrays come from (not to a view
   * of it that would keep its own tables alive): the view's first base
   * with other arrays is its base's */
  const profile *owner = p;
  while (owner->base && owner->base->stack == p->stack && owner->base->stack_off == p->stack_off &&
         owner->base->stack_len == p->stack_len)
    owner = owner->base;
  m->p = profile_ref(owner);
  m->stack = p->stack, m->stack_off = p->stack_off, m->stack_len = p->stack_len, m->nsamples = p->nsamples;
  m->stack_w = p->stack_w;
  m->bits = xmalloc(sc->nwords * sizeof *m->bits);
  memcpy(m->bits, sc->bits, sc->nwords * sizeof *m->bits);
  m->nwords = sc->nwords;
  m->samples = samples, m->n = n;
}

/* A growing list of sample indices. */
typedef struct sample_list {
  uint32_t *v;
  size_t n, cap;
} sample_list;

static void sample_list_add(sample_list *l, const size_t *s, size_t k) {
  if (!k) return;
  XGROW(l->v, l->cap, l->n + k);
  for (size_t i = 0; i < k; i++) l->v[l->n + i] = (uint32_t)s[i];
  l->n += k;
}

/* Keep lists l[0..n), one after the other, as what sc's locations find in
 * p, unless the pass was cancelled (then incomplete). The lists point into
 * own[0..nown), which are freed, l too. */
static void memo_keep_lists(need_memo *m, const atomic_bool *cancel, const profile *p, const need_scan *sc,
                            sample_list *l, size_t n, sample_list *own, size_t nown) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += l[i].n;
  uint32_t *all = NULL;
  if (!graph_cancelled(cancel)) {
    all = xmalloc((total + 1) * sizeof *all);
    for (size_t i = 0, at = 0; i < n; at += l[i].n, i++)
      if (l[i].n) memcpy(all + at, l[i].v, l[i].n * sizeof *all);
    memo_keep(m, p, sc, all, total);
  }
  for (size_t i = 0; i < nown; i++) free(own[i].v);
  free(own);
  if (l != own) free(l);
}

/* A pass that makes the edges of o->edge_nodes and no weights (o->edges_only). */
static bool edges_only(const graph_opts *o) { return o->edges_only && o->edge_nodes && !o->no_edges; }

/* Per-node accumulators of one worker, packed so a frame touches one line. */
typedef struct acc {
  uint32_t stamp, last_out; /* sample mark; last out-edge taken from here */
  int64_t cum, cum_div, flat, flat_div;
} acc;

typedef struct worker {
  const nodemap *nm;
  const profile *p;
  const graph_opts *o;
  const need_scan *sc; /* o->need's locations, for a scan of the frames */
  const uint64_t *kept_bits;  /* with o->kept: a bit per location, set unless its one node is
                               * not kept (read first: it stays in L1, loc_single does not) */
  const uint64_t *near_bits;  /* edges only, every node kept: the edge nodes' locations (work_sample) */
  size_t from, to;
  const uint32_t *hits;  /* the samples to read, from a memo (from: the first), or NULL */
  size_t nhits;
  sample_list *found;    /* where the scan's samples are kept for the memo, or NULL */
  acc *a;
  edge *edges;
  size_t nedges, edges_cap;
  uint32_t *estamp;
  etab et;
} worker;

/* Feed one node of a stack (root to leaf order); without weights (an
 * edges-only pass), only the edges. */
static inline void visit(worker *wk, uint32_t nd, bool inl, uint32_t mark, int64_t w, int64_t dw, uint32_t *parent,
                         bool *residual, bool edges, bool weights) {
  acc *a = wk->a;
  if (wk->o->kept && !wk->o->kept[nd]) {
    *residual = true;
    return;
  }
  if (weights) {
    acc *x = &a[nd];
    if (x->stamp != mark) {
      x->stamp = mark;
      x->cum = i64_add(x->cum, w); /* sums wrap as Go's int64 do (doc/hostile.md) */
      x->cum_div = i64_add(x->cum_div, dw);
    }
  }
  uint32_t par = *parent;
  const bool *en = wk->o->edge_nodes;
  if (edges && par != TPROF_NONE && nd != par && (!en || en[nd] || en[par])) {
    uint32_t e = weights ? a[par].last_out : TPROF_NONE; /* edges only: few, looked up */
    if (e == TPROF_NONE || wk->edges[e].dst != nd) {
      uint64_t key = ((uint64_t)par << 32) | nd;
      size_t j = etab_slot(&wk->et, key);
      if (wk->et.keys[j] == UINT64_MAX) {
        e = (uint32_t)wk->nedges;
        if (wk->nedges + 1 > wk->edges_cap) {
          XGROW(wk->edges, wk->edges_cap, wk->nedges + 1);
          wk->estamp = xreallocarray(wk->estamp, wk->edges_cap, sizeof *wk->estamp);
        }
        wk->edges[e] = (edge){par, nd, 0, 0, *residual, inl, false};
        wk->estamp[e] = 0;
        wk->nedges++;
        wk->et.keys[j] = key, wk->et.vals[j] = e;
        if (++wk->et.n * 2 > wk->et.cap) etab_grow(&wk->et);
      } else {
        e = wk->et.vals[j];
      }
      if (weights) a[par].last_out = e;
    }
    if (wk->estamp[e] != mark) {
      wk->estamp[e] = mark;
      edge *ed = &wk->edges[e];
      ed->weight_div = i64_add(ed->weight_div, dw);
      ed->weight = i64_add(ed->weight, w);
      if (*residual) ed->residual = true;
      if (!inl) ed->inline_ = false;
    }
  }
  *parent = nd;
  *residual = false;
}

/* One sample of a pass. */
static inline void work_sample(worker *wk, size_t s) {
  const profile *p = wk->p;
  const nodemap *nm = wk->nm;
  const graph_opts *o = wk->o;
  bool edges = !o->no_edges, weights = !edges_only(o);
  const int64_t *v = profile_values(p, s);
  int64_t w = v[o->sample_index], dw = o->mean ? v[0] : 0;
  if (dw == 0 && w == 0) return;
  uint32_t mark = (uint32_t)(s - wk->from + 1), parent = TPROF_NONE;
  bool residual = false;
  size_t n;
  stk st = profile_stack(p, s, &n);
  const uint64_t *bits = wk->kept_bits;
  const uint32_t *single = nm->loc_single;
  /* Edges only, every node kept, the edge nodes' locations in near (the
   * needed ones): an edge of an edge node joins a frame at a near location
   * to the frame before it (rootward) or to another line of its location,
   * so only those frames are looked up. The one before a frame looked up
   * after skipped ones was visited last at its innermost line: the parent. */
  const uint64_t *near = wk->near_bits;
  bool prev_near = false, skipped = false;
  for (size_t i = n; i-- > 0;) {
    if (near) {
      bool here = need_bit(near, stk_at(st, i));
      if (!here && !prev_near) {
        skipped = true;
        continue;
      }
      if (skipped) {
        uint32_t l = stk_at(st, i + 1);
        parent = single[l] != NODEMAP_MULTI ? single[l] : nm->loc_nodes[nm->loc_off[l]];
        skipped = false;
      }
      prev_near = here;
    }
    if (bits && !need_bit(bits, stk_at(st, i))) { /* the location's one node is not kept */
      residual = true;
      continue;
    }
    uint32_t one = single[stk_at(st, i)];
    if (one != NODEMAP_MULTI) {
      visit(wk, one, false, mark, w, dw, &parent, &residual, edges, weights);
      continue;
    }
    uint32_t off = nm->loc_off[stk_at(st, i)], cnt = nm->loc_n[stk_at(st, i)];
    for (uint32_t ni = cnt; ni-- > 0;)
      visit(wk, nm->loc_nodes[off + ni], ni != cnt - 1, mark, w, dw, &parent, &residual, edges, weights);
  }
  if (weights && parent != TPROF_NONE && !residual) {
    wk->a[parent].flat = i64_add(wk->a[parent].flat, w);
    wk->a[parent].flat_div = i64_add(wk->a[parent].flat_div, dw);
  }
}

#define WORK_CHUNK 4096 /* samples between checks of the cancel flag */
#define PF_HIT 16       /* samples read from a memo: how far ahead their arrays are prefetched */

static void *work(void *arg) {
  worker *wk = arg;
  const graph_opts *o = wk->o;
  if (wk->hits) { /* o->need's samples, as a memo keeps them: they lie anywhere, so each
                   * one's offset, length and values are prefetched, then its frames */
    const profile *p = wk->p;
    const uint32_t *hits = wk->hits;
    size_t nh = wk->nhits;
    for (size_t h = 0; h < nh; h++) {
      if (h % WORK_CHUNK == 0 && graph_cancelled(o->cancel)) break;
      if (h + PF_HIT < nh) {
        size_t s = hits[h + PF_HIT];
        __builtin_prefetch(&p->stack_off[s]), __builtin_prefetch(&p->stack_len[s]);
        __builtin_prefetch(&p->value_idx[s]);
      }
      if (h + PF_HIT / 2 < nh) {
        const uint8_t *f = p->stack + p->stack_off[hits[h + PF_HIT / 2]] * p->stack_w;
        __builtin_prefetch(f), __builtin_prefetch(f + 64);
      }
      work_sample(wk, hits[h]);
    }
    return NULL;
  }
  size_t hit[WORK_CHUNK];
  for (size_t from = wk->from; from < wk->to; from += WORK_CHUNK) {
    if (graph_cancelled(o->cancel)) break;
    size_t to = wk->to - from > WORK_CHUNK ? from + WORK_CHUNK : wk->to;
    if (wk->sc) { /* o->need: the samples through a needed node, found by a scan of the frames */
      size_t k = needed_samples(wk->sc, from, to, hit);
      if (wk->found) sample_list_add(wk->found, hit, k);
      for (size_t h = 0; h < k; h++) work_sample(wk, hit[h]);
      continue;
    }
    for (size_t s = from; s < to; s++) work_sample(wk, s);
  }
  return NULL;
}

static void worker_init(worker *wk, const nodemap *nm, const profile *p, const graph_opts *o, const need_scan *sc,
                        const uint64_t *kept_bits, size_t from, size_t to) {
  memset(wk, 0, sizeof *wk);
  wk->nm = nm, wk->p = p, wk->o = o, wk->sc = sc, wk->kept_bits = kept_bits;
  wk->from = from, wk->to = to;
  if (edges_only(o)) { /* no accumulators; few edges (those of o->edge_nodes) */
    etab_init(&wk->et, 64);
    return;
  }
  wk->a = xcalloc(nm->n + 1, sizeof *wk->a);
  for (size_t i = 0; i <= nm->n; i++) wk->a[i].last_out = TPROF_NONE;
  etab_init(&wk->et, o->no_edges ? 8 : nm->n);
}

static void worker_free(worker *wk) {
  free(wk->a), free(wk->edges), free(wk->estamp);
  etab_free(&wk->et);
}

/* g->nodes: the nodes with a weight, in id order (pprof's graph keeps the
 * nodes with a nonzero flat or cum, without the negative ones when asked). */
static void graph_list_nodes(graph *g, bool drop_negative) {
  size_t nn = g->nn;
  g->nodes = xmalloc((nn ? nn : 1) * sizeof *g->nodes);
  for (size_t i = 0; i < nn; i++) {
    if (g->cum[i] == 0 && g->flat[i] == 0) continue;
    if (drop_negative && (g->flat[i] < 0 || (g->flat[i] == 0 && g->cum[i] < 0))) continue;
    g->nodes[g->nnodes++] = (uint32_t)i;
  }
}

void graph_build(graph *g, nodemap *nm, const profile *p, const graph_opts *o) {
  memset(g, 0, sizeof *g);
  g->nm = nm;
  size_t nn = g->nn = nm->n;
  int nth = core_env_threads(o->env, p->nsamples);
  if ((uint64_t)p->nsamples / (uint64_t)nth >= UINT32_MAX - 1) nth = 1; /* marks are 32-bit per worker... */
  worker wk[16];
  size_t chunk = (p->nsamples + (size_t)nth - 1) / (size_t)nth;
  if (p->nsamples / (size_t)nth >= UINT32_MAX) {
    /* beyond 4G samples a worker would wrap its marks: fall back to more workers */
    nth = 16;
    chunk = (p->nsamples + 15) / 16;
  }
  /* the needed samples are found by a scan of the frames, and a frame
   * whose one node is not kept is skipped unvisited */
  bool *loc_need = NULL;
  need_scan sc;
  const uint32_t *memo = NULL; /* the needed samples, from o->memo */
  size_t nmemo = 0;
  sample_list *found = NULL;   /* per worker: the samples the scan finds, for o->memo */
  if (o->need) {
    loc_need = xcalloc(nm->nlocs + 1, 1);
    for (size_t l = 0; l < nm->nlocs; l++)
      for (uint32_t k = 0; k < nm->loc_n[l] && !loc_need[l]; k++) loc_need[l] = o->need[nm->loc_nodes[nm->loc_off[l] + k]];
    need_scan_init(&sc, p, loc_need, nm->nlocs);
    memo = memo_samples(o->memo, p, &sc, &nmemo);
    if (memo) { /* workers take consecutive slices of them: edges are still made in sample order
                 * (threads as for the view: each sample is a walk of its frames, not a scan) */
      if (nmemo < MEMO_ALONE) nth = 1;
      chunk = (nmemo + (size_t)nth - 1) / (size_t)nth;
    } else if (memo_usable(o->memo, p)) {
      found = xcalloc((size_t)nth, sizeof *found);
    }
  }
  uint64_t *kept_bits = NULL;
  if (o->kept) {
    kept_bits = xcalloc(nm->nlocs / 64 + 1, sizeof *kept_bits);
    for (size_t l = 0; l < nm->nlocs; l++) {
      uint32_t one = nm->loc_single[l];
      if (one == NODEMAP_MULTI || o->kept[one]) kept_bits[l / 64] |= 1ull << (l % 64);
    }
  }
  size_t end = memo ? nmemo : p->nsamples;
  /* peek's pass (its need nodes are its edge nodes) looks up only the frames near theirs */
  bool near = edges_only(o) && !o->kept && o->need && o->need == o->edge_nodes;
  for (int t = 0; t < nth; t++) {
    size_t from = (size_t)t * chunk, to = from + chunk;
    if (from > end) from = end;
    if (to > end) to = end;
    if (memo) {
      worker_init(&wk[t], nm, p, o, NULL, kept_bits, from < to ? memo[from] : 0, 0);
      wk[t].hits = memo + from, wk[t].nhits = to - from;
    } else {
      worker_init(&wk[t], nm, p, o, loc_need ? &sc : NULL, kept_bits, from, to);
      wk[t].found = found ? &found[t] : NULL;
    }
    wk[t].near_bits = near ? sc.bits : NULL;
  }
  core_run_workers(work, wk, sizeof *wk, nth);
  if (found) memo_keep_lists(o->memo, o->cancel, p, &sc, found, (size_t)nth, found, (size_t)nth); /* consecutive ranges */
  /* merge workers into the graph (worker 0's edges first: creation order) */
  bool weights = !edges_only(o); /* else no weight arrays and no nodes */
  if (weights) {
    g->flat = xcalloc(nn + 1, sizeof *g->flat);
    g->flat_div = xcalloc(nn + 1, sizeof *g->flat_div);
    g->cum = xcalloc(nn + 1, sizeof *g->cum);
    g->cum_div = xcalloc(nn + 1, sizeof *g->cum_div);
  }
  for (int t = 0; t < nth && weights; t++)
    for (size_t i = 0; i < nn; i++) {
      const acc *x = &wk[t].a[i];
      g->flat[i] = i64_add(g->flat[i], x->flat), g->flat_div[i] = i64_add(g->flat_div[i], x->flat_div);
      g->cum[i] = i64_add(g->cum[i], x->cum), g->cum_div[i] = i64_add(g->cum_div[i], x->cum_div);
    }
  if (!o->no_edges) {
    g->edges = wk[0].edges, g->nedges = wk[0].nedges, g->edges_cap = wk[0].edges_cap;
    wk[0].edges = NULL;
    etab *et = &wk[0].et;
    for (int t = 1; t < nth; t++)
      for (size_t k = 0; k < wk[t].nedges; k++) {
        const edge *e = &wk[t].edges[k];
        uint64_t key = ((uint64_t)e->src << 32) | e->dst;
        size_t j = etab_slot(et, key);
        if (et->keys[j] == UINT64_MAX) {
          XGROW(g->edges, g->edges_cap, g->nedges + 1);
          g->edges[g->nedges] = *e;
          et->keys[j] = key, et->vals[j] = (uint32_t)g->nedges++;
          if (++et->n * 2 > et->cap) etab_grow(et);
        } else {
          edge *d = &g->edges[et->vals[j]];
          d->weight = i64_add(d->weight, e->weight), d->weight_div = i64_add(d->weight_div, e->weight_div);
          d->residual = d->residual || e->residual;
          d->inline_ = d->inline_ && e->inline_;
        }
      }
  }
  for (int t = 0; t < nth; t++) worker_free(&wk[t]);
  if (loc_need) need_scan_free(&sc);
  free(loc_need), free(kept_bits);
  if (weights)
    graph_list_nodes(g, o->drop_negative);
  else
    g->nodes = xmalloc(sizeof *g->nodes);
}


/* ---- a pass over a partial map's nodes (list) ---- */

typedef struct sworker {
  const nodemap *nm;
  const profile *p;
  const graph_opts *o;
  const need_scan *sc;  /* the locations with a node in the map */
  atomic_size_t *next;  /* the first sample no worker has claimed yet (of memo, when set) */
  int64_t *a;           /* per node: the sample mark, cum, cum_div, flat, flat_div */
  const uint32_t *memo; /* the samples to read, from a memo, or NULL: a scan */
  size_t nmemo;
  /* for a memo: each chunk's samples the scan found, in the list of the
   * worker that claimed it (chunk c: its list chunk_w[c], from chunk_at[c], chunk_n[c] of them) */
  sample_list *found;
  size_t *chunk_at;
  uint32_t *chunk_n;
  unsigned char *chunk_w, id;
} sworker;

#define SOME_CHUNK 8192 /* samples a worker claims at a time */

static void *work_some(void *arg) {
  sworker *wk = arg;
  const profile *p = wk->p;
  const nodemap *nm = wk->nm;
  const graph_opts *o = wk->o;
  const bool *need = wk->sc->need;
  int64_t *a = wk->a;
  size_t hit[SOME_CHUNK], end = wk->memo ? wk->nmemo : p->nsamples;
  for (;;) {
    size_t from = atomic_fetch_add(wk->next, SOME_CHUNK), to = from + SOME_CHUNK, nhit;
    if (from >= end || graph_cancelled(o->cancel)) break;
    if (to > end) to = end;
    if (wk->memo) {
      for (size_t i = from; i < to; i++) hit[i - from] = wk->memo[i];
      nhit = to - from;
    } else {
      nhit = needed_samples(wk->sc, from, to, hit);
      if (wk->found) {
        size_t c = from / SOME_CHUNK;
        wk->chunk_w[c] = wk->id, wk->chunk_at[c] = wk->found[wk->id].n, wk->chunk_n[c] = (uint32_t)nhit;
        sample_list_add(&wk->found[wk->id], hit, nhit);
      }
    }
    for (size_t h = 0; h < nhit; h++) {
      size_t s = hit[h];
      const int64_t *v = profile_values(p, s);
      int64_t w = v[o->sample_index], dw = o->mean ? v[0] : 0;
      if (dw == 0 && w == 0) continue;
      size_t n;
      stk st = profile_stack(p, s, &n);
      int64_t mark = (int64_t)s + 1; /* samples are claimed in increasing order: marks only grow */
      for (size_t i = 0; i < n; i++) {
        if (!need[stk_at(st, i)]) continue;
        uint32_t off = nm->loc_off[stk_at(st, i)], cnt = nm->loc_n[stk_at(st, i)];
        for (uint32_t k = 0; k < cnt; k++) {
          uint32_t nd = nm->loc_nodes[off + k];
          if (nd == TPROF_NONE) continue;
          int64_t *x = a + (size_t)nd * 5;
          if (x[0] != mark) x[0] = mark, x[1] = i64_add(x[1], w), x[2] = i64_add(x[2], dw);
        }
      }
      /* flat: the leaf location's innermost line, the last node root to leaf */
      uint32_t leaf = n ? nm->loc_nodes[nm->loc_off[stk_at(st, 0)]] : TPROF_NONE;
      if (leaf != TPROF_NONE) {
        int64_t *x = a + (size_t)leaf * 5;
        x[3] = i64_add(x[3], w), x[4] = i64_add(x[4], dw);
      }
    }
  }
  return NULL;
}

void graph_build_some(graph *g, nodemap *nm, const profile *p, const graph_opts *o) {
  memset(g, 0, sizeof *g);
  g->nm = nm;
  size_t nn = g->nn = nm->n;
  bool *loc_need = xcalloc(nm->nlocs + 1, 1);
  for (size_t l = 0; l < nm->nlocs; l++)
    for (uint32_t k = 0; k < nm->loc_n[l] && !loc_need[l]; k++) loc_need[l] = nm->loc_nodes[nm->loc_off[l] + k] != TPROF_NONE;
  need_scan sc;
  need_scan_init(&sc, p, loc_need, nm->nlocs);
  size_t nmemo = 0;
  const uint32_t *memo = memo_samples(o->memo, p, &sc, &nmemo);
  int nth = memo && nmemo < MEMO_ALONE ? 1 : core_env_threads(o->env, p->nsamples);
  sworker wk[16];
  atomic_size_t next;
  atomic_init(&next, 0);
  size_t nchunks = p->nsamples / SOME_CHUNK + 1;
  bool keep = !memo && memo_usable(o->memo, p);
  sample_list *found = keep ? xcalloc((size_t)nth, sizeof *found) : NULL;
  size_t *chunk_at = keep ? xcalloc(nchunks, sizeof *chunk_at) : NULL;
  uint32_t *chunk_n = keep ? xcalloc(nchunks, sizeof *chunk_n) : NULL;
  unsigned char *chunk_w = keep ? xcalloc(nchunks, 1) : NULL;
  for (int t = 0; t < nth; t++)
    wk[t] = (sworker){nm, p, o, &sc, &next, xcalloc((nn + 1) * 5, sizeof(int64_t)), memo, nmemo,
                      found, chunk_at, chunk_n, chunk_w, (unsigned char)t};
  core_run_workers(work_some, wk, sizeof *wk, nth);
  if (keep) { /* the chunks' samples in chunk order: all of them, in order */
    sample_list *l = xcalloc(nchunks, sizeof *l);
    for (size_t c = 0; c < nchunks; c++)
      if (chunk_n[c]) l[c] = (sample_list){found[chunk_w[c]].v + chunk_at[c], chunk_n[c], 0};
    memo_keep_lists(o->memo, o->cancel, p, &sc, l, nchunks, found, (size_t)nth);
    free(chunk_at), free(chunk_n), free(chunk_w);
  }
  need_scan_free(&sc);
  g->flat = xcalloc(nn + 1, sizeof *g->flat);
  g->flat_div = xcalloc(nn + 1, sizeof *g->flat_div);
  g->cum = xcalloc(nn + 1, sizeof *g->cum);
  g->cum_div = xcalloc(nn + 1, sizeof *g->cum_div);
  for (int t = 0; t < nth; t++) {
    for (size_t i = 0; i < nn; i++) {
      const int64_t *x = wk[t].a + i * 5;
      g->cum[i] = i64_add(g->cum[i], x[1]), g->cum_div[i] = i64_add(g->cum_div[i], x[2]);
      g->flat[i] = i64_add(g->flat[i], x[3]), g->flat_div[i] = i64_add(g->flat_div[i], x[4]);
    }
    free(wk[t].a);
  }
  free(loc_need);
  graph_list_nodes(g, o->drop_negative);
}

/* ---- the first pass for every sample type ---- */

typedef struct wworker {
  const nodemap *nm;
  const profile *p;
  const atomic_bool *cancel;
  atomic_size_t *next; /* the first sample no worker has claimed yet */
  int64_t *a; /* per node, 1 + 2 nt: the sample mark, cum[nt], flat[nt] */
} wworker;

/* Samples a worker claims at a time: halves by index were uneven (on
 * `large` one thread finished its half in a third of the other's time). */
#define WEIGHTS_CHUNK 8192
/* How far ahead (in frames) the location -> node table and the node's
 * accumulators are prefetched: the pass is one random access to each a
 * frame, and stacks lie one after another in p->stack, so the
 * frames a few samples on are known. */
#define PF_NODE 16
#define PF_ACC 8

/* Add value v of one sample to node nd's cum, once a sample. */
static inline __attribute__((always_inline)) void w_touch(int64_t *a, size_t stride, size_t nt, uint32_t nd,
                                                          int64_t mark, const int64_t *v) {
  int64_t *x = a + (size_t)nd * stride;
  if (x[0] != mark) {
    x[0] = mark;
    for (size_t t = 0; t < nt; t++) x[1 + t] = i64_add(x[1 + t], v[t]);
  }
}

/* The pass over samples [from, to), nt a constant where it is inlined
 * (the common 1, 2 and 4 sample types unroll). cum counts each node once a
 * sample, in any order; flat goes to the innermost line of the leaf
 * location (the last node root to leaf), whose accumulator the stack's
 * first frame has just brought into cache. */
static inline __attribute__((always_inline)) void w_range(wworker *wk, size_t from, size_t to, size_t nt) {
  const profile *p = wk->p;
  const nodemap *nm = wk->nm;
  size_t stride = 1 + 2 * nt;
  int64_t *a = wk->a;
  const uint32_t *single = nm->loc_single;
  size_t nlocs = nm->nlocs;
  for (size_t s = from; s < to; s++) {
    const int64_t *v = profile_values(p, s);
    bool zero = true;
    for (size_t t = 0; t < nt; t++) zero &= v[t] == 0;
    if (zero) continue;
    int64_t mark = (int64_t)s + 1; /* samples are claimed in increasing order: marks only grow */
    uint32_t leaf = TPROF_NONE;
    size_t n;
    stk st = profile_stack(p, s, &n);
    size_t end = p->stack_used - p->stack_off[s]; /* frames readable from st */
    if (n) {
      leaf = single[stk_at(st, 0)];
      if (leaf == NODEMAP_MULTI) leaf = nm->loc_nodes[nm->loc_off[stk_at(st, 0)]];
    }
    for (size_t i = 0; i < n; i++) {
      /* the frames PF_NODE and PF_ACC on, usually in the next samples' stacks */
      if (i + PF_NODE < end) __builtin_prefetch(single + stk_at(st, i + PF_NODE));
      if (i + PF_ACC < end) {
        uint32_t l = stk_at(st, i + PF_ACC);
        uint32_t ahead = l < nlocs ? single[l] : NODEMAP_MULTI;
        if (ahead != NODEMAP_MULTI) __builtin_prefetch(a + (size_t)ahead * stride, 1);
      }
      uint32_t one = single[stk_at(st, i)];
      if (one != NODEMAP_MULTI) {
        w_touch(a, stride, nt, one, mark, v);
        continue;
      }
      uint32_t off = nm->loc_off[stk_at(st, i)], cnt = nm->loc_n[stk_at(st, i)];
      for (uint32_t k = 0; k < cnt; k++) w_touch(a, stride, nt, nm->loc_nodes[off + k], mark, v);
    }
    if (leaf != TPROF_NONE) {
      int64_t *f = a + (size_t)leaf * stride + 1 + nt;
      for (size_t t = 0; t < nt; t++) f[t] = i64_add(f[t], v[t]);
    }
  }
}

static void *work_weights(void *arg) {
  wworker *wk = arg;
  const profile *p = wk->p;
  size_t nt = p->nsample_type;
  for (;;) {
    size_t from = atomic_fetch_add(wk->next, WEIGHTS_CHUNK), to = from + WEIGHTS_CHUNK;
    if (from >= p->nsamples || graph_cancelled(wk->cancel)) break;
    if (to > p->nsamples) to = p->nsamples;
    switch (nt) {
    case 1: w_range(wk, from, to, 1); break;
    case 2: w_range(wk, from, to, 2); break;
    case 4: w_range(wk, from, to, 4); break;
    default: w_range(wk, from, to, nt); break;
    }
  }
  return NULL;
}

bool graph_weights_build(graph_weights *w, const nodemap *nm, const profile *p, const atomic_bool *cancel,
                         const struct core_env *env) {
  memset(w, 0, sizeof *w);
  size_t nn = nm->n, nt = p->nsample_type, stride = 1 + 2 * nt;
  int nth = core_env_threads(env, p->nsamples);
  wworker wk[16];
  atomic_size_t next;
  atomic_init(&next, 0);
  for (int t = 0; t < nth; t++)
    wk[t] = (wworker){nm, p, cancel, &next, xcalloc((nn + 1) * stride, sizeof(int64_t))};
  core_run_workers(work_weights, wk, sizeof *wk, nth);
  w->nn = nn, w->nt = nt;
  w->flat = xcalloc((nn + 1) * (nt ? nt : 1), sizeof *w->flat);
  w->cum = xcalloc((nn + 1) * (nt ? nt : 1), sizeof *w->cum);
  for (int t = 0; t < nth; t++) {
    for (size_t i = 0; i < nn; i++) {
      const int64_t *x = wk[t].a + i * stride;
      for (size_t k = 0; k < nt; k++) {
        w->cum[i * nt + k] = i64_add(w->cum[i * nt + k], x[1 + k]);
        w->flat[i * nt + k] = i64_add(w->flat[i * nt + k], x[1 + nt + k]);
      }
    }
    free(wk[t].a);
  }
  if (graph_cancelled(cancel)) {
    graph_weights_free(w);
    return false;
  }
  return true;
}

bool graph_weights_from_load(graph_weights *w, const nodemap *nm, const profile *v, const profile *root) {
  const load_weights *lw = root->lw;
  memset(w, 0, sizeof *w);
  if (!lw || lw->serial != root->serial || lw->nt != v->nsample_type || lw->nfunc != root->nfunctions) return false;
  /* the view keeps every sample of root, as root has them */
  if (v->nsamples != root->nsamples || v->stack != root->stack || v->stack_off != root->stack_off ||
      v->stack_len != root->stack_len || v->value_idx != root->value_idx || v->values != root->values)
    return false;
  /* and every location's lines name the same functions */
  if (v->nlocations != root->nlocations || v->nfunctions != root->nfunctions || nm->nlocs != v->nlocations)
    return false;
  size_t nn = nm->n, nt = lw->nt, nf = lw->nfunc;
  /* a node is one function and a function one node: then a node's sums
   * (each node once a sample) are its function's */
  uint32_t *node_of = xmalloc((nf + 1) * sizeof *node_of), *func_of = xmalloc((nn + 1) * sizeof *func_of);
  memset(node_of, 0xff, (nf + 1) * sizeof *node_of);
  memset(func_of, 0xff, (nn + 1) * sizeof *func_of);
  bool ok = true;
  for (size_t i = 0; i < v->nlocations && ok; i++) {
    const location *a = &v->locations[i], *b = &root->locations[i];
    if (a->nlines != b->nlines || a->nlines == 0 || nm->loc_n[i] != a->nlines) {
      ok = false;
      break;
    }
    for (uint32_t k = 0; k < a->nlines && ok; k++) {
      uint32_t f = v->lines[a->line_off + k].func, nd = nm->loc_nodes[nm->loc_off[i] + k];
      if (f != root->lines[b->line_off + k].func || f >= nf || nd >= nn) ok = false;
      else if (node_of[f] == TPROF_NONE && func_of[nd] == TPROF_NONE) node_of[f] = nd, func_of[nd] = f;
      else if (node_of[f] != nd || func_of[nd] != f) ok = false;
    }
  }
  if (ok) {
    w->nn = nn, w->nt = nt;
    w->flat = xcalloc((nn + 1) * (nt ? nt : 1), sizeof *w->flat);
    w->cum = xcalloc((nn + 1) * (nt ? nt : 1), sizeof *w->cum);
    for (size_t f = 0; f < nf; f++) {
      if (node_of[f] == TPROF_NONE) continue;
      memcpy(w->cum + (size_t)node_of[f] * nt, lw->cum + f * nt, nt * sizeof *w->cum);
      memcpy(w->flat + (size_t)node_of[f] * nt, lw->flat + f * nt, nt * sizeof *w->flat);
    }
  }
  free(node_of), free(func_of);
  return ok;
}

void graph_weights_minus(graph_weights *w, const graph_weights *base, const nodemap *nm, const profile *p,
                         const uint32_t *drop, size_t ndrop) {
  size_t nn = base->nn, nt = base->nt, cells = (nn + 1) * (nt ? nt : 1);
  w->nn = nn, w->nt = nt;
  w->flat = xmalloc(cells * sizeof *w->flat);
  w->cum = xmalloc(cells * sizeof *w->cum);
  memcpy(w->flat, base->flat, cells * sizeof *w->flat);
  memcpy(w->cum, base->cum, cells * sizeof *w->cum);
  uint32_t *mark = xcalloc(nn + 1, sizeof *mark); /* the last dropped sample (its index + 1) that counted the node */
  int64_t *cum = w->cum, *flat = w->flat;
  const uint32_t *single = nm->loc_single;
  for (size_t d = 0; d < ndrop; d++) {
    /* the dropped samples lie anywhere in arrays of hundreds of MB: each is
     * a cache and TLB miss (most of the time here without these), so their
     * offsets and values are fetched 16 samples ahead, their stacks 8 */
    if (d + 16 < ndrop) {
      __builtin_prefetch(p->stack_off + drop[d + 16]);
      __builtin_prefetch(p->stack_len + drop[d + 16]);
      __builtin_prefetch(p->value_idx + drop[d + 16]);
    }
    if (d + 8 < ndrop) __builtin_prefetch(p->stack + p->stack_off[drop[d + 8]] * p->stack_w);
    size_t s = drop[d], n;
    uint32_t m = drop[d] + 1;
    const int64_t *v = profile_values(p, s);
    stk st = profile_stack(p, s, &n);
    /* as w_range: cum once a sample for each node of each frame, flat to
     * the leaf location's innermost line (a sample of zeros adds nothing);
     * most locations are one node (loc_single: one lookup, not three) */
    for (size_t i = 0; i < n; i++) {
      uint32_t one = single[stk_at(st, i)], cnt = 1;
      const uint32_t *nodes = &one;
      if (one == NODEMAP_MULTI) nodes = nm->loc_nodes + nm->loc_off[stk_at(st, i)], cnt = nm->loc_n[stk_at(st, i)];
      for (uint32_t k = 0; k < cnt; k++) {
        uint32_t nd = nodes[k];
        if (mark[nd] == m) continue;
        mark[nd] = m;
        for (size_t t = 0; t < nt; t++) cum[nd * nt + t] = i64_sub(cum[nd * nt + t], v[t]);
      }
    }
    if (n) {
      uint32_t leaf = single[stk_at(st, 0)];
      if (leaf == NODEMAP_MULTI) leaf = nm->loc_nodes[nm->loc_off[stk_at(st, 0)]];
      for (size_t t = 0; t < nt; t++) flat[leaf * nt + t] = i64_sub(flat[leaf * nt + t], v[t]);
    }
  }
  free(mark);
}

void graph_weights_free(graph_weights *w) {
  free(w->flat), free(w->cum);
  memset(w, 0, sizeof *w);
}

void graph_from_weights(graph *g, nodemap *nm, const graph_weights *w, int idx, bool mean, bool drop_negative) {
  memset(g, 0, sizeof *g);
  g->nm = nm;
  size_t nn = g->nn = nm->n, nt = w->nt;
  g->flat = xcalloc(nn + 1, sizeof *g->flat);
  g->flat_div = xcalloc(nn + 1, sizeof *g->flat_div);
  g->cum = xcalloc(nn + 1, sizeof *g->cum);
  g->cum_div = xcalloc(nn + 1, sizeof *g->cum_div);
  g->nodes = xmalloc((nn ? nn : 1) * sizeof *g->nodes);
  for (size_t i = 0; i < nn && nt; i++) {
    g->flat[i] = w->flat[i * nt + (size_t)idx], g->cum[i] = w->cum[i * nt + (size_t)idx];
    if (mean) g->flat_div[i] = w->flat[i * nt], g->cum_div[i] = w->cum[i * nt];
    if (g->cum[i] == 0 && g->flat[i] == 0) continue;
    if (drop_negative && (g->flat[i] < 0 || (g->flat[i] == 0 && g->cum[i] < 0))) continue;
    g->nodes[g->nnodes++] = (uint32_t)i;
  }
}

void graph_free(graph *g) {
  free(g->flat), free(g->flat_div), free(g->cum), free(g->cum_div);
  free(g->edges), free(g->nodes);
  free(g->in_off), free(g->in_n), free(g->in_e), free(g->out_off), free(g->out_n), free(g->out_e);
  memset(g, 0, sizeof *g);
}

/* ---- adjacency ---- */

void graph_index(graph *g) {
  if (g->indexed) return;
  free(g->in_off), free(g->in_n), free(g->in_e), free(g->out_off), free(g->out_n), free(g->out_e);
  size_t nn = g->nn;
  g->in_off = xcalloc(nn + 1, sizeof *g->in_off);
  g->out_off = xcalloc(nn + 1, sizeof *g->out_off);
  g->in_n = xcalloc(nn + 1, sizeof *g->in_n);
  g->out_n = xcalloc(nn + 1, sizeof *g->out_n);
  size_t live = 0;
  for (size_t e = 0; e < g->nedges; e++) {
    if (g->edges[e].deleted) continue;
    g->in_n[g->edges[e].dst]++;
    g->out_n[g->edges[e].src]++;
    live++;
  }
  uint32_t a = 0, b = 0;
  for (size_t i = 0; i < nn; i++) {
    g->in_off[i] = a, a += g->in_n[i];
    g->out_off[i] = b, b += g->out_n[i];
    g->in_n[i] = g->out_n[i] = 0;
  }
  g->in_e = xmalloc((live ? live : 1) * sizeof *g->in_e);
  g->out_e = xmalloc((live ? live : 1) * sizeof *g->out_e);
  for (size_t e = 0; e < g->nedges; e++) {
    const edge *ed = &g->edges[e];
    if (ed->deleted) continue;
    g->in_e[g->in_off[ed->dst] + g->in_n[ed->dst]++] = (uint32_t)e;
    g->out_e[g->out_off[ed->src] + g->out_n[ed->src]++] = (uint32_t)e;
  }
  g->indexed = true;
}

size_t graph_trim_edges(graph *g, int64_t cutoff) {
  size_t dropped = 0;
  /* pprof only visits in-edges of nodes in g.Nodes */
  bool *in_graph = xcalloc(g->nn + 1, 1);
  for (size_t i = 0; i < g->nnodes; i++) in_graph[g->nodes[i]] = true;
  for (size_t e = 0; e < g->nedges; e++) {
    edge *ed = &g->edges[e];
    if (ed->deleted || !in_graph[ed->dst]) continue;
    int64_t w = i64_abs(ed->weight);
    if (w < cutoff) {
      ed->deleted = true;
      dropped++;
    }
  }
  free(in_graph);
  g->indexed = false;
  return dropped;
}

/* ---- orders ---- */

static int64_t abs64(int64_t x) { return i64_abs(x); } /* MinInt64 stays negative, as in Go */

typedef struct sort_ctx {
  graph *g;
  node_order order;
  int64_t *score;
  char **info; /* per node: node_info_string, made on the first tie that needs it */
} sort_ctx;

/* The last tie-break compares formatted node infos. Each is formatted once:
   formatting in every comparison made sorting 300k tree nodes take seconds. */
static int cmp_info(sort_ctx *c, uint32_t a, uint32_t b) {
  if (!c->info) c->info = xcalloc(c->g->nn + 1, sizeof *c->info);
  if (!c->info[a]) c->info[a] = node_info_string(&c->g->nm->info[a]);
  if (!c->info[b]) c->info[b] = node_info_string(&c->g->nm->info[b]);
  return strcmp(c->info[a], c->info[b]);
}

#define CMP_DESC(x, y) \
  do {                 \
    if ((x) != (y)) return (x) > (y) ? -1 : 1; \
  } while (0)

static int cmp_nodes(const void *pa, const void *pb, void *ctx) {
  sort_ctx *c = ctx;
  graph *g = c->g;
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  const node_info *ia = &g->nm->info[a], *ib = &g->nm->info[b];
  int r;
  switch (c->order) {
  case ORDER_FLAT_NAME:
    CMP_DESC(abs64(g->flat[a]), abs64(g->flat[b]));
    if ((r = strcmp(nodemap_name(g->nm, a), nodemap_name(g->nm, b)))) return r;
    CMP_DESC(abs64(g->cum[a]), abs64(g->cum[b]));
    break;
  case ORDER_FLAT_CUM_NAME:
    CMP_DESC(abs64(g->flat[a]), abs64(g->flat[b]));
    CMP_DESC(abs64(g->cum[a]), abs64(g->cum[b]));
    if ((r = strcmp(nodemap_name(g->nm, a), nodemap_name(g->nm, b)))) return r;
    break;
  case ORDER_NAME:
    if ((r = strcmp(ia->name, ib->name))) return r;
    break;
  case ORDER_FILE:
    if ((r = strcmp(ia->file, ib->file))) return r;
    if (ia->start_line != ib->start_line) return ia->start_line < ib->start_line ? -1 : 1;
    break;
  case ORDER_ADDRESS:
    if (ia->address != ib->address) return ia->address < ib->address ? -1 : 1;
    break;
  case ORDER_CUM_NAME:
  case ORDER_ENTROPY:
    CMP_DESC(abs64(c->score[a]), abs64(c->score[b]));
    if ((r = strcmp(nodemap_name(g->nm, a), nodemap_name(g->nm, b)))) return r;
    CMP_DESC(abs64(g->flat[a]), abs64(g->flat[b]));
    break;
  }
  return cmp_info(c, a, b);
}

static double edge_entropy(graph *g, const uint32_t *es, size_t n, int64_t self) {
  double score = 0;
  int64_t total = self;
  for (size_t i = 0; i < n; i++)
    if (g->edges[es[i]].weight > 0) total = i64_add(total, abs64(g->edges[es[i]].weight));
  if (total != 0) {
    for (size_t i = 0; i < n; i++) {
      double frac = (double)abs64(g->edges[es[i]].weight) / (double)total;
      score += -frac * log2(frac);
    }
    if (self > 0) {
      double frac = (double)abs64(self) / (double)total;
      score += -frac * log2(frac);
    }
  }
  return score;
}

static int64_t entropy_score(graph *g, uint32_t n) {
  double score = 0;
  graph_index(g);
  if (g->in_n[n] == 0)
    score++;
  else
    score += edge_entropy(g, g->in_e + g->in_off[n], g->in_n[n], 0);
  if (g->out_n[n] == 0)
    score++;
  else
    score += edge_entropy(g, g->out_e + g->out_off[n], g->out_n[n], g->flat[n]);
  return i64_add(i64_from_double(score * (double)g->cum[n]), g->flat[n]);
}

void graph_sort_list(graph *g, uint32_t *list, size_t n, node_order order) {
  sort_ctx c = {g, order, NULL, NULL};
  if (order == ORDER_CUM_NAME || order == ORDER_ENTROPY) {
    c.score = xcalloc(g->nn + 1, sizeof *c.score);
    for (size_t i = 0; i < n; i++)
      c.score[list[i]] = order == ORDER_CUM_NAME ? g->cum[list[i]] : entropy_score(g, list[i]);
  }
  qsort_r(list, n, sizeof *list, cmp_nodes, &c);
  if (c.info)
    for (size_t i = 0; i <= g->nn; i++) free(c.info[i]);
  free(c.info);
  free(c.score);
}

void graph_sort(graph *g, node_order order) { graph_sort_list(g, g->nodes, g->nnodes, order); }

static int cmp_edges(const void *pa, const void *pb, void *ctx) {
  graph *g = ctx;
  const edge *a = &g->edges[*(const uint32_t *)pa], *b = &g->edges[*(const uint32_t *)pb];
  if (a->weight != b->weight) {
    int64_t x = abs64(a->weight), y = abs64(b->weight);
    if (x != y) return x > y ? -1 : 1;
  }
  /* one node, one name: a peek's in-edges all end at its node, its out-edges start there */
  int r = a->src == b->src ? 0 : strcmp(nodemap_name(g->nm, a->src), nodemap_name(g->nm, b->src));
  if (r) return r;
  r = a->dst == b->dst ? 0 : strcmp(nodemap_name(g->nm, a->dst), nodemap_name(g->nm, b->dst));
  if (r) return r;
  /* pprof leaves these in map order; keep a deterministic one */
  if (a->weight != b->weight) return a->weight > b->weight ? -1 : 1;
  return 0;
}

uint32_t *graph_sorted_edges(graph *g, uint32_t n, bool in, size_t *count) {
  graph_index(g);
  size_t k = in ? g->in_n[n] : g->out_n[n];
  uint32_t *es = xmalloc((k ? k : 1) * sizeof *es);
  memcpy(es, (in ? g->in_e + g->in_off[n] : g->out_e + g->out_off[n]), k * sizeof *es);
  qsort_r(es, k, sizeof *es, cmp_edges, g);
  *count = k;
  return es;
}

static bool redundant(graph *g, uint32_t e) {
  uint32_t src = g->edges[e].src, start = g->edges[e].dst;
  bool *seen = xcalloc(g->nn + 1, 1);
  uint32_t *queue = xmalloc((g->nn + 1) * sizeof *queue);
  size_t qh = 0, qt = 0;
  seen[start] = true;
  queue[qt++] = start;
  bool found = false;
  while (qh < qt && !found) {
    uint32_t n = queue[qh++];
    for (uint32_t k = 0; k < g->in_n[n]; k++) {
      uint32_t ie = g->in_e[g->in_off[n] + k];
      if (g->edges[ie].deleted) continue;
      uint32_t s = g->edges[ie].src;
      if (ie == e || seen[s]) continue;
      if (s == src) {
        found = true;
        break;
      }
      seen[s] = true;
      queue[qt++] = s;
    }
  }
  free(seen), free(queue);
  return found;
}

void graph_remove_redundant_edges(graph *g) {
  graph_index(g);
  for (size_t i = g->nnodes; i > 0; i--) {
    uint32_t n = g->nodes[i - 1];
    size_t k;
    uint32_t *in = graph_sorted_edges(g, n, true, &k);
    for (size_t j = k; j > 0; j--) {
      uint32_t e = in[j - 1];
      if (!g->edges[e].residual) break;
      if (redundant(g, e)) g->edges[e].deleted = true; /* adjacency skips deleted edges */
    }
    free(in);
  }
  g->indexed = false;
}

/* Sort an arbitrary list of edges in pprof's edge order. */
void graph_sort_edge_list(graph *g, uint32_t *es, size_t n);
void graph_sort_edge_list(graph *g, uint32_t *es, size_t n) {
  qsort_r(es, n, sizeof *es, cmp_edges, g);
}

/* ---- call trees (pprof's newTree and TrimTree, for -call_tree) ---- */

void graph_build_tree(graph *g, nodemap *tree, const nodemap *nm, const profile *p, const graph_opts *o) {
  memset(tree, 0, sizeof *tree);
  u64map_init(&tree->index, 1024);
  /* tree node per (parent tree node, nodemap node); function nodes per (parent, function) */
  u64map kids = tree->index; /* (parent+1)<<32 | nodemap node -> tree node */
  size_t cap = 0;
  int64_t *flat = NULL, *flat_div = NULL, *cum = NULL, *cum_div = NULL;
  uint32_t *edge_of = NULL; /* per tree node: the edge from its single parent */
  memset(g, 0, sizeof *g);
  g->nm = tree;
#define TREE_NODE(parent, nmid, out)                                                                   \
  do {                                                                                                 \
    uint64_t key_ = ((uint64_t)((parent) + 1) << 32) | (nmid);                                         \
    uint32_t v_ = u64map_get(&kids, key_);                                                             \
    if (v_ == TPROF_NONE) {                                                                            \
      v_ = (uint32_t)tree->n;                                                                          \
      size_t old_cap_ = tree->cap;                                                                     \
      XGROW(tree->info, tree->cap, tree->n + 1);                                                       \
      if (tree->cap != old_cap_)                                                                       \
        tree->function = xreallocarray(tree->function, tree->cap, sizeof *tree->function);            \
      tree->info[tree->n++] = nm->info[nmid];                                                          \
      u64map_put(&kids, key_, v_);                                                                     \
    }                                                                                                  \
    (out) = v_;                                                                                        \
  } while (0)
  for (size_t s = 0; s < p->nsamples; s++) {
    const int64_t *v = profile_values(p, s);
    int64_t w = v[o->sample_index], dw = o->mean ? v[0] : 0;
    if (dw == 0 && w == 0) continue;
    size_t n;
    stk st = profile_stack(p, s, &n);
    uint32_t parent = TPROF_NONE;
    for (size_t i = n; i-- > 0;) {
      uint32_t off = nm->loc_off[stk_at(st, i)], cnt = nm->loc_n[stk_at(st, i)];
      for (uint32_t li = cnt; li-- > 0;) {
        uint32_t nmid = nm->loc_nodes[off + li], t, f;
        TREE_NODE(parent, nmid, t);
        TREE_NODE(parent, nm->function[nmid], f);
        tree->function[t] = f;
        tree->function[f] = f;
        if (tree->n > cap) {
          size_t ncap = tree->cap;
          flat = xreallocarray(flat, ncap, sizeof *flat);
          flat_div = xreallocarray(flat_div, ncap, sizeof *flat_div);
          cum = xreallocarray(cum, ncap, sizeof *cum);
          cum_div = xreallocarray(cum_div, ncap, sizeof *cum_div);
          edge_of = xreallocarray(edge_of, ncap, sizeof *edge_of);
          memset(edge_of + cap, 0xff, (ncap - cap) * sizeof *edge_of);
          memset(flat + cap, 0, (ncap - cap) * sizeof *flat);
          memset(flat_div + cap, 0, (ncap - cap) * sizeof *flat);
          memset(cum + cap, 0, (ncap - cap) * sizeof *flat);
          memset(cum_div + cap, 0, (ncap - cap) * sizeof *flat);
          cap = ncap;
        }
        cum[t] = i64_add(cum[t], w), cum_div[t] = i64_add(cum_div[t], dw);
        if (parent != TPROF_NONE) {
          /* one edge per tree node: it has a single parent */
          uint32_t e = edge_of[t];
          if (e == TPROF_NONE) {
            edge_of[t] = (uint32_t)g->nedges;
            XGROW(g->edges, g->edges_cap, g->nedges + 1);
            g->edges[g->nedges] = (edge){parent, t, w, dw, false, li != cnt - 1, false};
            g->nedges++;
          } else {
            g->edges[e].weight = i64_add(g->edges[e].weight, w);
            g->edges[e].weight_div = i64_add(g->edges[e].weight_div, dw);
            if (li == cnt - 1) g->edges[e].inline_ = false;
          }
        }
        parent = t;
      }
    }
    if (parent != TPROF_NONE) flat[parent] = i64_add(flat[parent], w), flat_div[parent] = i64_add(flat_div[parent], dw);
  }
#undef TREE_NODE
  tree->index = kids;
  g->nn = tree->n;
  g->flat = xcalloc(g->nn + 1, sizeof *g->flat);
  g->flat_div = xcalloc(g->nn + 1, sizeof *g->flat);
  g->cum = xcalloc(g->nn + 1, sizeof *g->flat);
  g->cum_div = xcalloc(g->nn + 1, sizeof *g->flat);
  if (g->nn) {
    memcpy(g->flat, flat, g->nn * sizeof *flat), memcpy(g->flat_div, flat_div, g->nn * sizeof *flat);
    memcpy(g->cum, cum, g->nn * sizeof *flat), memcpy(g->cum_div, cum_div, g->nn * sizeof *flat);
  }
  free(flat), free(flat_div), free(cum), free(cum_div), free(edge_of);
  tree->printable = xcalloc(tree->cap ? tree->cap : 1, sizeof *tree->printable);
  g->nodes = xmalloc((g->nn ? g->nn : 1) * sizeof *g->nodes);
  for (size_t i = 0; i < g->nn; i++) {
    if (g->cum[i] == 0 && g->flat[i] == 0) continue;
    if (o->drop_negative && (g->flat[i] < 0 || (g->flat[i] == 0 && g->cum[i] < 0))) continue;
    g->nodes[g->nnodes++] = (uint32_t)i;
  }
}

void graph_trim_tree(graph *g, const bool *kept) {
  graph_index(g);
  /* live adjacency: the single in-edge and a growable out list per node */
  size_t nn = g->nn;
  uint32_t *in = xmalloc((nn + 1) * sizeof *in);
  uint32_t **outs = xcalloc(nn + 1, sizeof *outs);
  size_t *nout = xcalloc(nn + 1, sizeof *nout), *cout = xcalloc(nn + 1, sizeof *cout);
  for (size_t i = 0; i < nn; i++) in[i] = TPROF_NONE;
  for (size_t e = 0; e < g->nedges; e++) {
    edge *ed = &g->edges[e];
    if (ed->deleted) continue;
    in[ed->dst] = (uint32_t)e;
    XGROW(outs[ed->src], cout[ed->src], nout[ed->src] + 1);
    outs[ed->src][nout[ed->src]++] = (uint32_t)e;
  }
  size_t w = 0;
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t cur = g->nodes[i];
    if (kept[cur]) {
      g->nodes[w++] = cur;
      continue;
    }
    if (in[cur] == TPROF_NONE) {
      for (size_t k = 0; k < nout[cur]; k++) {
        uint32_t e = outs[cur][k];
        g->edges[e].deleted = true;
        in[g->edges[e].dst] = TPROF_NONE;
      }
      nout[cur] = 0;
      continue;
    }
    uint32_t pe = in[cur], parent = g->edges[pe].src;
    bool parent_inline = g->edges[pe].inline_;
    g->edges[pe].deleted = true;
    for (size_t k = 0; k < nout[parent]; k++)
      if (outs[parent][k] == pe) outs[parent][k] = outs[parent][--nout[parent]];
    for (size_t k = 0; k < nout[cur]; k++) {
      uint32_t e = outs[cur][k];
      edge *ed = &g->edges[e];
      ed->src = parent;
      ed->residual = true;
      ed->inline_ = parent_inline && ed->inline_;
      XGROW(outs[parent], cout[parent], nout[parent] + 1);
      outs[parent][nout[parent]++] = e;
    }
    nout[cur] = 0;
    in[cur] = TPROF_NONE;
  }
  g->nnodes = w;
  for (size_t i = 0; i < nn; i++) free(outs[i]);
  free(outs), free(nout), free(cout), free(in);
  g->indexed = false;
  graph_remove_redundant_edges(g);
}
