/*
 * report_dot.c: the graph formats: DOT (pprof's graph.ComposeDot, with its
 * tag "nodelets", colours and font sizes) and callgrind. Node tags (label
 * sets and the `bytes` numeric label of heap profiles) are only needed here,
 * so they are computed here, by a second pass over the samples that mirrors
 * graph_build's traversal.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/regex.h"
#include "tprof/report.h"
#include "tprof/units.h"
#include "report_int.h"
#include "tprof/env.h"

static int64_t abs64(int64_t x) { return i64_abs(x); } /* MinInt64 stays negative, as in Go */

/* ---- node tags ---- */

typedef struct tag {
  const char *name;   /* label string, or formatted numeric value */
  const char *labels; /* numeric tags: the label string they belong to */
  const char *unit;
  int64_t value;
  int64_t flat, flat_div, cum, cum_div;
  uint64_t owner; /* while computing: 2 * node + (numeric) */
} tag;

typedef struct node_tags {
  tag *label_tags;
  size_t nlabel, label_cap;
  tag *num_tags;
  size_t nnum, num_cap;
} node_tags;


/* The tag (labels, name) of a node's list, made if new. labels and name are
 * interned, so equal ones are the same pointer. By hash: a node may carry
 * thousands of label sets. */
static tag *find_tag(u64map *tag_index, uint64_t owner, tag **ts, size_t *n, size_t *cap, const char *labels, const char *name,
                     const char *unit, int64_t value) {
  for (uint64_t k = hash64(owner ^ hash64((uintptr_t)labels ^ hash64((uintptr_t)name)));; k++) {
    uint32_t i = u64map_get(tag_index, k);
    if (i == TPROF_NONE) {
      XGROW(*ts, *cap, *n + 1);
      u64map_put(tag_index, k, (uint32_t)*n);
      tag *t = &(*ts)[(*n)++];
      *t = (tag){name, labels, unit, value, 0, 0, 0, 0, owner};
      return t;
    }
    if (i < *n && (*ts)[i].owner == owner && (*ts)[i].labels == labels && (*ts)[i].name == name) return &(*ts)[i];
  }
}

typedef struct set_info {
  const char *labels;     /* joinLabels, interned */
  int64_t *bytes;         /* "bytes" numeric values */
  const char **names;     /* their formatted names, interned */
  const char *unit;       /* their unit (NumLabelUnits["bytes"]) */
  size_t nbytes;
  bool done;
} set_info;

/* The tags of a dot report's nodes (one per node of its node map, or of its
 * call tree). */
typedef struct dot_tags {
  node_tags *tags;
  size_t n;
  u64map index; /* while computing: hash of (owner, labels, name) -> index in the owner's list */
} dot_tags;

static void dot_tags_free(dot_tags *dt) {
  for (size_t i = 0; i < dt->n; i++) free(dt->tags[i].label_tags), free(dt->tags[i].num_tags);
  free(dt->tags);
}

static void add_weight(tag *t, int64_t dw, int64_t w, bool flat) {
  if (flat)
    t->flat_div = i64_add(t->flat_div, dw), t->flat = i64_add(t->flat, w);
  else
    t->cum_div = i64_add(t->cum_div, dw), t->cum = i64_add(t->cum, w);
}

static void add_sample_tags(dot_tags *dt, node_tags *nt, const set_info *si, int64_t dw, int64_t w, bool flat) {
  uint64_t owner = 2 * (uint64_t)(nt - dt->tags);
  if (*si->labels) {
    tag *t = find_tag(&dt->index, owner, &nt->label_tags, &nt->nlabel, &nt->label_cap, si->labels, si->labels, "", 0);
    add_weight(t, dw, w, flat);
  }
  for (size_t i = 0; i < si->nbytes; i++) {
    tag *t = find_tag(&dt->index, owner + 1, &nt->num_tags, &nt->nnum, &nt->num_cap, si->labels, si->names[i], si->unit,
                      si->bytes[i]);
    add_weight(t, dw, w, flat);
  }
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Compute tags for every node of the (possibly kept-filtered) graph. */
static void compute_tags(report *r, const bool *kept, dot_tags *dt) {
  profile *p = r->view;
  nodemap *nm = r->nmp;
  size_t ntags = dt->n = r->call_tree ? r->tnm.n : nm->n;
  node_tags *tags = dt->tags = xcalloc(ntags + 1, sizeof *tags);
  intern *strs = profile_strings(p);
  const char *bytes_key = intern_s(strs, "bytes");
  const char *bytes_unit = numlabel_unit(&r->nlu, "bytes");
  set_info *sets = xcalloc(p->nlabelsets + 1, sizeof *sets);
  size_t *stamp = xcalloc(ntags + 1, sizeof *stamp);
  u64map_init(&dt->index, ntags);
  for (size_t s = 0; s < p->nsamples; s++) {
    const int64_t *v = profile_values(p, s);
    int64_t w = v[r->sample_index], dw = r->mean ? v[0] : 0;
    if (dw == 0 && w == 0) continue;
    uint32_t id = p->sample_labels[s];
    set_info *si = &sets[id];
    if (!si->done) {
      si->done = true;
      const labelset *set = &p->labelsets[id];
      char **parts = xcalloc(set->n + 1, sizeof *parts);
      size_t np = 0;
      for (uint32_t k = 0; k < set->n; k++) {
        const label *l = &p->labels[set->off + k];
        if (l->str) parts[np++] = xasprintf("%s:%s", l->key, l->str);
      }
      qsort(parts, np, sizeof *parts, cmp_cstr);
      strbuf sb = STRBUF_INIT;
      for (size_t k = 0; k < np; k++) {
        if (k) sb_adds(&sb, "\\n");
        sb_adds(&sb, parts[k]);
        free(parts[k]);
      }
      free(parts);
      si->labels = intern_s(strs, sb_str(&sb));
      si->unit = bytes_unit;
      sb_free(&sb);
      for (uint32_t k = 0; k < set->n; k++) {
        const label *l = &p->labels[set->off + k];
        if (l->str || l->key != bytes_key) continue;
        si->bytes = xreallocarray(si->bytes, si->nbytes + 1, sizeof *si->bytes);
        si->names = xreallocarray(si->names, si->nbytes + 1, sizeof *si->names);
        char buf[64];
        si->bytes[si->nbytes] = l->num;
        si->names[si->nbytes] = intern_s(strs, units_label_buf(buf, l->num, bytes_unit, r->cfg.unit));
        si->nbytes++;
      }
    }
    size_t n;
    stk st = profile_stack(p, s, &n);
    uint32_t parent = TPROF_NONE;
    bool residual = false;
    for (size_t i = n; i-- > 0;) {
      uint32_t off = nm->loc_off[stk_at(st, i)], cnt = nm->loc_n[stk_at(st, i)];
      for (uint32_t ni = cnt; ni-- > 0;) {
        uint32_t nd = nm->loc_nodes[off + ni];
        if (r->call_tree) { /* the tree node under parent */
          nd = u64map_get(&r->tnm.index, ((uint64_t)(parent + 1) << 32) | nd);
          if (nd == TPROF_NONE) break;
        }
        if (kept && !kept[nd]) {
          residual = true;
          continue;
        }
        if (stamp[nd] != s + 1) {
          stamp[nd] = s + 1;
          add_sample_tags(dt, &tags[nd], si, dw, w, false);
        }
        parent = nd;
        residual = false;
      }
    }
    if (parent != TPROF_NONE && !residual) add_sample_tags(dt, &tags[parent], si, dw, w, true);
  }
  for (size_t i = 0; i < p->nlabelsets; i++) free(sets[i].bytes), free(sets[i].names);
  free(sets), free(stamp);
  u64map_free(&dt->index);
}

static void trim_tags(dot_tags *dt, int64_t cutoff) {
  for (size_t i = 0; i < dt->n; i++) {
    node_tags *t = &dt->tags[i];
    size_t w = 0;
    for (size_t k = 0; k < t->nlabel; k++)
      if (abs64(t->label_tags[k].flat) >= cutoff || abs64(t->label_tags[k].cum) >= cutoff)
        t->label_tags[w++] = t->label_tags[k];
    t->nlabel = w;
    w = 0;
    for (size_t k = 0; k < t->nnum; k++)
      if (abs64(t->num_tags[k].flat) >= cutoff || abs64(t->num_tags[k].cum) >= cutoff)
        t->num_tags[w++] = t->num_tags[k];
    t->nnum = w;
  }
}

/* report_tags_fn over a dot_tags. */
static size_t count_tags(const void *ctx, uint32_t n) {
  const dot_tags *dt = ctx;
  size_t c = 0;
  if (n >= dt->n) return 0;
  const node_tags *t = &dt->tags[n];
  for (size_t k = 0; k < t->nlabel; k++)
    if (t->label_tags[k].flat != 0) c++;
  for (size_t k = 0; k < t->nnum; k++)
    if (t->num_tags[k].flat != 0) c++;
  return c;
}

/* ---- sorting tags (graph.SortTags) ---- */

static int cmp_tags(const void *pa, const void *pb, void *ctx) {
  const tag *a = pa, *b = pb;
  bool sort_flat = *(const bool *)ctx;
  if (!sort_flat && a->cum != b->cum) {
    if (abs64(a->cum) != abs64(b->cum)) return abs64(a->cum) > abs64(b->cum) ? -1 : 1;
  }
  if (a->flat != b->flat) {
    if (abs64(a->flat) != abs64(b->flat)) return abs64(a->flat) > abs64(b->flat) ? -1 : 1;
  }
  return strcmp(a->name, b->name);
}

static void sort_tags(tag *t, size_t n, bool flat) {
  qsort_r(t, n, sizeof *t, cmp_tags, &flat);
}

/* ---- DOT helpers ---- */

static void escape_dot(strbuf *sb, const char *s) {
  for (; *s; s++) {
    if (*s == '\\')
      sb_adds(sb, "\\\\");
    else if (*s == '"')
      sb_adds(sb, "\\\"");
    else if (*s == '\n')
      sb_adds(sb, "\\l");
    else
      sb_addc(sb, *s);
  }
}

static void dot_color(char out[8], double score, bool bg) {
  const double shift = 0.7;
  double sat = bg ? 0.1 : 1.0, val = bg ? 0.93 : 0.7;
  score = fmax(-1.0, fmin(1.0, score));
  if (fabs(score) < 0.2) sat *= fabs(score) / 0.2;
  if (score > 0.0) score = pow(score, 1.0 - shift);
  if (score < 0.0) score = -pow(-score, 1.0 - shift);
  double r, g, b;
  if (score < 0.0) {
    g = val;
    r = val * (1 + sat * score);
  } else {
    r = val;
    g = val * (1 - sat * score);
  }
  b = val * (1 - sat);
  snprintf(out, 8, "#%02x%02x%02x", (unsigned)(uint8_t)(r * 255.0), (unsigned)(uint8_t)(g * 255.0),
           (unsigned)(uint8_t)(b * 255.0));
}

/* graph.ShortenFunctionName's regexps, compiled for each dot report: the
 * five compiles (with JIT) take about 0.2 ms, little next to the report, and
 * a report's own copies share no match data with another thread's. */
typedef struct shorteners {
  tregex *anon, *gover, *names[3]; /* names: Go's, Java's, C++'s */
} shorteners;

static void shorteners_init(shorteners *sh, const core_env *env) {
  char *e = NULL;
  sh->anon = regex_compile_env("^\\(anonymous namespace\\)::", env, &e);
  sh->gover = regex_compile_env("^(.*?)/v(?:[2-9]|[1-9][0-9]+)([./].*)$", env, &e);
  sh->names[0] = regex_compile_env("^(?:[\\w\\-\\.]+\\/)+(.+)", env, &e);
  sh->names[1] = regex_compile_env(
      "^(?:[a-z]\\w*\\.)*([A-Z][\\w\\$]*\\.(?:<init>|[a-z][\\w\\$]*(?:\\$\\d+)?))(?:(?:\\()|$)", env, &e);
  sh->names[2] =
      regex_compile_env("^(?:[_a-zA-Z]\\w*::)+(_*[A-Z]\\w*::~?[_a-zA-Z]\\w*(?:<.*>)?)", env, &e);
  free(e);
}

static void shorteners_free(shorteners *sh) {
  regex_free(sh->anon), regex_free(sh->gover);
  for (int i = 0; i < 3; i++) regex_free(sh->names[i]);
}

/* graph.ShortenFunctionName. Caller frees. */
static char *shorten(const shorteners *sh, const char *f) {
  size_t ov[16];
  char *s = xstrdup(f);
  if (regex_groups(sh->anon, s, ov, 1) > 0) {
    char *t = xstrdup(s + ov[1]);
    free(s);
    s = t;
  }
  if (regex_groups(sh->gover, s, ov, 3) >= 3) {
    strbuf sb = STRBUF_INIT;
    for (int g = 1; g <= 2; g++)
      if (ov[2 * g] != SIZE_MAX) sb_add(&sb, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    free(s);
    s = sb_steal(&sb);
  }
  for (int i = 0; i < 3; i++) {
    int n = regex_groups(sh->names[i], s, ov, 8);
    if (n >= 2) {
      strbuf sb = STRBUF_INIT;
      for (int g = 1; g < n; g++)
        if (ov[2 * g] != SIZE_MAX) sb_add(&sb, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
      free(s);
      return sb_steal(&sb);
    }
  }
  return s;
}

static void replace_all(strbuf *out, const char *s, const char *from, const char *to) {
  size_t fl = strlen(from);
  for (;;) {
    const char *f = strstr(s, from);
    if (!f) {
      sb_adds(out, s);
      return;
    }
    sb_add(out, s, (size_t)(f - s));
    sb_adds(out, to);
    s = f + fl;
  }
}

static void multiline_name(const shorteners *shs, strbuf *out, const node_info *i) {
  char *sh = shorten(shs, i->name);
  strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT, d = STRBUF_INIT;
  escape_dot(&a, sh);
  replace_all(&b, sb_str(&a), "::", "\\n");
  replace_all(&c, sb_str(&b), "[...]", "[\xe2\x80\xa6]");
  replace_all(&d, sb_str(&c), ".", "\\n");
  char *file = *i->file ? path_base(i->file) : xstrdup("");
  /* NameComponents joined by \n */
  bool any = false;
#define COMP(...)                     \
  do {                                \
    if (any) sb_adds(out, "\\n");     \
    sb_printf(out, __VA_ARGS__);      \
    any = true;                       \
  } while (0)
  if (i->address) COMP("%016" PRIx64, i->address);
  if (d.len) COMP("%s", d.s);
  if (i->lineno)
    COMP("%s:%" PRId64, file, i->lineno);
  else if (*file)
    COMP("%s", file);
  else if (d.len) {
  } else if (*i->objfile) {
    char *bn = path_base(i->objfile);
    COMP("[%s]", bn);
    free(bn);
  } else
    COMP("<unknown>");
#undef COMP
  sb_adds(out, "\\n");
  free(file), free(sh);
  sb_free(&a), sb_free(&b), sb_free(&c), sb_free(&d);
}

static double tag_distance(const tag *t, const tag *u) {
  const char *unit;
  double v = units_scale(u->value, u->unit, t->unit, &unit);
  if (v < (double)t->value) return (double)t->value - v;
  return v - (double)t->value;
}

static int64_t tflat(const tag *t) { return t->flat_div ? i64_div(t->flat, t->flat_div) : t->flat; }
static int64_t tcum(const tag *t) { return t->cum_div ? i64_div(t->cum, t->cum_div) : t->cum; }

/* collapsedTags: at most `count` tags, grouping the rest by value distance. */
static tag *collapsed(tag *ts, size_t n, size_t count, bool flat, size_t *out_n, strbuf *names) {
  sort_tags(ts, n, flat);
  tag *res = xcalloc(n + count + 1, sizeof *res);
  if (n <= count) {
    memcpy(res, ts, n * sizeof *ts);
    *out_n = n;
    return res;
  }
  size_t **groups = xcalloc(count, sizeof *groups), *gn = xcalloc(count, sizeof *gn);
  for (size_t i = 0; i < count; i++) {
    groups[i] = xmalloc(n * sizeof **groups);
    groups[i][gn[i]++] = i;
  }
  for (size_t i = count; i < n; i++) {
    size_t g = 0;
    double d = tag_distance(&ts[i], &ts[groups[0][0]]);
    for (size_t k = 1; k < count; k++) {
      double nd = tag_distance(&ts[i], &ts[groups[k][0]]);
      if (nd < d) g = k, d = nd;
    }
    groups[g][gn[g]++] = i;
  }
  for (size_t k = 0; k < count; k++) {
    tag *t0 = &ts[groups[k][0]];
    char a[64], b[64];
    if (gn[k] == 1) {
      units_label_buf(a, t0->value, t0->unit, "auto");
      sb_reset(&names[k]);
      sb_adds(&names[k], a);
      res[k] = (tag){names[k].s, NULL, "", 0, tflat(t0), 0, tcum(t0), 0, 0};
      continue;
    }
    tag *mn = t0, *mx = t0;
    int64_t df = mn->flat_div, f = mn->flat, dc = mn->cum_div, c = mn->cum;
    for (size_t j = 1; j < gn[k]; j++) {
      tag *t = &ts[groups[k][j]];
      const char *u;
      if (i64_from_double(units_scale(t->value, t->unit, mn->unit, &u)) < mn->value) mn = t;
      if (i64_from_double(units_scale(t->value, t->unit, mx->unit, &u)) > mx->value) mx = t;
      f = i64_add(f, t->flat), df = i64_add(df, t->flat_div), c = i64_add(c, t->cum), dc = i64_add(dc, t->cum_div);
    }
    if (df != 0) f = i64_div(f, df);
    if (dc != 0) c = i64_div(c, dc);
    units_label_buf(a, mn->value, mn->unit, "auto");
    units_label_buf(b, mx->value, mx->unit, "auto");
    sb_reset(&names[k]);
    sb_printf(&names[k], "%s..%s", a, b);
    res[k] = (tag){names[k].s, NULL, "", 0, f, 0, c, 0, 0};
  }
  for (size_t k = 0; k < count; k++) free(groups[k]);
  free(groups), free(gn);
  sort_tags(res, count, flat);
  *out_n = count;
  return res;
}


static void numeric_nodelets(report *r, strbuf *sb, tag *nts, size_t n, bool flat, const char *source) {
  strbuf names[4] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
  size_t k;
  tag *ts = collapsed(nts, n, 4, flat, &k, names);
  for (size_t j = 0; j < k; j++) {
    int64_t w = tcum(&ts[j]);
    const char *attr = " style=\"dotted\"";
    if (flat || tflat(&ts[j]) == tcum(&ts[j])) w = tflat(&ts[j]), attr = "";
    if (w != 0) {
      char wb[64];
      report_fmt(r, w, wb);
      sb_printf(sb, "N%s_%zu [label = \"%s\" id=\"N%s_%zu\" fontsize=8 shape=box3d tooltip=\"%s\"]\n", source, j,
                ts[j].name, source, j, wb);
      sb_printf(sb, "%s -> N%s_%zu [label=\" %s\" weight=100 tooltip=\"%s\" labeltooltip=\"%s\"%s]\n", source, source,
                j, wb, wb, wb, attr);
    }
  }
  for (int i = 0; i < 4; i++) sb_free(&names[i]);
  free(ts);
}

void report_dot_values(const report *r, int64_t flat, int64_t cum, const char *nl, strbuf *lab) {
  char fv[64], cv[64], pct[32];
  report_fmt(r, flat, fv);
  if (flat != 0) {
    units_pct_buf(pct, flat, r->total);
    const char *tp = pct;
    while (*tp == ' ') tp++;
    sb_printf(lab, "%s (%s)", fv, tp);
  } else {
    sb_adds(lab, "0");
  }
  if (cum != flat) {
    sb_adds(lab, flat != 0 ? nl : " ");
    report_fmt(r, cum, cv);
    units_pct_buf(pct, cum, r->total);
    const char *tp = pct;
    while (*tp == ' ') tp++;
    sb_printf(lab, "of %s (%s)", cv, tp);
  }
}

bool report_gen_dot(report *r, char **err) {
  (void)err;
  /* A node's tags do not depend on which other nodes are kept, so one pass
   * serves every rebuild; pprof trims them with the first graph's cutoff. */
  graph g0;
  nodemap t0;
  graph_opts go = {.sample_index = r->sample_index, .mean = r->mean, .drop_negative = r->cfg.drop_negative,
                   .env = r->cfg.env};
  if (r->call_tree) {
    graph_build_tree(&g0, &t0, r->nmp, r->view, &go);
    r->tnm = t0; /* compute_tags walks this tree; the report rebuilds an identical one */
  } else {
    graph_build(&g0, r->nmp, r->view, &go);
  }
  int64_t total = 0;
  for (size_t i = 0; i < g0.nnodes; i++) total = i64_add(total, g0.flat[g0.nodes[i]]);
  graph_free(&g0);
  dot_tags dt = {0};
  compute_tags(r, NULL, &dt);
  if (r->call_tree) nodemap_free(&r->tnm);
  trim_tags(&dt, abs64(i64_from_double((double)total * r->cfg.nodefraction)));
  size_t orig, dn, de;
  report_trimmed_graph(r, true, count_tags, &dt, &orig, &dn, &de);
  graph *g = &r->g;
  report_select_unit(r);
  report_labels(r, orig, dn, de, true);
  strbuf *sb = &r->text;
  sb_printf(sb, "digraph \"%s\" {\n", r->title ? r->title : "unnamed");
  sb_adds(sb, "node [style=filled fillcolor=\"#f8f8f8\"]\n");
  if (r->nlabels) {
    sb_adds(sb, "subgraph cluster_L { \"");
    escape_dot(sb, r->labels[0]);
    sb_adds(sb, "\" [shape=box fontsize=16 label=\"");
    for (size_t i = 0; i < r->nlabels; i++) {
      if (i) sb_adds(sb, "\\l");
      escape_dot(sb, r->labels[i]);
    }
    sb_adds(sb, "\\l\"");
    if (r->title) sb_printf(sb, " tooltip=\"%s\"", r->title);
    sb_adds(sb, "] }\n");
  }
  if (g->nnodes == 0) {
    sb_adds(sb, "}\n");
    dot_tags_free(&dt);
    return true;
  }
  uint32_t *ids = xcalloc(g->nn + 1, sizeof *ids);
  double max_flat = (double)abs64(graph_flat(g, g->nodes[0]));
  for (size_t i = 0; i < g->nnodes; i++) {
    ids[g->nodes[i]] = (uint32_t)(i + 1);
    if ((double)abs64(graph_flat(g, g->nodes[i])) > max_flat) max_flat = (double)abs64(graph_flat(g, g->nodes[i]));
  }
  bool *has_nodelets = xcalloc(g->nn + 1, 1);
  shorteners shs;
  shorteners_init(&shs, r->cfg.env);
  graph_index(g);
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i], id = ids[n];
    int64_t flat = graph_flat(g, n), cum = graph_cum(g, n);
    strbuf lab = STRBUF_INIT;
    multiline_name(&shs, &lab, &g->nm->info[n]);
    report_dot_values(r, flat, cum, "\\n", &lab);
    char cv[64];
    report_fmt(r, cum, cv);
    int font = 8;
    if (max_flat != 0 && flat != 0 && (double)abs64(flat) <= max_flat)
      font += (int)ceil(16.0 * sqrt((double)abs64(flat) / max_flat));
    char c1[8], c2[8];
    double score = (double)cum / (double)abs64(r->total);
    dot_color(c1, score, false);
    dot_color(c2, score, true);
    sb_printf(sb, "N%u [label=\"%s\" id=\"node%u\" fontsize=%d shape=box tooltip=\"", id, lab.s, id, font);
    escape_dot(sb, nodemap_name(g->nm, n));
    sb_printf(sb, " (%s)\" color=\"%s\" fillcolor=\"%s\"]\n", cv, c1, c2);
    sb_free(&lab);
    /* nodelets */
    node_tags *nt = &dt.tags[n];
    bool flat_tags = g->out_n[n] > 0;
    strbuf nl = STRBUF_INIT;
    tag *ts = xmalloc((nt->nlabel + 1) * sizeof *ts);
    if (nt->nlabel) memcpy(ts, nt->label_tags, nt->nlabel * sizeof *ts);
    sort_tags(ts, nt->nlabel, flat_tags);
    size_t nts = nt->nlabel > 4 ? 4 : nt->nlabel;
    for (size_t k = 0; k < nts; k++) {
      int64_t w = flat_tags ? tflat(&ts[k]) : tcum(&ts[k]);
      if (w == 0) continue;
      char wb[64];
      report_fmt(r, w, wb);
      sb_printf(&nl, "N%u_%zu [label = \"%s\" id=\"N%u_%zu\" fontsize=8 shape=box3d tooltip=\"%s\"]\n", id, k,
                ts[k].name, id, k, wb);
      sb_printf(&nl, "N%u -> N%u_%zu [label=\" %s\" weight=100 tooltip=\"%s\" labeltooltip=\"%s\"]\n", id, id, k, wb,
                wb, wb);
      /* numeric tags under this label set */
      tag *sub = xmalloc((nt->nnum + 1) * sizeof *sub);
      size_t ns = 0;
      for (size_t j = 0; j < nt->nnum; j++)
        if (nt->num_tags[j].labels == ts[k].name) sub[ns++] = nt->num_tags[j];
      if (ns) {
        char src[48];
        snprintf(src, sizeof src, "N%u_%zu", id, k);
        numeric_nodelets(r, &nl, sub, ns, flat_tags, src);
      }
      free(sub);
    }
    free(ts);
    tag *sub = xmalloc((nt->nnum + 1) * sizeof *sub);
    size_t ns = 0;
    for (size_t j = 0; j < nt->nnum; j++)
      if (!*nt->num_tags[j].labels) sub[ns++] = nt->num_tags[j];
    if (ns) {
      char src[32];
      snprintf(src, sizeof src, "N%u", id);
      numeric_nodelets(r, &nl, sub, ns, flat_tags, src);
    }
    free(sub);
    sb_add(sb, nl.s ? nl.s : "", nl.len);
    has_nodelets[n] = nl.len > 0;
    sb_free(&nl);
  }
  /* edges: all out-edges of the graph's nodes, pprof's edge order */
  size_t ne = 0;
  uint32_t *es = xmalloc((g->nedges + 1) * sizeof *es);
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    for (uint32_t k = 0; k < g->out_n[n]; k++) es[ne++] = g->out_e[g->out_off[n] + k];
  }
  extern void graph_sort_edge_list(graph * g, uint32_t * es, size_t n);
  graph_sort_edge_list(g, es, ne);
  for (size_t i = 0; i < ne; i++) {
    const edge *e = &g->edges[es[i]];
    char w[64], col[8];
    int64_t wv = edge_weight(e);
    report_fmt(r, wv, w);
    strbuf attr = STRBUF_INIT;
    sb_printf(&attr, "label=\" %s%s\"", w, e->inline_ ? "\\n (inline)" : "");
    if (r->total != 0) {
      int64_t a = abs64(i64_div(i64_mul(wv, 100), r->total));
      int weight = 1 + (int)(a < 100 ? a : 100);
      if (weight > 1) sb_printf(&attr, " weight=%d", weight);
      a = abs64(i64_div(i64_mul(wv, 5), r->total));
      int width = 1 + (int)(a < 5 ? a : 5);
      if (width > 1) sb_printf(&attr, " penwidth=%d", width);
      dot_color(col, (double)wv / (double)abs64(r->total), false);
      sb_printf(&attr, " color=\"%s\"", col);
    }
    strbuf tip = STRBUF_INIT;
    sb_addc(&tip, '"');
    escape_dot(&tip, nodemap_name(g->nm, e->src));
    sb_printf(&tip, " %s ", e->residual ? "..." : "->");
    escape_dot(&tip, nodemap_name(g->nm, e->dst));
    sb_printf(&tip, " (%s)\"", w);
    sb_printf(&attr, " tooltip=%s labeltooltip=%s", tip.s, tip.s);
    if (e->residual) sb_adds(&attr, " style=\"dotted\"");
    if (has_nodelets[e->src]) sb_adds(&attr, " minlen=2");
    sb_printf(sb, "N%u -> N%u [%s]\n", ids[e->src], ids[e->dst], attr.s);
    sb_free(&attr), sb_free(&tip);
  }
  sb_adds(sb, "}\n");
  free(es), free(ids), free(has_nodelets);
  shorteners_free(&shs);
  dot_tags_free(&dt);
  return true;
}

/* ---- callgrind ---- */

/* callgrind's name compression: each distinct name is numbered once. */
typedef struct cg_names {
  const char **names;
  size_t n, cap;
  u64map index; /* hash of the name -> number - 1; equal hashes probe h+1 */
} cg_names;

static void cg_name(strbuf *sb, cg_names *t, const char *name) {
  if (!*name) return;
  for (uint64_t k = hash_bytes(name, strlen(name), 7);; k++) {
    uint32_t i = u64map_get(&t->index, k);
    if (i == TPROF_NONE) {
      XGROW(t->names, t->cap, t->n + 1);
      t->names[t->n] = name;
      u64map_put(&t->index, k, (uint32_t)t->n++);
      sb_printf(sb, "(%zu) %s", t->n, name);
      return;
    }
    if (!strcmp(t->names[i], name)) {
      sb_printf(sb, "(%u)", i + 1);
      return;
    }
  }
}

static void cg_names_free(cg_names *t) {
  free(t->names);
  u64map_free(&t->index);
}

static void cg_address(strbuf *sb, const node_info *prev, uint64_t cur) {
  char abs_[32], rel[32];
  snprintf(abs_, sizeof abs_, "0x%" PRIx64, cur);
  if (!prev) {
    sb_adds(sb, abs_);
    return;
  }
  if (prev->address == cur) {
    sb_addc(sb, '*');
    return;
  }
  int64_t diff = (int64_t)(cur - prev->address);
  snprintf(rel, sizeof rel, "%+" PRId64, diff);
  sb_adds(sb, strlen(rel) < strlen(abs_) ? rel : abs_);
}

bool report_gen_callgrind(report *r, char **err) {
  (void)err;
  r->cfg.nodefraction = r->cfg.edgefraction = 0;
  r->cfg.nodecount = 0;
  size_t orig, dn, de;
  report_trimmed_graph(r, false, NULL, NULL, &orig, &dn, &de);
  report_select_unit(r);
  graph *g = &r->g;
  nodemap *nm = g->nm;
  /* getDisambiguatedNames: nodes grouped by (file, name); within a group each
   * distinct function node numbered in order of first appearance. By hash:
   * comparing every node with every other is quadratic. */
  char **names = xcalloc(g->nn + 1, sizeof *names);
  uint32_t *group = xmalloc((g->nnodes + 1) * sizeof *group), *fidx = xmalloc((g->nnodes + 1) * sizeof *fidx);
  uint32_t *gfirst = xmalloc((g->nnodes + 1) * sizeof *gfirst), *gcount = xcalloc(g->nnodes + 1, sizeof *gcount);
  u64map groups = {0}, fns = {0}; /* (file, name) hash -> group; (group, function) -> its number */
  size_t ngroups = 0;
  for (size_t i = 0; i < g->nnodes; i++) {
    const node_info *ni = &nm->info[g->nodes[i]];
    uint32_t gi = TPROF_NONE;
    uint64_t k = hash64((uintptr_t)ni->file ^ hash64((uintptr_t)ni->name));
    for (;; k++) {
      gi = u64map_get(&groups, k);
      if (gi == TPROF_NONE) {
        gi = (uint32_t)ngroups++;
        gfirst[gi] = g->nodes[i];
        u64map_put(&groups, k, gi);
        break;
      }
      const node_info *gf = &nm->info[gfirst[gi]];
      if (gf->file == ni->file && gf->name == ni->name) break;
    }
    group[i] = gi;
    uint64_t fk = ((uint64_t)gi << 32) | nm->function[g->nodes[i]];
    fidx[i] = u64map_put(&fns, fk, gcount[gi]);
    if (fidx[i] == gcount[gi]) gcount[gi]++;
  }
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    if (gcount[group[i]] > 1)
      names[n] = xasprintf("%s [%u/%u]", nm->info[n].name, fidx[i] + 1, gcount[group[i]]);
    else
      names[n] = xstrdup(nm->info[n].name);
  }
  free(group), free(fidx), free(gfirst), free(gcount);
  u64map_free(&groups), u64map_free(&fns);
  strbuf *sb = &r->text;
  sb_adds(sb, "positions: instr line\n");
  sb_printf(sb, "events: %s(%s)\n", r->sample_type, r->output_unit);
  cg_names obj = {0}, files = {0}, fnames = {0};
  const node_info *prev = NULL;
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    const node_info *ni = &nm->info[n];
    if (!prev || ni->objfile != prev->objfile || ni->file != prev->file || ni->name != prev->name) {
      sb_adds(sb, "\nob=");
      cg_name(sb, &obj, ni->objfile);
      sb_adds(sb, "\nfl=");
      cg_name(sb, &files, ni->file);
      sb_adds(sb, "\nfn=");
      cg_name(sb, &fnames, ni->name);
      sb_addc(sb, '\n');
    }
    const char *u;
    cg_address(sb, prev, ni->address);
    double sv = units_scale(graph_flat(g, n), r->sample_unit, r->output_unit, &u);
    sb_printf(sb, " %" PRId64 " %" PRId64 "\n", ni->lineno, i64_from_double(sv));
    size_t k;
    uint32_t *es = graph_sorted_edges(g, n, false, &k);
    for (size_t j = 0; j < k; j++) {
      const edge *e = &g->edges[es[j]];
      const node_info *ci = &nm->info[e->dst];
      double c = units_scale(e->weight, r->sample_unit, r->output_unit, &u);
      sb_adds(sb, "cfl=");
      cg_name(sb, &files, ci->file);
      sb_adds(sb, "\ncfn=");
      cg_name(sb, &fnames, names[e->dst] ? names[e->dst] : ci->name);
      sb_adds(sb, "\ncalls=0 ");
      cg_address(sb, prev, ci->address);
      sb_printf(sb, " %" PRId64 "\n* * %" PRId64 "\n", ci->lineno, i64_from_double(c));
    }
    free(es);
    prev = ni;
  }
  for (size_t i = 0; i < g->nn; i++) free(names[i]);
  free(names);
  cg_names_free(&obj), cg_names_free(&files), cg_names_free(&fnames);
  return true;
}
