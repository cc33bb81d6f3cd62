/*
 * flags.h: tprof's command-line flags, one table.
 *
 * Every flag tprof takes comes from three tables and nowhere else: the
 * option table's options (-nodecount=5) and the choices of its
 * multiple-choice options (-cum, -lines), the command table's report
 * commands (-top, -flame), and flag_table[] below for the rest (pprof's
 * source and legacy flags, tprof's own). main.c parses argv with
 * flag_find; `-h` is flags_usage, `-completion=SHELL` flags_completion,
 * `-flags-list` flags_names; all walk flags_all. A new flag is one entry
 * here (and its handling in main.c); env_table[] lists the environment
 * variables tprof reads, for `-h` and the man page.
 */
#ifndef TPROF_FLAGS_H
#define TPROF_FLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "tprof/options.h"
#include "tprof/util.h"

typedef enum flag_kind { FLAG_BOOL, FLAG_STRING, FLAG_INT } flag_kind;

/* The entries of flag_table, by name: main.c reads each one's value by its id. */
typedef enum flag_id {
  /* pprof's source flags (cli.go) */
  FLAG_SECONDS, FLAG_TIMEOUT, FLAG_BUILDID, FLAG_ADD_COMMENT, FLAG_DIFF_BASE, FLAG_BASE, FLAG_SYMBOLIZE,
  FLAG_TOOLS, FLAG_TLS_CERT, FLAG_TLS_KEY, FLAG_TLS_CA,
  /* pprof's web UI, which tprof refuses */
  FLAG_HTTP, FLAG_NO_BROWSER,
  /* pprof's legacy sample index shortcuts, in the order pprof applies them (the first wins) */
  FLAG_TOTAL_DELAY, FLAG_MEAN_DELAY, FLAG_CONTENTIONS, FLAG_INUSE_SPACE, FLAG_INUSE_OBJECTS, FLAG_ALLOC_SPACE,
  FLAG_ALLOC_OBJECTS,
  /* tprof's own */
  FLAG_HELP, FLAG_VERSION, FLAG_REPL, FLAG_NOMOUSE, FLAG_WATCH, FLAG_KEYS, FLAG_COMPLETION, FLAG_FLAGS_LIST,
  FLAG_COUNT
} flag_id;

/* Where -h lists an entry of flag_table. */
typedef enum flag_group { FG_SOURCE, FG_MISC, FG_LEGACY } flag_group;

typedef struct flag_def {
  const char *name;
  const char *alias;          /* another name (-help for -h), or NULL */
  flag_kind kind;
  flag_group group;
  const char *arg;            /* the value's name in -h (-diff_base source), or NULL */
  const char *help;           /* one line */
  const char *const *values;  /* what shells complete after it (NULL-terminated), or NULL */
  bool file;                  /* its value is a file name */
  const char *sample_index;   /* FG_LEGACY: the sample type it selects */
  bool mean;                  /* FG_LEGACY: it sets -mean too (-mean_delay) */
} flag_def;

extern const flag_def flag_table[FLAG_COUNT];

/* One flag of the command line, whichever table it comes from: exactly
 * one of option (with choice NULL: -nodecount; with choice set: -cum),
 * command and def is set. */
typedef struct flag {
  const char *name;
  flag_kind kind;
  const char *help;
  const char *const *values;  /* completion values, or NULL */
  bool file;
  const option_def *option;
  const char *choice;
  const command_def *command;
  const flag_def *def;
} flag;

/* The flag called name (with no dash), or false. */
bool flag_find(const char *name, flag *out);
/* Every flag, one entry a name (aliases too): options with their choices,
 * report commands, flag_table. *n set. Caller frees the array. */
flag *flags_all(size_t *n);

/* `tprof -h`. Appends to out. */
void flags_usage(strbuf *out);
/* Every flag's name, one a line (-flags-list). Appends to out. */
void flags_names(strbuf *out);
/* The completion script of shell (bash, zsh, fish); false for another. */
bool flags_completion(const char *shell, strbuf *out);

/* An environment variable tprof reads. */
typedef struct env_def {
  const char *name;
  const char *help;
} env_def;

extern const env_def env_table[];
extern const size_t env_count;

#endif
