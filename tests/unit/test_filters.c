/* test_filters.c: pprof's sample filters and profile mutations as views (view.c). */
#include "build.h"

#include "tprof/view.h"

static const char *const app = "type s/count\n"
                               "mapping 1 0x1000 0x8000 0 /bin/app\n"
                               "mapping 2 0x10000 0x20000 0 /lib/libz.so\n"
                               "func main main.go\n"
                               "func run main.go\n"
                               "func parse parse.go\n"
                               "func eval eval.go\n"
                               "func helper eval.go\n"
                               "s 1 : parse run main\n"
                               "s 2 : eval run main\n"
                               "s 4 : deflate@0x10100 eval run main\n"
                               "s 8 : helper+eval run main ; tag=a n=#100:bytes\n"
                               "s 16 : parse main ; tag=b n=#2048:bytes\n"
                               "s 32 : main ; tag=c\n";

/* The samples of desc's profile after applyFocus with opts; *msgs gets the
 * messages (caller frees) unless msgs is NULL, in which case there must be none. */
static char *focused(const char *desc, const char *opts, char **msgs) {
  profile *p = tb_loaded(desc);
  profile *v = view_new(p);
  config c;
  config_init(&c);
  apply_options(&c, opts);
  numlabel_units nlu;
  profile_numlabel_units(p, &nlu);
  strbuf m = STRBUF_INIT;
  char *err = NULL;
  if (!view_apply_focus(v, &c, &nlu, &m, &err)) fail_msg("applyFocus: %s", err);
  char *out = dump_samples(v);
  /* the deferred form (view_apply_focus_deferred, then the mask applied)
   * keeps the same samples and says the same */
  profile *d = view_new(p);
  strbuf dm = STRBUF_INIT;
  bool *keep = NULL;
  if (!view_apply_focus_deferred(d, &c, &nlu, &dm, &err, &keep)) fail_msg("applyFocus deferred: %s", err);
  if (keep) {
    assert_int_equal(d->nsamples, p->nsamples); /* still every sample */
    view_keep_samples(d, keep);
    free(keep);
  }
  char *dout = dump_samples(d);
  assert_string_equal(dout, out);
  assert_string_equal(sb_str(&dm), sb_str(&m));
  free(dout), sb_free(&dm), profile_free(d);
  if (msgs)
    *msgs = sb_steal(&m);
  else if (m.len)
    fail_msg("unexpected messages: %s", m.s);
  sb_free(&m);
  numlabel_units_free(&nlu);
  config_free(&c);
  profile_free(v);
  /* the view never changes the profile it is made from */
  profile *fresh = tb_loaded(desc);
  char *before = dump_samples(p), *again = dump_samples(fresh);
  assert_string_equal(before, again);
  free(before), free(again);
  profile_free(fresh);
  profile_free(p);
  return out;
}

static void check(const char *desc, const char *opts, const char *want) {
  char *got = focused(desc, opts, NULL);
  assert_text(got, want);
  free(got);
}

static void check_msgs(const char *desc, const char *opts, const char *want, const char *want_msgs) {
  char *msgs;
  char *got = focused(desc, opts, &msgs);
  assert_text(got, want);
  assert_text(msgs, want_msgs);
  free(got), free(msgs);
}

/* view_aggregate copies only the tables it rewrites: lines granularity
 * the locations (addresses cleared), functions every table; the base keeps
 * its own, and either can be freed first. */
static void test_aggregate_copies(void **state) {
  (void)state;
  profile *base = tb_loaded("type s/count\nfunc a f.go\nfunc b f.go\ns 1 : a:1@0x10 b:2@0x20\ns 2 : b:3+a:4@0x30\n");
  for (int order = 0; order < 2; order++) {
    char *err = NULL;
    profile *lines = view_new(base), *funcs = view_new(base), *addrs = view_new(base);
    assert_true(view_aggregate(lines, "lines", false, &err));
    assert_true(view_aggregate(funcs, "functions", false, &err));
    assert_true(view_aggregate(addrs, "addresses", false, &err));
    assert_ptr_equal(lines->mappings, base->mappings);
    assert_ptr_equal(lines->functions, base->functions);
    assert_ptr_equal(lines->lines, base->lines);
    assert_ptr_not_equal(lines->locations, base->locations);
    assert_ptr_not_equal(funcs->functions, base->functions);
    assert_ptr_not_equal(funcs->lines, base->lines);
    assert_ptr_not_equal(funcs->locations, base->locations);
    assert_ptr_equal(addrs->locations, base->locations); /* addresses with inlines: nothing to do */
    for (size_t i = 0; i < base->nlocations; i++) {
      assert_int_equal(lines->locations[i].address, 0);
      assert_int_not_equal(base->locations[i].address, 0);
      assert_int_equal(lines->locations[i].line_off, base->locations[i].line_off);
    }
    assert_int_equal(base->lines[base->locations[0].line_off].line, 1);
    assert_int_equal(funcs->lines[funcs->locations[0].line_off].line, 0);
    char *lv = dump_samples(lines);
    assert_string_equal(lv, "1: a:1 b:2\n2: b:3+a:4\n");
    free(lv);
    profile *shared = view_new(base); /* a view taking the lines view's tables */
    view_share_tables(shared, lines);
    if (order) profile_free(lines);
    assert_int_equal(shared->locations[0].address, 0);
    assert_int_equal(shared->functions[0].start_line, base->functions[0].start_line);
    profile_free(shared);
    if (!order) profile_free(lines);
    profile_free(funcs), profile_free(addrs);
  }
  profile_free(base);
}

static void test_focus_ignore(void **state) {
  (void)state;
  /* function name (and its file parse.go) */
  check(app, "focus=parse", "1: parse run main\n16: parse main; tag=b n=#2048:bytes\n");
  /* file name: helper is in eval.go too */
  check(app, "focus=eval\\.go", "2: eval run main\n4: deflate@0x10100 eval run main\n"
                                "8: helper+eval run main; tag=a n=#100:bytes\n");
  /* mapping file */
  check(app, "focus=libz", "4: deflate@0x10100 eval run main\n");
  check(app, "ignore=eval", "1: parse run main\n16: parse main; tag=b n=#2048:bytes\n32: main; tag=c\n");
  check(app, "focus=run;ignore=deflate|parse", "2: eval run main\n8: helper+eval run main; tag=a n=#100:bytes\n");
  /* ignore wins over focus; focus is not even tried where ignore matched */
  check_msgs(app, "focus=main;ignore=main", "", "Focus expression matched no samples\n");
  check_msgs(app, "focus=nothing", "", "Focus expression matched no samples\n");
  check_msgs(app, "ignore=nothing;focus=^main$",
             "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
             "8: helper+eval run main; tag=a n=#100:bytes\n16: parse main; tag=b n=#2048:bytes\n32: main; tag=c\n",
             "Ignore expression matched no samples\n");
}

static void test_hide_show(void **state) {
  (void)state;
  check(app, "hide=^run$", "1: parse main\n2: eval main\n4: deflate@0x10100 eval main\n"
                           "8: helper+eval main; tag=a n=#100:bytes\n16: parse main; tag=b n=#2048:bytes\n"
                           "32: main; tag=c\n");
  /* one line of an inlined location */
  check(app, "hide=helper", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                            "8: eval run main; tag=a n=#100:bytes\n16: parse main; tag=b n=#2048:bytes\n"
                            "32: main; tag=c\n");
  /* by file: a sample left without frames is dropped */
  check(app, "hide=main\\.go", "1: parse\n2: eval\n4: deflate@0x10100 eval\n8: helper+eval; tag=a n=#100:bytes\n"
                               "16: parse; tag=b n=#2048:bytes\n");
  /* by mapping: the whole location */
  check(app, "hide=libz", "1: parse run main\n2: eval run main\n4: eval run main\n"
                          "8: helper+eval run main; tag=a n=#100:bytes\n16: parse main; tag=b n=#2048:bytes\n"
                          "32: main; tag=c\n");
  /* after a focus that dropped samples (the view owns its sample arrays): every sample kept, one dropped */
  check(app, "focus=eval;hide=^run$", "2: eval main\n4: deflate@0x10100 eval main\n8: helper+eval main; tag=a n=#100:bytes\n");
  check(app, "focus=parse;hide=^parse$|^main$", "1: run\n");
  check(app, "show=^eval$", "2: eval\n4: eval\n8: eval; tag=a n=#100:bytes\n");
  /* by mapping: every line of the location stays */
  check(app, "show=libz", "4: deflate@0x10100\n");
  check_msgs(app, "hide=nothing;show=nothing", "", "Hide expression matched no samples\nShow expression matched no samples\n");
  /* show applies after hide, to what hide left: eval and helper (eval.go) are gone */
  check_msgs(app, "hide=eval;show=eval\\.go", "", "Show expression matched no samples\n");
}

static void test_show_from_prune_from(void **state) {
  (void)state;
  check(app, "show_from=run", "1: parse run\n2: eval run\n4: deflate@0x10100 eval run\n"
                              "8: helper+eval run; tag=a n=#100:bytes\n");
  /* the highest match in an inlined location drops the lines above it */
  check(app, "show_from=^helper$", "8: helper; tag=a n=#100:bytes\n");
  check(app, "show_from=libz", "4: deflate@0x10100\n");
  check_msgs(app, "show_from=nothing", "", "ShowFrom expression matched no samples\n");
  check(app, "prune_from=run", "1: run main\n2: run main\n4: run main\n8: run main; tag=a n=#100:bytes\n"
                               "16: parse main; tag=b n=#2048:bytes\n32: main; tag=c\n");
  /* the lowest match keeps itself and what is above it */
  check(app, "prune_from=^eval$", "1: parse run main\n2: eval run main\n4: eval run main\n"
                                  "8: eval run main; tag=a n=#100:bytes\n16: parse main; tag=b n=#2048:bytes\n"
                                  "32: main; tag=c\n");
  /* prune_from matches function names only (simplified), never files */
  check(app, "prune_from=main\\.go", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                                     "8: helper+eval run main; tag=a n=#100:bytes\n"
                                     "16: parse main; tag=b n=#2048:bytes\n32: main; tag=c\n");
  /* recursion: the first match from the leaf */
  check("type s/count\ns 1 : d b c b a\n", "prune_from=b", "1: b c b a\n");
  check("type s/count\ns 1 : d b c b a\n", "show_from=b", "1: d b c b\n");
  /* simplifyFunc: argument lists do not take part */
  check("type s/count\ns 1 : x pkg.Fn(int) main\n", "prune_from=Fn$", "1: pkg.Fn(int) main\n");
}

static void test_tag_filters(void **state) {
  (void)state;
  check(app, "tagfocus=tag=a", "8: helper+eval run main; tag=a n=#100:bytes\n");
  /* without a key, each regex is matched against "key:value": "a" is in "tag" */
  check(app, "tagfocus=a", "8: helper+eval run main; tag=a n=#100:bytes\n16: parse main; tag=b n=#2048:bytes\n"
                           "32: main; tag=c\n");
  check(app, "tagfocus=:c$", "32: main; tag=c\n");
  /* a comma list: with a key any value may match, without one every regex must */
  check(app, "tagfocus=tag=a,c", "8: helper+eval run main; tag=a n=#100:bytes\n32: main; tag=c\n");
  check(app, "tagfocus=tag:,:b", "16: parse main; tag=b n=#2048:bytes\n");
  check_msgs(app, "tagfocus=:a,:b", "", "TagFocus expression matched no samples\n");
  check(app, "tagignore=tag=b", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                                "8: helper+eval run main; tag=a n=#100:bytes\n32: main; tag=c\n");
  check(app, "tagfocus=tag=.;tagignore=tag=c", "8: helper+eval run main; tag=a n=#100:bytes\n"
                                               "16: parse main; tag=b n=#2048:bytes\n");
  check_msgs(app, "tagignore=zzz", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                                   "8: helper+eval run main; tag=a n=#100:bytes\n"
                                   "16: parse main; tag=b n=#2048:bytes\n32: main; tag=c\n",
             "TagIgnore expression matched no samples\n");
}

static void test_numeric_tag_filters(void **state) {
  (void)state;
  static const struct {
    const char *opt, *want, *msgs;
  } cases[] = {
      {"tagfocus=n=1kb:4kb", "16: parse main; tag=b n=#2048:bytes\n",
       "tagfocus:Interpreted '1kb:4kb' as range, not regexp\n"},
      {"tagfocus=:100b", "8: helper+eval run main; tag=a n=#100:bytes\n",
       "tagfocus:Interpreted ':100b' as range, not regexp\n"},
      {"tagfocus=n=:99", "", "tagfocus:Interpreted ':99' as range, not regexp\nTagFocus expression matched no samples\n"},
      {"tagfocus=n=101b:", "16: parse main; tag=b n=#2048:bytes\n",
       "tagfocus:Interpreted '101b:' as range, not regexp\n"},
      {"tagfocus=n=2kb", "16: parse main; tag=b n=#2048:bytes\n", "tagfocus:Interpreted '2kb' as range, not regexp\n"},
      /* no unit: the bare number is not in the labels' unit (bytes), so nothing matches */
      {"tagfocus=n=100", "", "tagfocus:Interpreted '100' as range, not regexp\nTagFocus expression matched no samples\n"},
      /* another unit family never matches */
      {"tagfocus=n=1ms:", "", "tagfocus:Interpreted '1ms:' as range, not regexp\nTagFocus expression matched no samples\n"},
      /* range ends in different unit families: not a range, a regex */
      {"tagfocus=1kb:2ms", "", "TagFocus expression matched no samples\n"},
      {"tagignore=n=2kb:", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                           "8: helper+eval run main; tag=a n=#100:bytes\n32: main; tag=c\n",
       "tagignore:Interpreted '2kb:' as range, not regexp\n"},
      /* a key with no numeric labels */
      {"tagfocus=tag=1:", "", "tagfocus:Interpreted '1:' as range, not regexp\nTagFocus expression matched no samples\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) check_msgs(app, cases[i].opt, cases[i].want, cases[i].msgs);
  /* labels without a unit: the key is the unit, and a bare number matches it */
  check_msgs("type s/count\ns 1 : f ; x=#5\ns 2 : g ; x=#6\n", "tagfocus=x=5", "1: f; x=#5\n",
             "tagfocus:Interpreted '5' as range, not regexp\n");
  /* ... except "request" and "alignment", which are bytes */
  check_msgs("type s/count\ns 1 : f ; request=#2048\ns 2 : g ; request=#10\n", "tagfocus=1kb:",
             "1: f; request=#2048\n", "tagfocus:Interpreted '1kb:' as range, not regexp\n");
}

static void test_tagshow_taghide(void **state) {
  (void)state;
  check(app, "tagshow=^tag$", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                              "8: helper+eval run main; tag=a\n16: parse main; tag=b\n32: main; tag=c\n");
  check(app, "taghide=n", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                          "8: helper+eval run main; tag=a\n16: parse main; tag=b\n32: main; tag=c\n");
  check_msgs(app, "tagshow=zzz;taghide=yyy", "1: parse run main\n2: eval run main\n4: deflate@0x10100 eval run main\n"
                                             "8: helper+eval run main\n16: parse main\n32: main\n",
             "TagShow expression matched no samples\nTagHide expression matched no samples\n");
}

/* Filters run in pprof's order and report in that order. */
static void test_message_order(void **state) {
  (void)state;
  check_msgs(app, "focus=x1;ignore=x2;hide=x3;show=x4;show_from=x5;tagfocus=x6;tagignore=x7;tagshow=x8;taghide=x9",
             "",
             "Focus expression matched no samples\nIgnore expression matched no samples\n"
             "Hide expression matched no samples\nShow expression matched no samples\n"
             "ShowFrom expression matched no samples\nTagFocus expression matched no samples\n"
             "TagIgnore expression matched no samples\nTagShow expression matched no samples\n"
             "TagHide expression matched no samples\n");
}

static void test_bad_regexes(void **state) {
  (void)state;
  static const char *const opts[] = {"focus", "ignore", "hide", "show", "show_from", "prune_from", "tagfocus",
                                     "tagignore", "tagshow", "taghide"};
  profile *p = tb_loaded(app);
  numlabel_units nlu;
  profile_numlabel_units(p, &nlu);
  for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
    config c;
    config_init(&c);
    char *o = xasprintf("%s=a(b", opts[i]);
    apply_options(&c, o);
    profile *v = view_new(p);
    strbuf m = STRBUF_INIT;
    char *err = NULL;
    assert_false(view_apply_focus(v, &c, &nlu, &m, &err));
    char *want = xasprintf("parsing %s regexp: ", opts[i]);
    if (strncmp(err, want, strlen(want))) fail_msg("%s: %s", opts[i], err);
    free(want), free(err), free(o);
    sb_free(&m);
    profile_free(v);
    config_free(&c);
  }
  numlabel_units_free(&nlu);
  profile_free(p);
}

/* The samples after tagroot/tagleaf with opts. */
static char *tag_nodes(const char *desc, const char *opts, char **msgs) {
  profile *p = tb_loaded(desc), *v = view_new(p);
  config c;
  config_init(&c);
  apply_options(&c, opts);
  strbuf m = STRBUF_INIT;
  view_tag_roots_leaves(v, &c, &m);
  char *out = dump_samples(v);
  *msgs = sb_steal(&m);
  config_free(&c);
  profile_free(v);
  profile_free(p);
  return out;
}

static void test_tagroot_tagleaf(void **state) {
  (void)state;
  char *msgs;
  char *got = tag_nodes(app, "tagroot=tag,n", &msgs);
  /* the first key is the new root; samples without the label get an empty frame */
  assert_text(got, "1: parse run main \"\" \"\"\n2: eval run main \"\" \"\"\n4: deflate@0x10100 eval run main \"\" \"\"\n"
                   "8: helper+eval run main 100B a; tag=a n=#100:bytes\n"
                   "16: parse main 2kB b; tag=b n=#2048:bytes\n32: main \"\" c; tag=c\n");
  assert_text(msgs, "");
  free(got), free(msgs);
  got = tag_nodes(app, "tagleaf=tag,n;unit=b", &msgs);
  /* the last key is the new leaf; numbers are scaled to the unit option */
  assert_text(got, "1: \"\" \"\" parse run main\n2: \"\" \"\" eval run main\n4: \"\" \"\" deflate@0x10100 eval run main\n"
                   "8: 100B a helper+eval run main; tag=a n=#100:bytes\n"
                   "16: 2048B b parse main; tag=b n=#2048:bytes\n32: \"\" c main; tag=c\n");
  free(got), free(msgs);
  got = tag_nodes("type s/count\ns 1 : f ; k=x k=y\n", "tagroot=k;tagleaf=zz", &msgs);
  assert_text(got, "1: \"\" f x,y; k=x k=y\n");
  assert_text(msgs, "TagLeaf expression matched no samples\n");
  free(got), free(msgs);
  got = tag_nodes("type s/count\ns 1 : f\n", "tagroot=,zz,", &msgs);
  assert_text(got, "1: f \"\"\n");
  assert_text(msgs, "TagRoot expression matched no samples\n");
  free(got), free(msgs);
  /* the pseudo frames are functions named by the values, in files named by the keys */
  profile *p = tb_loaded("type s/count\ns 1 : f ; k=x\n"), *v = view_new(p);
  config c;
  config_init(&c);
  apply_options(&c, "tagroot=k");
  strbuf m = STRBUF_INIT;
  view_tag_roots_leaves(v, &c, &m);
  size_t n;
  stk st = profile_stack(v, 0, &n);
  assert_int_equal(n, 2);
  const location *l = &v->locations[stk_at(st, 1)];
  assert_int_equal(l->id, 2);
  assert_string_equal(v->functions[v->lines[l->line_off].func].filename, "k");
  assert_int_equal(v->functions[v->lines[l->line_off].func].id, 2);
  assert_int_equal(p->nlocations, 1); /* the base is untouched */
  sb_free(&m);
  config_free(&c);
  profile_free(v);
  profile_free(p);
}

/* The samples after aggregate(granularity, noinlines). */
static char *aggregated(const char *desc, const char *gran, bool noinlines) {
  profile *p = tb_loaded(desc), *v = view_new(p);
  char *err = NULL;
  if (!view_aggregate(v, gran, noinlines, &err)) fail_msg("aggregate: %s", err);
  char *out = dump_samples(v);
  profile_free(v);
  profile_free(p);
  return out;
}

static void test_aggregate(void **state) {
  (void)state;
  const char *desc = "type s/count\nmapping 1 0x1000 0x9000 0 /bin/p\nfunc f f.go 1\nfunc g g.go 9\n"
                     "s 1 : f:3+g:12@0x1100 g:10@0x1200\n";
  static const struct {
    const char *gran;
    bool noinlines;
    const char *want;
  } cases[] = {
      {"addresses", false, "1: f:3+g:12@0x1100 g:10@0x1200\n"},
      {"addresses", true, "1: g:12@0x1100 g:10@0x1200\n"},
      {"lines", false, "1: f:3+g:12 g:10\n"},
      {"lines", true, "1: g:12 g:10\n"},
      {"functions", false, "1: f+g g\n"},
      {"filefunctions", true, "1: g g\n"},
      {"files", false, "1: \"\"+\"\" \"\"\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *got = aggregated(desc, cases[i].gran, cases[i].noinlines);
    assert_text(got, cases[i].want);
    free(got);
  }
  /* what each granularity keeps of functions and mappings */
  profile *p = tb_loaded(desc), *v = view_new(p);
  char *err = NULL;
  assert_true(view_aggregate(v, "files", true, &err));
  assert_string_equal(v->functions[0].name, "");
  assert_string_equal(v->functions[0].filename, "f.go");
  assert_int_equal(v->functions[0].start_line, 1);
  assert_true(v->mappings[0].has_filenames);
  assert_false(v->mappings[0].has_functions || v->mappings[0].has_line_numbers || v->mappings[0].has_inline_frames);
  assert_string_equal(p->functions[0].name, "f"); /* copy on write */
  assert_int_equal(p->locations[0].address, 0x1100);
  profile_free(v);
  v = view_new(p);
  assert_false(view_aggregate(v, "bogus", false, &err));
  assert_text(err, "unexpected granularity");
  free(err);
  profile_free(v);
  profile_free(p);
}

static void test_keep_and_remove_label(void **state) {
  (void)state;
  profile *p = tb_loaded("type s/count\ns 1 : a ; pprof::base=true k=v\ns 2 : b ; pprof::base=true\ns 4 : c\n");
  profile *v = view_new(p);
  const bool keep[] = {true, false, true};
  view_keep_samples(v, keep);
  view_remove_label(v, "pprof::base");
  assert_samples(v, "1: a; k=v\n4: c\n");
  assert_samples(p, "1: a; k=v pprof::base=true\n2: b; pprof::base=true\n4: c\n");
  profile_free(v);
  profile_free(p);
}

/* view_apply_focus_deferred leaves the samples in the view and hands back
 * the mask only when focus and ignore are the only filters that drop or
 * change samples (a hide or show that hides no location whole is fine);
 * applied, the mask keeps what view_apply_focus keeps (focused() checks
 * that for every case of this file). */
static void test_focus_deferred(void **state) {
  (void)state;
  static const struct {
    const char *opts;
    bool deferred;
    size_t kept;
  } cases[] = {
      {"focus=run", true, 4},
      {"ignore=eval", true, 3},
      {"focus=run;ignore=eval", true, 1},
      {"focus=nosuch", true, 0},           /* keeps nothing */
      {"focus=main", true, 6},             /* keeps everything */
      {"focus=run;hide=nosuch", true, 4},  /* hides nothing */
      {"focus=run;hide=helper", true, 4},  /* helper+eval keeps eval: lines change, no location hidden */
      {"focus=run;show=.", true, 4},
      {"focus=run;hide=parse", false, 0},  /* hides a location: stacks change */
      {"show=run", false, 0},
      {"hide=parse", false, 0},
      {"focus=run;tagfocus=tag=a", false, 0},
      {"focus=run;tagignore=tag=a", false, 0},
      {"focus=run;show_from=run", false, 0},
      {"focus=run;prune_from=eval", false, 0},
      {"focus=run;taghide=tag", false, 0},
      {"", false, 0},
  };
  profile *p = tb_loaded(app);
  numlabel_units nlu;
  profile_numlabel_units(p, &nlu);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    config c;
    config_init(&c);
    apply_options(&c, cases[i].opts);
    strbuf m = STRBUF_INIT;
    char *err = NULL;
    bool *keep = NULL;
    profile *v = view_new(p);
    if (!view_apply_focus_deferred(v, &c, &nlu, &m, &err, &keep)) fail_msg("%s: %s", cases[i].opts, err);
    if ((keep != NULL) != cases[i].deferred)
      fail_msg("%s: deferred %d, want %d", cases[i].opts, keep != NULL, cases[i].deferred);
    if (keep) {
      assert_ptr_equal(v->value_idx, p->value_idx); /* nothing copied */
      assert_int_equal(v->nsamples, p->nsamples);
      size_t kept = 0;
      for (size_t s = 0; s < p->nsamples; s++) kept += keep[s];
      if (kept != cases[i].kept) fail_msg("%s: keeps %zu, want %zu", cases[i].opts, kept, cases[i].kept);
    }
    free(keep), sb_free(&m), config_free(&c), profile_free(v);
  }
  numlabel_units_free(&nlu);
  profile_free(p);
}

/* Over 50000 samples the stack scan of focus and ignore runs on threads
 * (view.c keep_by_state): the samples kept are the ones one thread keeps,
 * in order, with their values. */
static void test_focus_threads(void **state) {
  (void)state;
  strbuf d = STRBUF_INIT;
  sb_adds(&d, "type s/count\n");
  static const char *const stacks[] = {"parse run main", "eval run main", "helper main"};
  for (int i = 0; i < 120000; i++) sb_printf(&d, "s %d : %s ; i=#%d\n", i + 1, stacks[i % 3], i);
  profile *p = tb_loaded(sb_str(&d));
  assert_int_equal(p->nsamples, 120000);
  char *dump[2];
  for (int t = 0; t < 2; t++) {
    core_env env = {.threads = t ? 2 : 1};
    config c;
    config_init(&c);
    apply_options(&c, "focus=run;ignore=eval");
    c.env = &env;
    numlabel_units nlu;
    profile_numlabel_units(p, &nlu);
    strbuf m = STRBUF_INIT;
    char *err = NULL;
    profile *v = view_new(p);
    if (!view_apply_focus(v, &c, &nlu, &m, &err)) fail_msg("applyFocus: %s", err);
    assert_int_equal(v->nsamples, 40000); /* the parse stacks: samples 1, 4, 7, ... */
    int64_t sum = 0;
    for (size_t s = 0; s < v->nsamples; s++) sum += profile_values(v, s)[0];
    assert_true(sum == (int64_t)40000 * 1 + (int64_t)3 * 40000 * 39999 / 2);
    assert_int_equal(profile_values(v, 0)[0], 1);
    assert_int_equal(profile_values(v, 39999)[0], 119998);
    assert_int_equal(m.len, 0);
    dump[t] = dump_samples(v);
    profile_free(v);
    sb_free(&m);
    numlabel_units_free(&nlu);
    config_free(&c);
  }
  assert_string_equal(dump[0], dump[1]);
  /* the kept samples' arrays made by chunks (view_kept_alloc/fill: what
   * report.c's copy thread and the thread that settles share), filled in
   * any order, are view_keep_samples' */
  bool *keep = xmalloc(p->nsamples * sizeof *keep);
  for (size_t s = 0; s < p->nsamples; s++) keep[s] = s % 3 == 0 || s % 7 == 0 || s == p->nsamples - 1;
  profile *a = view_new(p), *b = view_new(p);
  view_keep_samples(a, keep);
  kept_samples k;
  size_t *at, nc = view_kept_alloc(b, keep, &k, &at);
  assert_int_equal(nc, (120000 + VIEW_KEPT_CHUNK - 1) / VIEW_KEPT_CHUNK);
  assert_true(nc >= 2);
  assert_int_equal(k.n, a->nsamples);
  for (size_t c = nc; c-- > 0;) view_kept_fill(b, keep, at, c, &k);
  view_kept_install(b, &k);
  free(at);
  char *da = dump_samples(a), *db = dump_samples(b);
  assert_string_equal(da, db);
  free(da), free(db), profile_free(a), profile_free(b);
  /* keeping every sample makes nothing */
  for (size_t s = 0; s < p->nsamples; s++) keep[s] = true;
  assert_int_equal(view_kept_alloc(p, keep, &k, &at), 0);
  assert_null(at);
  free(keep);
  free(dump[0]), free(dump[1]);
  profile_free(p);
  sb_free(&d);
}

/* drop_frames/keep_frames: pprof's Prune. */
static void pruned(const char *desc, const char *drop, const char *keep, const char *want) {
  profile *p = tb_loaded(desc);
  char *err = NULL;
  if (!profile_prune(p, drop, keep, &err)) fail_msg("prune: %s", err);
  assert_samples(p, want);
  profile_free(p);
}

static void test_prune(void **state) {
  (void)state;
  const char *desc = "type s/count\n"
                     "s 1 : malloc mallocgc runtime.newobject main.f main.main\n"
                     "s 2 : main.f runtime.main\n"
                     "s 4 : malloc+main.g main.main\n"
                     "s 8 : x pkg.Fn(int,float) main.main\n"
                     "s 16 : y Foo::operator()(int) main.main\n";
  const char *all = "1: malloc mallocgc runtime.newobject main.f main.main\n2: main.f runtime.main\n"
                    "4: malloc+main.g main.main\n8: x pkg.Fn(int,float) main.main\n"
                    "16: y Foo::operator()(int) main.main\n";
  pruned(desc, "", "anything", all);
  pruned(desc, "runtime\\..*|malloc.*", "",
         "1: main.f main.main\n2: main.f runtime.main\n4: main.g main.main\n8: x pkg.Fn(int,float) main.main\n"
         "16: y Foo::operator()(int) main.main\n");
  pruned(desc, "runtime\\..*|malloc.*", "runtime\\.newobject",
         "1: runtime.newobject main.f main.main\n2: main.f runtime.main\n4: main.g main.main\n"
         "8: x pkg.Fn(int,float) main.main\n16: y Foo::operator()(int) main.main\n");
  /* names are simplified (argument lists cut, operator() kept) and matched whole */
  pruned(desc, "pkg\\.Fn|Foo::operator\\(\\)", "",
         "1: malloc mallocgc runtime.newobject main.f main.main\n2: main.f runtime.main\n"
         "4: malloc+main.g main.main\n8: main.main\n16: main.main\n");
  pruned(desc, "main", "", all);
  char *err = NULL;
  profile *p = tb_loaded(desc);
  assert_false(profile_prune(p, "a(b", "", &err));
  assert_true(!strncmp(err, "failed to compile regexp a(b: ", 30));
  free(err);
  assert_false(profile_prune(p, "x", "(", &err));
  assert_true(!strncmp(err, "failed to compile regexp (: ", 28));
  free(err);
  profile_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aggregate_copies),
      cmocka_unit_test(test_focus_ignore),
      cmocka_unit_test(test_hide_show),
      cmocka_unit_test(test_show_from_prune_from),
      cmocka_unit_test(test_tag_filters),
      cmocka_unit_test(test_numeric_tag_filters),
      cmocka_unit_test(test_tagshow_taghide),
      cmocka_unit_test(test_message_order),
      cmocka_unit_test(test_bad_regexes),
      cmocka_unit_test(test_tagroot_tagleaf),
      cmocka_unit_test(test_aggregate),
      cmocka_unit_test(test_keep_and_remove_label),
      cmocka_unit_test(test_prune),
      cmocka_unit_test(test_focus_threads),
      cmocka_unit_test(test_focus_deferred),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
