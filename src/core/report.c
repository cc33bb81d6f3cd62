/*
 * report.c: pprof's report pipeline (driver.generateRawReport and
 * report.New): command overrides, tag roots, focus and the other filters,
 * totals, granularity; the graph trimming shared by top, tree, dot and
 * callgrind (newTrimmedGraph, selectOutputUnit, reportLabels); and the top
 * and tree/peek generators.
 */
#include "tprof/report.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/env.h"
#include "tprof/flame.h"
#include "tprof/gofmt.h"
#include "tprof/gotext.h"
#include "tprof/mycode.h"
#include "tprof/regex.h"
#include "tprof/units.h"
#include "tprof/view.h"
#include "report_int.h"

static int64_t abs64(int64_t x) { return i64_abs(x); } /* MinInt64 stays negative, as in Go */

static int64_t f2i(double d) { return i64_from_double(d); }

static int64_t apply_ratio(const report *r, int64_t v) {
  return r->ratio > 0 && r->ratio != 1 ? f2i((double)v * r->ratio) : v;
}

char *report_fmt(const report *r, int64_t v, char buf[64]) {
  return units_label_buf(buf, apply_ratio(r, v), r->sample_unit, r->output_unit);
}

const char *report_column_unit(const report *r, int64_t maxv) {
  if (strcmp(r->cfg.unit, "minimum") || !units_known(r->sample_unit)) return r->output_unit;
  const char *unit;
  units_scale(abs64(apply_ratio(r, maxv)), r->sample_unit, "minimum", &unit);
  return *unit ? unit : r->output_unit;
}

char *report_fmt_in(const report *r, int64_t v, const char *unit, char buf[64]) {
  int64_t x = apply_ratio(r, v);
  units_label_buf(buf, x, r->sample_unit, unit);
  if (x != 0 && !strcmp(buf, "0")) {
    const char *u;
    units_scale(x, r->sample_unit, unit, &u);
    snprintf(buf, 64, "%s0.01%s", x < 0 ? ">-" : "<", u);
  }
  return buf;
}

int64_t report_total(const profile *p, int idx, bool mean) {
  int64_t div = 0, total = 0, ddiv = 0, dtotal = 0;
  intern *strs = profile_strings(p);
  const char *base_key = intern_s(strs, "pprof::base"), *tru = intern_s(strs, "true");
  for (size_t s = 0; s < p->nsamples; s++) {
    const int64_t *v = profile_values(p, s);
    int64_t x = v[idx], d = mean ? v[0] : 0;
    x = i64_abs(x);
    total = i64_add(total, x);
    div = i64_add(div, d);
    const labelset *set = profile_labels(p, s);
    bool diffbase = false;
    for (uint32_t k = 0; k < set->n; k++)
      if (p->labels[set->off + k].key == base_key && p->labels[set->off + k].str == tru) diffbase = true;
    if (diffbase) dtotal = i64_add(dtotal, x), ddiv = i64_add(ddiv, d);
  }
  if (dtotal > 0) total = dtotal, div = ddiv;
  return div != 0 ? i64_div(total, div) : total;
}

void report_profile_labels(const profile *p, const char *sample_type, const char *sample_unit, int64_t total,
                           const report *r, char ***labels, size_t *n) {
  strbuf sb = STRBUF_INIT;
#define PUSH()                                                     \
  do {                                                             \
    *labels = xreallocarray(*labels, *n + 1, sizeof **labels);     \
    (*labels)[(*n)++] = sb_steal(&sb);                             \
  } while (0)
  if (p->nmappings > 0) {
    if (*p->mappings[0].file) {
      char *b = path_base(p->mappings[0].file);
      sb_printf(&sb, "File: %s", b);
      free(b);
      PUSH();
    }
    if (*p->mappings[0].build_id) {
      sb_printf(&sb, "Build ID: %s", p->mappings[0].build_id);
      PUSH();
    }
  }
  for (size_t i = 0; i < p->ncomments; i++)
    if (p->comments[i][0] != '#') {
      sb_adds(&sb, p->comments[i]);
      PUSH();
    }
  if (*sample_type) {
    sb_printf(&sb, "Type: %s", sample_type);
    PUSH();
  }
  if (p->time_nanos) {
    sb_adds(&sb, "Time: ");
    go_time_header(&sb, p->time_nanos);
    PUSH();
  }
  if (p->duration_nanos) {
    char d[64], t[64], pct[32];
    units_label_buf(d, p->duration_nanos, "nanoseconds", "auto");
    const char *tu;
    double tn = units_scale(total, sample_unit, "nanoseconds", &tu);
    char ratio[48] = "";
    if (!strcmp(tu, "ns") && tn != 0)
      snprintf(ratio, sizeof ratio, "(%s)", units_pct_buf(pct, f2i(tn), p->duration_nanos));
    sb_printf(&sb, "Duration: %s, Total samples = %s %s", d, report_fmt(r, total, t), ratio);
    PUSH();
  }
#undef PUSH
}

void report_add_label(report *r, char *s) {
  r->labels = xreallocarray(r->labels, r->nlabels + 1, sizeof *r->labels);
  r->labels[r->nlabels++] = s;
}

void report_labels(report *r, size_t orig_count, size_t dropped_nodes, size_t dropped_edges, bool full) {
  graph *g = &r->g;
  size_t node_count = g->nnodes;
  if (full || !r->cfg.compact_labels)
    report_profile_labels(r->view, r->sample_type, r->sample_unit, r->total, r, &r->labels, &r->nlabels);
  int64_t flat_sum = 0;
  for (size_t i = 0; i < g->nnodes; i++) flat_sum = i64_add(flat_sum, graph_flat(g, g->nodes[i]));
  if (r->nfilters) {
    report_add_label(r, xstrdup("Active filters:"));
    for (size_t i = 0; i < r->nfilters; i++) {
      const char *s = r->filters[i];
      if (strlen(s) > 80)
        report_add_label(r, xasprintf("   %.80s\xe2\x80\xa6", s));
      else
        report_add_label(r, xasprintf("   %s", s));
    }
  }
  char a[64], b[64], pct[32];
  units_pct_buf(pct, flat_sum, r->total);
  const char *tp = pct;
  while (*tp == ' ') tp++;
  report_add_label(r, xasprintf("Showing nodes accounting for %s, %s of %s total", report_fmt(r, flat_sum, a), tp,
                         report_fmt(r, r->total, b)));
  if (r->total != 0) {
    if (dropped_nodes > 0)
      report_add_label(r, xasprintf("Dropped %zu %s (cum <= %s)", dropped_nodes, dropped_nodes > 1 ? "nodes" : "node",
                             report_fmt(r, abs64(f2i((double)r->total * r->cfg.nodefraction)), a)));
    if (dropped_edges > 0)
      report_add_label(r, xasprintf("Dropped %zu %s (freq <= %s)", dropped_edges, dropped_edges > 1 ? "edges" : "edge",
                             report_fmt(r, abs64(f2i((double)r->total * r->cfg.edgefraction)), a)));
    if (node_count > 0 && node_count < orig_count)
      report_add_label(r, xasprintf("Showing top %zu nodes out of %zu", node_count, orig_count));
  }
  if (full) report_add_label(r, xstrdup("\nSee https://git.io/JfYMW for how to read the graph"));
}

/* ---- the graph ---- */

struct view_entry;
static void entry_settle(struct view_entry *e);

static void build_need(report *r, const bool *kept, bool no_edges, const bool *need) {
  if (r->has_graph) graph_free(&r->g);
  graph_opts go = {.sample_index = r->sample_index, .mean = r->mean, .drop_negative = r->cfg.drop_negative,
                   .kept = kept, .no_edges = no_edges && !r->call_tree, .edge_nodes = r->edge_nodes,
                   .edges_only = need != NULL, /* build_peek's: it keeps only the edges */
                   .need = need, .cancel = r->cancel, .memo = report_need_memo(r), .env = r->cfg.env};
  r->has_graph = true;
  if (r->call_tree) {
    entry_settle(r->entry); /* the passes read the samples */
    if (r->tnm.info) nodemap_free(&r->tnm);
    graph_build_tree(&r->g, &r->tnm, r->nmp, r->view, &go);
    return;
  }
  bool first = go.no_edges && !kept && !need;
  if (first && report_first_pass(r, &r->g)) return;
  entry_settle(r->entry);
  graph_build(&r->g, r->nmp, r->view, &go);
}

static void build_opt(report *r, const bool *kept, bool no_edges) { build_need(r, kept, no_edges, NULL); }
static void build(report *r, const bool *kept) { build_opt(r, kept, false); }

void report_build_weights(report *r) { build_opt(r, NULL, true); }

/* The pass with edges for peek: only the samples through a matched node
 * have edges into or out of one, so only those are read; the node set and
 * weights stay the first graph's (cut to its first `max` nodes). */
static void build_peek(report *r, const bool *kept, size_t max) {
  graph first = r->g;
  r->has_graph = false;
  build_need(r, kept, false, r->edge_nodes);
  graph *g = &r->g;
  free(g->flat), free(g->flat_div), free(g->cum), free(g->cum_div), free(g->nodes);
  g->flat = first.flat, g->flat_div = first.flat_div, g->cum = first.cum, g->cum_div = first.cum_div;
  g->nodes = first.nodes, g->nnodes = max;
  first.flat = first.flat_div = first.cum = first.cum_div = NULL, first.nodes = NULL;
  graph_free(&first);
}

/* The order of top's and tree's nodes. */
static node_order text_order(const report *r) { return !strcmp(r->cfg.sort, "cum") ? ORDER_CUM_NAME : ORDER_FLAT_NAME; }

void report_trimmed_graph(report *r, bool visual, report_tags_fn *tags_of, const void *tags_ctx, size_t *orig_count,
                          size_t *dropped_nodes, size_t *dropped_edges) {
  /* The first graph decides which nodes survive the cutoff; its edges are
   * only used when none is dropped, so weigh first and add edges after. */
  build_opt(r, NULL, true);
  graph *g = &r->g;
  int64_t total = 0;
  for (size_t i = 0; i < g->nnodes; i++) total = i64_add(total, g->flat[g->nodes[i]]);
  int64_t node_cutoff = abs64(f2i((double)total * r->cfg.nodefraction));
  int64_t edge_cutoff = abs64(f2i((double)total * r->cfg.edgefraction));
  *dropped_nodes = *dropped_edges = 0;
  node_order order = visual ? ORDER_ENTROPY : text_order(r);
  if (!visual && !r->call_tree) {
    /* A kept node's weights do not depend on which other nodes are kept, so
     * pprof's intermediate graph (after the cutoff, before nodecount) is the
     * first graph restricted to the kept nodes: only the final node set
     * needs a pass, the one that builds its edges. (Not in visual mode,
     * where the entropy order reads the intermediate graph's edges.) */
    bool *keep = xcalloc(g->nn + 1, 1);
    size_t w = 0;
    for (size_t i = 0; i < g->nnodes; i++)
      if (node_cutoff <= 0 || abs64(g->cum[g->nodes[i]]) >= node_cutoff) g->nodes[w++] = g->nodes[i];
    *dropped_nodes = g->nnodes - w;
    g->nnodes = w;
    *orig_count = w;
    size_t max = w;
    if (r->cfg.nodecount > 0 && (uint64_t)r->cfg.nodecount < w) max = (size_t)r->cfg.nodecount;
    /* peek keeping every node prints only the matched ones: gen_tree sorts
     * those (the same order), not the whole graph (97k nodes on large) */
    bool sort = !r->edge_nodes || max < w;
    if (sort) graph_sort(g, order);
    /* top reads the edges only for the inline marks of in-edges, and an
     * edge can be inline only into a node that is an inlined line: when no
     * kept node is one, the first graph cut to the kept nodes is the
     * report (same weights, same order), and the pass with edges is saved */
    bool need_edges = r->kind != RK_TEXT || !g->nm->inlined;
    for (size_t i = 0; i < max && !need_edges; i++) need_edges = g->nm->inlined[g->nodes[i]];
    if (!need_edges) {
      free(keep);
      g->nnodes = max;
      graph_index(g);
      return;
    }
    for (size_t i = 0; i < max; i++) keep[g->nodes[i]] = true;
    if (r->edge_nodes)
      build_peek(r, max < *orig_count || *dropped_nodes ? keep : NULL, max);
    else
      build(r, max < *orig_count || *dropped_nodes ? keep : NULL);
    free(keep);
    g = &r->g;
    if (sort) graph_sort(g, order);
    *dropped_edges = graph_trim_edges(g, edge_cutoff);
    graph_index(g);
    return;
  }
  bool *kept = NULL;
  if (node_cutoff > 0) {
    kept = xcalloc(g->nn + 1, 1);
    size_t nk = 0;
    for (size_t i = 0; i < g->nnodes; i++)
      if (abs64(g->cum[g->nodes[i]]) >= node_cutoff) kept[g->nodes[i]] = true, nk++;
    if (nk != g->nnodes) {
      *dropped_nodes = g->nnodes - nk;
      if (r->call_tree) {
        graph_trim_tree(g, kept);
      } else {
        build(r, kept);
        g = &r->g;
      }
    }
  }
  if (!r->call_tree && *dropped_nodes == 0) { /* the first graph stands: give it its edges */
    build(r, NULL);
    g = &r->g;
  }
  *orig_count = g->nnodes;
  graph_sort(g, order);
  if (r->cfg.nodecount > 0) {
    graph_trim_edges(g, edge_cutoff);
    size_t max = (size_t)r->cfg.nodecount;
    if ((uint64_t)r->cfg.nodecount > SIZE_MAX / 2) max = SIZE_MAX / 2;
    if (visual && tags_of) {
      size_t count = 0;
      for (size_t i = 0; i < g->nnodes; i++) {
        size_t tags = tags_of(tags_ctx, g->nodes[i]);
        if (tags > 4) tags = 4;
        count += tags + 1;
        if (count >= max) {
          max = i + 1;
          break;
        }
      }
    }
    if (max > g->nnodes) max = g->nnodes;
    if (max != g->nnodes) {
      free(kept);
      kept = xcalloc(g->nn + 1, 1);
      for (size_t i = 0; i < max; i++) kept[g->nodes[i]] = true;
      if (r->call_tree) {
        graph_trim_tree(g, kept);
      } else {
        build(r, kept);
        g = &r->g;
      }
      graph_sort(g, order);
    }
  }
  free(kept);
  *dropped_edges = graph_trim_edges(g, edge_cutoff);
  if (visual) graph_remove_redundant_edges(g);
  graph_index(g);
}

void report_select_unit(report *r) {
  graph *g = &r->g;
  if (strcmp(r->output_unit, "minimum") || g->nnodes == 0) return;
  int64_t minv = 0;
  for (size_t i = 0; i < g->nnodes; i++) {
    int64_t m = abs64(graph_flat(g, g->nodes[i]));
    if (m == 0) m = abs64(graph_cum(g, g->nodes[i]));
    if (m > 0 && (minv == 0 || m < minv)) minv = m;
  }
  report_select_unit_range(r, minv, r->total);
}

void report_select_unit_range(report *r, int64_t minv, int64_t maxv) {
  if (strcmp(r->output_unit, "minimum")) return;
  if (minv == 0) minv = maxv;
  if (r->ratio > 0 && r->ratio != 1) {
    minv = f2i((double)minv * r->ratio);
    maxv = f2i((double)maxv * r->ratio);
  }
  const char *minu, *maxu, *unit;
  units_scale(minv, r->sample_unit, "minimum", &minu);
  units_scale(maxv, r->sample_unit, "minimum", &maxu);
  unit = minu;
  if (strcmp(minu, maxu) && i64_mul(minv, 100) < maxv && r->kind != RK_CALLGRIND)
    units_scale(i64_mul(100, minv), r->sample_unit, "minimum", &unit);
  free(r->output_unit);
  r->output_unit = xstrdup(*unit ? unit : r->sample_unit);
}

/* ---- top ---- */

bool report_gen_text(report *r, char **err) {
  (void)err;
  size_t orig, dn, de;
  report_trimmed_graph(r, false, NULL, NULL, &orig, &dn, &de);
  report_select_unit(r);
  report_labels(r, orig, dn, 0, false);
  graph *g = &r->g;
  r->top = xcalloc(g->nnodes + 1, sizeof *r->top);
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    bool inl = false, noinl = false;
    for (uint32_t k = 0; k < g->in_n[n]; k++) {
      if (g->edges[g->in_e[g->in_off[n] + k]].inline_)
        inl = true;
      else
        noinl = true;
    }
    r->top[r->ntop++] = (top_row){n, nodemap_name(r->g.nm, n), inl ? (noinl ? "(partial-inline)" : "(inline)") : "",
                                  graph_flat(g, n), graph_cum(g, n)};
  }
  return true;
}

/* ---- tree / peek ---- */

static bool gen_tree(report *r, char **err);

bool report_gen_tree(report *r, char **err) {
  /* peek prints only the matched nodes' edges: build no others */
  bool *match = NULL;
  if (r->symbol) {
    match = xcalloc(r->nmp->n + 1, 1);
    for (size_t i = 0; i < r->nmp->n; i++) match[i] = regex_match(r->symbol, nodemap_name(r->nmp, (uint32_t)i));
    r->edge_nodes = match;
  }
  bool ok = gen_tree(r, err);
  r->edge_nodes = NULL;
  free(match);
  return ok;
}

static bool gen_tree(report *r, char **err) {
  size_t orig, dn, de;
  report_trimmed_graph(r, false, NULL, NULL, &orig, &dn, &de);
  report_select_unit(r);
  report_labels(r, orig, dn, 0, false);
  graph *g = &r->g;
  tregex *rx = r->symbol;
  /* peek: the matched nodes (r->edge_nodes), sorted as the graph's nodes
   * are (report_trimmed_graph may have left those unsorted) */
  uint32_t *nodes = g->nodes;
  size_t nnodes = g->nnodes, matched = 0;
  if (rx) {
    nodes = xmalloc((g->nnodes + 1) * sizeof *nodes);
    nnodes = 0;
    for (size_t i = 0; i < g->nnodes; i++)
      if (r->edge_nodes[g->nodes[i]]) nodes[nnodes++] = g->nodes[i];
    graph_sort_list(g, nodes, nnodes, text_order(r));
  }
  r->tree = xcalloc(nnodes + 1, sizeof *r->tree);
  for (size_t i = 0; i < nnodes; i++) {
    uint32_t n = nodes[i];
    const char *name = nodemap_name(r->g.nm, n);
    matched++;
    tree_entry *t = &r->tree[r->ntree++];
    t->node = n, t->name = name, t->flat = graph_flat(g, n), t->cum = graph_cum(g, n);
    size_t k;
    uint32_t *es = graph_sorted_edges(g, n, true, &k);
    t->in = xcalloc(k + 1, sizeof *t->in);
    for (size_t j = 0; j < k; j++) {
      const edge *e = &g->edges[es[j]];
      t->in[t->nin++] = (tree_edge){e->src, nodemap_name(r->g.nm, e->src), e->weight, e->inline_};
    }
    free(es);
    es = graph_sorted_edges(g, n, false, &k);
    t->out = xcalloc(k + 1, sizeof *t->out);
    for (size_t j = 0; j < k; j++) {
      const edge *e = &g->edges[es[j]];
      t->out[t->nout++] = (tree_edge){e->dst, nodemap_name(r->g.nm, e->dst), e->weight, e->inline_};
    }
    free(es);
  }
  if (nodes != g->nodes) free(nodes);
  if (rx && matched == 0) {
    *err = xasprintf("no matches found for regexp: %s", regex_pattern(rx));
    return false;
  }
  return true;
}

/* ---- the pipeline ---- */

struct tregex *report_symbol(report *r) { return r->symbol; }

/* pprof's generateReport overrides, from the command's entry. */
static void apply_overrides(const command_def *cmd, config *c) {
  if (cmd->granularity) free(c->granularity), c->granularity = xstrdup(cmd->granularity);
  if (cmd->inlines != INL_OPTION) c->noinlines = cmd->inlines == INL_MERGE;
  if (c->nodecount == -1) c->nodecount = cmd->flags & CMD_ALL_NODES ? 0 : 80;
  if (!c->trim || (cmd->flags & CMD_UNTRIMMED)) {
    c->nodecount = 0;
    c->nodefraction = 0;
    c->edgefraction = 0;
  }
}

static void add_filter(report *r, const char *k, const char *v) {
  if (!v || !*v) return;
  r->filters = xreallocarray(r->filters, r->nfilters + 1, sizeof *r->filters);
  r->filters[r->nfilters++] = xasprintf("%s=%s", k, v);
}

/* ---- the cache of views across commands (interactive sessions) ---- */

#define CACHE_ENTRIES 4
/* A node map shared by the cached views with the same location tables. It
 * holds a reference to the view it was built from (what the map's names
 * borrow stays alive while any entry uses the map). */
typedef struct shared_nm {
  nodemap nm;
  profile *src;
  char *trim_path, *source_path; /* the map's options besides its slot's */
  int refs;
} shared_nm;

static void nm_release(shared_nm *s) {
  if (s && __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0) {
    nodemap_free(&s->nm);
    profile_unref(s->src);
    free(s->trim_path), free(s->source_path);
    free(s);
  }
}

typedef struct view_entry {
  char *key, *focus_key; /* the view's; its focus stage's (the key but granularity and noinlines) */
  profile *pre, *foc, *view; /* after tag roots; after focus (shared by the entries of one focus_key);
                              * after granularity */
  char *msgs_pre, *msgs_focus;
  struct shared_nm *nm[4]; /* by nodemap options: obj_names * 2 + trim_files */
  int64_t *totals;       /* report_total of pre and view, by sample type and mean (entry_total) */
  bool *has_total;
  graph_weights gw[4];   /* the first pass, every sample type, by node map */
  bool has_gw[4];
  uint64_t used;
  int refs;              /* the cache's and each live report's (atomic: reports die on the UI thread) */
  /* the key of the view without the filters that only drop samples
   * (focus, ignore, tagfocus, tagignore), when this view differs from it by
   * those alone (base_key); NULL otherwise. Looked up in the cache when
   * needed: an entry holds no other entry alive. */
  char *base_key;
  /* The samples foc's focus and ignore keep, when their copy is still to
   * be made (view_apply_focus_deferred): foc and view have every sample of
   * pre until entry_settle. A first pass by difference reads the mask. */
  bool *keep;
  struct settle_job *job; /* the kept samples' copy, made on a thread meanwhile (settle_start) */
} view_entry;

struct report_cache {
  view_entry *e[CACHE_ENTRIES];
  uint64_t clock;
  profile *prof;       /* the profile the entries are views of (a reference: see profile.serial) */
  uint64_t serial;
  const atomic_bool *cancel;
  tl_memo *timeline;   /* each snapshot's top rows, across profiles (report_timeline.c) */
  size_t differences;  /* first passes made by weights_by_difference (tests) */
  need_memo memo;      /* the samples the last need pass found (a drill-down's list, for its peek) */
};

size_t report_cache_differences(const report_cache *c) { return c->differences; }

size_t report_cache_memo_reuses(const report_cache *c) { return c->memo.reused; }

need_memo *report_need_memo(report *r) { return r->cache ? &r->cache->memo : NULL; }

tl_memo **report_cache_timeline(report_cache *c) { return &c->timeline; }

report_cache *report_cache_new(void) { return xcalloc(1, sizeof(report_cache)); }

void report_cache_set_cancel(report_cache *c, const atomic_bool *cancel) { c->cancel = cancel; }

/* A top whose first pass came by difference leaves the focus's kept
 * samples uncopied (on the large benchmark: 30 MB of fresh memory): the
 * copy starts on a thread of its own when that report is made
 * (not before: on a busy machine it slowed the pass by difference down as
 * much as it saved), so it runs while the report is printed and read, and
 * the report after it finds it made, or part made. It goes by chunks
 * (view_kept_fill) that entry_settle's thread takes too, so whoever needs
 * the samples never waits for more than a chunk on a thread the machine
 * has not run. It only reads foc (every sample of its base until then)
 * and the mask. */
typedef struct settle_job {
  const profile *v;
  const bool *keep;
  kept_samples ks;
  size_t *at, nchunks;
  atomic_size_t next; /* the next chunk to copy */
  pthread_t th;
  bool started;
} settle_job;

static void settle_fill(settle_job *j) {
  for (size_t c; (c = atomic_fetch_add(&j->next, 1)) < j->nchunks;) view_kept_fill(j->v, j->keep, j->at, c, &j->ks);
}

static void *settle_run(void *arg) {
#ifdef __linux__
  /* behind the report being made (a nice value is a thread's own here):
   * on a busy machine the copy takes what the top by difference leaves,
   * and whoever settles takes the rest at its own priority */
  (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
  settle_fill(arg);
  return NULL;
}

static void settle_start(view_entry *e, const core_env *env) {
  if (!e || !e->keep || e->job || core_env_threads(env, e->foc->nsamples) < 2) return; /* small, or no threads: at settle */
  settle_job *j = xcalloc(1, sizeof *j);
  j->v = e->foc, j->keep = e->keep;
  j->nchunks = view_kept_alloc(e->foc, e->keep, &j->ks, &j->at);
  if (!j->nchunks) { /* keeps every sample: nothing to copy */
    free(j);
    return;
  }
  atomic_init(&j->next, 0);
  j->started = pthread_create(&j->th, NULL, settle_run, j) == 0;
  e->job = j;
}

/* Finish the entry's copy (helping with what is left, or, with help
 * false, leaving it) and wait for its thread; false when there was none. */
static bool settle_join(view_entry *e, bool help) {
  settle_job *j = e->job;
  if (!j) return false;
  if (help) settle_fill(j);
  else atomic_store(&j->next, j->nchunks);
  if (j->started) pthread_join(j->th, NULL);
  free(j->at);
  return true;
}

/* Drop one reference; the last one frees the entry. */
static void entry_release(view_entry *e) {
  if (!e || __atomic_sub_fetch(&e->refs, 1, __ATOMIC_ACQ_REL) > 0) return;
  for (int i = 0; i < 4; i++) {
    nm_release(e->nm[i]);
    if (e->has_gw[i]) graph_weights_free(&e->gw[i]);
  }
  if (settle_join(e, false)) view_kept_free(&e->job->ks), free(e->job);
  free(e->totals), free(e->has_total), free(e->keep);
  profile_free(e->view);
  profile_free(e->foc);
  profile_free(e->pre);
  free(e->key), free(e->focus_key), free(e->base_key), free(e->msgs_pre), free(e->msgs_focus);
  free(e);
}

static void report_cache_clear(report_cache *c) {
  if (!c) return;
  need_memo_clear(&c->memo);
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    entry_release(c->e[i]);
    c->e[i] = NULL;
  }
}

void report_cache_free(report_cache *c) {
  report_cache_clear(c);
  if (c) profile_unref(c->prof), tl_memo_free(c->timeline);
  free(c);
}

/* What determines a view (after the command's overrides): the options
 * flagged OPTF_VIEW (filters, tag roots, granularity, noinlines, the unit
 * of tag roots' labels, the paths that name files). */
char *report_view_key(const config *c) {
  strbuf sb = STRBUF_INIT, v = STRBUF_INIT;
  for (size_t i = 0; i < option_count; i++) {
    if (!(option_table[i].flags & OPTF_VIEW)) continue;
    sb_reset(&v);
    config_get(c, &option_table[i], &v);
    sb_printf(&sb, "%zu:%s|", v.len, sb_str(&v));
  }
  sb_free(&v);
  return sb_steal(&sb);
}

/* The key of cfg's focus stage: its view key with the options of the
 * aggregation after it (granularity, noinlines) left out. */
static char *focus_key(const config *cfg) {
  config f;
  config_copy(&f, cfg);
  free(f.granularity), f.granularity = xstrdup("");
  f.noinlines = false;
  char *key = report_view_key(&f);
  config_free(&f);
  return key;
}

/* The view key of cfg without its filters that only drop samples, when
 * cfg's view differs from that one by those alone: no filter that rewrites
 * stacks or tables (hide, show, show_from, prune_from, mycode); tag roots
 * give each entry stacks of its own, which weights_by_difference sees.
 * NULL otherwise. */
static char *base_key(const config *cfg) {
  if (!*cfg->focus && !*cfg->ignore && !*cfg->tagfocus && !*cfg->tagignore) return NULL;
  if (*cfg->hide || *cfg->show || *cfg->show_from || *cfg->prune_from || cfg->mycode) return NULL;
  config b;
  config_copy(&b, cfg);
  char **drops[] = {&b.focus, &b.ignore, &b.tagfocus, &b.tagignore};
  for (size_t i = 0; i < sizeof drops / sizeof *drops; i++) free(*drops[i]), *drops[i] = xstrdup("");
  char *key = report_view_key(&b);
  config_free(&b);
  return key;
}

/* The cached entry of e's base view (base_key), or NULL. Borrowed: used
 * at once, on the thread that runs reports (the only one that evicts). */
static view_entry *find_base(report_cache *c, const view_entry *e) {
  for (int i = 0; c && e->base_key && i < CACHE_ENTRIES; i++)
    if (c->e[i] && c->e[i] != e && !strcmp(c->e[i]->key, e->base_key)) return c->e[i];
  return NULL;
}

/* Whether a and b have the same tables (the same arrays). */
static bool same_input_tables(const profile *a, const profile *b) {
  return a->mappings == b->mappings && a->nmappings == b->nmappings && a->functions == b->functions &&
         a->nfunctions == b->nfunctions && a->locations == b->locations && a->nlocations == b->nlocations &&
         a->lines == b->lines && a->nlines == b->nlines;
}

/* Drop the samples e's focus left in its views (the deferred mask):
 * before anything reads them. */
static void entry_settle(view_entry *e) {
  if (!e || !e->keep) return;
  if (settle_join(e, true)) {
    view_kept_install(e->foc, &e->job->ks);
    free(e->job), e->job = NULL;
  } else {
    view_keep_samples(e->foc, e->keep);
  }
  view_borrow_samples(e->view, e->foc);
  free(e->keep), e->keep = NULL;
}

/* Build (or find) the view for cfg; the caller holds a reference to the
 * entry. On a focus error *err is set (the entry, with the messages so far,
 * is not cached); the caller reports them in pprof's order. */
static view_entry *get_view(const profile *prof, report_cache *c, const config *cfg, const numlabel_units *nlu,
                            char **err) {
  char *key = report_view_key(cfg);
  if (c && (c->prof != prof || c->serial != prof->serial)) { /* another profile: start over */
    report_cache_clear(c);
    profile *old = c->prof;
    c->prof = profile_ref(prof);
    profile_unref(old);
    c->serial = prof->serial;
  }
  if (c)
    for (int i = 0; i < CACHE_ENTRIES; i++)
      if (c->e[i] && !strcmp(c->e[i]->key, key)) {
        free(key);
        c->e[i]->used = ++c->clock;
        __atomic_add_fetch(&c->e[i]->refs, 1, __ATOMIC_RELAXED);
        return c->e[i];
      }
  view_entry *e = xcalloc(1, sizeof *e);
  e->refs = 1;
  e->key = key;
  e->focus_key = focus_key(cfg);
  /* The samples a focus keeps do not depend on granularity (view_aggregate
   * rewrites the tables only): a view of the same filters at another
   * granularity (top's functions, then list's lines) starts from the
   * focused view another entry made, with its messages. */
  view_entry *same = NULL;
  for (int i = 0; c && i < CACHE_ENTRIES && !same; i++)
    if (c->e[i] && !strcmp(c->e[i]->focus_key, e->focus_key)) same = c->e[i];
  bool ok = true;
  if (same) {
    entry_settle(same); /* its foc is shared from now on: settled, for both */
    e->pre = profile_ref(same->pre), e->foc = profile_ref(same->foc);
    e->msgs_pre = xstrdup(same->msgs_pre), e->msgs_focus = xstrdup(same->msgs_focus);
  } else {
    strbuf m = STRBUF_INIT;
    e->pre = view_new(prof);
    view_tag_roots_leaves(e->pre, cfg, &m);
    e->msgs_pre = sb_steal(&m);
    e->foc = view_new(e->pre);
    ok = view_apply_focus_deferred(e->foc, cfg, nlu, &m, err, &e->keep);
    e->msgs_focus = sb_steal(&m);
  }
  e->view = view_new(e->foc);
  if (!c) entry_settle(e); /* no cache: nothing to gain */
  e->base_key = c ? base_key(cfg) : NULL;
  view_entry *b = ok ? find_base(c, e) : NULL;
  /* the base aggregated the same tables alike (focus and its like leave
   * tables alone): use its, not a copy made equal (and the node map built
   * over them is shared at the cost of a pointer compare) */
  if (b && same_input_tables(e->foc, b->foc))
    view_share_tables(e->view, b->view);
  else if (ok)
    ok = view_aggregate(e->view, cfg->granularity, cfg->noinlines, err);
  if (!ok || !c) return e;
  int victim = 0;
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    if (!c->e[i]) {
      victim = i;
      break;
    }
    if (c->e[i]->used < c->e[victim]->used) victim = i;
  }
  entry_release(c->e[victim]); /* reports still using it keep it alive */
  c->e[victim] = e;
  __atomic_add_fetch(&e->refs, 1, __ATOMIC_RELAXED);
  e->used = ++c->clock;
  return e;
}

static bool same_array(const void *a, const void *b, size_t n, size_t size) {
  return a == b || !n || !memcmp(a, b, n * size);
}

/* report_total of the entry's view (filtered) or pre view, computed once
 * per sample type and mean: a pass over every sample's values and labels
 * (10-30 ms on large) that every report needs. */
/* The total another cached entry has computed for the very same samples
 * (values and labels: a focus's unfiltered pre view, a granularity change)
 * when there is one. */
static bool total_cached(const report_cache *c, const view_entry *e, const profile *p, bool mean, int idx,
                         int64_t *out) {
  for (int i = 0; c && i < CACHE_ENTRIES; i++) {
    const view_entry *o = c->e[i];
    if (!o || o == e || !o->totals) continue;
    for (int f = 0; f < 2; f++) {
      if (f && o->keep) continue; /* its view's samples are pre's until settled */
      const profile *q = f ? o->view : o->pre;
      size_t k = ((size_t)f * 2 + mean) * q->nsample_type + (size_t)idx;
      if (q->values == p->values && q->value_idx == p->value_idx && q->sample_labels == p->sample_labels && q->nsamples == p->nsamples &&
          q->labels == p->labels && q->labelsets == p->labelsets && q->nsample_type == p->nsample_type &&
          o->has_total[k]) {
        *out = o->totals[k];
        return true;
      }
    }
  }
  return false;
}

static int64_t entry_total(const report_cache *c, view_entry *e, bool filtered, int idx, bool mean) {
  const profile *p = filtered ? e->view : e->pre;
  size_t nt = p->nsample_type;
  if (!e->totals) e->totals = xcalloc(4 * nt, sizeof *e->totals), e->has_total = xcalloc(4 * nt, 1);
  size_t k = ((size_t)filtered * 2 + mean) * nt + (size_t)idx;
  if (!e->has_total[k]) {
    if (!total_cached(c, e, p, mean, idx, &e->totals[k])) e->totals[k] = report_total(p, idx, mean);
    e->has_total[k] = true;
  }
  return e->totals[k];
}

/* Views with equal location tables have the same nodes: share the map
 * instead of rebuilding it. A focus only drops samples, and view_aggregate
 * rewrites a copy of the tables the same way for every view of one base,
 * so a focused view's tables equal the unfiltered view's in content (other
 * arrays: compared, a few ms on the largest profiles, against ~50-140 ms
 * for a map). Strings are interned in the profile's table: equal pointers. */
static bool same_tables(const profile *a, const profile *b) {
  return a->nlocations == b->nlocations && a->nlines == b->nlines && a->nfunctions == b->nfunctions &&
         a->nmappings == b->nmappings && same_array(a->locations, b->locations, a->nlocations, sizeof *a->locations) &&
         same_array(a->lines, b->lines, a->nlines, sizeof *a->lines) &&
         same_array(a->functions, b->functions, a->nfunctions, sizeof *a->functions) &&
         same_array(a->mappings, b->mappings, a->nmappings, sizeof *a->mappings) &&
         profile_strings(a) == profile_strings(b);
}

static nodemap *entry_nodemap(report_cache *c, view_entry *e, const config *cfg, bool obj_names, bool trim_files) {
  int i = (obj_names ? 2 : 0) + (trim_files ? 1 : 0);
  if (!e->nm[i] && c)
    for (int k = 0; k < CACHE_ENTRIES; k++) {
      view_entry *o = c->e[k];
      if (!o || o == e || !o->nm[i] || strcmp(o->nm[i]->trim_path, cfg->trim_path) ||
          strcmp(o->nm[i]->source_path, cfg->source_path) || !same_tables(o->view, e->view))
        continue;
      e->nm[i] = o->nm[i];
      __atomic_add_fetch(&e->nm[i]->refs, 1, __ATOMIC_RELAXED);
      break;
    }
  if (!e->nm[i]) {
    nodemap_opts no = {obj_names, cfg->trim_path, cfg->source_path, trim_files};
    e->nm[i] = xcalloc(1, sizeof *e->nm[i]);
    e->nm[i]->refs = 1;
    e->nm[i]->src = profile_ref(e->view);
    e->nm[i]->trim_path = xstrdup(cfg->trim_path), e->nm[i]->source_path = xstrdup(cfg->source_path);
    nodemap_build(&e->nm[i]->nm, e->view, &no);
  }
  return &e->nm[i]->nm;
}

/* Which of the entry's node maps nm is (0..3). */
static int nm_slot(const view_entry *e, const nodemap *nm) {
  for (int i = 0; i < 4; i++)
    if (e->nm[i] && &e->nm[i]->nm == nm) return i;
  return -1;
}

/* ---- the pipeline ---- */

static void emit(strbuf *msgs, const char *s) {
  if (s) sb_adds(msgs, s);
}

report *report_run(const profile *prof, const command_def *cmd, const char *arg, const config *cfg_in, strbuf *msgs,
                   char **err) {
  return report_run_cached(prof, NULL, cmd, arg, cfg_in, msgs, err);
}

report *report_run_cached(const profile *prof, report_cache *cache, const command_def *cmd, const char *arg,
                          const config *cfg_in, strbuf *msgs, char **err) {
  report *r = xcalloc(1, sizeof *r);
  r->kind = cmd->kind;
  r->cmd = cmd;
  r->prof = profile_ref(prof);
  r->cancel = cache ? cache->cancel : NULL;
  r->cache = cache;
  config_copy(&r->cfg, cfg_in);
  config *cfg = &r->cfg;
  apply_overrides(cmd, cfg);
  numlabel_units *nlu = &r->nlu;
  profile_numlabel_units(prof, nlu);
  for (size_t i = 0; i < nlu->nwarnings; i++) sb_printf(msgs, "%s\n", nlu->warnings[i]);
  char *ferr = NULL;
  view_entry *e = get_view(prof, cache, cfg, nlu, &ferr);
  r->entry = e;
  emit(msgs, e->msgs_pre);
  bool relative = cfg->relative_percentages;
  /* top's first pass can come by difference, from the mask (report_first_pass
   * settles when it cannot); every other report reads the samples */
  if (r->kind != RK_TEXT || relative) entry_settle(e);
  if (relative) {
    emit(msgs, e->msgs_focus);
    if (ferr) {
      *err = ferr;
      goto fail;
    }
  }
  if (prof->nsample_type == 0) {
    *err = xstrdup("profile has no samples");
    goto fail;
  }
  int idx = profile_sample_index(prof, cfg->sample_index, err);
  if (idx < 0) goto fail;
  const profile *pv = e->pre;
  r->sample_index = idx;
  r->mean = cfg->mean;
  r->sample_unit = pv->sample_type[idx].unit;
  r->sample_type = pv->sample_type[idx].type;
  if (cfg->mean) {
    char *t = xasprintf("mean_%s", pv->sample_type[idx].type);
    r->sample_type = intern_s(profile_strings(pv), t);
    free(t);
  }
  if (cfg->divide_by == 0) {
    *err = xstrdup("zero divisor specified");
    goto fail;
  }
  r->ratio = 1 / cfg->divide_by;
  add_filter(r, "focus", cfg->focus);
  add_filter(r, "ignore", cfg->ignore);
  add_filter(r, "hide", cfg->hide);
  add_filter(r, "show", cfg->show);
  add_filter(r, "show_from", cfg->show_from);
  add_filter(r, "tagfocus", cfg->tagfocus);
  add_filter(r, "tagignore", cfg->tagignore);
  add_filter(r, "tagshow", cfg->tagshow);
  add_filter(r, "taghide", cfg->taghide);
  if (cfg->mycode) {
    char *m = mycode_module(prof, cfg);
    add_filter(r, "mycode", m ? m : "on");
    free(m);
  }
  r->output_unit = xstrdup(cfg->unit);
  if (pv->nmappings > 0 && *pv->mappings[0].file) r->title = path_base(pv->mappings[0].file);
  if (arg) {
    char *ee = NULL;
    r->symbol = regex_compile_env(arg, r->cfg.env, &ee);
    if (!r->symbol) {
      *err = xasprintf("parsing argument regexp %s: %s", arg, ee);
      free(ee);
      goto fail;
    }
  }
  if (!relative) {
    emit(msgs, e->msgs_focus);
    if (ferr) {
      *err = ferr;
      goto fail;
    }
  }
  r->total = entry_total(cache, e, relative, idx, r->mean);
  r->call_tree = cfg->call_tree && (r->kind == RK_DOT || r->kind == RK_GRAPH || r->kind == RK_CALLGRIND);
  bool obj_names = r->kind == RK_RAW || r->kind == RK_LIST || r->kind == RK_WEBLIST || r->kind == RK_DISASM ||
                   r->kind == RK_CALLGRIND;
  r->view = e->view;
  r->view_borrowed = true;
  switch (r->kind) {
  case RK_LIST:
    /* the view's map when its first pass is cached; else list maps only
     * the functions it matches (report_gen_list) */
    if (e->has_gw[(obj_names ? 2 : 0) + 1]) r->nmp = entry_nodemap(cache, e, cfg, obj_names, true);
    break;
  case RK_TEXT: case RK_TREE: case RK_CALLGRIND: case RK_TOPPROTO: case RK_DISASM:
    r->nmp = entry_nodemap(cache, e, cfg, obj_names, true);
    break;
  case RK_TRACES:
  case RK_FLAME:
    r->nmp = entry_nodemap(cache, e, cfg, false, false);
    break;
  case RK_DOT:
  case RK_GRAPH:
    /* dot drops pprof::base from the labels: a private child view */
    r->view = view_new(e->view);
    r->view_borrowed = false;
    view_remove_label(r->view, "pprof::base");
    if (r->view->labels == e->view->labels) { /* no such label: share the node map */
      r->nmp = entry_nodemap(cache, e, cfg, false, true);
    } else {
      nodemap_opts no = {false, cfg->trim_path, cfg->source_path, true};
      nodemap_build(&r->nm, r->view, &no);
      r->nmp = &r->nm;
      r->nm_borrowed = false;
    }
    break;
  default: break;
  }
  if (r->nmp && r->nmp != &r->nm) r->nm = *r->nmp, r->nm_borrowed = true;
  bool ok = true;
  switch (r->kind) {
  case RK_TEXT: ok = report_gen_text(r, err); break;
  case RK_TREE: ok = report_gen_tree(r, err); break;
  case RK_LIST: ok = report_gen_list(r, err); break;
  case RK_TRACES: ok = report_gen_traces(r, err); break;
  case RK_FLAME: ok = report_gen_flame(r, err); break;
  case RK_TAGS: ok = report_gen_tags(r, err); break;
  case RK_RAW: report_raw(r->view, &r->text); break;
  case RK_COMMENTS:
    for (size_t i = 0; i < r->view->ncomments; i++) sb_printf(&r->text, "%s\n", r->view->comments[i]);
    if (r->view->gotext && r->view->gotext->nstats) { /* beyond pprof: a Go heap text profile's MemStats block */
      sb_adds(&r->text, "# runtime.MemStats\n");
      for (size_t i = 0; i < r->view->gotext->nstats; i++)
        sb_printf(&r->text, "# %s = %s\n", r->view->gotext->stats[i].key, r->view->gotext->stats[i].value);
    }
    break;
  case RK_DOT:
  case RK_GRAPH: ok = report_gen_dot(r, err); break;
  case RK_CALLGRIND: ok = report_gen_callgrind(r, err); break;
  case RK_PROTO: ok = report_gen_proto(r, false, err); break;
  case RK_TOPPROTO: ok = report_gen_proto(r, true, err); break;
  case RK_DISASM: ok = report_gen_disasm(r, err); break;
  case RK_WEBLIST: ok = report_gen_weblist(r, err); break;
  case RK_TIMELINE: /* report_timeline: of a series, not of one profile */
  case RK_SESSION:
    *err = xasprintf("%s is not a report", cmd->name);
    ok = false;
    break;
  }
  if (graph_cancelled(r->cancel)) { /* whatever a cut-short pass made the report say */
    if (!ok) free(*err);
    *err = xstrdup("cancelled");
    ok = false;
  }
  if (ok && regex_too_complex(r->symbol)) {
    *err = xasprintf("argument regexp %s: too complex to match (pattern or subjects too large)", regex_pattern(r->symbol));
    ok = false;
  }
  /* a top by difference left the kept samples uncopied: copy them now,
   * while the caller prints it, rather than when the next report needs them */
  if (ok && cache) settle_start(r->entry, cfg->env);
  r->cache = NULL; /* the report may outlive the cache */
  if (!ok) {
    report_free(r);
    return NULL;
  }
  return r;
fail:
  if (ferr && *err != ferr) free(ferr);
  report_free(r);
  return NULL;
}

/* The first pass of entry e (node map slot i) from its base's: the
 * samples e's filters dropped are found by walking both views (e's are a
 * subsequence of the base's), and their weights subtracted. The base is
 * the cached view e's key names (base_key) when it has its first pass over
 * the same node map; else, when the load summed the unfiltered view's
 * weights (graph_weights_from_load), a view of e's samples before its
 * filters with e's tables (a focus as the first command, or after the
 * unfiltered view left the cache). False when there is neither, or when a
 * direct pass is cheaper (fewer samples kept than dropped). */
static bool weights_by_difference(report_cache *c, view_entry *e, int i, const profile *root) {
  if (!e->base_key) return false;
  view_entry *b = find_base(c, e);
  const graph_weights *bw = NULL;
  graph_weights lw = {0};
  profile *tmp = NULL;
  const profile *bv = NULL, *v = e->view;
  size_t kept = v->nsamples;
  if (e->keep) { /* v still has every sample: the mask says which stay */
    kept = 0;
    for (size_t s = 0; s < v->nsamples; s++) kept += e->keep[s];
  }
  if (b && b->has_gw[i] && b->nm[i] == e->nm[i]) {
    bv = b->view, bw = &b->gw[i];
  } else if (kept * 2 >= e->pre->nsamples) {
    tmp = view_new(e->pre);
    view_share_tables(tmp, v);
    if (graph_weights_from_load(&lw, &e->nm[i]->nm, tmp, root)) bv = tmp, bw = &lw;
  }
  bool ok = bv != NULL;
  size_t nt = v->nsample_type, ndrop = 0;
  if (ok && e->keep) {
    /* the dropped samples straight from the mask, when it indexes bv's
     * samples (the unfiltered view borrows the loaded arrays, as e's do);
     * else the samples are copied and found by the walk below */
    if (bv->nsamples == v->nsamples && bv->nsamples <= UINT32_MAX && bv->stack == v->stack &&
        bv->stack_off == v->stack_off && bv->stack_len == v->stack_len && bv->value_idx == v->value_idx &&
        bv->nsample_type == nt && v->nsamples - kept <= kept) {
      ndrop = v->nsamples - kept;
      uint32_t *drop = xmalloc((ndrop + 1) * sizeof *drop);
      size_t k = 0;
      for (size_t s = 0; s < v->nsamples; s++)
        if (!e->keep[s]) drop[k++] = (uint32_t)s;
      graph_weights_minus(&e->gw[i], bw, &e->nm[i]->nm, bv, drop, ndrop), c->differences++;
      free(drop);
      graph_weights_free(&lw);
      profile_free(tmp);
      return true;
    }
    entry_settle(e);
  }
  if (ok && (bv->nsamples > UINT32_MAX || bv->stack != v->stack || bv->nsample_type != nt || v->nsamples > bv->nsamples))
    ok = false;
  if (ok) ndrop = bv->nsamples - v->nsamples;
  if (ok && ndrop > v->nsamples) ok = false;
  uint32_t *drop = ok ? xmalloc((ndrop + 1) * sizeof *drop) : NULL;
  size_t k = 0, j = 0;
  /* Where the base's stacks start only grows (each sample has stack
   * storage of its own, as loaded profiles have), a sample of the view is
   * the base's sample at the same offset: the filters copy samples whole,
   * values included (those that move offsets, prune_from, have no base). */
  for (size_t s = 0; ok && s < bv->nsamples; s++) {
    size_t off = bv->stack_off[s];
    if (s && off <= bv->stack_off[s - 1]) ok = false;
    if (j < v->nsamples && v->stack_off[j] == off && v->stack_len[j] == bv->stack_len[s]) {
      j++;
      continue;
    }
    if (k == ndrop) ok = false; /* not a subsequence */
    else drop[k++] = (uint32_t)s;
  }
  ok = ok && j == v->nsamples && k == ndrop;
  if (ok) graph_weights_minus(&e->gw[i], bw, &e->nm[i]->nm, bv, drop, ndrop), c->differences++;
  free(drop);
  graph_weights_free(&lw);
  profile_free(tmp);
  return ok;
}

/* The slot of the report's node map in its cached view, or -1 (a call
 * tree, a private node map): where its first pass is kept. */
static int first_pass_slot(const report *r) {
  view_entry *e = r->entry;
  if (!e || r->call_tree || !r->nmp || r->nmp == &r->nm) return -1;
  return nm_slot(e, r->nmp);
}

/* The first-pass weights for the report's view and value, when the view has them. */
bool report_cached_weights(report *r, graph *out) {
  int i = first_pass_slot(r);
  view_entry *e = r->entry;
  if (i < 0) return false;
  /* or made from the unfiltered view's, in a pass over the samples the focus dropped */
  if (!e->has_gw[i] && r->cache && weights_by_difference(r->cache, e, i, r->prof)) e->has_gw[i] = true;
  if (!e->has_gw[i]) return false;
  graph_from_weights(out, r->nmp, &e->gw[i], r->sample_index, r->mean, r->cfg.drop_negative);
  return true;
}

/* The first pass for the report's value: from the view's weights of every
 * sample type, made now when it has none (false when it cannot keep them,
 * or the pass was cancelled). */
bool report_first_pass(report *r, graph *out) {
  int i = first_pass_slot(r);
  if (i < 0) return false;
  view_entry *e = r->entry;
  if (report_cached_weights(r, out)) return true;
  entry_settle(e);
  if (!graph_weights_from_load(&e->gw[i], r->nmp, e->view, r->prof)) {
    if (!graph_weights_build(&e->gw[i], r->nmp, e->view, r->cancel, r->cfg.env)) return false;
  }
  e->has_gw[i] = true;
  return report_cached_weights(r, out);
}

const char *report_fn_name(const report *r, uint32_t node) {
  const nodemap *nm = r->g.nm ? r->g.nm : &r->nm;
  if (node < nm->n && nm->info[node].name && *nm->info[node].name) return nm->info[node].name;
  return NULL;
}

void report_free(report *r) {
  if (!r) return;
  if (r->has_graph) graph_free(&r->g);
  if (!r->nm_borrowed) nodemap_free(&r->nm); /* also when built empty (no info, but an index) */
  nodemap_free(&r->tnm);
  for (size_t i = 0; i < r->ntree; i++) free(r->tree[i].in), free(r->tree[i].out);
  free(r->tree);
  free(r->top);
  for (size_t i = 0; i < r->nsnaps; i++) free(r->snaps[i].source);
  free(r->snaps);
  for (size_t i = 0; i < r->ntl; i++) free(r->tl[i].name), free(r->tl[i].fn), free(r->tl[i].v);
  free(r->tl);
  for (size_t i = 0; i < r->nlist; i++) {
    for (size_t k = 0; k < r->list[i].nlines; k++) free(r->list[i].lines[k].text);
    free(r->list[i].lines), free(r->list[i].error);
  }
  free(r->list);
  for (size_t i = 0; i < r->nasm; i++) {
    for (size_t k = 0; k < r->asm_[i].ninsts; k++) free(r->asm_[i].insts[k].text), free(r->asm_[i].insts[k].file), free(r->asm_[i].insts[k].objfn);
    free(r->asm_[i].insts), free(r->asm_[i].name);
  }
  free(r->asm_);
  free(r->traces);
  arena_free(&r->trace_mem);
  for (size_t i = 0; i < r->nlabels; i++) free(r->labels[i]);
  free(r->labels);
  for (size_t i = 0; i < r->nfilters; i++) free(r->filters[i]);
  free(r->filters);
  if (r->flame) {
    flame_free(r->flame);
    free(r->flame);
  }
  sb_free(&r->text);
  free(r->bytes);
  free(r->output_unit), free(r->title);
  regex_free(r->symbol);
  if (!r->view_borrowed) profile_free(r->view);
  entry_release(r->entry);
  profile_unref((profile *)r->prof);
  numlabel_units_free(&r->nlu);
  config_free(&r->cfg);
  free(r);
}
