/*
 * util.h: the small shared toolbox of tprof: checked allocation, a growable
 * byte buffer (strbuf), an arena with string interning, and a hash map from
 * 64-bit keys to 32-bit values.
 *
 * Two kinds of errors (doc/design.md): running out of memory is fatal and
 * goes through x*() here, which first runs the hook a front end registered
 * (the curses UI restores the terminal); bad input is returned as an error
 * message to the caller and never printed here.
 */
#ifndef TPROF_UTIL_H
#define TPROF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPROF_NONE UINT32_MAX /* "no index" in uint32 index fields */

#if defined(__GNUC__)
#define TPROF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TPROF_NORETURN __attribute__((noreturn))
#else
#define TPROF_PRINTF(a, b)
#define TPROF_NORETURN
#endif

/* Register a function run before tprof exits on a fatal error. */
void xfatal_hook(void (*hook)(void));
/* Print "tprof: MSG" on stderr after running the hook, and exit(1). */
TPROF_NORETURN void xfatal(const char *fmt, ...) TPROF_PRINTF(1, 2);

/* Malloc's heap in transparent huge pages: main calls it once, first. */
void heap_huge_pages(void);
/* Malloc's big blocks given back when freed (main calls it for big inputs). */
void heap_give_back(void);
void *xmalloc(size_t n);
/* realloc that returns NULL (p intact) when memory is short, for a capacity that is only a hint */
void *try_realloc(void *p, size_t n);
/* A zeroed block for a table written all over at random (a hash table, a
 * ring): from 4 MiB and under 8 MiB (a medium profile's), its mapping is
 * whole 2 MiB huge pages (as xrealloc sizes them), where a calloc'd one on
 * a 4 KiB boundary took 4 KiB faults and TLB misses on many writes. From
 * 8 MiB it is xcalloc's: the extra huge page past a table of a power of
 * two bytes would be touched, 2 MB of RSS for large's. */
void *xzalloc_huge(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc to n*size bytes, checking the multiplication for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Caller frees. */
char *xasprintf(const char *fmt, ...) TPROF_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap);
/* A formatted line to a message callback (ctx, line) such as source.h's;
 * nothing when msg is NULL. */
void msgf(void (*msg)(void *ctx, const char *line), void *ctx, const char *fmt, ...) TPROF_PRINTF(3, 4);

/* Grow *p (elements of size `size`, capacity *cap) to hold at least `need`. */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);
#define XGROW(ptr, cap, need) xgrow(&(ptr), &(cap), (need), sizeof *(ptr))

/* ---- strbuf: growable, always NUL-terminated byte buffer ---- */
typedef struct strbuf {
  char *s;
  size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}
void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_reset(strbuf *sb);
void sb_add(strbuf *sb, const void *p, size_t n);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_addn(strbuf *sb, char c, size_t n); /* n copies of c */
void sb_printf(strbuf *sb, const char *fmt, ...) TPROF_PRINTF(2, 3);
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* The buffer's contents as a C string ("" when empty); borrowed. */
const char *sb_str(const strbuf *sb);
/* Take the contents (caller frees) and reset the buffer. */
char *sb_steal(strbuf *sb);

/* ---- arena: bump allocator, freed all at once ---- */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
  arena_chunk *head;
  size_t used_bytes; /* bytes handed out, for statistics */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n); /* 8-byte aligned, zeroed */
char *arena_strndup(arena *a, const char *s, size_t n);

/* ---- intern: one copy of each distinct string, pointer-comparable ---- */
typedef struct intern {
  arena *mem; /* strings live here */
  const char **slots;
  uint32_t *hashes;
  size_t cap, count;
} intern;

void intern_init(intern *in, arena *mem);
void intern_free(intern *in); /* frees the table, not the arena */
/* The interned copy of s[0..n) (NUL-terminated); borrowed from the arena. */
const char *intern_n(intern *in, const char *s, size_t n);
const char *intern_s(intern *in, const char *s);

/* ---- u64map: open-addressing map uint64 -> uint32 ---- */
typedef struct u64map {
  uint64_t *keys;
  uint32_t *vals;
  uint8_t *used;
  size_t cap, count;
} u64map;

void u64map_init(u64map *m, size_t expect);
void u64map_free(u64map *m);
/* The value for key, or TPROF_NONE. */
uint32_t u64map_get(const u64map *m, uint64_t key);
/* Insert key->val unless present; returns the value now stored. */
uint32_t u64map_put(u64map *m, uint64_t key, uint32_t val);

/* A 64-bit mixer (murmur3's finaliser); inline: node maps hash seven
 * fields a location line with it. */
static inline uint64_t hash64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

/* Path helpers with Go's path/filepath semantics. Caller frees. */
char *path_clean(const char *path);
/* The locale's character set is UTF-8 (after setlocale(LC_CTYPE, "")). */
bool locale_is_utf8(void);
const char *path_base_ptr(const char *path); /* borrowed suffix, see doc */
char *path_base(const char *path);
char *path_dir(const char *path);
char *path_join(const char *a, const char *b);

/* ---- int64 arithmetic as Go does it (pprof's values are Go int64s) ----
 * Sums of values from a file may overflow: they wrap around as in Go, so
 * reports stay byte-exact with pprof, and C's undefined behaviour is never
 * invoked (doc/hostile.md). */
static inline int64_t i64_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t i64_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t i64_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static inline int64_t i64_neg(int64_t a) { return (int64_t)(0 - (uint64_t)a); }
static inline int64_t i64_abs(int64_t a) { return a < 0 ? i64_neg(a) : a; }
/* a / b for b != 0: MinInt64 / -1 is MinInt64 in Go, a trap in C. */
static inline int64_t i64_div(int64_t a, int64_t b) { return b == -1 ? i64_neg(a) : a / b; }
/* Go's int64(f) on amd64: NaN and values out of range give MinInt64. */
static inline int64_t i64_from_double(double d) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return INT64_MIN;
  return (int64_t)d;
}

#endif
