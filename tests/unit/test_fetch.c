/* test_fetch.c: pprof's adjustURL (which sources are URLs, the URL pprof
 * prints and fetches, the timeout) and the body size limit. The expected
 * values were recorded with cmd/pprof's adjustURL under Go 1.19. */
#include "unit.h"

#include "tprof/fetch.h"

typedef struct url_case {
  const char *source;
  int64_t seconds, timeout; /* flags; 0 = not given */
  const char *url;          /* NULL: not a URL (a file) */
  int64_t timeout_ms;
} url_case;

static const url_case url_cases[] = {
    {"localhost:6060", 0, 0, "http://localhost:6060/debug/pprof/profile", 60000},
    {"127.0.0.1:6060/debug/pprof/heap", 0, 0, "http://127.0.0.1:6060/debug/pprof/heap", 60000},
    {"http://h:1", 0, 0, "http://h:1/debug/pprof/profile", 60000},
    {"http://h:1/", 0, 0, "http://h:1/debug/pprof/profile", 60000},
    {"https+insecure://h/x", 0, 0, "https+insecure://h/x", 60000},
    {"HTTP://H/x", 0, 0, "http://H/x", 60000},
    {"mem.pprof", 0, 0, NULL, 0},
    {"/tmp/a:b", 0, 0, NULL, 0},
    {"x:y.pb.gz", 0, 0, NULL, 0},
    {"file:///tmp/x", 0, 0, NULL, 0},
    {"dir/a:b", 0, 0, NULL, 0},
    {"h:1", 5, 0, "http://h:1/debug/pprof/profile?seconds=5", 7500},
    {"h:1", 5, 3, "http://h:1/debug/pprof/profile?seconds=5", 3000},
    {"h:1/p?seconds=10", 0, 0, "http://h:1/p?seconds=10", 15000},
    {"h:1/p?seconds=10", 4, 0, "http://h:1/p?seconds=4", 6000},
    {"h:1/p?b=2&a=1;x=3&c=%zz&d", 0, 0, "http://h:1/p?b=2&d=", 60000},
    {"h:1/p?z=a+b&y=%2F&y=1", 0, 0, "http://h:1/p?y=%2F&y=1&z=a+b", 60000},
    {"h:1/a b", 0, 0, "http://h:1/a%20b", 60000},
    {"h:1/a%20b", 0, 0, "http://h:1/a%20b", 60000},
    {"h:1/p?", 0, 0, "http://h:1/p?", 60000},
    {"h:1/p#frag", 0, 0, "http://h:1/p#frag", 60000},
    {"u:p@h:1/x", 0, 0, "http://u:p@h:1/x", 60000},
    {"[::1]:6060", 0, 0, "http://[::1]:6060/debug/pprof/profile", 60000},
    {"http://[::1]:6060/x", 0, 0, "http://[::1]:6060/x", 60000},
    {"h:1/p?seconds=abc", 0, 0, "http://h:1/p?seconds=abc", 60000},
    {"h:x/p", 0, 0, NULL, 0},
    {"http://", 0, 0, "http://http://", 60000},
    {"", 0, 0, NULL, 0},
    {"h:1/p?seconds=2&seconds=3", 0, 0, "http://h:1/p?seconds=2&seconds=3", 3000},
    {"h:1/%zz", 0, 0, NULL, 0},
    {"h^x:1/p", 0, 0, NULL, 0},
    {"https://example.com:8443/debug/pprof/heap?gc=1", 0, 7, "https://example.com:8443/debug/pprof/heap?gc=1", 7000},
};

static void test_adjust_url(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof url_cases / sizeof *url_cases; i++) {
    const url_case *c = &url_cases[i];
    fetch_opts o = {.seconds = c->seconds ? c->seconds : -1, .timeout = c->timeout ? c->timeout : -1};
    fetch_target t;
    bool is_url = fetch_target_for(c->source, &o, &t);
    if (!c->url) {
      if (is_url) fail_msg("%s: taken for the URL %s, want a file", c->source, t.url);
      continue;
    }
    if (!is_url) fail_msg("%s: taken for a file, want %s", c->source, c->url);
    if (strcmp(t.url, c->url)) fail_msg("%s: URL %s, want %s", c->source, t.url, c->url);
    if (t.timeout_ms != c->timeout_ms)
      fail_msg("%s: timeout %lldms, want %lldms", c->source, (long long)t.timeout_ms, (long long)c->timeout_ms);
    fetch_target_free(&t);
  }
}

static void test_duration(void **state) {
  (void)state;
  fetch_opts o = {.seconds = -1, .timeout = -1};
  fetch_target t;
  assert_true(fetch_target_for("h:1/debug/pprof/heap?seconds=30", &o, &t));
  assert_int_equal(t.duration_ms, 30000);
  fetch_target_free(&t);
  assert_true(fetch_target_for("h:1/debug/pprof/heap", &o, &t));
  assert_int_equal(t.duration_ms, 0);
  fetch_target_free(&t);
  o.seconds = 2;
  assert_true(fetch_target_for("h:1", &o, &t));
  assert_int_equal(t.duration_ms, 2000);
  assert_int_equal(t.timeout_ms, 3000);
  fetch_target_free(&t);
}

static void test_body_limit(void **state) {
  (void)state;
  assert_true(fetch_body_limit(NULL) == FETCH_DEFAULT_LIMIT);
  fetch_opts o = {.max_body = 123};
  assert_true(fetch_body_limit(&o) == 123);
  /* TPROF_FETCH_LIMIT's forms, parsed for main.c (the core reads no environment) */
  assert_true(fetch_parse_limit("64M") == 64ULL << 20);
  assert_true(fetch_parse_limit("2g") == 2ULL << 30);
  assert_true(fetch_parse_limit("1000") == 1000);
  assert_true(fetch_parse_limit("8kB") == 8ULL << 10);
  assert_true(fetch_parse_limit("lots") == 0); /* not a size: the default */
  assert_true(fetch_parse_limit("") == 0);
  assert_true(fetch_parse_limit(NULL) == 0);
  assert_true(fetch_parse_limit("99999999999G") == 0); /* overflows */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_adjust_url),
      cmocka_unit_test(test_duration),
      cmocka_unit_test(test_body_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
