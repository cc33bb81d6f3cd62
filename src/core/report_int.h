/*
 * report_int.h: what report.c shares with the report generators
 * (report_*.c) and nothing else uses: each kind's generator, the cache
 * helpers and the pipeline steps several kinds call. Front ends use
 * tprof/report.h only.
 */
#ifndef TPROF_REPORT_INT_H
#define TPROF_REPORT_INT_H

#include "tprof/report.h"

/* Each kind's generator (report.c dispatches). */
bool report_gen_text(report *r, char **err);
bool report_gen_tree(report *r, char **err);
bool report_gen_list(report *r, char **err);
bool report_gen_traces(report *r, char **err);
bool report_gen_tags(report *r, char **err);
bool report_gen_dot(report *r, char **err);
bool report_gen_callgrind(report *r, char **err);
bool report_gen_proto(report *r, bool top, char **err);
bool report_gen_flame(report *r, char **err);
bool report_gen_disasm(report *r, char **err);
bool report_gen_weblist(report *r, char **err);
void report_raw(const profile *p, strbuf *sb);

/* pprof's sourceReader (report_list.c): files found on search (':'-separated)
 * after trim, read once. search and trim are borrowed. */
typedef struct src_reader src_reader;
src_reader *report_source_reader_new(const char *search, const char *trim);
/* Line lineno of path (NUL bytes kept), or NULL when the file cannot be read
 * or has no such line. Caller frees. */
char *report_source_line(src_reader *rd, const char *path, int64_t lineno);
void report_source_reader_free(src_reader *rd);

/* The graph's nodes and weights, no edges (the first pass when cached). */
void report_build_weights(report *r);

/* The regex argument of list/peek (NULL if none); borrowed. */
struct tregex *report_symbol(report *r);

/* Cache helpers for the generators: first-pass weights (every sample type
 * at once) of the report's cached view (false when there is no cache): the
 * weights if the view has them, or made now. */
bool report_cached_weights(report *r, graph *out);
bool report_first_pass(report *r, graph *out);

/* How many first passes the cache made from an unfiltered view's weights
 * minus those of the samples a focus dropped (tests). */
size_t report_cache_differences(const report_cache *c);
/* How many passes read their samples from the cache's need_memo (tests). */
size_t report_cache_memo_reuses(const report_cache *c);
/* The cache's need_memo for the report's passes (NULL without a cache). */
need_memo *report_need_memo(report *r);

/* How many tag nodelets a node of the dot report draws (report_dot.c's tags, in ctx). */
typedef size_t report_tags_fn(const void *ctx, uint32_t node);

/* pprof's newTrimmedGraph + selectOutputUnit, used by several kinds. visual
 * (dot) counts each node with up to 4 of its nodelets, from tags(tags_ctx, node). */
void report_trimmed_graph(report *r, bool visual, report_tags_fn *tags, const void *tags_ctx, size_t *orig_count,
                          size_t *dropped_nodes, size_t *dropped_edges);
void report_select_unit(report *r);
/* selectOutputUnit's choice for values from minv (the least non-zero) to maxv (the total): r->output_unit. */
void report_select_unit_range(report *r, int64_t minv, int64_t maxv);
/* Append a header line (taking s). */
void report_add_label(report *r, char *s);
void report_labels(report *r, size_t orig_count, size_t dropped_nodes, size_t dropped_edges, bool full);

/* The timeline's memo of each snapshot's top rows (report_timeline.c),
 * kept in the session's report cache: *report_cache_timeline(c) is NULL
 * until the first timeline; report_cache_free frees it. */
typedef struct tl_memo tl_memo;
tl_memo **report_cache_timeline(report_cache *c);
void tl_memo_free(tl_memo *m);

/* The view-cache key of a configuration (after the command's overrides):
 * the values of the options flagged OPTF_VIEW. Caller frees. */
char *report_view_key(const config *c);

#endif
