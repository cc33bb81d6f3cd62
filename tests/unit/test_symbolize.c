/* test_symbolize.c: pprof's -symbolize words and its demangled, simplified
 * names. The expected names were printed by `go tool pprof -top` (Go 1.19)
 * on testdata/profiles/fixtures/cxx_names.pb.gz, mode by mode. */
#include <stdlib.h>

#include "unit.h"

#include "tprof/symbolize.h"
#include "tprof/util.h"

static void name(symbolize_demangle mode, const char *sys, const char *want) {
  char *got = symbolize_demangle_name(sys, mode);
  if (strcmp(got, want) != 0) fail_msg("%s (mode %d): got \"%s\", want \"%s\"", sys, (int)mode, got, want);
  free(got);
}

static void test_default_mode(void **state) {
  (void)state;
  const symbolize_demangle m = SYM_DEMANGLE_DEFAULT;
  name(m, "_Z8line1000v", "line1000");
  name(m, "_ZNK5tprof6engine4sizeEv", "tprof::engine::size");
  name(m, "_ZN5tprof6engineC2ERKS0_", "tprof::engine::engine");
  name(m, "_ZN5tprof6engineD1Ev", "tprof::engine::~engine");
  name(m, "_Znwm", "operator new");
  name(m, "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector::push_back");
  name(m, "_ZNSt3mapIiSsSt4lessIiESaISt4pairIKiSsEEEixERS3_", "std::map::operator[]");
  name(m, "_Z3maxIiET_S0_S0_", "max");
  name(m, "_ZZ4mainENKUlvE_clEv", "main::{lambda()#1}::operator()");
  name(m, "_ZN5tprof6engine4stepEi.cold", "tprof::engine::step");
  name(m, "_ZN12_GLOBAL__N_13Bar3FooEv", "(anonymous namespace)::Bar::Foo");
  name(m, "_ZN5tprof3BoxIiEltERKS1_", "tprof::Box::operator<");
  name(m, "_ZN5tprof3BoxIiElsEi", "tprof::Box::operator<<");
  name(m, "_ZN5tprof3BoxIiEcvSt6vectorIiSaIiEEEv", "tprof::Box::operator std::vector");
  name(m, "_ZTVN5tprof6engineE", "vtable for tprof::engine");
  name(m, "_ZN5tprof6engine4stepEiXYZ", "tprof::engine::step"); /* no params: the rest is ignored */
  name(m, "_ZN4core3ptr13drop_in_place17h0123456789abcdefE", "core::ptr::drop_in_place");
  name(m, "_Z", "_Z");
  /* not mangled: pprof's heuristics */
  name(m, "std::vector<int, std::allocator<int> >::push_back(int const&)", "std::vector::push_back");
  name(m, "(anonymous namespace)::Bar::Foo", "::Bar::Foo");
  name(m, "java.bar.foo.FooBar.run(java.lang.Runnable)", "java.bar.foo.FooBar.run(java.lang.Runnable)");
  name(m, "com.example.Foo.<init>", "com.example.Foo.<init>");
  name(m, "main.(*Set[...]).Add", "main.(*Set[...]).Add");
  name(m, "main.Map[go.shape.int,go.shape.string]", "main.Map[go.shape.int,go.shape.string]");
  name(m, "foo<bar>::baz(int) const", "foo::baz const");
  name(m, "unbalanced>(x)", "unbalanced>");
  name(m, "a::b<c>(d)<e>", "a::b");
  name(m, "", "");
}

static void test_other_modes(void **state) {
  (void)state;
  name(SYM_DEMANGLE_TEMPLATES, "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back");
  name(SYM_DEMANGLE_TEMPLATES, "_Z3maxIiET_S0_S0_", "max<int>");
  name(SYM_DEMANGLE_TEMPLATES, "foo<bar>::baz(int) const", "foo<bar>::baz const");
  name(SYM_DEMANGLE_FULL, "_ZN5tprof6engine4stepEi.isra.0", "tprof::engine::step(int)");
  name(SYM_DEMANGLE_FULL, "_Z3maxIiET_S0_S0_", "int max<int>(int, int)");
  name(SYM_DEMANGLE_FULL, "_ZNK5tprof6engine4sizeEv", "tprof::engine::size() const");
  name(SYM_DEMANGLE_FULL, "_ZN3foo3barE17h0123456789abcdefE", "foo::bar(h0123456789abcdef)");
  name(SYM_DEMANGLE_FULL, "foo<bar>::baz(int) const", "foo<bar>::baz(int) const");
  /* demangle=none: pprof passes no options, so names are demangled in full, clones too */
  name(SYM_DEMANGLE_NONE, "_ZN5tprof6engine4stepEi.cold", "tprof::engine::step(int) [clone .cold]");
  name(SYM_DEMANGLE_NONE, "_ZN3foo3barE17h0123456789abcdefE", "_ZN3foo3barE17h0123456789abcdefE");
  name(SYM_DEMANGLE_NONE, "(anonymous namespace)::Bar::Foo", "(anonymous namespace)::Bar::Foo");
}

static char warned[512];
static void warn(void *ctx, const char *line) {
  (*(int *)ctx)++;
  snprintf(warned, sizeof warned, "%s", line);
}

static void test_parse(void **state) {
  (void)state;
  int n = 0;
  symbolize_mode m = symbolize_parse(NULL, warn, &n);
  assert_true(m.local && m.remote && !m.fast && !m.force && !m.off);
  assert_int_equal(m.demangle, SYM_DEMANGLE_DEFAULT);
  m = symbolize_parse("LOCAL:Demangle=FULL", warn, &n);
  assert_true(m.local && !m.remote && m.force);
  assert_int_equal(m.demangle, SYM_DEMANGLE_FULL);
  m = symbolize_parse("fastlocal:remote", warn, &n);
  assert_true(!m.local && m.remote && m.fast);
  m = symbolize_parse("templates::demangle=default", warn, &n);
  assert_true(m.force);
  assert_int_equal(m.demangle, SYM_DEMANGLE_TEMPLATES);
  m = symbolize_parse("demangle=none", warn, &n);
  assert_int_equal(m.demangle, SYM_DEMANGLE_NONE);
  assert_int_equal(n, 0);
  m = symbolize_parse("none:bogus", warn, &n); /* none stops the parse */
  assert_true(m.off);
  assert_int_equal(n, 0);
  m = symbolize_parse("bogus:local", warn, &n);
  assert_true(m.local && !m.remote && !m.off);
  assert_int_equal(n, 2);
  assert_string_equal(warned,
                      "expecting -symbolize=[local|fastlocal|remote|none][:force][:demangle=[none|full|templates|default]");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_default_mode),
      cmocka_unit_test(test_other_modes),
      cmocka_unit_test(test_parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
