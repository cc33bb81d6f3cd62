/*
 * util.c: checked allocation, strbuf, arena, string interning, the u64 hash
 * map and Go-compatible path helpers. Everything here is leaf code: it
 * depends on libc only.
 */
#include "tprof/util.h"

#include <errno.h>
#include <langinfo.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The one writable static of src/core (tests/unit/static-data.allow): the
 * out-of-memory path runs it from wherever memory ran out, with no context
 * to carry it there. The UI sets it once, before any thread starts. */
static void (*fatal_hook)(void);

void xfatal_hook(void (*hook)(void)) { fatal_hook = hook; }

void xfatal(const char *fmt, ...) {
  if (fatal_hook) {
    void (*h)(void) = fatal_hook;
    fatal_hook = NULL; /* never recurse */
    h();
  }
  va_list ap;
  va_start(ap, fmt);
  fputs("tprof: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static void oom(size_t n) { xfatal("out of memory (allocating %zu bytes)", n); }

/* Large blocks (the stacks, values and per-pass arrays of a big profile)
 * ask for transparent huge pages: a 2 MiB page is one fault instead of
 * 512 (first touches of fresh memory were 12-16% of a large load) and one
 * TLB entry for the passes' random reads. glibc serves such blocks with a
 * mapping of their own that starts at the block's page and ends at its
 * last page: the advice covers those whole pages, so the mapping stays one
 * area and realloc can still grow it in place (mremap refuses a range that
 * advice split in two). Where THP is off or the call fails nothing changes. */
#define HUGE_MIN ((size_t)4 << 20)
static void *advise_huge(void *p, size_t n) {
#ifdef MADV_HUGEPAGE
  if (n >= HUGE_MIN) {
    uintptr_t pg = 4096, a = (uintptr_t)p & ~(pg - 1), e = ((uintptr_t)p + n + pg - 1) & ~(pg - 1);
    (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
  }
#endif
  return p;
}

/* The heap in transparent huge pages (doc/performance.md, "Issue 14:
 * loading small and medium profiles"). On this project's VMs the first
 * touch of a 4 KiB page costs ~10 us (a fault, then the hypervisor's own
 * fault on the first access), so a profile of a few MB spent half of its
 * load in page faults on its many small tables (u64maps, interned strings,
 * the decoder's raw records). Blocks under HUGE_MIN now come from a heap
 * whose first HEAP_HUGE bytes are reserved at once (address space only:
 * pages exist once touched) and advised MADV_HUGEPAGE, so that they are
 * touched 2 MiB at a time; blocks from HUGE_MIN up are mappings of their
 * own, advised by advise_huge. Freed heap memory is kept for reuse rather
 * than given back: given back and taken again it would be 4 KiB pages, as
 * a heap extension past the advised range is. Called once by main, before
 * any thread; anything failing leaves malloc's defaults. */
#define HEAP_HUGE ((size_t)64 << 20)
void heap_huge_pages(void) {
#if defined(M_MMAP_THRESHOLD) && defined(MADV_HUGEPAGE)
  char *before = sbrk(0);
  if (before == (char *)-1 || !mallopt(M_TOP_PAD, (int)HEAP_HUGE)) return;
  mallopt(M_TRIM_THRESHOLD, INT32_MAX);
  mallopt(M_MMAP_THRESHOLD, (int)HUGE_MIN);
  void *grow = malloc(1 << 20); /* more than the heap has left: malloc extends it by the pad */
  char *after = sbrk(0);
  uintptr_t pg = 4096, a = ((uintptr_t)before + pg - 1) & ~(pg - 1);
  bool ok = grow && after != (char *)-1 && after > before + HEAP_HUGE &&
            madvise((void *)a, (uintptr_t)after - a, MADV_HUGEPAGE) == 0;
  mallopt(M_TOP_PAD, 128 << 10); /* malloc's default again for any later extension */
  if (!ok) { /* malloc's defaults: the reserve is trimmed at the next free */
    mallopt(M_TRIM_THRESHOLD, 128 << 10);
    mallopt(M_MMAP_THRESHOLD, 128 << 10);
  }
  free(grow);
#endif
}

/* For big inputs: blocks from HEAP_GIVE_BACK up are mappings of their
 * own, given back to the kernel when freed. glibc's default threshold
 * rises to the size of the largest mapped block freed (up to 32 MiB), and
 * from then on the decoder's and the merge's temporary tables (tens of MB
 * on large) came from the heap and stayed resident once freed: large -top
 * peak RSS 269.2 -> 264.7 MB. The heap itself (small blocks now) is not
 * trimmed: with the fixed threshold the trim threshold stays at 128 KiB,
 * and a command's many small frees (traces' arena) gave pages back and
 * took them again, fresh (Esc during traces 42-49 -> 117-160 ms). */
#define HEAP_GIVE_BACK (256 << 10)
#define HEAP_KEEP ((size_t)64 << 20)
void heap_give_back(void) {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
  mallopt(M_MMAP_THRESHOLD, HEAP_GIVE_BACK); /* a fixed threshold: no longer adjusted */
  mallopt(M_TRIM_THRESHOLD, (int)HEAP_KEEP);
#endif
}

/* The size a growing big block is given, rounded so that malloc maps a
 * whole number of 2 MiB (glibc adds a 16-byte header and maps whole
 * pages): the kernel places such a mapping on a 2 MiB boundary, and keeps
 * it on one when realloc grows it (mremap), so its huge pages survive the
 * growth. A mapping of any other length lands on a 4 KiB boundary, and
 * every move split its huge pages into 4 KiB ones (a medium profile's
 * stacks ended in 4 KiB pages but for their first 4 MiB, and the first
 * pass over them paid the hypervisor's fault on every page). Only address
 * space grows, by under 2 MiB. Blocks malloc'd once keep their size:
 * rounded too, they cost large -top 10 MB of peak RSS (their last huge
 * pages) for no measured gain. */
#define HUGE_ALIGN ((size_t)2 << 20)
#define MALLOC_HEADER 32
static size_t huge_size(size_t n) {
  if (n < HUGE_MIN || n > SIZE_MAX / 2) return n;
  return ((n + MALLOC_HEADER + HUGE_ALIGN - 1) & ~(HUGE_ALIGN - 1)) - MALLOC_HEADER;
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom(n);
  return advise_huge(p, n);
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) oom(n * size);
  return advise_huge(p, n * size);
}

void *try_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? huge_size(n) : 1);
  return q ? advise_huge(q, huge_size(n)) : NULL;
}

void *xrealloc(void *p, size_t n) {
  void *q = try_realloc(p, n);
  if (!q) oom(n);
  return q;
}

#define ZALLOC_ALIGNED_MAX ((size_t)8 << 20)
void *xzalloc_huge(size_t n) {
  size_t size = n < ZALLOC_ALIGNED_MAX ? huge_size(n) : n;
  void *p = calloc(size ? size : 1, 1);
  if (!p) oom(n);
  return advise_huge(p, size);
}

void *xreallocarray(void *p, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) oom(SIZE_MAX);
  return xrealloc(p, n * size);
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *xvasprintf(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) xfatal("bad format string");
  char *p = xmalloc((size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

void msgf(void (*msg)(void *ctx, const char *line), void *ctx, const char *fmt, ...) {
  if (!msg) return;
  va_list ap;
  va_start(ap, fmt);
  char *s = xvasprintf(fmt, ap);
  va_end(ap);
  msg(ctx, s);
  free(s);
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = xvasprintf(fmt, ap);
  va_end(ap);
  return p;
}

void xgrow(void *pp, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return;
  size_t n = *cap ? *cap : 8;
  while (n < need) {
    if (n > SIZE_MAX / 2) oom(SIZE_MAX);
    n *= 2;
  }
  void **p = pp;
  *p = xreallocarray(*p, n, size);
  *cap = n;
}

/* ---- strbuf ---- */

void sb_init(strbuf *sb) { sb->s = NULL, sb->len = sb->cap = 0; }
void sb_free(strbuf *sb) { free(sb->s), sb_init(sb); }
void sb_reset(strbuf *sb) {
  sb->len = 0;
  if (sb->s) sb->s[0] = 0;
}

static void sb_need(strbuf *sb, size_t extra) {
  if (extra > SIZE_MAX - sb->len - 1) oom(SIZE_MAX);
  xgrow(&sb->s, &sb->cap, sb->len + extra + 1, 1);
}

void sb_add(strbuf *sb, const void *p, size_t n) {
  sb_need(sb, n);
  if (n) memcpy(sb->s + sb->len, p, n);
  sb->len += n;
  sb->s[sb->len] = 0;
}

void sb_adds(strbuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }
void sb_addc(strbuf *sb, char c) { sb_add(sb, &c, 1); }

void sb_addn(strbuf *sb, char c, size_t n) {
  sb_need(sb, n);
  memset(sb->s + sb->len, c, n);
  sb->len += n;
  sb->s[sb->len] = 0;
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  char tmp[256];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
  va_end(ap2);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    sb_add(sb, tmp, (size_t)n);
    return;
  }
  sb_need(sb, (size_t)n);
  vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
  sb->len += (size_t)n;
}

void sb_printf(strbuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(sb, fmt, ap);
  va_end(ap);
}

const char *sb_str(const strbuf *sb) { return sb->s ? sb->s : ""; }

char *sb_steal(strbuf *sb) {
  char *s = sb->s ? sb->s : xstrdup("");
  sb_init(sb);
  return s;
}

/* ---- arena ---- */

struct arena_chunk {
  arena_chunk *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

void arena_init(arena *a) { a->head = NULL, a->used_bytes = 0; }

void arena_free(arena *a) {
  for (arena_chunk *c = a->head, *n; c; c = n) {
    n = c->next;
    free(c);
  }
  arena_init(a);
}

void *arena_alloc(arena *a, size_t n) {
  size_t need = (n + 7) & ~(size_t)7;
  if (need < n) oom(n);
  arena_chunk *c = a->head;
  if (!c || c->cap - c->used < need) {
    size_t cap = need > 65536 ? need : 65536;
    if (cap > SIZE_MAX - sizeof *c) oom(n);
    c = xmalloc(sizeof *c + cap);
    c->used = 0, c->cap = cap;
    if (a->head && need > 65536) { /* big block: keep the current chunk */
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = c->data + c->used;
  c->used += need;
  a->used_bytes += need;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  if (n == SIZE_MAX) oom(n);
  char *p = arena_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

/* ---- hashing ---- */

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed) {
  /* FNV-1a over 8-byte words, finished with a 64-bit mixer. */
  const unsigned char *s = p;
  uint64_t h = seed ^ 0xcbf29ce484222325ULL ^ n;
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
    s += 8, n -= 8;
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  h = (h ^ w) * 0x100000001b3ULL;
  return hash64(h);
}

/* ---- intern ---- */

void intern_init(intern *in, arena *mem) {
  in->mem = mem;
  in->cap = 1024, in->count = 0;
  in->slots = xcalloc(in->cap, sizeof *in->slots);
  in->hashes = xcalloc(in->cap, sizeof *in->hashes);
}

void intern_free(intern *in) {
  free(in->slots), free(in->hashes);
  in->slots = NULL, in->hashes = NULL, in->cap = in->count = 0;
}

static void intern_rehash(intern *in) {
  size_t ncap = in->cap * 2;
  const char **ns = xcalloc(ncap, sizeof *ns);
  uint32_t *nh = xcalloc(ncap, sizeof *nh);
  for (size_t i = 0; i < in->cap; i++) {
    if (!in->slots[i]) continue;
    size_t j = in->hashes[i] & (ncap - 1);
    while (ns[j]) j = (j + 1) & (ncap - 1);
    ns[j] = in->slots[i], nh[j] = in->hashes[i];
  }
  free(in->slots), free(in->hashes);
  in->slots = ns, in->hashes = nh, in->cap = ncap;
}

const char *intern_n(intern *in, const char *s, size_t n) {
  /* Strings with an embedded NUL are cut there: tprof's strings are C strings. */
  const char *z = memchr(s, 0, n);
  if (z) n = (size_t)(z - s);
  uint32_t h = (uint32_t)hash_bytes(s, n, 7);
  size_t j = h & (in->cap - 1);
  for (; in->slots[j]; j = (j + 1) & (in->cap - 1)) {
    if (in->hashes[j] == h && strncmp(in->slots[j], s, n) == 0 && in->slots[j][n] == 0)
      return in->slots[j];
  }
  const char *p = arena_strndup(in->mem, s, n);
  in->slots[j] = p, in->hashes[j] = h;
  if (++in->count * 2 > in->cap) intern_rehash(in);
  return p;
}

const char *intern_s(intern *in, const char *s) { return intern_n(in, s, strlen(s)); }

/* ---- u64map ---- */

void u64map_init(u64map *m, size_t expect) {
  size_t cap = 16;
  while (cap < expect * 2) cap *= 2;
  m->cap = cap, m->count = 0;
  m->keys = xmalloc(cap * sizeof *m->keys);
  m->vals = xmalloc(cap * sizeof *m->vals);
  m->used = xcalloc(cap, 1);
}

void u64map_free(u64map *m) {
  free(m->keys), free(m->vals), free(m->used);
  memset(m, 0, sizeof *m);
}

uint32_t u64map_get(const u64map *m, uint64_t key) {
  if (!m->cap) return TPROF_NONE;
  size_t j = hash64(key) & (m->cap - 1);
  for (; m->used[j]; j = (j + 1) & (m->cap - 1))
    if (m->keys[j] == key) return m->vals[j];
  return TPROF_NONE;
}

static void u64map_grow(u64map *m) {
  u64map n;
  u64map_init(&n, m->cap);
  for (size_t i = 0; i < m->cap; i++)
    if (m->used[i]) u64map_put(&n, m->keys[i], m->vals[i]);
  u64map_free(m);
  *m = n;
}

uint32_t u64map_put(u64map *m, uint64_t key, uint32_t val) {
  if (!m->cap) u64map_init(m, 8);
  size_t j = hash64(key) & (m->cap - 1);
  for (; m->used[j]; j = (j + 1) & (m->cap - 1))
    if (m->keys[j] == key) return m->vals[j];
  m->used[j] = 1, m->keys[j] = key, m->vals[j] = val;
  if (++m->count * 2 > m->cap) u64map_grow(m);
  return val;
}

/* ---- paths (Go path/filepath semantics on Unix) ---- */

char *path_clean(const char *path) {
  /* Port of Go's filepath.Clean. */
  size_t n = strlen(path);
  if (n == 0) return xstrdup(".");
  bool rooted = path[0] == '/';
  char *out = xmalloc(n + 2);
  size_t w = 0, r = 0, dotdot = 0;
  if (rooted) out[w++] = '/', r = 1, dotdot = 1;
  while (r < n) {
    if (path[r] == '/') {
      r++;
    } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
      r++;
    } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
      r += 2;
      if (w > dotdot) {
        w--;
        while (w > dotdot && out[w] != '/') w--;
      } else if (!rooted) {
        if (w > 0) out[w++] = '/';
        out[w++] = '.', out[w++] = '.';
        dotdot = w;
      }
    } else {
      if ((rooted && w != 1) || (!rooted && w != 0)) out[w++] = '/';
      for (; r < n && path[r] != '/'; r++) out[w++] = path[r];
    }
  }
  if (w == 0) out[w++] = '.';
  out[w] = 0;
  return out;
}

char *path_base(const char *path) {
  size_t n = strlen(path);
  if (n == 0) return xstrdup(".");
  while (n > 0 && path[n - 1] == '/') n--;
  if (n == 0) return xstrdup("/");
  size_t i = n;
  while (i > 0 && path[i - 1] != '/') i--;
  return xstrndup(path + i, n - i);
}

const char *path_base_ptr(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

char *path_dir(const char *path) {
  /* Go's filepath.Dir: everything up to the last separator, cleaned. */
  const char *s = strrchr(path, '/');
  char *d = s ? xstrndup(path, (size_t)(s - path + 1)) : xstrdup("");
  char *c = path_clean(d);
  free(d);
  return c;
}

char *path_join(const char *a, const char *b) {
  if (!*a && !*b) return xstrdup("");
  if (!*a) return path_clean(b);
  if (!*b) return path_clean(a);
  char *t = xasprintf("%s/%s", a, b);
  char *c = path_clean(t);
  free(t);
  return c;
}

bool locale_is_utf8(void) {
  const char *cs = nl_langinfo(CODESET);
  return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}
