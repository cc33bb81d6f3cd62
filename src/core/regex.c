/*
 * regex.c: PCRE2 behind tprof's small regex interface. Patterns are Go's
 * syntax; re2.c checks them and translates them to PCRE2's. Each compiled
 * regex owns its match data, so a tregex must not be used by two threads at
 * once.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "tprof/regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "tprof/re2.h"
#include "tprof/util.h"

struct tregex {
  pcre2_code *code;
  pcre2_match_data *md;
  char *pattern;
};

tregex *regex_compile(const char *pattern, char **err) {
  char *pcre = re2_translate(pattern, err);
  if (!pcre) return NULL;
  int ec;
  PCRE2_SIZE eo;
  /* Go nests groups up to its tree height limit (1000); the translation
   * may add a group around a quantified operand. */
  pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
  if (!cc) xfatal("out of memory (pcre2 compile context)");
  pcre2_set_parens_nest_limit(cc, 2 * 1000 + 16);
  /* UTF with invalid-UTF tolerance: names in profiles are bytes, usually
   * UTF-8. NO_AUTO_CAPTURE: see re2.h. */
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pcre, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NO_AUTO_CAPTURE, &ec, &eo, cc);
  pcre2_compile_context_free(cc);
  if (!code) {
    /* Go accepted the pattern; only PCRE2's own limits can get here. */
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    *err = xasprintf("error parsing regexp: %s: `%s`", (char *)msg, pattern);
    free(pcre);
    return NULL;
  }
  free(pcre);
  /* JIT is best effort; TPROF_NO_JIT=1 turns it off (valgrind cannot see
   * into JIT code and reports its reads as uninitialised) */
  static int nojit = -1;
  if (nojit < 0) nojit = getenv("TPROF_NO_JIT") && *getenv("TPROF_NO_JIT") && strcmp(getenv("TPROF_NO_JIT"), "0");
  if (!nojit) pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  tregex *re = xcalloc(1, sizeof *re);
  re->code = code;
  re->md = pcre2_match_data_create_from_pattern(code, NULL);
  if (!re->md) xfatal("out of memory (pcre2 match data)");
  re->pattern = xstrdup(pattern);
  return re;
}

void regex_free(tregex *re) {
  if (!re) return;
  pcre2_match_data_free(re->md);
  pcre2_code_free(re->code);
  free(re->pattern);
  free(re);
}

bool regex_search(const tregex *re, const char *s, size_t *start, size_t *end) {
  int rc = pcre2_match(re->code, (PCRE2_SPTR)s, strlen(s), 0, 0, re->md, NULL);
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
  int rc = pcre2_match(re->code, (PCRE2_SPTR)s, strlen(s), 0, 0, re->md, NULL);
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
