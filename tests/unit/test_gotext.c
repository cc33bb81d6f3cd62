/* test_gotext.c: the # lines of Go ?debug=1 text profiles (gotext.h) and
 * the symbolizer step that names frames from them (symbolize.h). */
#include "unit.h"

#include "tprof/gotext.h"
#include "tprof/profile.h"
#include "tprof/symbolizer.h"

static gotext *scan(const char *s) { return gotext_scan((const unsigned char *)s, strlen(s)); }

static void test_frames(void **state) {
  (void)state;
  /* tabwriter's runs of tabs, an inlined call (two lines, one pc), a frame
   * without a name, a repeat of a known pc (skipped), a recursion (the same
   * line twice: one frame), CRLF */
  gotext *g = scan("heap profile: 1: 2 [3: 4] @ heap/1\n"
                   "1: 2 [3: 4] @ 0x4b90d1 0x4b93af 0x45f409\n"
                   "#\t0x4b90d0\tmain.allocLarge+0x50\t\t/src/a b/main.go:38\n"
                   "#\t0x4b93ae\tsync.(*Mutex).Unlock+0xb1\tsync/mutex.go:223\n"
                   "#\t0x4b93ae\tmain.writeGo+0x6e\ttprof/main.go:60\r\n"
                   "#\t0x45f408\n"
                   "\n"
                   "1: 2 [3: 4] @ 0x4b93af 0x4000\n"
                   "#\t0x4b93ae\tmain.other+0x6e\tx.go:1\n"
                   "#\t0x4000\tmain.rec+0x10\tr.go:7\n"
                   "#\t0x4000\tmain.rec+0x10\tr.go:7\n"
                   "#\t0x5000\tmain.noline+0x10\tnowhere\n");
  assert_non_null(g);
  size_t n;
  const gotext_frame *f = gotext_find(g, 0x4b90d0, &n);
  assert_int_equal(n, 1);
  assert_string_equal(f[0].func, "main.allocLarge");
  assert_string_equal(f[0].file, "/src/a b/main.go");
  assert_int_equal(f[0].line, 38);
  f = gotext_find(g, 0x4b93ae, &n);
  assert_int_equal(n, 2);
  assert_string_equal(f[0].func, "sync.(*Mutex).Unlock");
  assert_int_equal(f[0].line, 223);
  assert_string_equal(f[1].func, "main.writeGo");
  assert_string_equal(f[1].file, "tprof/main.go");
  assert_int_equal(f[1].line, 60);
  f = gotext_find(g, 0x4000, &n);
  assert_int_equal(n, 1);
  assert_string_equal(f[0].func, "main.rec");
  f = gotext_find(g, 0x5000, &n);
  assert_int_equal(n, 1);
  assert_string_equal(f[0].file, "nowhere");
  assert_int_equal(f[0].line, 0);
  assert_null(gotext_find(g, 0x45f408, &n));
  assert_int_equal(n, 0);
  assert_int_equal(g->nstats, 0);
  gotext_unref(g);
  assert_null(scan("goroutine profile: total 1\n1 @ 0x1 0x2\n"));
  assert_null(scan(""));
  assert_null(scan("#\t0xzz\tmain.f+0x1\tf.go:1\n#\t0x\n#\t0x12345678901234567\tf+0x1\tf.go:1\n"));
}

static void test_memstats(void **state) {
  (void)state;
  gotext *g = scan("heap profile: 0: 0 [0: 0] @ heap/1\n\n"
                   "# runtime.MemStats\n# Alloc = 9516760\n# Stack = 229376 / 229376\n# NumGC = 3\n"
                   "# not a stat\n# DebugGC = false\n"
                   "# runtime.MemStats\n# Alloc = 1\n");
  assert_non_null(g);
  assert_int_equal(g->nstats, 3); /* the block ends at the first line that is not "# K = V"; one block */
  assert_string_equal(gotext_stat_value(g, "Alloc"), "9516760");
  assert_string_equal(gotext_stat_value(g, "Stack"), "229376 / 229376");
  assert_string_equal(gotext_stat_value(g, "NumGC"), "3");
  assert_null(gotext_stat_value(g, "DebugGC"));
  assert_null(gotext_stat_value(NULL, "Alloc"));
  gotext_unref(g);
}

static void test_union(void **state) {
  (void)state;
  gotext *a = scan("#\t0x20\ta.f+0x1\ta.go:1\n#\t0x10\ta.g+0x1\ta.go:2\n");
  gotext *b = scan("#\t0x20\tb.f+0x1\tb.go:1\n#\t0x30\tb.h+0x1\tb.go:3\n# runtime.MemStats\n# NumGC = 7\n");
  gotext *u = gotext_union(a, b);
  size_t n;
  assert_string_equal(gotext_find(u, 0x10, &n)->func, "a.g");
  assert_string_equal(gotext_find(u, 0x20, &n)->func, "a.f"); /* a's wins */
  assert_int_equal(n, 1);
  assert_string_equal(gotext_find(u, 0x30, &n)->func, "b.h");
  assert_string_equal(gotext_stat_value(u, "NumGC"), "7");
  assert_int_equal(u->nframes, 3);
  gotext *same = gotext_union(a, NULL);
  assert_ptr_equal(same, a);
  gotext_unref(same), gotext_unref(u), gotext_unref(a), gotext_unref(b);
}

/* The committed go_goroutine.txt: main.parked under three hidden runtime
 * frames (runtime.gopark...) and above the hidden runtime.goexit. */
static void test_symbolize_goroutine(void **state) {
  (void)state;
  char *path = testdata("profiles/legacy/go_goroutine.txt"), *err = NULL;
  profile *p = profile_read_file(path, &err);
  assert_non_null(p);
  assert_non_null(p->gotext);
  size_t before = p->nfunctions;
  assert_int_equal(before, 0);
  size_t named = symbolizer_from_gotext(p);
  assert_int_equal(named, 8);
  size_t n;
  stk st = profile_stack(p, 0, &n);
  assert_int_equal(n, 5);
  const char *want[5] = {"runtime.?", "runtime.?", "runtime.?", "main.parked", "runtime.goexit"};
  for (size_t k = 0; k < n; k++) {
    const location *l = &p->locations[stk_at(st, k)];
    assert_int_equal(l->nlines, 1);
    assert_string_equal(p->functions[p->lines[l->line_off].func].name, want[k]);
  }
  const location *parked = &p->locations[stk_at(st, 3)];
  assert_string_equal(p->functions[p->lines[parked->line_off].func].filename, "tprof/testdata/gen/legacy/main.go");
  assert_int_equal(p->lines[parked->line_off].line, 53);
  assert_true(p->mappings[0].has_functions && p->mappings[0].has_line_numbers);
  /* functions are distinct by (name, file) and numbered 1.. */
  for (size_t i = 0; i < p->nfunctions; i++) assert_int_equal(p->functions[i].id, i + 1);
  assert_int_equal(symbolizer_from_gotext(p), 0); /* nothing left to name */
  profile_free(p);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_frames),
      cmocka_unit_test(test_memstats),
      cmocka_unit_test(test_union),
      cmocka_unit_test(test_symbolize_goroutine),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
