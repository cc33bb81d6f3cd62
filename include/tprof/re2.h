/*
 * re2.h: Go's regular expression syntax (RE2, as Go's regexp.Compile parses
 * it) checked with Go's exact error messages and translated to an equivalent
 * PCRE2 pattern, which regex.c compiles. See re2.c for why and how.
 */
#ifndef TPROF_RE2_H
#define TPROF_RE2_H

/* Check pattern as Go's regexp.Compile would. On success return a PCRE2
 * pattern (ASCII; compile it with PCRE2_UTF | PCRE2_NO_AUTO_CAPTURE) that
 * matches what Go's regexp matches, with Go's capture groups as PCRE2's
 * groups of the same numbers; caller frees. On a syntax error return NULL and set *err
 * (caller frees) to Go's message, e.g. "error parsing regexp: missing
 * closing ): `(`". */
char *re2_translate(const char *pattern, char **err);

#endif
