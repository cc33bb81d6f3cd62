/*
 * report_flame.c: the flame graph of a traces report (flame.h). Stacks are
 * merged into a tree keyed by (parent, frame name); children are ordered
 * heaviest first (then by name) and laid out as consecutive spans, and the
 * tree is stored in preorder so a front end can draw it in one pass.
 */
#include "tprof/flame.h"

#include <stdlib.h>
#include <string.h>

typedef struct bnode {
  const char *name;
  int64_t value, self;
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
  b->nodes[c] = (bnode){name, 0, 0, parent, TPROF_NONE, b->nodes[parent].first, b->nodes[parent].depth + 1};
  b->nodes[parent].first = c;
  u64map_put(&b->child, key, c);
  return c;
}

static const bnode *sort_base;
static int heavier(const void *x, const void *y) {
  const bnode *a = &sort_base[*(const uint32_t *)x], *b = &sort_base[*(const uint32_t *)y];
  if (a->value != b->value) return a->value > b->value ? -1 : 1;
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
    fn->depth = bn->depth;
    if (bn->depth > f->max_depth) f->max_depth = bn->depth;
    if (i == 0) {
      fn->parent = TPROF_NONE;
      fn->start = 0;
    } else {
      fn->parent = newid[bn->parent];
      fn->start = next_start[bn->parent];
      next_start[bn->parent] += bn->value;
    }
    next_start[i] = fn->start;
    size_t nk = 0;
    for (uint32_t c = bn->first; c != TPROF_NONE; c = b->nodes[c].next) kids[nk++] = c;
    sort_base = b->nodes;
    qsort(kids, nk, sizeof *kids, heavier);
    /* push in reverse so the heaviest comes out first */
    for (size_t k = nk; k > 0; k--) stack[sp++] = kids[k - 1];
  }
  free(kids), free(stack), free(newid), free(next_start);
}

void flame_build(flame *f, const report *r) {
  memset(f, 0, sizeof *f);
  builder b;
  memset(&b, 0, sizeof b);
  u64map_init(&b.child, 1024);
  u64map_init(&b.names, 1024);
  XGROW(b.nodes, b.cap, 1);
  b.nodes[b.n++] = (bnode){"", 0, 0, TPROF_NONE, TPROF_NONE, TPROF_NONE, 0};
  for (size_t i = 0; i < r->ntraces; i++) {
    const trace *t = &r->traces[i];
    int64_t v = t->value < 0 ? -t->value : t->value;
    uint32_t at = 0;
    b.nodes[0].value += v;
    for (size_t k = t->nframes; k > 0; k--) { /* frames are leaf first */
      at = child_of(&b, at, t->frames[k - 1].name);
      b.nodes[at].value += v;
    }
    b.nodes[at].self += v;
  }
  f->nodes = xcalloc(b.n + 1, sizeof *f->nodes);
  emit(&b, f);
  free(b.nodes);
  u64map_free(&b.child);
  u64map_free(&b.names);
}

void flame_free(flame *f) {
  free(f->nodes);
  memset(f, 0, sizeof *f);
}
