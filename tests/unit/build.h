/*
 * build.h: how the unit tests make and look at profiles.
 *
 *  - pb_*: a tiny protobuf encoder (varints, keys, length-delimited and
 *    packed fields) for hand-made and deliberately broken profile.proto
 *    messages, and gz() to gzip them.
 *  - tb_*: a profile.proto builder driven by a short text description, so a
 *    test states its profile in a few readable lines (see tb_encode).
 *  - dump_samples(): a profile's samples in the same notation, so filters
 *    and merges are checked with one string comparison.
 *  - run_report(): report_run + print_report with options given as text.
 *
 * Everything is static inline: each test file is one translation unit.
 */
#ifndef TPROF_TEST_BUILD_H
#define TPROF_TEST_BUILD_H

#include <inttypes.h>
#include <zlib.h>

#include "unit.h"

#include "tprof/env.h"
#include "tprof/options.h"
#include "tprof/print.h"
#include "tprof/profile.h"
#include "tprof/report.h"

/* ---- protobuf encoding ---- */

static inline void pb_varint(strbuf *b, uint64_t v) {
  while (v >= 0x80) {
    sb_addc(b, (char)(v | 0x80));
    v >>= 7;
  }
  sb_addc(b, (char)v);
}

static inline void pb_key(strbuf *b, unsigned field, unsigned wt) { pb_varint(b, (uint64_t)field << 3 | wt); }

/* A varint field, written even when zero. */
static inline void pb_u64(strbuf *b, unsigned field, uint64_t v) {
  pb_key(b, field, 0);
  pb_varint(b, v);
}

static inline void pb_bytes(strbuf *b, unsigned field, const void *p, size_t n) {
  pb_key(b, field, 2);
  pb_varint(b, n);
  sb_add(b, p, n);
}

static inline void pb_str(strbuf *b, unsigned field, const char *s) { pb_bytes(b, field, s, strlen(s)); }

/* Embed message m as field `field`, and free m. */
static inline void pb_msg(strbuf *b, unsigned field, strbuf *m) {
  pb_bytes(b, field, m->s ? m->s : "", m->len);
  sb_free(m);
}

static inline void pb_packed(strbuf *b, unsigned field, const uint64_t *v, size_t n) {
  strbuf m = STRBUF_INIT;
  for (size_t i = 0; i < n; i++) pb_varint(&m, v[i]);
  pb_msg(b, field, &m);
}

/* gzip (one member) of p[0..n); caller frees. */
static inline unsigned char *gz(const void *p, size_t n, size_t *outn) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  assert_int_equal(deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  size_t cap = deflateBound(&zs, (uLong)n) + 64;
  unsigned char *out = xmalloc(cap);
  zs.next_in = (unsigned char *)p;
  zs.avail_in = (uInt)n;
  zs.next_out = out;
  zs.avail_out = (uInt)cap;
  assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
  *outn = zs.total_out;
  deflateEnd(&zs);
  return out;
}

/* ---- the profile builder ----
 *
 * A description is a list of lines (blank lines and "#..." ignored):
 *
 *   type NAME/UNIT                    a sample type (repeat for more)
 *   period_type NAME/UNIT
 *   period N | time N | duration N    header scalars
 *   comment TEXT                      rest of the line
 *   default NAME | drop RE | keep RE  default_sample_type, drop/keep_frames
 *   mapping ID START LIMIT OFFSET FILE [BUILD_ID]   FILE "-" for none
 *   func NAME FILE [START_LINE [SYSTEM_NAME]]        FILE "-" for none
 *   s V1 V2 ... : FRAME FRAME ... [; LABEL LABEL ...]  a sample, leaf first
 *
 * A FRAME is one location: lines joined by '+', innermost (inlined) first,
 * each NAME or NAME:LINE (digits), then optionally @ADDRESS (hex); "@0x10" alone is a
 * location without lines. The same FRAME text is the same location. Ids are
 * given in order of first appearance: locations, functions and strings.
 * A location's mapping is the first declared mapping holding its address.
 * A LABEL is key=value (string), key=#N (number) or key=#N:unit.
 */

typedef struct tb_func {
  char *name, *file, *sysname;
  int64_t start;
} tb_func;

typedef struct tb_map {
  uint64_t id, start, limit, offset;
  char *file, *build_id;
} tb_map;

typedef struct tb_loc {
  char *text;
  uint64_t address;
  size_t nlines;
  uint64_t func[8];
  int64_t line[8];
} tb_loc;

typedef struct tb {
  char **strs;
  size_t nstrs;
  tb_func *funcs;
  size_t nfuncs;
  tb_map *maps;
  size_t nmaps;
  tb_loc *locs;
  size_t nlocs;
  strbuf types, samples, header;
} tb;

static inline uint64_t tb_str(tb *t, const char *s) {
  for (size_t i = 0; i < t->nstrs; i++)
    if (!strcmp(t->strs[i], s)) return i;
  t->strs = xreallocarray(t->strs, t->nstrs + 1, sizeof *t->strs);
  t->strs[t->nstrs] = xstrdup(s);
  return t->nstrs++;
}

static inline uint64_t tb_func_id(tb *t, const char *name) {
  for (size_t i = 0; i < t->nfuncs; i++)
    if (!strcmp(t->funcs[i].name, name)) return i + 1;
  t->funcs = xreallocarray(t->funcs, t->nfuncs + 1, sizeof *t->funcs);
  t->funcs[t->nfuncs] = (tb_func){xstrdup(name), xstrdup(""), xstrdup(""), 0};
  return ++t->nfuncs;
}

static inline void tb_value_type(tb *t, strbuf *out, unsigned field, const char *spec) {
  const char *slash = strchr(spec, '/');
  assert_non_null(slash);
  char *type = xstrndup(spec, (size_t)(slash - spec));
  strbuf m = STRBUF_INIT;
  pb_u64(&m, 1, tb_str(t, type));
  pb_u64(&m, 2, tb_str(t, slash + 1));
  pb_msg(out, field, &m);
  free(type);
}

static inline uint64_t tb_location(tb *t, const char *text) {
  for (size_t i = 0; i < t->nlocs; i++)
    if (!strcmp(t->locs[i].text, text)) return i + 1;
  tb_loc l;
  memset(&l, 0, sizeof l);
  l.text = xstrdup(text);
  char *copy = xstrdup(text), *at = strchr(copy, '@');
  if (at) {
    *at = 0;
    l.address = strtoull(at + 1, NULL, 16);
  }
  for (char *save = NULL, *part = strtok_r(copy, "+", &save); part; part = strtok_r(NULL, "+", &save)) {
    assert_true(l.nlines < 8);
    char *colon = strrchr(part, ':'); /* ":LINE" only when digits follow ("A::f" is a name) */
    if (colon && (!colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))) colon = NULL;
    if (colon) *colon = 0;
    l.func[l.nlines] = tb_func_id(t, part);
    l.line[l.nlines] = colon ? strtoll(colon + 1, NULL, 10) : 0;
    l.nlines++;
  }
  free(copy);
  t->locs = xreallocarray(t->locs, t->nlocs + 1, sizeof *t->locs);
  t->locs[t->nlocs] = l;
  return ++t->nlocs;
}

static inline void tb_sample(tb *t, char *line) {
  strbuf m = STRBUF_INIT;
  char *colon = strchr(line, ':');
  assert_non_null(colon);
  *colon = 0;
  char *semi = strchr(colon + 1, ';');
  if (semi) *semi = 0;
  char *save = NULL;
  for (char *tok = strtok_r(colon + 1, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
    pb_u64(&m, 1, tb_location(t, tok));
  for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
    pb_u64(&m, 2, (uint64_t)strtoll(tok, NULL, 10));
  if (semi)
    for (char *tok = strtok_r(semi + 1, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
      char *eq = strchr(tok, '=');
      assert_non_null(eq);
      *eq = 0;
      strbuf l = STRBUF_INIT;
      pb_u64(&l, 1, tb_str(t, tok));
      if (eq[1] == '#') {
        char *unit = strchr(eq + 2, ':');
        if (unit) *unit = 0;
        pb_u64(&l, 3, (uint64_t)strtoll(eq + 2, NULL, 10));
        if (unit) pb_u64(&l, 4, tb_str(t, unit + 1));
      } else {
        pb_u64(&l, 2, tb_str(t, eq + 1));
      }
      pb_msg(&m, 3, &l);
    }
  pb_msg(&t->samples, 2, &m);
}

static inline char *tb_word(char **p) {
  while (**p == ' ' || **p == '\t') (*p)++;
  if (!**p) return NULL;
  char *w = *p;
  while (**p && **p != ' ' && **p != '\t') (*p)++;
  if (**p) *(*p)++ = 0;
  return w;
}

static inline const char *tb_dash(const char *s) { return s && strcmp(s, "-") ? s : ""; }

static inline void tb_line(tb *t, char *line) {
  char *p = line, *kw = tb_word(&p);
  if (!kw || kw[0] == '#') return;
  if (!strcmp(kw, "type")) {
    tb_value_type(t, &t->types, 1, tb_word(&p));
  } else if (!strcmp(kw, "period_type")) {
    tb_value_type(t, &t->header, 11, tb_word(&p));
  } else if (!strcmp(kw, "period") || !strcmp(kw, "time") || !strcmp(kw, "duration")) {
    unsigned f = kw[0] == 'p' ? 12 : kw[0] == 't' ? 9 : 10;
    pb_u64(&t->header, f, (uint64_t)strtoll(tb_word(&p), NULL, 10));
  } else if (!strcmp(kw, "comment")) {
    while (*p == ' ') p++;
    pb_u64(&t->header, 13, tb_str(t, p));
  } else if (!strcmp(kw, "default") || !strcmp(kw, "drop") || !strcmp(kw, "keep")) {
    unsigned f = kw[0] == 'd' && kw[1] == 'e' ? 14 : kw[0] == 'd' ? 7 : 8;
    pb_u64(&t->header, f, tb_str(t, tb_word(&p)));
  } else if (!strcmp(kw, "mapping")) {
    tb_map m;
    m.id = strtoull(tb_word(&p), NULL, 0);
    m.start = strtoull(tb_word(&p), NULL, 0);
    m.limit = strtoull(tb_word(&p), NULL, 0);
    m.offset = strtoull(tb_word(&p), NULL, 0);
    m.file = xstrdup(tb_dash(tb_word(&p)));
    m.build_id = xstrdup(tb_dash(tb_word(&p)));
    t->maps = xreallocarray(t->maps, t->nmaps + 1, sizeof *t->maps);
    t->maps[t->nmaps++] = m;
  } else if (!strcmp(kw, "func")) {
    uint64_t id = tb_func_id(t, tb_word(&p)); /* may move t->funcs */
    tb_func *f = &t->funcs[id - 1];
    const char *file = tb_word(&p), *start = tb_word(&p), *sys = tb_word(&p);
    free(f->file), free(f->sysname);
    f->file = xstrdup(tb_dash(file));
    f->start = start ? strtoll(start, NULL, 10) : 0;
    f->sysname = xstrdup(sys ? sys : "");
  } else if (!strcmp(kw, "s")) {
    tb_sample(t, p);
  } else {
    fail_msg("build.h: unknown line '%s'", kw);
  }
}

/* Encode a description as raw profile.proto bytes (caller frees). */
static inline unsigned char *tb_encode(const char *desc, size_t *n) {
  tb t;
  memset(&t, 0, sizeof t);
  tb_str(&t, "");
  char *copy = xstrdup(desc);
  for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
    tb_line(&t, line);
  free(copy);
  strbuf out = STRBUF_INIT;
  sb_add(&out, t.types.s, t.types.len);
  sb_add(&out, t.samples.s, t.samples.len);
  for (size_t i = 0; i < t.nmaps; i++) {
    strbuf m = STRBUF_INIT;
    pb_u64(&m, 1, t.maps[i].id);
    pb_u64(&m, 2, t.maps[i].start);
    pb_u64(&m, 3, t.maps[i].limit);
    pb_u64(&m, 4, t.maps[i].offset);
    pb_u64(&m, 5, tb_str(&t, t.maps[i].file));
    pb_u64(&m, 6, tb_str(&t, t.maps[i].build_id));
    pb_u64(&m, 7, 1), pb_u64(&m, 8, 1), pb_u64(&m, 9, 1), pb_u64(&m, 10, 1);
    pb_msg(&out, 3, &m);
  }
  for (size_t i = 0; i < t.nlocs; i++) {
    tb_loc *l = &t.locs[i];
    strbuf m = STRBUF_INIT;
    pb_u64(&m, 1, i + 1);
    for (size_t k = 0; k < t.nmaps; k++)
      if (l->address >= t.maps[k].start && l->address < t.maps[k].limit) {
        pb_u64(&m, 2, t.maps[k].id);
        break;
      }
    if (l->address) pb_u64(&m, 3, l->address);
    for (size_t k = 0; k < l->nlines; k++) {
      strbuf ln = STRBUF_INIT;
      pb_u64(&ln, 1, l->func[k]);
      if (l->line[k]) pb_u64(&ln, 2, (uint64_t)l->line[k]);
      pb_msg(&m, 4, &ln);
    }
    pb_msg(&out, 4, &m);
    free(l->text);
  }
  for (size_t i = 0; i < t.nfuncs; i++) {
    tb_func *f = &t.funcs[i];
    strbuf m = STRBUF_INIT;
    pb_u64(&m, 1, i + 1);
    pb_u64(&m, 2, tb_str(&t, f->name));
    pb_u64(&m, 3, tb_str(&t, f->sysname));
    pb_u64(&m, 4, tb_str(&t, f->file));
    if (f->start) pb_u64(&m, 5, (uint64_t)f->start);
    pb_msg(&out, 5, &m);
    free(f->name), free(f->file), free(f->sysname);
  }
  for (size_t i = 0; i < t.nstrs; i++) {
    pb_str(&out, 6, t.strs[i]);
    free(t.strs[i]);
  }
  sb_add(&out, t.header.s, t.header.len);
  for (size_t i = 0; i < t.nmaps; i++) free(t.maps[i].file), free(t.maps[i].build_id);
  free(t.strs), free(t.funcs), free(t.maps), free(t.locs);
  sb_free(&t.types), sb_free(&t.samples), sb_free(&t.header);
  *n = out.len;
  return (unsigned char *)sb_steal(&out);
}

/* Decode a description into a profile; the test fails if it does not load. */
static inline profile *tb_profile(const char *desc) {
  size_t n;
  unsigned char *b = tb_encode(desc, &n);
  char *err = NULL;
  profile *p = profile_parse(b, n, "test", &err);
  free(b);
  if (!p) fail_msg("tb_profile: %s", err);
  return p;
}

/* As tb_profile, then merged alone (compacted) as tprof does after loading. */
static inline profile *tb_loaded(const char *desc) {
  profile *p = tb_profile(desc);
  char *err = NULL;
  profile *m = profile_merge(&p, 1, &err);
  if (!m) fail_msg("tb_loaded: %s", err);
  return m;
}

/* A count/count, space/bytes profile of 60000 samples over eight stacks
 * (recursion, inlined lines, functions on several lines), big enough for
 * the merge's side pass (loadweights.h) and merged to at most 8 samples;
 * with zeros, some samples are all zero. Pseudo-random from seed. */
static inline profile *tb_side_pass_profile(uint32_t seed, bool zeros) {
  static const char *const stacks[] = {"a:1 m", "b:2 a:1 m", "f+k:3 m", "a:2 a:1 r m", "c b:2 b:4 m", "d f+k:3 r",
                                       "m", "k a:2 m r"};
  strbuf d = STRBUF_INIT;
  sb_adds(&d, "type count/count\ntype space/bytes\n");
  uint32_t x = seed;
  for (int i = 0; i < 60000; i++) {
    x = x * 1103515245u + 12345u;
    int st = (int)((x >> 16) % 8), v = (int)((x >> 8) % 5);
    if (zeros)
      sb_printf(&d, "s %d %d : %s\n", v, v ? v * 100 - 150 : 0, stacks[st]);
    else
      sb_printf(&d, "s %d %d : %s\n", v + 1, v * 100 - 150, stacks[st]);
  }
  profile *p = tb_loaded(sb_str(&d));
  sb_free(&d);
  return p;
}

/* ---- looking at profiles ---- */

/* One location in the builder's notation ("b:3+a:7@0x10"); an empty function name is "". */
static inline void dump_location(strbuf *sb, const profile *p, uint32_t li) {
  const location *l = &p->locations[li];
  for (uint32_t k = 0; k < l->nlines; k++) {
    const pline *ln = &p->lines[l->line_off + k];
    const char *name = ln->func == TPROF_NONE ? "?" : p->functions[ln->func].name;
    sb_printf(sb, "%s%s", k ? "+" : "", *name ? name : "\"\"");
    if (ln->line) sb_printf(sb, ":%" PRId64, ln->line);
  }
  if (l->address || !l->nlines) sb_printf(sb, "@0x%" PRIx64, l->address);
}

/* The samples, one line each: "V1 V2: FRAME FRAME; k=v n=#5:unit". Caller frees. */
static inline char *dump_samples(const profile *p) {
  strbuf sb = STRBUF_INIT;
  for (size_t s = 0; s < p->nsamples; s++) {
    const int64_t *v = profile_values(p, s);
    for (size_t i = 0; i < p->nsample_type; i++) sb_printf(&sb, "%s%" PRId64, i ? " " : "", v[i]);
    sb_addc(&sb, ':');
    size_t n;
    stk st = profile_stack(p, s, &n);
    for (size_t k = 0; k < n; k++) {
      sb_addc(&sb, ' ');
      dump_location(&sb, p, stk_at(st, k));
    }
    const labelset *set = profile_labels(p, s);
    for (uint32_t k = 0; k < set->n; k++) {
      const label *l = &p->labels[set->off + k];
      sb_adds(&sb, k ? " " : "; ");
      if (l->str)
        sb_printf(&sb, "%s=%s", l->key, l->str);
      else
        sb_printf(&sb, "%s=#%" PRId64 "%s%s", l->key, l->num, l->unit ? ":" : "", l->unit ? l->unit : "");
    }
    sb_addc(&sb, '\n');
  }
  return sb_steal(&sb);
}

/* Assert that p's samples dump as `want`. */
static inline void assert_samples(const profile *p, const char *want) {
  char *got = dump_samples(p);
  bool same = !strcmp(got, want);
  if (!same) print_message("samples:\n%s\nwanted:\n%s\n", got, want);
  free(got);
  if (!same) fail();
}

/* Assert that text equals want, printing both when not. */
static inline void assert_text(const char *got, const char *want) {
  if (!got || strcmp(got, want)) {
    print_message("got:\n%s\n---- wanted:\n%s\n----\n", got ? got : "(null)", want);
    fail();
  }
}

/* ---- reports ---- */

/* Apply "name=value" settings separated by newlines or ';' to c. */
static inline void apply_options(config *c, const char *opts) {
  if (!opts) return;
  char *copy = xstrdup(opts);
  for (char *save = NULL, *o = strtok_r(copy, ";\n", &save); o; o = strtok_r(NULL, ";\n", &save)) {
    char *eq = strchr(o, '=');
    assert_non_null(eq);
    *eq = 0;
    char *err = NULL;
    if (!config_configure(c, o, eq + 1, &err)) fail_msg("option %s: %s", o, err);
  }
  free(copy);
}

/*
 * Run report `cmd` (argument arg or NULL) on p with pprof's defaults plus
 * opts. Returns the report (report_free) or NULL with *err set (caller
 * frees; when err is NULL the test fails instead). The messages pprof prints
 * on stderr go to *msgs (caller frees) when msgs is not NULL.
 */
static inline report *make_report(const profile *p, const char *cmd, const char *arg, const char *opts, char **msgs,
                                  char **err) {
  config c;
  config_init(&c);
  apply_options(&c, opts);
  const command_def *def = command_find(cmd);
  assert_non_null(def);
  strbuf m = STRBUF_INIT;
  char *e = NULL;
  report *r = report_run(p, def, arg, &c, &m, &e);
  config_free(&c);
  if (msgs)
    *msgs = sb_steal(&m);
  else
    sb_free(&m);
  if (err)
    *err = e;
  else if (!r)
    fail_msg("report %s: %s", cmd, e);
  return r;
}

/* As make_report, printed: the text (caller frees) or NULL. */
static inline char *run_report(const profile *p, const char *cmd, const char *arg, const char *opts, char **msgs,
                               char **err) {
  report *r = make_report(p, cmd, arg, opts, msgs, err);
  if (!r) return NULL;
  strbuf out = STRBUF_INIT;
  print_report(r, &out);
  report_free(r);
  return sb_steal(&out);
}

/* Assert that report cmd on p with opts prints exactly want. */
static inline void assert_report(const profile *p, const char *cmd, const char *arg, const char *opts,
                                 const char *want) {
  char *got = run_report(p, cmd, arg, opts, NULL, NULL);
  assert_text(got, want);
  free(got);
}

#endif
