/* test_units.c: pprof's number formatting, percentages and unit selection. */
#include <inttypes.h>

#include "unit.h"

#include "tprof/units.h"

static void label(const char *want, int64_t v, const char *from, const char *to) {
  char buf[64];
  units_label_buf(buf, v, from, to);
  assert_string_equal(buf, want);
}

static void test_scaled_label(void **state) {
  (void)state;
  label("0", 0, "bytes", "minimum");
  label("1.10s", 1100000000, "nanoseconds", "auto");
  label("1s", 1000000000, "nanoseconds", "auto");
  label("62.50MB", 65536000, "bytes", "auto");
  label("16996.09kB", 17404000, "bytes", "kB");
  label("2.48GB", 2663000000LL, "bytes", "auto");
  label("-4kB", -4096, "bytes", "auto");
  label("3270ms", 3270000000LL, "nanoseconds", "ms");
  label("1.50hrs", 5400LL * 1000000000, "nanoseconds", "auto");
  label("42", 42, "count", "minimum");
  label("42", 42, "", "");
  label("1024B", 1024, "bytes", "b");           /* explicit unit */
  label("0.98kB", 1000, "bytes", "kilobytes");  /* alias with plural */
  label("1500us", 1500000, "ns", "microseconds");
  label("12GCU", 12, "gcu", "auto");
}

static void pct(const char *want, int64_t v, int64_t total) {
  char buf[32];
  assert_string_equal(units_pct_buf(buf, v, total), want);
}

static void test_percentage(void **state) {
  (void)state;
  pct("  100%", 100, 100);
  pct("  100%", 9996, 10000);  /* 99.96 rounds into the 100% band */
  pct("99.94%", 9994, 10000);
  pct(" 1.00%", 1, 100);
  pct("  0.9%", 9, 1000);
  pct("    1%", 999, 100000); /* %g drops the trailing zeros of 0.999 -> 1 */
  pct("0.0072%", 72, 1000000);
  pct("0.00016%", 16, 10000000);
  pct("    0%", 0, 100);
  pct("    0%", 5, 0);       /* no total */
  pct("50.00%", -50, 100);   /* never negative */
  pct("1.2e-05%", 12, 100000000LL);
}

static void test_scale(void **state) {
  (void)state;
  const char *u;
  assert_true(units_scale(2048, "bytes", "minimum", &u) == 2.0);
  assert_string_equal(u, "kB");
  assert_true(units_scale(5, "count", "minimum", &u) == 5.0);
  assert_string_equal(u, "");
  assert_true(units_scale(5, "widgets", "furlongs", &u) == 5.0);
  assert_string_equal(u, "furlongs");
  assert_true(units_scale(INT64_MIN, "bytes", "auto", &u) != 0); /* no UB on -MinInt64 */
  assert_true(units_compatible("ms", "nanoseconds"));
  assert_false(units_compatible("bytes", "seconds"));
}

/* ScaledLabel(v, from, to) as measurement.ScaledLabel prints it: recorded
 * with pprof's internal/measurement (Go 1.19). */
static void test_scaled_label_oracle(void **state) {
  (void)state;
  static const struct {
    const char *want;
    int64_t v;
    const char *from, *to;
  } cases[] = {
      {"1023B", 1023, "bytes", "minimum"},
      {"1kB", 1024, "bytes", "auto"},
      {"1.50kB", 1536, "b", "auto"},
      {"1PB", 1125899906842624, "bytes", "auto"},
      {"1024PB", 1152921504606846976, "bytes", "auto"},
      {"-1.50kB", -1536, "bytes", "auto"},
      {"1kB", 1029, "bytes", "kb"},     /* 1.00 loses its ".00" */
      {"2048B", 2048, "bytes", "ms"},   /* a unit of another family: the default unit */
      {"2.05s", 2048, "ms", "kb"},
      {"999ns", 999, "nanoseconds", "auto"},
      {"1us", 1000, "ns", "auto"},
      {"60s", 59999999999, "ns", "auto"},
      {"1hrs", 3600000000000, "ns", "auto"},
      {"100hrs", 360000000000000, "ns", "auto"},
      {"0", -1, "ns", "s"},             /* "-0.00" is "0" */
      {"5", 5, "widgets", "auto"},
      {"5furlongs", 5, "widgets", "furlongs"},
      {"5", 5, "count", "count"},
      {"1.50ms", 1500, "us", "ms"},
      {"1500", 1500, "Î¼s", "auto"}, /* "μs" is 3 bytes: sniffUnit trims its "s" */
      {"1500", 1500, "Âµs", "auto"}, /* the micro sign is no alias */
      {"7200s", 2, "hours", "minutes"},
      {"7200s", 2, "hrs", "s"},
      {"0.03hrs", 90, "sec", "hr"},
      {"7168B", 7, "KB", "B"},
      {"7168B", 7, "Kilobytes", "bytes"},
      {"3000ms", 3, "seconds", "milliseconds"},
      {"1.23GCU", 1234, "milligcu", "auto"},
      {"0", 5, "gcu", "megagcu"},
      {"1n*GCU", 1, "nanogcu", "minimum"},
      {"0.12s", 123456789, "ns", "s"},
      {"0", 1, "ns", "hrs"},
      {"12.35us", 12345, "ns", "us"},
      {"0", 0, "ns", "s"},
      {"100", 100, "", ""},
      {"100", 100, "", "auto"},
      {"-9223372036854775808B", INT64_MIN, "bytes", "auto"},
      {"2562047.79hrs", INT64_MAX, "ns", "auto"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char buf[64];
    units_label_buf(buf, cases[i].v, cases[i].from, cases[i].to);
    if (strcmp(buf, cases[i].want))
      fail_msg("%" PRId64 " %s -> %s: got %s, want %s", cases[i].v, cases[i].from, cases[i].to, buf, cases[i].want);
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "x=");
    units_scaled_label(&sb, cases[i].v, cases[i].from, cases[i].to);
    assert_string_equal(sb.s + 2, cases[i].want);
    sb_free(&sb);
  }
}

/* measurement.Percentage, recorded from Go. */
static void test_percentage_oracle(void **state) {
  (void)state;
  pct("  100%", 9995, 10000);
  pct("99.94%", 9994, 10000);
  pct("  100%", 10005, 10000);
  pct("100.06%", 10006, 10000);
  pct("33.33%", 1, 3);
  pct("66.67%", 2, 3);
  pct("1e-07%", 1, 1000000000);
  pct("53.85%", -7, 13);
  pct("1234500.00%", 12345, 1);
  pct("    0%", 0, 0);
  pct(" 0.99%", 1, 101);
  strbuf sb = STRBUF_INIT;
  units_percentage(&sb, 1, 3);
  assert_string_equal(sb.s, "33.33%");
  sb_free(&sb);
}

static void test_units_known(void **state) {
  (void)state;
  const char *u;
  assert_true(units_known("bytes") && units_known("MB") && units_known("ns") && units_known("hours"));
  assert_true(units_known("gcu") && units_known("kilogcu"));
  assert_false(units_known("count") || units_known("") || units_known("widgets"));
  assert_true(units_compatible("kilobytes", "B"));
  assert_true(units_compatible("widgets", "widgets"));
  assert_false(units_compatible("widgets", "gadgets"));
  assert_false(units_compatible("gcu", "ns"));
  /* the canonical unit names */
  assert_true(units_scale(3 << 20, "bytes", "auto", &u) == 3.0);
  assert_string_equal(u, "MB");
  assert_true(units_scale(1, "hour", "minimum", &u) == 1.0);
  assert_string_equal(u, "hrs");
  assert_true(units_scale(1500, "ns", "microseconds", &u) == 1.5);
  assert_string_equal(u, "us");
  assert_true(units_scale(7, "count", "sample", &u) == 7.0);
  assert_string_equal(u, "");
  assert_true(units_scale(7, "count", "unit", &u) == 7.0);
  assert_string_equal(u, "");
  assert_true(units_scale(-2048, "bytes", "kb", &u) == -2.0);
  assert_string_equal(u, "kB");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scaled_label),
      cmocka_unit_test(test_percentage),
      cmocka_unit_test(test_scale),
      cmocka_unit_test(test_scaled_label_oracle),
      cmocka_unit_test(test_percentage_oracle),
      cmocka_unit_test(test_units_known),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
