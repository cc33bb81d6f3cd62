/* test_mycode.c: the mycode option's rules (Go's standard-library rule,
 * module membership) and the main module guessed from a profile. */
#include "unit.h"

#include "tprof/mycode.h"

static void pkg(const char *name, const char *want) {
  size_t n = mycode_package(name);
  char *got = xstrndup(name, n);
  assert_string_equal(got, want);
  free(got);
}

static void test_package(void **state) {
  (void)state;
  pkg("runtime.main", "runtime");
  pkg("main.(*interp).call", "main");
  pkg("net/http.(*conn).serve", "net/http");
  pkg("github.com/lib/pq.(*conn).query", "github.com/lib/pq");
  pkg("gopkg.in/yaml%2ev3.Unmarshal", "gopkg.in/yaml%2ev3");
  pkg("main.Map[go.shape.struct { example.com/x/y.A }]", "main"); /* type arguments have paths of their own */
  pkg("aeshashbody", "");
  pkg("std::vector<int>::push_back", "");
  pkg(".hidden", "");
}

static void test_is_std(void **state) {
  (void)state;
  assert_true(mycode_is_std("runtime.mallocgc", "runtime/malloc.go"));
  assert_true(mycode_is_std("sync.(*Mutex).Lock", "/usr/lib/go/src/sync/mutex.go"));
  assert_true(mycode_is_std("net/http.(*conn).serve", "net/http/server.go"));
  assert_true(mycode_is_std("internal/bytealg.IndexByte", ""));
  assert_true(mycode_is_std("aeshashbody", "runtime/asm_amd64.s")); /* runtime assembly: no package */
  assert_false(mycode_is_std("main.main", "tprof/testdata/gen/sample/main.go"));
  assert_false(mycode_is_std("github.com/lib/pq.(*conn).query", "github.com/lib/pq@v1.10.9/conn.go"));
  assert_false(mycode_is_std("compress_block", "zlib.c")); /* C: not Go's */
  assert_false(mycode_is_std("compress_block", NULL));
}

static void test_in_module(void **state) {
  (void)state;
  assert_true(mycode_in_module("example.com/shop.(*Server).handle", "example.com/shop"));
  assert_true(mycode_in_module("example.com/shop/internal/cart.total", "example.com/shop"));
  assert_true(mycode_in_module("main.main", "example.com/shop"));
  assert_false(mycode_in_module("example.com/shopping.Checkout", "example.com/shop"));
  assert_false(mycode_in_module("github.com/lib/pq.(*conn).query", "example.com/shop"));
  assert_false(mycode_in_module("memcpy", "example.com/shop"));
}

static void test_guess(void **state) {
  (void)state;
  char *path = testdata("profiles/mycode.pb.gz"), *err = NULL;
  profile *p = profile_read_file(path, &err);
  assert_non_null(p);
  char *m = mycode_guess_module(p);
  assert_non_null(m);
  assert_string_equal(m, "example.com/shop");
  free(m);
  config c;
  config_init(&c);
  assert_null(mycode_module(p, &c)); /* off */
  c.mycode = true;
  m = mycode_module(p, &c);
  assert_string_equal(m, "example.com/shop");
  free(m);
  free(c.module), c.module = xstrdup("github.com/lib/pq");
  m = mycode_module(p, &c);
  assert_string_equal(m, "github.com/lib/pq");
  free(m);
  config_free(&c);
  profile_free(p);
  free(path);
  /* the sample's module (tprof/testdata/gen) has no host name: no guess */
  path = testdata("sample.pb.gz");
  p = profile_read_file(path, &err);
  assert_non_null(p);
  assert_null(mycode_guess_module(p));
  profile_free(p);
  free(path);
}

static void test_on_off(void **state) {
  (void)state;
  config c;
  config_init(&c);
  char *err = NULL;
  assert_true(config_configure(&c, "mycode", "on", &err));
  assert_true(c.mycode);
  assert_true(config_configure(&c, "mycode", "off", &err));
  assert_false(c.mycode);
  /* pprof's own booleans keep pprof's words */
  assert_false(config_configure(&c, "trim", "on", &err));
  assert_string_equal(err, "illegal value \"on\" for bool variable");
  free(err);
  config_free(&c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_package), cmocka_unit_test(test_is_std), cmocka_unit_test(test_in_module),
      cmocka_unit_test(test_guess), cmocka_unit_test(test_on_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
