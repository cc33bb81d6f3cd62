/*
 * report.h: pprof's reports as data.
 *
 * report_run() takes the loaded profile, a command and the configuration,
 * runs pprof's pipeline (command overrides, tag roots, focus and the other
 * filters, granularity, graph trimming, unit selection) and returns a
 * report: header labels plus rows specific to its kind (top rows, tree
 * entries, annotated source, traces). Two printers render a report: the
 * text printer (print.h), byte-exact with go tool pprof, and the curses
 * panes. Nothing here prints; messages pprof writes on stderr while making
 * a report are returned in `msgs`.
 */
#ifndef TPROF_REPORT_H
#define TPROF_REPORT_H

#include "tprof/graph.h"
#include "tprof/options.h"
#include "tprof/profile.h"

typedef struct top_row {
  uint32_t node;          /* node id in the report's graph */
  const char *name;       /* PrintableName (borrowed from the report) */
  const char *inline_label; /* "", "(inline)" or "(partial-inline)" */
  int64_t flat, cum;
} top_row;

typedef struct tree_edge {
  uint32_t node;   /* the caller (in-edges) or callee (out-edges) */
  const char *name;
  int64_t weight;
  bool inline_;
} tree_edge;

typedef struct tree_entry {
  uint32_t node;
  const char *name;
  int64_t flat, cum;
  tree_edge *in, *out;
  size_t nin, nout;
} tree_entry;

typedef struct list_line {
  int64_t lineno;
  char *text; /* the source line, NUL bytes included (len bytes, then a NUL) */
  size_t len;
  int64_t flat, cum;
} list_line;

typedef struct list_routine {
  const char *name, *file;
  int64_t flat, cum;
  char *error;         /* " Error: ..." when the source cannot be read */
  bool no_source;      /* "No source information for X" */
  list_line *lines;
  size_t nlines;
} list_routine;

/* disasm: one instruction of a routine, with the samples at its address */
typedef struct asm_inst {
  uint64_t addr;
  char *text;           /* the disassembler's text */
  const char *function; /* from the samples, or "" (borrowed) */
  char *file;           /* base name, or "" */
  int64_t line;
  int64_t flat, cum;    /* divided when the samples carry a divisor (mean) */
  char *objfn;          /* the function binutils' objdump names it under, or NULL */
} asm_inst;

typedef struct asm_routine {
  char *name;           /* the symbol */
  int64_t flat, cum;
  asm_inst *insts;
  size_t ninsts;
} asm_routine;

typedef struct trace_frame {
  const char *name;
  bool inline_;
} trace_frame;

typedef struct trace {
  char **labels;       /* "%10s:  %s" lines, sorted */
  size_t nlabels;
  int64_t value;
  trace_frame *frames;
  size_t nframes;
} trace;

/* timeline: the snapshots, and one row per node across them */
typedef struct timeline_snap {
  char *source;        /* file, URL or fetch it came from */
  int64_t time_nanos;  /* 0: unknown */
  int64_t total;       /* its report total */
} timeline_snap;

typedef struct timeline_row {
  char *name;               /* the node's PrintableName */
  char *fn;                 /* its function's name, as list and peek match it (NULL: unknown) */
  const char *inline_label; /* as top_row's */
  int64_t *v;               /* the value at each snapshot (flat, or cum when sorted by cum) */
  int64_t change;           /* last - first */
  int64_t rate;             /* change per minute (when the report has_rate) */
  bool steady;              /* grew at every step: a leak suspect */
} timeline_row;

typedef struct report_cache report_cache;

typedef struct report {
  report_kind kind;
  const command_def *cmd;
  const profile *prof;     /* what it was made from: the report holds a reference */
  config cfg;              /* after command overrides */
  profile *view;           /* the filtered, aggregated profile */
  nodemap nm;              /* node identities of the view (a copy when borrowed) */
  nodemap *nmp;            /* where they live: &nm or the cache's */
  bool nm_borrowed, view_borrowed;
  void *entry;             /* the view's cache entry: the report holds a reference */
  struct report_cache *cache; /* the cache it is being made through (borrowed; NULL once made) */
  const bool *edge_nodes;  /* peek: only these nodes' edges are needed */
  const atomic_bool *cancel; /* the cache's cancel flag (NULL: none): passes stop when set */
  nodemap tnm;             /* -call_tree: the tree's nodes (g.nm points here) */
  bool call_tree;
  graph g;
  bool has_graph;
  int64_t total;
  int sample_index;
  bool mean;
  const char *sample_type; /* with "mean_" when mean */
  const char *sample_unit;
  char *output_unit;
  double ratio;
  char *title;
  struct tregex *symbol;   /* list/peek regex argument, or NULL */
  numlabel_units nlu;      /* units of numeric labels */
  char **filters;          /* "focus=x" ... */
  size_t nfilters;
  char **labels;           /* the header lines pprof prints */
  size_t nlabels;
  /* kind-specific rows */
  top_row *top;
  size_t ntop;
  tree_entry *tree;
  size_t ntree;
  list_routine *list;
  size_t nlist;
  asm_routine *asm_;       /* disasm: its routines (r->text: the lines printed before, binaries that failed to open) */
  size_t nasm;
  trace *traces;
  size_t ntraces;
  arena trace_mem;         /* traces: their frames and label lines (one free a 64 KB chunk, not a few a trace: a cancel frees fast) */
  struct flame *flame;     /* flame: the merged stacks */
  timeline_snap *snaps;    /* timeline: the snapshots, in time order */
  size_t nsnaps;
  timeline_row *tl;        /* timeline: its rows, largest growth first */
  size_t ntl;
  bool tl_cum;             /* the values are cum (-cum), not flat */
  size_t tl_cur;           /* the session's current snapshot (nsnaps: none of them) */
  bool has_rate;           /* the first and last snapshots' times differ */
  strbuf text;             /* raw, tags, dot, callgrind, comments: the text itself */
  unsigned char *bytes;    /* proto: the gzip bytes */
  size_t nbytes;
} report;

/*
 * Run command `cmd` (with its regex argument `arg`, or NULL) on prof with
 * configuration cfg. Returns NULL with *err set on error; messages pprof
 * prints on stderr along the way go to msgs, in order.
 */
report *report_run(const profile *prof, const command_def *cmd, const char *arg, const config *cfg, strbuf *msgs,
                   char **err);

/*
 * The same with a cache kept across commands (an interactive session):
 * filtered views, node maps, node stacks and first-pass weights are reused
 * while the options that determine them do not change. A report keeps the
 * view it was made from alive (reference counted), whatever the cache
 * evicts, and a reference to `prof` (names and units point into it), so
 * that it stays valid whatever happens to the session's profiles.
 */
report *report_run_cached(const profile *prof, report_cache *cache, const command_def *cmd, const char *arg,
                          const config *cfg, strbuf *msgs, char **err);
/*
 * The timeline of a series of snapshots (series.h): the top report of each
 * (untrimmed, under cfg: filters, sample index, granularity), joined by
 * node name, one unit for the whole table. current, when one of the
 * series' profiles, uses the cache. Returns NULL with *err set on error.
 */
struct series;
report *report_timeline(const struct series *sr, const profile *current, report_cache *cache, const command_def *cmd,
                        const config *cfg, strbuf *msgs, char **err);
/* The function name of node `node` of r's graph (list and peek match
 * it), or NULL when the node has none. Borrowed from r. */
const char *report_fn_name(const report *r, uint32_t node);
/* Where value i of row t stands between the row's least and greatest
 * values: 0..7, the sparkline's eight heights. */
int report_timeline_level(const report *r, const timeline_row *t, size_t i);

report_cache *report_cache_new(void);
void report_cache_free(report_cache *c);
/* A flag another thread may set to cancel the running report (borrowed: it
 * must live as long as the cache; the session owns it). A cancelled report
 * fails with "cancelled" and leaves nothing incomplete in the cache. */
void report_cache_set_cancel(report_cache *c, const atomic_bool *cancel);
void report_free(report *r);

/* pprof's rpt.formatValue: ratio applied, then ScaledLabel to the output unit. */
char *report_fmt(const report *r, int64_t v, char buf[64]);
/*
 * The unit of a curses pane column (the line REPL and batch output keep
 * pprof's per-report unit): under pprof's default unit=minimum, the unit
 * pprof's autoscale gives the column's largest |value| (after the ratio),
 * so every row of the column reads in one human unit ("671.57MB", not
 * "687686.21kB"); the report's output unit when unit= says otherwise or the
 * sample unit has no family. Static storage or the report's string.
 */
const char *report_column_unit(const report *r, int64_t maxv);
/* report_fmt in a column's unit; a nonzero value too small for it reads "<0.01MB". */
char *report_fmt_in(const report *r, int64_t v, const char *unit, char buf[64]);
/* The total pprof reports against (computeTotal). */
int64_t report_total(const profile *p, int sample_index, bool mean);
/* pprof's ProfileLabels: File, Build ID, comments, Type, Time, Duration. */
void report_profile_labels(const profile *p, const char *sample_type, const char *sample_unit, int64_t total,
                           const report *r, char ***labels, size_t *n);

/* A dot box's values: "flat (pct)", then nl and "of cum (pct)" when they differ, as pprof labels them
 * (the dot report and the UI's graph pane). */
void report_dot_values(const report *r, int64_t flat, int64_t cum, const char *nl, strbuf *lab);

#endif
