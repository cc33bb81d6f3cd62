/* test_decode.c: profile.proto bytes -> profile model (decode.c). */
#include "../../src/core/prefault.h"
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"

/* Parse bytes that must decode; the test fails with the error otherwise. */
static profile *parse_ok(const void *b, size_t n) {
  char *err = NULL;
  profile *p = profile_parse(b, n, "test", &err);
  if (!p) fail_msg("unexpected error: %s", err);
  assert_null(err);
  return p;
}

/* Parse bytes that must fail with exactly `want`. */
static void parse_err(const void *b, size_t n, const char *want) {
  char *err = NULL;
  profile *p = profile_parse(b, n, "test", &err);
  if (p) {
    profile_free(p);
    fail_msg("decoded, but wanted the error: %s", want);
  }
  assert_text(err, want);
  free(err);
}

static void parse_err_sb(strbuf *b, const char *want) {
  parse_err(b->s, b->len, want);
  sb_free(b);
}

static const char *const header_desc =
    "type samples/count\n"
    "type cpu/nanoseconds\n"
    "period_type cpu/nanoseconds\n"
    "period 10000000\n"
    "time 1700000000123456789\n"
    "duration 2500000000\n"
    "comment first comment\n"
    "comment #hidden\n"
    "default cpu\n"
    "drop runtime\\..*\n"
    "keep runtime\\.main\n"
    "s 1 10000000 : main.work main.main\n";

static void check_header(const profile *p) {
  assert_int_equal(p->nsample_type, 2);
  assert_string_equal(p->sample_type[0].type, "samples");
  assert_string_equal(p->sample_type[0].unit, "count");
  assert_string_equal(p->sample_type[1].type, "cpu");
  assert_string_equal(p->sample_type[1].unit, "nanoseconds");
  assert_string_equal(p->period_type.type, "cpu");
  assert_string_equal(p->period_type.unit, "nanoseconds");
  assert_int_equal(p->period, 10000000);
  assert_int_equal(p->time_nanos, 1700000000123456789LL);
  assert_int_equal(p->duration_nanos, 2500000000LL);
  assert_int_equal(p->ncomments, 2);
  assert_string_equal(p->comments[0], "first comment");
  assert_string_equal(p->comments[1], "#hidden");
  assert_string_equal(p->default_sample_type, "cpu");
  assert_string_equal(p->drop_frames, "runtime\\..*");
  assert_string_equal(p->keep_frames, "runtime\\.main");
  assert_int_equal(p->nsamples, 1);
  assert_samples(p, "1 10000000: main.work main.main\n");
}

static void test_header_raw_and_gzip(void **state) {
  (void)state;
  size_t n, gn;
  unsigned char *raw = tb_encode(header_desc, &n);
  profile *p = parse_ok(raw, n);
  check_header(p);
  profile_free(p);
  unsigned char *g = gz(raw, n, &gn);
  assert_int_equal(g[0], 0x1f);
  p = parse_ok(g, gn);
  check_header(p);
  profile_free(p);
  free(raw), free(g);
}

static void test_defaults_when_absent(void **state) {
  (void)state;
  profile *p = tb_profile("type samples/count\ns 3 : f\n");
  assert_string_equal(p->period_type.type, "");
  assert_string_equal(p->period_type.unit, "");
  assert_int_equal(p->period, 0);
  assert_int_equal(p->time_nanos, 0);
  assert_int_equal(p->duration_nanos, 0);
  assert_int_equal(p->ncomments, 0);
  assert_string_equal(p->default_sample_type, "");
  assert_string_equal(p->drop_frames, "");
  assert_int_equal(p->nmappings, 0);
  assert_int_equal(p->locations[0].mapping, TPROF_NONE);
  profile_free(p);
}

/* Comments as packed and as unpacked repeated int64. */
static void test_comments_packed(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  const uint64_t ids[] = {2, 1};
  pb_packed(&b, 13, ids, 2);
  pb_u64(&b, 13, 2);
  pb_str(&b, 6, "");
  pb_str(&b, 6, "one");
  pb_str(&b, 6, "two");
  profile *p = parse_ok(b.s, b.len);
  assert_int_equal(p->ncomments, 3);
  assert_string_equal(p->comments[0], "two");
  assert_string_equal(p->comments[1], "one");
  assert_string_equal(p->comments[2], "two");
  assert_int_equal(p->nsamples, 0);
  profile_free(p);
  sb_free(&b);
}

/* Tables given out of order with sparse ids: references resolve to indices. */
static void test_tables_and_ids(void **state) {
  (void)state;
  /* strings */
  const char *s[] = {"", "samples", "count", "main.a", "main.b", "a.go", "sys_b", "/bin/x", "abc123", "lib.so"};
  strbuf b = STRBUF_INIT, m, l;
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  /* sample: locations 70, 3 (leaf first) */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 70), pb_u64(&m, 1, 3), pb_u64(&m, 2, 4);
  pb_msg(&b, 2, &m);
  /* mappings 9 and 4 */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 9), pb_u64(&m, 2, 0x400000), pb_u64(&m, 3, 0x500000), pb_u64(&m, 4, 0x1000);
  pb_u64(&m, 5, 7), pb_u64(&m, 6, 8), pb_u64(&m, 7, 1), pb_u64(&m, 9, 1);
  pb_msg(&b, 3, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 4), pb_u64(&m, 2, 0x7f0000), pb_u64(&m, 3, 0x7f1000), pb_u64(&m, 5, 9), pb_u64(&m, 8, 1);
  pb_u64(&m, 10, 1);
  pb_msg(&b, 3, &m);
  /* location 3: mapping 4, two lines (b inlined into a); location 70: mapping 9, folded, no lines */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 3), pb_u64(&m, 2, 4), pb_u64(&m, 3, 0x7f0010);
  l = (strbuf)STRBUF_INIT;
  pb_u64(&l, 1, 12), pb_u64(&l, 2, 40);
  pb_msg(&m, 4, &l);
  l = (strbuf)STRBUF_INIT;
  pb_u64(&l, 1, 5), pb_u64(&l, 2, 7);
  pb_msg(&m, 4, &l);
  pb_msg(&b, 4, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 70), pb_u64(&m, 2, 9), pb_u64(&m, 3, 0x401234), pb_u64(&m, 5, 1);
  pb_msg(&b, 4, &m);
  /* functions 12 (main.b, system name sys_b, start 38) and 5 (main.a, a.go) */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 12), pb_u64(&m, 2, 4), pb_u64(&m, 3, 6), pb_u64(&m, 4, 5), pb_u64(&m, 5, 38);
  pb_msg(&b, 5, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 5), pb_u64(&m, 2, 3), pb_u64(&m, 4, 5);
  pb_msg(&b, 5, &m);
  for (size_t i = 0; i < sizeof s / sizeof *s; i++) pb_str(&b, 6, s[i]);
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);

  assert_int_equal(p->nmappings, 2);
  const mapping *m0 = &p->mappings[0], *m1 = &p->mappings[1];
  assert_int_equal(m0->id, 9);
  assert_int_equal(m0->start, 0x400000);
  assert_int_equal(m0->limit, 0x500000);
  assert_int_equal(m0->offset, 0x1000);
  assert_string_equal(m0->file, "/bin/x");
  assert_string_equal(m0->build_id, "abc123");
  assert_true(m0->has_functions && !m0->has_filenames && m0->has_line_numbers && !m0->has_inline_frames);
  assert_int_equal(m1->id, 4);
  assert_string_equal(m1->file, "lib.so");
  assert_string_equal(m1->build_id, "");
  assert_true(!m1->has_functions && m1->has_filenames && !m1->has_line_numbers && m1->has_inline_frames);

  assert_int_equal(p->nfunctions, 2);
  assert_int_equal(p->functions[0].id, 12);
  assert_string_equal(p->functions[0].name, "main.b");
  assert_string_equal(p->functions[0].system_name, "sys_b");
  assert_string_equal(p->functions[0].filename, "a.go");
  assert_int_equal(p->functions[0].start_line, 38);
  assert_int_equal(p->functions[1].id, 5);
  assert_string_equal(p->functions[1].system_name, "");

  assert_int_equal(p->nlocations, 2);
  const location *l3 = &p->locations[0], *l70 = &p->locations[1];
  assert_int_equal(l3->id, 3);
  assert_int_equal(l3->mapping, 1);
  assert_int_equal(l3->address, 0x7f0010);
  assert_int_equal(l3->nlines, 2);
  assert_false(l3->is_folded);
  assert_int_equal(p->lines[l3->line_off].func, 0); /* function id 12 */
  assert_int_equal(p->lines[l3->line_off].line, 40);
  assert_int_equal(p->lines[l3->line_off + 1].func, 1); /* function id 5 */
  assert_int_equal(p->lines[l3->line_off + 1].line, 7);
  assert_int_equal(l70->id, 70);
  assert_int_equal(l70->mapping, 0);
  assert_int_equal(l70->nlines, 0);
  assert_true(l70->is_folded);

  size_t n;
  stk st = profile_stack(p, 0, &n);
  assert_int_equal(n, 2);
  assert_int_equal(stk_at(st, 0), 1); /* id 70 */
  assert_int_equal(stk_at(st, 1), 0); /* id 3 */
  assert_int_equal(profile_values(p, 0)[0], 4);
  assert_samples(p, "4: @0x401234 main.b:40+main.a:7@0x7f0010\n");
  profile_free(p);
}

/* Repeated integers in samples: packed, unpacked, and both mixed. */
static void test_packed_and_unpacked(void **state) {
  (void)state;
  const uint64_t locs[] = {1, 2}, vals[] = {3, 300};
  strbuf b = STRBUF_INIT, m;
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 3), pb_u64(&m, 2, 4);
  pb_msg(&b, 1, &m);
  /* packed */
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, locs, 2), pb_packed(&m, 2, vals, 2);
  pb_msg(&b, 2, &m);
  /* unpacked */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 2), pb_u64(&m, 2, 5), pb_u64(&m, 2, 500);
  pb_msg(&b, 2, &m);
  /* mixed: values in two packed runs, locations one unpacked then one packed */
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 2, vals, 1), pb_u64(&m, 1, 2), pb_packed(&m, 1, locs, 1), pb_packed(&m, 2, vals + 1, 1);
  pb_msg(&b, 2, &m);
  for (uint64_t id = 1; id <= 2; id++) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, id), pb_u64(&m, 3, 0x10 * id);
    pb_msg(&b, 4, &m);
  }
  const char *s[] = {"", "samples", "count", "cpu", "nanoseconds"};
  for (size_t i = 0; i < 5; i++) pb_str(&b, 6, s[i]);
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);
  assert_samples(p, "3 300: @0x10 @0x20\n5 500: @0x20\n3 300: @0x20 @0x10\n");
  profile_free(p);
}

/* An empty packed list (length 0) is no value: a sample of no frames, as
 * pprof's own gobench.heap has one (`@` alone), decodes; Go's decoder takes it. */
static void test_packed_empty(void **state) {
  (void)state;
  const uint64_t locs[] = {1}, vals[] = {7};
  strbuf b = STRBUF_INIT, m = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, locs, 0), pb_packed(&m, 2, vals, 1); /* no frames */
  pb_msg(&b, 2, &m);
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, locs, 1), pb_packed(&m, 2, vals, 0), pb_packed(&m, 2, vals, 1); /* an empty run among values */
  pb_msg(&b, 2, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 3, 0x10);
  pb_msg(&b, 4, &m);
  const char *s[] = {"", "objects", "count"};
  for (size_t i = 0; i < 3; i++) pb_str(&b, 6, s[i]);
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);
  assert_int_equal(p->nsamples, 2);
  assert_samples(p, "7:\n7: @0x10\n");
  profile_free(p);
}

/* One label message. key/str/num/unit < 0 are left out. */
static void label_msg(strbuf *sample, int64_t key, int64_t str, int64_t num, int64_t unit) {
  strbuf l = STRBUF_INIT;
  if (key >= 0) pb_u64(&l, 1, (uint64_t)key);
  if (str >= 0) pb_u64(&l, 2, (uint64_t)str);
  if (num >= 0) pb_u64(&l, 3, (uint64_t)num);
  if (unit >= 0) pb_u64(&l, 4, (uint64_t)unit);
  pb_msg(sample, 3, &l);
}

static void labels_profile(strbuf *b, bool reversed) {
  /* strings: 1 samples 2 count 3 a 4 b 5 c 6 d 7 e 8 x 9 y 10 z 11 bytes 12 ms */
  strbuf m = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(b, 1, &m);
  for (int k = 0; k < 2; k++) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 2, 1 + (uint64_t)k);
    if (k == 1 && reversed) {
      label_msg(&m, 7, -1, 0, 12); /* e = 0 ms: a unit alone keeps it */
      label_msg(&m, 5, -1, 7, -1); /* c = 7, no unit */
      label_msg(&m, 3, 10, -1, -1);
      label_msg(&m, 6, -1, -1, -1); /* d: neither: dropped */
      label_msg(&m, 3, -1, 5, 11);  /* a = 5 bytes */
      label_msg(&m, 3, 9, -1, -1);
      label_msg(&m, 4, 8, -1, -1);
      /* a = z after a = y here: values keep file order, so this set differs */
    } else {
      label_msg(&m, 4, 8, 0, 0);    /* b = x (num and unit 0 are "absent") */
      label_msg(&m, 3, -1, 5, 11);  /* a = 5 bytes */
      label_msg(&m, 3, 9, -1, -1);  /* a = y */
      label_msg(&m, 5, -1, 7, -1);  /* c = 7 */
      label_msg(&m, 6, 0, 0, 0);    /* d: neither: dropped */
      label_msg(&m, 3, 10, -1, -1); /* a = z */
      label_msg(&m, 7, -1, 0, 12);  /* e = 0 ms */
    }
    pb_msg(b, 2, &m);
  }
  const char *s[] = {"", "samples", "count", "a", "b", "c", "d", "e", "x", "y", "z", "bytes", "ms"};
  for (size_t i = 0; i < sizeof s / sizeof *s; i++) pb_str(b, 6, s[i]);
}

static void test_labels(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  labels_profile(&b, false);
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);
  /* string labels first, by key (values in file order), then numeric ones by key */
  assert_samples(p, "1:; a=y a=z b=x a=#5:bytes c=#7 e=#0:ms\n"
                    "2:; a=y a=z b=x a=#5:bytes c=#7 e=#0:ms\n");
  /* identical sets are interned once */
  assert_int_equal(p->sample_labels[0], p->sample_labels[1]);
  const labelset *set = profile_labels(p, 0);
  assert_int_equal(set->n, 6);
  const label *c = &p->labels[set->off + 4];
  assert_string_equal(c->key, "c");
  assert_null(c->str);
  assert_null(c->unit); /* no unit given: NULL, not "" */
  assert_int_equal(c->num, 7);
  profile_free(p);

  b = (strbuf)STRBUF_INIT;
  labels_profile(&b, true);
  p = parse_ok(b.s, b.len);
  sb_free(&b);
  assert_samples(p, "1:; a=y a=z b=x a=#5:bytes c=#7 e=#0:ms\n"
                    "2:; a=z a=y b=x a=#5:bytes c=#7 e=#0:ms\n");
  assert_int_not_equal(p->sample_labels[0], p->sample_labels[1]);
  assert_int_not_equal(p->sample_labels[1], 0);
  profile_free(p);
}

/* A sample without labels has set 0, the empty set. */
static void test_no_labels_is_set_zero(void **state) {
  (void)state;
  profile *p = tb_profile("type s/count\ns 1 : f\ns 2 : f ; k=v\ns 3 : g\n");
  assert_int_equal(p->sample_labels[0], 0);
  assert_int_not_equal(p->sample_labels[1], 0);
  assert_int_equal(p->sample_labels[2], 0);
  assert_int_equal(p->labelsets[0].n, 0);
  profile_free(p);
}

/* Unknown fields of every wire type are skipped at every level. */
static void test_unknown_fields(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT, m, l;
  pb_u64(&b, 99, 12345);                 /* varint */
  pb_str(&b, 100, "ignored bytes");      /* length-delimited */
  pb_key(&b, 101, 1), sb_add(&b, "12345678", 8); /* fixed64 */
  pb_key(&b, 102, 5), sb_add(&b, "1234", 4);     /* fixed32 */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2), pb_u64(&m, 9, 77);
  pb_msg(&b, 1, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 42);
  pb_str(&m, 15, "x");
  pb_key(&m, 16, 5), sb_add(&m, "abcd", 4);
  l = (strbuf)STRBUF_INIT;
  pb_u64(&l, 1, 3), pb_u64(&l, 9, 1), pb_str(&l, 10, "zz"), pb_u64(&l, 2, 4);
  pb_msg(&m, 3, &l);
  pb_msg(&b, 2, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 3, 0x99), pb_str(&m, 20, "location extension");
  pb_msg(&b, 4, &m);
  const char *s[] = {"", "samples", "count", "key", "val"};
  for (size_t i = 0; i < 5; i++) pb_str(&b, 6, s[i]);
  pb_u64(&b, 15, 3); /* a field number pprof does not define */
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);
  assert_samples(p, "42: @0x99; key=val\n");
  profile_free(p);
}

/* Location ids at and above 2^31, and sparse ids, resolve. */
static void test_big_location_ids(void **state) {
  (void)state;
  const uint64_t ids[] = {1ULL << 31, 5, (1ULL << 40) + 7, UINT64_MAX - 1, 100000};
  strbuf b = STRBUF_INIT, m;
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, ids, 5), pb_u64(&m, 2, 1);
  pb_msg(&b, 2, &m);
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, ids + 2, 2), pb_u64(&m, 2, 2);
  pb_msg(&b, 2, &m);
  for (int i = 4; i >= 0; i--) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, ids[i]), pb_u64(&m, 3, 0x100 + (uint64_t)i);
    pb_msg(&b, 4, &m);
  }
  pb_str(&b, 6, ""), pb_str(&b, 6, "samples"), pb_str(&b, 6, "count");
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);
  assert_samples(p, "1: @0x100 @0x101 @0x102 @0x103 @0x104\n2: @0x102 @0x103\n");
  size_t n;
  stk st = profile_stack(p, 0, &n);
  for (size_t i = 0; i < 5; i++) assert_true(p->locations[stk_at(st, i)].id == ids[i]);
  profile_free(p);
}

/* Stacks are 3 bytes a frame (profile.h) until an entry needs more: a
 * location id of 2^23 or more met after big ids were stored widens the
 * array, and every entry keeps its location. */
static void test_stack_width(void **state) {
  (void)state;
  const uint64_t ids[] = {(1ULL << 40) + 1, 5, 9000000, (1ULL << 40) + 1, 6};
  for (int wide = 0; wide < 2; wide++) {
    strbuf b = STRBUF_INIT, m = STRBUF_INIT;
    pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
    pb_msg(&b, 1, &m);
    for (int k = 0; k < 2; k++) { /* the same stack twice: before and after the widening */
      m = (strbuf)STRBUF_INIT;
      const uint64_t narrow[] = {(1ULL << 40) + 1, 5, 6};
      if (wide) pb_packed(&m, 1, ids, 5);
      else pb_packed(&m, 1, narrow, 3);
      pb_u64(&m, 2, 1 + (uint64_t)k);
      pb_msg(&b, 2, &m);
    }
    for (int i = 0; i < 5; i++) {
      if (!wide && i == 2) continue;
      if (i == 3) continue; /* the same id as ids[0] */
      m = (strbuf)STRBUF_INIT;
      pb_u64(&m, 1, ids[i]), pb_u64(&m, 3, 0x100 + (uint64_t)i);
      pb_msg(&b, 4, &m);
    }
    pb_str(&b, 6, ""), pb_str(&b, 6, "samples"), pb_str(&b, 6, "count");
    profile *p = parse_ok(b.s, b.len);
    sb_free(&b);
    assert_int_equal(p->stack_w, wide ? 4 : 3);
    if (wide) assert_samples(p, "1: @0x100 @0x101 @0x102 @0x100 @0x104\n2: @0x100 @0x101 @0x102 @0x100 @0x104\n");
    else assert_samples(p, "1: @0x100 @0x101 @0x104\n2: @0x100 @0x101 @0x104\n");
    profile_free(p);
  }
  /* entries added through the API: widened at the first past 24 bits, copied as they are */
  profile *p = profile_new();
  const uint32_t a[] = {1, 0xfffffe, 2}, b2[] = {0x1000000, 7, 0xffffffff};
  profile_add_sample(p, a, 3, NULL, 0);
  assert_int_equal(p->stack_w, 3);
  profile_add_sample(p, b2, 3, NULL, 0);
  assert_int_equal(p->stack_w, 4);
  profile *c = profile_copy(p);
  for (int k = 0; k < 2; k++) {
    const profile *q = k ? c : p;
    size_t n;
    stk s0 = profile_stack(q, 0, &n), s1 = profile_stack(q, 1, &n);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < 3; i++) assert_int_equal(stk_at(s0, i), a[i]), assert_int_equal(stk_at(s1, i), b2[i]);
  }
  size_t w;
  uint8_t *packed = stk_pack(a, 3, &w);
  assert_int_equal(w, 3);
  for (size_t i = 0; i < 3; i++) assert_int_equal(stk_at((stk){packed, 3, 0xffffff}, i), a[i]);
  free(packed);
  profile_free(c), profile_free(p);
}

/* Locations with ids 1..n in file order (what Go writes): the stacks are
 * indices without a second pass; one id past n, or the same ids out of
 * order, still resolve through the tables. */
static void ordered_ids(strbuf *b, const uint64_t *locids, size_t nloc, const uint64_t *stack, size_t n) {
  strbuf m = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(b, 1, &m);
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, stack, n), pb_u64(&m, 2, 3);
  pb_msg(b, 2, &m);
  for (size_t i = 0; i < nloc; i++) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, locids[i]), pb_u64(&m, 3, 0x100 * locids[i]);
    pb_msg(b, 4, &m);
  }
  pb_str(b, 6, ""), pb_str(b, 6, "samples"), pb_str(b, 6, "count");
}

static void test_ids_in_order(void **state) {
  (void)state;
  const uint64_t in_order[] = {1, 2, 3}, shuffled[] = {3, 1, 2}, stack[] = {3, 1, 2, 3};
  strbuf b = STRBUF_INIT;
  ordered_ids(&b, in_order, 3, stack, 4);
  profile *p = parse_ok(b.s, b.len);
  sb_free(&b);
  size_t n;
  stk st = profile_stack(p, 0, &n);
  assert_int_equal(n, 4);
  assert_int_equal(stk_at(st, 0), 2), assert_int_equal(stk_at(st, 1), 0), assert_int_equal(stk_at(st, 2), 1), assert_int_equal(stk_at(st, 3), 2);
  assert_samples(p, "3: @0x300 @0x100 @0x200 @0x300\n");
  profile_free(p);

  b = (strbuf)STRBUF_INIT;
  ordered_ids(&b, shuffled, 3, stack, 4);
  p = parse_ok(b.s, b.len);
  sb_free(&b);
  st = profile_stack(p, 0, &n);
  assert_int_equal(stk_at(st, 0), 0), assert_int_equal(stk_at(st, 1), 1), assert_int_equal(stk_at(st, 2), 2), assert_int_equal(stk_at(st, 3), 0);
  assert_samples(p, "3: @0x300 @0x100 @0x200 @0x300\n");
  profile_free(p);

  const uint64_t past[] = {1, 4};
  b = (strbuf)STRBUF_INIT;
  ordered_ids(&b, in_order, 3, past, 2);
  parse_err_sb(&b, "test: sample 0 refers to missing location 4");
}

/* ---- errors ---- */

/* A valid small profile: sample_type, one sample, one location, strings. */
static void small_profile(strbuf *b) {
  strbuf m = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(b, 1, &m); /* bytes 0..5 */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 7);
  pb_msg(b, 2, &m); /* bytes 6..11 */
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 3, 0x10);
  pb_msg(b, 4, &m); /* bytes 12..17 */
  pb_str(b, 6, ""), pb_str(b, 6, "samples"), pb_str(b, 6, "count");
}

static void test_err_truncated(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  small_profile(&b);
  assert_int_equal(b.len, 18 + 2 + 9 + 7);
  profile_free(parse_ok(b.s, b.len));
  /* cut inside the sample (field at byte 6: 2 header bytes + 4 body bytes) */
  parse_err(b.s, 9, "test: truncated at byte 6 (sample 0 needs 6 bytes, 3 left)");
  /* cut inside the third string */
  parse_err(b.s, b.len - 1, "test: truncated at byte 29 (string_table 2 needs 7 bytes, 6 left)");
  /* cut after a length-delimited key */
  parse_err(b.s, 13, "test: truncated at byte 12 (bad length of location)");
  sb_free(&b);
  /* a varint field cut in its value */
  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  pb_key(&b, 9, 0), sb_addc(&b, (char)0x80);
  parse_err_sb(&b, "test: truncated at byte 36 (bad varint in time_nanos)");
  /* a fixed64 unknown field cut short */
  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  pb_key(&b, 40, 1), sb_add(&b, "1234", 4);
  parse_err_sb(&b, "test: truncated at byte 36");
  /* a length past the end inside a sample */
  b = (strbuf)STRBUF_INIT;
  strbuf m = STRBUF_INIT;
  pb_key(&m, 1, 2), pb_varint(&m, 50), pb_u64(&m, 2, 1);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: sample 0 at byte 0: length past the end of the message");
}

static void test_err_missing_references(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT, m, l;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 9), pb_u64(&m, 2, 1);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: sample 1 refers to missing location 9");

  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 2), pb_u64(&m, 3, 0x20);
  l = (strbuf)STRBUF_INIT;
  pb_u64(&l, 1, 5), pb_u64(&l, 2, 1);
  pb_msg(&m, 4, &l);
  pb_msg(&b, 4, &m);
  parse_err_sb(&b, "test: location 2 refers to missing function 5");

  /* a line without a function: pprof says "location id: 2 has a line with nil function" */
  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 2), pb_u64(&m, 3, 0x20);
  l = (strbuf)STRBUF_INIT;
  pb_u64(&l, 2, 1);
  pb_msg(&m, 4, &l);
  pb_msg(&b, 4, &m);
  parse_err_sb(&b, "test: location 2 refers to missing function 0");

  /* a sample with location id 0 */
  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 0), pb_u64(&m, 2, 1);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: sample 1 refers to missing location 0");
}

static void one_table_entry(strbuf *b, unsigned field, uint64_t id) {
  strbuf m = STRBUF_INIT;
  pb_u64(&m, 1, id);
  pb_msg(b, field, &m);
}

static void test_err_ids(void **state) {
  (void)state;
  static const struct {
    unsigned field;
    uint64_t a, b;
    const char *want;
  } cases[] = {
      {3, 1, 1, "test: multiple mappings with id 1"},
      {5, 7, 7, "test: multiple functions with id 7"},
      {4, 1, 1, "test: multiple locations with id 1"}, /* small_profile has location 1 */
      {3, 2, 0, "test: mapping 1 has the reserved id 0"},
      {5, 0, 3, "test: function 0 has the reserved id 0"},
      {4, 0, 4, "test: location 1 has the reserved id 0"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    strbuf b = STRBUF_INIT;
    small_profile(&b);
    one_table_entry(&b, cases[i].field, cases[i].a);
    if (cases[i].field != 4 || cases[i].a != 1) one_table_entry(&b, cases[i].field, cases[i].b);
    parse_err_sb(&b, cases[i].want);
  }
}

static void test_err_strings(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT, m;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 3), pb_u64(&m, 2, 9);
  pb_msg(&b, 5, &m);
  parse_err_sb(&b, "test: function 0 refers to string 9, but the string table has 3 entries");

  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  pb_u64(&b, 14, 3);
  parse_err_sb(&b, "test: default_sample_type 0 refers to string 3, but the string table has 3 entries");

  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  pb_u64(&b, 13, 1), pb_u64(&b, 13, 5);
  parse_err_sb(&b, "test: comment 1 refers to string 5, but the string table has 3 entries");

  /* a label's key */
  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 1);
  label_msg(&m, 8, 1, -1, -1);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: label of sample set 1 refers to string 8, but the string table has 3 entries");

  b = (strbuf)STRBUF_INIT;
  pb_str(&b, 6, "x");
  parse_err_sb(&b, "test: string_table[0] must be ''");

  b = (strbuf)STRBUF_INIT;
  one_table_entry(&b, 4, 1);
  parse_err_sb(&b, "test: the string table is empty");
}

static void test_err_values(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT, m;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: sample 1 at byte 36: number of values differs from the first sample");

  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  parse_err_sb(&b, "test: samples have 1 values but the profile has 2 sample types");
}

static void test_err_concatenated(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  small_profile(&b);
  pb_u64(&b, 9, 1000);
  size_t first = b.len;
  small_profile(&b);
  pb_u64(&b, 9, 2000);
  char *want = xasprintf("test: time_nanos 1 at byte %zu: concatenated profiles detected", b.len - 3);
  parse_err(b.s, b.len, want);
  free(want);
  /* one profile with its time_nanos is fine */
  profile *p = parse_ok(b.s, first);
  assert_int_equal(p->time_nanos, 1000);
  profile_free(p);
  sb_free(&b);
}

static void test_err_not_a_profile(void **state) {
  (void)state;
  parse_err(NULL, 0, "test: empty input file");
  parse_err("", 0, "test: empty input file");
  const char *text = "heap profiles: 1: 2 [3: 4] @ heap/1048576\n";
  parse_err(text, strlen(text), "test: not a profile: this is text, neither profile.proto data "
                                 "nor a legacy profile format pprof reads");
  strbuf b = STRBUF_INIT;
  pb_u64(&b, 2, 1);
  parse_err_sb(&b, "test: not a profile: wrong wire type 0 for sample at byte 0");
  b = (strbuf)STRBUF_INIT;
  pb_str(&b, 9, "x");
  parse_err_sb(&b, "test: not a profile: wrong wire type 2 for time_nanos at byte 0");
  b = (strbuf)STRBUF_INIT;
  pb_key(&b, 0, 0), pb_varint(&b, 1); /* skipped as pprof skips it: then nothing is left */
  parse_err_sb(&b, "test: not a profile: no profile.proto field in 2 bytes (only unknown fields, such as number 0)");
  b = (strbuf)STRBUF_INIT;
  pb_str(&b, 6, ""), pb_key(&b, 3, 3);
  parse_err_sb(&b, "test: not a profile: invalid wire type 3 at byte 2");
  b = (strbuf)STRBUF_INIT;
  pb_key(&b, 4, 1), sb_add(&b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
  parse_err_sb(&b, "test: not a profile: wrong wire type 1 for location at byte 0");
}

static void test_gzip(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  small_profile(&b);
  size_t gn;
  unsigned char *g = gz(b.s, b.len, &gn);
  /* truncated: the 8-byte trailer and 2 bytes of deflate data gone */
  char *err = NULL;
  assert_null(profile_parse(g, gn - 10, "t.pb.gz", &err));
  assert_non_null(strstr(err, "t.pb.gz: gzip data truncated at byte "));
  free(err);
  /* only the trailer gone */
  assert_null(profile_parse(g, gn - 3, "t.pb.gz", &err));
  char *want = xasprintf("t.pb.gz: gzip data truncated at byte %zu (%zu bytes decompressed)", gn - 3, b.len);
  assert_text(err, want);
  free(want), free(err);
  /* corrupt deflate data */
  unsigned char *bad = xmalloc(gn);
  memcpy(bad, g, gn);
  bad[10] = 0xff, bad[11] = 0xff, bad[12] = 0xff;
  assert_null(profile_parse(bad, gn, "t.pb.gz", &err));
  assert_non_null(strstr(err, "t.pb.gz: corrupt gzip data at byte "));
  free(err);
  /* a bad gzip header */
  memcpy(bad, g, gn);
  bad[2] = 7;
  assert_null(profile_parse(bad, gn, "t.pb.gz", &err));
  assert_non_null(strstr(err, "t.pb.gz: corrupt gzip data at byte "));
  assert_non_null(strstr(err, ": unknown compression method"));
  free(err);
  /* gzip magic only */
  parse_err("\x1f\x8b", 2, "test: gzip data truncated at byte 2 (0 bytes decompressed)");
  free(bad), free(g);

  /* concatenated members are one stream, even split inside a field */
  for (size_t cut = 1; cut < b.len; cut += 7) {
    size_t n1, n2;
    unsigned char *g1 = gz(b.s, cut, &n1), *g2 = gz(b.s + cut, b.len - cut, &n2);
    unsigned char *both = xmalloc(n1 + n2);
    memcpy(both, g1, n1), memcpy(both + n1, g2, n2);
    profile *p = parse_ok(both, n1 + n2);
    assert_samples(p, "7: @0x10\n");
    profile_free(p);
    free(g1), free(g2), free(both);
  }
  /* an empty member decompresses to nothing */
  g = gz("", 0, &gn);
  parse_err(g, gn, "test: decompressing profile: empty gzip stream");
  free(g);
  sb_free(&b);
}

static void test_inflate_limit(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  small_profile(&b);
  size_t gn;
  unsigned char *g = gz(b.s, b.len, &gn);
  core_env env = {.inflate_limit = 20};
  char *err = NULL;
  profile *p = profile_parse_env(g, gn, "bomb", &env, &err);
  assert_null(p);
  assert_text(err, "bomb: more than 20 bytes once decompressed: refusing (decompression bomb?)");
  free(err);
  profile_free(parse_ok(g, gn)); /* the default limit: no global was changed */
  free(g);
  sb_free(&b);
}

static void test_label_errors(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT, m, l;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 1);
  l = (strbuf)STRBUF_INIT;
  pb_str(&l, 1, "key as bytes");
  pb_msg(&m, 3, &l);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: sample 1 at byte 36: malformed label");
  b = (strbuf)STRBUF_INIT;
  small_profile(&b);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 3, 1);
  pb_msg(&b, 2, &m);
  parse_err_sb(&b, "test: sample 1 at byte 36: wrong wire type for a label");
}

/* Files: streamed through the window, raw and gzip, larger than one chunk. */
static void test_read_file(void **state) {
  (void)state;
  char *err = NULL;
  assert_null(profile_read_file("/nonexistent/x.pb.gz", &err));
  assert_text(err, "/nonexistent/x.pb.gz: no such file or directory");
  free(err);
  char *dir = testdata("profiles");
  assert_null(profile_read_file(dir, &err));
  char *want = xasprintf("%s: is a directory", dir);
  assert_text(err, want);
  free(want), free(err), free(dir);

  /* heap.raw.pb is heap.pb.gz un-gzipped */
  char *a = testdata("profiles/heap.pb.gz"), *r = testdata("profiles/heap.raw.pb");
  profile *pa = profile_read_file(a, &err), *pr = profile_read_file(r, &err);
  assert_non_null(pa);
  assert_non_null(pr);
  assert_int_equal(pa->nsample_type, 4);
  assert_string_equal(pa->sample_type[3].type, "inuse_space");
  char *da = dump_samples(pa), *dr = dump_samples(pr);
  assert_string_equal(da, dr);
  assert_true(pa->nsamples > 10);
  free(da), free(dr), free(a), free(r);
  profile_free(pa), profile_free(pr);

  /* 200000 samples: well over the 1 MiB window, fields cross its edges */
  strbuf b = STRBUF_INIT, m;
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  for (uint64_t i = 0; i < 200000; i++) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, 1 + i % 3), pb_u64(&m, 2, i);
    pb_msg(&b, 2, &m);
  }
  for (uint64_t id = 1; id <= 3; id++) one_table_entry(&b, 4, id);
  pb_str(&b, 6, ""), pb_str(&b, 6, "samples"), pb_str(&b, 6, "count");
  assert_true(b.len > (1u << 20));
  char path[] = "/tmp/tprof-unit-XXXXXX";
  for (int pass = 0; pass < 2; pass++) {
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = b.len;
    unsigned char *data = (unsigned char *)b.s;
    if (pass == 1) data = gz(b.s, b.len, &n);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    profile *p = profile_read_file(path, &err);
    unlink(path);
    if (pass == 1) free(data);
    memcpy(path + strlen(path) - 6, "XXXXXX", 6);
    assert_non_null(p);
    assert_int_equal(p->nsamples, 200000);
    int64_t sum = 0;
    for (size_t s = 0; s < p->nsamples; s++) sum += profile_values(p, s)[0];
    assert_int_equal(sum, 199999LL * 200000 / 2);
    size_t sn;
    assert_int_equal(p->locations[stk_at(profile_stack(p, 199999, &sn), 0)].id, 1 + 199999 % 3);
    profile_free(p);
  }
  sb_free(&b);
}

/* The project's crafted profile, as testdata/gen/README.md describes it. */
static void test_crafted_profile(void **state) {
  (void)state;
  char *path = testdata("profiles/crafted.pb.gz"), *err = NULL;
  profile *p = profile_read_file(path, &err);
  free(path);
  assert_non_null(p);
  assert_int_equal(p->ncomments, 2);
  assert_string_equal(p->comments[0], "crafted by tprof/testdata/gen/crafted");
  assert_string_equal(p->default_sample_type, "wall");
  assert_int_equal(p->nsample_type, 3);
  assert_string_equal(p->sample_type[2].unit, "bytes");
  assert_string_equal(p->period_type.unit, "microseconds");
  assert_int_equal(p->period, 1000);
  assert_int_equal(p->duration_nanos, 2500000000LL);
  assert_int_equal(p->nmappings, 3);
  assert_string_equal(p->mappings[0].file, "/usr/local/bin/server");
  assert_string_equal(p->mappings[0].build_id, "9f86d081884c7d659a2feaa0c55ad015");
  assert_string_equal(p->mappings[2].file, "[vdso]");
  int found = 0;
  for (size_t i = 0; i < p->nfunctions; i++)
    if (!strcmp(p->functions[i].name, "memcpy")) {
      assert_string_equal(p->functions[i].system_name, "__memmove_avx_unaligned_erms");
      assert_string_equal(p->functions[i].filename, "");
      found++;
    }
  assert_int_equal(found, 1);
  /* "retries=0" has neither a string nor a number and is dropped */
  for (size_t i = 0; i < p->nlabels; i++)
    if (!strcmp(p->labels[i].key, "retries")) assert_int_equal(p->labels[i].num, 2);
  profile_free(p);
}

/* decode.c resolve(): pprof's postDecode maps a location's unknown mapping
 * id to a nil Mapping (profile/encode.go: `l.Mapping = mappings[id]`), and
 * CheckValid only checks mappings that are set: the location is unmapped,
 * not an error. `go tool pprof -raw` shows it with the fake mapping M=1. */
static void test_missing_mapping_is_no_mapping(void **state) {
  (void)state;
  const char *s[] = {"", "samples", "count", "main"};
  strbuf b = STRBUF_INIT, m = STRBUF_INIT, l = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 5);
  pb_msg(&b, 2, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 7), pb_u64(&m, 3, 0x100);
  pb_u64(&l, 1, 1), pb_u64(&l, 2, 3);
  pb_msg(&m, 4, &l);
  pb_msg(&b, 4, &m);
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 3);
  pb_msg(&b, 5, &m);
  for (size_t i = 0; i < 4; i++) pb_str(&b, 6, s[i]);
  char *err = NULL;
  profile *p = profile_parse(b.s, b.len, "test", &err);
  sb_free(&b);
  if (!p) fail_msg("rejected: %s", err);
  assert_int_equal(p->locations[0].mapping, TPROF_NONE);
  assert_samples(p, "5: main:3@0x100\n");
  profile_free(p);
}

/* A packed list of small ids is stored by a loop of its own (decode.c
 * push_locs) until an id it leaves to push_loc, the array's capacity, or a
 * bad varint: a list of 3,000 frames crossing several growths of the
 * array decodes whole, and a varint cut short after two good ids is the
 * sample's error, as it was. */
static void test_packed_ids(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT, m = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  uint64_t ids[3000];
  for (int i = 0; i < 3000; i++) ids[i] = 1 + (uint64_t)(i % 3);
  m = (strbuf)STRBUF_INIT;
  pb_packed(&m, 1, ids, 3000), pb_u64(&m, 2, 5);
  pb_msg(&b, 2, &m);
  for (uint64_t i = 1; i <= 3; i++) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, i), pb_u64(&m, 3, 0x100 * i);
    pb_msg(&b, 4, &m);
  }
  size_t tail = b.len;
  pb_str(&b, 6, ""), pb_str(&b, 6, "samples"), pb_str(&b, 6, "count");
  profile *p = parse_ok(b.s, b.len);
  size_t n;
  stk st = profile_stack(p, 0, &n);
  assert_int_equal(n, 3000);
  for (size_t k = 0; k < n; k++)
    if (stk_at(st, k) != k % 3) fail_msg("frame %zu: %u", k, stk_at(st, k));
  profile_free(p);
  /* a second sample whose packed ids end in a varint cut short */
  b.len = tail;
  size_t at = b.len;
  m = (strbuf)STRBUF_INIT;
  pb_key(&m, 1, 2), pb_varint(&m, 4), pb_varint(&m, 1), pb_varint(&m, 2), sb_addc(&m, (char)0x80), sb_addc(&m, (char)0x80);
  pb_u64(&m, 2, 1);
  pb_msg(&b, 2, &m);
  pb_str(&b, 6, ""), pb_str(&b, 6, "samples"), pb_str(&b, 6, "count");
  char *want = xasprintf("test: sample 1 at byte %zu: bad varint", at);
  parse_err_sb(&b, want);
  free(want);
}

/* Presizing (decode.c presize): once 1 MiB of samples is read, the sample
 * arrays get the capacity the rest should need, from the size to expect
 * (a file's, the memory's, or the last gzip member's ISIZE). Whatever that
 * hint says (exact, short because a last small member carries it, absent),
 * the samples decode the same; with an exact hint the stacks are not grown
 * past it by doubling. */
static void big_samples(strbuf *b, bool locations_first) {
  strbuf m = STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(b, 1, &m);
  for (int pass = 0; pass < 2; pass++) {
    if ((pass == 0) == locations_first)
      for (uint64_t i = 1; i <= 64; i++) {
        m = (strbuf)STRBUF_INIT;
        pb_u64(&m, 1, i), pb_u64(&m, 3, 0x1000 + i);
        pb_msg(b, 4, &m);
      }
    else
      for (uint64_t s = 0; s < 96000; s++) { /* 1.7 MB of samples, 1.1 Mi frames */
        uint64_t st[12];
        for (int k = 0; k < 12; k++) st[k] = 1 + (s * 7 + (uint64_t)k * 13) % 64;
        m = (strbuf)STRBUF_INIT;
        pb_packed(&m, 1, st, 12), pb_u64(&m, 2, 1 + s % 5);
        pb_msg(b, 2, &m);
      }
  }
  pb_str(b, 6, ""), pb_str(b, 6, "samples"), pb_str(b, 6, "count");
}

static void test_presize(void **state) {
  (void)state;
  char *want = NULL;
  for (int order = 0; order < 2; order++) {
    strbuf b = STRBUF_INIT;
    big_samples(&b, order == 1);
    size_t zn, zn1, zn2;
    unsigned char *z = gz(b.s, b.len, &zn);
    /* two members: all but the strings, then a small last one whose ISIZE is the hint */
    size_t cut = b.len - 20;
    unsigned char *z1 = gz(b.s, cut, &zn1), *z2 = gz(b.s + cut, b.len - cut, &zn2);
    unsigned char *two = xmalloc(zn1 + zn2);
    memcpy(two, z1, zn1), memcpy(two + zn1, z2, zn2);
    const void *in[] = {b.s, z, two};
    size_t inn[] = {b.len, zn, zn1 + zn2};
    for (int k = 0; k < 3; k++) {
      profile *p = parse_ok(in[k], inn[k]);
      assert_int_equal(p->nsamples, 96000);
      assert_int_equal(p->stack_used, 96000 * 12);
      if (k < 2) assert_true(p->stack_cap < p->stack_used * 3 / 2); /* an estimate, not doublings to 2^21 */
      char *got = dump_samples(p);
      if (!want) want = got;
      else assert_string_equal(got, want), free(got);
      profile_free(p);
    }
    free(z), free(z1), free(z2), free(two);
    sb_free(&b);
  }
  free(want);
}

/* The prefaulter (prefault.c) never changes what an array holds: an array
 * written while it runs ahead, grown (moved) by realloc on the way, keeps
 * every value; prefault_trim gives back only the pages past what is used. */
static void test_prefault(void **state) {
  (void)state;
  prefault *pf = prefault_start();
  assert_non_null(pf); /* the test machine has 2 CPUs */
  size_t cap = (size_t)1 << 20, n = 0; /* uint32 entries: 4 MB, then grown to 32 MB */
  uint32_t *a = xmalloc(cap * sizeof *a);
  for (uint32_t i = 0; i < (8u << 20); i++) {
    if (n == cap) {
      cap *= 2;
      a = xreallocarray(a, cap, sizeof *a);
    }
    a[n++] = i * 2654435761u;
    if ((i & 1023) == 0) prefault_track(pf, 0, a, n * sizeof *a, cap * sizeof *a);
  }
  prefault_stop(pf);
  for (uint32_t i = 0; i < n; i++)
    if (a[i] != i * 2654435761u) fail_msg("a[%u] = %u", i, a[i]);
  /* half used: the tail is given back (reads zero), the used half stays */
  memset(a + n / 2, 0x5a, (n - n / 2) * sizeof *a);
  prefault_trim(a, n / 2 * sizeof *a, n * sizeof *a);
  assert_int_equal(a[n / 2 - 1], (uint32_t)(n / 2 - 1) * 2654435761u);
  assert_int_equal(a[n / 4 * 3], 0);           /* in a page wholly past the used bytes */
  assert_int_equal(a[n - 1], 0x5a5a5a5au);     /* the last, partial page is left alone */
  free(a);
  prefault_stop(NULL);
  prefault_track(NULL, 0, NULL, 0, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_header_raw_and_gzip),
      cmocka_unit_test(test_defaults_when_absent),
      cmocka_unit_test(test_comments_packed),
      cmocka_unit_test(test_tables_and_ids),
      cmocka_unit_test(test_packed_and_unpacked),
      cmocka_unit_test(test_packed_empty),
      cmocka_unit_test(test_labels),
      cmocka_unit_test(test_no_labels_is_set_zero),
      cmocka_unit_test(test_unknown_fields),
      cmocka_unit_test(test_big_location_ids),
      cmocka_unit_test(test_ids_in_order),
      cmocka_unit_test(test_stack_width),
      cmocka_unit_test(test_err_truncated),
      cmocka_unit_test(test_err_missing_references),
      cmocka_unit_test(test_err_ids),
      cmocka_unit_test(test_err_strings),
      cmocka_unit_test(test_err_values),
      cmocka_unit_test(test_err_concatenated),
      cmocka_unit_test(test_err_not_a_profile),
      cmocka_unit_test(test_missing_mapping_is_no_mapping),
      cmocka_unit_test(test_gzip),
      cmocka_unit_test(test_inflate_limit),
      cmocka_unit_test(test_label_errors),
      cmocka_unit_test(test_read_file),
      cmocka_unit_test(test_presize),
      cmocka_unit_test(test_packed_ids),
      cmocka_unit_test(test_crafted_profile),
      cmocka_unit_test(test_prefault),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
