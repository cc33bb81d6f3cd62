/*
 * print.c: pprof's text output for every report kind, from report rows.
 */
#include "tprof/print.h"

#include "tprof/flame.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tprof/gofmt.h"
#include "tprof/units.h"

const char *const print_tree_separator = "----------------------------------------------------------+-------------";
const char *const print_tree_legend = "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ";
const char *const print_traces_separator = "-----------+-------------------------------------------------------";

static void labels(const report *r, strbuf *out) {
  for (size_t i = 0; i < r->nlabels; i++) {
    if (i) sb_addc(out, '\n');
    sb_adds(out, r->labels[i]);
  }
  sb_addc(out, '\n');
}

static void print_text(const report *r, strbuf *out) {
  labels(r, out);
  sb_printf(out, "%10s %5s%% %5s%% %10s %5s%%\n", "flat", "flat", "sum", "cum", "cum");
  int64_t sum = 0;
  for (size_t i = 0; i < r->ntop; i++) {
    const top_row *t = &r->top[i];
    char f[64], c[64], p1[32], p2[32], p3[32];
    sum = i64_add(sum, t->flat);
    sb_printf(out, "%10s %s %s %10s %s  %s%s%s\n", report_fmt(r, t->flat, f), units_pct_buf(p1, t->flat, r->total),
              units_pct_buf(p2, sum, r->total), report_fmt(r, t->cum, c), units_pct_buf(p3, t->cum, r->total),
              t->name, *t->inline_label ? " " : "", t->inline_label);
  }
}

static void print_tree(const report *r, strbuf *out) {
  labels(r, out);
  sb_printf(out, "%s\n%s\n", print_tree_separator, print_tree_legend);
  int64_t sum = 0;
  char a[64], b[64], p1[32], p2[32], p3[32];
  for (size_t i = 0; i < r->ntree; i++) {
    const tree_entry *t = &r->tree[i];
    sb_printf(out, "%s\n", print_tree_separator);
    for (size_t k = 0; k < t->nin; k++)
      sb_printf(out, "%50s %s |   %s%s\n", report_fmt(r, t->in[k].weight, a), units_pct_buf(p1, t->in[k].weight, t->cum),
                t->in[k].name, t->in[k].inline_ ? " (inline)" : "");
    sum = i64_add(sum, t->flat);
    sb_printf(out, "%10s %s %s %10s %s                | %s\n", report_fmt(r, t->flat, a),
              units_pct_buf(p1, t->flat, r->total), units_pct_buf(p2, sum, r->total), report_fmt(r, t->cum, b),
              units_pct_buf(p3, t->cum, r->total), t->name);
    for (size_t k = 0; k < t->nout; k++)
      sb_printf(out, "%50s %s |   %s%s\n", report_fmt(r, t->out[k].weight, a),
                units_pct_buf(p1, t->out[k].weight, t->cum), t->out[k].name, t->out[k].inline_ ? " (inline)" : "");
  }
  if (r->g.nnodes > 0) sb_printf(out, "%s\n", print_tree_separator);
}

static const char *dot_or(const report *r, int64_t v, char buf[64]) {
  if (v == 0) return ".";
  return report_fmt(r, v, buf);
}

static void print_list(const report *r, strbuf *out) {
  char a[64], b[64], p[32];
  sb_printf(out, "Total: %s\n", report_fmt(r, r->total, a));
  for (size_t i = 0; i < r->nlist; i++) {
    const list_routine *l = &r->list[i];
    if (l->no_source) {
      sb_printf(out, "No source information for %s\n", l->name);
      continue;
    }
    sb_printf(out, "ROUTINE ======================== %s in %s\n", l->name, l->file);
    sb_printf(out, "%10s %10s (flat, cum) %s of Total\n", report_fmt(r, l->flat, a), report_fmt(r, l->cum, b),
              units_pct_buf(p, l->cum, r->total));
    if (l->error) {
      sb_printf(out, " Error: %s\n", l->error);
      continue;
    }
    for (size_t k = 0; k < l->nlines; k++) { /* the text as read, NUL bytes included (as pprof prints it) */
      sb_printf(out, "%10s %10s %6" PRId64 ":", dot_or(r, l->lines[k].flat, a), dot_or(r, l->lines[k].cum, b),
                l->lines[k].lineno);
      sb_add(out, l->lines[k].text, l->lines[k].len);
      sb_addc(out, '\n');
    }
  }
}

/* pprof's PrintAssembly: the location (function, file:line) only where it changes. */
static void print_disasm(const report *r, strbuf *out) {
  char a[64], b[64], pct[32];
  sb_add(out, sb_str(&r->text), r->text.len); /* binaries that failed to open */
  sb_printf(out, "Total: %s\n", report_fmt(r, r->total, a));
  for (size_t i = 0; i < r->nasm; i++) {
    const asm_routine *ar = &r->asm_[i];
    sb_printf(out, "ROUTINE ======================== %s\n", ar->name);
    sb_printf(out, "%10s %10s (flat, cum) %s of Total\n", report_fmt(r, ar->flat, a), report_fmt(r, ar->cum, b),
              units_pct_buf(pct, ar->cum, r->total));
    const char *fn = "", *file = "";
    int64_t line = 0;
    strbuf loc = STRBUF_INIT;
    for (size_t k = 0; k < ar->ninsts; k++) {
      const asm_inst *in = &ar->insts[k];
      sb_reset(&loc);
      if (strcmp(in->function, fn) || strcmp(in->file, file) || in->line != line) {
        fn = in->function, file = in->file, line = in->line;
        if (*in->function) sb_printf(&loc, "%s ", in->function);
        if (*in->file) {
          sb_adds(&loc, in->file);
          if (in->line) sb_printf(&loc, ":%" PRId64, in->line);
        }
      }
      const char *fv = dot_or(r, in->flat, a), *cv = dot_or(r, in->cum, b);
      if (loc.len == 0)
        sb_printf(out, "%10s %10s %10" PRIx64 ": %s\n", fv, cv, in->addr, in->text);
      else if (strlen(in->text) < 40)
        sb_printf(out, "%10s %10s %10" PRIx64 ": %-40s;%s\n", fv, cv, in->addr, in->text, sb_str(&loc));
      else
        sb_printf(out, "%74s;%s\n%10s %10s %10" PRIx64 ": %s\n", "", sb_str(&loc), fv, cv, in->addr, in->text);
    }
    sb_free(&loc);
  }
}

void print_trace_frame(const report *r, const trace *t, size_t k, strbuf *out) {
  char a[64];
  sb_printf(out, "%10s   %s%s", k == 0 ? report_fmt(r, t->value, a) : "", t->frames[k].name,
            t->frames[k].inline_ ? " (inline)" : "");
}

static void print_traces(const report *r, strbuf *out) {
  labels(r, out);
  for (size_t i = 0; i < r->ntraces; i++) {
    const trace *t = &r->traces[i];
    sb_printf(out, "%s\n", print_traces_separator);
    for (size_t k = 0; k < t->nlabels; k++) sb_adds(out, t->labels[k]);
    for (size_t k = 0; k < t->nframes; k++) {
      print_trace_frame(r, t, k, out);
      sb_addc(out, '\n');
    }
  }
  sb_printf(out, "%s\n", print_traces_separator);
}

/* ---- timeline (tprof's) ---- */

/* Value v in the table's unit, "+" before a growth when signed. */
static void tl_value(const report *r, int64_t v, bool sign, strbuf *out) {
  char b[64];
  sb_printf(out, "%s%s", sign && v > 0 ? "+" : "", report_fmt(r, v, b));
}

static size_t tl_len(const report *r, int64_t v, bool sign) {
  strbuf sb = STRBUF_INIT;
  tl_value(r, v, sign, &sb);
  size_t n = sb.len;
  sb_free(&sb);
  return n;
}

void print_timeline_widths(const report *r, int w[3]) {
  size_t m[3] = {10, 10, r->has_rate ? 10 : 0};
  for (size_t i = 0; i < r->ntl; i++) {
    const timeline_row *t = &r->tl[i];
    for (size_t k = 0; k < r->nsnaps; k++)
      if (tl_len(r, t->v[k], false) > m[0]) m[0] = tl_len(r, t->v[k], false);
    if (tl_len(r, t->change, true) > m[1]) m[1] = tl_len(r, t->change, true);
    if (r->has_rate && tl_len(r, t->rate, true) + 4 > m[2]) m[2] = tl_len(r, t->rate, true) + 4;
  }
  for (int i = 0; i < 3; i++) w[i] = (int)m[i];
}

void print_timeline_titles(const report *r, const int w[3], strbuf *out) {
  for (size_t k = 0; k < r->nsnaps; k++) {
    char h[32];
    snprintf(h, sizeof h, "#%zu", k + 1);
    sb_printf(out, "%*s ", w[0], h);
  }
  sb_printf(out, "%*s %*s", w[1], "change", w[2], r->has_rate ? "per min" : "");
}

void print_timeline_values(const report *r, const timeline_row *t, const int w[3], strbuf *out) {
  strbuf v = STRBUF_INIT;
  for (size_t k = 0; k < r->nsnaps; k++) {
    sb_reset(&v);
    tl_value(r, t->v[k], false, &v);
    sb_printf(out, "%*s ", w[0], sb_str(&v));
  }
  sb_reset(&v);
  tl_value(r, t->change, true, &v);
  sb_printf(out, "%*s ", w[1], sb_str(&v));
  sb_reset(&v);
  if (r->has_rate) {
    tl_value(r, t->rate, true, &v);
    sb_adds(&v, "/min");
  }
  sb_printf(out, "%*s", w[2], sb_str(&v));
  sb_free(&v);
}

const char *print_spark_glyph(int level, bool utf8) {
  static const char *const bars[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
                                      "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"};
  static const char *const ascii[8] = {"_", ".", ",", "-", "=", "+", "*", "#"};
  if (level < 0) level = 0;
  if (level > 7) level = 7;
  return utf8 ? bars[level] : ascii[level];
}

void print_timeline_snap(const report *r, size_t i, strbuf *out) {
  const timeline_snap *s = &r->snaps[i];
  char b[64];
  sb_printf(out, "  #%zu  ", i + 1);
  if (s->time_nanos) go_time_string(out, s->time_nanos);
  else sb_adds(out, "(no time)");
  sb_printf(out, "  total %s  %s", report_fmt(r, s->total, b), s->source);
}

static void print_timeline(const report *r, strbuf *out) {
  labels(r, out);
  for (size_t i = 0; i < r->nsnaps; i++) {
    print_timeline_snap(r, i, out);
    sb_addc(out, '\n');
  }
  int w[3];
  print_timeline_widths(r, w);
  print_timeline_titles(r, w, out);
  sb_printf(out, "  %-*s\n", (int)r->nsnaps, "trend");
  bool utf8 = locale_is_utf8();
  for (size_t i = 0; i < r->ntl; i++) {
    const timeline_row *t = &r->tl[i];
    print_timeline_values(r, t, w, out);
    sb_adds(out, "  ");
    for (size_t k = 0; k < r->nsnaps; k++) sb_adds(out, print_spark_glyph(report_timeline_level(r, t, k), utf8));
    for (size_t k = r->nsnaps; k < 5; k++) sb_addc(out, ' ');
    sb_printf(out, " %-6s  %s%s%s\n", t->steady ? PRINT_STEADY : "", t->name, *t->inline_label ? " " : "",
              t->inline_label);
  }
}

void print_report(const report *r, strbuf *out) {
  switch (r->kind) {
  case RK_TEXT: print_text(r, out); break;
  case RK_TREE: print_tree(r, out); break;
  case RK_LIST: print_list(r, out); break;
  case RK_DISASM: print_disasm(r, out); break;
  case RK_TRACES: print_traces(r, out); break;
  case RK_TIMELINE: print_timeline(r, out); break;
  case RK_PROTO:
  case RK_TOPPROTO: sb_add(out, r->bytes, r->nbytes); break;
  case RK_FLAME:
    if (r->flame) flame_print_folded(r->flame, out);
    break;
  default: sb_add(out, sb_str(&r->text), r->text.len); break;
  }
}
