/*
 * symbolizer.c: names for address-only locations (symbolizer.h). Every
 * source of names ends in symbolizer_set, which gives a location its lines
 * and adds functions as pprof's doLocalSymbolize does: one function per
 * distinct (name, file), numbered after the profile's own, and the
 * mapping's has_* flags set from what was found.
 */
#include "tprof/symbolizer.h"

#include <stdlib.h>
#include <string.h>

#include "tprof/gotext.h"

/* One frame an object file or a symbol server names for an address. */
typedef struct sym_frame {
  const char *func, *file; /* "" or NULL when unknown */
  int64_t line;
} sym_frame;

/* One symbolization pass over a profile. */
typedef struct symbolizer {
  profile *p;
  u64map fns; /* hash of (name, file) -> function index */
} symbolizer;

static void symbolizer_init(symbolizer *s, profile *p) {
  s->p = p;
  u64map_init(&s->fns, 64);
}

static void symbolizer_done(symbolizer *s) {
  u64map_free(&s->fns);
  profile_touch(s->p);
}

static uint32_t symbolizer_function(symbolizer *s, const char *name, const char *file) {
  profile *p = s->p;
  uint64_t h = hash64(hash64((uintptr_t)name) ^ (uintptr_t)file);
  uint32_t k = u64map_get(&s->fns, h);
  if (k != TPROF_NONE && p->functions[k].name == name && p->functions[k].filename == file) return k;
  if (k != TPROF_NONE) /* a hash collision: look the slow way */
    for (size_t i = 0; i < p->nfunctions; i++)
      if (p->functions[i].name == name && p->functions[i].system_name == name && p->functions[i].filename == file &&
          p->functions[i].start_line == 0)
        return (uint32_t)i;
  p->functions = xreallocarray(p->functions, p->nfunctions + 2, sizeof *p->functions);
  k = (uint32_t)p->nfunctions++;
  p->functions[k] = (function){p->nfunctions, name, name, file, 0};
  u64map_put(&s->fns, h, k);
  return k;
}

/* Location loc (no lines yet) gets frames f[0..n), innermost first. */
static void symbolizer_set(symbolizer *s, uint32_t loc, const sym_frame *f, size_t n) {
  profile *p = s->p;
  if (n == 0 || loc >= p->nlocations) return;
  intern *in = profile_strings(p);
  p->lines = xreallocarray(p->lines, p->nlines + n + 1, sizeof *p->lines);
  location *l = &p->locations[loc];
  mapping *m = l->mapping < p->nmappings ? &p->mappings[l->mapping] : NULL;
  l->line_off = (uint32_t)p->nlines, l->nlines = (uint32_t)n, l->is_folded = false;
  for (size_t i = 0; i < n; i++) {
    const char *name = intern_s(in, f[i].func ? f[i].func : ""), *file = intern_s(in, f[i].file ? f[i].file : "");
    p->lines[p->nlines++] = (pline){symbolizer_function(s, name, file), f[i].line};
    if (m) {
      if (*name) m->has_functions = true;
      if (*file) m->has_filenames = true;
      if (f[i].line) m->has_line_numbers = true;
    }
  }
  if (m) m->has_inline_frames = true;
}

/*
 * runtime/pprof's printStackRecord leaves some frames out of the # lines:
 * runtime.goexit, and the runtime.* frames before a stack's first other
 * frame (runtime.gopark under a goroutine, say). So a location no # line
 * names is runtime.goexit when it lies rootward of a named frame of some
 * sample, and some runtime function ("runtime.?") when it lies leafward:
 * named so, the heap's drop_frames (runtime\..*) prune them as they prune
 * the frames a binary names.
 */
enum { HIDDEN_NONE, HIDDEN_LEADING, HIDDEN_GOEXIT };

static unsigned char *hidden_frames(const profile *p, const gotext *g) {
  unsigned char *h = xcalloc(p->nlocations + 1, 1);
  for (size_t i = 0; i < p->nsamples; i++) {
    size_t n, first = SIZE_MAX;
    const uint32_t *st = profile_stack(p, i, &n);
    for (size_t k = 0; k < n && first == SIZE_MAX; k++) {
      size_t nf;
      const location *l = &p->locations[st[k]];
      if (l->nlines || gotext_find(g, l->address, &nf)) first = k;
    }
    if (first == SIZE_MAX) continue;
    for (size_t k = 0; k < n; k++) {
      size_t nf;
      const location *l = &p->locations[st[k]];
      if (l->nlines || gotext_find(g, l->address, &nf)) continue;
      if (k > first) h[st[k]] = HIDDEN_GOEXIT;
      else if (h[st[k]] == HIDDEN_NONE) h[st[k]] = HIDDEN_LEADING;
    }
  }
  return h;
}

size_t symbolizer_from_gotext(profile *p) {
  const gotext *g = p->gotext;
  if (!g || g->nframes == 0) return 0;
  symbolizer s;
  symbolizer_init(&s, p);
  unsigned char *hidden = hidden_frames(p, g);
  size_t named = 0;
  sym_frame *fr = NULL;
  size_t frcap = 0;
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    if (l->nlines) continue;
    size_t n;
    const gotext_frame *gf = gotext_find(g, l->address, &n);
    if (!gf) {
      if (hidden[i] == HIDDEN_NONE) continue;
      sym_frame one = {hidden[i] == HIDDEN_GOEXIT ? "runtime.goexit" : "runtime.?", "", 0};
      symbolizer_set(&s, (uint32_t)i, &one, 1);
      continue;
    }
    XGROW(fr, frcap, n);
    for (size_t k = 0; k < n; k++) fr[k] = (sym_frame){gf[k].func, gf[k].file, gf[k].line};
    symbolizer_set(&s, (uint32_t)i, fr, n);
    named++;
  }
  free(fr), free(hidden);
  symbolizer_done(&s);
  return named;
}
