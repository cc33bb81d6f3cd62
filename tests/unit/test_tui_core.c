/* test_tui_core.c: the core pieces the curses UI stands on: the option
 * diff that undo runs, and the flame graph of traces. (The history file and
 * completion are in test_complete.c.) */
#include "unit.h"

#include "tprof/flame.h"
#include "tprof/session.h"

static int by_text(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The commands from `from` to `to` (sorted) are want[0..n). */
static void expect_commands(const config *from, const config *to, const char *const *want, size_t n) {
  char **cmds;
  size_t got = session_config_commands(from, to, &cmds); /* option table order */
  qsort(cmds, got, sizeof *cmds, by_text);
  assert_int_equal(got, n);
  for (size_t i = 0; i < n; i++) assert_string_equal(cmds[i], want[i]);
  for (size_t i = 0; i < got; i++) free(cmds[i]);
  free(cmds);
}

static void test_config_commands(void **state) {
  (void)state;
  config a, b;
  config_init(&a);
  config_init(&b);
  expect_commands(&a, &b, NULL, 0);
  char *err = NULL;
  assert_true(config_configure(&b, "focus", "^main\\.keep$", &err));
  assert_true(config_configure(&b, "cum", "true", &err)); /* sort=cum */
  assert_true(config_configure(&b, "nodecount", "5", &err));
  const char *forward[] = {"focus=^main\\.keep$", "nodecount=5", "sort=cum"};
  expect_commands(&a, &b, forward, 3);
  const char *back[] = {"focus=", "nodecount=-1", "sort=flat"}; /* what undo runs */
  expect_commands(&b, &a, back, 3);
  config_free(&a), config_free(&b);
}

static void test_flame(void **state) {
  (void)state;
  char *path = testdata("sample.pb.gz"), *err = NULL;
  profile *p = profile_read_file(path, &err);
  assert_non_null(p);
  config c;
  config_init(&c);
  strbuf msgs = STRBUF_INIT;
  report *r = report_run(p, command_find("traces"), NULL, &c, &msgs, &err);
  assert_non_null(r);
  flame f;
  flame_build(&f, r);
  assert_true(f.n > 1);
  /* the root holds every sample: 1.24s of CPU */
  assert_string_equal(f.nodes[0].name, "");
  assert_int_equal(f.nodes[0].value, 1240000000);
  assert_int_equal(f.nodes[0].parent, TPROF_NONE);
  int64_t kids = 0;
  for (size_t i = 1; i < f.n; i++) {
    const flame_node *n = &f.nodes[i];
    const flame_node *up = &f.nodes[n->parent];
    assert_true(n->parent < i);                 /* preorder */
    assert_int_equal(n->depth, up->depth + 1);
    assert_true(n->start >= up->start);         /* inside the parent's span */
    assert_true(n->start + n->width <= up->start + up->width);
    assert_true(n->width >= (n->value < 0 ? -n->value : n->value));
    if (n->parent == 0) kids += n->value;
  }
  assert_int_equal(kids, f.nodes[0].value);
  /* heaviest first: the root's first child is runtime.main, all of it */
  assert_string_equal(f.nodes[1].name, "runtime.main");
  assert_int_equal(f.nodes[1].value, 1240000000);
  assert_string_equal(f.nodes[2].name, "main.main");
  flame_free(&f);
  report_free(r);
  config_free(&c);
  sb_free(&msgs);
  profile_free(p);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_config_commands),
      cmocka_unit_test(test_flame),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
