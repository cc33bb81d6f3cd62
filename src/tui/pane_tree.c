/*
 * pane_tree.c: the callers/callees pane: the entries of a `peek` or `tree`
 * report, each its callers (with the weight of the call and its share of
 * the node's cum), the node itself (cum, and flat), and its callees. Enter
 * on a caller or callee moves there. The /RE filter selects entries by
 * node name.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/units.h"
#include "tui.h"

enum { ROLE_CALLER, ROLE_NODE, ROLE_CALLEE, ROLE_GAP };

#define MAXW(a, b) ((a) > (b) ? (a) : (b))

typedef struct trow {
  uint32_t entry;
  uint16_t role;
  uint32_t edge;
} trow;

static const report_rows *tdat(const pane *p) { return p->data; }
static const trow *trows(const pane *p) { return tdat(p)->rows; }

static void tree_header(const pane *p, WINDOW *w, rect r, const theme *th) {
  char h[160];
  snprintf(h, sizeof h, "%*s %6s   %s", tdat(p)->valw, "cum", "%",
           th->utf8 ? "\xe2\x86\x91 callers  \xe2\x97\x8f node  \xe2\x86\x93 callees" : "^ callers  * node  v callees");
  draw_text(w, r.y, r.x, r.w, h, 0, 0, th->header);
}

static void tree_row(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th) {
  const report *rep = tdat(p)->r;
  const trow *tr = &trows(p)[row];
  if (tr->role == ROLE_GAP) return;
  const tree_entry *e = &rep->tree[tr->entry];
  char v[64], pct[32], f[64], fp[32];
  int x = r.x;
  char *cell, *name;
  attr_t na;
  const char *mark;
  if (tr->role == ROLE_NODE) {
    const char *u = tdat(p)->unit[0];
    cell = xasprintf("%*s %s ", tdat(p)->valw, report_fmt_in(rep, e->cum, u, v), units_pct_buf(pct, e->cum, rep->total));
    draw_put(w, y, &x, &r, cell, base | th->heat[heat_level(e->cum, rep->total)]);
    mark = th->utf8 ? " \xe2\x97\x8f " : " * ";
    const char *fpct = units_pct_buf(fp, e->flat, rep->total);
    while (*fpct == ' ') fpct++;
    name = xasprintf("%s  (flat %s, %s)", e->name, report_fmt_in(rep, e->flat, u, f), fpct);
    if (text_width(name) > r.x + r.w - x - text_width(mark)) { /* no room for the flat: the name first */
      free(name);
      name = xstrdup(e->name);
    }
    na = base | A_BOLD;
  } else {
    const tree_edge *ed = tr->role == ROLE_CALLER ? &e->in[tr->edge] : &e->out[tr->edge];
    cell = xasprintf("%*s %s ", tdat(p)->valw, report_fmt_in(rep, ed->weight, tdat(p)->unit[0], v),
                     units_pct_buf(pct, ed->weight, e->cum));
    draw_put(w, y, &x, &r, cell, base | th->heat[heat_level(ed->weight, rep->total)]);
    mark = tr->role == ROLE_CALLER ? (th->utf8 ? "   \xe2\x86\x91 " : "   ^ ") : (th->utf8 ? "   \xe2\x86\x93 " : "   v ");
    name = xasprintf("%s%s", ed->name, ed->inline_ ? " (inline)" : "");
    na = base;
  }
  free(cell);
  draw_put(w, y, &x, &r, mark, na);
  int room = r.x + r.w - x;
  if (p->hscroll > 0) {
    draw_text(w, y, x, room, name, p->hscroll, 0, na);
  } else {
    char *cut = trunc_middle(name, room, th);
    draw_text(w, y, x, room, cut, 0, 0, na);
    free(cut);
  }
  free(name);
}

static bool tree_matches(const pane *p, size_t row, const tregex *re) {
  return regex_match(re, tdat(p)->r->tree[trows(p)[row].entry].name);
}

static const tree_edge *row_edge(const pane *p, const trow *tr) {
  const tree_entry *e = &tdat(p)->r->tree[tr->entry];
  if (tr->role == ROLE_CALLER) return &e->in[tr->edge];
  if (tr->role == ROLE_CALLEE) return &e->out[tr->edge];
  return NULL;
}

static void tree_id(const pane *p, size_t row, strbuf *id) {
  const trow *tr = &trows(p)[row];
  const tree_edge *ed = row_edge(p, tr);
  sb_printf(id, "%s\x1f%d\x1f%s", tdat(p)->r->tree[tr->entry].name, tr->role, ed ? ed->name : "");
}

static bool tree_target(const pane *p, size_t row, target *t) {
  const report_rows *d = tdat(p);
  const trow *tr = &trows(p)[row];
  if (tr->role == ROLE_GAP) return false;
  const tree_entry *e = &d->r->tree[tr->entry];
  const tree_edge *ed = row_edge(p, tr);
  uint32_t node = ed ? ed->node : e->node;
  t->name = ed ? ed->name : e->name;
  t->fn = report_fn_name(d->r, node);
  if (!t->fn) t->fn = t->name;
  return true;
}

static bool tree_hot(const pane *p, size_t row) { return trows(p)[row].role == ROLE_NODE; }

const pane_ops pane_tree_ops = {
    .name = "tree",
    .header_rows = 1,
    .free_data = report_rows_free,
    .nrows = report_rows_count,
    .draw_header = tree_header,
    .draw_row = tree_row,
    .matches = tree_matches,
    .row_id = tree_id,
    .target = tree_target,
    .hot = tree_hot,
};

static void add(report_rows *d, uint32_t entry, uint16_t role, uint32_t k) {
  trow row = {entry, role, k};
  report_rows_add(d, &row, sizeof row);
}

void pane_tree_set(pane *p, report *r) {
  pane_clear(p, NULL);
  report_rows *d = report_rows_new(r);
  /* the value column in one unit, from its largest value (the nodes' cum
   * bound their edges' weights), and as wide as its widest value (pprof's
   * %10s wastes a narrow pane) */
  int64_t m = 0;
  for (size_t i = 0; i < r->ntree; i++) m = abs_max(m, r->tree[i].cum);
  const char *u = d->unit[0] = report_column_unit(r, m ? m : r->total);
  char v[64];
  d->valw = 3; /* "cum" */
  for (size_t i = 0; i < r->ntree; i++) {
    const tree_entry *e = &r->tree[i];
    int w = (int)strlen(report_fmt_in(r, e->cum, u, v));
    for (size_t k = 0; k < e->nin; k++) w = MAXW(w, (int)strlen(report_fmt_in(r, e->in[k].weight, u, v)));
    for (size_t k = 0; k < e->nout; k++) w = MAXW(w, (int)strlen(report_fmt_in(r, e->out[k].weight, u, v)));
    d->valw = MAXW(d->valw, w);
  }
  for (size_t i = 0; i < r->ntree; i++) {
    const tree_entry *e = &r->tree[i];
    if (i) add(d, (uint32_t)i, ROLE_GAP, 0);
    for (size_t k = 0; k < e->nin; k++) add(d, (uint32_t)i, ROLE_CALLER, (uint32_t)k);
    add(d, (uint32_t)i, ROLE_NODE, 0);
    for (size_t k = 0; k < e->nout; k++) add(d, (uint32_t)i, ROLE_CALLEE, (uint32_t)k);
  }
  p->data = d;
  p->info = report_info(r);
}

bool pane_tree_first_node(const pane *p, size_t *row) {
  if (!p->data) return false;
  for (size_t i = 0; i < report_rows_count(p); i++)
    if (tree_hot(p, i)) {
      *row = i;
      return true;
    }
  return false;
}
