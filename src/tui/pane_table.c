/*
 * pane_table.c: the top table pane: the rows of a `top`/`text` report,
 * with pprof's columns (flat flat% sum% cum cum%), each value column in one
 * unit, heat on the values and names cut in the middle. Rows are named by their printable name, so the
 * cursor stays on a function when the sample type or a filter changes.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/units.h"
#include "tui.h"

/* Rows: the running flat sum of each row (sum%), one int64_t a row. */
static const report_rows *td(const pane *p) { return p->data; }

static void table_header(const pane *p, WINDOW *w, rect r, const theme *th) {
  (void)p;
  char h[128];
  snprintf(h, sizeof h, "%10s %5s%% %5s%% %10s %5s%%  %s", "flat", "flat", "sum", "cum", "cum", "name");
  draw_text(w, r.y, r.x, r.w, h, 0, 0, th->header);
}

static void table_row(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th) {
  const report *rep = td(p)->r;
  const top_row *t = &rep->top[row];
  const int64_t *sum = td(p)->rows;
  char v[64], pct[32], cell[80];
  int x = r.x;
  attr_t hf = base | th->heat[heat_level(t->flat, rep->total)], hc = base | th->heat[heat_level(t->cum, rep->total)];
  snprintf(cell, sizeof cell, "%10s ", report_fmt_in(rep, t->flat, td(p)->unit[0], v));
  draw_put(w, y, &x, &r, cell, hf);
  snprintf(cell, sizeof cell, "%s ", units_pct_buf(pct, t->flat, rep->total));
  draw_put(w, y, &x, &r, cell, hf);
  snprintf(cell, sizeof cell, "%s ", units_pct_buf(pct, sum[row], rep->total));
  draw_put(w, y, &x, &r, cell, base);
  snprintf(cell, sizeof cell, "%10s ", report_fmt_in(rep, t->cum, td(p)->unit[1], v));
  draw_put(w, y, &x, &r, cell, hc);
  snprintf(cell, sizeof cell, "%s  ", units_pct_buf(pct, t->cum, rep->total));
  draw_put(w, y, &x, &r, cell, hc);
  char *name = *t->inline_label ? xasprintf("%s %s", t->name, t->inline_label) : xstrdup(t->name);
  int room = r.x + r.w - x;
  if (p->hscroll > 0) {
    draw_text(w, y, x, room, name, p->hscroll, 0, base | th->heat[heat_level(t->flat, rep->total)]);
  } else {
    char *cut = trunc_middle(name, room, th);
    draw_text(w, y, x, room, cut, 0, 0, base | th->heat[heat_level(t->flat, rep->total)]);
    free(cut);
  }
  free(name);
}

static bool table_matches(const pane *p, size_t row, const tregex *re) {
  return regex_match(re, td(p)->r->top[row].name);
}

static void table_id(const pane *p, size_t row, strbuf *id) { sb_adds(id, td(p)->r->top[row].name); }

static bool table_target(const pane *p, size_t row, target *t) {
  const report *r = td(p)->r;
  const char *fn = report_fn_name(r, r->top[row].node);
  t->name = r->top[row].name;
  t->fn = fn ? fn : t->name;
  return true;
}

const pane_ops pane_table_ops = {
    .name = "table",
    .header_rows = 1,
    .free_data = report_rows_free,
    .nrows = report_rows_count,
    .draw_header = table_header,
    .draw_row = table_row,
    .matches = table_matches,
    .row_id = table_id,
    .target = table_target,
    .hot = NULL,
};

void pane_table_set(pane *p, report *r) {
  pane_clear(p, NULL);
  report_rows *d = report_rows_new(r);
  int64_t sum = 0, mflat = 0, mcum = 0;
  for (size_t i = 0; i < r->ntop; i++) {
    sum += r->top[i].flat;
    report_rows_add(d, &sum, sizeof sum);
    mflat = abs_max(mflat, r->top[i].flat), mcum = abs_max(mcum, r->top[i].cum);
  }
  /* one unit a column, from its largest value (the total when all are 0) */
  d->unit[0] = report_column_unit(r, mflat ? mflat : r->total);
  d->unit[1] = report_column_unit(r, mcum ? mcum : r->total);
  p->data = d;
  p->info = report_info(r);
}

bool pane_table_find(const pane *p, const char *fn, size_t *row) {
  if (!p->data) return false;
  const report *r = td(p)->r;
  for (size_t i = 0; i < r->ntop; i++) {
    const char *f = report_fn_name(r, r->top[i].node);
    if (!strcmp(r->top[i].name, fn) || (f && !strcmp(f, fn))) {
      *row = i;
      return true;
    }
  }
  return false;
}
