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

/* The separator and legend lines of tree/peek and traces. */
extern const char *const print_tree_separator, *const print_tree_legend, *const print_traces_separator;

#endif
