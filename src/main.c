#include <stdio.h>
#include <stdlib.h>
#include "tprof/profile.h"
#include "tprof/report.h"
int main(int argc, char **argv) {
  profile **ps = xcalloc((size_t)argc, sizeof *ps);
  int n = 0;
  for (int i = 1; i < argc; i++) {
    char *err = NULL;
    ps[n] = profile_read_file(argv[i], &err);
    if (!ps[n]) { fprintf(stderr, "tprof: %s\n", err); return 1; }
    n++;
  }
  char *err = NULL;
  profile *p = profile_merge(ps, (size_t)n, &err);
  if (!p) { fprintf(stderr, "tprof: %s\n", err); return 1; }
  strbuf sb = STRBUF_INIT;
  report_raw(p, &sb);
  fwrite(sb.s, 1, sb.len, stdout);
  return 0;
}
