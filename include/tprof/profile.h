/*
 * profile.h: the profile model. A profile is loaded from profile.proto
 * bytes (gzip or raw), merged with others as pprof merges them, and then
 * never changes: filters and reports work on views of it (view.h).
 *
 * Layout is compact on purpose (doc/performance.md): strings are interned
 * once in the profile's arena, and every cross reference is a uint32 index
 * (TPROF_NONE for "none"), not a pointer or a file id. Sample stacks are
 * stored back to back in one array of location indices, leaf first, with
 * one offset per sample, packed 3 bytes a frame (stk below); values are
 * interned tuples of ntypes, one tuple index per sample.
 *
 * Ownership: the profile owns everything reachable from it; every
 * `const char *` taken from it is borrowed for the profile's lifetime.
 * No array of a profile is NULL, even when empty.
 */
#ifndef TPROF_PROFILE_H
#define TPROF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tprof/util.h"

typedef struct value_type {
  const char *type, *unit;
} value_type;

typedef struct mapping {
  uint64_t id, start, limit, offset;
  const char *file, *build_id;
  bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
} mapping;

typedef struct function {
  uint64_t id;
  const char *name, *system_name, *filename;
  int64_t start_line;
} function;

typedef struct pline {
  uint32_t func; /* index into functions, TPROF_NONE if absent */
  int64_t line;
} pline;

typedef struct location {
  uint64_t id, address;
  uint32_t mapping;            /* index into mappings or TPROF_NONE */
  uint32_t line_off, nlines;   /* into lines; innermost (inlined) first */
  bool is_folded;
} location;

/* One label of a sample: a string label (str != NULL) or a numeric one. */
typedef struct label {
  const char *key;
  const char *str;  /* NULL for a numeric label */
  int64_t num;
  const char *unit; /* numeric unit, NULL when the profile gave none */
} label;

/*
 * A sample's labels as a set, interned: set 0 is the empty set. Within a
 * set, string labels come first, grouped by key in byte order (values in
 * file order), then numeric labels grouped the same way.
 */
typedef struct labelset {
  uint32_t off, n; /* into labels */
} labelset;

/* Per merged function and sample type, the unfiltered view's first pass,
 * made while merging (src/core/loadweights.h); valid while `serial` equals
 * the profile's. */
typedef struct load_weights {
  uint64_t serial;
  size_t nfunc, nt;
  int64_t *cum, *flat; /* [function * nt + type] */
} load_weights;

typedef struct profile {
  arena mem;
  intern strs;

  value_type *sample_type;
  size_t nsample_type;
  const char *default_sample_type;
  value_type period_type;
  int64_t period, time_nanos, duration_nanos;
  const char **comments;
  size_t ncomments;
  const char *drop_frames, *keep_frames; /* as read: source_load prunes with them (view.h profile_prune) */
  /* What a Go ?debug=1 text file said in its # lines (gotext.h), or NULL:
   * one reference, shared with views and copies. */
  struct gotext *gotext;

  mapping *mappings;
  size_t nmappings;
  function *functions;
  size_t nfunctions;
  location *locations;
  size_t nlocations;
  pline *lines;
  size_t nlines;

  label *labels;
  size_t nlabels, labels_cap;
  labelset *labelsets;
  size_t nlabelsets, labelsets_cap;
  u64map labelset_index; /* content hash -> first set with that hash */

  size_t nsamples;
  uint32_t *stack_off;     /* where each sample's stack starts in stack (in frames: fewer than 2^32) */
  uint32_t *stack_len;     /* and its length */
  uint8_t *stack;          /* location indices, leaf first, stack_w bytes each (stk) */
  size_t stack_used, stack_cap; /* in frames */
  size_t stack_w;          /* 3, or 4 once an entry needs 32 bits */
  /* Values: each distinct tuple of nsample_type values once, a tuple index
   * per sample (profile_values): samples share a few tuples (a CPU
   * profile's (n, n * period), a heap profile's size classes), so this is
   * 4 bytes a sample rather than 8 * nsample_type. Tuples are only ever
   * added, never changed, but by profile_scale of an unshared profile. */
  int64_t *values;         /* nvtuples * nsample_type */
  size_t nvtuples, values_cap;
  u64map value_index;      /* tuple hash -> first tuple with that hash (probing h+1...) */
  uint32_t *value_idx;     /* tuple per sample */
  uint32_t *sample_labels; /* labelset per sample */
  size_t samples_cap;

  /* Changes whenever the profile is changed in place (merge, scale,
   * labels, prune): a cache keyed on a profile holds a reference to it (so
   * its address cannot come back as another profile's) and compares the
   * address and this. No counter is shared between profiles. */
  uint64_t serial;

  /* Made by the merge (NULL when it was not): owned, never shared: views
   * and copies start without. */
  load_weights *lw;

  /* A view whose tables (mappings, functions, locations, lines) are
   * another view's (view_share_tables) holds a reference to it here. */
  const struct profile *tables_from;

  /* References (profile_ref/profile_unref, atomic: the curses UI's worker
   * thread and its UI thread both hold profiles). A view holds one on its
   * base, a report on its profile. */
  int refs;

  /* A view (view.h) borrows some arrays from its base profile; these say
   * which ones it owns. A loaded profile owns everything. */
  const struct profile *base;
  unsigned borrowed;
} profile;

enum {
  BORROW_TABLES = 1,  /* mappings, functions, lines */
  BORROW_STACKS = 2,  /* stack */
  BORROW_LABELS = 4,  /* labels, labelsets, labelset_index */
  BORROW_STRINGS = 8, /* mem, strs (the base's intern table is shared) */
  BORROW_SAMPLES = 16,   /* stack_off, stack_len, value_idx, sample_labels */
  BORROW_LOCATIONS = 32, /* locations (a lines view rewrites them alone: view_aggregate) */
  BORROW_VALUES = 64     /* values, value_index (a view never adds a tuple) */
};

/* A new empty profile. */
profile *profile_new(void);
/* An independent copy of p (a view too): its own strings and arrays, the
 * same ids, samples and labels. profile_merge may then consume it. */
profile *profile_copy(const profile *p);
/* Give p a new serial (after changing it in place; p is not shared then). */
void profile_touch(profile *p);
/* Take a reference to p (returned, for chaining; NULL stays NULL). */
profile *profile_ref(const profile *p);
/* Drop a reference: the last one frees p (and drops p's on its base). */
void profile_unref(profile *p);
/* The same as profile_unref: what owners of one reference call. */
void profile_free(profile *p);
void load_weights_free(load_weights *w);

/*
 * Stacks are packed: a frame is stack_w bytes, 3 while every entry is below
 * 2^24 (entries are location indices, and profiles have fewer locations),
 * 4 once one is not (profile_stack_widen). 4 bytes a frame were the largest
 * part of a big profile's memory (doc/performance.md). An entry is read as
 * one unaligned 4-byte load and masked: the array has STACK_SLACK bytes
 * past its capacity for the last one. A stk is a view of frames: stk_at(s,
 * k) is its frame k.
 */
#define STACK_SLACK 1
typedef struct stk {
  const uint8_t *b;
  size_t w;
  uint32_t mask;
} stk;

static inline uint32_t stk_load(const uint8_t *q) {
  uint32_t v;
  memcpy(&v, q, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap32(v);
#endif
  return v;
}
static inline uint32_t stk_at(stk s, size_t k) { return stk_load(s.b + k * s.w) & s.mask; }
/* The same reading only frame k's own bytes (for a reader beside a writer
 * of the frames that follow). */
static inline uint32_t stk_at_exact(stk s, size_t k) {
  const uint8_t *q = s.b + k * s.w;
  uint32_t v = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16;
  return s.w == 4 ? v | (uint32_t)q[3] << 24 : v;
}
/* Frames [k, ...) of s. */
static inline stk stk_from(stk s, size_t k) {
  s.b += k * s.w;
  return s;
}
/* Every frame of p's stack array (sample i's start at p->stack_off[i]). */
static inline stk profile_frames(const profile *p) {
  return (stk){p->stack, p->stack_w, p->stack_w == 3 ? 0xffffffu : 0xffffffffu};
}
/* Write frame k of a stack array of width w. */
static inline void stk_put(uint8_t *b, size_t w, size_t k, uint32_t v) {
  uint8_t *q = b + k * w;
  q[0] = (uint8_t)v, q[1] = (uint8_t)(v >> 8), q[2] = (uint8_t)(v >> 16);
  if (w == 4) q[3] = (uint8_t)(v >> 24);
}
/* The same for a writer going forward: one 4-byte store, which also writes
 * frame k + 1's first byte (written next, or the slack). */
static inline void stk_put_fwd(uint8_t *b, size_t w, size_t k, uint32_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap32(v);
#endif
  memcpy(b + k * w, &v, 4);
}
/* Bytes for cap frames of width w, with the slack. */
static inline size_t stk_bytes(size_t cap, size_t w) { return cap * w + STACK_SLACK; }

/* Accessors for sample i. */
static inline stk profile_stack(const profile *p, size_t i, size_t *n) {
  *n = p->stack_len[i];
  return stk_from(profile_frames(p), p->stack_off[i]);
}
static inline const int64_t *profile_values(const profile *p, size_t i) {
  return p->values + (size_t)p->value_idx[i] * p->nsample_type;
}
static inline const labelset *profile_labels(const profile *p, size_t i) {
  return &p->labelsets[p->sample_labels[i]];
}

/*
 * Decode a profile.proto message (gzip-compressed or not) from memory.
 * `name` names the source in error messages. On error returns NULL and sets
 * *err to one line saying what is wrong and where (caller frees).
 */
profile *profile_parse(const void *data, size_t n, const char *name, char **err);

/* Decode a profile from a file, streaming (bounded memory). As above. */
profile *profile_read_file(const char *path, char **err);

/* The same two with env's settings (env.h: the inflate limit, threads); NULL = the defaults. */
struct core_env;
profile *profile_parse_env(const void *data, size_t n, const char *name, const struct core_env *env, char **err);
profile *profile_read_file_env(const char *path, const struct core_env *env, char **err);

/* Encode p as gzip-compressed profile.proto, values scaled by ratio when
 * it is not 1 (encode.c). *out is allocated (caller frees). */
bool profile_encode(const profile *p, double ratio, unsigned char **out, size_t *outn);

/*
 * Merge profiles as pprof's profile.Merge does: sample types must match,
 * units are harmonised first (measurement.ScaleProfiles), locations,
 * functions and mappings are deduplicated and renumbered in order of first
 * use, identical samples are added up and zero samples dropped. Consumes
 * srcs[0..n) (they are freed, even on error). Merging one profile compacts
 * it. Returns NULL with *err set on error.
 */
profile *profile_merge(profile **srcs, size_t n, char **err);

/* Multiply every value by ratio (rounded), dropping samples that become 0. */
void profile_scale(profile *p, const double *ratios);

/* Scale p so that each value type sums as in base (pprof -normalize). */
int profile_normalize(profile *p, const profile *base, char **err);

/* Add label key=value to every sample (used for pprof::base). */
void profile_set_label(profile *p, const char *key, const char *value);

/* Index of a sample type by name or number, as pprof's SampleIndexByName;
 * "" means the default. Returns -1 and sets *err on error. */
int profile_sample_index(const profile *p, const char *name, char **err);

/* The interning table strings go to: a view shares its base's. */
intern *profile_strings(const profile *p);

/* Intern a label set given unsorted labels; returns its index. */
uint32_t profile_intern_labels(profile *p, const label *ls, size_t n);

/* The index of the value tuple v[0, nt) in p's tuples, added if new (nt
 * is p->nsample_type but while decoding, before the types are checked). */
uint32_t profile_intern_values(profile *p, const int64_t *v, size_t nt);

/* Room for n sample records (stack offsets, lengths, tuples, label sets). */
void profile_reserve_samples(profile *p, size_t n);

/* Room for n frames in p's stack array (not a view's borrowed one). */
void profile_reserve_frames(profile *p, size_t n);
/* A stack array holding a[0, n), as narrow as its entries allow (*w). */
uint8_t *stk_pack(const uint32_t *a, size_t n, size_t *w);
/* Make p's stack array 4 bytes a frame (for an entry of 2^24 or more). */
void profile_stack_widen(profile *p);
/* Append frames to p's stack array (widened when one needs it). */
void profile_push_frames(profile *p, const uint32_t *st, size_t n);

/* Append a sample (copies stack and values). */
void profile_add_sample(profile *p, const uint32_t *stack, size_t nstack,
                        const int64_t *values, uint32_t labelset);

/* The unit pprof associates with each numeric label key (NumLabelUnits). */
typedef struct numlabel_units {
  const char **keys, **units;
  size_t n;
  char **warnings; /* "For tag K used unit U, also encountered unit(s) V" */
  size_t nwarnings;
} numlabel_units;
void profile_numlabel_units(const profile *p, numlabel_units *out);
void numlabel_units_free(numlabel_units *u);
const char *numlabel_unit(const numlabel_units *u, const char *key);

#endif
