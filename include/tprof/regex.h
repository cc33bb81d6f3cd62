/*
 * regex.h: regular expressions for focus, ignore, hide, show, list, peek and
 * the UI's filters. Patterns are Go's regexp syntax (RE2), with Go's meaning
 * and Go's error messages (re2.h), matched by PCRE2. Matching is a search
 * anywhere in the subject, like Go's MatchString.
 */
#ifndef TPROF_REGEX_H
#define TPROF_REGEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tregex tregex;

/* Compile pattern; NULL and *err (caller frees, Go's text, e.g. "error
 * parsing regexp: missing closing ): `(`") on a syntax error. */
tregex *regex_compile(const char *pattern, char **err);
/* The same with env's settings (env.h: TPROF_NO_JIT); NULL = the defaults. */
struct core_env;
tregex *regex_compile_env(const char *pattern, const struct core_env *env, char **err);
void regex_free(tregex *re);
bool regex_match(const tregex *re, const char *subject);
/* True once matching gave up on this regex (a backtracking and DFA limit
 * reached, see regex.c): it has matched nothing since, and the caller
 * should report it. */
bool regex_too_complex(const tregex *re);
/* Match with the byte range of the match; false if none. Once the regex
 * has reached the backtracking limit (regex.c), the range starts at 0 and
 * ends where the shortest match ends. */
bool regex_search(const tregex *re, const char *subject, size_t *start, size_t *end);
const char *regex_pattern(const tregex *re);
/* Go's FindStringSubmatch: on a match, fills ov[2*i], ov[2*i+1] with the
 * byte range of group i (both SIZE_MAX if it did not take part) for i < max,
 * and returns the number of groups including group 0; -1 if no match. */
int regex_groups(const tregex *re, const char *subject, size_t *ov, int max);
/* Go's regexp.QuoteMeta into a new string (caller frees). */
char *regex_quote(const char *s);

#endif
