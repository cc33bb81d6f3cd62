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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/gofmt.h"
#include "tprof/regex.h"
#include "tprof/units.h"
#include "tprof/view.h"

static int64_t abs64(int64_t x) { return x < 0 ? -x : x; }

/* Go's int64(float64) for the values pprof converts (saturating instead of UB). */
static int64_t f2i(double d) {
  if (d != d) return INT64_MIN;
  if (d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) return INT64_MIN;
  return (int64_t)d;
}

char *report_fmt(const report *r, int64_t v, char buf[64]) {
  if (r->ratio > 0 && r->ratio != 1) v = f2i((double)v * r->ratio);
  return units_label_buf(buf, v, r->sample_unit, r->output_unit);
}

int64_t report_total(const profile *p, int idx, bool mean) {
  int64_t div = 0, total = 0, ddiv = 0, dtotal = 0;
  size_t nt = p->nsample_type;
  intern *strs = profile_strings(p);
  const char *base_key = intern_s(strs, "pprof::base"), *tru = intern_s(strs, "true");
  for (size_t s = 0; s < p->nsamples; s++) {
    const int64_t *v = p->values + s * nt;
    int64_t x = v[idx], d = mean ? v[0] : 0;
    if (x < 0) x = -x;
    total += x;
    div += d;
    const labelset *set = profile_labels(p, s);
    bool diffbase = false;
    for (uint32_t k = 0; k < set->n; k++)
      if (p->labels[set->off + k].key == base_key && p->labels[set->off + k].str == tru) diffbase = true;
    if (diffbase) dtotal += x, ddiv += d;
  }
  if (dtotal > 0) total = dtotal, div = ddiv;
  return div != 0 ? total / div : total;
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

static void add_label(report *r, char *s) {
  r->labels = xreallocarray(r->labels, r->nlabels + 1, sizeof *r->labels);
  r->labels[r->nlabels++] = s;
}

void report_labels(report *r, size_t orig_count, size_t dropped_nodes, size_t dropped_edges, bool full) {
  graph *g = &r->g;
  size_t node_count = g->nnodes;
  if (full || !r->cfg.compact_labels)
    report_profile_labels(r->view, r->sample_type, r->sample_unit, r->total, r, &r->labels, &r->nlabels);
  int64_t flat_sum = 0;
  for (size_t i = 0; i < g->nnodes; i++) flat_sum += graph_flat(g, g->nodes[i]);
  if (r->nfilters) {
    add_label(r, xstrdup("Active filters:"));
    for (size_t i = 0; i < r->nfilters; i++) {
      const char *s = r->filters[i];
      if (strlen(s) > 80)
        add_label(r, xasprintf("   %.80s\xe2\x80\xa6", s));
      else
        add_label(r, xasprintf("   %s", s));
    }
  }
  char a[64], b[64], pct[32];
  units_pct_buf(pct, flat_sum, r->total);
  const char *tp = pct;
  while (*tp == ' ') tp++;
  add_label(r, xasprintf("Showing nodes accounting for %s, %s of %s total", report_fmt(r, flat_sum, a), tp,
                         report_fmt(r, r->total, b)));
  if (r->total != 0) {
    if (dropped_nodes > 0)
      add_label(r, xasprintf("Dropped %zu %s (cum <= %s)", dropped_nodes, dropped_nodes > 1 ? "nodes" : "node",
                             report_fmt(r, abs64(f2i((double)r->total * r->cfg.nodefraction)), a)));
    if (dropped_edges > 0)
      add_label(r, xasprintf("Dropped %zu %s (freq <= %s)", dropped_edges, dropped_edges > 1 ? "edges" : "edge",
                             report_fmt(r, abs64(f2i((double)r->total * r->cfg.edgefraction)), a)));
    if (node_count > 0 && node_count < orig_count)
      add_label(r, xasprintf("Showing top %zu nodes out of %zu", node_count, orig_count));
  }
  if (full) add_label(r, xstrdup("\nSee https://git.io/JfYMW for how to read the graph"));
}

/* ---- the graph ---- */

static void build(report *r, const bool *kept) {
  if (r->has_graph) graph_free(&r->g);
  graph_opts go = {r->sample_index, r->mean, r->cfg.drop_negative, kept};
  if (r->call_tree) {
    if (r->tnm.info) nodemap_free(&r->tnm);
    graph_build_tree(&r->g, &r->tnm, &r->nm, r->view, &go);
  } else {
    graph_build(&r->g, &r->nm, r->view, &go);
  }
  r->has_graph = true;
}

/* Visual mode (dot): node count including up to 4 tag nodelets each. Set by report_dot.c. */
size_t (*report_visual_tags)(report *r, uint32_t node);

void report_trimmed_graph(report *r, bool visual, size_t *orig_count, size_t *dropped_nodes, size_t *dropped_edges) {
  build(r, NULL);
  graph *g = &r->g;
  int64_t total = 0;
  for (size_t i = 0; i < g->nnodes; i++) total += g->flat[g->nodes[i]];
  int64_t node_cutoff = abs64(f2i((double)total * r->cfg.nodefraction));
  int64_t edge_cutoff = abs64(f2i((double)total * r->cfg.edgefraction));
  *dropped_nodes = *dropped_edges = 0;
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
  *orig_count = g->nnodes;
  node_order order = visual ? ORDER_ENTROPY : !strcmp(r->cfg.sort, "cum") ? ORDER_CUM_NAME : ORDER_FLAT_NAME;
  graph_sort(g, order);
  if (r->cfg.nodecount > 0) {
    graph_trim_edges(g, edge_cutoff);
    size_t max = (size_t)r->cfg.nodecount;
    if ((uint64_t)r->cfg.nodecount > SIZE_MAX / 2) max = SIZE_MAX / 2;
    if (visual && report_visual_tags) {
      size_t count = 0;
      for (size_t i = 0; i < g->nnodes; i++) {
        size_t tags = report_visual_tags(r, g->nodes[i]);
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
  int64_t maxv = r->total;
  if (minv == 0) minv = maxv;
  if (r->ratio > 0 && r->ratio != 1) {
    minv = f2i((double)minv * r->ratio);
    maxv = f2i((double)maxv * r->ratio);
  }
  const char *minu, *maxu, *unit;
  units_scale(minv, r->sample_unit, "minimum", &minu);
  units_scale(maxv, r->sample_unit, "minimum", &maxu);
  unit = minu;
  if (strcmp(minu, maxu) && minv * 100 < maxv && r->kind != RK_CALLGRIND)
    units_scale(100 * minv, r->sample_unit, "minimum", &unit);
  free(r->output_unit);
  r->output_unit = xstrdup(*unit ? unit : r->sample_unit);
}

/* ---- top ---- */

bool report_gen_text(report *r, char **err) {
  (void)err;
  size_t orig, dn, de;
  report_trimmed_graph(r, false, &orig, &dn, &de);
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

bool report_gen_tree(report *r, char **err) {
  size_t orig, dn, de;
  report_trimmed_graph(r, false, &orig, &dn, &de);
  report_select_unit(r);
  report_labels(r, orig, dn, 0, false);
  graph *g = &r->g;
  tregex *rx = r->symbol;
  size_t matched = 0;
  r->tree = xcalloc(g->nnodes + 1, sizeof *r->tree);
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    const char *name = nodemap_name(r->g.nm, n);
    if (rx && !regex_match(rx, name)) continue;
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
  if (rx && matched == 0) {
    *err = xasprintf("no matches found for regexp: %s", regex_pattern(rx));
    return false;
  }
  return true;
}

/* ---- the pipeline ---- */

struct tregex *report_symbol(report *r) { return r->symbol; }

static void apply_overrides(const command_def *cmd, config *c) {
  bool trim = c->trim;
  const char *n = cmd->name;
  if (!strcmp(n, "disasm")) {
    trim = false;
    free(c->granularity), c->granularity = xstrdup("addresses");
    c->noinlines = true;
  } else if (!strcmp(n, "weblist")) {
    trim = false;
    free(c->granularity), c->granularity = xstrdup("addresses");
    c->noinlines = false;
  } else if (!strcmp(n, "peek")) {
    trim = false;
  } else if (!strcmp(n, "list")) {
    trim = false;
    free(c->granularity), c->granularity = xstrdup("lines");
  } else if (!strcmp(n, "text") || !strcmp(n, "top") || !strcmp(n, "topproto")) {
    if (c->nodecount == -1) c->nodecount = 0;
  } else {
    if (c->nodecount == -1) c->nodecount = 80;
  }
  if (cmd->kind == RK_PROTO || cmd->kind == RK_RAW || cmd->kind == RK_CALLGRIND) {
    trim = false;
    free(c->granularity), c->granularity = xstrdup("addresses");
    c->noinlines = false;
  }
  if (!trim) {
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

report *report_run(const profile *prof, const command_def *cmd, const char *arg, const config *cfg_in, strbuf *msgs,
                   char **err) {
  report *r = xcalloc(1, sizeof *r);
  r->kind = cmd->kind;
  r->cmd = cmd;
  config_copy(&r->cfg, cfg_in);
  config *cfg = &r->cfg;
  apply_overrides(cmd, cfg);
  numlabel_units *nlu = &r->nlu;
  profile_numlabel_units(prof, nlu);
  for (size_t i = 0; i < nlu->nwarnings; i++) sb_printf(msgs, "%s\n", nlu->warnings[i]);
  r->view = view_new(prof);
  profile *v = r->view;
  view_tag_roots_leaves(v, cfg, msgs);
  bool relative = cfg->relative_percentages;
  if (relative && !view_apply_focus(v, cfg, nlu, msgs, err)) goto fail;
  if (v->nsample_type == 0) {
    *err = xstrdup("profile has no samples");
    goto fail;
  }
  int idx = profile_sample_index(v, cfg->sample_index, err);
  if (idx < 0) goto fail;
  r->sample_index = idx;
  r->mean = cfg->mean;
  r->sample_unit = v->sample_type[idx].unit;
  r->sample_type = cfg->mean ? intern_s(profile_strings(v), "") : v->sample_type[idx].type;
  if (cfg->mean) {
    char *t = xasprintf("mean_%s", v->sample_type[idx].type);
    r->sample_type = intern_s(profile_strings(v), t);
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
  r->output_unit = xstrdup(cfg->unit);
  if (v->nmappings > 0 && *v->mappings[0].file) r->title = path_base(v->mappings[0].file);
  if (arg) {
    char *e = NULL;
    r->symbol = regex_compile(arg, &e);
    if (!r->symbol) {
      *err = xasprintf("parsing argument regexp %s: %s", arg, e);
      free(e);
      goto fail;
    }
  }
  r->total = report_total(v, idx, r->mean);
  if (!relative && !view_apply_focus(v, cfg, nlu, msgs, err)) goto fail;
  if (!view_aggregate(v, cfg->granularity, cfg->noinlines, err)) goto fail;
  nodemap_opts no = {false, cfg->trim_path, cfg->source_path, true};
  r->call_tree = cfg->call_tree && (r->kind == RK_DOT || r->kind == RK_CALLGRIND);
  if (r->kind == RK_RAW || r->kind == RK_LIST || r->kind == RK_WEBLIST || r->kind == RK_DISASM ||
      r->kind == RK_CALLGRIND)
    no.obj_names = true;
  bool ok = true;
  switch (r->kind) {
  case RK_TEXT:
    nodemap_build(&r->nm, v, &no);
    ok = report_gen_text(r, err);
    break;
  case RK_TREE:
    nodemap_build(&r->nm, v, &no);
    ok = report_gen_tree(r, err);
    break;
  case RK_LIST:
    nodemap_build(&r->nm, v, &no);
    ok = report_gen_list(r, err);
    break;
  case RK_TRACES: ok = report_gen_traces(r, err); break;
  case RK_TAGS: ok = report_gen_tags(r, err); break;
  case RK_RAW: report_raw(v, &r->text); break;
  case RK_COMMENTS:
    for (size_t i = 0; i < v->ncomments; i++) sb_printf(&r->text, "%s\n", v->comments[i]);
    break;
  case RK_DOT:
    view_remove_label(v, "pprof::base");
    nodemap_build(&r->nm, v, &no);
    ok = report_gen_dot(r, err);
    break;
  case RK_CALLGRIND:
    nodemap_build(&r->nm, v, &no);
    ok = report_gen_callgrind(r, err);
    break;
  case RK_PROTO: ok = report_gen_proto(r, false, err); break;
  case RK_TOPPROTO:
    nodemap_build(&r->nm, v, &no);
    ok = report_gen_proto(r, true, err);
    break;
  case RK_DISASM:
  case RK_WEBLIST:
    *err = xasprintf("%s needs the program's binary and is not supported by tprof; use list", cmd->name);
    ok = false;
    break;
  }
  if (!ok) {
    report_free(r);
    return NULL;
  }
  return r;
fail:
  report_free(r);
  return NULL;
}

void report_free(report *r) {
  if (!r) return;
  if (r->has_graph) graph_free(&r->g);
  if (r->nm.info) nodemap_free(&r->nm);
  if (r->tnm.info) nodemap_free(&r->tnm);
  for (size_t i = 0; i < r->ntree; i++) free(r->tree[i].in), free(r->tree[i].out);
  free(r->tree);
  free(r->top);
  for (size_t i = 0; i < r->nlist; i++) {
    for (size_t k = 0; k < r->list[i].nlines; k++) free(r->list[i].lines[k].text);
    free(r->list[i].lines), free(r->list[i].error);
  }
  free(r->list);
  for (size_t i = 0; i < r->ntraces; i++) {
    for (size_t k = 0; k < r->traces[i].nlabels; k++) free(r->traces[i].labels[k]);
    free(r->traces[i].labels), free(r->traces[i].frames);
  }
  free(r->traces);
  for (size_t i = 0; i < r->nlabels; i++) free(r->labels[i]);
  free(r->labels);
  for (size_t i = 0; i < r->nfilters; i++) free(r->filters[i]);
  free(r->filters);
  sb_free(&r->text);
  free(r->bytes);
  free(r->output_unit), free(r->title);
  regex_free(r->symbol);
  profile_free(r->view);
  numlabel_units_free(&r->nlu);
  config_free(&r->cfg);
  free(r);
}
