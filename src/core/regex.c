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
#include <ctype.h>
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
  struct tregex **alt; /* a pattern too large for PCRE2 compiled as chunks of its top-level */
  size_t nalt;         /* alternatives (code is NULL then): a match of any is a match */
  char *literal;    /* the pattern, when it is ASCII text without metacharacters: a substring search */
  size_t literal_len;
  char *exact;      /* TEXT of a pattern ^TEXT$, TEXT ASCII with its metacharacters escaped: the
                     * whole subject equal to it (a drill-down's name) */
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

#define CHUNK 4096 /* bytes of alternatives a chunk: well under PCRE2's 64K code units once compiled */

/* The top-level alternatives of a Go pattern (outside groups and classes),
 * with a leading flag group such as (?i) that applies to all of them in
 * *prefix. NULL when there are fewer than two, or a flag group further on
 * would apply across alternatives. Caller frees parts and *prefix. */
static char **top_alternatives(const char *p, size_t *n, char **prefix) {
  size_t plen = 0;
  if (p[0] == '(' && p[1] == '?') {
    size_t k = 2;
    while (p[k] && strchr("imsU-", p[k])) k++;
    if (p[k] == ')') plen = k + 1;
  }
  char **parts = NULL;
  size_t cap = 0, depth = 0, start = plen;
  *n = 0;
  bool bad = false;
  for (size_t i = plen;; i++) {
    char c = p[i];
    if (c == '\\' && p[i + 1]) {
      i++;
    } else if (c == '[') { /* a class: ] first (after ^) is a member */
      i++;
      if (p[i] == '^') i++;
      if (p[i] == ']') i++;
      while (p[i] && p[i] != ']') {
        if (p[i] == '\\' && p[i + 1]) i++;
        else if (p[i] == '[' && p[i + 1] == ':') { /* [:alpha:] */
          const char *e = strstr(p + i + 2, ":]");
          if (e) i = (size_t)(e - p) + 1;
        }
        i++;
      }
      if (!p[i]) break;
    } else if (c == '(') {
      if (depth == 0 && p[i + 1] == '?' && p[i + 2] != ':' && p[i + 2] != 'P' && p[i + 2] != '<') bad = true;
      depth++;
    } else if (c == ')') {
      if (depth) depth--;
    } else if ((c == '|' && depth == 0) || c == 0) {
      XGROW(parts, cap, *n + 1);
      parts[(*n)++] = xstrndup(p + start, i - start);
      start = i + 1;
    }
    if (!c) break;
  }
  if (bad || *n < 2) {
    for (size_t i = 0; i < *n; i++) free(parts[i]);
    free(parts);
    return NULL;
  }
  *prefix = xstrndup(p, plen);
  return parts;
}

/* pattern, which PCRE2 found too large, as chunks of its alternatives. */
static tregex *compile_split(const char *pattern, const core_env *env, char **err) {
  size_t n;
  char *prefix;
  char **parts = top_alternatives(pattern, &n, &prefix);
  if (!parts) return NULL;
  tregex *re = xcalloc(1, sizeof *re);
  size_t cap = 0;
  for (size_t i = 0; i < n && re;) {
    strbuf chunk = STRBUF_INIT;
    sb_adds(&chunk, prefix);
    for (size_t k = 0; i < n && (k == 0 || chunk.len + strlen(parts[i]) < CHUNK); i++, k++) {
      if (k) sb_addc(&chunk, '|');
      sb_adds(&chunk, parts[i]);
    }
    tregex *one = regex_compile_env(sb_str(&chunk), env, err);
    sb_free(&chunk);
    if (!one) {
      regex_free(re);
      re = NULL;
      break;
    }
    XGROW(re->alt, cap, re->nalt + 1);
    re->alt[re->nalt++] = one;
  }
  for (size_t i = 0; i < n; i++) free(parts[i]);
  free(parts), free(prefix);
  if (re) re->pattern = xstrdup(pattern);
  return re;
}

/* Whether pattern is ASCII text with no metacharacter (RE2's QuoteMeta
 * set): it then matches exactly where it occurs as bytes, the leftmost
 * occurrence first. (An ASCII byte of a subject is always a character of
 * its own, even among invalid UTF-8, so a byte search is Go's answer.) */
static bool plain_literal(const char *p) {
  if (!*p) return false;
  for (; *p; p++)
    if ((unsigned char)*p >= 0x80 || strchr("\\.+*?()|[]{}^$", *p)) return false;
  return true;
}

/* When pattern is ^TEXT$ with TEXT ASCII and its metacharacters escaped
 * (regex_quote's; \xHH of an ASCII character too, as the curses UI writes a
 * space), TEXT unescaped: the pattern matches a subject exactly equal to
 * it, as a whole (RE2's $ is the end of the text, not of a line). Else NULL.
 * Caller frees. */
static char *anchored_text(const char *p) {
  size_t n = strlen(p);
  if (n < 2 || p[0] != '^' || p[n - 1] != '$') return NULL;
  strbuf sb = STRBUF_INIT;
  for (size_t i = 1; i < n - 1; i++) {
    unsigned char c = (unsigned char)p[i], d = (unsigned char)p[i + 1];
    unsigned v;
    if (c >= 0x80) break;
    if (c != '\\') {
      if (strchr("\\.+*?()|[]{}^$", c)) break;
      sb_addc(&sb, (char)c);
    } else if (i + 1 < n - 1 && d && strchr("\\.+*?()|[]{}^$", d)) {
      sb_addc(&sb, (char)d), i++;
    } else if (d == 'x' && i + 3 < n - 1 && sscanf(p + i + 2, "%2x", &v) == 1 && isxdigit((unsigned char)p[i + 2]) &&
               isxdigit((unsigned char)p[i + 3]) && v > 0 && v < 0x80) {
      sb_addc(&sb, (char)v), i += 3;
    } else {
      break; /* a class, an escaped $ that ends the pattern... */
    }
    if (i == n - 2) return sb_steal(&sb);
  }
  if (n == 2) return sb_steal(&sb); /* ^$ */
  sb_free(&sb);
  return NULL;
}

tregex *regex_compile_env(const char *pattern, const core_env *env, char **err) {
  char *pcre = re2_translate(pattern, err);
  if (!pcre) return NULL;
  int ec;
  PCRE2_SIZE eo;
  /* UTF with invalid-UTF tolerance: names in profiles are bytes, usually
   * UTF-8. NO_AUTO_CAPTURE: see re2.h. */
  pcre2_code *code = compile(pcre, COMPILE_OPTIONS | PCRE2_MATCH_INVALID_UTF, &ec, &eo);
  if (!code && ec == PCRE2_ERROR_PATTERN_TOO_LARGE) { /* a 5,000-name alternation: Go takes it */
    char *e2 = NULL;
    tregex *re = compile_split(pattern, env, &e2);
    if (re) {
      free(pcre);
      return re;
    }
    free(e2);
  }
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
  /* focus=store, peek's names...: strstr is ~5x faster than PCRE2's JIT
   * on short names (32 -> 7 ms for large's 195k function names and files) */
  if (plain_literal(pattern)) re->literal = re->pattern, re->literal_len = strlen(pattern);
  re->exact = anchored_text(pattern); /* list's and peek's ^name$: 97k names on large, 15 -> ~1 ms */
  return re;
}

void regex_free(tregex *re) {
  if (!re) return;
  for (size_t i = 0; i < re->nalt; i++) regex_free(re->alt[i]);
  free(re->alt);
  pcre2_match_data_free(re->md);
  pcre2_match_context_free(re->mctx);
  pcre2_match_context_free(re->dfa_ctx);
  pcre2_code_free(re->code);
  pcre2_code_free(re->dfa_utf);
  pcre2_code_free(re->dfa_bytes);
  free(re->ws), free(re->pcre), free(re->dfa_pcre), free(re->exact);
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

bool regex_too_complex(const tregex *re) {
  if (!re) return false;
  for (size_t i = 0; i < re->nalt; i++)
    if (re->alt[i]->too_complex) return true;
  return re->too_complex;
}

bool regex_search(const tregex *re, const char *s, size_t *start, size_t *end) {
  if (re->nalt) { /* the leftmost match of the chunks; the first chunk's at equal starts */
    bool any = false;
    size_t bs = 0, be = 0;
    for (size_t i = 0; i < re->nalt; i++) {
      size_t a, b;
      if (regex_search(re->alt[i], s, &a, &b) && (!any || a < bs)) any = true, bs = a, be = b;
      if (any && !start && !end) break;
    }
    if (any && start) *start = bs;
    if (any && end) *end = be;
    return any;
  }
  if (re->exact) {
    if (strcmp(s, re->exact)) return false;
    if (start) *start = 0;
    if (end) *end = strlen(s);
    return true;
  }
  if (re->literal) {
    const char *at = strstr(s, re->literal);
    if (!at) return false;
    if (start) *start = (size_t)(at - s);
    if (end) *end = (size_t)(at - s) + re->literal_len;
    return true;
  }
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
  for (size_t i = 0; i < re->nalt; i++) { /* the first chunk that matches */
    int k = regex_groups(re->alt[i], s, ov, max);
    if (k >= 0) return k;
  }
  if (re->nalt) return -1;
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
