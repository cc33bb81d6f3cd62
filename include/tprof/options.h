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

/* pprof's configuration (internal/driver/config.go), field for field, then tprof's own options. */
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
  /* tprof's own (OPTF_EXTENSION) */
  bool mycode;  /* hide the Go runtime and standard library (view.c) */
  char *module; /* the main module's path for mycode ("": guessed from the profile) */
  const struct core_env *env; /* not an option: the edge's settings (env.h), borrowed; NULL = defaults */
} config;

typedef enum opt_type { OPT_STRING, OPT_BOOL, OPT_INT, OPT_FLOAT } opt_type;

/* The categories of an option (option_def.flags): each list that needs
 * "the options that..." reads them, so a new option is one entry. */
enum option_flag {
  OPTF_VIEW = 1 << 0,   /* determines the filtered, aggregated view: part of the view-cache key (report.c) */
  OPTF_FILTER = 1 << 1, /* a filter: the UI's status line shows it when set (screen.c) */
  OPTF_CLEAR = 1 << 2,  /* cleared by `:` (pprof's "Clear focus/ignore/hide/tagfocus/tagignore") */
  OPTF_FILE = 1 << 3,   /* its value is a file name (shell completion) */
  OPTF_SAMPLE = 1 << 4, /* its value is a sample type (shell completion offers the usual ones) */
  OPTF_EXTENSION = 1 << 5, /* tprof's own: not in pprof's `o` and `help` (listed by `help tprof`); bools take on/off */
};

typedef struct option_def {
  const char *name;
  opt_type type;
  size_t offset;                /* of the field in config */
  const char *const *choices;   /* NULL-terminated, for multiple-choice strings */
  bool saved;                   /* pprof saves it in its settings (not transient) */
  const char *help;             /* first line is the summary; ends with "\n" */
  unsigned flags;               /* enum option_flag */
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
  RK_TIMELINE, /* tprof: the session's snapshots side by side, one row per node */
  RK_GRAPH,  /* tprof: the dot report for the curses UI's graph pane (the same graph and text) */
  RK_SESSION /* not a report: a command the session runs itself (o, help, refetch...) */
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

struct session;
typedef struct command_def command_def;

/* What a command does when run: tmux's cmd_entry.exec. args are the words
 * after the command's name (for top10, "10" first). Returns false when the
 * session should end (quit). Implemented by session.c (session.h). */
typedef bool command_exec_fn(struct session *s, const command_def *c, char **args, size_t nargs);

/* Its flags (command_def.flags). */
enum command_flag {
  CMD_EXTENSION = 1 << 0, /* tprof's own: left out of pprof's `help` listing and pprof's completer words */
  CMD_REPL = 1 << 1,      /* a word of pprof's interactive loop (o, quit, help), not a pprof command:
                             typed exactly (no top10 digits), no `help CMD`, no batch flag; `help`
                             lists it after the commands by its label, if it has one */
  CMD_UNTRIMMED = 1 << 2, /* pprof's trim=false: nodecount, nodefraction, edgefraction 0 */
  CMD_ALL_NODES = 1 << 3, /* nodecount=-1 (the default) means all nodes, not 80 */
  CMD_REPL_TEN = 1 << 4,  /* typed in the REPL, nodecount=-1 means 10 (top, text) */
};

/* What a command's arguments are: how they are parsed and completed. */
typedef enum command_args {
  ARGS_FUNCTIONS, /* [n] [focus_regex]* [-ignore_regex]* [-cum] [>f]: function names */
  ARGS_TAGS,      /* [tag_regex]* [-ignore_regex]*: they set tagfocus and tagignore (tags) */
  ARGS_HELP,      /* a command or option name (help) */
  ARGS_NONE,      /* none (o, quit, refetch) */
} command_args;

/* How a command overrides noinlines (pprof's generateReport). */
typedef enum inline_rule {
  INL_OPTION,     /* the option's value */
  INL_MERGE,      /* noinlines=true (disasm: one location per address) */
  INL_KEEP,       /* noinlines=false (weblist, proto, raw, callgrind) */
} inline_rule;

struct command_def {
  const char *name;
  const char *const *aliases; /* other names (NULL-terminated), or NULL */
  const char *label;         /* CMD_REPL: its line in `help` ("o/options"), or NULL */
  command_exec_fn *exec;
  unsigned flags;            /* enum command_flag */
  command_args args;
  report_kind kind;          /* RK_SESSION: not a report, no batch flag */
  bool has_param;            /* requires an argument (list, peek...) */
  const char *granularity;   /* the granularity it forces, or NULL */
  inline_rule inlines;
  post_kind post;
  const char *post_arg;      /* dot output format */
  visual_kind visual;
  const char *visual_arg;    /* file suffix */
  const char *const *viewers;/* for VIS_VIEWER; NULL = browsers */
  const char *description;
  const char *usage;
};

extern const command_def command_table[];
extern const size_t command_count;
/* The command called name (or one of its aliases), or NULL. */
const command_def *command_find(const char *name);
/* The command the first n bytes of a typed word name, with pprof's top10 =
 * top 10 rule for the commands that are not CMD_REPL: *name_len is the
 * length of the name (less than n when digits follow it). NULL if none. */
const command_def *command_parse(const char *word, size_t n, size_t *name_len);

/* pprof's usage(commandLine): the command and option listing of `help`
 * (commandLine=false) and of `tprof -h` (true). Appends to out. */
void options_usage(strbuf *out, bool command_line);
/* `help tprof`: the commands of the table's extension entries (tprof's
 * own, which pprof-compatible help leaves out), one a line. Appends to out. */
void options_tprof_usage(strbuf *out);
/* pprof's `help CMD` text for a command. */
void command_help(const command_def *c, strbuf *out);

#endif
