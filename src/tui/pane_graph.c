/*
 * pane_graph.c: the call graph pane. The graph report (the dot report's
 * graph and DOT text, so the same nodes, edges and styles as -dot) is laid
 * out in process by graphviz's library (libgvc, "dot" layout) with every
 * box given its size in terminal cells (a cell is CW x CH points: Courier
 * 12's advance and line height), so positions map to cells by a division.
 * Edges are graphviz's splines sampled and drawn with line characters,
 * dotted when residual, heavy when thick (penwidth), with an arrow head at
 * the callee and the weight as label. Boxes hold the name, flat and cum
 * (pprof's box label), filled with the heat of cum, a heavy border when the
 * flat is large. The canvas is larger than the screen: the view follows
 * the selection, PgUp/PgDn and Home/End pan, M-e centres, M-w fits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* graphviz's names that curses and tui.h use too: renamed while its headers are read */
#define box gv_box
#define R_NONE GV_R_NONE
#include <graphviz/gvc.h>
#undef box
#undef R_NONE

#include "tui.h"

#define CW 7.2  /* points per cell column */
#define CH 14.4 /* points per cell row */

typedef struct gbox {
  int x, y, w, h;     /* cells on the canvas, border included */
  char **lines;
  size_t nlines;
  int rank;
  int heat;           /* 0..4, -1: negative */
  bool heavy;         /* large flat: a heavy border */
  uint32_t node;      /* the graph node (real boxes) */
} gbox;

typedef struct glabel {
  int x, y;
  char *text;
  int heat;
} glabel;

typedef struct gedge {
  uint32_t src, dst; /* box indexes */
} gedge;

enum { GL_NONE, GL_V, GL_H, GL_D1, GL_D2, GL_DOT_V, GL_DOT_H, GL_HV, GL_HH, GL_AD, GL_AU, GL_AL, GL_AR, GL_N };
static const char *const glyph_utf8[GL_N] = {"", "\xe2\x94\x82", "\xe2\x94\x80", "\xe2\x95\xb1", "\xe2\x95\xb2",
                                             "\xe2\x94\x86", "\xe2\x94\x84", "\xe2\x94\x83", "\xe2\x94\x81",
                                             "\xe2\x96\xbc", "\xe2\x96\xb2", "\xe2\x97\x80", "\xe2\x96\xb6"};
static const char *const glyph_ascii[GL_N] = {"", "|", "-", "/", "\\", ":", ".", "|", "=", "v", "^", "<", ">"};

typedef struct graph_data {
  report *r;
  gbox *boxes;      /* the graph's nodes first (rows), then nodelets and the legend */
  size_t nbox, nreal;
  gedge *edges;
  size_t nedge;
  glabel *labels;
  size_t nlabel;
  unsigned char *cell, *cheat; /* the canvas: a glyph and a heat per cell */
  int cw, ch;
  int vx, vy;       /* the view's origin on the canvas */
  size_t last_cur;  /* the view follows the cursor when it moved */
  bool fit;
  strbuf label;
} graph_data;

static graph_data *gd(const pane *p) { return p->data; }

static void free_lines(char **l, size_t n) {
  for (size_t i = 0; i < n; i++) free(l[i]);
  free(l);
}

static void graph_clear(pane *p) {
  graph_data *d = gd(p);
  for (size_t i = 0; i < d->nbox; i++) free_lines(d->boxes[i].lines, d->boxes[i].nlines);
  for (size_t i = 0; i < d->nlabel; i++) free(d->labels[i].text);
  free(d->boxes), free(d->edges), free(d->labels), free(d->cell), free(d->cheat);
  report_free(d->r);
  sb_free(&d->label);
  free(d);
}

static size_t graph_nrows(const pane *p) { return gd(p)->nreal; }
static const char *box_name(const graph_data *d, size_t row) { return nodemap_name(d->r->g.nm, d->boxes[row].node); }
static bool graph_matches(const pane *p, size_t row, const tregex *re) { return regex_match(re, box_name(gd(p), row)); }
static void graph_id(const pane *p, size_t row, strbuf *id) { sb_adds(id, box_name(gd(p), row)); }
static bool graph_hot(const pane *p, size_t row) { return p->filter && graph_matches(p, row, p->filter); }

static bool graph_target(const pane *p, size_t row, target *t) {
  graph_data *d = gd(p);
  const graph *g = &d->r->g;
  uint32_t n = d->boxes[row].node;
  t->name = nodemap_name(g->nm, n);
  t->fn = g->nm->info[n].name && *g->nm->info[n].name ? g->nm->info[n].name : t->name;
  d->label.len = 0;
  sb_printf(&d->label, "%s  ", t->name);
  report_dot_values(d->r, graph_flat(g, n), graph_cum(g, n), "  ", &d->label);
  t->label = sb_str(&d->label);
  return true;
}

/* Split s at the DOT escapes \n, \l, \r (and real newlines) into lines. */
static char **split_label(const char *s, size_t *n) {
  char **out = NULL;
  size_t cap = 0;
  *n = 0;
  strbuf cur = STRBUF_INIT;
  for (;; s++) {
    bool end = !*s || *s == '\n' || (s[0] == '\\' && (s[1] == 'n' || s[1] == 'l' || s[1] == 'r'));
    if (end) {
      if (cur.len) { /* blank lines (the legend's) left out */
        XGROW(out, cap, *n + 1);
        out[(*n)++] = xstrdup(sb_str(&cur));
      }
      cur.len = 0;
      if (!*s) break;
      if (*s == '\\') s++;
      continue;
    }
    sb_addc(&cur, *s);
  }
  sb_free(&cur);
  if (*n == 0) {
    XGROW(out, cap, 1);
    out[(*n)++] = xstrdup("");
  }
  return out;
}

static int lines_width(char **l, size_t n) {
  int w = 0;
  for (size_t i = 0; i < n; i++) {
    int k = text_width(l[i]);
    if (k > w) w = k;
  }
  return w;
}

static void put(graph_data *d, int x, int y, int gl, int heat) {
  if (x < 0 || y < 0 || x >= d->cw || y >= d->ch) return;
  size_t i = (size_t)y * (size_t)d->cw + (size_t)x;
  if (d->cell[i] && d->cell[i] != gl && gl < GL_AD && d->cell[i] < GL_AD) gl = d->cell[i]; /* crossings keep the first */
  d->cell[i] = (unsigned char)gl;
  d->cheat[i] = (unsigned char)(heat < 0 ? 0 : heat);
}

static bool inside(const gbox *b, int x, int y) { return x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h; }

/* Sample edge e's splines into the canvas; the arrow at the last cell outside the head. */
static void draw_spline(graph_data *d, Agedge_t *e, const boxf *bb, const gbox *src, const gbox *dst, int heat) {
  splines *spl = ED_spl(e);
  if (!spl) return;
  const char *style = agget(e, "style"), *pw = agget(e, "penwidth");
  bool dotted = style && strstr(style, "dotted"), heavy = pw && atoi(pw) >= 3;
  int lx = -1, ly = -1;
  for (int b = 0; b < spl->size; b++) {
    const bezier *bz = &spl->list[b];
    double px = -1, py = -1;
    for (int i = 0; i + 3 < bz->size; i += 3) {
      const pointf *q = bz->list + i;
      for (int k = 0; k <= 32; k++) {
        double t = k / 32.0, u = 1 - t;
        double x = u * u * u * q[0].x + 3 * u * u * t * q[1].x + 3 * u * t * t * q[2].x + t * t * t * q[3].x;
        double y = u * u * u * q[0].y + 3 * u * u * t * q[1].y + 3 * u * t * t * q[2].y + t * t * t * q[3].y;
        double cx = (x - bb->LL.x) / CW, cy = (bb->UR.y - y) / CH;
        if (px >= 0) {
          double dx = cx - px, dy = cy - py;
          int gl = fabs(dx) < 0.5 * fabs(dy) ? GL_V : fabs(dy) < 0.5 * fabs(dx) ? GL_H : (dx > 0) == (dy > 0) ? GL_D2 : GL_D1;
          if (dotted) gl = gl == GL_H ? GL_DOT_H : GL_DOT_V;
          else if (heavy && gl == GL_V) gl = GL_HV;
          else if (heavy && gl == GL_H) gl = GL_HH;
          int ix = (int)cx, iy = (int)cy;
          if (!inside(src, ix, iy) && !inside(dst, ix, iy)) {
            put(d, ix, iy, gl, heat);
            lx = ix, ly = iy;
          }
        }
        px = cx, py = cy;
      }
    }
  }
  if (lx < 0) return;
  int gl = ly < dst->y ? GL_AD : ly >= dst->y + dst->h ? GL_AU : lx < dst->x ? GL_AR : GL_AL;
  d->cell[(size_t)ly * (size_t)d->cw + (size_t)lx] = (unsigned char)gl;
}

static int box_heat(const report *r, int64_t v) { return v < 0 ? -1 : heat_level(v, r->total); }

/* Lay out the report's DOT text and fill d; false with a note on failure. */
static int quiet(char *msg) {
  (void)msg;
  return 0;
}

/* One graphviz context for the process, never freed: graphviz's pango
 * plugin keeps a pointer to the last font name, which lives in the
 * context's font table; a context a layout freed it, and the next layout
 * read freed memory (ASan, the soak test of issue 15). */
static GVC_t *graphviz_context(void) {
  static GVC_t *gvc;
  if (!gvc) gvc = gvContext();
  return gvc;
}

static bool layout(graph_data *d, char **why) {
  report *r = d->r;
  graph *g = &r->g;
  agseterrf(quiet); /* graphviz's warnings would land on the curses screen */
  agseterr(AGMAX);
  Agraph_t *ag = agmemread(r->text.s ? r->text.s : "");
  if (!ag) {
    *why = xstrdup("graph: graphviz could not read the graph");
    return false;
  }
  size_t nn = (size_t)agnnodes(ag);
  d->nreal = g->nnodes;
  d->boxes = xcalloc(nn + d->nreal + 1, sizeof *d->boxes);
  Agnode_t **agn = xcalloc(nn + d->nreal + 1, sizeof *agn);
  d->nbox = d->nreal;
  agattr(ag, AGRAPH, "nodesep", "0.3");
  agattr(ag, AGRAPH, "ranksep", "0.4");
  agattr(ag, AGEDGE, "fontname", "Courier");
  agattr(ag, AGEDGE, "fontsize", "12");
  int64_t maxflat = 1;
  for (size_t i = 0; i < g->nnodes; i++) {
    int64_t f = i64_abs(graph_flat(g, g->nodes[i]));
    if (f > maxflat) maxflat = f;
  }
  for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n)) {
    const char *nm = agnameof(n);
    unsigned id = 0;
    char tail = 0;
    gbox *b;
    size_t bi;
    if (sscanf(nm, "N%u%c", &id, &tail) == 1 && id >= 1 && id <= d->nreal) {
      bi = id - 1;
      b = &d->boxes[bi];
      uint32_t gn = g->nodes[bi];
      b->node = gn;
      strbuf lab = STRBUF_INIT;
      const char *name = nodemap_name(g->nm, gn);
      sb_printf(&lab, "%.*s%s\\n", 60, name, strlen(name) > 60 ? "..." : "");
      report_dot_values(r, graph_flat(g, gn), graph_cum(g, gn), "\\n", &lab);
      b->lines = split_label(sb_str(&lab), &b->nlines);
      sb_free(&lab);
      b->heat = box_heat(r, graph_cum(g, gn));
      b->heavy = (double)i64_abs(graph_flat(g, gn)) >= 0.25 * (double)maxflat && graph_flat(g, gn) != 0;
    } else {
      bi = d->nbox++;
      b = &d->boxes[bi];
      const char *l = agget(n, "label");
      b->lines = split_label(l && *l && strcmp(l, "\\N") ? l : nm, &b->nlines);
    }
    agn[bi] = n;
    /* size by flat: heavier boxes get more room around the text */
    int pad = b->heavy ? 2 : 1;
    b->w = lines_width(b->lines, b->nlines) + 2 * pad;
    b->h = (int)b->nlines + 2;
    char ws[32], hs[32];
    snprintf(ws, sizeof ws, "%.4f", b->w * CW / 72.0);
    snprintf(hs, sizeof hs, "%.4f", b->h * CH / 72.0);
    agsafeset(n, "fixedsize", "true", "");
    agsafeset(n, "label", "", ""); /* the pane draws the text: graphviz only places the box */
    agsafeset(n, "shape", "box", "");
    agsafeset(n, "width", ws, "");
    agsafeset(n, "height", hs, "");
  }
  GVC_t *gvc = graphviz_context();
  if (gvLayout(gvc, ag, "dot") != 0) {
    agclose(ag);
    free(agn);
    *why = xstrdup("graph: the graphviz layout failed");
    return false;
  }
  boxf bb = GD_bb(ag);
  d->cw = (int)ceil((bb.UR.x - bb.LL.x) / CW) + 2;
  d->ch = (int)ceil((bb.UR.y - bb.LL.y) / CH) + 2;
  d->cell = xcalloc((size_t)d->cw * (size_t)d->ch + 1, 1);
  d->cheat = xcalloc((size_t)d->cw * (size_t)d->ch + 1, 1);
  for (size_t i = 0; i < d->nbox; i++) {
    gbox *b = &d->boxes[i];
    if (!agn[i]) { /* a node of the graph missing from the text: cannot happen, keep it off the canvas */
      b->x = b->y = -1000;
      continue;
    }
    double cx = (ND_coord(agn[i]).x - bb.LL.x) / CW, cy = (bb.UR.y - ND_coord(agn[i]).y) / CH;
    b->x = (int)lround(cx - b->w / 2.0);
    b->y = (int)lround(cy - b->h / 2.0);
    b->rank = ND_rank(agn[i]);
  }
  /* which box an agraph node is: by its index in agn */
  for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n)) {
    size_t si = 0;
    while (si < d->nbox && agn[si] != n) si++;
    for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e)) {
      size_t di = 0;
      while (di < d->nbox && agn[di] != aghead(e)) di++;
      if (si >= d->nbox || di >= d->nbox) continue;
      int heat = si < d->nreal ? d->boxes[si].heat : 0;
      const char *l = agget(e, "label");
      if (si < d->nreal && di < d->nreal) {
        d->edges = xreallocarray(d->edges, d->nedge + 1, sizeof *d->edges);
        d->edges[d->nedge++] = (gedge){(uint32_t)si, (uint32_t)di};
      }
      draw_spline(d, e, &bb, &d->boxes[si], &d->boxes[di], heat);
      if (l && *l && ED_label(e)) {
        size_t nl;
        char **ls = split_label(l, &nl);
        int w = lines_width(ls, nl);
        double cx = (ED_label(e)->pos.x - bb.LL.x) / CW, cy = (bb.UR.y - ED_label(e)->pos.y) / CH;
        for (size_t k = 0; k < nl; k++) {
          d->labels = xreallocarray(d->labels, d->nlabel + 1, sizeof *d->labels);
          d->labels[d->nlabel++] =
              (glabel){(int)lround(cx - w / 2.0), (int)lround(cy - nl / 2.0) + (int)k, ls[k], heat};
        }
        free(ls);
      }
    }
  }
  free(agn);
  gvFreeLayout(gvc, ag);
  agclose(ag);
  return true;
}

/* Text at canvas (cx, cy), clipped to the view. */
static void put_text(WINDOW *w, rect r, const graph_data *d, int cx, int cy, int width, const char *s, attr_t a) {
  int sy = r.y + cy - d->vy, sx = r.x + cx - d->vx;
  if (sy < r.y || sy >= r.y + r.h) return;
  int skip = sx < r.x ? r.x - sx : 0;
  if (width <= skip || sx + width <= r.x || sx >= r.x + r.w) return;
  int maxw = width - skip;
  if (sx + skip + maxw > r.x + r.w) maxw = r.x + r.w - sx - skip;
  if (s) draw_text(w, sy, sx + skip, maxw, s, skip, 0, a);
  else draw_fill(w, sy, sx + skip, maxw, a);
}

static attr_t heat_bar(const theme *th, int heat) { return heat < 0 ? th->bar_neg : th->bar[heat]; }

static void draw_box(WINDOW *w, rect r, const graph_data *d, const gbox *b, attr_t a, const theme *th) {
  static const char *const light[] = {"\xe2\x94\x8c", "\xe2\x94\x80", "\xe2\x94\x90", "\xe2\x94\x82", "\xe2\x94\x94", "\xe2\x94\x98"};
  static const char *const heavy[] = {"\xe2\x94\x8f", "\xe2\x94\x81", "\xe2\x94\x93", "\xe2\x94\x83", "\xe2\x94\x97", "\xe2\x94\x9b"};
  static const char *const ascii[] = {"+", "-", "+", "|", "+", "+"};
  static const char *const ascii_heavy[] = {"#", "=", "#", "#", "#", "#"};
  const char *const *c = th->utf8 ? (b->heavy ? heavy : light) : (b->heavy ? ascii_heavy : ascii);
  for (int y = 0; y < b->h; y++) {
    strbuf line = STRBUF_INIT;
    bool rule = y == 0 || y == b->h - 1;
    sb_adds(&line, y == 0 ? c[0] : y == b->h - 1 ? c[4] : c[3]);
    for (int x = 1; x < b->w - 1; x++) sb_adds(&line, rule ? c[1] : " ");
    sb_adds(&line, y == 0 ? c[2] : y == b->h - 1 ? c[5] : c[3]);
    put_text(w, r, d, b->x, b->y + y, b->w, line.s, a);
    sb_free(&line);
  }
  for (size_t k = 0; k < b->nlines; k++) {
    int tw = text_width(b->lines[k]);
    put_text(w, r, d, b->x + (b->w - tw) / 2, b->y + 1 + (int)k, tw, b->lines[k], a);
  }
}

static void clamp_view(graph_data *d, rect r) {
  if (d->vx > d->cw - r.w) d->vx = d->cw - r.w;
  if (d->vy > d->ch - r.h) d->vy = d->ch - r.h;
  if (d->vx < 0) d->vx = 0;
  if (d->vy < 0) d->vy = 0;
}

static void centre_on(graph_data *d, const gbox *b, rect r) {
  d->vx = b->x + b->w / 2 - r.w / 2;
  d->vy = b->y + b->h / 2 - r.h / 2;
}

/* The whole graph shrunk to the pane: names at their scaled places, edges as dots. */
static void draw_fit(const pane *p, WINDOW *w, rect r, const theme *th, size_t cur) {
  const graph_data *d = gd(p);
  double sx = d->cw > r.w ? (double)r.w / d->cw : 1, sy = d->ch > r.h ? (double)r.h / d->ch : 1;
  const char *dot = th->utf8 ? "\xc2\xb7" : ".";
  for (int y = 0; y < d->ch; y++)
    for (int x = 0; x < d->cw; x++)
      if (d->cell[(size_t)y * (size_t)d->cw + (size_t)x])
        draw_text(w, r.y + (int)(y * sy), r.x + (int)(x * sx), 1, dot, 0, 0, th->dim);
  for (size_t i = 0; i < d->nreal; i++) {
    const gbox *b = &d->boxes[i];
    int y = r.y + (int)((b->y + b->h / 2) * sy), x0 = r.x + (int)(b->x * sx), bw = (int)(b->w * sx);
    if (bw < 4) bw = 4;
    if (x0 + bw > r.x + r.w) bw = r.x + r.w - x0;
    if (bw <= 0 || y >= r.y + r.h) continue;
    bool marked = !p->filter || graph_matches(p, i, p->filter);
    attr_t a = i == cur ? th->select | A_BOLD : marked ? heat_bar(th, b->heat) : A_DIM;
    char *cut = trunc_middle(b->lines[0], bw, th);
    draw_fill(w, y, x0, bw, a);
    draw_text(w, y, x0, bw, cut, 0, 0, a);
    free(cut);
  }
}

static void graph_body(const pane *p, WINDOW *w, rect r, const theme *th, bool active) {
  graph_data *d = gd(p);
  size_t cur = 0;
  bool has = pane_cursor_row(p, &cur);
  if (d->fit) {
    draw_fit(p, w, r, th, has ? cur : (size_t)-1);
    return;
  }
  if (has && cur != d->last_cur) { /* keep the selection in view */
    const gbox *b = &d->boxes[cur];
    if (b->x < d->vx || b->x + b->w > d->vx + r.w || b->y < d->vy || b->y + b->h > d->vy + r.h) centre_on(d, b, r);
    d->last_cur = cur;
  }
  clamp_view(d, r);
  const char *const *gl = th->utf8 ? glyph_utf8 : glyph_ascii;
  for (int y = 0; y < r.h && d->vy + y < d->ch; y++)
    for (int x = 0; x < r.w && d->vx + x < d->cw; x++) {
      size_t i = (size_t)(d->vy + y) * (size_t)d->cw + (size_t)(d->vx + x);
      if (d->cell[i]) draw_text(w, r.y + y, r.x + x, 1, gl[d->cell[i]], 0, 0, th->heat[d->cheat[i]]);
    }
  for (size_t i = 0; i < d->nlabel; i++) {
    const glabel *l = &d->labels[i];
    put_text(w, r, d, l->x, l->y, text_width(l->text), l->text, th->heat[l->heat < 0 ? 0 : l->heat]);
  }
  for (size_t i = 0; i < d->nbox; i++) {
    const gbox *b = &d->boxes[i];
    bool real = i < d->nreal, marked = !p->filter || (real && graph_matches(p, i, p->filter));
    attr_t a = real ? heat_bar(th, b->heat) : A_NORMAL;
    if (b->heavy) a |= A_BOLD;
    if (p->filter && marked) a |= A_UNDERLINE | A_BOLD;
    if (!marked) a = A_DIM;
    if (has && i == cur) a = active ? th->select | A_BOLD : A_REVERSE;
    draw_box(w, r, d, b, a, th);
  }
}

/* The neighbour of box c along an edge (dir < 0: callers, > 0: callees), the heaviest by cum. */
static size_t along(const graph_data *d, size_t c, int dir) {
  size_t best = (size_t)-1;
  const graph *g = &d->r->g;
  for (size_t i = 0; i < d->nedge; i++) {
    const gedge *e = &d->edges[i];
    size_t o = dir > 0 ? (e->src == c ? e->dst : (size_t)-1) : (e->dst == c ? e->src : (size_t)-1);
    if (o == (size_t)-1 || o == c) continue;
    if (best == (size_t)-1 || i64_abs(graph_cum(g, d->boxes[o].node)) > i64_abs(graph_cum(g, d->boxes[best].node)) ||
        (graph_cum(g, d->boxes[o].node) == graph_cum(g, d->boxes[best].node) && d->boxes[o].x < d->boxes[best].x))
      best = o;
  }
  return best;
}

/* The nearest box on the same rank to the left (dir < 0) or right. */
static size_t beside(const graph_data *d, size_t c, int dir) {
  size_t best = (size_t)-1;
  const gbox *b = &d->boxes[c];
  for (size_t i = 0; i < d->nreal; i++) {
    const gbox *o = &d->boxes[i];
    if (i == c || o->rank != b->rank || (dir > 0 ? o->x <= b->x : o->x >= b->x)) continue;
    if (best == (size_t)-1 || abs(o->x - b->x) < abs(d->boxes[best].x - b->x)) best = i;
  }
  return best;
}

static bool graph_nav(pane *p, tui_action a) {
  graph_data *d = gd(p);
  size_t cur;
  if (!pane_cursor_row(p, &cur)) return false;
  rect r = {p->r.y + 1, p->r.x, p->r.h - 1, p->r.w};
  size_t to = (size_t)-1;
  switch (a) {
  case ACT_UP: to = along(d, cur, -1); break;
  case ACT_DOWN: to = along(d, cur, 1); break;
  case ACT_LEFT: to = beside(d, cur, -1); break;
  case ACT_RIGHT: to = beside(d, cur, 1); break;
  case ACT_PGUP: d->vy -= r.h - 2; break;
  case ACT_PGDN: d->vy += r.h - 2; break;
  case ACT_HOME: d->vx = d->vy = 0; break;
  case ACT_END: d->vx = d->cw, d->vy = d->ch; break;
  case ACT_CENTER: d->fit = false, centre_on(d, &d->boxes[cur], r); break;
  case ACT_FIT: d->fit = !d->fit; break;
  default: return false;
  }
  clamp_view(d, r);
  if (to != (size_t)-1) pane_cursor_to_row(p, to);
  return true;
}

const pane_ops pane_graph_ops = {
    .name = "graph",
    .header_rows = 0,
    .free_data = graph_clear,
    .nrows = graph_nrows,
    .draw_header = NULL,
    .draw_row = NULL,
    .matches = graph_matches,
    .row_id = graph_id,
    .target = graph_target,
    .hot = graph_hot,
    .draw_body = graph_body,
    .nav = graph_nav,
};

void pane_graph_set(pane *p, report *r) {
  bool fit = p->data && gd(p)->fit;
  pane_clear(p, NULL);
  graph_data *d = xcalloc(1, sizeof *d);
  d->r = r;
  d->fit = fit;
  d->last_cur = (size_t)-1;
  char *why = NULL;
  if (!r->has_graph || !layout(d, &why)) {
    graph_clear_data:
    p->data = d;
    pane_clear(p, why ? why : "graph: no graph in this report");
    free(why);
    return;
  }
  p->data = d;
  if (d->nreal == 0) {
    why = xstrdup("graph: no nodes (the filters leave no samples)");
    goto graph_clear_data;
  }
  p->info = xasprintf("%zu nodes, %zu edges; arrows: along edges, M-e centre, M-w fit", d->nreal, d->nedge);
}

/* The box to select first: the heaviest by cum, the highest on ties (the entry of the graph). */
bool pane_graph_first(const pane *p, size_t *row) {
  const graph_data *d = gd(p);
  if (!d || d->nreal == 0) return false;
  const graph *g = &d->r->g;
  size_t best = 0;
  for (size_t i = 1; i < d->nreal; i++) {
    int64_t a = i64_abs(graph_cum(g, d->boxes[i].node)), b = i64_abs(graph_cum(g, d->boxes[best].node));
    if (a > b || (a == b && d->boxes[i].y < d->boxes[best].y)) best = i;
  }
  *row = best;
  return true;
}
