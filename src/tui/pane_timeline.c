/*
 * pane_timeline.c: the timeline pane (the `timeline` command, M-l): the
 * session's snapshots in time order, one row per node with its value at
 * every snapshot, the change from first to last, the rate per minute, a
 * sparkline in heat colours (each glyph coloured by its height) and the
 * "steady" mark of a leak suspect, largest growth first. It renders a
 * RK_TIMELINE report with the text printer's pieces (print.h), so its
 * columns read as `tprof -timeline` prints them. Two header lines: the
 * current snapshot (the one every other pane shows; M-, and M-. step it)
 * and the column titles, the current snapshot's starred. Enter on a row
 * runs `growth first last list` and `peek` of its function (keys.c).
 * Rows are named by their printable name, so the cursor stays on a node
 * when a new snapshot comes (watch) or the sample type changes.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/print.h"
#include "tui.h"

typedef struct timeline_data {
  report *r;    /* owned: RK_TIMELINE */
  int w[3];     /* the value, change and rate columns' widths (print_timeline_widths) */
  strbuf label; /* the status line's text for the selection */
} timeline_data;

static timeline_data *tld(const pane *p) { return p->data; }

static void timeline_free(pane *p) {
  timeline_data *d = p->data;
  report_free(d->r);
  sb_free(&d->label);
  free(d);
}

static size_t timeline_nrows(const pane *p) { return tld(p)->r->ntl; }

static void timeline_header(const pane *p, WINDOW *w, rect r, const theme *th) {
  const timeline_data *d = tld(p);
  const report *rep = d->r;
  strbuf sb = STRBUF_INIT;
  if (rep->tl_cur < rep->nsnaps) {
    sb_printf(&sb, "shown in every pane: snapshot %zu of %zu ", rep->tl_cur + 1, rep->nsnaps);
    print_timeline_snap(rep, rep->tl_cur, &sb);
  } else {
    sb_printf(&sb, "shown in every pane: the merge of the sources (snapshot N shows one)");
  }
  draw_text(w, r.y, r.x, r.w, sb_str(&sb), 0, 0, th->dim);
  sb_reset(&sb);
  print_timeline_titles(rep, d->w, &sb);
  sb_printf(&sb, "  %-*s %-6s  %s", (int)(rep->nsnaps > 5 ? rep->nsnaps : 5), "trend", "", "name");
  draw_text(w, r.y + 1, r.x, r.w, sb_str(&sb), 0, 0, th->header);
  if (rep->tl_cur < rep->nsnaps) { /* the current snapshot's title, marked */
    char h[32];
    snprintf(h, sizeof h, "*#%zu", rep->tl_cur + 1);
    int x = r.x + (int)(rep->tl_cur + 1) * (d->w[0] + 1) - 1 - (int)strlen(h);
    if (x >= r.x) draw_text(w, r.y + 1, x, r.x + r.w - x, h, 0, 0, th->header | A_UNDERLINE);
  }
  sb_free(&sb);
}

/* The heat of a sparkline glyph: its height 0..7 on the theme's five levels. */
static int spark_heat(int level) { return level <= 0 ? 0 : 1 + (level - 1) / 2; }

static void timeline_draw_row(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th) {
  const timeline_data *d = tld(p);
  const report *rep = d->r;
  const timeline_row *t = &rep->tl[row];
  int64_t total = rep->nsnaps ? rep->snaps[rep->nsnaps - 1].total : 0;
  strbuf sb = STRBUF_INIT;
  print_timeline_values(rep, t, d->w, &sb);
  int x = r.x;
  draw_put(w, y, &x, &r, sb_str(&sb), base | th->heat[heat_level(t->change, total)]);
  draw_put(w, y, &x, &r, "  ", base);
  size_t k = 0;
  for (; k < rep->nsnaps; k++) {
    int level = report_timeline_level(rep, t, k);
    draw_put(w, y, &x, &r, print_spark_glyph(level, th->utf8), base | th->heat[spark_heat(level)]);
  }
  for (; k < 5; k++) draw_put(w, y, &x, &r, " ", base);
  draw_put(w, y, &x, &r, " ", base);
  sb_reset(&sb);
  sb_printf(&sb, "%-6s", t->steady ? PRINT_STEADY : "");
  draw_put(w, y, &x, &r, sb_str(&sb), base | (t->steady ? th->error : 0));
  draw_put(w, y, &x, &r, "  ", base);
  sb_reset(&sb);
  sb_printf(&sb, "%s%s%s", t->name, *t->inline_label ? " " : "", t->inline_label);
  int room = r.x + r.w - x;
  if (room > 0) {
    if (p->hscroll > 0) {
      draw_text(w, y, x, room, sb_str(&sb), p->hscroll, 0, base);
    } else {
      char *cut = trunc_middle(sb_str(&sb), room, th);
      draw_text(w, y, x, room, cut, 0, 0, base);
      free(cut);
    }
  }
  sb_free(&sb);
}

static bool timeline_matches(const pane *p, size_t row, const tregex *re) {
  return regex_match(re, tld(p)->r->tl[row].name);
}

static void timeline_id(const pane *p, size_t row, strbuf *id) {
  const timeline_row *t = &tld(p)->r->tl[row];
  sb_printf(id, "%s %s", t->name, t->inline_label);
}

/* The selection on the status line: its name and what it gained from the first snapshot to the last. */
static bool timeline_target(const pane *p, size_t row, target *tg) {
  timeline_data *d = tld(p);
  const report *r = d->r;
  const timeline_row *t = &r->tl[row];
  char v[64];
  tg->name = t->name;
  tg->fn = t->fn ? t->fn : t->name;
  sb_reset(&d->label);
  sb_printf(&d->label, "%s  %s%s from #1 to #%zu%s", t->name, t->change > 0 ? "+" : "", report_fmt(r, t->change, v),
            r->nsnaps, t->steady ? ", grew at every step" : "");
  tg->label = sb_str(&d->label);
  return true;
}

const pane_ops pane_timeline_ops = {
    .name = "timeline",
    .header_rows = 2,
    .free_data = timeline_free,
    .nrows = timeline_nrows,
    .draw_header = timeline_header,
    .draw_row = timeline_draw_row,
    .matches = timeline_matches,
    .row_id = timeline_id,
    .target = timeline_target,
    .hot = NULL,
};

void pane_timeline_set(pane *p, report *r) {
  pane_clear(p, NULL);
  timeline_data *d = xcalloc(1, sizeof *d);
  d->r = r;
  print_timeline_widths(r, d->w);
  p->data = d;
  p->info = report_info(r);
}
