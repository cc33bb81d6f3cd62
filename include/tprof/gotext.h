/*
 * gotext.h: what a Go `?debug=1` text profile (heap, goroutine, mutex,
 * block, threadcreate) says besides its samples, which pprof ignores: the
 * `#` comment line of each frame (`#	0x4b90d0	main.f+0x50	file.go:38`,
 * written by runtime/pprof's printStackRecord) and, for the heap, the
 * `# runtime.MemStats` block.
 *
 * A profile read from such a file holds one gotext (profile.h), shared by
 * reference with its views and copies. The symbolizer (symbolize.h) names
 * frames from it when nothing else can; `comments` and `info` show the
 * MemStats block.
 */
#ifndef TPROF_GOTEXT_H
#define TPROF_GOTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tprof/util.h"

/* One frame of a `#` line: the function without its +0x offset. */
typedef struct gotext_frame {
  uint64_t pc;
  const char *func, *file;
  int64_t line;
} gotext_frame;

/* One `# Key = value` line of the runtime.MemStats block. */
typedef struct gotext_stat {
  const char *key, *value;
} gotext_stat;

typedef struct gotext {
  int refs;
  arena mem;
  /* sorted by pc; the frames of one pc (inlined calls) back to back,
   * innermost first, as the file lists them */
  gotext_frame *frames;
  size_t nframes;
  gotext_stat *stats; /* in file order */
  size_t nstats;
} gotext;

/* The frames and MemStats of the text in d[0..n), or NULL when it has
 * neither. Malformed lines are skipped: they never fail a load. */
gotext *gotext_scan(const unsigned char *d, size_t n);

/* Take a reference (NULL stays NULL); drop one (the last frees). */
gotext *gotext_ref(gotext *g);
void gotext_unref(gotext *g);

/* The frames of a and b (a's first where both name a pc), a's MemStats or
 * else b's: what a merged profile holds. Either may be NULL. New reference. */
gotext *gotext_union(gotext *a, gotext *b);

/* The frames for pc (innermost first), *n of them; NULL when none. */
const gotext_frame *gotext_find(const gotext *g, uint64_t pc, size_t *n);

/* The value of MemStats key, or NULL. */
const char *gotext_stat_value(const gotext *g, const char *key);

#endif
