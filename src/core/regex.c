/*
 * regex.c: PCRE2 behind tprof's small regex interface. Patterns are Go's
 * syntax; re2.c checks them and translates them to PCRE2's. Each compiled
 * regex owns its match data, so a tregex must not be used by two threads at
 * once.
 *
 * Go's RE2 matches in linear time; PCRE2 backtracks, and a pattern such as
 * (a|aa)*$ takes exponential time on some names. So every match runs under a
 * backtracking limit; a regex that reaches it switches to PCRE2's DFA
 * matcher, which does not backtrack (same yes/no answer; RE2 syntax has
 * nothing it cannot do), as one anchored pass of (?s:.*)(?:pattern) over the
 * subject, the way RE2 searches, rather than one pass per start position. Should the DFA matcher give up too
 * (its own limits), or should matching take long on the whole (more than
 * TIME_BUDGET seconds at more than SLOW_MATCH seconds a subject: a costly
 * pattern, not just many names), the regex is marked too complex: it then
 * matches nothing, and the caller reports regex_too_complex() (doc/hostile.md).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "tprof/regex.h"
#include "tprof/env.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "tprof/re2.h"
#include "tprof/util.h"

#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_NO_AUTO_CAPTURE)
#define MATCH_LIMIT 200000 /* backtracking steps per match before the DFA takes over */
#define DFA_LIMIT 10000000 /* DFA steps per match */
#define DFA_WORKSPACE 4096  /* ints */
#define TIME_BUDGET 2.0     /* seconds of matching ... */
#define SLOW_MATCH 20e-6    /* ... at this much a subject on average */

struct tregex {
  pcre2_code *code;
  pcre2_match_data *md;
  pcre2_match_context *mctx, *dfa_ctx;
  char *pattern;
  char *pcre;       /* the translation, for the DFA matcher's own compiles */
  char *dfa_pcre;   /* (?s:.*)(?:pcre), anchored: the DFA matcher's pattern */
  pcre2_code *dfa_utf, *dfa_bytes; /* the DFA matcher cannot take invalid UTF-8: bytes then */
  bool use_dfa;     /* backtracking reached its limit once: DFA from now on */
  bool too_complex; /* neither matcher could answer */
  int *ws;          /* DFA workspace */
  double spent;     /* seconds spent matching */
  uint64_t matches;
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static pcre2_code *compile(const char *pcre, uint32_t options, int *ec, PCRE2_SIZE *eo) {
  /* Go nests groups up to its tree height limit (1000); the translation
   * may add a group around a quantified operand. */
  pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
  if (!cc) xfatal("out of memory (pcre2 compile context)");
  pcre2_set_parens_nest_limit(cc, 2 * 1000 + 16);
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pcre, PCRE2_ZERO_TERMINATED, options, ec, eo, cc);
  pcre2_compile_context_free(cc);
  return code;
}

tregex *regex_compile(const char *pattern, char **err) { return regex_compile_env(pattern, NULL, err); }

tregex *regex_compile_env(const char *pattern, const core_env *env, char **err) {
  char *pcre = re2_translate(pattern, err);
  if (!pcre) return NULL;
  int ec;
  PCRE2_SIZE eo;
  /* UTF with invalid-UTF tolerance: names in profiles are bytes, usually
   * UTF-8. NO_AUTO_CAPTURE: see re2.h. */
  pcre2_code *code = compile(pcre, COMPILE_OPTIONS | PCRE2_MATCH_INVALID_UTF, &ec, &eo);
  if (!code) {
    /* Go accepted the pattern; only PCRE2's own limits can get here. */
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    *err = xasprintf("error parsing regexp: %s: `%s`", (char *)msg, pattern);
    free(pcre);
    return NULL;
  }
  /* JIT is best effort; env->no_jit (TPROF_NO_JIT) turns it off (valgrind
   * cannot see into JIT code and reports its reads as uninitialised) */
  if (core_env_jit(env)) pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  tregex *re = xcalloc(1, sizeof *re);
  re->code = code;
  re->md = pcre2_match_data_create_from_pattern(code, NULL);
  re->mctx = pcre2_match_context_create(NULL);
  re->dfa_ctx = pcre2_match_context_create(NULL);
  if (!re->md || !re->mctx || !re->dfa_ctx) xfatal("out of memory (pcre2 match data)");
  pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, MATCH_LIMIT);
  pcre2_set_match_limit(re->dfa_ctx, DFA_LIMIT);
  pcre2_set_depth_limit(re->dfa_ctx, 1000);
  re->pattern = xstrdup(pattern);
  re->pcre = pcre;
  return re;
}

void regex_free(tregex *re) {
  if (!re) return;
  pcre2_match_data_free(re->md);
  pcre2_match_context_free(re->mctx);
  pcre2_match_context_free(re->dfa_ctx);
  pcre2_code_free(re->code);
  pcre2_code_free(re->dfa_utf);
  pcre2_code_free(re->dfa_bytes);
  free(re->ws), free(re->pcre), free(re->dfa_pcre);
  free(re->pattern);
  free(re);
}

static bool over_limit(int rc) {
  return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
         rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_NOMEMORY;
}

static int dfa_match(tregex *re, pcre2_code *code, const char *s, size_t n) {
  if (!code) return PCRE2_ERROR_INTERNAL;
  return pcre2_dfa_match(code, (PCRE2_SPTR)s, n, 0, PCRE2_DFA_SHORTEST, re->md, re->dfa_ctx, re->ws, DFA_WORKSPACE);
}

static int match_limited(tregex *re, const char *s) {
  size_t n = strlen(s);
  int rc;
  if (!re->use_dfa) {
    rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, re->md, re->mctx);
    if (!over_limit(rc)) return rc;
    re->use_dfa = true;
  }
  int ec;
  PCRE2_SIZE eo;
  if (!re->ws) re->ws = xmalloc(DFA_WORKSPACE * sizeof *re->ws);
  if (!re->dfa_pcre) /* one anchored pass over the subject, as RE2 searches; not one pass per start */
    re->dfa_pcre = xasprintf("(?s:.*)(?:%s)", re->pcre);
  if (!re->dfa_utf) re->dfa_utf = compile(re->dfa_pcre, COMPILE_OPTIONS | PCRE2_ANCHORED, &ec, &eo);
  rc = dfa_match(re, re->dfa_utf, s, n);
  if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) { /* not UTF-8: match it as bytes */
    if (!re->dfa_bytes)
      re->dfa_bytes = compile(re->dfa_pcre, (COMPILE_OPTIONS & ~(uint32_t)PCRE2_UTF) | PCRE2_ANCHORED, &ec, &eo);
    rc = dfa_match(re, re->dfa_bytes, s, n);
  }
  if (rc == 0) rc = 1; /* ovector too small: still a match */
  if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && rc != PCRE2_ERROR_PARTIAL) re->too_complex = true;
  return rc;
}

/* pcre2_match under the backtracking limit, else the DFA matcher, within the
 * time budget. The match state is the regex's own (like its match data),
 * hence the cast. */
static int match(const tregex *cre, const char *s) {
  tregex *re = (tregex *)cre;
  if (re->too_complex) return PCRE2_ERROR_NOMATCH;
  double t0 = now();
  int rc = match_limited(re, s);
  re->spent += now() - t0;
  re->matches++;
  if (re->spent > TIME_BUDGET && re->spent > SLOW_MATCH * (double)re->matches) re->too_complex = true;
  return rc;
}

bool regex_too_complex(const tregex *re) { return re && re->too_complex; }

bool regex_search(const tregex *re, const char *s, size_t *start, size_t *end) {
  int rc = match(re, s);
  if (rc < 0) return false;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
  if (start) *start = ov[0];
  if (end) *end = ov[1];
  return true;
}

bool regex_match(const tregex *re, const char *s) { return regex_search(re, s, NULL, NULL); }

const char *regex_pattern(const tregex *re) { return re->pattern; }

char *regex_quote(const char *s) {
  strbuf sb = STRBUF_INIT;
  for (; *s; s++) {
    if (strchr("\\.+*?()|[]{}^$", *s)) sb_addc(&sb, '\\');
    sb_addc(&sb, *s);
  }
  return sb_steal(&sb);
}

int regex_groups(const tregex *re, const char *s, size_t *ov, int max) {
  int rc = pcre2_match(re->code, (PCRE2_SPTR)s, strlen(s), 0, 0, re->md, re->mctx);
  if (rc < 0) return -1;
  uint32_t n = pcre2_get_ovector_count(re->md);
  PCRE2_SIZE *o = pcre2_get_ovector_pointer(re->md);
  int k = 0;
  for (uint32_t i = 0; i < n && (int)i < max; i++, k++) {
    if (o[2 * i] == PCRE2_UNSET) {
      ov[2 * i] = ov[2 * i + 1] = SIZE_MAX;
    } else {
      ov[2 * i] = o[2 * i];
      ov[2 * i + 1] = o[2 * i + 1];
    }
  }
  return k;
}
