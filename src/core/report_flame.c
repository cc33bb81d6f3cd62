/*
 * report_flame.c: flame graphs (flame.h). Stacks are merged into a tree
 * keyed by (parent, frame name); children are ordered heaviest first (then
 * by name) and laid out as consecutive spans, and the tree is stored in
 * preorder so a front end can draw it in one pass. The `flame` command
 * merges straight from the samples, frame names as `traces` prints them,
 * without making a trace per sample (a large profile has millions).
 */
#include "tprof/flame.h"

#include <stdlib.h>
#include <string.h>

#include "report_int.h"

typedef struct bnode {
  const char *name;
  int64_t value, self, width;
  uint32_t parent, first, next, depth; /* children as a linked list while building */
} bnode;

typedef struct builder {
  bnode *nodes;
  size_t n, cap;
  u64map child;  /* (parent << 32 | name id) -> node */
  u64map names;  /* name pointer -> name id */
} builder;

static uint32_t name_id(builder *b, const char *name) {
  uint64_t key = (uint64_t)(uintptr_t)name;
  return u64map_put(&b->names, key, (uint32_t)b->names.count);
}

static uint32_t child_of(builder *b, uint32_t parent, const char *name) {
  uint64_t key = (uint64_t)parent << 32 | name_id(b, name);
  uint32_t c = u64map_get(&b->child, key);
  if (c != TPROF_NONE) return c;
  XGROW(b->nodes, b->cap, b->n + 1);
  c = (uint32_t)b->n++;
  b->nodes[c] = (bnode){name, 0, 0, 0, parent, TPROF_NONE, b->nodes[parent].first, b->nodes[parent].depth + 1};
  b->nodes[parent].first = c;
  u64map_put(&b->child, key, c);
  return c;
}

static int heavier(const void *x, const void *y, void *ctx) {
  const bnode *base = ctx;
  const bnode *a = &base[*(const uint32_t *)x], *b = &base[*(const uint32_t *)y];
  if (a->width != b->width) return a->width > b->width ? -1 : 1;
  return strcmp(a->name, b->name);
}

/* Emit the tree in preorder, giving each node its span. Iterative: stacks can be deep. */
static void emit(builder *b, flame *f) {
  uint32_t *stack = xmalloc((b->n + 1) * sizeof *stack);
  uint32_t *newid = xmalloc((b->n + 1) * sizeof *newid);
  int64_t *next_start = xcalloc(b->n + 1, sizeof *next_start);
  size_t sp = 0;
  stack[sp++] = 0;
  uint32_t *kids = xmalloc((b->n + 1) * sizeof *kids);
  while (sp) {
    uint32_t i = stack[--sp];
    const bnode *bn = &b->nodes[i];
    uint32_t id = (uint32_t)f->n++;
    newid[i] = id;
    flame_node *fn = &f->nodes[id];
    fn->name = bn->name;
    fn->value = bn->value;
    fn->self = bn->self;
    fn->width = bn->width;
    fn->depth = bn->depth;
    if (bn->depth > f->max_depth) f->max_depth = bn->depth;
    if (i == 0) {
      fn->parent = TPROF_NONE;
      fn->start = 0;
    } else {
      fn->parent = newid[bn->parent];
      fn->start = next_start[bn->parent];
      next_start[bn->parent] += bn->width;
    }
    next_start[i] = fn->start;
    size_t nk = 0;
    for (uint32_t c = bn->first; c != TPROF_NONE; c = b->nodes[c].next) kids[nk++] = c;
    qsort_r(kids, nk, sizeof *kids, heavier, b->nodes);
    /* push in reverse so the heaviest comes out first */
    for (size_t k = nk; k > 0; k--) stack[sp++] = kids[k - 1];
  }
  free(kids), free(stack), free(newid), free(next_start);
}

static void builder_init(builder *b) {
  memset(b, 0, sizeof *b);
  u64map_init(&b->child, 1024);
  u64map_init(&b->names, 1024);
  XGROW(b->nodes, b->cap, 1);
  b->nodes[b->n++] = (bnode){"", 0, 0, 0, TPROF_NONE, TPROF_NONE, TPROF_NONE, 0};
}

static void builder_finish(builder *b, flame *f) {
  memset(f, 0, sizeof *f);
  f->nodes = xcalloc(b->n + 1, sizeof *f->nodes);
  emit(b, f);
  free(b->nodes);
  u64map_free(&b->child);
  u64map_free(&b->names);
}

static void flame_copy(flame *dst, const flame *src) {
  *dst = *src;
  dst->nodes = xmalloc((src->n + 1) * sizeof *dst->nodes);
  memcpy(dst->nodes, src->nodes, src->n * sizeof *src->nodes);
}

void flame_build(flame *f, const report *r) {
  if (r->kind == RK_FLAME && r->flame) {
    flame_copy(f, r->flame);
    return;
  }
  builder b;
  builder_init(&b);
  for (size_t i = 0; i < r->ntraces; i++) {
    const trace *t = &r->traces[i];
    int64_t v = t->value, a = i64_abs(v);
    uint32_t at = 0;
    b.nodes[0].value += v;
    b.nodes[0].width += a;
    for (size_t k = t->nframes; k > 0; k--) { /* frames are leaf first */
      at = child_of(&b, at, t->frames[k - 1].name);
      b.nodes[at].value += v;
      b.nodes[at].width += a;
    }
    b.nodes[at].self += v;
  }
  builder_finish(&b, f);
}

void flame_callers(flame *out, const flame *f, const char *name) {
  builder b;
  builder_init(&b);
  b.nodes[0].name = name;
  /* the frames named `name` with no ancestor of that name: their samples are disjoint */
  bool *inside = xcalloc(f->n + 1, sizeof *inside);
  for (size_t i = 1; i < f->n; i++) {
    const flame_node *n = &f->nodes[i];
    bool up = n->parent != TPROF_NONE && inside[n->parent];
    inside[i] = up || !strcmp(n->name, name);
    if (up || !inside[i]) continue;
    b.nodes[0].value += n->value, b.nodes[0].width += n->width, b.nodes[0].self += n->self;
    uint32_t at = 0;
    for (uint32_t a = n->parent; a != TPROF_NONE && a != 0; a = f->nodes[a].parent) {
      at = child_of(&b, at, f->nodes[a].name);
      b.nodes[at].value += n->value, b.nodes[at].width += n->width;
    }
    if (at) b.nodes[at].self += n->value; /* the stack's root */
  }
  free(inside);
  builder_finish(&b, out);
}

/* ---- the flame command: top-down, pruned by nodefraction ---- */

/* A sample's position in its stack, walking from the root: location i
 * (counting down from the last), line k of it (outermost first). */
typedef struct cursor {
  uint32_t i, k;
} cursor;

typedef struct fsamp {
  uint32_t key; /* the next frame's node, or UINT32_MAX at the end of the stack */
  uint32_t s;   /* the sample */
} fsamp;

static int by_key(const void *x, const void *y) {
  const fsamp *a = x, *b = y;
  return a->key < b->key ? -1 : a->key > b->key ? 1 : (a->s < b->s ? -1 : a->s > b->s);
}

typedef struct frange {
  uint32_t node;     /* the builder node these samples are in */
  size_t from, to;   /* their slice of the work array */
} frange;

/*
 * Samples are partitioned level by level: the samples in a node are
 * grouped by their next frame, and a group becomes a child only when its
 * weight reaches the cutoff (nodefraction of the total), so a narrow frame
 * costs nothing below it. Memory is a few words a sample plus the kept
 * nodes, whatever the depth or variety of the stacks.
 */
bool report_gen_flame(report *r, char **err) {
  (void)err;
  const profile *p = r->view;
  nodemap *nm = r->nmp; /* as for traces: CreateNodes' names */
  size_t ns = p->nsamples;
  int64_t *w = xmalloc((ns + 1) * sizeof *w); /* signed: a diff's removed samples are negative */
  cursor *cur = xmalloc((ns + 1) * sizeof *cur);
  fsamp *work = xmalloc((ns + 1) * sizeof *work);
  size_t nwork = 0;
  int64_t total = 0, width = 0;
  for (size_t s = 0; s < ns; s++) {
    const int64_t *v = profile_values(p, s);
    int64_t val = v[r->sample_index], d = r->mean ? v[0] : 0;
    if (d != 0) val /= d;
    w[s] = val;
    size_t n;
    stk st = profile_stack(p, s, &n);
    if (n == 0 || w[s] == 0) continue;
    total += val;
    width += i64_abs(val);
    cur[s] = (cursor){(uint32_t)(n - 1), nm->loc_n[stk_at(st, n - 1)] - 1};
    work[nwork++] = (fsamp){0, (uint32_t)s};
  }
  double frac = r->cfg.nodefraction > 0 ? r->cfg.nodefraction : 0;
  int64_t cutoff = (int64_t)((double)width * frac);
  builder b;
  memset(&b, 0, sizeof b);
  XGROW(b.nodes, b.cap, 1);
  b.nodes[b.n++] = (bnode){"", total, 0, width, TPROF_NONE, TPROF_NONE, TPROF_NONE, 0};
  frange *stack = NULL;
  size_t sp = 0, scap = 0;
  XGROW(stack, scap, 1);
  stack[sp++] = (frange){0, 0, nwork};
  while (sp) {
    frange fr = stack[--sp];
    /* the next frame of every sample here */
    for (size_t j = fr.from; j < fr.to; j++) {
      uint32_t s = work[j].s;
      cursor *c = &cur[s];
      if (c->i == UINT32_MAX) {
        work[j].key = UINT32_MAX;
        continue;
      }
      stk st = stk_from(profile_frames(p), p->stack_off[s]);
      uint32_t loc = stk_at(st, c->i);
      work[j].key = nm->loc_nodes[nm->loc_off[loc] + c->k];
    }
    qsort(work + fr.from, fr.to - fr.from, sizeof *work, by_key);
    for (size_t j = fr.from; j < fr.to;) {
      uint32_t key = work[j].key;
      size_t e = j;
      int64_t sum = 0, abs_sum = 0;
      while (e < fr.to && work[e].key == key) sum += w[work[e].s], abs_sum += i64_abs(w[work[e].s]), e++;
      if (key == UINT32_MAX) {
        b.nodes[fr.node].self += sum; /* stacks that end here */
      } else if (abs_sum > 0 && abs_sum >= cutoff) {
        XGROW(b.nodes, b.cap, b.n + 1);
        uint32_t c = (uint32_t)b.n++;
        bnode *parent = &b.nodes[fr.node];
        b.nodes[c] = (bnode){nodemap_name(nm, key), sum, 0, abs_sum, fr.node, TPROF_NONE, parent->first, parent->depth + 1};
        b.nodes[fr.node].first = c;
        for (size_t k = j; k < e; k++) { /* step past this frame */
          cursor *cu = &cur[work[k].s];
          if (cu->k > 0) {
            cu->k--;
          } else if (cu->i > 0) {
            cu->i--;
            stk st = stk_from(profile_frames(p), p->stack_off[work[k].s]);
            cu->k = nm->loc_n[stk_at(st, cu->i)] - 1;
          } else {
            cu->i = UINT32_MAX;
          }
        }
        XGROW(stack, scap, sp + 1);
        stack[sp++] = (frange){c, j, e};
      }
      /* groups under the cutoff stay in their parent's width, unshown */
      j = e;
    }
  }
  free(stack), free(w), free(cur), free(work);
  r->flame = xcalloc(1, sizeof *r->flame);
  memset(r->flame, 0, sizeof *r->flame);
  r->flame->nodes = xcalloc(b.n + 1, sizeof *r->flame->nodes);
  emit(&b, r->flame);
  free(b.nodes);
  return true;
}

/* Folded stacks: "root;...;leaf self" for every node where stacks end. */
void flame_print_folded(const flame *f, strbuf *out) {
  strbuf path = STRBUF_INIT;
  size_t *at = xcalloc(f->max_depth + 2, sizeof *at); /* path length at each depth */
  for (size_t i = 1; i < f->n; i++) {
    const flame_node *n = &f->nodes[i];
    path.len = at[n->depth - 1];
    if (n->depth > 1) sb_addc(&path, ';');
    sb_adds(&path, n->name);
    at[n->depth] = path.len;
    if (n->self) sb_printf(out, "%s %lld\n", path.s, (long long)n->self);
  }
  free(at);
  sb_free(&path);
}

void flame_free(flame *f) {
  free(f->nodes);
  memset(f, 0, sizeof *f);
}
