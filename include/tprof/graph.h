/*
 * graph.h: pprof's call graph (internal/graph): nodes keyed by NodeInfo
 * (function, file, line, address, depending on granularity), flat and
 * cumulative weights, caller->callee edges, trimming and sort orders.
 *
 * A graph is built from a profile (usually a view) in one pass over the
 * samples. Node identities come from a nodemap, built once per profile
 * view; graphs built with a "kept" subset of nodes (pprof's KeptNodes)
 * reuse it. Per-sample de-duplication (a function counted once per stack
 * even when recursive) uses stamps rather than sets.
 */
#ifndef TPROF_GRAPH_H
#define TPROF_GRAPH_H

#include <stdatomic.h>

#include "tprof/profile.h"

typedef struct node_info {
  const char *name, *orig_name; /* interned in the profile's table */
  uint64_t address;
  const char *file;
  int64_t start_line, lineno;
  const char *objfile;
} node_info;

typedef struct nodemap {
  node_info *info;
  uint32_t *function;  /* the node of the same function (address, line cleared) */
  char **printable;    /* PrintableName, computed on first use (info[n].name itself when it is
                        * the whole of it: not freed) */
  size_t n, cap;
  u64map index;        /* hash(info) -> node, chained on hash+1; for a call
                        * tree: (parent+1)<<32 | base node -> tree node */
  /* location -> nodes, one per line, innermost first */
  uint32_t *loc_off, *loc_n, *loc_nodes;
  /* location -> its node when it has exactly one line (most do), else
   * NODEMAP_MULTI: one lookup per frame instead of three */
  uint32_t *loc_single;
  size_t nlocs;
  /* per node: true when it is an inlined line (not the outermost) of some
   * location, the only frames whose edges can be marked inline; NULL in a
   * call tree's map */
  bool *inlined;
} nodemap;

#define NODEMAP_MULTI UINT32_MAX

typedef struct nodemap_opts {
  bool obj_names;        /* pprof's ObjNames: keep object file and start line */
  const char *trim_path; /* applied to function file names (newGraph) */
  const char *source_path;
  bool trim_files;       /* apply trimPath (newGraph) or not (CreateNodes) */
} nodemap_opts;

void nodemap_build(nodemap *nm, const profile *p, const nodemap_opts *o);
/* A partial map: only the nodes of lines whose function keep[] marks (by
 * function index), and of line-less locations when bare; the other lines'
 * entries in loc_nodes are TPROF_NONE (loc_single then NODEMAP_MULTI). Its
 * nodes are the full map's of those names, numbered in the same order.
 * Only graph_build_some reads such a map. */
void nodemap_build_some(nodemap *nm, const profile *p, const nodemap_opts *o, const bool *keep, bool bare);
void nodemap_free(nodemap *nm);
/* PrintableName of node n (borrowed, cached). */
const char *nodemap_name(nodemap *nm, uint32_t n);

typedef struct edge {
  uint32_t src, dst;
  int64_t weight, weight_div;
  bool residual, inline_, deleted;
} edge;

typedef struct graph {
  nodemap *nm;              /* borrowed */
  size_t nn;                /* = nm->n */
  int64_t *flat, *flat_div, *cum, *cum_div;
  edge *edges;
  size_t nedges, edges_cap;
  /* the graph's nodes (pprof's g.Nodes): present nodes, in sort order once sorted */
  uint32_t *nodes;
  size_t nnodes;
  /* adjacency, built by graph_index: edge indices per node */
  uint32_t *in_off, *in_n, *in_e, *out_off, *out_n, *out_e;
  bool indexed;
} graph;

/* The samples a pass restricted to needed locations found (graph_opts.need,
 * or a partial map's locations), kept for the next such pass over the same
 * samples and locations: a drill-down runs `list ^F$` over the lines view,
 * then `peek ^F$` over the functions view; both views read the same stack
 * arrays and F's node sets lie on the same locations, so peek reads the
 * samples list found instead of the whole stack array again. One entry,
 * owned by the caller (the report cache); a pass with a memo whose key
 * differs replaces it. */
typedef struct need_memo {
  struct profile *p;          /* a reference to their owner: the arrays below stay allocated */
  const uint8_t *stack;       /* the key: the samples' arrays (the same addresses in any view */
  const uint32_t *stack_off;  /*   that shares them) ... */
  const uint32_t *stack_len;
  size_t nsamples, stack_w;
  uint64_t *bits;             /* ... and the needed locations, a bit each */
  size_t nwords;
  uint32_t *samples;          /* the samples with a frame at a needed location, in order */
  size_t n;
  size_t reused;              /* passes that read samples from here (tests) */
} need_memo;
/* Drop the entry (the count of reuses stays). */
void need_memo_clear(need_memo *m);

typedef struct graph_opts {
  int sample_index;   /* value to use */
  bool mean;          /* divide by value 0 */
  bool drop_negative;
  const bool *kept;   /* pprof's KeptNodes, indexed by node; NULL = all */
  bool no_edges;      /* weights only: a first pass whose edges would be discarded */
  const bool *edge_nodes; /* only edges into or out of these nodes (peek); NULL = all */
  bool edges_only;    /* with edge_nodes: those edges only, no nodes and no weights (flat,
                       * cum... NULL: peek takes them from the first pass) */
  const bool *need;   /* only the samples through one of these nodes (NULL = all): the
                       * weights of these nodes and the edges touching them are exact, the
                       * rest count only those samples (a drill-down's list and peek) */
  const atomic_bool *cancel; /* set by another thread: the pass stops early (its graph
                              * is then incomplete: see graph_cancelled); NULL = never */
  need_memo *memo;    /* with need (or graph_build_some): the samples found are kept here,
                       * or read from here when it holds the same samples and locations */
  const struct core_env *env; /* its thread count (env.h); NULL = the default */
} graph_opts;

/* Whether a cancel flag (NULL: none) is set. */
static inline bool graph_cancelled(const atomic_bool *cancel) {
  return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

/* pprof's graph.New (not call_tree) over profile p. Large passes are split
 * across threads; the merge is exact (sums add, residual ORs, inline ANDs). */
void graph_build(graph *g, nodemap *nm, const profile *p, const graph_opts *o);

/* The weights (no edges) of a partial map's nodes: what graph_build with
 * the full map and kept = need = those nodes gives them (list's pass), read
 * from the samples through them; a frame of another location costs a byte.
 * Uses o's sample_index, mean, drop_negative, cancel and env. */
void graph_build_some(graph *g, nodemap *nm, const profile *p, const graph_opts *o);
void graph_free(graph *g);

/*
 * The first pass for every sample type at once (weights only, every node,
 * no edges): what top, top -cum, list and the first graph of every other
 * report read, so that changing sample_index or mean on a view costs a copy,
 * not a pass. flat and cum are node-major: flat[n * nt + type].
 */
typedef struct graph_weights {
  size_t nn, nt;
  int64_t *flat, *cum;
} graph_weights;
/* Returns false (w empty) when cancel was set during the pass; env gives
 * the thread count (NULL: the default). */
bool graph_weights_build(graph_weights *w, const nodemap *nm, const profile *p, const atomic_bool *cancel,
                         const struct core_env *env);
/* The same weights from what the merge computed on the side (profile.h
 * load_weights) when they apply: view v has every sample of root, the
 * same functions on every location's lines, and nm maps functions to
 * nodes one to one (a function-granularity map). False (w empty) when
 * they do not apply; then graph_weights_build does the pass. */
bool graph_weights_from_load(graph_weights *w, const nodemap *nm, const profile *v, const profile *root);
void graph_weights_free(graph_weights *w);
/* The weights of a view made of base's samples but the ones listed in drop
 * (indices into p, the view base was made over, with nm): base's minus
 * theirs. Sums wrap (as Go's int64 do), so the difference is exact: what
 * graph_weights_build over the smaller view would make, in a pass over the
 * dropped samples only (a focus that keeps most samples). */
void graph_weights_minus(graph_weights *w, const graph_weights *base, const nodemap *nm, const profile *p,
                         const uint32_t *drop, size_t ndrop);

/* The weights-only graph for one sample type, as graph_build with
 * no_edges and no kept nodes would make it (mean divides by type 0). */
void graph_from_weights(graph *g, nodemap *nm, const graph_weights *w, int sample_index, bool mean,
                        bool drop_negative);

static inline int64_t graph_flat(const graph *g, uint32_t n) {
  return g->flat_div[n] == 0 ? g->flat[n] : i64_div(g->flat[n], g->flat_div[n]);
}
static inline int64_t graph_cum(const graph *g, uint32_t n) {
  return g->cum_div[n] == 0 ? g->cum[n] : i64_div(g->cum[n], g->cum_div[n]);
}
static inline int64_t edge_weight(const edge *e) {
  return e->weight_div == 0 ? e->weight : i64_div(e->weight, e->weight_div);
}

typedef enum node_order { ORDER_FLAT_NAME, ORDER_FLAT_CUM_NAME, ORDER_CUM_NAME, ORDER_NAME, ORDER_FILE,
                          ORDER_ADDRESS, ORDER_ENTROPY } node_order;

/* Sort g->nodes (pprof's Nodes.Sort). */
void graph_sort(graph *g, node_order order);
/* Sort a list of nodes of g. */
void graph_sort_list(graph *g, uint32_t *list, size_t n, node_order order);
/* Delete edges lighter than cutoff; returns how many. */
size_t graph_trim_edges(graph *g, int64_t cutoff);
/* Build the in/out edge lists (excluding deleted edges). */
void graph_index(graph *g);
/* In- or out-edges of n sorted as pprof's EdgeMap.Sort; caller frees. */
uint32_t *graph_sorted_edges(graph *g, uint32_t n, bool in, size_t *count);
/* pprof's RemoveRedundantEdges (dot). */
void graph_remove_redundant_edges(graph *g);
/* pprof's newTree: a call tree whose nodes are paths (for -call_tree);
 * `tree` receives the tree's own nodes, built from nm's. */
void graph_build_tree(graph *g, nodemap *tree, const nodemap *nm, const profile *p, const graph_opts *o);
/* pprof's TrimTree: remove the nodes not kept, reparenting their children. */
void graph_trim_tree(graph *g, const bool *kept);
/* Go's fmt.Sprint(NodeInfo), the last tiebreak of every order. Caller frees. */
char *node_info_string(const node_info *i);

#endif
