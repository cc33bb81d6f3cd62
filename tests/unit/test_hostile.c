/* test_hostile.c: the limits of doc/hostile.md: Go's int64 arithmetic
 * without UB, decompression bombs and claimed lengths, regexes that would
 * backtrack exponentially, label sets too large for an insertion sort. */
#include "build.h"

#include "tprof/regex.h"

static void test_i64_wraps_as_go(void **state) {
  (void)state;
  assert_true(i64_add(INT64_MAX, 1) == INT64_MIN);
  assert_true(i64_add(INT64_MAX, INT64_MAX) == -2);
  assert_true(i64_sub(INT64_MIN, 1) == INT64_MAX);
  assert_true(i64_mul(INT64_MAX, 100) == -100);
  assert_true(i64_neg(INT64_MIN) == INT64_MIN);
  assert_true(i64_abs(INT64_MIN) == INT64_MIN); /* stays negative, as Go's -x */
  assert_true(i64_abs(-7) == 7);
  assert_true(i64_div(INT64_MIN, -1) == INT64_MIN); /* C traps here (SIGFPE) */
  assert_true(i64_div(-7, 2) == -3);
  /* Go's int64(f) on amd64 */
  assert_true(i64_from_double(0.0 / 0.0) == INT64_MIN);
  assert_true(i64_from_double(1.0 / 0.0) == INT64_MIN);
  assert_true(i64_from_double(-1.0 / 0.0) == INT64_MIN);
  assert_true(i64_from_double(9.3e18) == INT64_MIN);
  assert_true(i64_from_double(-9.3e18) == INT64_MIN);
  assert_true(i64_from_double(-9223372036854775808.0) == INT64_MIN);
  assert_true(i64_from_double(-2.9) == -2);
  assert_true(i64_from_double(4611686018427387904.0) == 4611686018427387904LL);
}

/* A small valid profile: samples/count, one sample of main at 1. */
static void small(strbuf *b) {
  char *desc = xstrdup("type samples/count\ns 3 : main\n");
  size_t n;
  unsigned char *raw = tb_encode(desc, &n);
  sb_add(b, raw, n);
  free(raw), free(desc);
}

static char *parse_error(const void *p, size_t n) {
  char *err = NULL;
  profile *pr = profile_parse(p, n, "test", &err);
  if (pr) {
    profile_free(pr);
    fail_msg("decoded, but an error was wanted");
  }
  return err;
}

/* A valid start, then 24 MiB of empty strings (2 bytes each): gzip makes that
 * about 1000:1, which only a bomb does. Refused after 16 MiB. */
static void test_bomb_refused(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  small(&b);
  for (size_t i = 0; i < (12u << 20); i++) sb_add(&b, "\x32\x00", 2);
  size_t gn;
  unsigned char *g = gz(b.s, b.len, &gn);
  char *err = parse_error(g, gn);
  assert_non_null(strstr(err, "inflate to"));
  assert_non_null(strstr(err, "more than 100:1: refusing (decompression bomb?)"));
  assert_true(strncmp(err, "test: ", 6) == 0);
  free(err), free(g);
  /* the same bytes uncompressed are a (silly) valid profile of 12M strings */
  char *e2 = NULL;
  profile *p = profile_parse(b.s, b.len, "test", &e2);
  assert_non_null(p);
  profile_free(p);
  sb_free(&b);
}

/* An honest gzip of a real profile decodes (its ratio is a few to one). */
static void test_real_gzip_accepted(void **state) {
  (void)state;
  char *path = testdata("profiles/cpu_labels.pb.gz");
  char *err = NULL;
  profile *p = profile_read_file(path, &err);
  assert_non_null(p);
  assert_true(p->nsamples > 0);
  profile_free(p);
  free(path);
}

static void test_claimed_length(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  small(&b);
  size_t at = b.len;
  pb_key(&b, 6, 2);
  pb_varint(&b, 1u << 30);
  char *err = parse_error(b.s, b.len);
  char *want = xasprintf("test: field string_table at byte %zu claims 1073741824 bytes: corrupt", at);
  assert_text(err, want);
  free(err), free(want);
  /* within the limit, but past the end: truncated, nothing allocated for it */
  b.len = at;
  pb_key(&b, 6, 2);
  pb_varint(&b, 200u << 20);
  sb_add(&b, "abc", 3);
  err = parse_error(b.s, b.len);
  assert_non_null(strstr(err, "truncated at byte"));
  free(err);
  sb_free(&b);
}

static tregex *compile_ok(const char *pattern) {
  char *err = NULL;
  tregex *re = regex_compile(pattern, &err);
  if (!re) fail_msg("%s: %s", pattern, err);
  return re;
}

/* Backtracking would take exponential time; the DFA matcher answers as Go does. */
static void test_regex_catastrophic_answers(void **state) {
  (void)state;
  char *s = xmalloc(3002);
  memset(s, 'a', 3000);
  s[3000] = '!', s[3001] = 0;
  tregex *re = compile_ok("(a|aa)*$"); /* matches the empty string at the end */
  for (int i = 0; i < 50; i++) assert_true(regex_match(re, s));
  assert_false(regex_too_complex(re));
  regex_free(re);
  re = compile_ok("^(a|aa)*!$");
  assert_true(regex_match(re, s));
  assert_false(regex_match(re, "aaab!"));
  assert_false(regex_too_complex(re));
  regex_free(re);
  re = compile_ok("^(a+)+b");
  assert_false(regex_match(re, s + 2960)); /* 40 a's then '!' */
  assert_false(regex_too_complex(re));
  regex_free(re);
  /* past what the DFA matcher's workspace holds: said, not guessed */
  re = compile_ok("(?:a?){500}a{500}$");
  assert_false(regex_match(re, s));
  assert_true(regex_too_complex(re));
  assert_false(regex_match(re, "aaaa")); /* and it stays so */
  regex_free(re);
  free(s);
}

/* 20,000 labels on one sample: keys in order, values in file order. */
static void test_big_label_set(void **state) {
  (void)state;
  profile *p = profile_new();
  size_t n = 20000;
  label *ls = xcalloc(n, sizeof *ls);
  char buf[32];
  for (size_t i = 0; i < n; i++) {
    snprintf(buf, sizeof buf, "k%zu", (n - i) % 3);
    ls[i].key = intern_s(&p->strs, buf);
    snprintf(buf, sizeof buf, "v%zu", i);
    ls[i].str = intern_s(&p->strs, buf);
  }
  uint32_t id = profile_intern_labels(p, ls, n);
  const labelset *set = &p->labelsets[id];
  assert_int_equal(set->n, n);
  const label *out = p->labels + set->off;
  for (size_t i = 1; i < n; i++) {
    int c = strcmp(out[i - 1].key, out[i].key);
    assert_true(c <= 0);
    if (c == 0) assert_true(atoi(out[i - 1].str + 1) < atoi(out[i].str + 1)); /* stable */
  }
  assert_int_equal(profile_intern_labels(p, ls, n), id); /* the same set again */
  free(ls);
  profile_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_i64_wraps_as_go),
      cmocka_unit_test(test_bomb_refused),
      cmocka_unit_test(test_real_gzip_accepted),
      cmocka_unit_test(test_claimed_length),
      cmocka_unit_test(test_regex_catastrophic_answers),
      cmocka_unit_test(test_big_label_set),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
