/*
 * history.h: the command history shared by tprof's interactive front ends.
 *
 * The file is $XDG_STATE_HOME/tprof/history (~/.local/state/tprof/history
 * when XDG_STATE_HOME is unset or not absolute) in GNU readline's history
 * file format: one command a line, lines of the form "#<digits>" being
 * readline's timestamps (skipped on reading). The line REPL (readline) and
 * the curses UI read and append the same file. Nothing here prints.
 */
#ifndef TPROF_HISTORY_H
#define TPROF_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct history {
  char **lines; /* oldest first; owned */
  size_t n, cap;
  size_t max;   /* keep at most this many (0: 1000) */
} history;

/* The history file's path (caller frees), or NULL when neither
 * XDG_STATE_HOME nor HOME says where it goes. */
char *history_path(void);

void history_init(history *h, size_t max);
void history_free(history *h);

/* Add line (without its newline) unless it is empty or repeats the last entry. */
void history_add(history *h, const char *line);

/* Append the entries of the file at path; a missing file is an empty history. */
void history_load(history *h, const char *path);

/* Append one line to the file, creating it and its directories (mode 0700)
 * as needed. Returns false with *err (caller frees) on failure. */
bool history_append_file(const char *path, const char *line, char **err);

#endif
