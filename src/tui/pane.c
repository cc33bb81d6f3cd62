/*
 * pane.c: what every pane shares. A pane is a const pane_ops (how its kind
 * counts, draws, matches and names its rows) plus data; this file keeps the
 * list mechanics in one place: the rows shown under a /RE filter, the
 * cursor and scrolling, the cursor kept on the same row (by the row's
 * stable id) when a rebuild replaces the data, and the title bar.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

void pane_init(pane *p, const pane_ops *ops, const char *note) {
  memset(p, 0, sizeof *p);
  p->ops = ops;
  p->note = note ? xstrdup(note) : NULL;
}

void pane_clear(pane *p, const char *note) {
  if (p->data) p->ops->free_data(p);
  p->data = NULL;
  free(p->info), p->info = NULL;
  if (note) free(p->note), p->note = xstrdup(note);
  p->nvis = p->cur = p->top = 0;
  p->hscroll = 0;
}

void pane_free(pane *p) {
  pane_clear(p, NULL);
  free(p->cmd), free(p->note), free(p->vis), free(p->filter_src);
  regex_free(p->filter);
  memset(p, 0, sizeof *p);
}

static size_t nrows(const pane *p) { return p->data ? p->ops->nrows(p) : 0; }


bool pane_cursor_row(const pane *p, size_t *row) {
  if (p->cur >= p->nvis) return false;
  *row = p->vis[p->cur];
  return true;
}

void pane_cursor_id(const pane *p, strbuf *id) {
  size_t row;
  if (pane_cursor_row(p, &row)) p->ops->row_id(p, row, id);
}

int pane_body_rows(const pane *p) {
  int n = p->r.h - 1 - p->ops->header_rows;
  return n < 1 ? 1 : n;
}

/* Keep the cursor inside the rows and on screen. */
static void settle(pane *p) {
  if (p->nvis == 0) {
    p->cur = p->top = 0;
    return;
  }
  if (p->cur >= p->nvis) p->cur = p->nvis - 1;
  size_t body = (size_t)pane_body_rows(p);
  if (p->cur < p->top) p->top = p->cur;
  if (p->cur >= p->top + body) p->top = p->cur + 1 - body;
  if (p->top + body > p->nvis) p->top = p->nvis > body ? p->nvis - body : 0;
}

static void filter_rows(pane *p) {
  size_t n = nrows(p);
  XGROW(p->vis, p->vcap, n + 1);
  p->nvis = 0;
  for (size_t i = 0; i < n; i++)
    if (!p->filter || p->ops->draw_body || p->ops->matches(p, i, p->filter)) p->vis[p->nvis++] = i;
}

void pane_cursor_to_row(pane *p, size_t row) {
  for (size_t i = 0; i < p->nvis; i++)
    if (p->vis[i] == row) {
      p->cur = i;
      /* show some context above the row */
      size_t body = (size_t)pane_body_rows(p);
      p->top = p->cur > body / 4 ? p->cur - body / 4 : 0;
      settle(p);
      return;
    }
}

void pane_rows_changed(pane *p, const char *keep_id, size_t fallback) {
  filter_rows(p);
  p->cur = fallback < p->nvis ? fallback : 0;
  size_t found;
  if (keep_id && *keep_id && p->ops->find_id) {
    if (p->ops->find_id(p, keep_id, &found))
      for (size_t i = 0; i < p->nvis; i++)
        if (p->vis[i] == found) {
          p->cur = i;
          break;
        }
  } else if (keep_id && *keep_id) {
    strbuf id = STRBUF_INIT;
    for (size_t i = 0; i < p->nvis; i++) {
      sb_reset(&id);
      p->ops->row_id(p, p->vis[i], &id);
      if (!strcmp(sb_str(&id), keep_id)) {
        p->cur = i;
        break;
      }
    }
    sb_free(&id);
  }
  if (p->top > p->cur) p->top = p->cur;
  settle(p);
}

bool pane_set_filter(pane *p, const char *re, char **err) {
  tregex *rx = NULL;
  if (re && *re) {
    rx = regex_compile(re, err);
    if (!rx) return false;
  }
  strbuf id = STRBUF_INIT;
  pane_cursor_id(p, &id);
  regex_free(p->filter);
  free(p->filter_src);
  p->filter = rx;
  p->filter_src = rx ? xstrdup(re) : NULL;
  pane_rows_changed(p, sb_str(&id), 0);
  sb_free(&id);
  return true;
}

void pane_move(pane *p, long delta) {
  if (p->nvis == 0) return;
  long c = (long)p->cur + delta;
  if (c < 0) c = 0;
  if (c >= (long)p->nvis) c = (long)p->nvis - 1;
  p->cur = (size_t)c;
  settle(p);
}

void pane_home(pane *p) {
  p->cur = p->top = 0;
  settle(p);
}

void pane_end(pane *p) {
  if (p->nvis) p->cur = p->nvis - 1;
  settle(p);
}

void pane_hscroll(pane *p, int delta) {
  p->hscroll += delta;
  if (p->hscroll < 0) p->hscroll = 0;
  if (p->hscroll > 4096) p->hscroll = 4096;
}

bool pane_next_hot(pane *p, int dir) {
  if (!p->ops->hot || p->nvis == 0) return false;
  for (long i = (long)p->cur + dir; i >= 0 && i < (long)p->nvis; i += dir)
    if (p->ops->hot(p, p->vis[i])) {
      p->cur = (size_t)i;
      settle(p);
      return true;
    }
  return false;
}

bool pane_hit(pane *p, int y, int x) {
  rect r = p->r;
  if (!p->data || !p->nvis || y <= r.y || y >= r.y + r.h || x < r.x || x >= r.x + r.w) return false;
  settle(p);
  size_t row;
  if (p->ops->draw_body) {
    rect br = {r.y + 1, r.x, r.h - 1, r.w};
    if (!p->ops->hit || !p->ops->hit(p, br, y, x, &row)) return false;
    pane_cursor_to_row(p, row);
    return true;
  }
  int i = y - r.y - 1 - p->ops->header_rows;
  if (i < 0 || p->top + (size_t)i >= p->nvis) return false;
  p->cur = p->top + (size_t)i;
  return true;
}

void pane_draw(pane *p, WINDOW *w, const theme *th, bool active, const char *tabs) {
  rect r = p->r;
  if (r.h <= 0 || r.w <= 0) return;
  settle(p);
  /* title: [tabs or name] command  info  [/filter] */
  attr_t ta = active ? th->title_active : th->title | A_REVERSE;
  draw_fill(w, r.y, r.x, r.w, ta);
  strbuf t = STRBUF_INIT;
  sb_printf(&t, " %s", tabs ? tabs : p->ops->name);
  if (p->cmd) sb_printf(&t, ": %s", p->cmd);
  if (p->info && *p->info) sb_printf(&t, "  %s", p->info);
  strbuf right = STRBUF_INIT;
  if (p->filter_src) sb_printf(&right, " /%s ", p->filter_src);
  if (p->nvis) sb_printf(&right, " %zu/%zu ", p->cur + 1, p->nvis);
  int rw = text_width(sb_str(&right));
  if (rw > r.w / 2) rw = 0;
  draw_text(w, r.y, r.x, r.w - rw, sb_str(&t), 0, 0, ta);
  if (rw) draw_text(w, r.y, r.x + r.w - rw, rw, sb_str(&right), 0, 0, ta);
  sb_free(&t), sb_free(&right);
  int y = r.y + 1;
  if (!p->data || p->nvis == 0) {
    const char *msg = p->data ? "(no rows match the filter; Esc clears it)" : p->note ? p->note : "";
    /* the note, its lines wrapped at spaces to the pane's width */
    int row = 0, body = r.h - 1;
    size_t width = r.w > 2 ? (size_t)r.w - 2 : 1;
    for (const char *s = msg; *s && row < body; row++) {
      size_t n = strcspn(s, "\n");
      if (n > width) { /* ASCII notes: bytes are columns here */
        size_t cut = width;
        while (cut > 0 && s[cut] != ' ') cut--;
        n = cut ? cut : width;
      }
      char *line = xstrndup(s, n);
      draw_text(w, y + row, r.x + 1, r.w - 1, line, 0, 8, th->dim);
      free(line);
      s += n;
      while (*s == ' ' || *s == '\n') s++;
    }
    return;
  }
  if (p->ops->draw_body) {
    rect br = {y, r.x, r.h - 1, r.w};
    p->ops->draw_body(p, w, br, th, active);
    return;
  }
  if (p->ops->header_rows && p->ops->draw_header) {
    rect hr = {y, r.x, p->ops->header_rows, r.w};
    p->ops->draw_header(p, w, hr, th);
    y += p->ops->header_rows;
  }
  int body = r.y + r.h - y;
  rect br = {y, r.x, body, r.w};
  for (int i = 0; i < body && p->top + (size_t)i < p->nvis && !tui_quit_pending(); i++) {
    size_t vi = p->top + (size_t)i;
    attr_t base = vi != p->cur ? 0 : active ? th->select : A_UNDERLINE;
    if (base) draw_fill(w, y + i, r.x, r.w, base);
    p->ops->draw_row(p, w, y + i, br, p->vis[vi], base, th);
  }
}

/* ---- helpers for the kinds ---- */

report_rows *report_rows_new(report *r) {
  report_rows *d = xcalloc(1, sizeof *d);
  d->r = r;
  return d;
}

void report_rows_add(report_rows *d, const void *row, size_t size) {
  size_t need = (d->n + 1) * size;
  if (need > d->cap) {
    d->cap = need * 2;
    d->rows = xrealloc(d->rows, d->cap);
  }
  memcpy((char *)d->rows + d->n * size, row, size);
  d->n++;
}

void report_rows_free(pane *p) {
  report_rows *d = p->data;
  report_free(d->r);
  free(d->rows);
  free(d);
}

size_t report_rows_count(const pane *p) { return ((const report_rows *)p->data)->n; }

int64_t abs_max(int64_t m, int64_t v) {
  v = i64_abs(v);
  return v > m ? v : m;
}

char *report_info(report *r) {
  /* the title is pprof's header, in pprof's units: its totals compare
   * with go tool pprof's; only the value columns read one human unit */
  strbuf sb = STRBUF_INIT;
  bool filters = false;
  for (size_t i = 0; i < r->nlabels; i++) {
    const char *l = r->labels[i];
    if (!strcmp(l, "Active filters:")) {
      filters = true;
      continue;
    }
    if (filters && !strncmp(l, "   ", 3)) continue; /* shown on the status line */
    filters = false;
    while (*l == '\n') l++;
    sb_printf(&sb, "%s%s", sb.len ? "; " : "", l);
  }
  return sb_steal(&sb);
}
