/*
 * history.h: the command history file shared by the line REPL and the
 * curses UI: $XDG_STATE_HOME/tprof/history (when XDG_STATE_HOME is an
 * absolute path), else ~/.local/state/tprof/history. One command a line,
 * oldest first, at most HISTORY_MAX lines. Every failure (no home, a
 * read-only directory, a file in the way) only means no history: nothing
 * here prints or exits.
 */
#ifndef TPROF_HISTORY_H
#define TPROF_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#define HISTORY_MAX 1000

/* The history file's path, its directories created (0700), from env's
 * XDG_STATE_HOME or HOME (else the password file's home); NULL when there
 * is no place for it. Caller frees. */
struct core_env;
char *history_path(const struct core_env *env);

/* The last max lines of the file, oldest first (caller frees each and the
 * array); 0 when it is missing or unreadable. *total gets the number of
 * lines the file holds (to know when to trim it), when not NULL. */
size_t history_load(const char *path, size_t max, char ***lines, size_t *total);

/* Whether line is worth remembering after prev (the last one remembered,
 * or NULL): not blank, not a repeat of prev. */
bool history_wanted(const char *line, const char *prev);

/* Append one line to the file (created 0600). */
bool history_append(const char *path, const char *line);

/* Cut the file down to its last max lines (rewritten atomically). */
bool history_trim(const char *path, size_t max);

#endif
