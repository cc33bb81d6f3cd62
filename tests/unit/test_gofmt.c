/* test_gofmt.c: the Go formatting and parsing rules pprof's output depends on. */
#include "unit.h"

#include "tprof/gofmt.h"

static void fstr(const char *want, double v) {
  strbuf sb = STRBUF_INIT;
  go_float_string(&sb, v);
  assert_string_equal(sb_str(&sb), want);
  sb_free(&sb);
}

static void test_float_string(void **state) {
  (void)state;
  fstr("1e+06", 1e6);
  fstr("100000", 100000);
  fstr("0.0001", 0.0001);
  fstr("1e-05", 0.00001);
  fstr("1.5e+06", 1.5e6);
  fstr("123456", 123456);
  fstr("0.005", 0.005);
  fstr("1", 1);
  fstr("0", 0);
  fstr("-2.5", -2.5);
}

static void quote(const char *want, const char *in) {
  strbuf sb = STRBUF_INIT;
  go_quote(&sb, in);
  assert_string_equal(sb_str(&sb), want);
  sb_free(&sb);
}

static void test_quote(void **state) {
  (void)state;
  quote("\"bogus\"", "bogus");
  quote("\"a\\\"b\\\\c\"", "a\"b\\c");
  quote("\"tab\\there\\n\"", "tab\there\n");
  quote("\"\\x01\"", "\x01");
  quote("\"h\xc3\xa9\"", "h\xc3\xa9"); /* printable UTF-8 is kept */
  quote("\"\\xff\"", "\xff");          /* invalid UTF-8 is escaped */
}

static void dur(const char *want, int64_t ns) {
  strbuf sb = STRBUF_INIT;
  go_duration_string(&sb, ns);
  assert_string_equal(sb_str(&sb), want);
  sb_free(&sb);
}

static void test_duration(void **state) {
  (void)state;
  dur("0s", 0);
  dur("4s", 4000000000LL);
  dur("4m0.36s", 240360000000LL);
  dur("1h2m3.5s", 3723500000000LL);
  dur("250ms", 250000000);
  dur("1.5\xc2\xb5s", 1500);
  dur("999ns", 999);
  dur("-1s", -1000000000);
}

static void test_parse(void **state) {
  (void)state;
  int64_t v;
  assert_true(go_atoi("42", 64, &v) && v == 42);
  assert_true(go_atoi("-7", 32, &v) && v == -7);
  assert_true(go_atoi("+3", 32, &v) && v == 3);
  assert_false(go_atoi("3x", 64, &v));
  assert_false(go_atoi("", 64, &v));
  assert_false(go_atoi("2147483648", 32, &v));
  assert_true(go_atoi("-2147483648", 32, &v) && v == INT32_MIN);
  assert_false(go_atoi("99999999999999999999", 64, &v));
  assert_int_equal(go_parse_int("99999999999999999999", 64, &v), GO_NUM_RANGE);
  assert_int_equal(go_parse_int("99999999999999999999x", 64, &v), GO_NUM_RANGE);
  assert_int_equal(go_parse_int("9223372036854775808x", 64, &v), GO_NUM_SYNTAX);
  assert_int_equal(go_parse_int("9223372036854775808", 64, &v), GO_NUM_RANGE);
  assert_int_equal(go_parse_int("-9223372036854775808", 64, &v), GO_NUM_OK);
  assert_true(v == INT64_MIN);
  assert_int_equal(go_parse_int("1.5", 64, &v), GO_NUM_SYNTAX);
  assert_int_equal(go_parse_int("-", 64, &v), GO_NUM_SYNTAX);
  double d;
  assert_true(go_parse_float("0.5", &d) && d == 0.5);
  assert_true(go_parse_float("1e3", &d) && d == 1000);
  assert_false(go_parse_float(" 1", &d));
  assert_false(go_parse_float("x", &d));
  assert_int_equal(go_parse_float_err("1e400", &d), GO_NUM_RANGE);
  assert_int_equal(go_parse_float_err("-1e400", &d), GO_NUM_RANGE);
  assert_int_equal(go_parse_float_err("1e-400", &d), GO_NUM_OK);
  assert_int_equal(go_parse_float_err("0x1p-2", &d), GO_NUM_OK);
  assert_true(d == 0.25);
  assert_int_equal(go_parse_float_err("0x10", &d), GO_NUM_SYNTAX);
  bool b;
  assert_true(go_parse_bool("T", &b) && b);
  assert_true(go_parse_bool("False", &b) && !b);
  assert_false(go_parse_bool("yes", &b));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_float_string),
      cmocka_unit_test(test_quote),
      cmocka_unit_test(test_duration),
      cmocka_unit_test(test_parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
