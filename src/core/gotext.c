/*
 * gotext.c: the `#` lines of Go's ?debug=1 text profiles (gotext.h).
 * runtime/pprof's printStackRecord writes, under each sample's `@ ...`
 * line, one `#\t<pc>\t<func>+<off>\t<file>:<line>` per frame (the fields
 * aligned by text/tabwriter, so runs of tabs), the inlined calls of one pc
 * on consecutive lines, innermost first; pc is the return address minus
 * one, which is the address pprof's legacy parser gives the location. The
 * heap profile ends with `# runtime.MemStats` and `# Key = value` lines.
 * Owns its strings (an arena freed with it).
 */
#include "tprof/gotext.h"

#include <stdlib.h>
#include <string.h>

#define MAX_STATS 256 /* runtime.MemStats has about 30 fields */

typedef struct scan {
  gotext *g;
  intern strs;
  size_t cap, scap;
  u64map seen; /* pc -> the run that named it */
  uint32_t run;
  uint64_t last_pc;
  const char *first, *first_end; /* the current run's first line: a repeat starts a new run (recursion) */
  bool in_run, skipping, in_stats;
} scan;

static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static unsigned hex_val(char c) {
  return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

/* "#\t0x4b90d0\tmain.f+0x50\t\tfile.go:38" (s..e without the newline). */
static void frame_line(scan *sc, const char *s, const char *e) {
  const char *p = s + 2;
  if (e - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X') || !is_hex(p[2])) goto not_frame;
  p += 2;
  uint64_t pc = 0;
  int digits = 0;
  for (; p < e && is_hex(*p); p++, digits++) pc = pc << 4 | hex_val(*p);
  if (digits > 16 || p == e || *p != '\t') goto not_frame; /* "#\t0x45f408": a frame without a name */
  while (p < e && *p == '\t') p++;
  const char *name = p;
  while (p < e && *p != '\t') p++;
  const char *name_end = p;
  while (p < e && *p == '\t') p++;
  const char *where = p;
  /* drop "+0x50" */
  for (const char *q = name_end; q > name; q--)
    if (q[-1] == '+') {
      if (name_end - q > 2 && q[0] == '0' && q[1] == 'x') name_end = q - 1;
      break;
    }
  if (name_end == name) goto not_frame;
  const char *colon = NULL;
  for (const char *q = e; q > where; q--)
    if (q[-1] == ':') {
      colon = q - 1;
      break;
    }
  int64_t line = 0;
  const char *file_end = e;
  if (colon && colon + 1 < e && e - colon <= 10) {
    bool num = true;
    int64_t v = 0;
    for (const char *q = colon + 1; q < e; q++) {
      if (*q < '0' || *q > '9') num = false;
      else v = v * 10 + (*q - '0');
    }
    if (num) line = v, file_end = colon;
  }
  /* The first run of frames that names a pc is kept; later samples repeat
   * it. A line equal to the run's first is the next frame of a recursion. */
  size_t len = (size_t)(e - name);
  bool repeat = sc->in_run && (size_t)(sc->first_end - sc->first) == len && !memcmp(sc->first, name, len);
  if (!(sc->in_run && pc == sc->last_pc) || repeat) {
    sc->first = name, sc->first_end = e;
    sc->run++;
    sc->skipping = u64map_put(&sc->seen, pc, sc->run) != sc->run;
  }
  sc->in_run = true, sc->last_pc = pc;
  if (sc->skipping) return;
  gotext *g = sc->g;
  XGROW(g->frames, sc->cap, g->nframes + 1);
  g->frames[g->nframes++] = (gotext_frame){pc, intern_n(&sc->strs, name, (size_t)(name_end - name)),
                                           intern_n(&sc->strs, where, (size_t)(file_end - where)), line};
  return;
not_frame:
  sc->in_run = false;
}

/* "# Alloc = 9516760" */
static void stat_line(scan *sc, const char *s, const char *e) {
  const char *k = s + 2, *eq = NULL;
  for (const char *q = k; q + 3 <= e; q++)
    if (q[0] == ' ' && q[1] == '=' && q[2] == ' ') {
      eq = q;
      break;
    }
  gotext *g = sc->g;
  if (!eq || eq == k || g->nstats >= MAX_STATS) {
    sc->in_stats = false; /* the block ends here */
    return;
  }
  XGROW(g->stats, sc->scap, g->nstats + 1);
  g->stats[g->nstats++] = (gotext_stat){intern_n(&sc->strs, k, (size_t)(eq - k)),
                                        intern_n(&sc->strs, eq + 3, (size_t)(e - eq - 3))};
}

/* Sorting frames by pc, stably: each pc's frames are one run, innermost first. */
typedef struct frame_key {
  uint64_t pc;
  size_t i;
} frame_key;

static int frame_key_order(const void *a, const void *b) {
  const frame_key *x = a, *y = b;
  if (x->pc != y->pc) return x->pc < y->pc ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

static gotext *gotext_empty(void) {
  gotext *g = xcalloc(1, sizeof *g);
  g->refs = 1;
  arena_init(&g->mem);
  return g;
}

gotext *gotext_scan(const unsigned char *d, size_t n) {
  scan sc;
  memset(&sc, 0, sizeof sc);
  sc.g = gotext_empty();
  intern_init(&sc.strs, &sc.g->mem);
  u64map_init(&sc.seen, 64);
  const char *s = (const char *)d, *end = s + n;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    const char *le = e > s && e[-1] == '\r' ? e - 1 : e;
    if (le - s >= 2 && s[0] == '#' && s[1] == '\t') {
      sc.in_stats = false;
      frame_line(&sc, s, le);
    } else {
      sc.in_run = false;
      if (le - s == 18 && !memcmp(s, "# runtime.MemStats", 18)) sc.in_stats = sc.g->nstats == 0;
      else if (sc.in_stats && le - s > 2 && s[0] == '#' && s[1] == ' ') stat_line(&sc, s, le);
      else sc.in_stats = false;
    }
    s = e + 1;
  }
  u64map_free(&sc.seen);
  intern_free(&sc.strs);
  gotext *g = sc.g;
  if (g->nframes == 0 && g->nstats == 0) {
    gotext_unref(g);
    return NULL;
  }
  bool sorted = true;
  for (size_t i = 1; i < g->nframes && sorted; i++) sorted = g->frames[i - 1].pc <= g->frames[i].pc;
  if (!sorted) {
    frame_key *k = xcalloc(g->nframes, sizeof *k);
    for (size_t i = 0; i < g->nframes; i++) k[i] = (frame_key){g->frames[i].pc, i};
    qsort(k, g->nframes, sizeof *k, frame_key_order);
    gotext_frame *f = xcalloc(g->nframes, sizeof *f);
    for (size_t i = 0; i < g->nframes; i++) f[i] = g->frames[k[i].i];
    free(g->frames), free(k);
    g->frames = f;
  }
  return g;
}

gotext *gotext_ref(gotext *g) {
  if (g) __atomic_add_fetch(&g->refs, 1, __ATOMIC_RELAXED);
  return g;
}

void gotext_unref(gotext *g) {
  if (!g || __atomic_sub_fetch(&g->refs, 1, __ATOMIC_ACQ_REL) > 0) return;
  free(g->frames), free(g->stats);
  arena_free(&g->mem);
  free(g);
}

const gotext_frame *gotext_find(const gotext *g, uint64_t pc, size_t *n) {
  *n = 0;
  if (!g || g->nframes == 0) return NULL;
  size_t lo = 0, hi = g->nframes;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (g->frames[mid].pc < pc) lo = mid + 1;
    else hi = mid;
  }
  size_t k = lo;
  while (k < g->nframes && g->frames[k].pc == pc) k++;
  *n = k - lo;
  return k > lo ? &g->frames[lo] : NULL;
}

const char *gotext_stat_value(const gotext *g, const char *key) {
  for (size_t i = 0; g && i < g->nstats; i++)
    if (!strcmp(g->stats[i].key, key)) return g->stats[i].value;
  return NULL;
}

gotext *gotext_union(gotext *a, gotext *b) {
  if (!a || !b || a == b) return gotext_ref(a ? a : b);
  gotext *g = gotext_empty();
  intern strs;
  intern_init(&strs, &g->mem);
  g->frames = xcalloc(a->nframes + b->nframes + 1, sizeof *g->frames);
  /* merge the two sorted lists; a pc both name keeps a's frames */
  size_t i = 0, j = 0;
  while (i < a->nframes || j < b->nframes) {
    const gotext *from;
    size_t *k;
    if (j >= b->nframes || (i < a->nframes && a->frames[i].pc <= b->frames[j].pc)) {
      from = a, k = &i;
      uint64_t pc = a->frames[i].pc;
      while (j < b->nframes && b->frames[j].pc == pc) j++;
    } else {
      from = b, k = &j;
    }
    uint64_t pc = from->frames[*k].pc;
    for (; *k < from->nframes && from->frames[*k].pc == pc; (*k)++) {
      const gotext_frame *f = &from->frames[*k];
      g->frames[g->nframes++] = (gotext_frame){f->pc, intern_s(&strs, f->func), intern_s(&strs, f->file), f->line};
    }
  }
  const gotext *st = a->nstats ? a : b;
  g->stats = xcalloc(st->nstats + 1, sizeof *g->stats);
  for (size_t s = 0; s < st->nstats; s++)
    g->stats[s] = (gotext_stat){intern_s(&strs, st->stats[s].key), intern_s(&strs, st->stats[s].value)};
  g->nstats = st->nstats;
  intern_free(&strs);
  return g;
}
