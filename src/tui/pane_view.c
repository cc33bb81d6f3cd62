/*
 * pane_view.c: the scrollable view: text that is not a table, source or
 * tree (o, help, raw, tags, dot, comments) and the traces report. Lines
 * are kept as given (tabs expand when drawn); a trace's frames name their
 * functions, so Enter on a frame drills into it. The /RE filter keeps the
 * matching lines.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/print.h"
#include "tui.h"

typedef struct view_line {
  char *text;
  int heat;          /* heat level of the line */
  const char *fn;    /* the function of a trace frame (borrowed from rep) */
  attr_t attr;       /* extra attribute (headers) */
} view_line;

typedef struct view_data {
  view_line *lines;
  size_t n, cap;
  strbuf partial;    /* text after the last newline */
  report *rep;       /* traces (owned) */
} view_data;

static view_data *vd(const pane *p) { return p->data; }

static void view_clear(pane *p) {
  view_data *d = vd(p);
  for (size_t i = 0; i < d->n; i++) free(d->lines[i].text);
  free(d->lines);
  sb_free(&d->partial);
  report_free(d->rep);
  free(d);
}

static size_t view_nrows(const pane *p) {
  const view_data *d = vd(p);
  return d->n + (d->partial.len ? 1 : 0);
}

static const char *line_text(const view_data *d, size_t row) {
  return row < d->n ? d->lines[row].text : sb_str(&d->partial);
}

static void view_row(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th) {
  const view_data *d = vd(p);
  attr_t a = base;
  if (row < d->n) a |= th->heat[d->lines[row].heat] | d->lines[row].attr;
  draw_text(w, y, r.x, r.w, line_text(d, row), p->hscroll, 8, a);
}

static bool view_matches(const pane *p, size_t row, const tregex *re) { return regex_match(re, line_text(vd(p), row)); }

static void view_id(const pane *p, size_t row, strbuf *id) {
  (void)p;
  sb_printf(id, "%zu", row); }

static bool view_target(const pane *p, size_t row, target *t) {
  const view_data *d = vd(p);
  if (row >= d->n || !d->lines[row].fn) return false;
  t->fn = t->name = d->lines[row].fn;
  return true;
}

const pane_ops pane_view_ops = {
    .name = "view",
    .header_rows = 0,
    .free_data = view_clear,
    .nrows = view_nrows,
    .draw_header = NULL,
    .draw_row = view_row,
    .matches = view_matches,
    .row_id = view_id,
    .target = view_target,
    .hot = NULL,
};

static void push(view_data *d, char *text, int heat, const char *fn, attr_t attr) {
  XGROW(d->lines, d->cap, d->n + 1);
  d->lines[d->n++] = (view_line){text, heat, fn, attr};
}

void pane_view_reset(pane *p, const char *cmd) {
  pane_clear(p, NULL);
  p->data = xcalloc(1, sizeof(view_data));
  free(p->cmd);
  p->cmd = xstrdup(cmd);
}

void pane_view_add(pane *p, const char *text, size_t n) {
  view_data *d = vd(p);
  for (size_t i = 0; i < n; i++) {
    if (text[i] == '\n') {
      push(d, sb_steal(&d->partial), 0, NULL, 0);
      d->partial.s = NULL, d->partial.len = d->partial.cap = 0;
    } else {
      sb_addc(&d->partial, text[i]);
    }
  }
}

void pane_view_traces(pane *p, report *r) {
  view_data *d = vd(p);
  d->rep = r;
  for (size_t i = 0; i < r->nlabels; i++) push(d, xstrdup(r->labels[i]), 0, NULL, 0);
  for (size_t i = 0; i < r->ntraces; i++) {
    const trace *t = &r->traces[i];
    push(d, xstrdup(print_traces_separator), 0, NULL, A_DIM);
    for (size_t k = 0; k < t->nlabels; k++) {
      size_t n = strlen(t->labels[k]);
      push(d, xstrndup(t->labels[k], n && t->labels[k][n - 1] == '\n' ? n - 1 : n), 0, NULL, A_DIM);
    }
    int heat = heat_level(t->value, r->total);
    for (size_t k = 0; k < t->nframes; k++) {
      strbuf line = STRBUF_INIT;
      print_trace_frame(r, t, k, &line);
      push(d, sb_steal(&line), k == 0 ? heat : 0, t->frames[k].name, 0);
    }
  }
  p->info = report_info(r);
}
