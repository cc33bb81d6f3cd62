/* test_units.c: pprof's number formatting, percentages and unit selection. */
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scaled_label),
      cmocka_unit_test(test_percentage),
      cmocka_unit_test(test_scale),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
