/*
 * test_reentrant.c: the core is reentrant (doc/design.md, "A reentrant
 * core"): reports of one profile made on several threads at once print what
 * the same reports print one after another. The dot report is the one that
 * kept per-report state in statics (node tags, compiled regexps) and a
 * function pointer set around a call; tests/unit/static-data.sh checks the
 * statics are gone, this checks the behaviour.
 */
#include "build.h"

#include <pthread.h>

#include "tprof/env.h"

#define NTHREADS 4
#define ROUNDS 12

static const char *const kinds[][2] = {
    {"dot", NULL}, {"dot", "call_tree=true"}, {"dot", "nodecount=3;edgefraction=0.2"}, {"top", "nodecount=5"},
    {"tree", NULL}, {"list", "main"},
};
#define NKINDS (sizeof kinds / sizeof *kinds)

typedef struct job {
  const profile *p;
  char *const *want;
  int first, mismatches;
} job;

static char *one(const profile *p, size_t k) {
  bool list = !strcmp(kinds[k][0], "list");
  return run_report(p, kinds[k][0], list ? kinds[k][1] : NULL, list ? NULL : kinds[k][1], NULL, NULL);
}

static void *worker(void *arg) {
  job *j = arg;
  for (int r = 0; r < ROUNDS; r++)
    for (size_t i = 0; i < NKINDS; i++) {
      size_t k = ((size_t)j->first + i) % NKINDS; /* each thread in another order */
      char *got = one(j->p, k);
      if (!got || strcmp(got, j->want[k])) j->mismatches++;
      free(got);
    }
  return NULL;
}

static void check_profile(const char *rel) {
  char *path = testdata(rel), *err = NULL;
  profile *p = profile_read_file(path, &err);
  if (!p) fail_msg("%s: %s", path, err);
  char *want[NKINDS];
  for (size_t k = 0; k < NKINDS; k++) {
    want[k] = one(p, k);
    assert_non_null(want[k]);
    assert_true(strlen(want[k]) > 100);
  }
  assert_non_null(strstr(want[0], "digraph"));
  job jobs[NTHREADS];
  pthread_t th[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) {
    jobs[i] = (job){p, want, i, 0};
    assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < NTHREADS; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(jobs[i].mismatches, 0);
  }
  for (size_t k = 0; k < NKINDS; k++) free(want[k]);
  profile_free(p);
  free(path);
}

/* heap.pb.gz has numeric labels (bytes), so the dot report draws tag nodelets. */
static void test_concurrent_reports_heap(void **state) {
  (void)state;
  check_profile("profiles/heap.pb.gz");
}

static void test_concurrent_reports_labels(void **state) {
  (void)state;
  check_profile("profiles/cpu_labels.pb.gz");
}

/* Two core_envs side by side: each call sees its own (nothing is global). */
static void test_env_per_call(void **state) {
  (void)state;
  char *path = testdata("profiles/heap.pb.gz"), *err = NULL;
  core_env tiny = {.inflate_limit = 1000}, dflt = {0};
  profile *p = profile_read_file_env(path, &tiny, &err);
  assert_null(p);
  assert_non_null(strstr(err, "more than 1000 bytes once decompressed"));
  free(err), err = NULL;
  p = profile_read_file_env(path, &dflt, &err);
  assert_non_null(p);
  profile_free(p);
  p = profile_read_file_env(path, NULL, &err); /* the first call changed no default */
  assert_non_null(p);
  profile_free(p);
  assert_int_equal(core_env_threads(NULL, 10), 1);
  core_env two = {.threads = 2}, many = {.threads = 99};
  assert_int_equal(core_env_threads(&two, 100000), 2);
  assert_int_equal(core_env_threads(&many, 100000), 16);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_concurrent_reports_heap),
      cmocka_unit_test(test_concurrent_reports_labels),
      cmocka_unit_test(test_env_per_call),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
