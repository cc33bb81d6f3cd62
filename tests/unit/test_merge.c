/* test_merge.c: pprof's profile.Merge and measurement.ScaleProfiles (merge.c). */
#include "build.h"
#include "tprof/view.h"

/* Merge the profiles described by descs (NULL-terminated, at most 8). */
static profile *merge_try(const char *const *descs, char **err) {
  profile *ps[8];
  size_t n = 0;
  for (; descs[n]; n++) ps[n] = tb_profile(descs[n]);
  *err = NULL;
  return profile_merge(ps, n, err);
}

/* As merge_try; the test fails on error. */
static profile *merge_descs(const char *const *descs) {
  char *err;
  profile *p = merge_try(descs, &err);
  if (!p) fail_msg("merge: %s", err);
  return p;
}

/* The merge error for descs; caller frees. */
static char *merge_error(const char *const *descs) {
  char *err;
  profile *p = merge_try(descs, &err);
  if (p) {
    profile_free(p);
    fail_msg("merge succeeded");
  }
  assert_non_null(err);
  return err;
}

static void assert_merge_error(const char *const *descs, const char *want) {
  char *err = merge_error(descs);
  assert_text(err, want);
  free(err);
}

/* One profile: compacted, renumbered in order of first use, zero samples gone. */
static void test_compact_one(void **state) {
  (void)state;
  const char *const d[] = {"type samples/count\n"
                           "mapping 1 0x1000 0x2000 0 /bin/a\n"
                           "mapping 2 0x5000 0x6000 0 /lib/b\n"
                           "mapping 3 0x7000 0x8000 0x100 /lib/c\n"
                           "func unused -\n"
                           "func a a.go 3\n"
                           "s 0 : zero@0x5010 a@0x1010\n"
                           "s 1 : c@0x7010 a@0x1010\n"
                           "s 2 : a@0x1010\n"
                           "s 1 : c@0x7010 a@0x1010\n"
                           "s 1 : c@0x7010 a@0x1010 ; k=v\n"
                           "s 4 : c@0x7010 a@0x1010 ; k=w\n",
                           NULL};
  profile *p = merge_descs(d);
  assert_samples(p, "2: c@0x7010 a@0x1010\n"
                    "2: a@0x1010\n"
                    "1: c@0x7010 a@0x1010; k=v\n"
                    "4: c@0x7010 a@0x1010; k=w\n");
  /* the first mapping is kept first even before its first use; /lib/b is gone */
  assert_int_equal(p->nmappings, 2);
  assert_string_equal(p->mappings[0].file, "/bin/a");
  assert_int_equal(p->mappings[0].id, 1);
  assert_string_equal(p->mappings[1].file, "/lib/c");
  assert_int_equal(p->mappings[1].id, 2);
  assert_int_equal(p->mappings[1].offset, 0x100);
  assert_int_equal(p->nlocations, 2);
  assert_int_equal(p->locations[0].id, 1);
  assert_int_equal(p->locations[0].address, 0x7010);
  assert_int_equal(p->locations[0].mapping, 1);
  assert_int_equal(p->locations[1].id, 2);
  assert_int_equal(p->locations[1].mapping, 0);
  assert_int_equal(p->nfunctions, 2);
  assert_string_equal(p->functions[0].name, "c");
  assert_int_equal(p->functions[0].id, 1);
  assert_string_equal(p->functions[1].name, "a");
  assert_string_equal(p->functions[1].filename, "a.go");
  assert_int_equal(p->functions[1].start_line, 3);
  assert_int_equal(p->functions[1].id, 2);
  profile_free(p);
}

/* Locations and functions with equal content are one. */
static void test_dedup_by_content(void **state) {
  (void)state;
  /* "f:0" is another location with the same content as "f" */
  const char *const d[] = {"type samples/count\ns 1 : f g\ns 2 : f:0 g\ns 4 : f:1 g\n", NULL};
  profile *p = merge_descs(d);
  assert_samples(p, "3: f g\n4: f:1 g\n");
  assert_int_equal(p->nlocations, 3);
  profile_free(p);

  /* two function entries with the same name, system name, file and start line */
  strbuf b = STRBUF_INIT, m, l;
  m = (strbuf)STRBUF_INIT;
  pb_u64(&m, 1, 1), pb_u64(&m, 2, 2);
  pb_msg(&b, 1, &m);
  for (uint64_t loc = 1; loc <= 3; loc++) {
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, loc), pb_u64(&m, 2, loc);
    pb_msg(&b, 2, &m);
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, loc);
    l = (strbuf)STRBUF_INIT;
    pb_u64(&l, 1, 10 + loc), pb_u64(&l, 2, 7);
    pb_msg(&m, 4, &l);
    pb_msg(&b, 4, &m);
    m = (strbuf)STRBUF_INIT;
    pb_u64(&m, 1, 10 + loc), pb_u64(&m, 2, 3), pb_u64(&m, 4, 4), pb_u64(&m, 5, loc == 3 ? 9 : 5);
    pb_msg(&b, 5, &m);
  }
  const char *s[] = {"", "samples", "count", "fn", "fn.go"};
  for (size_t i = 0; i < 5; i++) pb_str(&b, 6, s[i]);
  char *err = NULL;
  p = profile_parse(b.s, b.len, "t", &err);
  sb_free(&b);
  assert_non_null(p);
  assert_int_equal(p->nfunctions, 3);
  p = profile_merge(&p, 1, &err);
  assert_non_null(p);
  /* functions 11 and 12 are one; 13 has another start line */
  assert_int_equal(p->nfunctions, 2);
  assert_int_equal(p->functions[1].start_line, 9);
  /* so locations 1 and 2 are one too, and their samples add up */
  assert_int_equal(p->nlocations, 2);
  assert_samples(p, "3: fn:7\n3: fn:7\n");
  assert_int_equal(p->lines[p->locations[1].line_off].func, 1);
  profile_free(p);
}

/* Samples that cancel out leave a zero sample: pprof merges again to drop it. */
static void test_cancel_remerge(void **state) {
  (void)state;
  const char *const d[] = {"type samples/count\ns 5 : x y\ns 3 : y\n",
                           "type samples/count\ns -5 : x y\ns 1 : z\n", NULL};
  profile *p = merge_descs(d);
  assert_samples(p, "3: y\n1: z\n");
  assert_int_equal(p->nlocations, 2);
  assert_int_equal(p->locations[0].id, 1);
  assert_int_equal(p->nfunctions, 2);
  assert_string_equal(p->functions[0].name, "y");
  assert_int_equal(p->functions[1].id, 2);
  profile_free(p);
}

/* Same mapping at another start: addresses move to the first one's. */
static void test_mapping_offset(void **state) {
  (void)state;
  const char *const d[] = {"type samples/count\nmapping 1 0x1000 0x3000 0 /bin/a\ns 1 : a@0x1010\n",
                           "type samples/count\nmapping 5 0x9000 0xb000 0 /bin/a\ns 2 : a@0x9010\ns 4 : b@0x9020\n",
                           /* another size (rounded to 4 KiB) is another mapping */
                           "type samples/count\nmapping 1 0x9000 0xc000 0 /bin/a\ns 8 : a@0x9010\n",
                           /* a size of 0x1fff rounds up to 0x2000, but another file is another mapping */
                           "type samples/count\nmapping 1 0x4000 0x5fff 0 /other/name\ns 16 : b@0x4020\n", NULL};
  profile *p = merge_descs(d);
  assert_samples(p, "3: a@0x1010\n4: b@0x1020\n8: a@0x9010\n16: b@0x4020\n");
  assert_int_equal(p->nmappings, 3);
  assert_int_equal(p->mappings[0].start, 0x1000);
  assert_int_equal(p->mappings[1].start, 0x9000);
  assert_int_equal(p->mappings[1].limit, 0xc000);
  assert_int_equal(p->mappings[1].id, 2);
  assert_string_equal(p->mappings[2].file, "/other/name");
  profile_free(p);

  /* sizes are rounded up to 4 KiB before comparing: 0x1fff is 0x2000 */
  const char *const r[] = {"type samples/count\nmapping 1 0x1000 0x3000 0 /bin/a\ns 1 : a@0x1010\n",
                           "type samples/count\nmapping 1 0x4000 0x5fff 0 /bin/a\ns 2 : a@0x4010\n", NULL};
  p = merge_descs(r);
  assert_samples(p, "3: a@0x1010\n");
  assert_int_equal(p->nmappings, 1);
  profile_free(p);

  const char *const e[] = {"type samples/count\nmapping 1 0x1000 0x3000 0 /bin/a abcd\ns 1 : a@0x1010\n",
                           "type samples/count\nmapping 1 0x7000 0x9000 0 /renamed abcd\ns 1 : a@0x7010\n",
                           "type samples/count\nmapping 1 0x7000 0x9000 0x10 /renamed abcd\ns 1 : a@0x7010\n", NULL};
  p = merge_descs(e);
  assert_samples(p, "2: a@0x1010\n1: a@0x7010\n");
  assert_int_equal(p->nmappings, 2);
  assert_string_equal(p->mappings[0].file, "/bin/a");
  assert_int_equal(p->mappings[1].offset, 0x10);
  profile_free(p);
}

/* measurement.ScaleProfiles: the finest unit wins, values and period follow. */
static void test_units_harmonised(void **state) {
  (void)state;
  const char *const d[] = {"type samples/count\ntype wall/milliseconds\nperiod_type wall/milliseconds\nperiod 10\n"
                           "s 1 3 : f\n",
                           "type sample/count\ntype wall/nanoseconds\nperiod_type wall/nanoseconds\nperiod 1000\n"
                           "s 2 500 : f\n",
                           NULL};
  /* "sample" and "samples" are compatible for scaling but not equal: merge refuses */
  assert_merge_error(d, "incompatible sample types [samples/count wall/nanoseconds] and "
                        "[sample/count wall/nanoseconds]");
  const char *const ok[] = {"type samples/count\ntype wall/milliseconds\nperiod_type wall/milliseconds\nperiod 10\n"
                            "s 1 3 : f\n",
                            "type samples/count\ntype wall/nanoseconds\nperiod_type wall/nanoseconds\nperiod 1000\n"
                            "s 2 500 : f\n",
                            "type samples/count\ntype wall/seconds\nperiod_type wall/microseconds\nperiod 5\n"
                            "s 1 2 : g\n",
                            NULL};
  profile *p = merge_descs(ok);
  assert_string_equal(p->sample_type[1].unit, "nanoseconds");
  assert_string_equal(p->sample_type[0].unit, "count");
  assert_string_equal(p->period_type.unit, "nanoseconds");
  /* 10ms, 1000ns, 5us: the largest once in ns */
  assert_int_equal(p->period, 10000000);
  assert_samples(p, "3 3000500: f\n1 2000000000: g\n");
  profile_free(p);
}

static void test_incompatible(void **state) {
  (void)state;
  const char *const counts[] = {"type samples/count\ntype x/count\ns 1 1 : f\n", "type samples/count\ns 1 : f\n", NULL};
  assert_merge_error(counts, "inconsistent samples type count: 2 != 1");
  const char *const plural[] = {"type samples/count\nperiod_type cpus/nanoseconds\ns 1 : f\n",
                                "type samples/count\nperiod_type cpu/nanoseconds\ns 1 : f\n", NULL};
  char *err = merge_error(plural);
  assert_true(!strncmp(err, "incompatible period types ", 26));
  free(err);
  /* worded type/unit, not with Go's %v of a struct: test_incompatible_types_message */
  const char *const period[] = {"type samples/count\nperiod_type cpu/nanoseconds\ns 1 : f\n",
                                "type samples/count\nperiod_type space/bytes\ns 1 : f\n", NULL};
  err = merge_error(period);
  assert_true(!strncmp(err, "period type: incompatible types: ", 33));
  free(err);
  const char *const sample[] = {"type alloc/bytes\ns 1 : f\n", "type inuse/bytes\ns 1 : f\n", NULL};
  err = merge_error(sample);
  assert_true(!strncmp(err, "sample types: incompatible types: ", 34));
  free(err);
  const char *const units[] = {"type alloc/bytes\ns 1 : f\n", "type alloc/seconds\ns 1 : f\n", NULL};
  err = merge_error(units);
  assert_true(!strncmp(err, "sample types: incompatible types: ", 34));
  free(err);
  /* unknown units that are equal are fine; unknown and different are not */
  const char *const widgets[] = {"type w/widgets\ns 1 : f\n", "type w/widgets\ns 2 : f\n", NULL};
  profile *p = merge_descs(widgets);
  assert_samples(p, "3: f\n");
  profile_free(p);
  const char *const mixed[] = {"type w/widgets\ns 1 : f\n", "type w/gadgets\ns 2 : f\n", NULL};
  err = merge_error(mixed);
  assert_true(!strncmp(err, "sample types: incompatible types: ", 34));
  free(err);
  assert_null(profile_merge(NULL, 0, &err));
  assert_text(err, "no profiles to merge");
  free(err);
}

/* Time: the first profile's unless a later one is smaller (zero included, as
 * pprof's combineHeaders does); duration: the sum; period: the largest. */
static void test_header_combination(void **state) {
  (void)state;
  static const struct {
    const char *a, *b;
    int64_t time, duration, period;
  } cases[] = {
      {"time 5\nduration 10\nperiod 3\n", "time 0\nperiod 7\n", 0, 10, 7},
      {"time 0\nperiod 0\n", "time 5\nduration 10\nperiod 2\n", 5, 10, 2},
      {"time 7\nduration 1\nperiod 9\n", "time 3\nduration 2\nperiod 4\n", 3, 3, 9},
      /* the first period is taken as is, even a negative one */
      {"period -5\n", "period -7\n", 0, 0, -5},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *a = xasprintf("type s/count\n%ss 1 : f\n", cases[i].a), *b = xasprintf("type s/count\n%ss 1 : g\n", cases[i].b);
    const char *const d[] = {a, b, NULL};
    profile *p = merge_descs(d);
    assert_int_equal(p->time_nanos, cases[i].time);
    assert_int_equal(p->duration_nanos, cases[i].duration);
    assert_int_equal(p->period, cases[i].period);
    profile_free(p);
    free(a), free(b);
  }
  const char *const d[] = {"type s/count\ntype t/count\ncomment a\ncomment b\ndrop x.*\nkeep xy\ns 1 1 : f\n",
                           "type s/count\ntype t/count\ncomment b\ncomment c\ncomment a\ndefault t\ndrop z\ns 1 1 : f\n",
                           "type s/count\ntype t/count\ndefault s\ncomment c\ns 1 1 : f\n", NULL};
  profile *p = merge_descs(d);
  assert_int_equal(p->ncomments, 3);
  assert_string_equal(p->comments[0], "a");
  assert_string_equal(p->comments[1], "b");
  assert_string_equal(p->comments[2], "c");
  assert_string_equal(p->default_sample_type, "t"); /* the first one set */
  assert_string_equal(p->drop_frames, "x.*");       /* the first profile's */
  assert_string_equal(p->keep_frames, "xy");
  assert_samples(p, "3 3: f\n");
  profile_free(p);
}

/* Samples from different profiles add up when stack and labels match. */
static void test_labels_across_profiles(void **state) {
  (void)state;
  const char *const d[] = {"type s/count\ns 1 : f g ; a=1 n=#5:bytes\ns 2 : f g ; a=2\n",
                           "type s/count\ns 4 : f g ; n=#5:bytes a=1\ns 8 : f g ; a=1 n=#5:kilobytes\n"
                           "s 16 : f g ; a=1 n=#5\n",
                           NULL};
  profile *p = merge_descs(d);
  assert_samples(p, "5: f g; a=1 n=#5:bytes\n"
                    "2: f g; a=2\n"
                    "8: f g; a=1 n=#5:kilobytes\n"
                    "16: f g; a=1 n=#5\n");
  profile_free(p);
}

/* Many profiles: ids stay per source (location 1 of each is its own). */
static void test_ids_are_per_source(void **state) {
  (void)state;
  const char *const d[] = {"type s/count\ns 1 : a b\n", "type s/count\ns 2 : c d\n", "type s/count\ns 4 : b a\n",
                           "type s/count\ns 8 : d c\n", NULL};
  profile *p = merge_descs(d);
  assert_samples(p, "1: a b\n2: c d\n4: b a\n8: d c\n");
  assert_int_equal(p->nlocations, 4);
  assert_int_equal(p->nfunctions, 4);
  for (size_t i = 0; i < 4; i++) assert_int_equal(p->locations[i].id, i + 1);
  profile_free(p);
}

/* Values are interned tuples (profile.h): samples with equal values share
 * one; the merge's sums and profile_scale give each sample its own right
 * values without changing a tuple other samples share. */
static void test_value_tuples(void **state) {
  (void)state;
  profile *p = tb_profile("type s/count\ntype b/bytes\n"
                          "s 1 8 : f\ns 1 8 : g\ns 2 16 : h\ns 1 8 : f\ns 1 8 : k\ns 3 0 : m\n");
  assert_int_equal(p->nvtuples, 3);
  assert_int_equal(p->value_idx[0], p->value_idx[1]);
  assert_int_equal(p->value_idx[0], p->value_idx[4]);
  profile *m = profile_merge(&p, 1, &(char *){NULL}); /* f's two samples are added up: g and k keep 1 8 */
  assert_non_null(m);
  assert_samples(m, "2 16: f\n1 8: g\n2 16: h\n1 8: k\n3 0: m\n");
  assert_int_equal(m->value_idx[0], m->value_idx[2]); /* the sum is h's tuple */
  const double r[] = {1, 0.5};
  profile_scale(m, r); /* tuples scaled once each; m's only scaled value is 0: dropped */
  assert_samples(m, "2 8: f\n1 4: g\n2 8: h\n1 4: k\n");
  assert_int_equal(profile_intern_values(m, (const int64_t[]){1, 4}, 2), m->value_idx[1]); /* found again */
  profile *v = view_new(m);
  profile *c = profile_copy(v);
  assert_samples(c, "2 8: f\n1 4: g\n2 8: h\n1 4: k\n");
  profile_free(c), profile_free(v), profile_free(m);
}

/* profile_scale and profile_normalize (-normalize). */
static void test_scale_and_normalize(void **state) {
  (void)state;
  profile *p = tb_profile("type s/count\ntype b/bytes\ns 3 10 : f\ns 1 1 : g\ns 2 -7 : h\n");
  const double r[] = {0.5, 1};
  profile_scale(p, r);
  /* 1.5 and 0.5 round away from zero; only the scaled type decides whether a sample stays */
  assert_samples(p, "2 10: f\n1 1: g\n1 -7: h\n");
  const double z[] = {0.1, 1};
  profile_scale(p, z);
  assert_samples(p, "");
  profile_free(p);

  p = tb_profile("type s/count\ns 3 : f\ns 1 : g\n");
  profile *base = tb_profile("type s/count\ns 8 : f\n");
  char *err = NULL;
  assert_int_equal(profile_normalize(p, base, &err), 0);
  assert_samples(p, "6: f\n2: g\n");
  profile_free(base);
  base = tb_profile("type t/count\ns 8 : f\n");
  assert_int_equal(profile_normalize(p, base, &err), -1);
  assert_text(err, "incompatible sample types s/count and t/count");
  free(err);
  profile_free(base);
  profile_free(p);
}

/* profile_set_label (pprof::base), replacing an existing value. */
static void test_set_label(void **state) {
  (void)state;
  profile *p = tb_profile("type s/count\ns 1 : f\ns 2 : g ; k=a n=#3\ns 4 : h ; pprof::base=false\n");
  profile_set_label(p, "pprof::base", "true");
  assert_samples(p, "1: f; pprof::base=true\n2: g; k=a pprof::base=true n=#3\n4: h; pprof::base=true\n");
  profile_free(p);
}

/* profile_sample_index: by name, number, inuse_ prefix, default. */
static void test_sample_index(void **state) {
  (void)state;
  profile *p = tb_profile("type alloc_objects/count\ntype alloc_space/bytes\ntype inuse_space/bytes\ns 1 2 3 : f\n");
  char *err = NULL;
  assert_int_equal(profile_sample_index(p, "", &err), 2);
  assert_int_equal(profile_sample_index(p, "alloc_space", &err), 1);
  assert_int_equal(profile_sample_index(p, "0", &err), 0);
  assert_int_equal(profile_sample_index(p, "inuse_alloc_objects", &err), 0);
  assert_int_equal(profile_sample_index(p, "3", &err), -1);
  assert_text(err, "sample_index 3 is outside the range [0..2]");
  free(err);
  assert_int_equal(profile_sample_index(p, "-1", &err), -1);
  assert_text(err, "sample_index -1 is outside the range [0..2]");
  free(err);
  assert_int_equal(profile_sample_index(p, "space", &err), -1);
  assert_text(err, "sample_index \"space\" must be one of: [alloc_objects alloc_space inuse_space]");
  free(err);
  profile_free(p);
  p = tb_profile("type a/count\ntype b/count\ndefault a\ns 1 2 : f\n");
  assert_int_equal(profile_sample_index(p, "", &err), 0);
  profile_free(p);
}

/* profile_numlabel_units (pprof's NumLabelUnits). */
static void test_numlabel_units(void **state) {
  (void)state;
  profile *p = tb_profile("type s/count\n"
                          "s 1 : f ; bytes=#8:bytes request=#3 alignment=#4 n=#1\n"
                          "s 1 : g ; bytes=#9:kilobytes t=#5:ms t=#6:seconds t=#7:ms\n"
                          "s 1 : h ; bytes=#9:megabytes\n");
  numlabel_units u;
  profile_numlabel_units(p, &u);
  assert_string_equal(numlabel_unit(&u, "bytes"), "bytes");
  assert_string_equal(numlabel_unit(&u, "request"), "bytes");
  assert_string_equal(numlabel_unit(&u, "alignment"), "bytes");
  assert_string_equal(numlabel_unit(&u, "n"), "n");
  assert_string_equal(numlabel_unit(&u, "t"), "ms");
  assert_string_equal(numlabel_unit(&u, "absent"), "");
  assert_int_equal(u.nwarnings, 2);
  assert_string_equal(u.warnings[0], "For tag bytes used unit bytes, also encountered unit(s) kilobytes, megabytes");
  assert_string_equal(u.warnings[1], "For tag t used unit ms, also encountered unit(s) seconds");
  numlabel_units_free(&u);
  profile_free(p);
}

static char *merge_err(const char *a, const char *b) {
  profile *ps[2] = {tb_profile(a), tb_profile(b)};
  char *err = NULL;
  profile *p = profile_merge(ps, 2, &err);
  if (p) {
    profile_free(p);
    fail_msg("merge succeeded");
  }
  return err;
}

/* merge.c common_type(): measurement.CommonValueType formats the types with
 * Go's %v of a ValueType struct, {Type Unit typeX unitX}, the indices 0
 * once decoded: `fmt.Errorf("incompatible types: %v %v", *minType, *t)`, so
 * `go tool pprof -top cpu_labels.pb.gz heap.pb.gz` prints "period type:
 * incompatible types: {cpu nanoseconds 0 0} {space bytes 0 0}". tprof words
 * load errors its own way, type/unit (doc/design.md, Errors). */
static void test_incompatible_types_message(void **state) {
  (void)state;
  char *err = merge_err("type samples/count\nperiod_type cpu/nanoseconds\ns 1 : f\n",
                        "type samples/count\nperiod_type space/bytes\ns 1 : f\n");
  assert_text(err, "period type: incompatible types: cpu/nanoseconds and space/bytes");
  free(err);
  err = merge_err("type alloc/bytes\ns 1 : f\n", "type inuse/bytes\ns 1 : f\n");
  assert_text(err, "sample types: incompatible types: alloc/bytes and inuse/bytes");
  free(err);
}

/* merge.c profile_merge(): profile.compatible formats the period types with
 * %v of a *ValueType: `fmt.Errorf("incompatible period types %v and %v",
 * p.PeriodType, pb.PeriodType)` prints "&{cpus nanoseconds 0 0}". */
static void test_incompatible_period_types_message(void **state) {
  (void)state;
  char *err = merge_err("type samples/count\nperiod_type cpus/nanoseconds\ns 1 : f\n",
                        "type samples/count\nperiod_type cpu/nanoseconds\ns 1 : f\n");
  assert_text(err, "incompatible period types cpus/nanoseconds and cpu/nanoseconds");
  free(err);
}

/* profile_copy: an independent profile with the same content (raw prints
 * ids, sample order, labels and mappings), for a profile and for a view;
 * merging the copy does not touch the original. */
static void test_copy(void **state) {
  (void)state;
  profile *p = tb_loaded("type alloc/count\ntype space/bytes\nperiod_type space/bytes\nperiod 512\n"
                         "time 1700000000000000000\ncomment one\ndrop runtime\\..*\n"
                         "mapping 1 0x1000 0x2000 0 /bin/a\n"
                         "s 1 10 : f@0x1100 main@0x1000 ; k=v size=#64:bytes\ns 2 20 : g+f@0x1200 main@0x1000\n");
  char *want = run_report(p, "raw", NULL, NULL, NULL, NULL);
  profile *c = profile_copy(p);
  assert_true(c->serial != p->serial);
  profile *v = view_new(p);
  bool keep[] = {false, true};
  view_keep_samples(v, keep);
  char *want_view = run_report(v, "raw", NULL, NULL, NULL, NULL);
  profile *cv = profile_copy(v);
  profile_free(v);
  profile_free(p);
  char *got = run_report(c, "raw", NULL, NULL, NULL, NULL);
  assert_text(got, want);
  char *got_view = run_report(cv, "raw", NULL, NULL, NULL, NULL);
  assert_text(got_view, want_view);
  assert_string_equal(c->drop_frames, "runtime\\..*");
  profile *two[2] = {c, cv};
  char *err = NULL;
  profile *m = profile_merge(two, 2, &err);
  assert_non_null(m);
  assert_int_equal(m->nsamples, 2);
  profile_free(m);
  free(got), free(want), free(got_view), free(want_view);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_incompatible_types_message),
      cmocka_unit_test(test_incompatible_period_types_message),
      cmocka_unit_test(test_compact_one),
      cmocka_unit_test(test_value_tuples),
      cmocka_unit_test(test_dedup_by_content),
      cmocka_unit_test(test_cancel_remerge),
      cmocka_unit_test(test_mapping_offset),
      cmocka_unit_test(test_units_harmonised),
      cmocka_unit_test(test_incompatible),
      cmocka_unit_test(test_header_combination),
      cmocka_unit_test(test_labels_across_profiles),
      cmocka_unit_test(test_ids_are_per_source),
      cmocka_unit_test(test_scale_and_normalize),
      cmocka_unit_test(test_set_label),
      cmocka_unit_test(test_sample_index),
      cmocka_unit_test(test_numlabel_units),
      cmocka_unit_test(test_copy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
