/*
 * pane_flame.c: the flame graph pane (an icicle: the root on top, callees
 * below). Each level is a line; each node a bar as wide as its share of
 * the samples, heaviest first, coloured by heat. The cursor is a node:
 * Up goes to the caller, Down to the heaviest callee, Left and Right to
 * the neighbours on the same level; Enter drills into it. The /RE filter
 * dims the nodes that do not match.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/flame.h"
#include "tui.h"

typedef struct flame_data {
  report *r; /* owned: the traces the graph was built from */
  flame f;
  uint32_t scroll; /* first level shown */
} flame_data;

static flame_data *fd(const pane *p) { return p->data; }

static void flame_clear(pane *p) {
  flame_data *d = fd(p);
  flame_free(&d->f);
  report_free(d->r);
  free(d);
}

static size_t flame_nrows(const pane *p) { return fd(p)->f.n; }

static bool flame_matches(const pane *p, size_t row, const tregex *re) {
  return row > 0 && regex_match(re, fd(p)->f.nodes[row].name);
}

static void flame_id(const pane *p, size_t row, strbuf *id) {
  const flame *f = &fd(p)->f;
  /* the path from the root: stable when the sample type or a filter changes */
  for (uint32_t n = (uint32_t)row; n != TPROF_NONE && n != 0; n = f->nodes[n].parent)
    sb_printf(id, "%s;", f->nodes[n].name);
}

static bool flame_target(const pane *p, size_t row, target *t) {
  if (row == 0) return false;
  t->fn = t->name = fd(p)->f.nodes[row].name;
  return true;
}

/* Columns of [start, start+value) on a width w for a root of value total. */
static void span(int64_t start, int64_t value, int64_t total, int w, int *x0, int *x1) {
  double s = total ? (double)w / (double)total : 0;
  *x0 = (int)((double)start * s + 0.5);
  *x1 = (int)((double)(start + value) * s + 0.5);
}

static void flame_body(const pane *p, WINDOW *w, rect r, const theme *th, bool active) {
  flame_data *d = fd(p);
  const flame *f = &d->f;
  if (f->n == 0) return;
  size_t cur = 0;
  pane_cursor_row(p, &cur);
  uint32_t cd = f->nodes[cur].depth;
  /* keep the cursor's level on screen */
  if (cd < d->scroll) d->scroll = cd;
  if (cd >= d->scroll + (uint32_t)r.h) d->scroll = cd + 1 - (uint32_t)r.h;
  int64_t total = f->nodes[0].value;
  for (size_t i = 0; i < f->n; i++) {
    const flame_node *n = &f->nodes[i];
    if (n->depth < d->scroll || n->depth >= d->scroll + (uint32_t)r.h) continue;
    int x0, x1;
    span(n->start, n->value, total, r.w, &x0, &x1);
    if (x1 - x0 < 1 && i != cur) continue;
    if (x1 <= x0) x1 = x0 + 1;
    int y = r.y + (int)(n->depth - d->scroll);
    bool marked = !p->filter || i == 0 || regex_match(p->filter, n->name);
    attr_t a = A_REVERSE;
    if (marked) a |= th->heat[heat_level(n->value, total)];
    if (!marked) a = A_DIM;
    if (i == cur) a = active ? (A_BOLD | A_UNDERLINE) : A_UNDERLINE;
    int bw = x1 - x0;
    draw_fill(w, y, r.x + x0, bw, a);
    if (bw > 1) draw_fill(w, y, r.x + x1 - 1, 1, A_NORMAL); /* the gap between bars */
    if (bw > 4) {
      char *cut = trunc_middle(i == 0 ? "all" : n->name, bw - 1, th);
      draw_text(w, y, r.x + x0, bw - 1, cut, 0, 0, a);
      free(cut);
    }
  }
}

/* The node after/before n on its level (by position), or TPROF_NONE. */
static uint32_t neighbour(const flame *f, uint32_t n, int dir) {
  uint32_t best = TPROF_NONE;
  const flame_node *c = &f->nodes[n];
  for (uint32_t i = 0; i < f->n; i++) {
    const flame_node *o = &f->nodes[i];
    if (o->depth != c->depth || i == n) continue;
    bool after = dir > 0 ? o->start > c->start : o->start < c->start;
    if (!after) continue;
    if (best == TPROF_NONE || (dir > 0 ? o->start < f->nodes[best].start : o->start > f->nodes[best].start)) best = i;
  }
  return best;
}

static bool flame_nav(pane *p, tui_action a) {
  const flame *f = &fd(p)->f;
  size_t cur;
  if (!pane_cursor_row(p, &cur)) return false;
  uint32_t to = TPROF_NONE;
  switch (a) {
  case ACT_UP: to = f->nodes[cur].parent; break;
  case ACT_DOWN:
    if (cur + 1 < f->n && f->nodes[cur + 1].parent == cur) to = (uint32_t)cur + 1; /* preorder: heaviest child */
    break;
  case ACT_LEFT: to = neighbour(f, (uint32_t)cur, -1); break;
  case ACT_RIGHT: to = neighbour(f, (uint32_t)cur, 1); break;
  default: return false;
  }
  if (to != TPROF_NONE) pane_cursor_to_row(p, to);
  return true;
}

const pane_ops pane_flame_ops = {
    .name = "flame",
    .header_rows = 0,
    .free_data = flame_clear,
    .nrows = flame_nrows,
    .draw_header = NULL,
    .draw_row = NULL,
    .matches = flame_matches,
    .row_id = flame_id,
    .target = flame_target,
    .hot = NULL,
    .draw_body = flame_body,
    .nav = flame_nav,
};

void pane_flame_set(pane *p, report *r) {
  pane_clear(p, NULL);
  flame_data *d = xcalloc(1, sizeof *d);
  d->r = r;
  flame_build(&d->f, r);
  p->data = d;
  char v[64];
  p->info = xasprintf("%zu stacks, %s total; Up/Down: caller/callee, Left/Right: neighbours", r->ntraces,
                      report_fmt(r, d->f.n ? d->f.nodes[0].value : 0, v));
}
