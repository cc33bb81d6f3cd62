/*
 * options.h: tprof's single option table and command table.
 *
 * Every option a report honours is described once here: its name, type,
 * default, help text and, for multiple-choice options, its choices. The
 * batch flags (-nodecount=5), the REPL's `name=value`, `o`, `help`, tab
 * completion and the curses UI's option view are all generated from
 * option_table[]. Commands are described once in command_table[], which
 * drives the report flags (-top), the REPL's commands, `help` and
 * completion. Nothing here depends on a front end.
 */
#ifndef TPROF_OPTIONS_H
#define TPROF_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tprof/util.h"

/* pprof's configuration (internal/driver/config.go), field for field. */
typedef struct config {
  char *output;
  bool call_tree, relative_percentages;
  char *unit;
  bool compact_labels;
  char *source_path, *trim_path;
  bool intel_syntax, mean;
  char *sample_index;
  double divide_by;
  bool normalize;
  char *sort;
  char *tagroot, *tagleaf;
  bool drop_negative;
  int64_t nodecount;
  double nodefraction, edgefraction;
  bool trim;
  char *focus, *ignore, *prune_from, *hide, *show, *show_from;
  char *tagfocus, *tagignore, *tagshow, *taghide;
  bool noinlines;
  char *granularity;
} config;

typedef enum opt_type { OPT_STRING, OPT_BOOL, OPT_INT, OPT_FLOAT } opt_type;

typedef struct option_def {
  const char *name;
  opt_type type;
  size_t offset;                /* of the field in config */
  const char *const *choices;   /* NULL-terminated, for multiple-choice strings */
  bool saved;                   /* pprof saves it in its settings (not transient) */
  const char *help;             /* first line is the summary; ends with "\n" */
} option_def;

extern const option_def option_table[];
extern const size_t option_count;

/* Help text of a choice value ("cum", "lines", ...), or NULL. */
const char *option_choice_help(const char *choice);

void config_init(config *c);   /* pprof's defaults */
void config_free(config *c);
void config_copy(config *dst, const config *src);
/* The option called name, or NULL. With *choice set when name is one of a
 * multiple-choice option's values (like pprof's configFieldMap). */
const option_def *option_find(const char *name, bool *is_choice);
/* The option's value as pprof prints it (fmt.Sprint of the field). */
void config_get(const config *c, const option_def *o, strbuf *out);
/* Set from text as pprof's config.set does; *err (caller frees) on error. */
bool config_set(config *c, const option_def *o, const char *value, char **err);
/* pprof's configure(name, value): also accepts choice names (cum=true). */
bool config_configure(config *c, const char *name, const char *value, char **err);
bool option_is_bool(const char *name);
/* Accessors by definition. */
char **config_str(config *c, const option_def *o);

/* ---- commands ---- */

typedef enum report_kind {
  RK_CALLGRIND, RK_COMMENTS, RK_DISASM, RK_DOT, RK_LIST, RK_PROTO, RK_RAW, RK_TAGS,
  RK_TEXT, RK_TOPPROTO, RK_TRACES, RK_TREE, RK_WEBLIST,
  RK_FLAME,  /* tprof: the samples' stacks merged into a flame graph */
  RK_SESSION /* not a report: a command the session runs itself (refetch, growth) */
} report_kind;

typedef enum post_kind {
  POST_NONE,       /* text to the output */
  POST_DOT,        /* run graphviz dot -T<arg> */
  POST_SVG,        /* dot -Tsvg, then pprof's SVG massage */
} post_kind;

typedef enum visual_kind {
  VIS_NONE,        /* write to stdout or -output */
  VIS_AWAY_TTY,    /* binary: to a temp file when stdout is a terminal */
  VIS_VIEWER,      /* open with an external viewer */
} visual_kind;

typedef struct command_def {
  const char *name;
  report_kind kind;
  post_kind post;
  const char *post_arg;      /* dot output format */
  visual_kind visual;
  const char *visual_arg;    /* file suffix */
  const char *const *viewers;/* for VIS_VIEWER; NULL = browsers */
  bool has_param;
  const char *description;
  const char *usage;
  bool extension;            /* tprof's own: not listed by pprof-compatible help */
} command_def;

extern const command_def command_table[];
extern const size_t command_count;
const command_def *command_find(const char *name);

/* pprof's usage(commandLine): the command and option listing of `help`
 * (commandLine=false) and of `tprof -h` (true). Appends to out. */
void options_usage(strbuf *out, bool command_line);
/* pprof's `help CMD` text for a command. */
void command_help(const command_def *c, strbuf *out);

#endif
