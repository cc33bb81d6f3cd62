/*
 * decode.c: profile.proto bytes -> profile model.
 *
 * The input is read as a stream (file or memory, gzip or raw) through a
 * sliding window, so memory stays proportional to the decoded model, never
 * to the compressed or decompressed input. The top-level Profile message is
 * walked by hand one field at a time; Sample messages, which are nearly all
 * of a large profile, are decoded by hand too (the hot path, see
 * doc/performance.md); ValueType, Mapping, Location and Function messages go
 * through protobuf-c's generated unpackers with a scratch allocator.
 *
 * Files write samples before the locations and strings they refer to, so
 * ids and string indices are kept raw while reading and resolved at the
 * end, where every reference is checked.
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gunzip.h"
#include "prefault.h"
#include "profile.pb-c.h"
#include "tprof/gofmt.h"
#include "tprof/gotext.h"
#include "tprof/legacy.h"
#include "tprof/profile.h"
#include "tprof/env.h"

#define DEFAULT_INFLATE_LIMIT (16ULL << 30) /* 16 GiB decompressed */
#define WINDOW_CHUNK (1u << 20)
#define MAX_FIELD_LEN (256u << 20) /* no single field of a real profile is near this */
#define MAX_LEGACY (1024u << 20) /* legacy profiles are read whole: refuse more than this */
/* Real profiles deflate 2-10:1; a stream past BOMB_MIN_OUT bytes that inflates
 * more than BOMB_RATIO:1 is a bomb, refused before it fills memory (doc/hostile.md). */
#define BOMB_MIN_OUT (16u << 20)
#define BOMB_RATIO 100
#define BIG_ID_FLAG 0x80000000u

/* ---- input: a window over a byte stream ---- */

typedef struct input {
  const char *name;
  const core_env *env;      /* threads; NULL = the defaults */
  uint64_t limit;           /* the largest decompressed size accepted (env's inflate_limit) */
  const unsigned char *mem; /* memory source, or NULL for fd */
  size_t mem_len, mem_pos;
  int fd;
  unsigned char *inbuf;     /* compressed bytes read from fd */
  bool gz, gz_end, src_eof;
  bool thr_end;             /* the consumer took the threaded stream's end */
  gunzip *gzs;              /* the inflater (gunzip.h) */
  unsigned char *buf;       /* decompressed window */
  size_t start, end, cap;
  uint64_t base;            /* stream offset of buf[0] */
  uint64_t total;           /* decompressed bytes produced */
  unsigned char *pending;   /* sniffed bytes handed back to the inflater */
  char *err;
  char *perr;               /* an error of the inflating side (its thread's, when threaded) */
  struct inflater *thr;     /* the inflating thread, for large gzip inputs */
  uint64_t size_hint;       /* the decompressed size expected (size_hint), 0 when unknown */
} input;

static void in_fail(input *in, const char *fmt, ...) TPROF_PRINTF(2, 3);
static void in_fail(input *in, const char *fmt, ...) {
  if (in->err) return;
  va_list ap;
  va_start(ap, fmt);
  char *m = xvasprintf(fmt, ap);
  va_end(ap);
  in->err = xasprintf("%s: %s", in->name, m);
  free(m);
}

/* Record an error of the inflating side (never touches in->err, which
 * belongs to the parsing side when inflation runs on its own thread). */
static void pfail(input *in, const char *fmt, ...) TPROF_PRINTF(2, 3);
static void pfail(input *in, const char *fmt, ...) {
  if (in->perr) return;
  va_list ap;
  va_start(ap, fmt);
  char *m = xvasprintf(fmt, ap);
  va_end(ap);
  in->perr = xasprintf("%s: %s", in->name, m);
  free(m);
}

/* Read raw bytes: count, 0 at end, -1 on error (in->perr set). */
static ssize_t in_raw(input *in, unsigned char *dst, size_t n) {
  if (in->mem) {
    size_t k = in->mem_len - in->mem_pos;
    if (k > n) k = n;
    memcpy(dst, in->mem + in->mem_pos, k);
    in->mem_pos += k;
    return (ssize_t)k;
  }
  for (;;) {
    ssize_t k = read(in->fd, dst, n);
    if (k >= 0) return k;
    if (errno == EINTR) continue;
    pfail(in, "read error: %s", go_strerror(errno));
    return -1;
  }
}

static bool in_exhausted(const input *in) {
  /* with a thread, gz_end is the producer's until the consumer takes the end */
  return in->gz ? (in->thr ? in->thr_end : in->gz_end) : in->src_eof;
}

/* Refill the inflater's input; false on error. */
static bool gz_feed(input *in) {
  ssize_t k = in_raw(in, in->inbuf, WINDOW_CHUNK);
  if (k < 0) return false;
  if (k == 0) in->src_eof = true;
  gunzip_input(in->gzs, in->inbuf, (size_t)k);
  return true;
}

/* The compressed offset the inflater has reached, from the start of the input. */
static unsigned long long gz_offset(const input *in) { return (unsigned long long)gunzip_consumed(in->gzs); }

/* True (with in->perr set) when `total` inflated bytes look like a bomb. */
static bool gz_bomb(input *in, uint64_t total) {
  uint64_t used = gunzip_consumed(in->gzs);
  if (total <= BOMB_MIN_OUT || total / (used ? used : 1) <= BOMB_RATIO) return false;
  pfail(in, "%llu bytes of gzip data inflate to %llu, more than %d:1: refusing (decompression bomb?)",
        (unsigned long long)used, (unsigned long long)total, BOMB_RATIO);
  return true;
}

/* Inflate up to want bytes into dst; returns the count. Sets in->gz_end at
 * the end of the stream and in->perr on an error. `produced` is the output
 * count so far, for messages. A chunk at a time, so that a bomb is stopped
 * before it fills the window. */
static size_t gz_fill(input *in, unsigned char *dst, size_t want, uint64_t produced) {
  size_t got = 0;
  while (got < want && !in->gz_end && !in->perr) {
    if (gunzip_avail_in(in->gzs) == 0 && !in->src_eof && !gz_feed(in)) break;
    if (gunzip_avail_in(in->gzs) == 0 && in->src_eof) {
      pfail(in, "gzip data truncated at byte %llu (%llu bytes decompressed)", gz_offset(in),
            (unsigned long long)(produced + got));
      break;
    }
    size_t step = want - got < WINDOW_CHUNK ? want - got : WINDOW_CHUNK, k;
    int rc = gunzip_run(in->gzs, dst + got, step, &k);
    got += k;
    if (rc == GUNZIP_END) {
      /* Go's gzip reader reads concatenated members: go on if more input follows. */
      if (gunzip_avail_in(in->gzs) == 0 && !in->src_eof && !gz_feed(in)) break;
      if (gunzip_avail_in(in->gzs) > 0)
        gunzip_next_member(in->gzs);
      else
        in->gz_end = true;
    } else if (rc == GUNZIP_ERROR) {
      pfail(in, "corrupt gzip data at byte %llu: %s", gz_offset(in), gunzip_error(in->gzs));
      break;
    }
    if (gz_bomb(in, produced + got)) break;
  }
  return got;
}

/* ---- the inflating thread: the inflater runs beside the parser on large inputs ---- */

#define THR_CHUNKS 4

typedef struct inflater {
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  unsigned char *buf[THR_CHUNKS];
  size_t len[THR_CHUNKS];
  size_t head, count, hoff; /* filled chunks [head, head+count) */
  bool done, stop;          /* producer finished (end or error); consumer gone */
  uint64_t produced;
} inflater;

static void *inflate_thread(void *arg) {
  input *in = arg;
  inflater *t = in->thr;
  size_t slot = 0;
  for (;;) {
    pthread_mutex_lock(&t->mu);
    while (t->count == THR_CHUNKS && !t->stop) pthread_cond_wait(&t->cv, &t->mu);
    bool stop = t->stop;
    pthread_mutex_unlock(&t->mu);
    if (stop) break;
    size_t got = gz_fill(in, t->buf[slot], WINDOW_CHUNK, t->produced);
    t->produced += got;
    bool done = in->gz_end || in->perr || t->produced > in->limit;
    pthread_mutex_lock(&t->mu);
    t->len[slot] = got;
    t->count++;
    t->done = done;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    slot = (slot + 1) % THR_CHUNKS;
    if (done) break;
  }
  return NULL;
}

static void thr_start(input *in) {
  inflater *t = xcalloc(1, sizeof *t);
  for (int i = 0; i < THR_CHUNKS; i++) t->buf[i] = xmalloc(WINDOW_CHUNK);
  pthread_mutex_init(&t->mu, NULL);
  pthread_cond_init(&t->cv, NULL);
  in->thr = t;
  if (pthread_create(&t->th, NULL, inflate_thread, in) != 0) {
    for (int i = 0; i < THR_CHUNKS; i++) free(t->buf[i]);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free(t);
    in->thr = NULL; /* inflate synchronously */
  }
}

static void thr_stop(input *in) {
  inflater *t = in->thr;
  if (!t) return;
  pthread_mutex_lock(&t->mu);
  t->stop = true;
  pthread_cond_broadcast(&t->cv);
  pthread_mutex_unlock(&t->mu);
  pthread_join(t->th, NULL);
  for (int i = 0; i < THR_CHUNKS; i++) free(t->buf[i]);
  pthread_mutex_destroy(&t->mu);
  pthread_cond_destroy(&t->cv);
  free(t);
  in->thr = NULL;
}

/* Take up to want inflated bytes from the thread; sets gz_end/err at the end. */
static size_t thr_take(input *in, unsigned char *dst, size_t want) {
  inflater *t = in->thr;
  size_t got = 0;
  while (got < want) {
    pthread_mutex_lock(&t->mu);
    while (t->count == 0 && !t->done) pthread_cond_wait(&t->cv, &t->mu);
    if (t->count == 0) { /* finished and drained: its state is ours now */
      pthread_mutex_unlock(&t->mu);
      if (in->perr) {
        in->err = in->perr, in->perr = NULL;
      } else if (t->produced > in->limit) {
        in_fail(in, "more than %llu bytes once decompressed: refusing (decompression bomb?)",
                (unsigned long long)in->limit);
      } else {
        in->thr_end = true;
      }
      break;
    }
    size_t slot = t->head, avail = t->len[slot] - t->hoff;
    pthread_mutex_unlock(&t->mu);
    size_t k = avail < want - got ? avail : want - got;
    memcpy(dst + got, t->buf[slot] + t->hoff, k);
    got += k;
    t->hoff += k;
    if (t->hoff == t->len[slot]) {
      pthread_mutex_lock(&t->mu);
      t->head = (t->head + 1) % THR_CHUNKS;
      t->count--;
      t->hoff = 0;
      pthread_cond_broadcast(&t->cv);
      pthread_mutex_unlock(&t->mu);
    }
  }
  return got;
}

/* Append up to `want` decompressed bytes at buf+end. */
static void in_produce(input *in, size_t want) {
  unsigned char *dst = in->buf + in->end;
  size_t got = 0;
  if (!in->gz) {
    while (got < want && !in->src_eof) {
      ssize_t k = in_raw(in, dst + got, want - got);
      if (k < 0) {
        in->err = in->perr, in->perr = NULL;
        return;
      }
      if (k == 0) in->src_eof = true;
      got += (size_t)k;
    }
  } else if (in->thr) {
    got = thr_take(in, dst, want);
  } else {
    got = gz_fill(in, dst, want, in->total);
    if (in->perr && !in->err) in->err = in->perr, in->perr = NULL;
  }
  in->end += got;
  in->total += got;
  if (in->total > in->limit)
    in_fail(in, "more than %llu bytes once decompressed: refusing (decompression bomb?)",
            (unsigned long long)in->limit);
}

/* Make n bytes available at buf+start; returns the bytes available (< n only at the end). */
static size_t in_ensure(input *in, size_t n) {
  while (in->end - in->start < n && !in->err && !in_exhausted(in)) {
    if (in->start > 0) { /* slide the window */
      memmove(in->buf, in->buf + in->start, in->end - in->start);
      in->base += in->start;
      in->end -= in->start;
      in->start = 0;
    }
    size_t need = n - in->end;
    size_t want = need > WINDOW_CHUNK ? need : WINDOW_CHUNK;
    if (in->end + want > in->cap) {
      size_t ncap = in->cap ? in->cap : WINDOW_CHUNK;
      while (ncap < in->end + want) ncap *= 2;
      in->buf = xrealloc(in->buf, ncap);
      in->cap = ncap;
    }
    in_produce(in, want);
  }
  return in->end - in->start;
}

static uint64_t in_offset(const input *in) { return in->base + in->start; }

/* Inflate on a thread of its own when the input is large and there is a core for it. */
static bool inflate_threaded(const input *in) {
  if (in->env && in->env->threads == 1) return false;
  if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return false;
  uint64_t size = in->mem_len;
  if (!in->mem) {
    struct stat st;
    if (fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    size = (uint64_t)st.st_size;
  }
  return size >= (4u << 20);
}

/* The decompressed size to expect: a regular file's or the memory's size,
 * or, gzip'd, the last member's ISIZE (its size mod 2^32: a hint only,
 * for presize), at most what the bomb check lets through. 0 when unknown. */
static uint64_t size_hint(const input *in, bool gz) {
  unsigned char t[4];
  uint64_t size;
  if (in->mem) {
    size = in->mem_len;
    if (gz && size < 4) return 0;
    if (gz) memcpy(t, in->mem + size - 4, 4);
  } else {
    struct stat st;
    if (fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    size = (uint64_t)st.st_size;
    if (gz && (size < 4 || pread(in->fd, t, 4, (off_t)size - 4) != 4)) return 0;
  }
  if (!gz) return size;
  uint64_t isize = (uint64_t)t[0] | (uint64_t)t[1] << 8 | (uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
  if (isize < size) return 0; /* smaller than the compressed: wrapped past 4 GiB, or another member's */
  return isize < size * BOMB_RATIO + BOMB_MIN_OUT ? isize : size * BOMB_RATIO + BOMB_MIN_OUT;
}

/* ---- varints ---- */

static inline bool get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v) {
  const unsigned char *s = *p;
  if (s < end && *s < 0x80) {
    *v = *s;
    *p = s + 1;
    return true;
  }
  uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (s >= end) return false;
    uint64_t b = *s++;
    x |= (b & 0x7f) << shift;
    if (b < 0x80) {
      *v = x;
      *p = s;
      return true;
    }
  }
  return false;
}

/* Skip a field of wire type wt; false if malformed. */
static bool skip_field(const unsigned char **p, const unsigned char *end, unsigned wt) {
  uint64_t v;
  switch (wt) {
  case 0: return get_varint(p, end, &v);
  case 1: if (end - *p < 8) return false; *p += 8; return true;
  case 5: if (end - *p < 4) return false; *p += 4; return true;
  case 2:
    if (!get_varint(p, end, &v) || v > (uint64_t)(end - *p)) return false;
    *p += v;
    return true;
  default: return false;
  }
}

/* ---- raw (unresolved) records ---- */

typedef struct raw_label { int64_t key, str, num, unit; } raw_label;
typedef struct raw_loc {
  uint64_t id, mapping_id, address;
  uint32_t line_off, nlines;
  bool is_folded;
} raw_loc;
typedef struct raw_line { uint64_t func_id; int64_t line; } raw_line;
typedef struct raw_func { uint64_t id; int64_t name, system_name, filename, start_line; } raw_func;
typedef struct raw_map {
  uint64_t id, start, limit, offset;
  int64_t file, build_id;
  bool fn, fl, ln, in;
} raw_map;

typedef struct dec {
  input in;
  profile *p;
  prefault *pf; /* faults in the sample arrays ahead of the writes (prefault.h) */
  bool pf_tried;
  bool presized;
  uint64_t samples_at; /* the offset of the first sample */
  const char **strs;
  size_t nstrs, strs_cap;
  int64_t (*st)[2];
  size_t nst, st_cap;
  raw_map *maps;
  size_t nmaps, maps_cap;
  raw_func *funcs;
  size_t nfuncs, funcs_cap;
  raw_loc *locs;
  size_t nlocs, locs_cap;
  raw_line *lines;
  size_t nlines, lines_cap;
  /* raw label sets, interned by content while reading; set 0 is empty */
  raw_label *rlabels;
  size_t nrlabels, rlabels_cap;
  uint32_t (*rsets)[2];
  size_t nrsets, rsets_cap;
  u64map rset_index;
  raw_label *cur;
  size_t ncur, cur_cap;
  /* Stacks hold id - 1 for ids 1 to 2^31 - 1 (max_lid: the largest), so
   * that the usual file, whose locations have ids 1..n in order, needs no
   * second pass to turn ids into indices. Other ids (0 and >= 2^31) are
   * replaced by slots of this map. */
  uint32_t max_lid;
  bool too_many_frames; /* push_loc's refusal: past 2^32 - 1 frames */
  u64map big_ids;
  uint64_t *big_list;
  size_t nbig, big_cap;
  /* sample values */
  int64_t *vtmp;
  size_t vtmp_cap, nvalues;
  bool nvalues_set;
  /* header scalars */
  int64_t drop_frames, keep_frames, time_nanos, duration_nanos, period, default_st;
  int64_t pt_type, pt_unit;
  int64_t *comments;
  size_t ncomments, comments_cap;
  /* protobuf-c scratch */
  unsigned char *scratch;
  size_t scratch_used, scratch_cap;
  unsigned char *tidy; /* a message rewritten without the fields protobuf-c refuses */
  size_t tidy_cap;
} dec;

static void *scratch_alloc(void *data, size_t size) {
  dec *d = data;
  size = (size + 15) & ~(size_t)15;
  if (size > d->scratch_cap - d->scratch_used) return malloc(size);
  void *p = d->scratch + d->scratch_used;
  d->scratch_used += size;
  return p;
}

static void scratch_free(void *data, void *ptr) {
  dec *d = data;
  unsigned char *c = ptr;
  if (c && (c < d->scratch || c >= d->scratch + d->scratch_cap)) free(ptr);
}

static ProtobufCAllocator scratch_reset(dec *d, size_t msg_len) {
  size_t want = msg_len * 16 + 4096;
  if (want > d->scratch_cap) {
    free(d->scratch);
    d->scratch_cap = want;
    d->scratch = xmalloc(want);
  }
  d->scratch_used = 0;
  ProtobufCAllocator a = {scratch_alloc, scratch_free, d};
  return a;
}

/* ---- samples (hot path, by hand) ---- */

/* Raw stack entries: a location id - 1, or BIG_ID_FLAG | a slot of
 * big_list for ids past that. In a 3-byte stack array (profile.h) they
 * are 24 bits: the id - 1 below 2^23, or bit 23 | a slot below 2^23; an
 * entry that does not fit widens the array to 4 bytes. */
#define BIG_ID_FLAG24 0x800000u

static void raw_widen(profile *p) {
  profile_stack_widen(p);
  stk all = profile_frames(p);
  for (size_t k = 0; k < p->stack_used; k++) {
    uint32_t v = stk_at(all, k);
    if (v & BIG_ID_FLAG24) stk_put(p->stack, 4, k, BIG_ID_FLAG | (v & ~BIG_ID_FLAG24));
  }
}

static inline uint32_t raw_at(stk all, size_t k) {
  uint32_t v = stk_at(all, k);
  if (all.w == 3 && (v & BIG_ID_FLAG24)) v = BIG_ID_FLAG | (v & ~BIG_ID_FLAG24);
  return v;
}

static bool push_loc(dec *d, uint64_t id) {
  profile *p = d->p;
  uint32_t x;
  if (id - 1 < BIG_ID_FLAG - 1) {
    x = (uint32_t)id - 1;
    if (x > d->max_lid) d->max_lid = x;
  } else {
    uint32_t slot = u64map_get(&d->big_ids, id);
    if (slot == TPROF_NONE) {
      if (d->nbig >= BIG_ID_FLAG - 1) return false;
      slot = (uint32_t)d->nbig;
      XGROW(d->big_list, d->big_cap, d->nbig + 1);
      d->big_list[d->nbig++] = id;
      u64map_put(&d->big_ids, id, slot);
    }
    x = BIG_ID_FLAG | slot;
  }
  if (p->stack_w == 3) {
    if ((x & ~BIG_ID_FLAG) >= BIG_ID_FLAG24) raw_widen(p);
    else if (x & BIG_ID_FLAG) x = BIG_ID_FLAG24 | (x & ~BIG_ID_FLAG);
  }
  size_t at = p->stack_used;
  if (at >= UINT32_MAX - 1) {
    d->too_many_frames = true;
    return false;
  }
  if (at + 1 > p->stack_cap) profile_reserve_frames(p, at + 1);
  stk_put_fwd(p->stack, p->stack_w, at, x);
  p->stack_used = at + 1;
  return true;
}

/* A packed list of location ids, while they are what push_loc stores as
 * they are (id - 1, below the width's flag bit) and fit the array: the
 * array's state in locals, not reloaded from the profile after every
 * frame's store (a byte store may alias anything; the reloads and the
 * stored count were a third of decoding's samples on med). Stops at the
 * first id push_loc must see, or at a bad varint (false, *q at it). */
static bool push_locs(dec *d, const unsigned char **q, const unsigned char *qe) {
  profile *p = d->p;
  uint8_t *b = p->stack;
  size_t at = p->stack_used, w = p->stack_w;
  /* up to the capacity, and short of push_loc's 32-bit offset limit (it
   * refuses the frame that would reach it) */
  size_t cap = p->stack_cap < UINT32_MAX - 1 ? p->stack_cap : UINT32_MAX - 1;
  uint32_t lim = w == 3 ? BIG_ID_FLAG24 : BIG_ID_FLAG - 1, max = d->max_lid;
  const unsigned char *s = *q;
  bool ok = true;
  while (s < qe && at < cap) {
    const unsigned char *r = s;
    uint64_t id;
    if (!get_varint(&r, qe, &id)) {
      ok = false;
      break;
    }
    if (id - 1 >= lim) break; /* 0, past the width, or big: push_loc's */
    uint32_t x = (uint32_t)id - 1;
    max = x > max ? x : max;
    stk_put_fwd(b, w, at++, x);
    s = r;
  }
  p->stack_used = at, d->max_lid = max;
  *q = s;
  return ok;
}

static uint32_t intern_raw_set(dec *d) {
  if (d->ncur == 0) return 0;
  uint64_t h = hash_bytes(d->cur, d->ncur * sizeof *d->cur, 3);
  for (uint64_t k = h;; k++) { /* probe h, h+1, ... for equal hashes */
    uint32_t s = u64map_get(&d->rset_index, k);
    if (s == TPROF_NONE) {
      if (d->nrsets == 0) { /* reserve set 0 = empty */
        XGROW(d->rsets, d->rsets_cap, 1);
        d->rsets[0][0] = d->rsets[0][1] = 0;
        d->nrsets = 1;
      }
      XGROW(d->rlabels, d->rlabels_cap, d->nrlabels + d->ncur);
      memcpy(d->rlabels + d->nrlabels, d->cur, d->ncur * sizeof *d->cur);
      XGROW(d->rsets, d->rsets_cap, d->nrsets + 1);
      d->rsets[d->nrsets][0] = (uint32_t)d->nrlabels;
      d->rsets[d->nrsets][1] = (uint32_t)d->ncur;
      d->nrlabels += d->ncur;
      u64map_put(&d->rset_index, k, (uint32_t)d->nrsets);
      return (uint32_t)d->nrsets++;
    }
    if (d->rsets[s][1] == d->ncur &&
        memcmp(d->rlabels + d->rsets[s][0], d->cur, d->ncur * sizeof *d->cur) == 0)
      return s;
  }
}

static bool decode_label(dec *d, const unsigned char *p, const unsigned char *end) {
  raw_label l = {0, 0, 0, 0};
  while (p < end) {
    uint64_t tag, v;
    if (!get_varint(&p, end, &tag)) return false;
    unsigned wt = tag & 7;
    uint64_t f = tag >> 3;
    if (wt == 0 && f >= 1 && f <= 4) {
      if (!get_varint(&p, end, &v)) return false;
      if (f == 1) l.key = (int64_t)v;
      else if (f == 2) l.str = (int64_t)v;
      else if (f == 3) l.num = (int64_t)v;
      else l.unit = (int64_t)v;
    } else if (f >= 1 && f <= 4) {
      return false;
    } else if (!skip_field(&p, end, wt)) {
      return false;
    }
  }
  XGROW(d->cur, d->cur_cap, d->ncur + 1);
  d->cur[d->ncur++] = l;
  return true;
}

/* Once PRESIZE_AFTER bytes of samples are read, the sample arrays are
 * given the capacity the rest of the input should need, from what they
 * hold per byte read since the first sample and the size to expect
 * (size_hint), a quarter more: one allocation each instead of a
 * doubling series, whose reallocs copied the arrays while they were in
 * malloc's heap (2,500 of the 4,000 page faults left of a medium load).
 * An estimate short of the need only leaves the doubling to finish;
 * capacity unused is address space that is never touched. Not past
 * PRESIZE_MAX: such arrays are mappings of their own, which realloc grows
 * without a copy (mremap), and on large (229 MB) presizing cost 13 MB of
 * peak RSS (the prefaulter's reach past the end, with more room). */
#define PRESIZE_AFTER ((uint64_t)1 << 20)
#define PRESIZE_MAX ((uint64_t)128 << 20)
static bool try_grow(void **a, size_t bytes) {
  void *q = try_realloc(*a, bytes);
  if (q) *a = q;
  return q != NULL;
}
static void presize(dec *d, size_t nsamples) {
  profile *p = d->p;
  uint64_t off = in_offset(&d->in), total = d->in.size_hint;
  d->presized = true;
  if (total <= off || total > PRESIZE_MAX) return;
  double scale = (double)(total - d->samples_at) / (double)(off - d->samples_at) * 1.25;
  double frames = (double)p->stack_used * scale + 4096, samples = (double)nsamples * scale + 1024;
  if (frames > (double)total) frames = (double)total; /* a frame takes a byte at least */
  if (samples > (double)total / 2) samples = (double)total / 2; /* a sample two */
  /* a hint may lie (a hostile ISIZE): capacity that memory refuses is not taken */
  size_t nf = (size_t)frames, ns = (size_t)samples;
  if (nf > p->stack_cap && try_grow((void **)&p->stack, stk_bytes(nf, p->stack_w))) p->stack_cap = nf;
  /* (values are interned tuples, with a tuple index a sample) */
  if (ns > p->samples_cap && try_grow((void **)&p->stack_off, ns * sizeof *p->stack_off) &&
      try_grow((void **)&p->stack_len, ns * sizeof *p->stack_len) &&
      try_grow((void **)&p->sample_labels, ns * sizeof *p->sample_labels) &&
      try_grow((void **)&p->value_idx, ns * sizeof *p->value_idx))
    p->samples_cap = ns;
}

/* Decode one Sample message; NULL on success, else the reason (static). */
static const char *decode_sample(dec *d, const unsigned char *p, const unsigned char *end) {
  profile *pr = d->p;
  size_t i = pr->nsamples;
  if (i >= UINT32_MAX - 2) return "too many samples (sample indices are 32-bit)";
  profile_reserve_samples(pr, i + 1);
  pr->stack_off[i] = (uint32_t)pr->stack_used;
  size_t nv = 0;
  d->ncur = 0;
  while (p < end) {
    uint64_t tag, v;
    if (!get_varint(&p, end, &tag)) return "bad field tag";
    unsigned wt = tag & 7;
    uint64_t f = tag >> 3;
    if (f == 1 || f == 2) {
      const unsigned char *q = p, *qe;
      if (wt == 2) {
        if (!get_varint(&p, end, &v) || v > (uint64_t)(end - p)) return "length past the end of the message";
        q = p, qe = p + v, p = qe;
      } else if (wt == 0) {
        qe = end; /* one varint */
      } else {
        return "wrong wire type for a repeated integer";
      }
      if (f == 1 && wt == 2 && !push_locs(d, &q, qe)) return "bad varint";
      while (q < qe || wt == 0) { /* an empty packed list is no value at all */
        uint64_t x;
        if (!get_varint(&q, qe, &x)) return "bad varint";
        if (f == 1) {
          if (!push_loc(d, x))
            return d->too_many_frames ? "too many frames (stack offsets are 32-bit)" : "too many distinct large location ids";
        } else {
          if (nv + 1 > d->vtmp_cap) XGROW(d->vtmp, d->vtmp_cap, nv + 1);
          d->vtmp[nv++] = (int64_t)x;
        }
        if (wt == 0) break;
      }
      if (wt == 0) p = q;
    } else if (f == 3) {
      if (wt != 2) return "wrong wire type for a label";
      if (!get_varint(&p, end, &v) || v > (uint64_t)(end - p)) return "length past the end of the message";
      if (!decode_label(d, p, p + v)) return "malformed label";
      p += v;
    } else if (!skip_field(&p, end, wt)) {
      return "malformed unknown field";
    }
  }
  if (pr->stack_used - pr->stack_off[i] > UINT32_MAX) return "stack too deep";
  pr->stack_len[i] = (uint32_t)(pr->stack_used - pr->stack_off[i]);
  if (!d->nvalues_set) d->nvalues = nv, d->nvalues_set = true;
  if (nv != d->nvalues) return "number of values differs from the first sample";
  pr->value_idx[i] = profile_intern_values(pr, d->vtmp, nv);
  pr->sample_labels[i] = intern_raw_set(d);
  pr->nsamples++;
  if ((i & 1023) == 0) { /* the arrays a big profile grows: stacks, values, per-sample records */
    if (i == 0) d->samples_at = in_offset(&d->in);
    if (!d->presized && in_offset(&d->in) - d->samples_at >= PRESIZE_AFTER) presize(d, i + 1);
    if (!d->pf_tried && pr->stack_cap * pr->stack_w >= ((size_t)4 << 20)) d->pf = prefault_start(), d->pf_tried = true;
    prefault_track(d->pf, 0, pr->stack, pr->stack_used * pr->stack_w, pr->stack_cap * pr->stack_w);
    prefault_track(d->pf, 1, pr->value_idx, (i + 1) * sizeof *pr->value_idx, pr->samples_cap * sizeof *pr->value_idx);
    prefault_track(d->pf, 2, pr->stack_off, (i + 1) * sizeof *pr->stack_off, pr->samples_cap * sizeof *pr->stack_off);
  }
  return NULL;
}

/* ---- the other messages, through protobuf-c ---- */

/* pprof skips every field its decoder does not know, whatever its number (0,
 * or 2^40); protobuf-c refuses field number 0 and numbers past 2^29. Unknown
 * fields carry nothing, so a message with such a field goes to protobuf-c
 * without its unknown fields (and, for a Location, its Lines' unknown
 * fields). Messages without any pass through untouched. */

/* The length of a message's copy without its fields numbered 0 or past maxf
 * (and so for the sub-messages of field sub, up to sub_max), written at out
 * when out is not NULL; SIZE_MAX when malformed (protobuf-c then says so). */
static size_t tidy_len(const unsigned char *p, const unsigned char *end, uint64_t maxf, uint64_t sub,
                       uint64_t sub_max, unsigned char *out) {
  size_t n = 0;
  while (p < end) {
    const unsigned char *start = p, *body;
    uint64_t tag, v;
    if (!get_varint(&p, end, &tag)) return SIZE_MAX;
    uint64_t f = tag >> 3;
    unsigned wt = tag & 7;
    body = p;
    if (!skip_field(&p, end, wt)) return SIZE_MAX;
    if (f == 0 || f > maxf) continue;
    if (f == sub && wt == 2) {
      const unsigned char *q = body;
      if (!get_varint(&q, p, &v)) return SIZE_MAX;
      size_t k = tidy_len(q, p, sub_max, 0, 0, NULL);
      if (k == SIZE_MAX) return SIZE_MAX;
      unsigned char hdr[20];
      size_t h = (size_t)(body - start), lh = 0;
      memcpy(hdr, start, h);
      for (uint64_t x = k; ; x >>= 7) {
        hdr[h + lh++] = (unsigned char)(x >= 0x80 ? (x & 0x7f) | 0x80 : x);
        if (x < 0x80) break;
      }
      if (out) {
        memcpy(out + n, hdr, h + lh);
        tidy_len(q, p, sub_max, 0, 0, out + n + h + lh);
      }
      n += h + lh + k;
      continue;
    }
    if (out) memcpy(out + n, start, (size_t)(p - start));
    n += (size_t)(p - start);
  }
  return n;
}

/* True when the message has a field tidy_len would drop. */
static bool needs_tidy(const unsigned char *p, const unsigned char *end, uint64_t maxf, uint64_t sub,
                       uint64_t sub_max) {
  while (p < end) {
    uint64_t tag, v;
    if (!get_varint(&p, end, &tag)) return false;
    uint64_t f = tag >> 3;
    const unsigned char *body = p;
    if (!skip_field(&p, end, tag & 7)) return false;
    if (f == 0 || f > maxf) return true;
    if (f == sub && (tag & 7) == 2 && get_varint(&body, p, &v) && needs_tidy(body, p, sub_max, 0, 0)) return true;
  }
  return false;
}

/* True when every known field (1..maxf) has its wire type: varint, but
 * length-delimited for the nested message field sub (whose own fields
 * 1..sub_max are varints). pprof's decoder refuses a mismatch ("type
 * mismatch"); protobuf-c takes some (a length-delimited is_folded read as
 * true), so they are checked here first. Unknown fields may be anything. */
static bool wire_types_ok(const unsigned char *p, const unsigned char *end, uint64_t maxf, uint64_t sub,
                          uint64_t sub_max) {
  while (p < end) {
    uint64_t tag, v;
    if (!get_varint(&p, end, &tag)) return true; /* malformed: protobuf-c says so */
    uint64_t f = tag >> 3, wt = tag & 7;
    const unsigned char *body = p;
    if (!skip_field(&p, end, (unsigned)wt)) return true;
    if (f == 0 || f > maxf) continue;
    if (wt != (f == sub ? 2u : 0u)) return false;
    if (f == sub && get_varint(&body, p, &v) && !wire_types_ok(body, p, sub_max, 0, 0)) return false;
  }
  return true;
}

/* The message to hand protobuf-c: *p itself, or a tidied copy in d->tidy. */
static void tidy(dec *d, const unsigned char **p, size_t *n, uint64_t maxf, uint64_t sub, uint64_t sub_max) {
  const unsigned char *end = *p + *n;
  if (!needs_tidy(*p, end, maxf, sub, sub_max)) return;
  size_t k = tidy_len(*p, end, maxf, sub, sub_max, NULL);
  if (k == SIZE_MAX) return;
  if (k + 1 > d->tidy_cap) XGROW(d->tidy, d->tidy_cap, k + 1);
  tidy_len(*p, end, maxf, sub, sub_max, d->tidy);
  *p = d->tidy;
  *n = k;
}

static const char *decode_value_type(dec *d, const unsigned char *p, size_t n, int64_t *type, int64_t *unit) {
  if (!wire_types_ok(p, p + n, 2, 0, 0)) return "malformed value type";
  tidy(d, &p, &n, 2, 0, 0);
  ProtobufCAllocator a = scratch_reset(d, n);
  Perftools__Profiles__ValueType *m = perftools__profiles__value_type__unpack(&a, n, p);
  if (!m) return "malformed value type";
  *type = m->type, *unit = m->unit;
  perftools__profiles__value_type__free_unpacked(m, &a);
  return NULL;
}

static const char *decode_mapping(dec *d, const unsigned char *p, size_t n) {
  if (!wire_types_ok(p, p + n, 10, 0, 0)) return "malformed mapping";
  tidy(d, &p, &n, 10, 0, 0);
  ProtobufCAllocator a = scratch_reset(d, n);
  Perftools__Profiles__Mapping *m = perftools__profiles__mapping__unpack(&a, n, p);
  if (!m) return "malformed mapping";
  XGROW(d->maps, d->maps_cap, d->nmaps + 1);
  d->maps[d->nmaps++] = (raw_map){m->id, m->memory_start, m->memory_limit, m->file_offset, m->filename,
                                  m->build_id, m->has_functions, m->has_filenames, m->has_line_numbers,
                                  m->has_inline_frames};
  perftools__profiles__mapping__free_unpacked(m, &a);
  return NULL;
}

static const char *decode_location(dec *d, const unsigned char *p, size_t n) {
  if (!wire_types_ok(p, p + n, 5, 4, 2)) return "malformed location";
  tidy(d, &p, &n, 5, 4, 2);
  ProtobufCAllocator a = scratch_reset(d, n);
  Perftools__Profiles__Location *m = perftools__profiles__location__unpack(&a, n, p);
  if (!m) return "malformed location";
  if (d->nlines + m->n_line > UINT32_MAX) {
    perftools__profiles__location__free_unpacked(m, &a);
    return "too many lines";
  }
  XGROW(d->locs, d->locs_cap, d->nlocs + 1);
  XGROW(d->lines, d->lines_cap, d->nlines + m->n_line);
  raw_loc *l = &d->locs[d->nlocs++];
  *l = (raw_loc){m->id, m->mapping_id, m->address, (uint32_t)d->nlines, (uint32_t)m->n_line, m->is_folded};
  for (size_t k = 0; k < m->n_line; k++)
    d->lines[d->nlines++] = (raw_line){m->line[k]->function_id, m->line[k]->line};
  perftools__profiles__location__free_unpacked(m, &a);
  return NULL;
}

static const char *decode_function(dec *d, const unsigned char *p, size_t n) {
  if (!wire_types_ok(p, p + n, 5, 0, 0)) return "malformed function";
  tidy(d, &p, &n, 5, 0, 0);
  ProtobufCAllocator a = scratch_reset(d, n);
  Perftools__Profiles__Function *m = perftools__profiles__function__unpack(&a, n, p);
  if (!m) return "malformed function";
  XGROW(d->funcs, d->funcs_cap, d->nfuncs + 1);
  d->funcs[d->nfuncs++] = (raw_func){m->id, m->name, m->system_name, m->filename, m->start_line};
  perftools__profiles__function__free_unpacked(m, &a);
  return NULL;
}

static void add_comment(dec *d, int64_t x) {
  XGROW(d->comments, d->comments_cap, d->ncomments + 1);
  d->comments[d->ncomments++] = x;
}

/* ---- the top-level walk ---- */

static const char *field_name(uint64_t f) {
  static const char *names[] = {"field number 0", "sample_type", "sample", "mapping", "location", "function",
                                "string_table", "drop_frames", "keep_frames", "time_nanos",
                                "duration_nanos", "period_type", "period", "comment",
                                "default_sample_type"};
  return f < sizeof names / sizeof *names ? names[f] : "unknown field";
}

/* True when the window starts with what looks like text (a legacy or non-profile file). */
static bool looks_like_text(const input *in) {
  size_t n = in->end - in->start, k = n < 256 ? n : 256;
  if (k == 0) return false;
  for (size_t i = 0; i < k; i++) {
    unsigned char c = in->buf[in->start + i];
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
  }
  return true;
}

static bool walk(dec *d) {
  input *in = &d->in;
  size_t counts[16] = {0};
  if (looks_like_text(in)) {
    /* a profile.proto never starts with printable text: sample_type is field 1 */
    const unsigned char *p = in->buf + in->start;
    if (p[0] != 0x0a) {
      in_fail(in, "not a profile: this is text, neither profile.proto data nor a legacy profile format pprof reads");
      return false;
    }
  }
  for (;;) {
    size_t avail = in_ensure(in, 20);
    if (in->err) return false;
    if (avail == 0) {
      size_t known = 0;
      for (int f = 1; f < 16; f++) known += counts[f];
      if (known == 0) /* pprof skips them too, then finds no profile: "unrecognized profile format" */
        in_fail(in, "not a profile: no profile.proto field in %llu bytes (only unknown fields, such as number 0)",
                (unsigned long long)in_offset(in));
      return known > 0;
    }
    uint64_t off = in_offset(in);
    const unsigned char *p = in->buf + in->start, *end = p + avail;
    uint64_t tag, v = 0;
    if (!get_varint(&p, end, &tag)) {
      in_fail(in, "truncated at byte %llu (bad field tag)", (unsigned long long)off);
      return false;
    }
    unsigned wt = tag & 7;
    uint64_t f = tag >> 3;
    const unsigned char *body = NULL;
    size_t blen = 0;
    if (wt == 0) {
      if (!get_varint(&p, end, &v)) {
        in_fail(in, "truncated at byte %llu (bad varint in %s)", (unsigned long long)off, field_name(f));
        return false;
      }
      in->start = (size_t)(p - in->buf);
    } else if (wt == 2) {
      if (!get_varint(&p, end, &v)) {
        in_fail(in, "truncated at byte %llu (bad length of %s)", (unsigned long long)off, field_name(f));
        return false;
      }
      if (v > MAX_FIELD_LEN) {
        in_fail(in, "field %s at byte %llu claims %llu bytes: corrupt", field_name(f),
                (unsigned long long)off, (unsigned long long)v);
        return false;
      }
      size_t hdr = (size_t)(p - (in->buf + in->start));
      if (in_ensure(in, hdr + v) < hdr + v) {
        if (!in->err)
          in_fail(in, "truncated at byte %llu (%s %zu needs %llu bytes, %llu left)",
                  (unsigned long long)off, field_name(f), f < 16 ? counts[f] : 0,
                  (unsigned long long)(hdr + v), (unsigned long long)(in->end - in->start));
        return false;
      }
      body = in->buf + in->start + hdr;
      blen = (size_t)v;
      in->start += hdr + blen;
    } else if (wt == 1 || wt == 5) {
      size_t hdr = (size_t)(p - (in->buf + in->start)), k = wt == 1 ? 8 : 4;
      if (in_ensure(in, hdr + k) < hdr + k) {
        if (!in->err) in_fail(in, "truncated at byte %llu", (unsigned long long)off);
        return false;
      }
      in->start += hdr + k;
      if (f >= 1 && f <= 14) {
        in_fail(in, "not a profile: wrong wire type %u for %s at byte %llu", wt, field_name(f),
                (unsigned long long)off);
        return false;
      }
      continue;
    } else {
      in_fail(in, "not a profile: invalid wire type %u at byte %llu", wt, (unsigned long long)off);
      return false;
    }
    const char *why = NULL;
    bool want_len = f >= 1 && f <= 6 ? true : f == 11;
    if (f >= 1 && f <= 14 && f != 13 && (wt == 2) != want_len) {
      in_fail(in, "not a profile: wrong wire type %u for %s at byte %llu", wt, field_name(f),
              (unsigned long long)off);
      return false;
    }
    switch (f) {
    case 1: {
      int64_t t, u;
      if ((why = decode_value_type(d, body, blen, &t, &u))) break;
      XGROW(d->st, d->st_cap, d->nst + 1);
      d->st[d->nst][0] = t, d->st[d->nst][1] = u;
      d->nst++;
      break;
    }
    case 2: why = decode_sample(d, body, body + blen); break;
    case 3: why = decode_mapping(d, body, blen); break;
    case 4: why = decode_location(d, body, blen); break;
    case 5: why = decode_function(d, body, blen); break;
    case 6:
      XGROW(d->strs, d->strs_cap, d->nstrs + 1);
      d->strs[d->nstrs++] = intern_n(&d->p->strs, (const char *)body, blen);
      break;
    case 7: d->drop_frames = (int64_t)v; break;
    case 8: d->keep_frames = (int64_t)v; break;
    case 9:
      if (d->time_nanos != 0) why = "concatenated profiles detected";
      d->time_nanos = (int64_t)v;
      break;
    case 10: d->duration_nanos = (int64_t)v; break;
    case 11: why = decode_value_type(d, body, blen, &d->pt_type, &d->pt_unit); break;
    case 12: d->period = (int64_t)v; break;
    case 13:
      if (wt == 0) {
        add_comment(d, (int64_t)v);
      } else {
        const unsigned char *q = body, *qe = body + blen;
        while (q < qe) {
          uint64_t x;
          if (!get_varint(&q, qe, &x)) {
            why = "bad varint in comments";
            break;
          }
          add_comment(d, (int64_t)x);
        }
      }
      break;
    case 14: d->default_st = (int64_t)v; break;
    default: break; /* unknown fields are skipped, as protobuf requires */
    }
    if (why) {
      in_fail(in, "%s %zu at byte %llu: %s", field_name(f), f < 16 ? counts[f] : 0,
              (unsigned long long)off, why);
      return false;
    }
    if (f < 16) counts[f]++;
  }
}

/* ---- resolution: raw ids and string indices -> model ---- */

/* Registers the i-th object of a kind (mapping, function, location) under its
 * id; false, with the error, when the id is the reserved 0 or already taken. */
static bool put_id(input *in, u64map *ids, uint64_t id, const char *kind, size_t i) {
  if (id == 0) {
    in_fail(in, "%s %zu has the reserved id 0", kind, i);
    return false;
  }
  if (u64map_get(ids, id) != TPROF_NONE) {
    in_fail(in, "multiple %ss with id %llu", kind, (unsigned long long)id);
    return false;
  }
  u64map_put(ids, id, (uint32_t)i);
  return true;
}

/* The ids of a kind -> their indices. When the ids are 1..n in file order
 * (what Go writes, and genprof) there is no map: an id's index is id - 1,
 * and no id can be 0 or taken twice. Otherwise a u64map, filled by
 * ids_put. (The maps cost a medium load 20 ms: random probes of tables of
 * 1.7 MB for 57k locations.) */
typedef struct id_index {
  bool seq;
  size_t n;
  u64map m;
} id_index;

static void ids_init(id_index *x, const void *recs, size_t stride, size_t n) {
  x->seq = true, x->n = n;
  for (size_t i = 0; i < n && x->seq; i++) { /* the id is each record's first field */
    uint64_t id;
    memcpy(&id, (const char *)recs + i * stride, sizeof id);
    x->seq = id == i + 1;
  }
  memset(&x->m, 0, sizeof x->m);
  if (!x->seq) u64map_init(&x->m, n);
}

static void ids_free(id_index *x) { u64map_free(&x->m); }

static bool ids_put(input *in, id_index *x, uint64_t id, const char *kind, size_t i) {
  return x->seq || put_id(in, &x->m, id, kind, i);
}

static uint32_t ids_get(const id_index *x, uint64_t id) {
  if (x->seq) return id - 1 < x->n ? (uint32_t)(id - 1) : TPROF_NONE;
  return u64map_get(&x->m, id);
}

static const char *str_at(dec *d, int64_t x, const char *what, size_t idx, bool *ok) {
  if (x < 0 || (uint64_t)x >= d->nstrs) {
    if (*ok)
      in_fail(&d->in, "%s %zu refers to string %lld, but the string table has %zu entries", what, idx,
              (long long)x, d->nstrs);
    *ok = false;
    return "";
  }
  return d->strs[x];
}

static bool resolve(dec *d) {
  profile *p = d->p;
  bool ok = true;
  input *in = &d->in;
  if (d->nstrs == 0) {
    /* every profile.proto writer puts "" first; pprof refuses it too ("unrecognized profile format") */
    in_fail(in, "the string table is empty");
    return false;
  } else if (d->strs[0][0] != 0) {
    in_fail(in, "string_table[0] must be ''");
    return false;
  }

  /* header */
  p->nsample_type = d->nst;
  p->sample_type = arena_alloc(&p->mem, (d->nst ? d->nst : 1) * sizeof *p->sample_type);
  for (size_t i = 0; i < d->nst; i++) {
    p->sample_type[i].type = str_at(d, d->st[i][0], "sample type", i, &ok);
    p->sample_type[i].unit = str_at(d, d->st[i][1], "sample type", i, &ok);
  }
  p->period_type.type = str_at(d, d->pt_type, "period type", 0, &ok);
  p->period_type.unit = str_at(d, d->pt_unit, "period type", 0, &ok);
  p->drop_frames = str_at(d, d->drop_frames, "drop_frames", 0, &ok);
  p->keep_frames = str_at(d, d->keep_frames, "keep_frames", 0, &ok);
  p->default_sample_type = str_at(d, d->default_st, "default_sample_type", 0, &ok);
  p->time_nanos = d->time_nanos, p->duration_nanos = d->duration_nanos, p->period = d->period;
  p->ncomments = d->ncomments;
  p->comments = arena_alloc(&p->mem, (d->ncomments ? d->ncomments : 1) * sizeof *p->comments);
  for (size_t i = 0; i < d->ncomments; i++) p->comments[i] = str_at(d, d->comments[i], "comment", i, &ok);
  if (!ok) return false;
  if (p->nsamples && d->nvalues != d->nst) {
    in_fail(in, "samples have %zu values but the profile has %zu sample types", d->nvalues, d->nst);
    return false;
  }

  /* mappings */
  id_index ids;
  ids_init(&ids, d->maps, sizeof *d->maps, d->nmaps);
  p->nmappings = d->nmaps;
  p->mappings = xcalloc(d->nmaps ? d->nmaps : 1, sizeof *p->mappings);
  for (size_t i = 0; i < d->nmaps && ok; i++) {
    raw_map *r = &d->maps[i];
    mapping *m = &p->mappings[i];
    if (!ids_put(in, &ids, r->id, "mapping", i)) ok = false;
    *m = (mapping){r->id, r->start, r->limit, r->offset, str_at(d, r->file, "mapping", i, &ok),
                   str_at(d, r->build_id, "mapping", i, &ok), r->fn, r->fl, r->ln, r->in};
  }
  id_index fids;
  ids_init(&fids, d->funcs, sizeof *d->funcs, d->nfuncs);
  p->nfunctions = d->nfuncs;
  p->functions = xcalloc(d->nfuncs ? d->nfuncs : 1, sizeof *p->functions);
  for (size_t i = 0; i < d->nfuncs && ok; i++) {
    raw_func *r = &d->funcs[i];
    if (!ids_put(in, &fids, r->id, "function", i)) ok = false;
    p->functions[i] = (function){r->id, str_at(d, r->name, "function", i, &ok),
                                 str_at(d, r->system_name, "function", i, &ok),
                                 str_at(d, r->filename, "function", i, &ok), r->start_line};
  }
  /* locations and lines */
  p->nlines = d->nlines;
  p->lines = xcalloc(d->nlines ? d->nlines : 1, sizeof *p->lines);
  p->nlocations = d->nlocs;
  p->locations = xcalloc(d->nlocs ? d->nlocs : 1, sizeof *p->locations);
  id_index lids;
  ids_init(&lids, d->locs, sizeof *d->locs, d->nlocs);
  for (size_t i = 0; i < d->nlocs && ok; i++) {
    raw_loc *r = &d->locs[i];
    location *l = &p->locations[i];
    if (!ids_put(in, &lids, r->id, "location", i)) {
      ok = false;
      break;
    }
    uint32_t mi = TPROF_NONE;
    if (r->mapping_id != 0) {
      /* pprof leaves a location whose mapping is missing without one */
      mi = ids_get(&ids, r->mapping_id);
    }
    *l = (location){r->id, r->address, mi, r->line_off, r->nlines, r->is_folded};
    for (uint32_t k = 0; k < r->nlines; k++) {
      raw_line *rl = &d->lines[r->line_off + k];
      uint32_t fi = ids_get(&fids, rl->func_id);
      if (fi == TPROF_NONE) {
        in_fail(in, "location %llu refers to missing function %llu", (unsigned long long)r->id,
                (unsigned long long)rl->func_id);
        ok = false;
        break;
      }
      p->lines[r->line_off + k] = (pline){fi, rl->line};
    }
  }
  ids_free(&ids);
  ids_free(&fids);
  if (!ok) {
    ids_free(&lids);
    return false;
  }

  /* stacks: raw ids -> location indices. Locations with ids 1..n in file
   * order (what Go writes) and every stack id among them: the stacks hold
   * the indices already (push_loc), no pass. */
  size_t nstack = p->stack_used;
  size_t sample = 0;
  bool ident = lids.seq && d->nbig == 0 && (nstack == 0 || d->max_lid < d->nlocs);
  uint32_t *direct = NULL;
  uint32_t maxid = 0;
  for (size_t i = 0; i < d->nlocs && !ident; i++)
    if (d->locs[i].id < BIG_ID_FLAG && d->locs[i].id > maxid) maxid = (uint32_t)d->locs[i].id;
  if (!ident && (uint64_t)maxid <= 4 * (uint64_t)d->nlocs + 4096) {
    direct = xmalloc(((size_t)maxid + 1) * sizeof *direct);
    memset(direct, 0xff, ((size_t)maxid + 1) * sizeof *direct);
    for (size_t i = 0; i < d->nlocs; i++)
      if (d->locs[i].id <= maxid) direct[d->locs[i].id] = (uint32_t)i;
  }
  uint32_t *big = xmalloc((d->nbig ? d->nbig : 1) * sizeof *big);
  for (size_t i = 0; i < d->nbig; i++) big[i] = ids_get(&lids, d->big_list[i]);
  if (!ident && p->stack_w == 3 && d->nlocs > 0xffffffu) raw_widen(p); /* indices past 24 bits */
  stk all = profile_frames(p);
  for (size_t k = ident ? nstack : 0; k < nstack; k++) {
    uint32_t x = raw_at(all, k), li;
    uint32_t raw = x & BIG_ID_FLAG ? 0 : x + 1;
    if (x & BIG_ID_FLAG)
      li = big[x & ~BIG_ID_FLAG];
    else if (direct)
      li = raw <= maxid ? direct[raw] : TPROF_NONE;
    else
      li = ids_get(&lids, raw);
    if (li == TPROF_NONE) {
      while (p->stack_off[sample] + p->stack_len[sample] <= k) sample++;
      uint64_t id = x & BIG_ID_FLAG ? d->big_list[x & ~BIG_ID_FLAG] : raw;
      in_fail(in, "sample %zu refers to missing location %llu", sample, (unsigned long long)id);
      ok = false;
      break;
    }
    stk_put(p->stack, p->stack_w, k, li);
  }
  free(direct);
  free(big);
  ids_free(&lids);
  if (!ok) return false;

  /* label sets */
  uint32_t *setmap = xmalloc((d->nrsets ? d->nrsets : 1) * sizeof *setmap);
  setmap[0] = 0;
  label *tmp = NULL;
  size_t tmp_cap = 0;
  for (size_t s = 1; s < d->nrsets && ok; s++) {
    size_t n = 0;
    XGROW(tmp, tmp_cap, d->rsets[s][1] + 1);
    for (uint32_t k = 0; k < d->rsets[s][1]; k++) {
      raw_label *r = &d->rlabels[d->rsets[s][0] + k];
      label l = {str_at(d, r->key, "label of sample set", s, &ok), NULL, r->num, NULL};
      if (r->str != 0) {
        l.str = str_at(d, r->str, "label of sample set", s, &ok);
      } else if (r->num != 0 || r->unit != 0) {
        if (r->unit != 0) l.unit = str_at(d, r->unit, "label of sample set", s, &ok);
      } else {
        continue; /* pprof drops labels with neither value */
      }
      tmp[n++] = l;
    }
    setmap[s] = profile_intern_labels(p, tmp, n);
  }
  free(tmp);
  for (size_t i = 0; i < p->nsamples && ok; i++) p->sample_labels[i] = setmap[p->sample_labels[i]];
  free(setmap);
  return ok;
}

static void dec_free(dec *d) {
  prefault_stop(d->pf);
  d->pf = NULL;
  free(d->strs), free(d->st), free(d->maps), free(d->funcs), free(d->locs), free(d->lines);
  free(d->rlabels), free(d->rsets), free(d->cur), free(d->big_list), free(d->vtmp);
  free(d->comments), free(d->scratch);
  u64map_free(&d->rset_index);
  u64map_free(&d->big_ids);
  thr_stop(&d->in);
  free(d->tidy), free(d->in.buf), free(d->in.inbuf), free(d->in.pending), free(d->in.perr);
  if (d->in.gzs) gunzip_free(d->in.gzs);
}

/* True when the window starts as no profile.proto does but a legacy
 * profile may: with text, or with a zero byte (the binary CPU header). */
static bool legacy_candidate(input *in) {
  size_t n = in_ensure(in, 40);
  if (in->err || n == 0) return false;
  if (in->buf[in->start] == 0) return legacy_cpu_header(in->buf + in->start, n);
  return looks_like_text(in);
}

/*
 * The whole (decompressed) input parsed as pprof's legacy formats
 * (legacy.h), as pprof falls back to them when profile.proto decoding
 * fails. Returns the profile, or NULL with *err set on a damaged legacy
 * file, or NULL with *err NULL when no legacy format recognises it.
 */
static profile *decode_legacy(dec *d, char **err) {
  input *in = &d->in;
  *err = NULL;
  size_t want = WINDOW_CHUNK, got;
  while ((got = in_ensure(in, want)) == want && want < MAX_LEGACY) want *= 2;
  if (in->err) {
    *err = in->err, in->err = NULL;
    return NULL;
  }
  if (got >= MAX_LEGACY) {
    *err = xasprintf("%s: a legacy profile of more than %u MiB: refusing", in->name, MAX_LEGACY >> 20);
    return NULL;
  }
  strbuf out = STRBUF_INIT;
  char *why = NULL;
  legacy_status st = legacy_parse(in->buf + in->start, got, in->buf[in->start] == 0, in->env, &out, &why);
  profile *p = NULL;
  if (st == LEGACY_OK) {
    p = profile_parse_env(out.s, out.len, in->name, in->env, err);
    if (p && in->buf[in->start] != 0) p->gotext = gotext_scan(in->buf + in->start, got); /* text, not binary CPU */
  } else if (st == LEGACY_MALFORMED) {
    *err = xasprintf("%s: parsing legacy profile: %s", in->name, why);
  }
  free(why);
  sb_free(&out);
  return p;
}

static profile *decode(dec *d, char **err) {
  input *in = &d->in;
  d->p = profile_new();
  /* sniff gzip */
  size_t n = in_ensure(in, 2);
  if (in->err) goto fail;
  if (n == 0) {
    in_fail(in, "empty input file");
    goto fail;
  }
  if (n >= 2 && in->buf[in->start] == 0x1f && in->buf[in->start + 1] == 0x8b) {
    /* restart the stream through the inflater: put the sniffed bytes back */
    in->gz = true;
    in->gzs = gunzip_new();
    in->inbuf = xmalloc(WINDOW_CHUNK); /* memory input is copied in too: the inflater's input stays ours */
    size_t have = in->end - in->start;
    unsigned char *pending = in->pending = xmalloc(have ? have : 1);
    memcpy(pending, in->buf + in->start, have);
    in->start = in->end = 0;
    in->total = 0;
    gunzip_input(in->gzs, pending, have);
    /* decompress the sniffed bytes first, then continue from the source */
    in->src_eof = false;
    in->size_hint = size_hint(in, true);
    if (inflate_threaded(in)) thr_start(in);
    if (in_ensure(in, 1) == 0 && !in->err) in_fail(in, "decompressing profile: empty gzip stream");
    if (in->err) goto fail;
    if (in->end == 0 && !in->err) {
      in_fail(in, "empty input file");
      goto fail;
    }
  }
  if (!in->gz) in->size_hint = size_hint(in, false);
  if (legacy_candidate(in)) {
    profile *lp = decode_legacy(d, err);
    if (lp || *err) {
      dec_free(d); /* first: it stops the prefaulter, which may be at d->p's arrays */
      profile_free(d->p);
      return lp;
    }
  }
  if (!walk(d) || !resolve(d)) goto fail;
  profile *p = d->p;
  bool faulted = d->pf != NULL;
  dec_free(d);
  if (faulted) { /* what the prefaulter faulted in past the ends */
    prefault_trim(p->stack, p->stack_used * p->stack_w, p->stack_cap * p->stack_w);
    prefault_trim(p->value_idx, p->nsamples * sizeof *p->value_idx, p->samples_cap * sizeof *p->value_idx);
    prefault_trim(p->stack_off, p->nsamples * sizeof *p->stack_off, p->samples_cap * sizeof *p->stack_off);
  }
  return p;
fail:
  *err = in->err ? in->err : xasprintf("%s: cannot decode", in->name);
  in->err = NULL;
  dec_free(d);
  profile_free(d->p);
  return NULL;
}

static void in_init(input *in, const char *name, const core_env *env) {
  in->name = name;
  in->env = env;
  in->limit = env && env->inflate_limit ? env->inflate_limit : DEFAULT_INFLATE_LIMIT;
}

profile *profile_parse(const void *data, size_t n, const char *name, char **err) {
  return profile_parse_env(data, n, name, NULL, err);
}

profile *profile_parse_env(const void *data, size_t n, const char *name, const core_env *env, char **err) {
  dec d;
  memset(&d, 0, sizeof d);
  in_init(&d.in, name, env);
  d.in.mem = data ? data : (const unsigned char *)"";
  d.in.mem_len = n;
  d.in.fd = -1;
  return decode(&d, err);
}

profile *profile_read_file(const char *path, char **err) { return profile_read_file_env(path, NULL, err); }

profile *profile_read_file_env(const char *path, const core_env *env, char **err) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    *err = xasprintf("%s: %s", path, go_strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    *err = xasprintf("%s: is a directory", path);
    return NULL;
  }
  dec d;
  memset(&d, 0, sizeof d);
  in_init(&d.in, path, env);
  d.in.fd = fd;
  profile *p = decode(&d, err);
  close(fd);
  return p;
}
