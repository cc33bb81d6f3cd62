/*
 * fuzz_regex.c: libFuzzer harness for the regex layer: a Go (RE2) pattern
 * through re2.c's checks and translation and PCRE2's compiler, then matched
 * against subjects, under the backtracking limit, the DFA fallback and the
 * time budget of regex.c. The first line of the input is the pattern, every
 * further line a subject; the subjects are also matched a second time once
 * the first pass may have switched the regex to its DFA matcher.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/regex.h"
#include "tprof/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = xstrndup((const char *)data, size);
  char *nl = strchr(text, '\n');
  if (nl) *nl = 0;
  char *err = NULL;
  tregex *re = regex_compile(text, &err);
  if (!re) {
    free(err), free(text);
    return 0;
  }
  for (int pass = 0; pass < 2; pass++) {
    for (char *s = nl ? nl + 1 : NULL; s;) {
      char *e = strchr(s, '\n');
      if (e) *e = 0;
      size_t a, b;
      if (regex_search(re, s, &a, &b) && (a > b || b > strlen(s))) abort(); /* a range inside the subject */
      (void)regex_match(re, s);
      if (e) *e = '\n';
      s = e ? e + 1 : NULL;
    }
    (void)regex_too_complex(re);
  }
  size_t ov[16];
  (void)regex_groups(re, "main.(*T).f·1", ov, 8);
  char *q = regex_quote(text);
  free(q);
  regex_free(re);
  free(text);
  return 0;
}
