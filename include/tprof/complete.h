/*
 * complete.h: tab completion of what a person types at the `(pprof) `
 * prompt, for the line REPL (GNU readline) and the curses UI alike.
 *
 * complete_line() finds the word under the cursor and every word that may
 * replace it, from the command and option tables (options.h) and from the
 * profile: commands, option names, option values after `name=` (sample
 * types, choices, units, true/false, function names for the regex options,
 * labels for the tag options, files for output=), `help` topics, function
 * names after a command (list, peek, top...), labels after `tags`, files
 * after `>`. Matching follows pprof's completer: commands and options by
 * case-insensitive prefix, function names by prefix or else, as pprof's
 * functionCompleter, by substring.
 *
 * session_complete_line() is pprof's own completer (interactive.go
 * newCompleter), which replaces the line when exactly one word fits.
 */
#ifndef TPROF_COMPLETE_H
#define TPROF_COMPLETE_H

#include "tprof/util.h"

#include <stdbool.h>
#include <stddef.h>

struct session;

typedef struct completion {
  size_t start, end;  /* the word completed: line[start..end), end = cursor */
  char **words;       /* candidates, sorted, unique; each replaces the whole word */
  size_t n;
  char *insert;       /* what the word becomes now: the only candidate, or
                       * the candidates' common prefix when it extends the
                       * word, or else the word itself */
  size_t shown_from;  /* a list shows words[i] + shown_from ("focus=" or "-" skipped) */
  bool no_space;      /* no space after the only candidate (it ends in '=' or '/') */
} completion;

/* Complete line at byte offset point (the cursor). Always fills *out
 * (n = 0 when nothing fits); free it with completion_free. */
void complete_line(const struct session *s, const char *line, size_t point, completion *out);
void completion_free(completion *c);

/* Every word the REPL knows, for completion: commands, options, choice
 * values. Borrowed strings; caller frees the array. */
size_t session_words(const struct session *s, const char ***out);
/* Function names of the profile (borrowed; caller frees the array). */
size_t session_function_names(const struct session *s, const char ***out);
/* pprof's completer (newCompleter): the line completed, or the line unchanged. Caller frees. */
char *session_complete_line(const struct session *s, const char *line);

/* The completion script of shell ("bash", "zsh", "fish") for flags f,
 * appended to out; false for another shell. */
struct flag;
bool complete_shell_script(const char *shell, const struct flag *f, size_t n, strbuf *out);

#endif
