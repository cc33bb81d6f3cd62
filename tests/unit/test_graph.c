/* test_graph.c: pprof's internal/graph (graph.c): nodes, weights, edges, orders, trimming, trees. */
#include "build.h"

#include "tprof/view.h"

/* A profile, its view at a granularity, the view's nodes and a graph. */
typedef struct gfix {
  profile *base, *v;
  nodemap nm, tree; /* tree: the call tree's own nodes (gfix_tree) */
  graph g;
  bool built;
} gfix;

static void gfix_nodes(gfix *f, const char *desc, const char *gran, bool noinlines, const nodemap_opts *no) {
  memset(f, 0, sizeof *f);
  f->base = tb_loaded(desc);
  f->v = view_new(f->base);
  char *err = NULL;
  if (gran && !view_aggregate(f->v, gran, noinlines, &err)) fail_msg("aggregate: %s", err);
  nodemap_opts dflt = {false, "", "", true};
  nodemap_build(&f->nm, f->v, no ? no : &dflt);
}

static void gfix_graph(gfix *f, const graph_opts *o) {
  if (f->built) graph_free(&f->g);
  graph_opts dflt = {.sample_index = 0, .mean = false, .drop_negative = false, .kept = NULL};
  graph_build(&f->g, &f->nm, f->v, o ? o : &dflt);
  f->built = true;
}

/* Functions granularity, sample index 0, every node. */
static void gfix_init(gfix *f, const char *desc) {
  gfix_nodes(f, desc, "functions", false, NULL);
  gfix_graph(f, NULL);
}

/* A call tree (pprof's newTree) at functions granularity. */
static void gfix_tree(gfix *f, const char *desc) {
  gfix_nodes(f, desc, "functions", false, NULL);
  graph_opts o = {.sample_index = 0, .mean = false, .drop_negative = false, .kept = NULL};
  graph_build_tree(&f->g, &f->tree, &f->nm, f->v, &o);
  f->built = true;
}

static void gfix_free(gfix *f) {
  if (f->built) graph_free(&f->g);
  if (f->tree.info) nodemap_free(&f->tree);
  nodemap_free(&f->nm);
  profile_free(f->v);
  profile_free(f->base);
}

/* Every node of g but those called `name` (caller frees). */
static bool *kept_except(graph *g, const char *name) {
  bool *kept = xcalloc(g->nn + 1, 1);
  for (size_t i = 0; i < g->nnodes; i++) kept[g->nodes[i]] = strcmp(nodemap_name(g->nm, g->nodes[i]), name) != 0;
  return kept;
}

/* The node whose printable name is name (the first one). */
static uint32_t node(gfix *f, const char *name) {
  for (uint32_t i = 0; i < f->nm.n; i++)
    if (!strcmp(nodemap_name(&f->nm, i), name)) return i;
  fail_msg("no node %s", name);
  return TPROF_NONE;
}

static uint32_t node_in(nodemap *nm, const char *name) {
  for (uint32_t i = 0; i < nm->n; i++)
    if (!strcmp(nodemap_name(nm, i), name)) return i;
  fail_msg("no node %s", name);
  return TPROF_NONE;
}

/* g's nodes in `order`: "flat cum name" per line. */
static char *listing(graph *g, node_order order) {
  graph_sort(g, order);
  strbuf sb = STRBUF_INIT;
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    sb_printf(&sb, "%" PRId64 " %" PRId64 " %s\n", graph_flat(g, n), graph_cum(g, n), nodemap_name(g->nm, n));
  }
  return sb_steal(&sb);
}

static void assert_listing(graph *g, node_order order, const char *want) {
  char *got = listing(g, order);
  assert_text(got, want);
  free(got);
}

/* The live edges of g as "src -> dst weight [residual] [inline]", in edge order per source node. */
static char *edges(gfix *f) {
  graph *g = &f->g;
  graph_index(g);
  uint32_t *ns = xmalloc((g->nnodes + 1) * sizeof *ns);
  memcpy(ns, g->nodes, g->nnodes * sizeof *ns);
  graph_sort_list(g, ns, g->nnodes, ORDER_NAME);
  strbuf sb = STRBUF_INIT;
  for (size_t i = 0; i < g->nnodes; i++) {
    size_t k;
    uint32_t *es = graph_sorted_edges(g, ns[i], false, &k);
    for (size_t j = 0; j < k; j++) {
      const edge *e = &g->edges[es[j]];
      sb_printf(&sb, "%s -> %s %" PRId64 "%s%s\n", nodemap_name(g->nm, e->src), nodemap_name(g->nm, e->dst),
                edge_weight(e), e->residual ? " residual" : "", e->inline_ ? " inline" : "");
    }
    free(es);
  }
  free(ns);
  return sb_steal(&sb);
}

static void assert_edges(gfix *f, const char *want) {
  char *got = edges(f);
  assert_text(got, want);
  free(got);
}

typedef struct gran_case {
  const char *gran, *want;
} gran_case;

/* desc's graph at each granularity lists (flat order) as wanted. */
static void check_granularities(const char *desc, const gran_case *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    gfix f;
    gfix_nodes(&f, desc, cases[i].gran, false, NULL);
    gfix_graph(&f, NULL);
    assert_listing(&f.g, ORDER_FLAT_NAME, cases[i].want);
    gfix_free(&f);
  }
}

static const char *const gran_desc = "type s/count\n"
                                     "mapping 1 0x1000 0x9000 0 /bin/prog\n"
                                     "func main.a a.go 10\n"
                                     "func main.c a.go 30\n"
                                     "func main.b b.go 20\n"
                                     "s 1 : main.b:21@0x1100 main.a:11@0x1010\n"
                                     "s 2 : main.c:31@0x1200 main.a:11@0x1020\n"
                                     "s 4 : main.b:21@0x1300 main.a:12@0x1030\n";

/* Node identity per granularity; values and order as go tool pprof -top -<granularity>. */
static void test_granularity(void **state) {
  (void)state;
  static const gran_case cases[] = {
      {"functions", "5 5 main.b\n2 2 main.c\n0 7 main.a\n"},
      {"filefunctions", "5 5 main.b b.go\n2 2 main.c a.go\n0 7 main.a a.go\n"},
      /* two functions of a.go: two nodes (start lines differ) with one name */
      {"files", "5 5 b.go\n2 2 a.go\n0 7 a.go\n"},
      {"lines", "5 5 main.b b.go:21\n2 2 main.c a.go:31\n0 3 main.a a.go:11\n0 4 main.a a.go:12\n"},
      {"addresses", "4 4 0000000000001300 main.b b.go:21\n2 2 0000000000001200 main.c a.go:31\n"
                    "1 1 0000000000001100 main.b b.go:21\n0 1 0000000000001010 main.a a.go:11\n"
                    "0 2 0000000000001020 main.a a.go:11\n0 4 0000000000001030 main.a a.go:12\n"},
  };
  check_granularities(gran_desc, cases, sizeof cases / sizeof *cases);
}

/* Names of nodes without function names or without mappings. */
static void test_printable_names(void **state) {
  (void)state;
  const char *desc = "type s/count\n"
                     "mapping 1 0x1000 0x9000 0 /usr/lib/libc.so.6\n"
                     "func f -\n"
                     "s 5 : @0x1234\n"
                     "s 3 : @0xa000\n"
                     "s 2 : f:3@0x1300\n";
  static const gran_case cases[] = {
      {"functions", "5 5 [libc.so.6]\n3 3 <unknown>\n2 2 f\n"},
      {"lines", "5 5 [libc.so.6]\n3 3 <unknown>\n2 2 f :3\n"},
      {"addresses", "5 5 0000000000001234 [libc.so.6]\n3 3 000000000000a000 <unknown>\n2 2 0000000000001300 f :3\n"},
  };
  check_granularities(desc, cases, sizeof cases / sizeof *cases);
}

static void test_node_info_string(void **state) {
  (void)state;
  node_info i = {"main.f", "", 4096, "f.go", 3, 7, "/bin/x"};
  char *s = node_info_string(&i);
  assert_string_equal(s, "{main.f  4096 f.go 3 7 /bin/x}");
  free(s);
  node_info e = {"", "", 0, "", 0, 0, ""};
  s = node_info_string(&e);
  assert_string_equal(s, "{  0  0 0 }");
  free(s);
}

/* A function twice in a stack counts once in its cum; no self edges. */
static void test_recursion(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\ns 3 : a b a c\ns 4 : a a\n");
  graph *g = &f.g;
  uint32_t a = node(&f, "a"), b = node(&f, "b"), c = node(&f, "c");
  assert_int_equal(graph_flat(g, a), 7);
  assert_int_equal(graph_cum(g, a), 7);
  assert_int_equal(graph_flat(g, b), 0);
  assert_int_equal(graph_cum(g, b), 3);
  assert_int_equal(graph_cum(g, c), 3);
  assert_edges(&f, "a -> b 3\nb -> a 3\nc -> a 3\n");
  gfix_free(&f);
}

/* Inline edges come from locations with several lines; residual ones from dropped nodes. */
static void test_inline_and_residual_edges(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\n"
                "s 2 : inner+outer main\n"
                "s 1 : outer main\n"
                "s 4 : inner2+inner+outer main\n"
                "s 8 : x inner\n");
  /* outer -> inner is inline in every sample; main -> outer never; inner -> x is a call */
  assert_edges(&f, "inner -> x 8\ninner -> inner2 4 inline\nmain -> outer 7\nouter -> inner 6 inline\n");
  assert_int_equal(graph_flat(&f.g, node(&f, "outer")), 1);
  assert_int_equal(graph_flat(&f.g, node(&f, "inner")), 2);
  assert_int_equal(graph_cum(&f.g, node(&f, "inner")), 14);
  gfix_free(&f);

  /* only inlined lines can have inline in-edges: what lets top skip its edge pass */
  gfix_init(&f, "type s/count\n"
                "s 2 : inner+outer main\n"
                "s 4 : inner2+inner+outer main\n"
                "s 8 : x inner\n");
  assert_non_null(f.nm.inlined);
  assert_true(f.nm.inlined[node(&f, "inner")]);
  assert_true(f.nm.inlined[node(&f, "inner2")]);
  assert_false(f.nm.inlined[node(&f, "outer")]);
  assert_false(f.nm.inlined[node(&f, "main")]);
  assert_false(f.nm.inlined[node(&f, "x")]);
  gfix_free(&f);

  /* one plain occurrence makes an edge not inline */
  gfix_init(&f, "type s/count\ns 2 : b+a\ns 1 : b a\n");
  assert_edges(&f, "a -> b 3\n");
  gfix_free(&f);

  /* kept nodes: a graph over a subset makes residual edges over the others */
  gfix_init(&f, "type s/count\ns 5 : c b a\ns 1 : c a\ns 2 : b a\ns 7 : d c b\n");
  bool *kept = xcalloc(f.nm.n, 1);
  kept[node(&f, "a")] = kept[node(&f, "c")] = kept[node(&f, "d")] = true;
  graph_opts o = {.sample_index = 0, .mean = false, .drop_negative = false, .kept = kept};
  gfix_graph(&f, &o);
  assert_edges(&f, "a -> c 6 residual\nc -> d 7\n");
  graph *g = &f.g;
  /* flat of a sample whose leaf was dropped goes nowhere; cum still counts */
  assert_int_equal(graph_flat(g, node(&f, "a")), 0);
  assert_int_equal(graph_cum(g, node(&f, "a")), 8);
  assert_int_equal(graph_flat(g, node(&f, "c")), 6);
  assert_int_equal(graph_cum(g, node(&f, "c")), 13);
  assert_int_equal(g->nnodes, 3);
  free(kept);
  gfix_free(&f);

  /* a dropped leaf: the sample's flat is lost, the edge is not residual */
  gfix_init(&f, "type s/count\ns 5 : c b\n");
  kept = xcalloc(f.nm.n, 1);
  kept[node(&f, "b")] = true;
  o.kept = kept;
  gfix_graph(&f, &o);
  assert_int_equal(graph_flat(&f.g, node(&f, "b")), 0);
  assert_int_equal(graph_cum(&f.g, node(&f, "b")), 5);
  free(kept);
  gfix_free(&f);
}

/* The partial map and pass of list (nodemap_build_some, graph_build_some)
 * against the full map and graph_build with kept = need = the same nodes:
 * the same nodes (same infos, same relative order) with the same weights,
 * for several kept sets, sample types, mean and drop_negative. */
static void check_some(gfix *f, const char *const *names, bool bare, const graph_opts *base) {
  const profile *v = f->v;
  bool *keep = xcalloc(v->nfunctions + 1, 1);
  for (size_t i = 0; i < v->nfunctions; i++)
    for (const char *const *n = names; *n; n++) keep[i] |= !strcmp(v->functions[i].name, *n);
  bool *match = xcalloc(f->nm.n + 1, 1);
  size_t nmatch = 0;
  for (uint32_t i = 0; i < f->nm.n; i++) {
    const char *name = f->nm.info[i].name;
    bool m = !*name && bare;
    for (const char *const *n = names; *n; n++) m |= !strcmp(name, *n);
    match[i] = m, nmatch += m;
  }
  graph_opts o = *base;
  o.kept = match, o.no_edges = true;
  gfix_graph(f, &o); /* every sample read: what the scans for needed samples must find */
  graph all = f->g;
  f->built = false;
  o.need = match;
  gfix_graph(f, &o);
  assert_int_equal(all.nnodes, f->g.nnodes);
  for (size_t i = 0; i < all.nnodes; i++) {
    uint32_t n = all.nodes[i];
    assert_int_equal(n, f->g.nodes[i]);
    assert_int_equal(all.flat[n], f->g.flat[n]), assert_int_equal(all.cum[n], f->g.cum[n]);
    assert_int_equal(all.flat_div[n], f->g.flat_div[n]), assert_int_equal(all.cum_div[n], f->g.cum_div[n]);
  }
  graph_free(&all);
  nodemap some;
  nodemap_opts no = {true, "", "", true};
  nodemap_build_some(&some, v, &no, keep, bare);
  assert_int_equal(some.n, nmatch);
  graph g;
  o.kept = o.need = NULL;
  graph_build_some(&g, &some, v, &o);
  assert_int_equal(g.nnodes, f->g.nnodes);
  for (size_t i = 0; i < g.nnodes; i++) {
    const node_info *a = &some.info[g.nodes[i]], *b = &f->nm.info[f->g.nodes[i]];
    assert_ptr_equal(a->name, b->name);
    assert_ptr_equal(a->file, b->file);
    assert_int_equal(a->lineno, b->lineno);
    assert_int_equal(a->address, b->address);
    assert_int_equal(graph_flat(&g, g.nodes[i]), graph_flat(&f->g, f->g.nodes[i]));
    assert_int_equal(graph_cum(&g, g.nodes[i]), graph_cum(&f->g, f->g.nodes[i]));
    assert_int_equal(g.flat_div[g.nodes[i]], f->g.flat_div[f->g.nodes[i]]);
    assert_int_equal(g.cum_div[g.nodes[i]], f->g.cum_div[f->g.nodes[i]]);
  }
  graph_free(&g);
  nodemap_free(&some);
  free(keep), free(match);
}

/* Whether a and b (over the same node map) have the same nodes in the same
 * order, the same weights and the same edges in the same order. */
static void assert_same_graph(const graph *a, const graph *b, const char *what) {
  if (a->nnodes != b->nnodes || a->nedges != b->nedges)
    fail_msg("%s: %zu nodes, %zu edges; want %zu, %zu", what, a->nnodes, a->nedges, b->nnodes, b->nedges);
  for (size_t i = 0; i < a->nnodes; i++) {
    uint32_t n = a->nodes[i];
    if (n != b->nodes[i] || a->flat[n] != b->flat[n] || a->cum[n] != b->cum[n] || a->flat_div[n] != b->flat_div[n] ||
        a->cum_div[n] != b->cum_div[n])
      fail_msg("%s: node %zu differs", what, i);
  }
  for (size_t i = 0; i < a->nedges; i++) {
    const edge *x = &a->edges[i], *y = &b->edges[i];
    if (x->src != y->src || x->dst != y->dst || x->weight != y->weight || x->weight_div != y->weight_div ||
        x->residual != y->residual || x->inline_ != y->inline_)
      fail_msg("%s: edge %zu differs", what, i);
  }
}

/* By function name, in names (NULL-terminated). */
static bool named(const char *name, const char *const *names) {
  for (; *names; names++)
    if (!strcmp(name, *names)) return true;
  return false;
}

/* The samples a need pass finds are kept (need_memo) for the next pass
 * over the same samples and locations: a drill-down's list (lines view,
 * partial map) then peek (functions view, edges of the matched nodes), or
 * the other way round. A pass that reads them makes what a pass that
 * scans makes; other samples (a filtered view) or other locations do not
 * read them. 60,000 distinct stacks (inlined lines, recursion): two workers. */
static void test_need_memo(void **state) {
  (void)state;
  strbuf d = STRBUF_INIT;
  sb_adds(&d, "type s/count\ntype b/bytes\n");
  for (int i = 0; i < 60000; i++)
    sb_printf(&d, "s %d %d : f%d:%d f%d:2%s m:%d\n", i % 5 - 1, i % 7 + 1, i % 50, i / 50 % 30 + 1,
              i / 1500 % 40, i % 3 ? "" : "+f3:9+m:7", i % 3 + 1); /* inlined lines in some */
  profile *base = tb_loaded(sb_str(&d));
  sb_free(&d);
  assert_int_equal(base->nsamples, 60000);
  char *err = NULL;
  profile *lines = view_new(base), *funcs = view_new(base);
  assert_true(view_aggregate(lines, "lines", false, &err));
  assert_true(view_aggregate(funcs, "functions", false, &err));
  nodemap_opts no = {true, "", "", true}, fo = {false, "", "", true};
  nodemap fm;
  nodemap_build(&fm, funcs, &fo);
  const char *f7[] = {"f7", NULL}, *f3f41[] = {"f3", "f41", NULL}, *m[] = {"m", NULL}, *f2[] = {"f2", NULL};
  const char *const *sets[] = {f7, f3f41, m};
  core_env two = {.threads = 2};
  for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
    bool *keep = xcalloc(lines->nfunctions + 1, 1), *match = xcalloc(fm.n + 1, 1);
    for (size_t i = 0; i < lines->nfunctions; i++) keep[i] = named(lines->functions[i].name, sets[k]);
    for (uint32_t i = 0; i < fm.n; i++) match[i] = named(fm.info[i].name, sets[k]);
    nodemap some;
    nodemap_build_some(&some, lines, &no, keep, false);
    graph_opts lo = {.sample_index = 1, .env = &two}, po = {.sample_index = 0, .need = match, .edge_nodes = match, .env = &two};
    graph ref_l, ref_p, g;
    graph_build_some(&ref_l, &some, lines, &lo);
    graph_build(&ref_p, &fm, funcs, &po);
    assert_true(ref_p.nedges > 0);
    /* peek's pass keeps the edges only: the same ones, in the same order, and
     * no weights; also with nodes not kept (f0, f1: residual edges over them) */
    bool *kept = xcalloc(fm.n + 1, 1);
    for (uint32_t i = 0; i < fm.n; i++) kept[i] = strcmp(fm.info[i].name, "f0") && strcmp(fm.info[i].name, "f1");
    for (int with_kept = 0; with_kept < 2; with_kept++) {
      graph_opts wo = po, eo = po;
      wo.kept = eo.kept = with_kept ? kept : NULL;
      eo.edges_only = true;
      graph want;
      graph_build(&want, &fm, funcs, &wo);
      graph_build(&g, &fm, funcs, &eo);
      assert_int_equal(g.nnodes, 0);
      graph e = g;
      e.nnodes = want.nnodes, e.nodes = want.nodes, e.flat = want.flat, e.cum = want.cum, e.flat_div = want.flat_div,
      e.cum_div = want.cum_div;
      assert_same_graph(&e, &want, "edges only");
      size_t residual = 0;
      for (size_t i = 0; i < want.nedges; i++) residual += want.edges[i].residual;
      if (with_kept && k == 2) assert_true(residual > 0); /* m's callers: f0 and f1 among them */
      graph_free(&g), graph_free(&want);
    }
    free(kept);
    for (int order = 0; order < 2; order++) { /* list then peek, peek then list */
      need_memo memo = {0};
      lo.memo = po.memo = &memo;
      for (int pass = 0; pass < 3; pass++) {
        bool list = (pass % 2 == 0) == (order == 0);
        if (list)
          graph_build_some(&g, &some, lines, &lo);
        else
          graph_build(&g, &fm, funcs, &po);
        assert_same_graph(&g, list ? &ref_l : &ref_p, list ? "list" : "peek");
        graph_free(&g);
        assert_int_equal(memo.reused, (size_t)pass); /* the first pass scans, the others read the memo */
        assert_true(memo.n > 0 && memo.n <= base->nsamples);
      }
      need_memo_clear(&memo);
      assert_int_equal(memo.reused, 2);
      assert_null(memo.samples);
    }
    graph_free(&ref_l), graph_free(&ref_p);
    nodemap_free(&some);
    free(keep), free(match);
  }
  /* f7's samples kept, then: other locations (f2's) and other samples (a
   * view without every other sample) scan; the views freed, the memo is
   * still right for a new view of the same samples */
  bool *f7m = xcalloc(fm.n + 1, 1), *f2m = xcalloc(fm.n + 1, 1);
  for (uint32_t i = 0; i < fm.n; i++) f7m[i] = named(fm.info[i].name, f7), f2m[i] = named(fm.info[i].name, f2);
  need_memo memo = {0};
  graph_opts o7 = {.sample_index = 0, .need = f7m, .edge_nodes = f7m, .memo = &memo},
             o2 = {.sample_index = 0, .need = f2m, .edge_nodes = f2m, .memo = &memo}, plain;
  graph g, ref;
  graph_build(&g, &fm, funcs, &o7);
  graph_free(&g);
  graph_build(&g, &fm, funcs, &o2);
  plain = o2, plain.memo = NULL;
  graph_build(&ref, &fm, funcs, &plain);
  assert_same_graph(&g, &ref, "f2 after f7");
  graph_free(&g), graph_free(&ref);
  assert_int_equal(memo.reused, 0);
  profile *half = view_new(base);
  assert_true(view_aggregate(half, "functions", false, &err));
  bool *every_other = xcalloc(half->nsamples + 1, 1);
  for (size_t i = 0; i < half->nsamples; i += 2) every_other[i] = true;
  view_keep_samples(half, every_other);
  free(every_other);
  assert_int_equal(half->nsamples, 30000);
  assert_ptr_equal(half->stack, funcs->stack);
  graph_build(&g, &fm, half, &o2); /* f2's locations, other samples */
  plain = o2, plain.memo = NULL;
  graph_build(&ref, &fm, half, &plain);
  assert_same_graph(&g, &ref, "f2 on half the samples");
  graph_free(&g), graph_free(&ref);
  assert_int_equal(memo.reused, 0);
  profile_free(half);
  graph_build(&g, &fm, funcs, &o2); /* f2 on every sample again: the memo has half's */
  graph_free(&g);
  assert_int_equal(memo.reused, 0);
  nodemap_free(&fm);
  profile_free(funcs), profile_free(lines);
  profile *again = view_new(base);
  assert_true(view_aggregate(again, "functions", false, &err));
  nodemap_build(&fm, again, &fo);
  for (uint32_t i = 0; i < fm.n; i++) f2m[i] = named(fm.info[i].name, f2);
  graph_build(&g, &fm, again, &o2);
  plain = o2, plain.memo = NULL;
  graph_build(&ref, &fm, again, &plain);
  assert_same_graph(&g, &ref, "f2, a new view");
  assert_int_equal(memo.reused, 1);
  graph_free(&g), graph_free(&ref);
  need_memo_clear(&memo);
  nodemap_free(&fm);
  profile_free(again), profile_free(base);
  free(f7m), free(f2m);
}

static void test_build_some(void **state) {
  (void)state;
  gfix f;
  nodemap_opts no = {true, "", "", true};
  gfix_nodes(&f,
             "type s/count\ntype b/bytes\nfunc a f.go\nfunc b f.go\nfunc c g.go\nfunc x g.go\n"
             "s 5 50 : c:3 b:7 a:1\ns 1 -4 : c:4 a:1\ns 2 0 : b:8 a:2\ns 7 70 : d c:3 b:7\n"
             "s 3 30 : x:9+c:5 a:1\ns 4 40 : b:7 x:9+c:5 b:8 a:1\ns -6 60 : @0x10 b:7 a:2\ns 0 9 : c:3\n",
             "lines", false, &no);
  const char *b[] = {"b", NULL}, *cx[] = {"c", "x", NULL}, *none[] = {NULL}, *ab[] = {"a", "b", "d", NULL};
  graph_opts o0 = {.sample_index = 0}, o1 = {.sample_index = 1}, om = {.sample_index = 1, .mean = true},
             od = {.sample_index = 0, .drop_negative = true};
  const char *const *sets[] = {b, cx, none, ab};
  const graph_opts *opts[] = {&o0, &o1, &om, &od};
  for (size_t i = 0; i < 4; i++)
    for (size_t k = 0; k < 4; k++) {
      check_some(&f, sets[i], false, opts[k]);
      check_some(&f, sets[i], true, opts[k]);
    }
  /* values: b's lines 7 and 8 (recursion counts b:7 once a sample) */
  bool *keep = xcalloc(f.v->nfunctions + 1, 1);
  for (size_t i = 0; i < f.v->nfunctions; i++) keep[i] = !strcmp(f.v->functions[i].name, "b");
  nodemap some;
  nodemap_build_some(&some, f.v, &no, keep, false);
  graph g;
  graph_build_some(&g, &some, f.v, &o0);
  assert_int_equal(g.nnodes, 2);
  strbuf sb = STRBUF_INIT;
  for (size_t i = 0; i < g.nnodes; i++)
    sb_printf(&sb, "%s %" PRId64 " %" PRId64 "\n", nodemap_name(&some, g.nodes[i]), graph_flat(&g, g.nodes[i]),
              graph_cum(&g, g.nodes[i]));
  assert_string_equal(sb_str(&sb), "b f.go:7 4 10\nb f.go:8 2 6\n");
  sb_free(&sb);
  graph_free(&g);
  nodemap_free(&some);
  free(keep);
  gfix_free(&f);
  /* many samples, stacks of up to 40 frames (blocks of frames, hits far
   * apart and close together), recursion */
  strbuf d = STRBUF_INIT;
  sb_adds(&d, "type s/count\n");
  for (int i = 0; i < 300; i++) {
    sb_printf(&d, "s %d :", i % 7 - 2);
    for (int j = 0; j <= i % 40; j++) sb_printf(&d, " f%d:%d", (i * 7 + j * 3) % 30, j % 5 + 1);
    if (i % 3 == 0) sb_printf(&d, " z:%d", i % 2 + 1); /* two locations: compared, not ranged */
    sb_adds(&d, "\n");
  }
  gfix_nodes(&f, sb_str(&d), "lines", false, &no);
  sb_free(&d);
  const char *f3[] = {"f3", NULL}, *f0f29[] = {"f0", "f29", NULL}, *f1f2[] = {"f1", "f2", "f4", NULL},
             *z[] = {"z", NULL};
  const char *const *many[] = {f3, f0f29, f1f2, z};
  for (size_t i = 0; i < 4; i++) check_some(&f, many[i], false, &o0), check_some(&f, many[i], false, &od);
  /* the same view with every other sample dropped but its frames left in
   * the stack array (gaps between the stacks a scan reads as one array) */
  profile *v = f.v;
  uint32_t *off = v->stack_off;
  uint32_t *len = v->stack_len;
  uint32_t *val = v->value_idx;
  size_t n0 = v->nsamples, n1 = 0;
  v->stack_off = xmalloc(n0 * sizeof *v->stack_off), v->stack_len = xmalloc(n0 * sizeof *v->stack_len);
  v->value_idx = xmalloc(n0 * sizeof *v->value_idx);
  for (size_t k = 0; k < n0; k += 2, n1++)
    v->stack_off[n1] = off[k], v->stack_len[n1] = len[k], v->value_idx[n1] = val[k];
  v->nsamples = n1;
  for (size_t i = 0; i < 4; i++) check_some(&f, many[i], false, &o0);
  free(v->stack_off), free(v->stack_len), free(v->value_idx);
  v->stack_off = off, v->stack_len = len, v->value_idx = val, v->nsamples = n0;
  gfix_free(&f);
}

/* need: only the samples through a needed node are read (a drill-down's
 * passes); the needed nodes' weights and the edges touching them are the
 * full graph's, other nodes count only those samples. */
static void test_need(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\ns 5 : c b a\ns 1 : c a\ns 2 : b a\ns 7 : d c b\ns 3 : x+c a\n");
  graph *g = &f.g;
  uint32_t a = node(&f, "a"), b = node(&f, "b"), c = node(&f, "c"), d = node(&f, "d");
  int64_t full_cum_b = graph_cum(g, b), full_flat_c = graph_flat(g, c), full_cum_c = graph_cum(g, c);
  bool *need = xcalloc(f.nm.n, 1);
  need[c] = true;
  graph_opts o = {.sample_index = 0, .edge_nodes = need, .need = need};
  gfix_graph(&f, &o);
  g = &f.g;
  assert_int_equal(graph_flat(g, c), full_flat_c);
  assert_int_equal(graph_cum(g, c), full_cum_c);
  assert_int_equal(full_cum_b, 14);
  assert_int_equal(graph_cum(g, b), 12); /* the sample "b a" has no c */
  assert_int_equal(graph_cum(g, a), 9);
  assert_int_equal(graph_cum(g, d), 7);
  assert_edges(&f, "a -> c 4\nb -> c 12\nc -> d 7\nc -> x 3 inline\n");
  /* a needed node that no sample goes through: nothing is read */
  memset(need, 0, f.nm.n);
  gfix_graph(&f, &o);
  assert_int_equal(f.g.nnodes, 0);
  free(need);
  gfix_free(&f);
}

/* Sample index, mean (divided by value 0) and drop_negative. */
static void test_values(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type count/count\ntype space/bytes\ns 2 100 : f m\ns 3 500 : f m\ns 1 50 : g m\ns 0 7 : h m\n");
  graph_opts o = {.sample_index = 1, .mean = true, .drop_negative = false, .kept = NULL};
  gfix_graph(&f, &o);
  graph *g = &f.g;
  assert_int_equal(g->flat[node(&f, "f")], 600);
  assert_int_equal(g->flat_div[node(&f, "f")], 5);
  assert_int_equal(graph_flat(g, node(&f, "f")), 120);
  assert_int_equal(graph_flat(g, node(&f, "g")), 50);
  assert_int_equal(graph_flat(g, node(&f, "h")), 7); /* divisor 0: the value itself */
  assert_int_equal(graph_cum(g, node(&f, "m")), 657 / 6);
  assert_edges(&f, "m -> f 120\nm -> g 50\nm -> h 7\n");
  gfix_free(&f);

  gfix_init(&f, "type s/count\ns -5 : a r\ns 2 : b r\ns -1 : c q\ns 3 : q\ns 0 : z r\n");
  graph *gg = &f.g;
  /* z has no weight: not a node of the graph */
  assert_listing(gg, ORDER_NAME, "-5 -5 a\n2 2 b\n-1 -1 c\n3 2 q\n0 -3 r\n");
  graph_opts neg = {.sample_index = 0, .mean = false, .drop_negative = true, .kept = NULL};
  gfix_graph(&f, &neg);
  assert_listing(&f.g, ORDER_NAME, "2 2 b\n3 2 q\n");
  gfix_free(&f);
}

/* The first pass of every sample type at once gives, for each type, mean
 * and drop_negative, the graph a one-type weights pass gives: same nodes,
 * same flat, cum and divisors. */
static void test_weights_all_types(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type count/count\ntype space/bytes\n"
                "s 2 100 : f m\ns 3 -500 : f+k m\ns 1 50 : g m\ns 0 7 : h m\ns 0 0 : z m\ns 4 0 : m m r\n");
  {
    graph_weights w;
    assert_true(graph_weights_build(&w, &f.nm, f.v, NULL, NULL));
    assert_int_equal(w.nt, 2);
    for (int idx = 0; idx < 2; idx++)
      for (int v = 0; v < 4; v++) {
        bool mean = v & 1, neg = v & 2;
        graph_opts o = {.sample_index = idx, .mean = mean, .drop_negative = neg, .no_edges = true};
        gfix_graph(&f, &o);
        graph g2;
        graph_from_weights(&g2, &f.nm, &w, idx, mean, neg);
        char *want = listing(&f.g, ORDER_NAME), *got = listing(&g2, ORDER_NAME);
        assert_text(got, want);
        free(want), free(got);
        for (size_t i = 0; i < f.nm.n; i++) {
          assert_int_equal(g2.flat_div[i], f.g.flat_div[i]);
          assert_int_equal(g2.cum_div[i], f.g.cum_div[i]);
        }
        graph_free(&g2);
      }
    /* real values: m is in every sample once (recursion counted once) */
    uint32_t m = node(&f, "m");
    assert_int_equal(w.cum[m * 2], 10);
    assert_int_equal(w.cum[m * 2 + 1], -343);
    assert_int_equal(w.flat[m * 2], 4);
    assert_int_equal(w.flat[node(&f, "f") * 2 + 1], -400); /* "f+k": f is the inlined, innermost line */
    assert_int_equal(w.flat[node(&f, "k") * 2 + 1], 0);
    assert_int_equal(w.cum[node(&f, "k") * 2 + 1], -500);
    graph_weights_free(&w);
  }
  /* a cancelled pass keeps nothing */
  atomic_bool stop = true;
  graph_weights w;
  assert_false(graph_weights_build(&w, &f.nm, f.v, &stop, NULL));
  assert_null(w.flat);
  gfix_free(&f);
}

/* The merge's side pass (loadweights.h) gives the first pass's weights:
 * a profile big enough for it, with identical samples the merge adds up,
 * zero samples, recursion, inlined lines and functions on several lines. */
static void test_weights_from_load(void **state) {
  (void)state;
  profile *base = tb_side_pass_profile(12345, true); /* some samples all zero */
  assert_non_null(base->lw);
  assert_true(base->nsamples <= 8); /* the merge added the identical samples up */
  const char *grans[] = {"functions", "filefunctions", "lines"};
  for (int gi = 0; gi < 3; gi++) {
    profile *v = view_new(base);
    char *err = NULL;
    assert_true(view_aggregate(v, grans[gi], false, &err));
    nodemap nm;
    nodemap_opts no = {false, "", "", true};
    nodemap_build(&nm, v, &no);
    graph_weights want, got;
    assert_true(graph_weights_build(&want, &nm, v, NULL, NULL));
    bool from_load = graph_weights_from_load(&got, &nm, v, base);
    if (gi == 2) { /* a function on several lines is several nodes: not from the side pass */
      assert_false(from_load);
      assert_null(got.cum);
    } else {
      assert_true(from_load);
      assert_int_equal(got.nn, want.nn);
      assert_int_equal(got.nt, 2);
      assert_memory_equal(got.cum, want.cum, want.nn * 2 * sizeof *want.cum);
      assert_memory_equal(got.flat, want.flat, want.nn * 2 * sizeof *want.flat);
      /* real values: m is in every stack but "d f+k:3 r" */
      int64_t m_cum = want.cum[node_in(&nm, "m") * 2];
      assert_true(m_cum > 0);
      assert_int_equal(got.cum[node_in(&nm, "m") * 2], m_cum);
      graph_weights_free(&got);
    }
    graph_weights_free(&want);
    nodemap_free(&nm);
    profile_free(v);
  }
  /* a view that dropped samples, and a changed profile, do the pass */
  profile *v = view_new(base);
  bool keep[8] = {true};
  view_keep_samples(v, keep);
  nodemap nm;
  nodemap_opts no = {false, "", "", true};
  nodemap_build(&nm, v, &no);
  graph_weights got;
  assert_false(graph_weights_from_load(&got, &nm, v, base));
  nodemap_free(&nm);
  profile_free(v);
  double r[2] = {2, 2};
  profile_scale(base, r);
  v = view_new(base);
  nodemap_build(&nm, v, &no);
  assert_false(graph_weights_from_load(&got, &nm, v, base));
  nodemap_free(&nm);
  profile_free(v);
  profile_free(base);

  /* under the side pass's size: none */
  profile *small = tb_loaded("type count/count\ns 1 : a m\n");
  assert_null(small->lw);
  profile_free(small);
}

/* Every node order with its tie-breaks. */
static void test_orders(void **state) {
  (void)state;
  gfix f;
  gfix_nodes(&f, "type s/count\nfunc a x.go 5\nfunc b w.go 9\nfunc c w.go 2\ns 3 : a\ns 3 : b\ns -3 : c d\ns 1 : d b\n",
             NULL, false, NULL);
  gfix_graph(&f, NULL);
  graph *g = &f.g;
  assert_listing(g, ORDER_FLAT_NAME, "3 3 a x.go\n3 4 b w.go\n-3 -3 c w.go\n1 -2 d\n");
  assert_listing(g, ORDER_FLAT_CUM_NAME, "3 4 b w.go\n3 3 a x.go\n-3 -3 c w.go\n1 -2 d\n");
  assert_listing(g, ORDER_CUM_NAME, "3 4 b w.go\n3 3 a x.go\n-3 -3 c w.go\n1 -2 d\n");
  assert_listing(g, ORDER_NAME, "3 3 a x.go\n3 4 b w.go\n-3 -3 c w.go\n1 -2 d\n");
  /* start lines are only in node identities with ObjNames (or without a name) */
  assert_listing(g, ORDER_FILE, "1 -2 d\n3 4 b w.go\n-3 -3 c w.go\n3 3 a x.go\n");
  gfix_free(&f);
  nodemap_opts objnames = {true, "", "", true};
  gfix_nodes(&f, "type s/count\nfunc a x.go 5\nfunc b w.go 9\nfunc c w.go 2\ns 3 : a\ns 3 : b\ns -3 : c d\ns 1 : d b\n",
             NULL, false, &objnames);
  gfix_graph(&f, NULL);
  assert_listing(&f.g, ORDER_FILE, "1 -2 d\n-3 -3 c w.go\n3 4 b w.go\n3 3 a x.go\n");
  gfix_free(&f);

  gfix_nodes(&f, "type s/count\ns 1 : c@0x30\ns 2 : b@0x10\ns 4 : a@0x20\n", "addresses", false, NULL);
  gfix_graph(&f, NULL);
  assert_listing(&f.g, ORDER_ADDRESS, "2 2 0000000000000010 b\n4 4 0000000000000020 a\n1 1 0000000000000030 c\n");
  gfix_free(&f);

  /* equal names: fmt.Sprint(NodeInfo) decides, as a string ("{ ... 30 ...}" < "{ ... 4 ...}") */
  gfix_nodes(&f, "type s/count\nmapping 1 0x1000 0x9000 0 /bin/p\nfunc f1 f.go 4\nfunc f2 f.go 30\n"
                 "s 5 : f1:5@0x1000\ns 5 : f2:31@0x1010\n",
             "files", false, NULL);
  gfix_graph(&f, NULL);
  graph_sort(&f.g, ORDER_FLAT_NAME);
  assert_int_equal(f.g.nnodes, 2);
  assert_int_equal(f.nm.info[f.g.nodes[0]].start_line, 30);
  assert_int_equal(f.nm.info[f.g.nodes[1]].start_line, 4);
  graph_sort(&f.g, ORDER_NAME);
  assert_int_equal(f.nm.info[f.g.nodes[0]].start_line, 30);
  gfix_free(&f);
}

/* pprof's entropyScore: fallthrough nodes sink, entry and leaf nodes rise. */
static void test_entropy_order(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\ns 10 : c b a\ns 1 : d a\n");
  /* scores: c 1*10+10 = 20, a int64((1+H(10/11,1/11))*11) = 15, d 1*1+1 = 2, b 0 */
  assert_listing(&f.g, ORDER_ENTROPY, "10 10 c\n0 11 a\n1 1 d\n0 10 b\n");
  assert_listing(&f.g, ORDER_CUM_NAME, "0 11 a\n0 10 b\n10 10 c\n1 1 d\n");
  gfix_free(&f);
}

/* Edge order: |weight| desc, then source name, then destination name. */
static void test_edge_order(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\ns 3 : z d\ns 5 : z b\ns -5 : z c\ns 3 : z a\ns 3 : y b\ns 3 : x b\n");
  graph *g = &f.g;
  size_t k;
  uint32_t *es = graph_sorted_edges(g, node(&f, "z"), true, &k);
  assert_int_equal(k, 4);
  const char *want[] = {"b", "c", "a", "d"};
  for (size_t i = 0; i < k; i++) assert_string_equal(nodemap_name(g->nm, g->edges[es[i]].src), want[i]);
  free(es);
  es = graph_sorted_edges(g, node(&f, "b"), false, &k);
  assert_int_equal(k, 3);
  assert_string_equal(nodemap_name(g->nm, g->edges[es[0]].dst), "z");
  assert_string_equal(nodemap_name(g->nm, g->edges[es[1]].dst), "x");
  assert_string_equal(nodemap_name(g->nm, g->edges[es[2]].dst), "y");
  free(es);
  gfix_free(&f);
}

/* TrimLowFrequencyEdges: |weight| < cutoff goes, counting only in-edges of graph nodes. */
static void test_trim_edges(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\ns 1 : b a\ns 2 : c a\ns 5 : d a\ns -1 : e a\n");
  assert_int_equal(graph_trim_edges(&f.g, 2), 2);
  assert_edges(&f, "a -> d 5\na -> c 2\n");
  assert_int_equal(graph_trim_edges(&f.g, 2), 0);
  assert_int_equal(graph_trim_edges(&f.g, 6), 2);
  assert_edges(&f, "");
  gfix_free(&f);

  /* with drop_negative, e is not a node of the graph: its in-edge is not looked at */
  gfix_init(&f, "type s/count\ns 1 : b a\ns -1 : e a\n");
  graph_opts o = {.sample_index = 0, .mean = false, .drop_negative = true, .kept = NULL};
  gfix_graph(&f, &o);
  assert_int_equal(graph_trim_edges(&f.g, 5), 1);
  gfix_free(&f);
}

/* RemoveRedundantEdges: a residual edge goes when another path joins its ends. */
static void test_redundant_edges(void **state) {
  (void)state;
  gfix f;
  gfix_init(&f, "type s/count\ns 5 : c b a\ns 1 : c x a\ns 1 : d y a\n");
  bool *kept = xcalloc(f.nm.n, 1);
  kept[node(&f, "a")] = kept[node(&f, "b")] = kept[node(&f, "c")] = kept[node(&f, "d")] = true;
  graph_opts o = {.sample_index = 0, .mean = false, .drop_negative = false, .kept = kept};
  gfix_graph(&f, &o);
  assert_edges(&f, "a -> b 5\na -> c 1 residual\na -> d 1 residual\nb -> c 5\n");
  graph_sort(&f.g, ORDER_ENTROPY);
  graph_remove_redundant_edges(&f.g);
  assert_edges(&f, "a -> b 5\na -> d 1 residual\nb -> c 5\n");
  free(kept);
  gfix_free(&f);

  /* only residual edges lighter than every plain in-edge are candidates */
  gfix_init(&f, "type s/count\ns 5 : c x a\ns 1 : c b a\n");
  kept = kept_except(&f.g, "x");
  o.kept = kept;
  gfix_graph(&f, &o);
  graph_remove_redundant_edges(&f.g);
  assert_edges(&f, "a -> c 5 residual\na -> b 1\nb -> c 1\n");
  free(kept);
  gfix_free(&f);
}

/* pprof's newTree and TrimTree (-call_tree). */
static void test_call_tree(void **state) {
  (void)state;
  gfix f;
  gfix_tree(&f, "type s/count\ns 1 : c b a\ns 2 : c a\ns 4 : b a\n");
  graph *g = &f.g;
  /* c under b and c under a are two nodes */
  assert_listing(g, ORDER_CUM_NAME, "0 7 a\n4 5 b\n2 2 c\n1 1 c\n");
  bool *kept = kept_except(g, "b");
  graph_trim_tree(g, kept);
  /* b's child moves up to a, over a residual edge */
  assert_listing(g, ORDER_CUM_NAME, "0 7 a\n2 2 c\n1 1 c\n");
  assert_edges(&f, "a -> c 2\na -> c 1 residual\n");
  free(kept);
  gfix_free(&f);
}

/* Dropping a tree's inner node joins inline flags; dropping its root makes new roots. */
static void test_trim_tree_inline_and_root(void **state) {
  (void)state;
  gfix f;
  gfix_tree(&f, "type s/count\ns 3 : d+c+b a\n");
  graph *g = &f.g;
  assert_edges(&f, "a -> b 3\nb -> c 3 inline\nc -> d 3 inline\n");
  bool *kept = kept_except(g, "c");
  graph_trim_tree(g, kept);
  assert_listing(g, ORDER_NAME, "0 3 a\n0 3 b\n3 3 d\n");
  assert_edges(&f, "a -> b 3\nb -> d 3 residual inline\n");
  kept[g->nodes[0]] = false; /* a */
  graph_trim_tree(g, kept);
  assert_listing(g, ORDER_NAME, "0 3 b\n3 3 d\n");
  assert_edges(&f, "b -> d 3 residual inline\n");
  graph_index(g);
  assert_int_equal(g->in_n[g->nodes[0]], 0);
  free(kept);
  gfix_free(&f);

  /* a plain call into the dropped node makes the new edge a plain call */
  gfix_tree(&f, "type s/count\ns 3 : d+c+b a\n");
  kept = kept_except(&f.g, "b");
  graph_trim_tree(&f.g, kept);
  assert_edges(&f, "a -> c 3 residual\nc -> d 3 inline\n");
  free(kept);
  gfix_free(&f);
}

/* trim_path and the source_path heuristic clean file names in node identities. */
static void test_trim_path(void **state) {
  (void)state;
  const char *desc = "type s/count\nfunc f /build/src/a.go\nfunc g /proc/self/cwd/./b.go\n"
                     "func h /home/u/gen/heap/main.go\nfunc k x//y/../z.go\ns 1 : f:1\ns 2 : g:2\ns 4 : h:3\ns 8 : k:4\n";
  nodemap_opts no = {false, "/build", "", true};
  gfix f;
  gfix_nodes(&f, desc, "lines", false, &no);
  gfix_graph(&f, NULL);
  assert_listing(&f.g, ORDER_FLAT_NAME, "8 8 k x/z.go:4\n4 4 h /home/u/gen/heap/main.go:3\n2 2 g b.go:2\n1 1 f src/a.go:1\n");
  gfix_free(&f);
  /* without trim_path, a source_path entry's base name found in the path cuts there */
  nodemap_opts sp = {false, "", "/tmp/gen", true};
  gfix_nodes(&f, desc, "lines", false, &sp);
  gfix_graph(&f, NULL);
  assert_listing(&f.g, ORDER_FLAT_NAME, "8 8 k x/z.go:4\n4 4 h heap/main.go:3\n2 2 g b.go:2\n1 1 f /build/src/a.go:1\n");
  gfix_free(&f);
  /* CreateNodes (traces) does not trim */
  nodemap_opts none = {false, "/build", "", false};
  gfix_nodes(&f, desc, "lines", false, &none);
  gfix_graph(&f, NULL);
  assert_listing(&f.g, ORDER_FLAT_NAME,
                 "8 8 k x/z.go:4\n4 4 h /home/u/gen/heap/main.go:3\n2 2 g /proc/self/cwd/b.go:2\n1 1 f /build/src/a.go:1\n");
  gfix_free(&f);
}

/* ObjNames keeps the object file (and start line) in every node's identity. */
static void test_obj_names(void **state) {
  (void)state;
  const char *desc = "type s/count\nmapping 1 0x1000 0x2000 0 /bin/one\nmapping 2 0x5000 0x6000 0 /lib/two.so\n"
                     "s 1 : f@0x1100\ns 2 : f@0x5100\n";
  gfix f;
  gfix_init(&f, desc);
  assert_listing(&f.g, ORDER_FLAT_NAME, "3 3 f\n");
  gfix_free(&f);
  nodemap_opts no = {true, "", "", true};
  gfix_nodes(&f, desc, "functions", false, &no);
  gfix_graph(&f, NULL);
  assert_listing(&f.g, ORDER_FLAT_NAME, "2 2 f\n1 1 f\n");
  assert_string_equal(f.nm.info[f.g.nodes[0]].objfile, "/lib/two.so");
  gfix_free(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_granularity),
      cmocka_unit_test(test_printable_names),
      cmocka_unit_test(test_node_info_string),
      cmocka_unit_test(test_recursion),
      cmocka_unit_test(test_inline_and_residual_edges),
      cmocka_unit_test(test_values),
      cmocka_unit_test(test_orders),
      cmocka_unit_test(test_entropy_order),
      cmocka_unit_test(test_edge_order),
      cmocka_unit_test(test_trim_edges),
      cmocka_unit_test(test_redundant_edges),
      cmocka_unit_test(test_need),
      cmocka_unit_test(test_build_some),
      cmocka_unit_test(test_need_memo),
      cmocka_unit_test(test_weights_all_types),
      cmocka_unit_test(test_weights_from_load),
      cmocka_unit_test(test_call_tree),
      cmocka_unit_test(test_trim_tree_inline_and_root),
      cmocka_unit_test(test_trim_path),
      cmocka_unit_test(test_obj_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
