/*
 * legacy.c: pprof's legacy profile formats -> profile.proto bytes.
 *
 * A port of Go 1.19's vendored profile/legacy_profile.go and
 * legacy_java_profile.go: the same parsers tried in the same order
 * (parseLegacy), the same regular expressions (Go syntax, through regex.h),
 * the same strconv rules and the same post-processing, so that the profile
 * decode.c gets from here is the one pprof holds in memory. The model below
 * mirrors pprof's: locations, functions and mappings are referred to by
 * index (pprof's pointers), and get their ids only when remapped.
 *
 * Memory stays proportional to the input: every sample, location and
 * mapping comes from bytes of it, and lines longer than bufio.Scanner's
 * 64 KiB limit are refused as Go refuses them.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/legacy.h"
#include "tprof/env.h"
#include "tprof/regex.h"

#define MAX_TOKEN (64 * 1024) /* bufio.MaxScanTokenSize */

typedef struct lmap {
  uint64_t start, limit, offset, id;
  char *file, *build_id;
} lmap;

typedef struct lfunc {
  char *name, *file;
  uint64_t id;
} lfunc;

typedef struct lloc {
  uint64_t addr, id;
  uint32_t map, func; /* indices or TPROF_NONE */
  int64_t line;
} lloc;

typedef struct lsample {
  int64_t v[4];
  uint32_t nv, n;
  size_t off;     /* stack: into lp.stk, leaf first */
  int64_t bytes;  /* the "bytes" numeric label */
  bool has_bytes;
} lsample;

typedef struct lprof {
  lmap *maps;
  size_t nmaps, maps_cap;
  lfunc *funcs;
  size_t nfuncs, funcs_cap;
  lloc *locs;
  size_t nlocs, locs_cap;
  lsample *samples;
  size_t nsamples, samples_cap;
  uint32_t *stk;
  size_t nstk, stk_cap;
  const char *st[4][2];
  size_t nst;
  const char *pt[2];
  int64_t period, duration;
  const char *drop, *keep;
  char **owned; /* strings the fields above borrow */
  size_t nowned, owned_cap;
  char *err;
} lprof;

typedef struct u64vec {
  uint64_t *v;
  size_t n, cap;
} u64vec;

/* ---- helpers: Go's strconv, strings.TrimSpace, bufio.Scanner ---- */

static const char *own(lprof *lp, char *s) {
  XGROW(lp->owned, lp->owned_cap, lp->nowned + 1);
  return lp->owned[lp->nowned++] = s;
}

static bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static void trim(const char **s, size_t *n) {
  while (*n && is_space((unsigned char)**s)) (*s)++, (*n)--;
  while (*n && is_space((unsigned char)(*s)[*n - 1])) (*n)--;
}

static int digit_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/* strconv.ParseUint(s, base, 64) for base 0, 10 or 16. */
static bool parse_u64(const char *s, size_t n, int base, uint64_t *out) {
  bool base0 = base == 0;
  if (n == 0) return false;
  if (base0) {
    base = 10;
    if (s[0] == '0') {
      if (n >= 3 && (s[1] == 'x' || s[1] == 'X')) base = 16, s += 2, n -= 2;
      else if (n >= 3 && (s[1] == 'b' || s[1] == 'B')) base = 2, s += 2, n -= 2;
      else if (n >= 3 && (s[1] == 'o' || s[1] == 'O')) base = 8, s += 2, n -= 2;
      else base = 8, s++, n--;
      if (n == 0) return *out = 0, true; /* "0" */
    }
  }
  uint64_t v = 0;
  bool any = false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '_' && base0) {
      /* Go's underscoreOK, simplified: only between digits */
      if (i == 0 || i + 1 == n || s[i - 1] == '_' || s[i + 1] == '_') return false;
      continue;
    }
    int d = digit_val(s[i]);
    if (d >= base) return false;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return false;
    v = v * (uint64_t)base + (uint64_t)d;
    any = true;
  }
  *out = v;
  return any;
}

/* strconv.ParseInt(s, base, 64). */
static bool parse_i64(const char *s, size_t n, int base, int64_t *out) {
  bool neg = false;
  if (n && (s[0] == '-' || s[0] == '+')) neg = s[0] == '-', s++, n--;
  uint64_t u;
  if (!parse_u64(s, n, base, &u)) return false;
  if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX) return false;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

typedef struct scanner {
  const unsigned char *d;
  size_t n, pos, lineno;
  char *tok;   /* the current line, NUL-terminated ("" past the end) */
  size_t len, cap;
  bool too_long;
} scanner;

static void scan_init(scanner *s, const unsigned char *d, size_t n) {
  memset(s, 0, sizeof *s);
  s->d = d, s->n = n;
  s->tok = xmalloc(1);
  s->tok[0] = 0;
}

/* bufio.Scanner.Scan with ScanLines. */
static bool scan(scanner *s) {
  s->len = 0, s->tok[0] = 0;
  if (s->too_long || s->pos >= s->n) return false;
  const unsigned char *p = s->d + s->pos, *nl = memchr(p, '\n', s->n - s->pos);
  size_t len = nl ? (size_t)(nl - p) : s->n - s->pos;
  if (len + (nl != NULL) > MAX_TOKEN) {
    s->too_long = true;
    return false;
  }
  s->pos += len + (nl != NULL);
  s->lineno++;
  if (len && p[len - 1] == '\r') len--;
  xgrow(&s->tok, &s->cap, len + 1, 1);
  memcpy(s->tok, p, len);
  s->tok[len] = 0;
  s->len = len;
  return true;
}

static void fail(lprof *lp, size_t line, const char *fmt, ...) TPROF_PRINTF(3, 4);
static void fail(lprof *lp, size_t line, const char *fmt, ...) {
  if (lp->err) return;
  va_list ap;
  va_start(ap, fmt);
  char *m = xvasprintf(fmt, ap);
  va_end(ap);
  lp->err = line ? xasprintf("line %zu: %s", line, m) : m;
  if (line) free(m);
}

/* ---- the regular expressions, compiled once per parse ---- */

enum {
  RE_COUNT_START, RE_COUNT, RE_HEAP_HEADER, RE_HEAP_SAMPLE, RE_CONTENTION_SAMPLE,
  RE_GROWTH_HEADER, RE_FRAG_HEADER, RE_THREADZ_START, RE_THREAD_START, RE_PROC_MAPS,
  RE_BRIEF_MAPS, RE_LOG_INFO, RE_LIB, RE_ATTRIBUTE, RE_JAVA_SAMPLE, RE_JAVA_LOC,
  RE_JAVA_FILE_LINE, RE_JAVA_PATH, RE_N
};

#define C_HEX "(?:0x)?([[:xdigit:]]+)"
#define C_HEX_RANGE "\\s*" C_HEX "[\\s-]?\\s*" C_HEX ":?"
#define C_PERM "(?:\\s+([-rwxp]+))?"
#define C_SPACE_HEX "(?:\\s+([[:xdigit:]]+))?"

static const char *const patterns[RE_N] = {
    [RE_COUNT_START] = "\\A(\\S+) profile: total \\d+\\z",
    [RE_COUNT] = "\\A(\\d+) @(( 0x[0-9a-f]+)+)\\z",
    [RE_HEAP_HEADER] = "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] *@ *(heap[_a-z0-9]*)/?(\\d*)",
    [RE_HEAP_SAMPLE] = "(-?\\d+): *(-?\\d+) *\\[ *(\\d+): *(\\d+) *] @([ x0-9a-f]*)",
    [RE_CONTENTION_SAMPLE] = "(\\d+) *(\\d+) @([ x0-9a-f]*)",
    [RE_GROWTH_HEADER] = "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] @ growthz?",
    [RE_FRAG_HEADER] = "heap profile: *(\\d+): *(\\d+) *\\[ *(\\d+): *(\\d+) *\\] @ fragmentationz?",
    [RE_THREADZ_START] = "--- threadz \\d+ ---",
    [RE_THREAD_START] = "--- Thread ([[:xdigit:]]+) \\(name: (.*)/(\\d+)\\) stack: ---",
    [RE_PROC_MAPS] = "^" C_HEX_RANGE C_PERM C_SPACE_HEX "\\s+[[:xdigit:]]+:[[:xdigit:]]+"
                     "\\s+[[:digit:]]+(?:\\s+(\\S+))?",
    [RE_BRIEF_MAPS] = "^" C_HEX_RANGE C_PERM "(?:\\s+(\\S+))?(?:\\s+\\(@([[:xdigit:]]+)\\))?" C_SPACE_HEX,
    [RE_LOG_INFO] = "^[^\\[\\]]+:[0-9]+]\\s",
    [RE_LIB] = "([.]so$|[.]so[._][0-9]+)",
    [RE_ATTRIBUTE] = "([\\w ]+)=([\\w ]+)",
    [RE_JAVA_SAMPLE] = " *(\\d+) +(\\d+) +@ +([ x0-9a-f]*)",
    [RE_JAVA_LOC] = "^\\s*0x([[:xdigit:]]+)\\s+(.*)\\s*$",
    [RE_JAVA_FILE_LINE] = "^(.*)\\s+\\((.+):(-?[[:digit:]]+)\\)$",
    [RE_JAVA_PATH] = "^(.*)\\s+\\((.*)\\)$",
};

typedef struct ctx {
  tregex *re[RE_N];
  lprof lp;
  size_t ov[16];
  const char *subj;
  u64vec addrs; /* scratch: one sample's addresses */
} ctx;

/* Go's FindStringSubmatch into c->ov; the number of groups or -1. */
static int match(ctx *c, int which, const char *s) {
  c->subj = s;
  return regex_groups(c->re[which], s, c->ov, 8);
}

/* Group i of the last match as a new string ("" if it took no part). */
static char *group(const ctx *c, int i) {
  if (c->ov[2 * i] == SIZE_MAX) return xstrdup("");
  return xstrndup(c->subj + c->ov[2 * i], c->ov[2 * i + 1] - c->ov[2 * i]);
}

static const char *gptr(const ctx *c, int i, size_t *n) {
  if (c->ov[2 * i] == SIZE_MAX) return *n = 0, "";
  *n = c->ov[2 * i + 1] - c->ov[2 * i];
  return c->subj + c->ov[2 * i];
}

static bool group_eq(const ctx *c, int i, const char *lit) {
  size_t n;
  const char *p = gptr(c, i, &n);
  return n == strlen(lit) && memcmp(p, lit, n) == 0;
}

/* ---- model building ---- */

static uint32_t new_loc(lprof *lp, u64map *by, uint64_t addr) {
  uint32_t i = u64map_get(by, addr);
  if (i != TPROF_NONE) return i;
  XGROW(lp->locs, lp->locs_cap, lp->nlocs + 1);
  lp->locs[lp->nlocs] = (lloc){addr, 0, TPROF_NONE, TPROF_NONE, 0};
  u64map_put(by, addr, (uint32_t)lp->nlocs);
  return (uint32_t)lp->nlocs++;
}

static lsample *new_sample(lprof *lp) {
  XGROW(lp->samples, lp->samples_cap, lp->nsamples + 1);
  lsample *s = &lp->samples[lp->nsamples++];
  memset(s, 0, sizeof *s);
  s->off = lp->nstk;
  return s;
}

static void push_frame(lprof *lp, lsample *s, uint32_t loc) {
  XGROW(lp->stk, lp->stk_cap, lp->nstk + 1);
  lp->stk[lp->nstk++] = loc;
  s->n++;
}

/* Drop frame 1 of sample s (pprof's append(s.Location[:1], s.Location[2:]...)). */
static void drop_frame1(lprof *lp, lsample *s) {
  uint32_t *f = lp->stk + s->off;
  memmove(f + 1, f + 2, (s->n - 2) * sizeof *f);
  s->n--;
}

/* parseHexAddresses: append the 0x... numbers of [p, p+n) to a; false on
 * a number past 64 bits. */
static bool hex_addresses(u64vec *a, const char *p, size_t n) {
  size_t i = 0;
#define LHEX(ch) (((ch) >= '0' && (ch) <= '9') || ((ch) >= 'a' && (ch) <= 'f'))
  while (i + 2 < n) {
    if (p[i] == '0' && p[i + 1] == 'x' && LHEX(p[i + 2])) {
      size_t j = i + 2;
      while (j < n && LHEX(p[j])) j++;
      uint64_t x;
      if (!parse_u64(p + i, j - i, 0, &x)) return false;
      XGROW(a->v, a->cap, a->n + 1);
      a->v[a->n++] = x;
      i = j;
    } else {
      i++;
    }
  }
#undef LHEX
  return true;
}

/* The frames of addresses a, each adjusted by -1 from frame adjust_from on;
 * empties a. */
static void push_addrs(lprof *lp, u64map *by, lsample *s, u64vec *a, size_t adjust_from) {
  for (size_t i = 0; i < a->n; i++) push_frame(lp, s, new_loc(lp, by, a->v[i] - (i >= adjust_from)));
  a->n = 0;
}

static bool is_space_or_comment(const char *s) {
  size_t n = strlen(s);
  trim(&s, &n);
  return n == 0 || s[0] == '#';
}

static bool is_map_sentinel(const char *s) {
  return strstr(s, "--- Memory map: ---") || strstr(s, "MAPPED_LIBRARIES:");
}

static bool has_prefix(const char *s, const char *pre) { return strncmp(s, pre, strlen(pre)) == 0; }

static void set_types(lprof *lp, size_t n, const char *const *tu) {
  lp->nst = n;
  for (size_t i = 0; i < n; i++) lp->st[i][0] = tu[2 * i], lp->st[i][1] = tu[2 * i + 1];
}

/* ---- pprof's post-processing ---- */

static void remap_locations(lprof *lp) {
  uint32_t *nw = xmalloc((lp->nlocs ? lp->nlocs : 1) * sizeof *nw);
  lloc *locs = xmalloc((lp->nlocs ? lp->nlocs : 1) * sizeof *locs);
  size_t k = 0;
  for (size_t i = 0; i < lp->nlocs; i++) nw[i] = TPROF_NONE;
  for (size_t i = 0; i < lp->nsamples; i++) {
    lsample *s = &lp->samples[i];
    for (uint32_t j = 0; j < s->n; j++) {
      uint32_t *f = &lp->stk[s->off + j];
      if (nw[*f] == TPROF_NONE) {
        nw[*f] = (uint32_t)k;
        locs[k] = lp->locs[*f];
        locs[k].id = k + 1;
        k++;
      }
      *f = nw[*f];
    }
  }
  free(lp->locs);
  free(nw);
  lp->locs = locs, lp->nlocs = k, lp->locs_cap = lp->nlocs ? lp->nlocs : 1;
}

static void remap_functions(lprof *lp) {
  uint32_t *nw = xmalloc((lp->nfuncs ? lp->nfuncs : 1) * sizeof *nw);
  lfunc *fns = xmalloc((lp->nfuncs ? lp->nfuncs : 1) * sizeof *fns);
  size_t k = 0;
  for (size_t i = 0; i < lp->nfuncs; i++) nw[i] = TPROF_NONE;
  for (size_t i = 0; i < lp->nlocs; i++) {
    uint32_t *f = &lp->locs[i].func;
    if (*f == TPROF_NONE) continue;
    if (nw[*f] == TPROF_NONE) {
      nw[*f] = (uint32_t)k;
      fns[k] = lp->funcs[*f];
      fns[k].id = k + 1;
      k++;
    }
    *f = nw[*f];
  }
  for (size_t i = 0; i < lp->nfuncs; i++)
    if (nw[i] == TPROF_NONE) free(lp->funcs[i].name), free(lp->funcs[i].file);
  free(lp->funcs);
  free(nw);
  lp->funcs = fns, lp->nfuncs = k, lp->funcs_cap = lp->nfuncs ? lp->nfuncs : 1;
}

static void free_map(lmap *m) { free(m->file), free(m->build_id); }

static void add_map(lprof *lp, lmap m) {
  XGROW(lp->maps, lp->maps_cap, lp->nmaps + 1);
  lp->maps[lp->nmaps++] = m;
}

static void remap_mappings(lprof *lp) {
  if (lp->nmaps > 1 && has_prefix(lp->maps[0].file, "/anon_hugepage") && lp->maps[0].limit == lp->maps[1].start) {
    free_map(&lp->maps[0]);
    memmove(lp->maps, lp->maps + 1, (lp->nmaps - 1) * sizeof *lp->maps);
    lp->nmaps--;
  }
  if (lp->nmaps > 0 && lp->maps[0].start - lp->maps[0].offset == 0x400000)
    lp->maps[0].start = 0x400000, lp->maps[0].offset = 0;
  uint32_t fake = TPROF_NONE;
  for (size_t i = 0; i < lp->nlocs; i++) {
    lloc *l = &lp->locs[i];
    uint64_t a = l->addr;
    if (l->map != TPROF_NONE || a == 0) continue;
    for (size_t j = 0; j < lp->nmaps && l->map == TPROF_NONE; j++)
      if (lp->maps[j].start <= a && a < lp->maps[j].limit) l->map = (uint32_t)j;
    for (size_t j = 0; j < lp->nmaps && l->map == TPROF_NONE; j++) {
      lmap *m = &lp->maps[j];
      if (m->offset != 0 && m->start - m->offset <= a && a < m->start) {
        m->start -= m->offset, m->offset = 0;
        l->map = (uint32_t)j;
      }
    }
    if (l->map != TPROF_NONE) continue;
    if (fake == TPROF_NONE) {
      fake = (uint32_t)lp->nmaps;
      add_map(lp, (lmap){0, UINT64_MAX, 0, 1, xstrdup(""), xstrdup("")});
    }
    l->map = fake;
  }
  for (size_t i = 0; i < lp->nmaps; i++) lp->maps[i].id = i + 1;
}

static bool adjacent(const lmap *a, const lmap *b) {
  if (*a->file && *b->file && strcmp(a->file, b->file) != 0) return false;
  if (*a->build_id && *b->build_id && strcmp(a->build_id, b->build_id) != 0) return false;
  if (a->limit != b->start) return false;
  if (a->offset != 0 && b->offset != 0 && a->offset + (a->limit - a->start) != b->offset) return false;
  return true;
}

/* massageMappings; locations have no mappings yet when it runs here. */
static void massage_mappings(ctx *c) {
  lprof *lp = &c->lp;
  if (lp->nmaps > 1) {
    size_t k = 1;
    for (size_t i = 1; i < lp->nmaps; i++) {
      lmap *lm = &lp->maps[k - 1], *m = &lp->maps[i];
      if (adjacent(lm, m)) {
        lm->limit = m->limit;
        if (*m->file) free(lm->file), lm->file = m->file, m->file = NULL;
        if (*m->build_id) free(lm->build_id), lm->build_id = m->build_id, m->build_id = NULL;
        free_map(m);
        continue;
      }
      lp->maps[k++] = *m;
    }
    lp->nmaps = k;
  }
  for (size_t i = 0; i < lp->nmaps; i++) {
    /* strings.TrimSpace(strings.Replace(m.File, "(deleted)", "", -1)) */
    strbuf f = STRBUF_INIT;
    for (const char *p = lp->maps[i].file; *p;) {
      if (has_prefix(p, "(deleted)")) p += 9;
      else sb_addc(&f, *p++);
    }
    const char *s = sb_str(&f);
    size_t n = f.len;
    trim(&s, &n);
    char *file = xstrndup(s, n);
    sb_free(&f);
    bool skip = n == 0 || match(c, RE_LIB, file) > 0 || file[0] == '[';
    free(file);
    if (skip) continue;
    lmap t = lp->maps[0];
    lp->maps[0] = lp->maps[i], lp->maps[i] = t;
    break;
  }
  for (size_t i = 0; i < lp->nmaps; i++) lp->maps[i].id = i + 1;
}

/* parseMappingEntry: 1 with *m set, 0 for a skipped (not executable) entry, -1 unrecognized. */
static int parse_mapping_entry(ctx *c, const char *l, lmap *m) {
  int start = 1, end = 2, perm = 3, file, offset, build = 0;
  if (match(c, RE_PROC_MAPS, l) == 6) {
    offset = 4, file = 5;
  } else if (match(c, RE_BRIEF_MAPS, l) == 7) {
    file = 4, offset = 5, build = 6;
  } else {
    return -1;
  }
  size_t n;
  const char *p = gptr(c, perm, &n);
  if (n && !memchr(p, 'x', n)) return 0;
  memset(m, 0, sizeof *m);
  p = gptr(c, start, &n);
  if (!parse_u64(p, n, 16, &m->start)) return -1;
  p = gptr(c, end, &n);
  if (!parse_u64(p, n, 16, &m->limit)) return -1;
  p = gptr(c, offset, &n);
  if (n && !parse_u64(p, n, 16, &m->offset)) return -1;
  m->file = group(c, file);
  m->build_id = build ? group(c, build) : xstrdup("");
  return 1;
}

/* strings.NewReplacer(attrs...).Replace(s): at each place the first old
 * string (in argument order) that matches is replaced. */
static char *replace_attrs(char **attrs, size_t nattrs, const char *s) {
  strbuf b = STRBUF_INIT;
  while (*s) {
    size_t i;
    for (i = 0; i < nattrs; i += 2)
      if (has_prefix(s, attrs[i])) break;
    if (i < nattrs) {
      sb_adds(&b, attrs[i + 1]);
      s += strlen(attrs[i]);
    } else {
      sb_addc(&b, *s++);
    }
  }
  return sb_steal(&b);
}

/* ParseMemoryMapFromScanner: the mappings, then the id remapping. */
static bool parse_memory_map(ctx *c, scanner *s) {
  lprof *lp = &c->lp;
  char **attrs = NULL;
  size_t nattrs = 0, attrs_cap = 0;
  while (scan(s)) {
    const char *line = s->tok;
    if (match(c, RE_LOG_INFO, line) > 0) line += c->ov[1];
    char *l = replace_attrs(attrs, nattrs, line);
    lmap m;
    int r = parse_mapping_entry(c, l, &m);
    if (r < 0) {
      char *eq = strchr(l, '=');
      if (eq) {
        const char *k = l, *v = eq + 1;
        size_t kn = (size_t)(eq - l), vn = strlen(v);
        trim(&k, &kn), trim(&v, &vn);
        XGROW(attrs, attrs_cap, nattrs + 2);
        attrs[nattrs++] = xasprintf("$%.*s", (int)kn, k);
        attrs[nattrs++] = xstrndup(v, vn);
      }
    } else if (r > 0) {
      add_map(lp, m);
    }
    free(l);
  }
  for (size_t i = 0; i < nattrs; i++) free(attrs[i]);
  free(attrs);
  if (s->too_long) {
    fail(lp, s->lineno + 1, "bufio.Scanner: token too long");
    return false;
  }
  massage_mappings(c);
  remap_locations(lp);
  remap_functions(lp);
  remap_mappings(lp);
  return true;
}

/* parseAdditionalSections */
static bool parse_additional(ctx *c, scanner *s) {
  while (!is_map_sentinel(s->tok) && scan(s)) {
  }
  if (s->too_long) {
    fail(&c->lp, s->lineno + 1, "bufio.Scanner: token too long");
    return false;
  }
  return parse_memory_map(c, s);
}

static void cleanup_duplicate_locations(lprof *lp) {
  for (size_t i = 0; i < lp->nsamples; i++) {
    lsample *s = &lp->samples[i];
    uint32_t *f = lp->stk + s->off;
    if (s->n > 1 && lp->locs[f[0]].addr == lp->locs[f[1]].addr + 1) drop_frame1(lp, s);
  }
}

/* ---- the parsers; each returns LEGACY_UNRECOGNIZED, _MALFORMED or _OK ---- */

typedef uint64_t (*word_fn)(const unsigned char *p);
static uint64_t get32l(const unsigned char *b) {
  return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24;
}
static uint64_t get32b(const unsigned char *b) {
  return (uint64_t)b[3] | (uint64_t)b[2] << 8 | (uint64_t)b[1] << 16 | (uint64_t)b[0] << 24;
}
static uint64_t get64l(const unsigned char *b) { return get32l(b) | get32l(b + 4) << 32; }
static uint64_t get64b(const unsigned char *b) { return get32b(b + 4) | get32b(b) << 32; }

typedef struct words {
  const unsigned char *p;
  size_t n, w;
  word_fn get;
  bool nil; /* pprof's b == nil: a read ran past the end */
} words;

static uint64_t word(words *w) {
  if (w->nil || w->n < w->w) {
    w->nil = true;
    return 0;
  }
  uint64_t v = w->get(w->p);
  w->p += w->w, w->n -= w->w;
  return v;
}

/* parseCPUSamples; leaves w at the bytes after the samples. */
static legacy_status parse_cpu_samples(ctx *c, words *w, bool adjust, u64map *by) {
  lprof *lp = &c->lp;
  while (w->n > 0) {
    uint64_t count = word(w), nstk = word(w);
    if (w->nil || nstk > w->n / 4) return LEGACY_UNRECOGNIZED;
    /* the addresses, read before knowing whether this is the end marker */
    const unsigned char *first = w->p;
    size_t left = w->n;
    uint64_t a0 = nstk ? word(w) : 0;
    for (uint64_t i = 1; i < nstk; i++) word(w);
    if (count == 0 && nstk == 1 && a0 == 0 && !(w->nil && left < w->w)) break;
    w->p = first, w->n = left, w->nil = false;
    lsample *s = new_sample(lp);
    for (uint64_t i = 0; i < nstk; i++) {
      uint64_t a = word(w);
      if (adjust && i > 0) a--;
      push_frame(lp, s, new_loc(lp, by, a));
    }
    s->nv = 2;
    s->v[0] = (int64_t)count;
    s->v[1] = i64_mul((int64_t)count, lp->period);
    w->nil = false; /* a short last address reads as 0, as pprof's get*() of a short slice */
  }
  return LEGACY_OK;
}

static const char *const cpu_types[] = {"samples", "count", "cpu", "nanoseconds"};

static legacy_status java_locations(ctx *c, const unsigned char *d, size_t n, u64map *by);

bool legacy_cpu_header(const unsigned char *d, size_t n) {
  static const word_fn fns[] = {get32l, get32b, get64l, get64b};
  for (int k = 0; k < 4; k++) {
    words w = {d, n, k < 2 ? 4 : 8, fns[k], false};
    uint64_t h[5];
    for (int i = 0; i < 5; i++) h[i] = word(&w);
    if (!w.nil && h[0] == 0 && h[1] == 3 && h[3] != 0 && h[4] == 0 && (h[2] == 0 || h[2] == 1)) return true;
  }
  return false;
}

static legacy_status parse_cpu(ctx *c, const unsigned char *d, size_t n) {
  static const word_fn fns[] = {get32l, get32b, get64l, get64b};
  lprof *lp = &c->lp;
  for (int k = 0; k < 4; k++) {
    words w = {d, n, k < 2 ? 4 : 8, fns[k], false};
    uint64_t h[5];
    for (int i = 0; i < 5; i++) h[i] = word(&w);
    if (w.nil || h[0] != 0 || h[1] != 3 || h[3] == 0 || h[4] != 0 || (h[2] != 0 && h[2] != 1)) continue;
    bool java = h[2] == 1;
    lp->period = i64_mul((int64_t)h[3], 1000);
    lp->pt[0] = "cpu", lp->pt[1] = "nanoseconds";
    set_types(lp, 2, cpu_types);
    u64map by;
    u64map_init(&by, 64);
    legacy_status st = parse_cpu_samples(c, &w, !java, &by);
    if (st != LEGACY_OK) {
      u64map_free(&by);
      return st;
    }
    if (java) {
      st = java_locations(c, w.p, w.n, &by);
      u64map_free(&by);
      return st;
    }
    u64map_free(&by);
    /* strip up to two frames the signal handler pushed (see pprof's cpuProfile) */
    size_t margin = lp->nsamples / 32;
    for (int iter = 0; iter < 2; iter++) {
      uint64_t found = 0;
      /* count occurrences of each second frame's address */
      uint64_t *addrs = xmalloc((lp->nsamples ? lp->nsamples : 1) * sizeof *addrs);
      size_t na = 0;
      for (size_t i = 0; i < lp->nsamples; i++) {
        lsample *s = &lp->samples[i];
        if (s->n > 1) addrs[na++] = lp->locs[lp->stk[s->off + 1]].addr;
      }
      /* a qualifying address has more than half the samples: find the majority */
      size_t votes = 0;
      for (size_t i = 0; i < na; i++) {
        if (votes == 0) found = addrs[i], votes = 1;
        else votes += addrs[i] == found ? 1 : (size_t)-1;
      }
      size_t count = 0;
      for (size_t i = 0; i < na; i++) count += addrs[i] == found;
      free(addrs);
      bool have = na > 0 && count >= lp->nsamples - margin;
      if (!have) continue;
      for (size_t i = 0; i < lp->nsamples; i++) {
        lsample *s = &lp->samples[i];
        if (s->n > 1 && lp->locs[lp->stk[s->off + 1]].addr == found) drop_frame1(lp, s);
      }
    }
    scanner s;
    scan_init(&s, w.p, w.n);
    bool ok = parse_memory_map(c, &s);
    free(s.tok);
    if (!ok) return LEGACY_MALFORMED;
    cleanup_duplicate_locations(lp);
    return LEGACY_OK;
  }
  return LEGACY_UNRECOGNIZED;
}

/* scaleHeapSample */
static void scale_heap(int64_t *count, int64_t *size, int64_t rate) {
  if (*count == 0 || *size == 0) {
    *count = *size = 0;
    return;
  }
  if (rate <= 1) return;
  double avg = (double)*size / (double)*count;
  double scale = 1 / (1 - exp(-avg / (double)rate));
  *count = i64_from_double((double)*count * scale);
  *size = i64_from_double((double)*size * scale);
}

static legacy_status parse_heap(ctx *c, const unsigned char *d, size_t n) {
  lprof *lp = &c->lp;
  scanner s;
  scan_init(&s, d, n);
  legacy_status st = LEGACY_UNRECOGNIZED;
  u64map by;
  u64map_init(&by, 64);
  if (!scan(&s)) goto out;
  bool v2 = false, has_alloc = false;
  lp->pt[0] = "space", lp->pt[1] = "bytes";
  if (match(c, RE_HEAP_HEADER, s.tok) > 0) {
    size_t pn;
    const char *pp = gptr(c, 6, &pn);
    int64_t period = 0;
    if (pn && !parse_i64(pp, pn, 10, &period)) goto out;
    size_t n1, n2, n3, n4;
    const char *h1 = gptr(c, 1, &n1), *h2 = gptr(c, 2, &n2), *h3 = gptr(c, 3, &n3), *h4 = gptr(c, 4, &n4);
    if ((!(n3 == n1 && !memcmp(h3, h1, n1)) && !(n3 == 1 && h3[0] == '0')) ||
        (!(n4 == n2 && !memcmp(h4, h2, n2)) && !(n4 == 1 && h4[0] == '0')))
      has_alloc = true;
    if (group_eq(c, 5, "heapz_v2") || group_eq(c, 5, "heap_v2")) v2 = true;
    else if (group_eq(c, 5, "heapprofile")) period = 1;
    else if (group_eq(c, 5, "heap")) v2 = true, period /= 2;
    else goto out;
    lp->period = period;
  } else if (match(c, RE_GROWTH_HEADER, s.tok) > 0 || match(c, RE_FRAG_HEADER, s.tok) > 0) {
    lp->period = 1;
  } else {
    goto out;
  }
  static const char *const alloc_types[] = {"alloc_objects", "count", "alloc_space", "bytes",
                                            "inuse_objects", "count", "inuse_space", "bytes"};
  static const char *const plain_types[] = {"objects", "count", "space", "bytes"};
  if (has_alloc) set_types(lp, 4, alloc_types);
  else set_types(lp, 2, plain_types);
  st = LEGACY_MALFORMED;
  while (scan(&s)) {
    const char *line = s.tok;
    size_t ln = s.len;
    trim(&line, &ln);
    char *l = xstrndup(line, ln);
    if (is_space_or_comment(l)) {
      free(l);
      continue;
    }
    if (is_map_sentinel(l)) {
      free(l);
      break;
    }
    int g = match(c, RE_HEAP_SAMPLE, l);
    if (g != 6) {
      fail(lp, s.lineno, "unexpected number of sample values: got %d, want 6", g < 0 ? 0 : g);
      free(l);
      goto out;
    }
    lsample *smp = new_sample(lp);
    smp->has_bytes = true;
    for (int pass = has_alloc ? 0 : 1; pass < 2; pass++) {
      size_t cn, zn;
      const char *cs = gptr(c, pass ? 1 : 3, &cn), *zs = gptr(c, pass ? 2 : 4, &zn);
      int64_t count, size;
      if (!parse_i64(cs, cn, 10, &count) || !parse_i64(zs, zn, 10, &size)) {
        fail(lp, s.lineno, "malformed sample: %s: value out of range", l);
        free(l);
        goto out;
      }
      const char *what = pass ? "inuse" : "allocation";
      if (count == 0 && size != 0) {
        fail(lp, s.lineno, "%s count was 0 but %s bytes was %lld", what, what, (long long)size);
        free(l);
        goto out;
      }
      if (count != 0) {
        smp->bytes = i64_div(size, count);
        if (v2) scale_heap(&count, &size, lp->period);
      }
      smp->v[smp->nv++] = count;
      smp->v[smp->nv++] = size;
    }
    size_t an;
    const char *ap = gptr(c, 5, &an);
    if (!hex_addresses(&c->addrs, ap, an)) {
      fail(lp, s.lineno, "malformed sample: %s: failed to parse as hex 64-bit number", l);
      free(l);
      goto out;
    }
    push_addrs(lp, &by, smp, &c->addrs, 0);
    free(l);
  }
  if (s.too_long) {
    fail(lp, s.lineno + 1, "bufio.Scanner: token too long");
    goto out;
  }
  st = parse_additional(c, &s) ? LEGACY_OK : LEGACY_MALFORMED;
out:
  u64map_free(&by);
  free(s.tok);
  return st;
}

static legacy_status parse_go_count(ctx *c, const unsigned char *d, size_t n) {
  lprof *lp = &c->lp;
  scanner s;
  scan_init(&s, d, n);
  legacy_status st = LEGACY_UNRECOGNIZED;
  u64map by;
  u64map_init(&by, 64);
  while (scan(&s) && is_space_or_comment(s.tok)) {
  }
  if (s.too_long) {
    st = LEGACY_MALFORMED;
    fail(lp, s.lineno + 1, "bufio.Scanner: token too long");
    goto out;
  }
  if (match(c, RE_COUNT_START, s.tok) < 0) goto out;
  const char *type = own(lp, group(c, 1));
  lp->pt[0] = type, lp->pt[1] = "count";
  lp->period = 1;
  lp->st[0][0] = type, lp->st[0][1] = "count", lp->nst = 1;
  st = LEGACY_MALFORMED;
  while (scan(&s)) {
    const char *l = s.tok;
    if (is_space_or_comment(l)) continue;
    if (has_prefix(l, "---")) break;
    if (match(c, RE_COUNT, l) < 0) {
      fail(lp, s.lineno, "malformed profile format");
      goto out;
    }
    size_t cn;
    const char *cs = gptr(c, 1, &cn);
    int64_t v;
    if (!parse_i64(cs, cn, 0, &v)) {
      fail(lp, s.lineno, "malformed profile format");
      goto out;
    }
    lsample *smp = new_sample(lp);
    smp->nv = 1, smp->v[0] = v;
    size_t an;
    const char *ap = gptr(c, 2, &an);
    if (!hex_addresses(&c->addrs, ap, an)) {
      fail(lp, s.lineno, "malformed profile format");
      goto out;
    }
    push_addrs(lp, &by, smp, &c->addrs, 0);
  }
  if (s.too_long) {
    fail(lp, s.lineno + 1, "bufio.Scanner: token too long");
    goto out;
  }
  st = parse_additional(c, &s) ? LEGACY_OK : LEGACY_MALFORMED;
out:
  u64map_free(&by);
  free(s.tok);
  return st;
}

/* parseThreadSample: the addresses up to the next "---" line, into
 * c->addrs (none when the thread said "same as previous thread"). */
static bool thread_sample(ctx *c, scanner *s) {
  bool same = false;
  c->addrs.n = 0;
  while (scan(s)) {
    const char *l = s->tok;
    size_t n = s->len;
    trim(&l, &n);
    if (n == 0) continue;
    if (n >= 3 && !memcmp(l, "---", 3)) {
      memmove(s->tok, l, n), s->tok[n] = 0, s->len = n;
      break;
    }
    if (strstr(l, "same as previous thread")) {
      same = true;
      continue;
    }
    if (!hex_addresses(&c->addrs, l, n)) {
      fail(&c->lp, s->lineno, "malformed sample: failed to parse as hex 64-bit number");
      return false;
    }
  }
  if (s->too_long) {
    fail(&c->lp, s->lineno + 1, "bufio.Scanner: token too long");
    return false;
  }
  if (same) c->addrs.n = 0;
  return true;
}

static legacy_status parse_thread(ctx *c, const unsigned char *d, size_t n) {
  lprof *lp = &c->lp;
  scanner s;
  scan_init(&s, d, n);
  legacy_status st = LEGACY_UNRECOGNIZED;
  u64map by;
  u64map_init(&by, 64);
  while (scan(&s) && is_space_or_comment(s.tok)) {
  }
  if (match(c, RE_THREADZ_START, s.tok) > 0) {
    while (scan(&s))
      if (is_map_sentinel(s.tok) || s.tok[0] == '-') break;
  } else if (match(c, RE_THREAD_START, s.tok) != 4) {
    goto out;
  }
  static const char *const thread_types[] = {"thread", "count"};
  set_types(lp, 1, thread_types);
  lp->pt[0] = "thread", lp->pt[1] = "count";
  lp->period = 1;
  st = LEGACY_MALFORMED;
  while (!is_map_sentinel(s.tok)) {
    if (has_prefix(s.tok, "---- no stack trace for")) {
      s.tok[0] = 0, s.len = 0;
      break;
    }
    if (match(c, RE_THREAD_START, s.tok) != 4) {
      st = LEGACY_UNRECOGNIZED;
      goto out;
    }
    if (!thread_sample(c, &s)) goto out;
    if (c->addrs.n == 0) {
      if (lp->nsamples > 0) lp->samples[lp->nsamples - 1].v[0]++;
      continue;
    }
    lsample *smp = new_sample(lp);
    smp->nv = 1, smp->v[0] = 1;
    push_addrs(lp, &by, smp, &c->addrs, 1);
  }
  st = parse_additional(c, &s) ? LEGACY_OK : LEGACY_MALFORMED;
  if (st == LEGACY_OK) cleanup_duplicate_locations(lp);
out:
  u64map_free(&by);
  free(s.tok);
  return st;
}

static legacy_status parse_contention(ctx *c, const unsigned char *d, size_t n) {
  lprof *lp = &c->lp;
  scanner s;
  scan_init(&s, d, n);
  legacy_status st = LEGACY_UNRECOGNIZED;
  u64map by;
  u64map_init(&by, 64);
  if (!scan(&s)) goto out;
  if (!has_prefix(s.tok, "--- contentionz ") && !has_prefix(s.tok, "--- mutex:") &&
      !has_prefix(s.tok, "--- contention:"))
    goto out;
  static const char *const cont_types[] = {"contentions", "count", "delay", "nanoseconds"};
  set_types(lp, 2, cont_types);
  lp->pt[0] = "contentions", lp->pt[1] = "count";
  lp->period = 1;
  int64_t cpu_hz = 0;
  while (scan(&s)) {
    const char *l = s.tok;
    size_t ln = s.len;
    trim(&l, &ln);
    if (ln == 0 || l[0] == '#') continue;
    if (ln >= 3 && !memcmp(l, "---", 3)) break;
    const char *eq = memchr(l, '=', ln);
    if (!eq) break;
    const char *k = l, *v = eq + 1;
    size_t kn = (size_t)(eq - l), vn = ln - kn - 1;
    trim(&k, &kn), trim(&v, &vn);
#define KEY(lit) (kn == strlen(lit) && !memcmp(k, lit, kn))
    if (KEY("cycles/second")) {
      if (!parse_i64(v, vn, 0, &cpu_hz)) goto out;
    } else if (KEY("sampling period")) {
      if (!parse_i64(v, vn, 0, &lp->period)) goto out;
    } else if (KEY("ms since reset")) {
      int64_t ms;
      if (!parse_i64(v, vn, 0, &ms)) goto out;
      lp->duration = i64_mul(ms, 1000 * 1000);
    } else if (!KEY("discarded samples")) {
      goto out; /* format, resolution (Java's) and anything else */
    }
#undef KEY
  }
  st = LEGACY_MALFORMED;
  if (s.too_long) {
    fail(lp, s.lineno + 1, "bufio.Scanner: token too long");
    goto out;
  }
  for (;;) {
    const char *l = s.tok;
    size_t ln = s.len;
    trim(&l, &ln);
    if (ln >= 3 && !memcmp(l, "---", 3)) break;
    if (ln != 0 && l[0] != '#') {
      char *line = xstrndup(l, ln);
      if (match(c, RE_CONTENTION_SAMPLE, line) < 0) {
        fail(lp, s.lineno, "unrecognized contention sample: %s", line);
        free(line);
        goto out;
      }
      size_t n1, n2, an;
      const char *p1 = gptr(c, 1, &n1), *p2 = gptr(c, 2, &n2), *ap = gptr(c, 3, &an);
      int64_t v1, v2;
      if (!parse_i64(p1, n1, 10, &v1) || !parse_i64(p2, n2, 10, &v2)) {
        fail(lp, s.lineno, "malformed sample: %s: value out of range", line);
        free(line);
        goto out;
      }
      if (lp->period > 0) {
        if (cpu_hz > 0) {
          double ghz = (double)cpu_hz / 1e9;
          v1 = i64_from_double((double)v1 * (double)lp->period / ghz);
        }
        v2 = i64_mul(v2, lp->period);
      }
      lsample *smp = new_sample(lp);
      smp->nv = 2, smp->v[0] = v2, smp->v[1] = v1;
      if (!hex_addresses(&c->addrs, ap, an)) {
        fail(lp, s.lineno, "malformed sample: %s: failed to parse as hex 64-bit number", line);
        free(line);
        goto out;
      }
      push_addrs(lp, &by, smp, &c->addrs, 0);
      free(line);
    }
    if (!scan(&s)) break;
  }
  if (s.too_long) {
    fail(lp, s.lineno + 1, "bufio.Scanner: token too long");
    goto out;
  }
  st = parse_additional(c, &s) ? LEGACY_OK : LEGACY_MALFORMED;
out:
  u64map_free(&by);
  free(s.tok);
  return st;
}

/* ---- Java ---- */

/* parseJavaLocations, then Aggregate(true, true, true, true, false). */
static legacy_status java_locations(ctx *c, const unsigned char *d, size_t n, u64map *by) {
  lprof *lp = &c->lp;
  u64map fnidx; /* hash of name -> function index */
  u64map_init(&fnidx, 64);
  size_t pos = 0;
  while (pos < n) {
    const unsigned char *p = d + pos, *nl = memchr(p, '\n', n - pos);
    size_t len = nl ? (size_t)(nl - p) : n - pos;
    pos += len + (nl != NULL);
    const char *l = (const char *)p;
    trim(&l, &len);
    if (len == 0) continue;
    char *line = xstrndup(l, len);
    if (match(c, RE_JAVA_LOC, line) != 3) {
      free(line);
      continue;
    }
    size_t an;
    const char *ap = gptr(c, 1, &an);
    uint64_t addr;
    if (!parse_u64(ap, an, 16, &addr)) {
      fail(lp, 0, "parsing sample %s: value out of range", line);
      free(line);
      u64map_free(&fnidx);
      return LEGACY_MALFORMED;
    }
    uint32_t li = u64map_get(by, addr);
    if (li == TPROF_NONE) {
      free(line);
      continue;
    }
    char *rest = group(c, 2), *fname, *ffile;
    int64_t lineno = 0;
    if (match(c, RE_JAVA_FILE_LINE, rest) == 4) {
      fname = group(c, 1), ffile = group(c, 2);
      size_t nn;
      const char *np = gptr(c, 3, &nn);
      int64_t v;
      if (parse_i64(np, nn, 10, &v) && v > 0) lineno = v;
    } else if (match(c, RE_JAVA_PATH, rest) == 3) {
      fname = group(c, 1);
      char *pth = group(c, 2);
      ffile = path_base(pth);
      free(pth);
    } else if (strstr(rest, "generated stub/JIT")) {
      fname = xstrdup("STUB"), ffile = xstrdup("");
    } else {
      fname = xstrdup(rest), ffile = xstrdup("");
    }
    free(rest);
    free(line);
    uint64_t h = hash_bytes(fname, strlen(fname), 0);
    uint32_t fi = u64map_get(&fnidx, h);
    while (fi != TPROF_NONE && strcmp(lp->funcs[fi].name, fname) != 0) {
      /* a hash collision: probe the next key */
      h = hash64(h + 1);
      fi = u64map_get(&fnidx, h);
    }
    if (fi == TPROF_NONE) {
      XGROW(lp->funcs, lp->funcs_cap, lp->nfuncs + 1);
      fi = (uint32_t)lp->nfuncs;
      lp->funcs[lp->nfuncs++] = (lfunc){fname, ffile, 0};
      u64map_put(&fnidx, h, fi);
    } else {
      free(fname), free(ffile);
    }
    lp->locs[li].func = fi;
    lp->locs[li].line = lineno;
    lp->locs[li].addr = 0;
  }
  u64map_free(&fnidx);
  remap_locations(lp);
  remap_functions(lp);
  remap_mappings(lp);
  for (size_t i = 0; i < lp->nlocs; i++) lp->locs[i].addr = 0;
  return LEGACY_OK;
}

static legacy_status parse_java(ctx *c, const unsigned char *d, size_t n) {
  lprof *lp = &c->lp;
  const unsigned char *nl = memchr(d, '\n', n);
  if (!nl) return LEGACY_UNRECOGNIZED;
  const char *h = (const char *)d;
  size_t hn = (size_t)(nl - d);
  trim(&h, &hn);
  bool heap;
#define IS(lit) (hn == strlen(lit) && !memcmp(h, lit, hn))
  if (IS("--- heapz 1 ---")) heap = true;
  else if (IS("--- contentionz 1 ---")) heap = false;
  else return LEGACY_UNRECOGNIZED;
#undef IS
  lp->pt[0] = lp->pt[1] = "";
  const unsigned char *b = nl + 1, *e = d + n;
  /* parseJavaHeader */
  while ((nl = memchr(b, '\n', (size_t)(e - b)))) {
    const char *l = (const char *)b;
    size_t ln = (size_t)(nl - b);
    trim(&l, &ln);
    if (ln) {
      char *line = xstrndup(l, ln);
      if (match(c, RE_ATTRIBUTE, line) < 0) {
        free(line);
        break;
      }
      size_t kn, vn;
      const char *k = gptr(c, 1, &kn), *v = gptr(c, 2, &vn);
      trim(&k, &kn), trim(&v, &vn);
      const char *val = own(lp, xstrndup(v, vn));
#define KEY(lit) (kn == strlen(lit) && !memcmp(k, lit, kn))
      bool ok = true;
      if (KEY("format")) {
        ok = strcmp(val, "java") == 0;
      } else if (KEY("resolution")) {
        lp->nst = 2;
        lp->st[0][0] = heap ? "inuse_objects" : "contentions", lp->st[0][1] = "count";
        lp->st[1][0] = heap ? "inuse_space" : "delay", lp->st[1][1] = val;
      } else if (!heap && KEY("sampling period")) {
        lp->pt[0] = "contentions", lp->pt[1] = "count";
        if (!parse_i64(v, vn, 0, &lp->period)) {
          fail(lp, 0, "failed to parse attribute %s", line);
          free(line);
          return LEGACY_MALFORMED;
        }
      } else if (!heap && KEY("ms since reset")) {
        int64_t ms;
        if (!parse_i64(v, vn, 0, &ms)) {
          fail(lp, 0, "failed to parse attribute %s", line);
          free(line);
          return LEGACY_MALFORMED;
        }
        lp->duration = i64_mul(ms, 1000 * 1000);
      } else {
        ok = false;
      }
#undef KEY
      free(line);
      if (!ok) return LEGACY_UNRECOGNIZED;
    }
    b = nl + 1;
  }
  /* parseJavaSamples */
  u64map by;
  u64map_init(&by, 64);
  while ((nl = memchr(b, '\n', (size_t)(e - b)))) {
    const char *l = (const char *)b;
    size_t ln = (size_t)(nl - b);
    trim(&l, &ln);
    if (ln) {
      char *line = xstrndup(l, ln);
      if (match(c, RE_JAVA_SAMPLE, line) < 0) {
        free(line);
        break;
      }
      size_t n1, n2, an;
      const char *p2 = gptr(c, 1, &n2), *p1 = gptr(c, 2, &n1), *ap = gptr(c, 3, &an);
      lsample *smp = new_sample(lp);
      smp->nv = 2;
      bool ok = hex_addresses(&c->addrs, ap, an);
      push_addrs(lp, &by, smp, &c->addrs, SIZE_MAX);
      if (ok && (!parse_i64(p1, n1, 0, &smp->v[0]) || !parse_i64(p2, n2, 0, &smp->v[1]))) ok = false;
      if (!ok) {
        fail(lp, 0, "malformed sample: %s", line);
        free(line);
        u64map_free(&by);
        return LEGACY_MALFORMED;
      }
      if (heap) {
        if (smp->v[0] == 0) {
          fail(lp, 0, "parsing sample %s: second value must be non-zero", line);
          free(line);
          u64map_free(&by);
          return LEGACY_MALFORMED;
        }
        smp->has_bytes = true;
        smp->bytes = i64_div(smp->v[1], smp->v[0]);
        scale_heap(&smp->v[0], &smp->v[1], 524288);
      } else if (lp->period != 0) {
        smp->v[0] = i64_mul(smp->v[0], lp->period);
        smp->v[1] = i64_mul(smp->v[1], lp->period);
      }
      free(line);
    }
    b = nl + 1;
  }
  legacy_status st = java_locations(c, b, (size_t)(e - b), &by);
  u64map_free(&by);
  return st;
}

/* ---- addLegacyFrameInfo, CheckValid, and the encoding ---- */

static const char alloc_rx[] =
    "calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|pvalloc|valloc|realloc|"
    "tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign|tc_posix_memalign|tc_pvalloc|"
    "tc_valloc|tc_realloc|tc_new|tc_delete|tc_newarray|tc_deletearray|tc_new_nothrow|"
    "tc_newarray_nothrow|malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|"
    "malloc_zone_realloc|malloc_zone_memalign|malloc_zone_free|runtime\\..*|BaseArena::.*|"
    "(::)?do_malloc_no_errno|(::)?do_malloc_pages|(::)?do_malloc|DoSampledAllocation|"
    "MallocedMemBlock::MallocedMemBlock|_M_allocate|__builtin_(vec_)?delete|"
    "__builtin_(vec_)?new|__gnu_cxx::new_allocator::allocate|__libc_malloc|"
    "__malloc_alloc_template::allocate|allocate|cpp_alloc|operator new(\\[\\])?|"
    "simple_alloc::allocate";
static const char alloc_skip_rx[] = "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";
static const char cpu_rx[] =
    "ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|__pthread_sighandler|__restore";
static const char lock_rx[] =
    "RecordLockProfileData|(base::)?RecordLockProfileData.*|(base::)?SubmitMutexProfileData.*|"
    "(base::)?SubmitSpinLockProfileData.*|(base::Mutex::)?AwaitCommon.*|(base::Mutex::)?Unlock.*|"
    "(base::Mutex::)?UnlockSlow.*|(base::Mutex::)?ReaderUnlock.*|(base::MutexLock::)?~MutexLock.*|"
    "(Mutex::)?AwaitCommon.*|(Mutex::)?Unlock.*|(Mutex::)?UnlockSlow.*|(Mutex::)?ReaderUnlock.*|"
    "(MutexLock::)?~MutexLock.*|(SpinLock::)?Unlock.*|(SpinLock::)?SlowUnlock.*|"
    "(SpinLockHolder::)?~SpinLockHolder.*";

static bool types_are(const lprof *lp, const char *list) {
  /* list: space-separated type names */
  size_t i = 0;
  const char *p = list;
  while (*p) {
    const char *q = strchr(p, ' ');
    size_t n = q ? (size_t)(q - p) : strlen(p);
    if (i >= lp->nst || strlen(lp->st[i][0]) != n || memcmp(lp->st[i][0], p, n) != 0) return false;
    i++;
    p += n + (q != NULL);
  }
  return i == lp->nst;
}

static void frame_info(lprof *lp) {
  static const char *const heapz[] = {"allocations size", "objects space", "inuse_objects inuse_space",
                                      "alloc_objects alloc_space",
                                      "alloc_objects alloc_space inuse_objects inuse_space"};
  for (size_t i = 0; i < sizeof heapz / sizeof *heapz; i++)
    if (types_are(lp, heapz[i])) {
      lp->drop = alloc_rx, lp->keep = alloc_skip_rx;
      return;
    }
  if (types_are(lp, "contentions delay")) lp->drop = lock_rx, lp->keep = "";
  else lp->drop = cpu_rx, lp->keep = "";
}

static bool check_valid(lprof *lp) {
  if (lp->nst == 0 && lp->nsamples != 0) {
    fail(lp, 0, "malformed profile: missing sample type information");
    return false;
  }
  for (size_t i = 0; i < lp->nsamples; i++)
    if (lp->samples[i].nv != lp->nst) {
      fail(lp, 0, "malformed profile: mismatch: sample has %u values vs. %zu types", lp->samples[i].nv, lp->nst);
      return false;
    }
  return true;
}

typedef struct enc {
  strbuf *out;
  const char **strs;
  size_t nstrs, cap;
  u64map idx;
} enc;

static void pb_varint(strbuf *b, uint64_t v) {
  while (v >= 0x80) sb_addc(b, (char)(v | 0x80)), v >>= 7;
  sb_addc(b, (char)v);
}
static void pb_uint(strbuf *b, unsigned f, uint64_t v) {
  if (!v) return;
  pb_varint(b, (uint64_t)f << 3);
  pb_varint(b, v);
}
static void pb_bytes(strbuf *b, unsigned f, const void *p, size_t n) {
  pb_varint(b, (uint64_t)f << 3 | 2);
  pb_varint(b, n);
  sb_add(b, p, n);
}
static void pb_msg(strbuf *b, unsigned f, strbuf *m) {
  pb_bytes(b, f, m->len ? sb_str(m) : "", m->len);
  sb_reset(m);
}

static int64_t str_id(enc *e, const char *s) {
  uint64_t h = hash_bytes(s, strlen(s), 7);
  uint32_t i = u64map_get(&e->idx, h);
  if (i != TPROF_NONE && strcmp(e->strs[i], s) == 0) return i;
  XGROW(e->strs, e->cap, e->nstrs + 1);
  e->strs[e->nstrs] = s;
  if (i == TPROF_NONE) u64map_put(&e->idx, h, (uint32_t)e->nstrs);
  return (int64_t)e->nstrs++;
}

static void encode(lprof *lp, strbuf *out) {
  enc e = {out, NULL, 0, 0, {0}};
  u64map_init(&e.idx, 256);
  str_id(&e, "");
  strbuf m = STRBUF_INIT, sub = STRBUF_INIT;
  for (size_t i = 0; i < lp->nst; i++) {
    pb_uint(&m, 1, (uint64_t)str_id(&e, lp->st[i][0]));
    pb_uint(&m, 2, (uint64_t)str_id(&e, lp->st[i][1]));
    pb_msg(out, 1, &m);
  }
  int64_t bytes_key = str_id(&e, "bytes");
  for (size_t i = 0; i < lp->nsamples; i++) {
    lsample *s = &lp->samples[i];
    for (uint32_t j = 0; j < s->n; j++) pb_varint(&sub, lp->locs[lp->stk[s->off + j]].id);
    pb_msg(&m, 1, &sub);
    for (uint32_t j = 0; j < s->nv; j++) pb_varint(&sub, (uint64_t)s->v[j]);
    pb_msg(&m, 2, &sub);
    if (s->has_bytes) {
      pb_uint(&sub, 1, (uint64_t)bytes_key);
      pb_uint(&sub, 3, (uint64_t)s->bytes);
      pb_msg(&m, 3, &sub);
    }
    pb_msg(out, 2, &m);
  }
  for (size_t i = 0; i < lp->nmaps; i++) {
    lmap *mp = &lp->maps[i];
    pb_uint(&m, 1, mp->id);
    pb_uint(&m, 2, mp->start);
    pb_uint(&m, 3, mp->limit);
    pb_uint(&m, 4, mp->offset);
    pb_uint(&m, 5, (uint64_t)str_id(&e, mp->file));
    pb_uint(&m, 6, (uint64_t)str_id(&e, mp->build_id));
    pb_msg(out, 3, &m);
  }
  for (size_t i = 0; i < lp->nlocs; i++) {
    lloc *l = &lp->locs[i];
    pb_uint(&m, 1, l->id);
    if (l->map != TPROF_NONE) pb_uint(&m, 2, lp->maps[l->map].id);
    pb_uint(&m, 3, l->addr);
    if (l->func != TPROF_NONE) {
      pb_uint(&sub, 1, lp->funcs[l->func].id);
      pb_uint(&sub, 2, (uint64_t)l->line);
      pb_msg(&m, 4, &sub);
    }
    pb_msg(out, 4, &m);
  }
  for (size_t i = 0; i < lp->nfuncs; i++) {
    lfunc *f = &lp->funcs[i];
    pb_uint(&m, 1, f->id);
    pb_uint(&m, 2, (uint64_t)str_id(&e, f->name));
    pb_uint(&m, 3, (uint64_t)str_id(&e, f->name));
    pb_uint(&m, 4, (uint64_t)str_id(&e, f->file));
    pb_msg(out, 5, &m);
  }
  int64_t drop = str_id(&e, lp->drop ? lp->drop : ""), keep = str_id(&e, lp->keep ? lp->keep : "");
  int64_t ptt = str_id(&e, lp->pt[0] ? lp->pt[0] : ""), ptu = str_id(&e, lp->pt[1] ? lp->pt[1] : "");
  for (size_t i = 0; i < e.nstrs; i++) pb_bytes(out, 6, e.strs[i], strlen(e.strs[i]));
  pb_uint(out, 7, (uint64_t)drop);
  pb_uint(out, 8, (uint64_t)keep);
  pb_uint(out, 10, (uint64_t)lp->duration);
  if (ptt || ptu) {
    pb_uint(&m, 1, (uint64_t)ptt);
    pb_uint(&m, 2, (uint64_t)ptu);
    pb_msg(out, 11, &m);
  }
  pb_uint(out, 12, (uint64_t)lp->period);
  sb_free(&m), sb_free(&sub);
  free(e.strs);
  u64map_free(&e.idx);
}

static void lprof_reset(lprof *lp) {
  for (size_t i = 0; i < lp->nmaps; i++) free_map(&lp->maps[i]);
  for (size_t i = 0; i < lp->nfuncs; i++) free(lp->funcs[i].name), free(lp->funcs[i].file);
  for (size_t i = 0; i < lp->nowned; i++) free(lp->owned[i]);
  free(lp->maps), free(lp->funcs), free(lp->locs), free(lp->samples), free(lp->stk), free(lp->owned);
  char *err = lp->err;
  memset(lp, 0, sizeof *lp);
  lp->err = err;
}

legacy_status legacy_parse(const unsigned char *data, size_t n, bool binary_only, const core_env *env, strbuf *out,
                           char **err) {
  static legacy_status (*const parsers[])(ctx *, const unsigned char *, size_t) = {
      parse_cpu, parse_heap, parse_go_count, parse_thread, parse_contention, parse_java};
  ctx c;
  memset(&c, 0, sizeof c);
  for (int i = 0; i < RE_N; i++) {
    char *e = NULL;
    c.re[i] = regex_compile_env(patterns[i], env, &e);
    if (!c.re[i]) xfatal("legacy: bad pattern %d: %s", i, e ? e : "?");
  }
  legacy_status st = LEGACY_UNRECOGNIZED;
  size_t nparsers = binary_only ? 1 : sizeof parsers / sizeof *parsers;
  for (size_t i = 0; i < nparsers; i++) {
    st = parsers[i](&c, data, n);
    if (st == LEGACY_OK) {
      frame_info(&c.lp);
      if (!check_valid(&c.lp)) st = LEGACY_MALFORMED;
      else encode(&c.lp, out);
    }
    if (st != LEGACY_UNRECOGNIZED) break;
    lprof_reset(&c.lp);
    free(c.lp.err), c.lp.err = NULL;
  }
  if (st == LEGACY_MALFORMED) *err = c.lp.err ? c.lp.err : xstrdup("malformed profile format");
  else free(c.lp.err);
  c.lp.err = NULL;
  lprof_reset(&c.lp);
  for (int i = 0; i < RE_N; i++) regex_free(c.re[i]);
  free(c.addrs.v);
  return st;
}
