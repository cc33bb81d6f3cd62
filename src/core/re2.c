/*
 * re2.c: Go's regular expression syntax, checked and translated to PCRE2.
 *
 * pprof compiles every user regexp (focus, ignore, hide, show, show_from,
 * prune_from, the tag filters, list/peek/disasm arguments) with Go's regexp
 * package, whose syntax is RE2's. PCRE2 accepts far more (lookarounds,
 * backreferences, possessive and atomic forms, \C, (?<name>...)), words its
 * errors its own way, and gives some shared spellings another meaning: \s
 * includes \v, $ matches before a final newline, a{,3} is a quantifier in
 * recent versions, \p{Greek} means Script_Extensions, (?i) leaves \p{Lu}
 * alone. Handing a pattern to PCRE2 as is therefore accepts what pprof
 * rejects, reports errors pprof never prints, and matches other names.
 *
 * So this file walks the pattern the way Go's regexp/syntax parser does
 * (parse.go, Go 1.19, with the Perl flags regexp.Compile uses): the same
 * scan, the same parse stack shape, the same order of checks, so that the
 * first error found and the substring quoted in it are Go's. On success it
 * has written an equivalent PCRE2 pattern in which nothing is left to
 * PCRE2's defaults: ^ and $ become \A, \z or lookarounds, . becomes [^\n] or
 * (?s:.), Perl and POSIX classes become code-point ranges (already folded
 * under (?i), as Go folds them), \p{Script} becomes \p{sc:Script},
 * greediness is written on each quantifier, (?i) is carried by PCRE2 inline
 * options kept in step with Go's flags, and literals are escaped. The
 * pattern is compiled with PCRE2_NO_AUTO_CAPTURE: a plain "(" groups
 * without capturing (PCRE2 nests those about four times deeper than "(?:"),
 * and Go's captures become named groups, numbered as Go numbers them.
 *
 * Go also caps the parse tree's height (1000) and its compiled size. Those
 * checks run on a model of Go's tree that follows literal merging,
 * concatenation and alternation flattening and single-character
 * alternation merging, but not the common-prefix factoring of alternations
 * or the single-rune class to literal rewrite, so a pattern at the very edge
 * of a limit may be judged differently. Go's limit on the total size of
 * character classes is not modelled.
 */
#include "tprof/re2.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/gofmt.h"
#include "tprof/util.h"

/* Go's error codes (regexp/syntax ErrorCode). */
#define ERR_INTERNAL "regexp/syntax: internal error"
#define ERR_CHAR_RANGE "invalid character class range"
#define ERR_ESCAPE "invalid escape sequence"
#define ERR_NAMED_CAPTURE "invalid named capture"
#define ERR_PERL_OP "invalid or unsupported Perl syntax"
#define ERR_REPEAT_OP "invalid nested repetition operator"
#define ERR_REPEAT_SIZE "invalid repeat count"
#define ERR_UTF8 "invalid UTF-8"
#define ERR_MISSING_BRACKET "missing closing ]"
#define ERR_MISSING_PAREN "missing closing )"
#define ERR_MISSING_REPEAT "missing argument to repetition operator"
#define ERR_TRAILING_BACKSLASH "trailing backslash at end of expression"
#define ERR_UNEXPECTED_PAREN "unexpected )"
#define ERR_NESTING "expression nests too deeply"

#define MAX_HEIGHT 1000                        /* Go's maxHeight */
#define MAX_SIZE ((int64_t)(128 << 20) / 40)   /* Go's maxSize, in instructions */
#define MAX_REPEAT 1000                        /* largest {n,m}, and product of nested ones */
#define MAX_RUNE 0x10ffff

/* Go's parse flags that change meaning (ClassNL, PerlX and UnicodeGroups are always on). */
enum { F_FOLD = 1, F_DOTNL = 2, F_ONELINE = 4, F_NONGREEDY = 8, F_ALL = 15 };

/* Go's Op, as far as merging and the limits need to tell them apart. */
enum { N_LIT, N_CLASS, N_EMPTYWIDTH, N_EMPTY, N_CAPTURE, N_STAR, N_PLUS, N_QUEST, N_REPEAT, N_CONCAT, N_ALT };

/* One node of Go's parse stack, summarised, with where its PCRE2 text starts. */
typedef struct node {
  uint8_t op;
  bool fold;     /* N_LIT: under (?i), for literal merging */
  bool single;   /* N_LIT of one rune: a "char class" for alternation merging */
  bool atom;     /* its PCRE2 text takes a quantifier as it stands */
  bool pfold;    /* PCRE2's caseless option where its text starts */
  int32_t nsub;  /* N_CONCAT, N_ALT: children */
  int32_t rmin, rmax; /* N_REPEAT: counts (max -1 for none) */
  int32_t height;
  int64_t size;  /* Go's calcSize */
  int64_t reps;  /* largest product of repeat counts on a path down (repeatIsValid) */
  size_t out;    /* offset of its PCRE2 text in the output */
} node;

/* An open group (or the whole pattern): Go's opLeftParen and what follows. */
typedef struct frame {
  size_t base;   /* its first item; items[base, base+nalt) are finished alternatives */
  size_t nalt;
  size_t out;    /* offset of its "(" in the output */
  uint8_t flags; /* Go flags to restore at ")" */
  bool pfold;    /* PCRE2 caseless state to restore at ")" */
  bool capture;
  bool bar;      /* has a | of its own */
} frame;

typedef struct parser {
  const char *whole;
  uint8_t flags; /* Go's flags now */
  bool pfold;    /* PCRE2's caseless option at the end of the output */
  strbuf out;
  node *items;
  size_t nitems, capitems;
  int ncap; /* captures so far */
  frame *frames;
  size_t nframes, capframes;
  int64_t nalloc, nfree; /* Go's numRegexp and free-list length */
  int64_t repeats;       /* Go's product of repeat counts, until size tracking starts */
  bool track_size;
  char *err;
} parser;

/* A character class being built: a union of PCRE2 class items, plus terms
 * that are complements of a union (only (?i) with a negated \p that Go
 * folds needs them), and the class's own negation. */
typedef struct cls {
  bool neg;
  strbuf pos;   /* items of the union, PCRE2 class syntax */
  strbuf terms; /* "|[^...]" each, or "(?=[...])" each when neg */
  int nterms;
} cls;

typedef struct re2_utable {
  const char *name;
  bool script;
  const uint32_t *fold; /* extra code points under (?i), lo/hi pairs */
  size_t nfold;
} re2_utable;

#include "re2_tables.inc"

/* ---- errors and UTF-8 ---- */

static bool fail(parser *p, const char *code, const char *expr, size_t n) {
  if (!p->err) p->err = xasprintf("error parsing regexp: %s: `%.*s`", code, (int)n, expr);
  return false;
}

/* Go's nextRune: the rune at t and its length; 0 at the end (rune U+FFFD);
 * -1 and Go's error (quoting the rest of t) on invalid UTF-8. */
static int next_rune(parser *p, const char *t, uint32_t *c) {
  if (!*t) {
    *c = 0xfffd;
    return 0;
  }
  int n = go_utf8_rune((const unsigned char *)t, c);
  if (n == 0) {
    fail(p, ERR_UTF8, t, strlen(t));
    return -1;
  }
  return n;
}

/* Go's checkUTF8 over s[0..n). */
static bool check_utf8(parser *p, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c;
    int k = go_utf8_rune((const unsigned char *)s + i, &c);
    if (k == 0) return fail(p, ERR_UTF8, s + i, n - i);
    i += (size_t)k;
  }
  return true;
}

static bool is_alnum(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

static int unhex(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

/* ---- PCRE2 output ---- */

/* A code point as PCRE2 reads it literally, in or out of a class. */
static void emit_rune(strbuf *sb, uint32_t r) {
  if (is_alnum(r))
    sb_addc(sb, (char)r);
  else if (r > 0x20 && r < 0x7f)
    sb_printf(sb, "\\%c", (char)r);
  else
    sb_printf(sb, "\\x{%x}", (unsigned)r);
}

/* Keep PCRE2's caseless option in step with Go's FoldCase before an atom
 * whose meaning depends on it. */
static void sync_fold(parser *p) {
  bool want = (p->flags & F_FOLD) != 0;
  if (want != p->pfold) {
    sb_adds(&p->out, want ? "(?i)" : "(?-i)");
    p->pfold = want;
  }
}

/* Make the output from `at` on a single atom a quantifier can follow;
 * pfold is PCRE2's caseless option at `at`, which the group restores. */
static void wrap(parser *p, size_t at, bool pfold) {
  strbuf *o = &p->out;
  sb_addc(o, '(');
  memmove(o->s + at + 1, o->s + at, o->len - 1 - at);
  o->s[at] = '(';
  sb_addc(o, ')');
  p->pfold = pfold;
}

/* ---- Go's parse stack ---- */

/* Go's newRegexp and reuse, counted: numRegexp gates the size check. */
static void tree_new(parser *p) {
  if (p->nfree > 0)
    p->nfree--;
  else
    p->nalloc++;
}

static void tree_reuse(parser *p) { p->nfree++; }

static frame *top_frame(parser *p) { return &p->frames[p->nframes - 1]; }

/* Index of the first item of the concatenation being parsed. */
static size_t concat_start(parser *p) {
  frame *f = top_frame(p);
  return f->base + f->nalt;
}

static int64_t sat_mul(int64_t a, int64_t b) {
  if (a > MAX_REPEAT || b > MAX_REPEAT) return MAX_REPEAT + 1;
  int64_t r = a * b;
  return r > MAX_REPEAT ? MAX_REPEAT + 1 : r;
}

/* Go's checkSize and checkHeight for a node just pushed or built. Go runs
 * them again each time a node is pushed again (a group's only item, say),
 * and its product of repeat counts grows each time: so does this one. */
static bool check_limits(parser *p, const node *n) {
  if (!p->track_size) {
    if (p->repeats == 0) p->repeats = 1;
    if (n->op == N_REPEAT) {
      int64_t k = n->rmax == -1 ? n->rmin : n->rmax;
      if (k <= 0) k = 1;
      if (k > MAX_SIZE / p->repeats)
        p->repeats = MAX_SIZE;
      else
        p->repeats *= k;
    }
    if (p->nalloc >= MAX_SIZE / p->repeats) {
      p->track_size = true;
      for (size_t i = 0; i < p->nitems; i++)
        if (p->items[i].size > MAX_SIZE) return fail(p, ERR_INTERNAL, p->whole, strlen(p->whole));
    }
  }
  if (p->track_size && n->size > MAX_SIZE) return fail(p, ERR_INTERNAL, p->whole, strlen(p->whole));
  if (n->height > MAX_HEIGHT) return fail(p, ERR_NESTING, p->whole, strlen(p->whole));
  return true;
}

/* Go's maybeConcat(-1): merge the top two items if both are literals with
 * the same case folding. */
static void maybe_concat(parser *p) {
  size_t n = p->nitems;
  if (n < concat_start(p) + 2) return;
  node *a = &p->items[n - 2], *b = &p->items[n - 1];
  if (a->op != N_LIT || b->op != N_LIT || a->fold != b->fold) return;
  a->size += b->size;
  a->single = false;
  a->atom = false;
  p->nitems--;
  tree_reuse(p);
}

/* Go's push. */
static bool push(parser *p, node n) {
  maybe_concat(p);
  XGROW(p->items, p->capitems, p->nitems + 1);
  p->items[p->nitems++] = n;
  return check_limits(p, &n);
}

/* Go's push of a pseudo-operator ( or |, which only merges and counts. */
static bool push_pseudo(parser *p) {
  maybe_concat(p);
  tree_new(p);
  node n = {.op = N_EMPTY, .height = 1, .size = 1, .reps = 1};
  return check_limits(p, &n);
}

static node leaf(parser *p, uint8_t op) {
  node n = {.op = op, .atom = true, .pfold = p->pfold, .height = 1, .size = 1, .reps = 1, .out = p->out.len};
  return n;
}

static bool is_char_class(const node *n) { return n->op == N_CLASS || (n->op == N_LIT && n->single); }

/* Go's literal(r). */
static bool literal(parser *p, uint32_t r) {
  tree_new(p);
  sync_fold(p);
  node n = leaf(p, N_LIT);
  n.fold = (p->flags & F_FOLD) != 0;
  n.single = true;
  if (r >= 0xd800 && r <= 0xdfff) {
    /* A surrogate never decodes from UTF-8, so Go's literal never matches. */
    sb_adds(&p->out, "(?!)");
    n.atom = false;
  } else {
    emit_rune(&p->out, r);
  }
  return push(p, n);
}

/* Go's op() for the zero-width assertions, as PCRE2 text. */
static bool empty_width(parser *p, const char *pcre) {
  tree_new(p);
  node n = leaf(p, N_EMPTYWIDTH);
  n.atom = false;
  sb_adds(&p->out, pcre);
  return push(p, n);
}

static bool open_group(parser *p, bool capture) {
  if (!push_pseudo(p)) return false;
  XGROW(p->frames, p->capframes, p->nframes + 1);
  frame f = {p->nitems, 0, p->out.len, p->flags, p->pfold, capture, false};
  p->frames[p->nframes++] = f;
  if (capture)
    sb_printf(&p->out, "(?<g%d>", ++p->ncap);
  else
    sb_addc(&p->out, '(');
  return true;
}

/* Go's concat(): the current concatenation becomes one item. */
static bool concat(parser *p) {
  maybe_concat(p);
  size_t lo = concat_start(p), k = p->nitems - lo;
  node n;
  if (k == 0) {
    tree_new(p);
    n = leaf(p, N_EMPTY);
    n.atom = false; /* no text */
  } else if (k == 1) {
    n = p->items[lo];
  } else {
    tree_new(p);
    n = leaf(p, N_CONCAT);
    n.out = p->items[lo].out;
    n.pfold = p->items[lo].pfold;
    n.atom = false;
    int32_t hmax = 0;
    n.size = 0;
    for (size_t i = lo; i < p->nitems; i++) {
      const node *c = &p->items[i];
      int32_t h = c->height;
      if (c->op == N_CONCAT) { /* hoisted */
        n.nsub += c->nsub;
        h--;
        tree_reuse(p);
      } else {
        n.nsub++;
      }
      if (h > hmax) hmax = h;
      n.size += c->size;
      if (c->reps > n.reps) n.reps = c->reps;
    }
    n.height = 1 + hmax;
  }
  p->nitems = lo;
  return push(p, n);
}

/* Go's swapVerticalBar for the concatenation just made: it becomes the next
 * alternative, merged into the previous one when both are single characters
 * or classes. */
static void add_alternative(parser *p) {
  frame *f = top_frame(p);
  if (f->nalt > 0) {
    node *prev = &p->items[f->base + f->nalt - 1], *cur = &p->items[p->nitems - 1];
    if (is_char_class(prev) && is_char_class(cur)) {
      prev->op = N_CLASS;
      prev->single = false;
      prev->size = 1;
      p->nitems--;
      tree_reuse(p);
      return;
    }
  }
  f->nalt++;
}

/* Go's parseVerticalBar. */
static bool vertical_bar(parser *p) {
  if (!concat(p)) return false;
  bool first = top_frame(p)->nalt == 0;
  top_frame(p)->bar = true;
  add_alternative(p);
  if (first && !push_pseudo(p)) return false;
  sb_addc(&p->out, '|');
  return true;
}

/* Go's alternate(): the frame's alternatives become one item. */
static bool alternate(parser *p) {
  frame *f = top_frame(p);
  size_t lo = f->base, hi = f->base + f->nalt;
  node n = p->items[lo];
  if (f->nalt > 1) {
    tree_new(p);
    n = leaf(p, N_ALT);
    n.out = p->items[lo].out;
    n.pfold = p->items[lo].pfold;
    n.atom = false;
    n.size = 0;
    int32_t hmax = 0;
    bool prev_empty = false;
    for (size_t i = lo; i < hi; i++) {
      const node *c = &p->items[i];
      if (c->op == N_ALT) { /* hoisted */
        n.nsub += c->nsub;
        n.size += c->size - (c->nsub - 1);
        if (c->height - 1 > hmax) hmax = c->height - 1;
        tree_reuse(p);
      } else if (c->op == N_EMPTY && prev_empty) { /* factor's round 4 */
        tree_reuse(p);
        continue;
      } else {
        n.nsub++;
        n.size += c->size;
        if (c->height > hmax) hmax = c->height;
      }
      prev_empty = c->op == N_EMPTY;
      if (c->reps > n.reps) n.reps = c->reps;
    }
    if (n.nsub == 1) {
      n = p->items[lo];
      tree_reuse(p);
    } else {
      n.size += n.nsub - 1;
      n.height = 1 + hmax;
    }
  }
  f->nalt = 0;
  p->nitems = lo;
  return push(p, n);
}

/* The end of the current group's body, at ")" or at the end: Go's concat,
 * swapVerticalBar and alternate. */
static bool finish_body(parser *p) {
  if (!concat(p)) return false;
  add_alternative(p);
  return alternate(p);
}

/* Go's parseRightParen. */
static bool right_paren(parser *p) {
  if (!finish_body(p)) return false;
  if (p->nframes == 1) return fail(p, ERR_UNEXPECTED_PAREN, p->whole, strlen(p->whole));
  frame f = p->frames[--p->nframes];
  node n = p->items[--p->nitems];
  p->flags = f.flags;
  if (!f.capture && !f.bar) {
    /* A non-capturing group without | needs no PCRE2 group: drop its "(".
     * The caseless option set inside then runs on, as sync_fold knows. */
    strbuf *o = &p->out;
    n.atom = n.atom && n.out == f.out + 1;
    memmove(o->s + f.out, o->s + f.out + 1, o->len - f.out - 1);
    o->len--;
    o->s[o->len] = '\0';
  } else {
    sb_addc(&p->out, ')');
    p->pfold = f.pfold;
    n.atom = true;
  }
  if (f.capture) {
    n.op = N_CAPTURE;
    n.height++;
    n.size += 2;
    n.single = false;
  }
  n.out = f.out;
  n.pfold = f.pfold;
  return push(p, n);
}

/* Go's repeat(): apply op (N_STAR, N_PLUS, N_QUEST or N_REPEAT{min,max}) to
 * the top item. before is the operator, after what follows it. Returns the
 * new after, or NULL on error. */
static const char *repeat(parser *p, uint8_t op, int min, int max, const char *before, const char *after,
                          const char *last_repeat) {
  uint8_t flags = p->flags;
  if (*after == '?') {
    after++;
    flags ^= F_NONGREEDY;
  }
  if (last_repeat) {
    fail(p, ERR_REPEAT_OP, last_repeat, (size_t)(after - last_repeat));
    return NULL;
  }
  if (p->nitems == concat_start(p)) {
    fail(p, ERR_MISSING_REPEAT, before, (size_t)(after - before));
    return NULL;
  }
  tree_new(p);
  node *sub = &p->items[p->nitems - 1];
  node n = *sub;
  n.op = op;
  n.rmin = min;
  n.rmax = max;
  n.single = false;
  n.atom = false;
  n.height = sub->height + 1;
  switch (op) {
  case N_STAR: n.size = 2 + sub->size; break;
  case N_PLUS:
  case N_QUEST: n.size = 1 + sub->size; break;
  default:
    if (max == -1)
      n.size = min == 0 ? 2 + sub->size : 1 + (int64_t)min * sub->size;
    else
      n.size = (int64_t)max * sub->size + (max - min);
    if (n.size < 1) n.size = 1;
    if (max == 0)
      n.reps = 1;
    else if ((max == -1 ? min : max) > 0)
      n.reps = sat_mul(max == -1 ? min : max, sub->reps);
    break;
  }
  if (!sub->atom) wrap(p, sub->out, sub->pfold);
  switch (op) {
  case N_STAR: sb_addc(&p->out, '*'); break;
  case N_PLUS: sb_addc(&p->out, '+'); break;
  case N_QUEST: sb_addc(&p->out, '?'); break;
  default:
    if (max == min)
      sb_printf(&p->out, "{%d}", min);
    else if (max == -1)
      sb_printf(&p->out, "{%d,}", min);
    else
      sb_printf(&p->out, "{%d,%d}", min, max);
  }
  if (flags & F_NONGREEDY) sb_addc(&p->out, '?');
  *sub = n;
  if (!check_limits(p, &n)) return NULL;
  if (op == N_REPEAT && (min >= 2 || max >= 2) && n.reps > MAX_REPEAT) {
    fail(p, ERR_REPEAT_SIZE, before, (size_t)(after - before));
    return NULL;
  }
  return after;
}

/* Go's parseInt: a decimal without leading zeros; -1 when too big. */
static const char *parse_int(const char *s, int *n) {
  if (*s < '0' || *s > '9') return NULL;
  if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') return NULL;
  *n = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (*n >= 100000000)
      *n = -1;
    else if (*n >= 0)
      *n = *n * 10 + (*s - '0');
  }
  return s;
}

/* Go's parseRepeat: {min}, {min,} (max -1) or {min,max}; NULL if s is not
 * of that form (then { is a literal); min -1 if a number is too big. */
static const char *parse_repeat(const char *s, int *min, int *max) {
  s++;
  if (!(s = parse_int(s, min)) || !*s) return NULL;
  if (*s != ',') {
    *max = *min;
  } else {
    s++;
    if (!*s) return NULL;
    if (*s == '}') {
      *max = -1;
    } else {
      if (!(s = parse_int(s, max))) return NULL;
      if (*max < 0) *min = -1;
    }
  }
  if (*s != '}') return NULL;
  return s + 1;
}

/* Go's parseEscape: the rune of the escape at s (a backslash). Returns the
 * rest of the pattern, or NULL on error. */
static const char *parse_escape(parser *p, const char *s, uint32_t *r) {
  const char *t = s + 1;
  uint32_t c;
  int n;
  if (!*t) {
    fail(p, ERR_TRAILING_BACKSLASH, "", 0);
    return NULL;
  }
  if ((n = next_rune(p, t, &c)) < 0) return NULL;
  t += n;
  switch (c) {
  case '1': case '2': case '3': case '4': case '5': case '6': case '7':
    /* A single non-zero digit is a backreference: not supported. */
    if (*t < '0' || *t > '7') break;
    /* fallthrough */
  case '0':
    *r = c - '0';
    for (int i = 1; i < 3 && *t >= '0' && *t <= '7'; i++, t++) *r = *r * 8 + (uint32_t)(*t - '0');
    return t;
  case 'x': {
    if (!*t) break;
    if ((n = next_rune(p, t, &c)) < 0) return NULL;
    t += n;
    if (c == '{') {
      int nhex = 0;
      *r = 0;
      for (;;) {
        if (!*t) goto bad;
        if ((n = next_rune(p, t, &c)) < 0) return NULL;
        t += n;
        if (c == '}') break;
        int v = unhex(c);
        if (v < 0) goto bad;
        *r = *r * 16 + (uint32_t)v;
        if (*r > MAX_RUNE) goto bad;
        nhex++;
      }
      if (nhex == 0) break;
      return t;
    }
    int x = unhex(c);
    if ((n = next_rune(p, t, &c)) < 0) return NULL;
    t += n;
    int y = unhex(c);
    if (x < 0 || y < 0) break;
    *r = (uint32_t)(x * 16 + y);
    return t;
  }
  case 'a': *r = '\a'; return t;
  case 'f': *r = '\f'; return t;
  case 'n': *r = '\n'; return t;
  case 'r': *r = '\r'; return t;
  case 't': *r = '\t'; return t;
  case 'v': *r = '\v'; return t;
  default:
    /* Escaped ASCII punctuation is itself; escaped letters and digits are errors. */
    if (c < 0x80 && !is_alnum(c)) {
      *r = c;
      return t;
    }
  }
bad:
  fail(p, ERR_ESCAPE, s, (size_t)(t - s));
  return NULL;
}

/* ---- character classes ---- */

/* Go's ASCII classes (perl_groups.go): lo/hi pairs. */
static const uint8_t g_digit[] = {'0', '9'};
static const uint8_t g_space[] = {'\t', '\n', '\f', '\r', ' ', ' '};
static const uint8_t g_word[] = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
static const uint8_t g_alnum[] = {'0', '9', 'A', 'Z', 'a', 'z'};
static const uint8_t g_alpha[] = {'A', 'Z', 'a', 'z'};
static const uint8_t g_ascii[] = {0, 0x7f};
static const uint8_t g_blank[] = {'\t', '\t', ' ', ' '};
static const uint8_t g_cntrl[] = {0, 0x1f, 0x7f, 0x7f};
static const uint8_t g_graph[] = {0x21, 0x7e};
static const uint8_t g_lower[] = {'a', 'z'};
static const uint8_t g_print[] = {0x20, 0x7e};
static const uint8_t g_punct[] = {0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e};
static const uint8_t g_sspace[] = {'\t', '\r', ' ', ' '};
static const uint8_t g_upper[] = {'A', 'Z'};
static const uint8_t g_xdigit[] = {'0', '9', 'A', 'F', 'a', 'f'};

/* An ASCII class, and PCRE2's spelling of it and of its complement where,
 * without (?i), PCRE2 means the same (outside UCP mode, PCRE2's \d, \w
 * and POSIX classes are ASCII too; its \s has \v, Go's has not). */
typedef struct agroup {
  const char *name;
  const uint8_t *r;
  size_t n; /* bytes in r */
  const char *pcre, *pcre_neg;
} agroup;

static const agroup perl_groups[] = {
    {"d", g_digit, sizeof g_digit, "\\d", "\\D"},
    {"s", g_space, sizeof g_space, NULL, NULL},
    {"w", g_word, sizeof g_word, "\\w", "\\W"},
};

#define G(name, r) {name, r, sizeof r, "[:" name ":]", "[:^" name ":]"}
static const agroup posix_groups[] = {
    G("alnum", g_alnum), G("alpha", g_alpha), G("ascii", g_ascii), G("blank", g_blank),
    G("cntrl", g_cntrl), G("digit", g_digit), G("graph", g_graph), G("lower", g_lower),
    G("print", g_print), G("punct", g_punct), G("space", g_sspace), G("upper", g_upper),
    G("word", g_word),   G("xdigit", g_xdigit),
};
#undef G

static void cls_init(cls *c, bool neg) {
  memset(c, 0, sizeof *c);
  c->neg = neg;
}

static void cls_free(cls *c) {
  sb_free(&c->pos);
  sb_free(&c->terms);
}

/* Add lo-hi to a PCRE2 class body. UTF-8 never decodes to a surrogate, so
 * those are dropped (PCRE2 rejects them as range ends). */
static void add_range(strbuf *sb, uint32_t lo, uint32_t hi) {
  if (lo >= 0xd800 && lo <= 0xdfff) lo = 0xe000;
  if (hi >= 0xd800 && hi <= 0xdfff) hi = 0xd7ff;
  if (lo > hi) return;
  emit_rune(sb, lo);
  if (hi > lo) {
    sb_addc(sb, '-');
    emit_rune(sb, hi);
  }
}

/* Add an ASCII group (Perl \d \s \w or POSIX [:name:]) to c, folded under
 * (?i) as Go's appendFoldedClass folds it (letters gain their other case,
 * k also U+212A KELVIN SIGN and s U+017F LONG S), negated if neg. */
static void cls_ascii(cls *c, const agroup *g, bool neg, bool fold) {
  if (!fold && g->pcre) {
    sb_adds(&c->pos, neg ? g->pcre_neg : g->pcre);
    return;
  }
  const uint8_t *r = g->r;
  size_t n = g->n;
  bool in[128] = {false};
  for (size_t i = 0; i < n; i += 2)
    for (unsigned x = r[i]; x <= r[i + 1]; x++) in[x] = true;
  bool kelvin = false, longs = false;
  if (fold) {
    for (unsigned x = 'A'; x <= 'Z'; x++) in[x] = in[x + 32] = in[x] || in[x + 32];
    kelvin = in['k'];
    longs = in['s'];
  }
  /* The set as sorted ranges, then its complement if neg. */
  uint32_t rr[2 * 68];
  size_t k = 0;
  for (unsigned x = 0; x < 128; x++) {
    if (!in[x]) continue;
    if (k > 0 && rr[k - 1] + 1 == x) {
      rr[k - 1] = x;
    } else {
      rr[k++] = x;
      rr[k++] = x;
    }
  }
  if (longs) rr[k++] = 0x17f, rr[k++] = 0x17f;
  if (kelvin) rr[k++] = 0x212a, rr[k++] = 0x212a;
  if (!neg) {
    for (size_t i = 0; i < k; i += 2) add_range(&c->pos, rr[i], rr[i + 1]);
    return;
  }
  uint32_t next = 0;
  for (size_t i = 0; i < k; i += 2) {
    if (rr[i] > next) add_range(&c->pos, next, rr[i] - 1);
    next = rr[i + 1] + 1;
  }
  add_range(&c->pos, next, MAX_RUNE);
}

/* Go's perlGroup: \d \D \s \S \w \W at t, if there is one. */
static bool perl_class(parser *p, const char *t, cls *c) {
  if (t[0] != '\\') return false;
  bool fold = (p->flags & F_FOLD) != 0;
  switch (t[1]) {
  case 'd': case 'D': cls_ascii(c, &perl_groups[0], t[1] == 'D', fold); return true;
  case 's': case 'S': cls_ascii(c, &perl_groups[1], t[1] == 'S', fold); return true;
  case 'w': case 'W': cls_ascii(c, &perl_groups[2], t[1] == 'W', fold); return true;
  }
  return false;
}

/* Go's parseNamedClass: [:alpha:] or [:^alpha:] at t. Returns 1 and sets
 * *rest, 0 if there is none, -1 on error. */
static int named_class(parser *p, const char *t, cls *c, const char **rest) {
  const char *e = strstr(t + 2, ":]");
  if (!e) return 0;
  size_t n = (size_t)(e + 2 - t);
  const char *name = t + 2;
  size_t len = n - 4;
  bool neg = len > 0 && name[0] == '^';
  if (neg) name++, len--;
  for (size_t i = 0; i < sizeof posix_groups / sizeof *posix_groups; i++) {
    const agroup *g = &posix_groups[i];
    if (strlen(g->name) == len && memcmp(g->name, name, len) == 0) {
      cls_ascii(c, g, neg, (p->flags & F_FOLD) != 0);
      *rest = t + n;
      return 1;
    }
  }
  fail(p, ERR_CHAR_RANGE, t, n);
  return -1;
}

typedef struct slice {
  const char *s;
  size_t n;
} slice;

static int cmp_utable(const void *key, const void *elem) {
  const slice *k = key;
  const re2_utable *u = elem;
  int c = strncmp(k->s, u->name, k->n);
  if (c != 0) return c;
  return u->name[k->n] ? -1 : 0;
}

/* Go's unicodeTable: the table named name[0..n), or NULL. */
static const re2_utable *unicode_table(const char *name, size_t n) {
  slice key = {name, n};
  return bsearch(&key, re2_utables, sizeof re2_utables / sizeof *re2_utables, sizeof *re2_utables, cmp_utable);
}

/* The PCRE2 class items for table u (or its complement if neg) with Go's
 * meaning: Go's C has no unassigned code points (PCRE2's has, as Cn), and
 * Go's scripts are Script, not Script_Extensions. */
static void utable_items(strbuf *sb, const re2_utable *u, bool neg) {
  if (strcmp(u->name, "C") == 0)
    sb_adds(sb, neg ? "\\P{C}\\p{Cn}" : "\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}");
  else
    sb_printf(sb, "\\%c{%s%s}", neg ? 'P' : 'p', u->script ? "sc:" : "", u->name);
}

/* Add table u with sign to c, as Go's parseUnicodeClass does: under (?i),
 * tables Go folds (unicode.FoldCategory, FoldScript) gain their extra code
 * points before any negation. */
static void cls_unicode(cls *c, const re2_utable *u, bool neg, bool fold) {
  if (!fold || !u->fold) {
    utable_items(&c->pos, u, neg);
    return;
  }
  strbuf term = STRBUF_INIT;
  strbuf *sb = neg ? &term : &c->pos;
  utable_items(sb, u, false);
  for (size_t i = 0; i < u->nfold; i++) add_range(sb, u->fold[2 * i], u->fold[2 * i + 1]);
  if (neg) {
    /* The complement of a union: a term of its own. */
    if (c->neg)
      sb_printf(&c->terms, "(?=[%s])", sb_str(&term));
    else
      sb_printf(&c->terms, "|[^%s]", sb_str(&term));
    c->nterms++;
    sb_free(&term);
  }
}

/* Go's parseUnicodeClass: \pN, \p{Name}, \PN, \P{^Name} at t. Returns 1 and
 * sets *rest, 0 if t is not one, -1 on error. */
static int unicode_class(parser *p, const char *t, cls *c, const char **rest) {
  if (t[0] != '\\' || (t[1] != 'p' && t[1] != 'P')) return 0;
  bool neg = t[1] == 'P';
  const char *u = t + 2, *name, *seq_end;
  size_t len;
  uint32_t ch;
  int n = next_rune(p, u, &ch);
  if (n < 0) return -1;
  if (ch != '{') {
    seq_end = u + n;
    name = u;
    len = (size_t)n;
  } else {
    const char *e = strchr(t, '}');
    if (!e) {
      size_t all = strlen(t);
      if (check_utf8(p, t, all)) fail(p, ERR_CHAR_RANGE, t, all);
      return -1;
    }
    seq_end = e + 1;
    name = t + 3;
    len = (size_t)(e - name);
    if (!check_utf8(p, name, len)) return -1;
  }
  if (len > 0 && name[0] == '^') {
    neg = !neg;
    name++;
    len--;
  }
  const re2_utable *tab = unicode_table(name, len);
  if (!tab) {
    fail(p, ERR_CHAR_RANGE, t, (size_t)(seq_end - t));
    return -1;
  }
  cls_unicode(c, tab, neg, (p->flags & F_FOLD) != 0);
  *rest = seq_end;
  return 1;
}

/* Write class c as one PCRE2 atom; false if the text cannot take a
 * quantifier as it stands. */
static bool emit_class(parser *p, const cls *c) {
  strbuf *o = &p->out;
  const char *pos = sb_str(&c->pos);
  if (c->nterms == 0) {
    if (c->pos.len == 0) {
      sb_adds(o, c->neg ? "(?s:.)" : "(?!)");
      return c->neg;
    }
    if (!c->neg && c->pos.len == 2 && pos[0] == '\\' && (pos[1] == 'd' || pos[1] == 'w'))
      sb_adds(o, pos); /* \d rather than [\d]; PCRE2 10.42's bare \D and \W miss U+0080-U+00FF */
    else
      sb_printf(o, "[%s%s]", c->neg ? "^" : "", pos);
  } else if (!c->neg) {
    const char *terms = sb_str(&c->terms);
    if (c->pos.len)
      sb_printf(o, "([%s]%s)", pos, terms);
    else
      sb_printf(o, "(%s)", terms + 1);
  } else {
    sb_printf(o, "(%s", sb_str(&c->terms));
    if (c->pos.len)
      sb_printf(o, "[^%s])", pos);
    else
      sb_adds(o, "(?s:.))");
  }
  return true;
}

/* Push class c, already counted by tree_new. */
static bool push_class(parser *p, const cls *c) {
  sync_fold(p);
  node n = leaf(p, N_CLASS);
  n.atom = emit_class(p, c);
  return push(p, n);
}

/* Go's parseClassChar. */
static const char *class_char(parser *p, const char *t, const char *whole, uint32_t *r) {
  if (!*t) {
    fail(p, ERR_MISSING_BRACKET, whole, strlen(whole));
    return NULL;
  }
  if (*t == '\\') return parse_escape(p, t, r);
  int n = next_rune(p, t, r);
  return n < 0 ? NULL : t + n;
}

/* Go's parseClass: the class at s (a "["). Returns the rest or NULL. */
static const char *parse_class(parser *p, const char *s) {
  const char *t = s + 1;
  tree_new(p);
  cls c;
  cls_init(&c, *t == '^');
  if (c.neg) t++;
  bool first = true; /* ] and - are literal first in a class */
  while (!*t || *t != ']' || first) {
    first = false;
    const char *rest;
    int k = 0;
    if (t[0] == '[' && t[1] == ':' && t[2]) k = named_class(p, t, &c, &rest);
    if (k == 0) k = unicode_class(p, t, &c, &rest);
    if (k < 0) goto fail;
    if (k > 0) {
      t = rest;
      continue;
    }
    if (t[0] == '\\' && perl_class(p, t, &c)) {
      t += 2;
      continue;
    }
    const char *rng = t;
    uint32_t lo, hi;
    if (!(t = class_char(p, t, s, &lo))) goto fail;
    hi = lo;
    if (t[0] == '-' && t[1] && t[1] != ']') { /* [a-] is a and - */
      if (!(t = class_char(p, t + 1, s, &hi))) goto fail;
      if (hi < lo) {
        fail(p, ERR_CHAR_RANGE, rng, (size_t)(t - rng));
        goto fail;
      }
    }
    add_range(&c.pos, lo, hi);
  }
  bool ok = push_class(p, &c);
  cls_free(&c);
  return ok ? t + 1 : NULL;
fail:
  cls_free(&c);
  return NULL;
}

/* A class escape outside brackets (\pN, \d, ...) at t; Go has counted the
 * node already. Returns the rest, t itself if there is none, NULL on error. */
static const char *class_escape(parser *p, const char *t) {
  cls c;
  cls_init(&c, false);
  const char *rest = t;
  int k = unicode_class(p, t, &c, &rest);
  if (k == 0 && perl_class(p, t, &c)) {
    k = 1;
    rest = t + 2;
  }
  if (k > 0 && !push_class(p, &c)) rest = NULL;
  if (k < 0) rest = NULL;
  cls_free(&c);
  return rest;
}

/* Go's parsePerlFlags: (?i) (?-s:...) (?P<name>...) at s. Returns the rest or NULL. */
static const char *perl_flags(parser *p, const char *s) {
  if (s[2] == 'P' && s[3] == '<' && s[4]) {
    const char *end = strchr(s, '>');
    if (!end) {
      size_t all = strlen(s);
      if (check_utf8(p, s, all)) fail(p, ERR_NAMED_CAPTURE, s, all);
      return NULL;
    }
    const char *name = s + 4;
    size_t len = (size_t)(end - name);
    if (!check_utf8(p, name, len)) return NULL;
    bool valid = len > 0;
    for (size_t i = 0; i < len; i++)
      if (name[i] != '_' && !is_alnum((unsigned char)name[i])) valid = false;
    if (!valid) {
      fail(p, ERR_NAMED_CAPTURE, s, (size_t)(end + 1 - s));
      return NULL;
    }
    /* Go allows names PCRE2 rejects (duplicates, leading digits); group
     * numbers are all tprof uses. */
    return open_group(p, true) ? end + 1 : NULL;
  }
  const char *t = s + 2;
  uint8_t flags = p->flags;
  bool neg = false, saw = false;
  while (*t) {
    uint32_t c;
    int n = next_rune(p, t, &c);
    if (n < 0) return NULL;
    t += n;
    switch (c) {
    case 'i': flags |= F_FOLD; saw = true; break;
    case 'm': flags &= (uint8_t)~F_ONELINE; saw = true; break;
    case 's': flags |= F_DOTNL; saw = true; break;
    case 'U': flags |= F_NONGREEDY; saw = true; break;
    case '-':
      if (neg) goto bad;
      neg = true;
      /* Invert so that the cases above clear instead of set. */
      flags = (uint8_t)~flags;
      saw = false;
      break;
    case ':':
    case ')':
      if (neg) {
        if (!saw) goto bad;
        flags = (uint8_t)~flags;
      }
      if (c == ':' && !open_group(p, false)) return NULL;
      p->flags = flags & F_ALL;
      return t;
    default: goto bad;
    }
  }
bad:
  fail(p, ERR_PERL_OP, s, (size_t)(t - s));
  return NULL;
}

/* Go's parse loop (regexp/syntax.parse with the Perl flags). */
static bool parse(parser *p) {
  const char *t = p->whole, *last_repeat = NULL;
  while (*t) {
    const char *rep = NULL;
    switch (*t) {
    case '(':
      if (t[1] == '?') {
        if (!(t = perl_flags(p, t))) return false;
        break;
      }
      if (!open_group(p, true)) return false;
      t++;
      break;
    case '|':
      if (!vertical_bar(p)) return false;
      t++;
      break;
    case ')':
      if (!right_paren(p)) return false;
      t++;
      break;
    case '^':
      /* Go's multi-line ^ also matches after a final \n; PCRE2's does not. */
      if (!empty_width(p, (p->flags & F_ONELINE) ? "\\A" : "(?<![^\\n])")) return false;
      t++;
      break;
    case '$':
      if (!empty_width(p, (p->flags & F_ONELINE) ? "\\z" : "(?![^\\n])")) return false;
      t++;
      break;
    case '.': {
      tree_new(p);
      node n = leaf(p, N_CLASS);
      sb_adds(&p->out, (p->flags & F_DOTNL) ? "(?s:.)" : "[^\\n]");
      if (!push(p, n)) return false;
      t++;
      break;
    }
    case '[':
      if (!(t = parse_class(p, t))) return false;
      break;
    case '*':
    case '+':
    case '?': {
      uint8_t op = *t == '*' ? N_STAR : *t == '+' ? N_PLUS : N_QUEST;
      const char *after = repeat(p, op, 0, 0, t, t + 1, last_repeat);
      if (!after) return false;
      rep = t;
      t = after;
      break;
    }
    case '{': {
      int min, max;
      const char *after = parse_repeat(t, &min, &max);
      if (!after) { /* not a repeat: { is a literal */
        if (!literal(p, '{')) return false;
        t++;
        break;
      }
      if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max))
        return fail(p, ERR_REPEAT_SIZE, t, (size_t)(after - t));
      if (!(after = repeat(p, N_REPEAT, min, max, t, after, last_repeat))) return false;
      rep = t;
      t = after;
      break;
    }
    case '\\': {
      const char *e = NULL;
      switch (t[1]) {
      case 'A': e = "\\A"; break;
      case 'b': e = "\\b"; break; /* ASCII word boundary in both */
      case 'B': e = "\\B"; break;
      case 'z': e = "\\z"; break;
      case 'C': return fail(p, ERR_ESCAPE, t, 2); /* any byte: not supported */
      case 'Q': { /* \Q...\E: literal text */
        const char *lit = t + 2, *q = strstr(lit, "\\E");
        const char *stop = q ? q : lit + strlen(lit);
        while (lit < stop) {
          uint32_t c;
          int n = go_utf8_rune((const unsigned char *)lit, &c);
          if (n == 0) return fail(p, ERR_UTF8, lit, (size_t)(stop - lit));
          if (!literal(p, c)) return false;
          lit += n;
        }
        t = q ? q + 2 : stop;
        goto next;
      }
      }
      if (e) {
        if (!empty_width(p, e)) return false;
        t += 2;
        break;
      }
      tree_new(p); /* Go allocates the class before knowing whether there is one */
      const char *rest = class_escape(p, t);
      if (!rest) return false;
      if (rest != t) {
        t = rest;
        break;
      }
      tree_reuse(p);
      uint32_t c;
      if (!(t = parse_escape(p, t, &c)) || !literal(p, c)) return false;
      break;
    }
    default: {
      uint32_t c;
      int n = next_rune(p, t, &c);
      if (n < 0 || !literal(p, c)) return false;
      t += n;
    }
    }
  next:
    last_repeat = rep;
  }
  if (!finish_body(p)) return false;
  if (p->nframes != 1) return fail(p, ERR_MISSING_PAREN, p->whole, strlen(p->whole));
  return true;
}

char *re2_translate(const char *pattern, char **err) {
  parser p;
  memset(&p, 0, sizeof p);
  p.whole = pattern;
  p.flags = F_ONELINE; /* Go's Perl flags: ^ and $ match at text boundaries */
  XGROW(p.frames, p.capframes, 1);
  p.frames[p.nframes++] = (frame){0, 0, 0, p.flags, false, false, false};
  sb_init(&p.out);
  bool ok = parse(&p);
  free(p.items);
  free(p.frames);
  if (!ok) {
    sb_free(&p.out);
    *err = p.err;
    return NULL;
  }
  return sb_steal(&p.out);
}
