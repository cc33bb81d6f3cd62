/*
 * pane_source.c: the annotated source pane: the routines of a `list`
 * report, each a ROUTINE header, its flat/cum summary and its lines with
 * flat and cum per line, as pprof prints them; or those of a `disasm`
 * report, each instruction with its flat and cum and, where it changes,
 * its function, file and line. Lines with samples are hot (heat by cum)
 * and can be stepped through. The /RE filter selects routines by name.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/units.h"
#include "tui.h"

enum { ROW_HEADER = -1, ROW_SUMMARY = -2, ROW_ERROR = -3 };

typedef struct srow {
  uint32_t routine;
  int32_t line; /* index into the routine's lines, or ROW_* */
} srow;

static const report_rows *sd(const pane *p) { return p->data; }
static const srow *srows(const pane *p) { return sd(p)->rows; }

static const char *dot_or(const report *r, int64_t v, const char *unit, char buf[64]) {
  return v == 0 ? "." : report_fmt_in(r, v, unit, buf);
}

/* The flat and cum columns of a line; returns its heat level (at least 1 when it has samples). */
static int value_columns(const pane *p, WINDOW *w, int y, int *x, rect *r, int64_t flat, int64_t cum, attr_t base,
                         const theme *th) {
  const report *rep = sd(p)->r;
  char a[64];
  int lc = heat_level(cum, rep->total);
  if ((flat || cum) && lc == 0) lc = 1;
  char *text = xasprintf("%10s ", dot_or(rep, flat, sd(p)->unit[0], a));
  draw_put(w, y, x, r, text, base | th->heat[heat_level(flat, rep->total)]);
  free(text);
  text = xasprintf("%10s ", dot_or(rep, cum, sd(p)->unit[1], a));
  draw_put(w, y, x, r, text, base | th->heat[heat_level(cum, rep->total)]);
  free(text);
  return lc;
}

/* pprof's PrintAssembly location: where function, file or line change from the previous instruction. */
static char *asm_loc(const asm_routine *ar, size_t k) {
  const asm_inst *in = &ar->insts[k], *prev = k ? &ar->insts[k - 1] : NULL;
  if (prev ? !strcmp(in->function, prev->function) && !strcmp(in->file, prev->file) && in->line == prev->line
           : !*in->function && !*in->file && !in->line)
    return NULL;
  strbuf loc = STRBUF_INIT;
  if (*in->function) sb_printf(&loc, "%s ", in->function);
  if (*in->file) {
    sb_adds(&loc, in->file);
    if (in->line) sb_printf(&loc, ":%" PRId64, in->line);
  }
  return sb_steal(&loc);
}

static void asm_row(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th) {
  const report *rep = sd(p)->r;
  const srow *sr = &srows(p)[row];
  const asm_routine *ar = &rep->asm_[sr->routine];
  char a[64], b[64], pct[32];
  char *text = NULL;
  int x = r.x;
  if (sr->line == ROW_HEADER) {
    text = xasprintf("ROUTINE ======================== %s", ar->name);
    draw_text(w, y, x, r.w, text, p->hscroll, 0, base | th->header);
  } else if (sr->line == ROW_SUMMARY) {
    text = xasprintf("%10s %10s (flat, cum) %s of Total", report_fmt_in(rep, ar->flat, sd(p)->unit[0], a),
                     report_fmt_in(rep, ar->cum, sd(p)->unit[1], b), units_pct_buf(pct, ar->cum, rep->total));
    draw_text(w, y, x, r.w, text, 0, 0, base | th->header);
  } else {
    const asm_inst *in = &ar->insts[sr->line];
    bool sampled = in->flat || in->cum;
    int lc = value_columns(p, w, y, &x, &r, in->flat, in->cum, base, th);
    char *loc = asm_loc(ar, (size_t)sr->line);
    text = loc ? xasprintf("%10" PRIx64 ": %-40s;%s", in->addr, in->text, loc) : xasprintf("%10" PRIx64 ": %s", in->addr, in->text);
    free(loc);
    if (x < r.x + r.w) draw_text(w, y, x, r.x + r.w - x, text, p->hscroll, 0, base | (sampled ? th->heat[lc] | A_BOLD : 0));
  }
  free(text);
}

static void source_row(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th) {
  const report *rep = sd(p)->r;
  const srow *sr = &srows(p)[row];
  if (rep->kind == RK_DISASM) {
    asm_row(p, w, y, r, row, base, th);
    return;
  }
  const list_routine *l = &rep->list[sr->routine];
  char a[64], b[64], pct[32];
  char *text = NULL;
  int x = r.x;
  switch (sr->line) {
  case ROW_HEADER:
    text = xasprintf("ROUTINE ======================== %s in %s", l->name, l->file);
    draw_text(w, y, x, r.w, text, p->hscroll, 0, base | th->header);
    break;
  case ROW_SUMMARY:
    text = xasprintf("%10s %10s (flat, cum) %s of Total", report_fmt_in(rep, l->flat, sd(p)->unit[0], a),
                     report_fmt_in(rep, l->cum, sd(p)->unit[1], b),
                     units_pct_buf(pct, l->cum, rep->total));
    draw_text(w, y, x, r.w, text, 0, 0, base | th->heat[heat_level(l->cum, rep->total)]);
    break;
  case ROW_ERROR:
    text = l->no_source ? xasprintf("No source information for %s", l->name) : xasprintf(" Error: %s", l->error);
    draw_text(w, y, x, r.w, text, p->hscroll, 0, base | th->error);
    break;
  default: {
    const list_line *ln = &l->lines[sr->line];
    bool sampled = ln->flat || ln->cum;
    int lc = value_columns(p, w, y, &x, &r, ln->flat, ln->cum, base, th);
    text = xasprintf("%6" PRId64 ":", ln->lineno);
    attr_t code = base | (sampled ? th->heat[lc] | A_BOLD : 0);
    draw_put(w, y, &x, &r, text, code);
    /* tabs as a terminal shows pprof's text: stops every 8 columns of the line */
    char *src = expand_tabs(ln->text, x - r.x, 8), *nul; /* a NUL byte shows as ? as other controls do */
    if ((nul = memchr(ln->text, 0, ln->len))) {
      char *t = xstrndup(ln->text, ln->len);
      for (size_t i = (size_t)(nul - ln->text); i < ln->len; i++)
        if (!t[i]) t[i] = '?';
      free(src);
      src = expand_tabs(t, x - r.x, 8);
      free(t);
    }
    if (x < r.x + r.w) draw_text(w, y, x, r.x + r.w - x, src, p->hscroll, 0, code);
    free(src);
  }
  }
  free(text);
}

static const char *routine_name(const pane *p, size_t row) {
  const report *r = sd(p)->r;
  uint32_t i = srows(p)[row].routine;
  return r->kind == RK_DISASM ? r->asm_[i].name : r->list[i].name;
}

static bool source_matches(const pane *p, size_t row, const tregex *re) { return regex_match(re, routine_name(p, row)); }

static void source_id(const pane *p, size_t row, strbuf *id) {
  const srow *sr = &srows(p)[row];
  if (sd(p)->r->kind == RK_DISASM) {
    const asm_routine *ar = &sd(p)->r->asm_[sr->routine];
    sb_printf(id, "asm\x1f%s\x1f", ar->name);
    if (sr->line >= 0) sb_printf(id, "%" PRIx64, ar->insts[sr->line].addr);
    else sb_printf(id, "%d", sr->line);
    return;
  }
  const list_routine *l = &sd(p)->r->list[sr->routine];
  sb_printf(id, "%s\x1f%s\x1f", l->name, l->file);
  if (sr->line >= 0)
    sb_printf(id, "%" PRId64, l->lines[sr->line].lineno);
  else
    sb_printf(id, "%d", sr->line);
}

static bool source_target(const pane *p, size_t row, target *t) {
  t->fn = t->name = routine_name(p, row);
  return true;
}

static bool source_hot(const pane *p, size_t row) {
  const srow *sr = &srows(p)[row];
  if (sr->line < 0) return false;
  if (sd(p)->r->kind == RK_DISASM) {
    const asm_inst *in = &sd(p)->r->asm_[sr->routine].insts[sr->line];
    return in->flat || in->cum;
  }
  const list_line *ln = &sd(p)->r->list[sr->routine].lines[sr->line];
  return ln->flat || ln->cum;
}

const pane_ops pane_source_ops = {
    .name = "source",
    .header_rows = 0,
    .free_data = report_rows_free,
    .nrows = report_rows_count,
    .draw_header = NULL,
    .draw_row = source_row,
    .matches = source_matches,
    .row_id = source_id,
    .target = source_target,
    .hot = source_hot,
};

static void add(report_rows *d, uint32_t routine, int32_t line) {
  srow row = {routine, line};
  report_rows_add(d, &row, sizeof row);
}

void pane_source_set(pane *p, report *r) {
  pane_clear(p, NULL);
  report_rows *d = report_rows_new(r);
  int64_t mflat = 0, mcum = 0; /* each column in one unit, from its largest value */
  for (size_t i = 0; i < r->nasm; i++) {
    const asm_routine *ar = &r->asm_[i];
    mflat = abs_max(mflat, ar->flat), mcum = abs_max(mcum, ar->cum);
    add(d, (uint32_t)i, ROW_HEADER);
    add(d, (uint32_t)i, ROW_SUMMARY);
    for (size_t k = 0; k < ar->ninsts; k++) add(d, (uint32_t)i, (int32_t)k);
  }
  for (size_t i = 0; i < r->nlist; i++) {
    const list_routine *l = &r->list[i];
    mflat = abs_max(mflat, l->flat), mcum = abs_max(mcum, l->cum);
    for (size_t k = 0; k < l->nlines; k++) mflat = abs_max(mflat, l->lines[k].flat), mcum = abs_max(mcum, l->lines[k].cum);
    if (l->no_source) {
      add(d, (uint32_t)i, ROW_ERROR);
      continue;
    }
    add(d, (uint32_t)i, ROW_HEADER);
    add(d, (uint32_t)i, ROW_SUMMARY);
    if (l->error) add(d, (uint32_t)i, ROW_ERROR);
    for (size_t k = 0; k < l->nlines; k++) add(d, (uint32_t)i, (int32_t)k);
  }
  d->unit[0] = report_column_unit(r, mflat ? mflat : r->total);
  d->unit[1] = report_column_unit(r, mcum ? mcum : r->total);
  p->data = d;
  char t[64];
  p->info = xasprintf("Total: %s", report_fmt_in(r, r->total, report_column_unit(r, r->total), t));
}

bool pane_source_first_hot(const pane *p, size_t *row) {
  if (!p->data) return false;
  for (size_t i = 0; i < report_rows_count(p); i++)
    if (source_hot(p, i)) {
      *row = i;
      return true;
    }
  return false;
}
