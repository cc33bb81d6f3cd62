/*
 * pane_flame.c: the flame graph pane. Each level is a line, each frame a
 * bar as wide as its share of the samples (|value| summed, so a diff's
 * losses take room too), heaviest first, its background the heat of its
 * share (green when the frame's net value is negative: what a -diff_base
 * profile lost). Icicle (root on top) by default; M-v flips to a flame
 * (root at the bottom). The cursor is a frame: Up and Down go to the
 * caller and the heaviest callee (as drawn), Left and Right to the
 * neighbours on the level. Enter zooms into the frame (its ancestors stay
 * as full-width strips), Esc or Backspace zooms out a level. M-r shows the
 * caller view of the frame's function (the function at the root, its
 * callers below it, down to the stacks' roots), M-r again the callees.
 * The status line shows the frame's value and its share of the total and
 * of its parent; /RE marks the matching frames and adds their share.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/flame.h"
#include "tui.h"

typedef struct flame_data {
  report *r;       /* owned: the stacks the graph was built from */
  flame full;      /* the callee tree of every stack */
  flame callers;   /* the caller view, when shown (callers.n > 0) */
  uint32_t zoom;   /* the frame shown at full width (0: the root) */
  uint32_t scroll; /* first level shown */
  bool flip;       /* root at the bottom */
  strbuf label;    /* the status line's text */
  const char *unit; /* every frame's value in the root's unit (report_column_unit) */
} flame_data;

static flame_data *fd(const pane *p) { return p->data; }
static const flame *shown(const flame_data *d) { return d->callers.n ? &d->callers : &d->full; }

static void flame_clear(pane *p) {
  flame_data *d = fd(p);
  flame_free(&d->full);
  flame_free(&d->callers);
  report_free(d->r);
  sb_free(&d->label);
  free(d);
}

static size_t flame_nrows(const pane *p) { return shown(fd(p))->n; }

static bool flame_matches(const pane *p, size_t row, const tregex *re) {
  return row > 0 && regex_match(re, shown(fd(p))->nodes[row].name);
}

static void flame_id(const pane *p, size_t row, strbuf *id) {
  const flame *f = shown(fd(p));
  /* the path from the root: stable when the sample type or a filter changes */
  for (uint32_t n = (uint32_t)row; n != TPROF_NONE && n != 0; n = f->nodes[n].parent)
    sb_printf(id, "%s;", f->nodes[n].name);
}

/* flame_id's inverse in one preorder pass: pos[m] is where the part of id
 * matched by the path's first m frames starts (the id is leaf first, so it
 * is matched from its end); a node extends the match when its parent ends
 * it. Linear in the nodes, one comparison each. */
static bool flame_find_id(const pane *p, const char *id, size_t *row) {
  const flame *f = shown(fd(p));
  size_t *pos = xmalloc(((size_t)f->max_depth + 2) * sizeof *pos), m = 0;
  pos[0] = strlen(id);
  bool found = false;
  for (size_t i = 1; i < f->n && !found; i++) {
    size_t d = f->nodes[i].depth;
    if (d == 0) continue;
    if (m > d - 1) m = d - 1; /* the matched frames deeper than this node's parent are not its ancestors */
    if (m != d - 1) continue;
    size_t k = strlen(f->nodes[i].name), at = pos[m];
    if (at < k + 1 || id[at - 1] != ';' || memcmp(id + at - 1 - k, f->nodes[i].name, k) != 0) continue;
    pos[++m] = at - 1 - k;
    if (pos[m] == 0) *row = i, found = true;
  }
  free(pos);
  return found;
}

static void pct(strbuf *sb, int64_t v, int64_t of, const char *what) {
  if (of) sb_printf(sb, "  %.2f%% of %s", 100.0 * (double)v / (double)(of < 0 ? -of : of), what);
}

/* The share of the frames matching the filter (each sample counted once). */
static int64_t match_width(const pane *p, const flame *f) {
  int64_t w = 0;
  bool *in = xcalloc(f->n + 1, sizeof *in);
  for (size_t i = 1; i < f->n; i++) {
    uint32_t up = f->nodes[i].parent;
    in[i] = (up != TPROF_NONE && in[up]) || regex_match(p->filter, f->nodes[i].name);
    if (in[i] && !(up != TPROF_NONE && in[up])) w += f->nodes[i].width;
  }
  free(in);
  return w;
}

static bool flame_target(const pane *p, size_t row, target *t) {
  flame_data *d = fd(p);
  const flame *f = shown(d);
  if (row == 0 && !d->callers.n) return false;
  const flame_node *n = &f->nodes[row];
  t->fn = t->name = n->name;
  char v[64];
  d->label.len = 0;
  sb_printf(&d->label, "%s  %s", n->name, report_fmt_in(d->r, n->value, d->unit, v));
  pct(&d->label, n->value, d->r->total, "total");
  if (n->parent != TPROF_NONE) pct(&d->label, n->value, f->nodes[n->parent].value, "parent");
  if (p->filter) {
    sb_printf(&d->label, "  | /%s:", p->filter_src);
    pct(&d->label, match_width(p, f), f->nodes[0].width, "all");
  }
  t->label = sb_str(&d->label);
  return true;
}

/* Columns of [start, start+width) on w columns for a span [base, base+total). */
static void span(int64_t start, int64_t width, int64_t base, int64_t total, int w, int *x0, int *x1) {
  double s = total ? (double)w / (double)total : 0;
  *x0 = (int)((double)(start - base) * s + 0.5);
  *x1 = (int)((double)(start - base + width) * s + 0.5);
}

/* The zoomed frame's subtree is [zoom, end) in preorder, and its ancestors
 * are anc[0..depth), one a level: made once a pass, so that testing a frame
 * is O(1) (walking up from each frame was frames x depth a redraw). */
typedef struct zrange {
  uint32_t zoom, end, depth;
  uint32_t *anc;
} zrange;

static zrange zoom_range(const flame *f, uint32_t zoom) {
  zrange z = {zoom, zoom + 1, f->nodes[zoom].depth, NULL};
  while (z.end < f->n && f->nodes[z.end].depth > z.depth) z.end++;
  z.anc = xmalloc(((size_t)z.depth + 1) * sizeof *z.anc);
  for (uint32_t n = zoom; n != TPROF_NONE; n = f->nodes[n].parent) z.anc[f->nodes[n].depth] = n;
  return z;
}

static bool in_zoom(const zrange *z, size_t i) { return i >= z->zoom && i < z->end; }

static bool above_zoom(const zrange *z, const flame *f, size_t i) {
  uint32_t d = f->nodes[i].depth;
  return d < z->depth && z->anc[d] == i;
}

static void flame_body(const pane *p, WINDOW *w, rect r, const theme *th, bool active) {
  flame_data *d = fd(p);
  const flame *f = shown(d);
  if (f->n == 0) return;
  size_t cur = 0;
  pane_cursor_row(p, &cur);
  uint32_t cd = f->nodes[cur].depth;
  /* keep the cursor's level on screen */
  if (cd < d->scroll) d->scroll = cd;
  if (cd >= d->scroll + (uint32_t)r.h) d->scroll = cd + 1 - (uint32_t)r.h;
  const flame_node *z = &f->nodes[d->zoom];
  int64_t all = f->nodes[0].width;
  zrange zr = zoom_range(f, d->zoom);
  for (size_t i = 0; i < f->n && ((i & 0xffff) || !tui_quit_pending()); i++) {
    const flame_node *n = &f->nodes[i];
    if (n->depth < d->scroll || n->depth >= d->scroll + (uint32_t)r.h) continue;
    int x0 = 0, x1 = r.w;
    bool strip = n->depth < z->depth; /* an ancestor of the zoomed frame: a full-width strip */
    if (strip ? !above_zoom(&zr, f, i) : !in_zoom(&zr, i)) continue;
    if (!strip) span(n->start, n->width, z->start, z->width, r.w, &x0, &x1);
    if (x1 - x0 < 1 && i != cur) continue;
    if (x1 <= x0) x1 = x0 + 1;
    int row = (int)(n->depth - d->scroll);
    int y = d->flip ? r.y + r.h - 1 - row : r.y + row;
    bool marked = !p->filter || i == 0 || regex_match(p->filter, n->name);
    /* every frame is a bar of the same kind: its heat (or loss) as background */
    attr_t a = n->value < 0 ? th->bar_neg : th->bar[heat_level(n->width, all)];
    if (strip) a = th->bar[0] | A_DIM;
    if (p->filter && marked && i != 0) a |= A_BOLD | A_UNDERLINE;
    if (!marked) a = A_DIM | A_REVERSE;
    if (i == cur) a = active ? th->select | A_BOLD : A_REVERSE | A_UNDERLINE;
    int bw = x1 - x0;
    draw_fill(w, y, r.x + x0, bw, a);
    if (bw > 1) draw_fill(w, y, r.x + x1 - 1, 1, A_NORMAL); /* the gap between bars */
    if (bw > 2) {
      const char *name = i == 0 ? (d->callers.n ? n->name : "all") : n->name;
      char *cut = trunc_middle(name, bw - 1, th);
      draw_text(w, y, r.x + x0, bw - 1, cut, 0, 0, a);
      free(cut);
    }
  }
  free(zr.anc);
}

static bool flame_hit(const pane *p, rect r, int y, int x, size_t *row) {
  const flame_data *d = fd(p);
  const flame *f = shown(d);
  if (f->n == 0 || y < r.y || y >= r.y + r.h) return false;
  int lvl = d->flip ? r.y + r.h - 1 - y : y - r.y;
  uint32_t depth = d->scroll + (uint32_t)lvl;
  const flame_node *z = &f->nodes[d->zoom];
  zrange zr = zoom_range(f, d->zoom);
  bool hit = false;
  for (size_t i = 0; i < f->n && !hit; i++) {
    const flame_node *n = &f->nodes[i];
    if (n->depth != depth) continue;
    bool strip = n->depth < z->depth; /* as flame_body draws it */
    if (strip) {
      if (above_zoom(&zr, f, i)) *row = i, hit = true;
      continue;
    }
    if (!in_zoom(&zr, i)) continue;
    int x0, x1;
    span(n->start, n->width, z->start, z->width, r.w, &x0, &x1);
    if (x - r.x >= x0 && x - r.x < (x1 > x0 ? x1 : x0 + 1)) *row = i, hit = true;
  }
  free(zr.anc);
  return hit;
}

/* The shown frame after/before n on its level (by position), or TPROF_NONE. */
static uint32_t neighbour(const flame_data *d, uint32_t n, int dir) {
  const flame *f = shown(d);
  uint32_t best = TPROF_NONE;
  const flame_node *c = &f->nodes[n];
  zrange zr = zoom_range(f, d->zoom);
  free(zr.anc);
  for (uint32_t i = zr.zoom; i < zr.end; i++) { /* the zoomed frame's subtree */
    const flame_node *o = &f->nodes[i];
    if (o->depth != c->depth || i == n) continue;
    bool after = dir > 0 ? o->start > c->start : o->start < c->start;
    if (!after) continue;
    if (best == TPROF_NONE || (dir > 0 ? o->start < f->nodes[best].start : o->start > f->nodes[best].start)) best = i;
  }
  return best;
}

static void show_callers(pane *p, bool on, size_t cur) {
  flame_data *d = fd(p);
  if (on) {
    flame c;
    flame_callers(&c, &d->full, d->full.nodes[cur].name);
    flame_free(&d->callers);
    d->callers = c;
  } else {
    flame_free(&d->callers);
  }
  d->zoom = 0, d->scroll = 0;
  pane_rows_changed(p, NULL, 0);
}

static bool flame_nav(pane *p, tui_action a) {
  flame_data *d = fd(p);
  const flame *f = shown(d);
  size_t cur;
  if (!pane_cursor_row(p, &cur)) return false;
  uint32_t to = TPROF_NONE;
  if (d->flip && (a == ACT_UP || a == ACT_DOWN)) a = a == ACT_UP ? ACT_DOWN : ACT_UP;
  switch (a) {
  case ACT_UP: to = f->nodes[cur].parent; break;
  case ACT_DOWN:
    if (cur + 1 < f->n && f->nodes[cur + 1].parent == cur) to = (uint32_t)cur + 1; /* preorder: heaviest child */
    break;
  case ACT_LEFT: to = neighbour(d, (uint32_t)cur, -1); break;
  case ACT_RIGHT: to = neighbour(d, (uint32_t)cur, 1); break;
  case ACT_DRILL: d->zoom = (uint32_t)cur; return true;
  case ACT_ESCAPE:
  case ACT_BACK:
    if (p->filter_src || d->zoom == 0) return a == ACT_BACK && !p->filter_src; /* Esc: filter, then close */
    d->zoom = f->nodes[d->zoom].parent;
    return true;
  case ACT_FLIP: d->flip = !d->flip; return true;
  case ACT_CALLERS:
    if (!d->callers.n && cur == 0) return true;
    show_callers(p, !d->callers.n, cur);
    return true;
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
    .find_id = flame_find_id,
    .target = flame_target,
    .hot = NULL,
    .draw_body = flame_body,
    .nav = flame_nav,
    .hit = flame_hit,
};

void pane_flame_set(pane *p, report *r) {
  bool flip = p->data && fd(p)->flip; /* the orientation stays across option changes */
  pane_clear(p, NULL);
  flame_data *d = xcalloc(1, sizeof *d);
  d->flip = flip;
  d->r = r;
  flame_build(&d->full, r);
  p->data = d;
  size_t stacks = 0;
  for (size_t i = 1; i < d->full.n; i++) stacks += d->full.nodes[i].self != 0;
  int64_t root = d->full.n ? d->full.nodes[0].value : 0;
  d->unit = report_column_unit(r, root ? root : r->total);
  char v[64];
  p->info = xasprintf("%zu stacks, %s total; Enter/Esc zoom, M-r callers, M-v flip", stacks,
                      report_fmt_in(r, root, d->unit, v));
}
