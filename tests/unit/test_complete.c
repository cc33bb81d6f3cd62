/* test_complete.c: tab completion (complete.h) and the history file
 * (history.h), on testdata/profiles/heap.pb.gz, cpu_labels.pb.gz and
 * sample.pb.gz. */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "tprof/complete.h"
#include "tprof/env.h"
#include "tprof/history.h"
#include "tprof/session.h"

static session *open_session(const char *rel) {
  char *path = testdata(rel), *err = NULL;
  profile *p = profile_read_file(path, &err);
  if (!p) fail_msg("%s: %s", path, err);
  free(path);
  config cfg;
  config_init(&cfg);
  session_ui ui;
  memset(&ui, 0, sizeof ui);
  session *s = xcalloc(1, sizeof *s);
  session_init(s, p, &cfg, NULL, &ui);
  config_free(&cfg);
  return s;
}

static void close_session(session *s) {
  session_free(s);
  free(s);
}

/* Complete line with the cursor at its end; check what is inserted and
 * the candidates (a space-separated list, "" for none). */
static void check(const session *s, const char *line, const char *insert, const char *cands) {
  completion c;
  complete_line(s, line, strlen(line), &c);
  strbuf got = STRBUF_INIT;
  for (size_t i = 0; i < c.n; i++) sb_printf(&got, "%s%s", i ? " " : "", c.words[i]);
  if (strcmp(sb_str(&got), cands) || strcmp(c.insert, insert))
    fail_msg("complete \"%s\": insert \"%s\" candidates [%s], want \"%s\" [%s]", line, c.insert, sb_str(&got), insert,
             cands);
  sb_free(&got);
  completion_free(&c);
}

static void test_first_word(void **state) {
  (void)state;
  session *s = open_session("profiles/heap.pb.gz");
  check(s, "li", "li", "lines list");
  check(s, "lis", "list", "list");
  check(s, "TRA", "traces", "traces");                       /* pprof lower-cases the token */
  check(s, "nodec", "nodecount=", "nodecount=");
  check(s, "o", "o", "o options output=");
  check(s, "alloc_s", "alloc_space", "alloc_space");         /* sample types are commands */
  check(s, "total_i", "total_inuse_", "total_inuse_objects total_inuse_space");
  check(s, "bogus", "bogus", "");
  check(s, "  he", "help", "help");
  completion c;
  complete_line(s, "  he", 4, &c);
  assert_int_equal(c.start, 2);
  assert_int_equal(c.end, 4);
  assert_false(c.no_space);
  completion_free(&c);
  complete_line(s, "nodec", 5, &c);
  assert_true(c.no_space); /* "nodecount=": the value follows */
  completion_free(&c);
  close_session(s);
}

static void test_option_values(void **state) {
  (void)state;
  session *s = open_session("profiles/heap.pb.gz");
  check(s, "sample_index=", "sample_index=", /* the profile's sample types */
        "sample_index=alloc_objects sample_index=alloc_space sample_index=inuse_objects sample_index=inuse_space");
  check(s, "sample_index=alloc_s", "sample_index=alloc_space", "sample_index=alloc_space");
  check(s, "granularity=f", "granularity=f", "granularity=filefunctions granularity=files granularity=functions");
  check(s, "sort=", "sort=", "sort=cum sort=flat");
  check(s, "trim=", "trim=", "trim=false trim=true");
  check(s, "cum=t", "cum=true", "cum=true");
  check(s, "unit=M", "unit=MB", "unit=MB");                  /* bytes units for a heap profile */
  check(s, "unit=m", "unit=minimum", "unit=minimum");
  check(s, "nodecount=", "nodecount=", "");
  check(s, "focus=joinN", "focus=main.joinNames", "focus=main.joinNames");
  check(s, "ignore=main.b", "ignore=main.build", "ignore=main.buildIndex ignore=main.buildList");
  check(s, "hide=Builder).W", "hide=strings.\\(\\*Builder\\).WriteString", /* quoted as a regexp */
        "hide=strings.\\(\\*Builder\\).WriteString");
  check(s, "focus = main.newB", "main.newBuf", "main.newBuf");  /* "name = value" works too */
  check(s, "tagfocus=by", "tagfocus=bytes=", "tagfocus=bytes=");
  check(s, "tagshow=", "tagshow=bytes", "tagshow=bytes");
  close_session(s);

  s = open_session("profiles/cpu_labels.pb.gz");
  check(s, "unit=m", "unit=m", "unit=minimum unit=ms");        /* time units for a CPU profile */
  check(s, "tagfocus=worker=", "tagfocus=worker=", "tagfocus=worker=a tagfocus=worker=b tagfocus=worker=c");
  check(s, "tagroot=w", "tagroot=worker", "tagroot=worker");
  close_session(s);
}

static void test_arguments(void **state) {
  (void)state;
  session *s = open_session("profiles/heap.pb.gz");
  check(s, "list joinN", "main.joinNames", "main.joinNames"); /* pprof: by substring */
  check(s, "list main.j", "main.joinNames", "main.joinNames");
  check(s, "peek main.new", "main.new", "main.newBuf main.newNode");
  check(s, "top10 joinN", "main.joinNames", "main.joinNames"); /* top10 = top 10 */
  check(s, "top 5 -joinN", "-main.joinNames", "-main.joinNames");
  check(s, "top -c", "-cum", "-cum");
  check(s, "tree -cu", "-cum", "-cum");
  check(s, "list -cu", "-cu", "");                            /* list has no -cum */
  check(s, "list nosuch", "nosuch", "");
  check(s, "tags by", "bytes=", "bytes=");
  check(s, "help nodec", "nodecount", "nodecount");
  check(s, "help gran", "gran", "");                          /* pprof has no help for it */
  check(s, "help li", "li", "lines list");
  check(s, "help list li", "li", "");                        /* one topic only */
  check(s, "bogus main.j", "main.j", "");
  close_session(s);

  s = open_session("sample.pb.gz");
  check(s, "list (*interp).ev", "main.\\(\\*interp\\).eval", "main.\\(\\*interp\\).eval");
  close_session(s);
}

static void test_files(void **state) {
  (void)state;
  char dir[] = "/tmp/tprof-complete-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char *f = xasprintf("%s/report.txt", dir), *d = xasprintf("%s/reports", dir);
  FILE *fp = fopen(f, "w");
  fclose(fp);
  mkdir(d, 0700);
  session *s = open_session("profiles/heap.pb.gz");
  char *line = xasprintf("top >%s/rep", dir);
  char *want = xasprintf(">%s/report", dir);
  char *cands = xasprintf(">%s/report.txt >%s/reports/", dir, dir);
  check(s, line, want, cands);
  free(line), free(want), free(cands);
  line = xasprintf("output=%s/reports", dir);
  want = xasprintf("output=%s/reports/", dir);
  check(s, line, want, want);
  completion c;
  complete_line(s, line, strlen(line), &c);
  assert_true(c.no_space); /* a directory: go on typing inside it */
  assert_int_equal(c.shown_from, strlen("output="));
  completion_free(&c);
  free(line), free(want);
  line = xasprintf("top > %s/report.", dir);
  want = xasprintf("%s/report.txt", dir);
  check(s, line, want, want);
  free(line), free(want);
  close_session(s);
  unlink(f), rmdir(d), rmdir(dir);
  free(f), free(d);
}

static void test_pprof_completer(void **state) {
  (void)state;
  session *s = open_session("profiles/heap.pb.gz");
  struct {
    const char *in, *out;
  } cases[] = {
      {"lis", "list"},        {"TRAC", "traces"},           {"to", "to"},
      {"help nodec", "help nodecount"}, {"help x y", "help x y"}, {"list joinN", "list main.joinNames"},
      {"top  -joinN", "top -main.joinNames"}, {"tags joinN", "tags joinN"}, {"", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *got = session_complete_line(s, cases[i].in);
    assert_string_equal(got, cases[i].out);
    free(got);
  }
  close_session(s);
}

static void test_history(void **state) {
  (void)state;
  char dir[] = "/tmp/tprof-history-XXXXXX";
  assert_non_null(mkdtemp(dir));

  core_env env = {.xdg_state_home = dir}; /* the core reads no environment: main.c fills this */
  char *path = history_path(&env);
  char *want = xasprintf("%s/tprof/history", dir);
  assert_string_equal(path, want);
  struct stat st;
  char *tdir = xasprintf("%s/tprof", dir);
  assert_int_equal(stat(tdir, &st), 0);
  assert_true(S_ISDIR(st.st_mode));

  char **lines;
  size_t total;
  assert_int_equal(history_load(path, 10, &lines, &total), 0); /* no file yet */
  free(lines);
  for (int i = 0; i < 25; i++) {
    char *l = xasprintf("top%d", i);
    assert_true(history_append(path, l));
    free(l);
  }
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  size_t n = history_load(path, 10, &lines, &total);
  assert_int_equal(n, 10);
  assert_int_equal(total, 25);
  assert_string_equal(lines[0], "top15");
  assert_string_equal(lines[9], "top24");
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);
  assert_true(history_trim(path, 5));
  n = history_load(path, 100, &lines, &total);
  assert_int_equal(total, 5);
  assert_string_equal(lines[0], "top20");
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);

  assert_true(history_wanted("top", NULL));
  assert_true(history_wanted("top", "list"));
  assert_false(history_wanted("top", "top"));
  assert_false(history_wanted("  \t", NULL));

  /* a relative XDG_STATE_HOME is ignored (XDG spec): ~/.local/state */
  env.xdg_state_home = "relative";
  env.home = dir;
  char *p2 = history_path(&env);
  char *want2 = xasprintf("%s/.local/state/tprof/history", dir);
  assert_string_equal(p2, want2);
  free(p2), free(want2);

  /* a file where a directory should be: no history, no failure */
  char *blocker = xasprintf("%s/blocked", dir);
  FILE *fp = fopen(blocker, "w");
  fclose(fp);
  env.xdg_state_home = blocker;
  assert_null(history_path(&env));
  assert_false(history_append(NULL, "top"));
  assert_int_equal(history_load(NULL, 10, &lines, NULL), 0);
  free(lines);

  /* issue 15: a FIFO (would block start-up) or a device (/dev/zero never
     ends) is not read, nor appended to; a huge file is read from its last
     16 MiB only, and a line of 1 MiB is skipped */
  char *fifo = xasprintf("%s/fifo", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(history_load(fifo, 10, &lines, &total), 0);
  free(lines);
  assert_false(history_append(fifo, "top"));
  assert_int_equal(history_load("/dev/zero", 10, &lines, &total), 0);
  free(lines);
  assert_true(history_trim("/dev/zero", 5)); /* nothing read, nothing written */
  char *huge = xasprintf("%s/huge", dir);
  fp = fopen(huge, "w");
  fputs("first\n", fp);
  for (int i = 0; i < (1 << 20); i++) fputc('x', fp);
  fputc('\n', fp);
  for (int i = 0; i < (20 << 20) / 8; i++) fputs("aaaaaaa\n", fp);
  fputs("last\n", fp);
  fclose(fp);
  n = history_load(huge, 3, &lines, &total);
  assert_int_equal(n, 3);
  assert_true(total < (17u << 20) / 8);
  assert_string_equal(lines[2], "last");
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines), free(fifo), free(huge);

  char *cmd = xasprintf("rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  free(cmd), free(blocker), free(path), free(want), free(tdir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_first_word),  cmocka_unit_test(test_option_values), cmocka_unit_test(test_arguments),
      cmocka_unit_test(test_files),       cmocka_unit_test(test_pprof_completer), cmocka_unit_test(test_history),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
