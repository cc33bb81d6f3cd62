/*
 * flame.h: a flame graph (icicle: root on top): the samples' call stacks
 * (as `traces` names their frames) merged into a tree, root first, each node with the
 * total of the samples through it and its span among its siblings. Built
 * from report rows, so focus, ignore, sample_index and the other options
 * apply as they do to every report. No curses here; the UI draws it.
 */
#ifndef TPROF_FLAME_H
#define TPROF_FLAME_H

#include "tprof/report.h"

typedef struct flame_node {
  const char *name;   /* frame name, borrowed from the report ("" for the root) */
  int64_t value;      /* samples through this node, signed: a diff's negative parts cancel as in -top */
  int64_t self;       /* of which the stack ends here (signed) */
  int64_t width;      /* |value| summed over the samples: the span's length, never negative */
  int64_t start;      /* offset of the span, from the root's start (in widths) */
  uint32_t parent;    /* TPROF_NONE for the root */
  uint32_t depth;
} flame_node;

typedef struct flame {
  flame_node *nodes;  /* preorder: a node before its children, heaviest child first */
  size_t n;
  uint32_t max_depth;
} flame;

/* The flame graph of report r (kind RK_FLAME, or RK_TRACES); node 0 is the root. */
void flame_build(flame *f, const report *r);
/* The caller view of f for the function `name`: a flame whose root is that
 * function (its samples, recursion counted once) and whose children are its
 * callers, theirs their callers, down to the stacks' roots. */
void flame_callers(flame *out, const flame *f, const char *name);
/* Folded stacks ("root;...;leaf value"), the input of flamegraph.pl. */
void flame_print_folded(const flame *f, strbuf *out);
void flame_free(flame *f);

#endif
