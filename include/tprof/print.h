/*
 * print.h: the text printer: renders a report exactly as go tool pprof
 * prints it. The curses panes are the other renderer of the same reports.
 */
#ifndef TPROF_PRINT_H
#define TPROF_PRINT_H

#include "tprof/report.h"

/* Append r's text rendering to out (binary bytes for proto kinds). */
void print_report(const report *r, strbuf *out);

/* Frame k of trace t as the traces report prints it (no newline): the
 * value on the first frame, the name, " (inline)". The UI shows the same. */
void print_trace_frame(const report *r, const trace *t, size_t k, strbuf *out);

/* The timeline's pieces, shared by the text printer and the timeline
 * pane: the widths of the value, change and rate columns (pprof's 10, or
 * the widest);
 * the column titles; a row's values at each snapshot, change and rate per
 * minute, right-aligned to w; the sparkline glyph of a level 0..7
 * (report_timeline_level), "▁".."█" or ASCII; a snapshot's header line. */
void print_timeline_widths(const report *r, int w[3]);
void print_timeline_titles(const report *r, const int w[3], strbuf *out);
void print_timeline_values(const report *r, const timeline_row *t, const int w[3], strbuf *out);
const char *print_spark_glyph(int level, bool utf8);
void print_timeline_snap(const report *r, size_t i, strbuf *out);
#define PRINT_STEADY "steady"

/* The separator and legend lines of tree/peek and traces. */
extern const char *const print_tree_separator, *const print_tree_legend, *const print_traces_separator;

#endif
