/*
 * test_session.c: pprof's interactive command language (session.c) through
 * a capturing session_ui. Expected texts were recorded by piping the same
 * lines into `TZ=UTC go tool pprof` (Go 1.19): its stdout is `out` here, its
 * stderr `info` (ui.Print) and `err` (ui.PrintErr).
 */
#include <unistd.h>

#include "build.h"

#include "tprof/session.h"

typedef struct capture {
  strbuf info, err, out;
  int reports;
  bool take;
} capture;

static void add_line(strbuf *sb, const char *text) {
  sb_adds(sb, text);
  if (!*text || text[strlen(text) - 1] != '\n') sb_addc(sb, '\n');
}

static void cap_print(void *ctx, const char *text) { add_line(&((capture *)ctx)->info, text); }
static void cap_err(void *ctx, const char *text) { add_line(&((capture *)ctx)->err, text); }
static void cap_out(void *ctx, const void *data, size_t n) { sb_add(&((capture *)ctx)->out, data, n); }

static bool cap_report(void *ctx, report *r, const command_def *cmd, const char *arg) {
  capture *c = ctx;
  (void)cmd, (void)arg;
  c->reports++;
  if (!c->take) return false;
  report_free(r);
  return true;
}

typedef struct sfix {
  session s;
  capture cap;
} sfix;

/* A REPL session on desc's profile, as repl_run sets it up (compact labels). */
static void sfix_init(sfix *f, const char *desc) {
  memset(f, 0, sizeof *f);
  session_ui ui = {cap_print, cap_err, cap_out, cap_report, false, &f->cap};
  config c;
  config_init(&c);
  apply_options(&c, "compact_labels=true");
  session_init(&f->s, tb_loaded(desc), &c, NULL, &ui);
  f->s.interactive = true;
  config_free(&c);
}

static void sfix_reset(sfix *f) {
  sb_reset(&f->cap.info), sb_reset(&f->cap.err), sb_reset(&f->cap.out);
}

static void sfix_free(sfix *f) {
  session_free(&f->s);
  sb_free(&f->cap.info), sb_free(&f->cap.err), sb_free(&f->cap.out);
}

/* Run line; check what went to stdout and to stderr (print and print_err). */
static void run(sfix *f, const char *line, const char *out, const char *info, const char *err) {
  sfix_reset(f);
  assert_true(session_exec(&f->s, line));
  assert_text(sb_str(&f->cap.out), out);
  assert_text(sb_str(&f->cap.info), info);
  assert_text(sb_str(&f->cap.err), err);
}

static const char *const wide = "type s/count\nmapping 1 0x1000 0x2000 0 /bin/wide\n"
                                "s 1 : f01 main\ns 2 : f02 main\ns 3 : f03 main\ns 4 : f04 main\n"
                                "s 5 : f05 main\ns 6 : f06 main\ns 7 : f07 main\ns 8 : f08 main\n"
                                "s 9 : f09 main\ns 10 : f10 main\ns 11 : f11 main\ns 12 : f12 main\n";

static const char *const top_header = "      flat  flat%   sum%        cum   cum%\n";

static void test_top_commands(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, wide);
  char *want = xasprintf("Showing nodes accounting for 75, 96.15%% of 78 total\nShowing top 10 nodes out of 13\n%s"
                         "        12 15.38%% 15.38%%         12 15.38%%  f12\n"
                         "        11 14.10%% 29.49%%         11 14.10%%  f11\n"
                         "        10 12.82%% 42.31%%         10 12.82%%  f10\n"
                         "         9 11.54%% 53.85%%          9 11.54%%  f09\n"
                         "         8 10.26%% 64.10%%          8 10.26%%  f08\n"
                         "         7  8.97%% 73.08%%          7  8.97%%  f07\n"
                         "         6  7.69%% 80.77%%          6  7.69%%  f06\n"
                         "         5  6.41%% 87.18%%          5  6.41%%  f05\n"
                         "         4  5.13%% 92.31%%          4  5.13%%  f04\n"
                         "         3  3.85%% 96.15%%          3  3.85%%  f03\n",
                         top_header);
  /* the REPL's top shows 10 nodes; text and top10 are the same */
  run(&f, "top", want, "", "");
  run(&f, "text", want, "", "");
  run(&f, "top10", want, "", "");
  run(&f, "  top 10  ", want, "", "");
  free(want);
  want = xasprintf("Showing nodes accounting for 23, 29.49%% of 78 total\nShowing top 3 nodes out of 13\n%s"
                   "         0     0%%     0%%         78   100%%  main\n"
                   "        12 15.38%% 15.38%%         12 15.38%%  f12\n"
                   "        11 14.10%% 29.49%%         11 14.10%%  f11\n",
                   top_header);
  run(&f, "top3 -cum", want, "", "");
  run(&f, "top --cum 3", want, "", "");
  free(want);
  /* words are focus regexes, -words ignore regexes, for this command only */
  want = xasprintf("Active filters:\n   focus=f0\nShowing nodes accounting for 17, 21.79%% of 78 total\n"
                   "Showing top 2 nodes out of 10\n%s"
                   "         9 11.54%% 11.54%%          9 11.54%%  f09\n"
                   "         8 10.26%% 21.79%%          8 10.26%%  f08\n",
                   top_header);
  run(&f, "top 2 f0", want, "", "");
  free(want);
  want = xasprintf("Active filters:\n   focus=f09|f08\n   ignore=f1|main\n"
                   "Showing nodes accounting for 0, 0%% of 78 total\n%s",
                   top_header);
  run(&f, "top f09 -f1 f08 -main", want, "", "");
  free(want);
  /* a number is a node count only when it fits in 32 bits (ParseInt(t, 10, 32)) */
  want = xasprintf("Active filters:\n   focus=3000000000\nShowing nodes accounting for 0, 0%% of 78 total\n%s",
                   top_header);
  run(&f, "top 3000000000", want, "", "Focus expression matched no samples\n");
  free(want);
  assert_string_equal(f.s.cfg.focus, "");
  assert_int_equal(f.s.cfg.nodecount, -1);
  assert_string_equal(f.s.cfg.sort, "flat");
  /* a bare number sets nodecount for the command */
  want = xasprintf("Showing nodes accounting for 12, 15.38%% of 78 total\nShowing top 1 nodes out of 13\n%s"
                   "        12 15.38%% 15.38%%         12 15.38%%  f12\n",
                   top_header);
  run(&f, "nodecount=1", "", "", "");
  run(&f, "top", want, "", "");
  free(want);
  sfix_free(&f);
}

/* A cancelled report fails with "cancelled" and leaves no half-made
 * weights in the cache: once the flag is cleared the same commands print
 * what they print on a fresh session. */
static void test_cancel(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, wide);
  assert_true(session_exec(&f.s, "top3 -cum")); /* makes the cache */
  sfix fresh;
  sfix_init(&fresh, wide);
  const char *cmds[] = {"top", "list f0", "traces", "peek f1", "tree"};
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
    atomic_store(&f.s.cancel, true);
    sfix_reset(&f);
    assert_true(session_exec(&f.s, cmds[i]));
    assert_text(sb_str(&f.cap.out), "");
    assert_text(sb_str(&f.cap.err), "cancelled\n");
    atomic_store(&f.s.cancel, false);
    sfix_reset(&f), sfix_reset(&fresh);
    assert_true(session_exec(&f.s, cmds[i]));
    assert_true(session_exec(&fresh.s, cmds[i]));
    assert_true(f.cap.out.len > 0);
    assert_text(sb_str(&f.cap.out), sb_str(&fresh.cap.out));
    assert_text(sb_str(&f.cap.err), sb_str(&fresh.cap.err));
  }
  sfix_free(&fresh);
  sfix_free(&f);
}

/* name=value, and the errors pprof prints for the settings it refuses. */
static void test_settings(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ntype cpu/nanoseconds\ns 1 10 : f\n");
  run(&f, "nodecount=x", "", "", "strconv.Atoi: parsing \"x\": invalid syntax\n");
  run(&f, "nodecount", "", "", "please specify a value, e.g. nodecount=<val>\n");
  run(&f, "trim", "", "", ""); /* a bool alone is true */
  assert_true(f.s.cfg.trim);
  run(&f, "trim=false", "", "", "");
  assert_false(f.s.cfg.trim);
  run(&f, "sample_index=bogus", "", "", "sample_index \"bogus\" must be one of: [samples cpu]\n");
  run(&f, "sample_index=0", "", "", "");
  assert_string_equal(f.s.cfg.sample_index, "samples"); /* stored as the type's name */
  run(&f, "  focus = a b //: a comment //: the last one", "", "", "");
  assert_string_equal(f.s.cfg.focus, "a b //: a comment");
  run(&f, "granularity=bogus", "", "", "invalid \"granularity\" value \"bogus\"\n");
  run(&f, "cum", "", "", "unknown config field \"cum\"\n");
  run(&f, "cum=yes", "", "", "unknown config field \"cum\"\n");
  run(&f, "cum=true", "", "", "");
  assert_string_equal(f.s.cfg.sort, "cum");
  /* not an option: a command, whose trailing digits are split off (as in top10) */
  run(&f, "bogus=1", "", "", "unrecognized command: \"bogus=\"\n");
  /* : clears focus, ignore, hide, tagfocus and tagignore, not show */
  apply_options(&f.s.cfg, "focus=a;ignore=b;hide=c;tagfocus=d;tagignore=e;show=g;tagshow=h");
  run(&f, ":", "", "", "");
  assert_string_equal(f.s.cfg.focus, "");
  assert_string_equal(f.s.cfg.ignore, "");
  assert_string_equal(f.s.cfg.hide, "");
  assert_string_equal(f.s.cfg.tagfocus, "");
  assert_string_equal(f.s.cfg.tagignore, "");
  assert_string_equal(f.s.cfg.show, "g");
  assert_string_equal(f.s.cfg.tagshow, "h");
  /* sample type names, total_ and mean_ */
  run(&f, "cpu", "", "", "");
  assert_string_equal(f.s.cfg.sample_index, "cpu");
  run(&f, "mean_samples", "", "", "");
  assert_true(f.s.cfg.mean);
  assert_string_equal(f.s.cfg.sample_index, "samples");
  run(&f, "total_cpu", "", "", "");
  assert_false(f.s.cfg.mean);
  assert_string_equal(f.s.cfg.sample_index, "cpu");
  sfix_free(&f);
}

static void test_command_errors(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ntype cpu/nanoseconds\ns 1 10 : f\n");
  run(&f, "nodecount 5", "", "", "did you mean: nodecount=5\n");
  run(&f, "focus", "", "", "please specify a value, e.g. focus=<val>\n");
  run(&f, "nodefraction 0.1 x", "", "", "did you mean: nodefraction=0.1\n");
  run(&f, "cum 1", "", "", "did you mean: cum=1\n");
  /* sort and granularity have no help of their own: not suggested */
  run(&f, "sort 1", "", "", "unrecognized command: \"sort\"\n");
  run(&f, "bogus", "", "", "unrecognized command: \"bogus\"\n");
  run(&f, "top2x", "", "", "unrecognized command: \"top2x\"\n");
  run(&f, "42", "", "", "unrecognized command: \"42\"\n");
  run(&f, "list", "", "", "command list requires an argument\n");
  run(&f, "peek5", "", "", "no matches found for regexp: 5\n"); /* peek 5 */
  run(&f, "top >", "", "", "unexpected end of line after >\n");
  run(&f, "peek zzz", "", "", "no matches found for regexp: zzz\n");
  run(&f, "help bogus", "", "", "Unknown command: bogus\n");
  run(&f, "help sort", "", "", "Unknown command: sort\n");
  run(&f, "", "", "", "");
  run(&f, "   ", "", "", "");
  sfix_reset(&f);
  assert_false(session_exec(&f.s, "q"));
  assert_false(session_exec(&f.s, "quit"));
  assert_false(session_exec(&f.s, " exit "));
  assert_false(session_exec(&f.s, "exit now"));
  sfix_free(&f);
}

static void test_help(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ntype cpu/nanoseconds\ns 1 10 : f\n");
  strbuf want = STRBUF_INIT;
  options_usage(&want, false);
  sb_adds(&want, "\n  :   Clear focus/ignore/hide/tagfocus/tagignore\n\n  type \"help <cmd|option>\" for more information\n");
  run(&f, "help", "", want.s, "");
  sb_reset(&want);
  command_help(command_find("top"), &want);
  run(&f, "help top", "", want.s, "");
  run(&f, "help lines", "", "Aggregate at the source code line level.\n", "");
  run(&f, "help compact_labels", "", "Show minimal headers\n", "");
  run(&f, "help nodecount", "",
      "Max number of nodes to show\nUses heuristics to limit the number of locations to be displayed.\n"
      "On graphs, dotted edges represent paths through nodes that have been removed.\n\n",
      "");
  run(&f, "help sample_index", "",
      "Sample value to report (0-based index or name)\nProfiles contain multiple values per sample.\n"
      "Use sample_index=i to select the ith value (starting at 0).\n"
      "Or use sample_index=name, with name in [samples cpu].\n\n",
      "");
  sb_free(&want);
  sfix_free(&f);
}

static void test_options_listing(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ntype cpu/nanoseconds\ns 1 10 : f\n");
  run(&f, "total_samples", "", "", "");
  run(&f, "o", "",
      "  call_tree                 = false                \n"
      "  compact_labels            = true                 \n"
      "  divide_by                 = 1                    \n"
      "  drop_negative             = false                \n"
      "  edgefraction              = 0.001                \n"
      "  focus                     = \"\"                   \n"
      "  granularity               = functions            //: [addresses | filefunctions | files | functions | lines]\n"
      "  hide                      = \"\"                   \n"
      "  ignore                    = \"\"                   \n"
      "  intel_syntax              = false                \n"
      "  mean                      = false                \n"
      "  nodecount                 = -1                   //: default\n"
      "  nodefraction              = 0.005                \n"
      "  noinlines                 = false                \n"
      "  normalize                 = false                \n"
      "  output                    = \"\"                   \n"
      "  prune_from                = \"\"                   \n"
      "  relative_percentages      = false                \n"
      "  sample_index              = samples              //: [samples | cpu]\n"
      "  show                      = \"\"                   \n"
      "  show_from                 = \"\"                   \n"
      "  sort                      = flat                 //: [cum | flat]\n"
      "  tagfocus                  = \"\"                   \n"
      "  taghide                   = \"\"                   \n"
      "  tagignore                 = \"\"                   \n"
      "  tagleaf                   = \"\"                   \n"
      "  tagroot                   = \"\"                   \n"
      "  tagshow                   = \"\"                   \n"
      "  trim                      = true                 \n"
      "  trim_path                 = \"\"                   \n"
      "  unit                      = minimum              \n",
      "");
  /* the default sample index is shown as the last type; set values replace "" */
  run(&f, "sample_index=", "", "", "");
  run(&f, "nodecount=7", "", "", "");
  run(&f, "focus=main", "", "", "");
  sfix_reset(&f);
  assert_true(session_exec(&f.s, "options"));
  assert_non_null(strstr(f.cap.info.s, "  sample_index              = cpu                  //: [samples | cpu]\n"));
  assert_non_null(strstr(f.cap.info.s, "  nodecount                 = 7                    \n"));
  assert_non_null(strstr(f.cap.info.s, "  focus                     = main                 \n"));
  assert_null(strstr(f.cap.info.s, "source_path"));
  sfix_free(&f);
}

/* >file writes the report to a file; tags takes tag regexes. */
static void test_output_and_tags(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ns 1 : f ; k=a\ns 2 : g ; k=b\n");
  char path[] = "/tmp/tprof-unit-out-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  char *line = xasprintf("top >%s", path), *msg = xasprintf("Generating report in %s\n", path);
  run(&f, line, "", "", msg);
  FILE *in = fopen(path, "r");
  assert_non_null(in);
  char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, in);
  buf[n] = 0;
  fclose(in);
  assert_text(buf, "Showing nodes accounting for 3, 100% of 3 total\n      flat  flat%   sum%        cum   cum%\n"
                   "         2 66.67% 66.67%          2 66.67%  g\n         1 33.33%   100%          1 33.33%  f\n");
  free(line);
  line = xasprintf("traces > %s", path);
  run(&f, line, "", "", msg);
  assert_string_equal(f.s.cfg.output, "");
  unlink(path);
  free(line), free(msg);
  /* regexes of tags are tag filters */
  run(&f, "tags k:b", " k: Total 2.0\n    2.0 (  100%): b\n\n", "", "");
  run(&f, "tags -k:b", " k: Total 1.0\n    1.0 (  100%): a\n\n", "", "");
  sfix_free(&f);
}

/* A report is offered to ui.report, which may take it (then nothing is printed). */
static void test_report_hook(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ns 1 : f\n");
  run(&f, "top", "Showing nodes accounting for 1, 100% of 1 total\n      flat  flat%   sum%        cum   cum%\n"
                 "         1   100%   100%          1   100%  f\n",
      "", "");
  assert_int_equal(f.cap.reports, 1); /* once, declined (test_report_offered_once) */
  f.cap.take = true;
  f.cap.reports = 0;
  run(&f, "tree", "", "", "");
  assert_int_equal(f.cap.reports, 1);
  run(&f, "raw", "", "", ""); /* unstructured kinds are offered too */
  assert_int_equal(f.cap.reports, 2);
  /* not when the report goes to a file */
  char path[] = "/tmp/tprof-unit-hook-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  char *line = xasprintf("top >%s", path), *msg = xasprintf("Generating report in %s\n", path);
  run(&f, line, "", "", msg);
  assert_int_equal(f.cap.reports, 2);
  unlink(path);
  free(line), free(msg);
  sfix_free(&f);
}

/* The greeting: the profile's labels, then the prompt's invitation. */
static void test_greeting(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type samples/count\ntype cpu/nanoseconds\nduration 2000000000\ntime 1700000000000000000\n"
                "mapping 1 0x1000 0x2000 0 /bin/prog\ncomment hello\ns 1 10000000 : f\n");
  session_greet(&f.s);
  assert_text(f.cap.info.s, "File: prog\nhello\nType: cpu\nTime: Nov 14, 2023 at 10:13pm (UTC)\n"
                            "Duration: 2s, Total samples = 10ms (  0.5%)\n"
                            "Entering interactive mode (type \"help\" for commands, \"o\" for options)\n");
  sfix_free(&f);
  sfix_init(&f, "type alloc/count\ntype inuse/bytes\ns 1 0 : f\n");
  session_greet(&f.s);
  assert_text(f.cap.info.s, "Type: inuse\nNo samples were found with the default sample value type.\n"
                            "Try \"sample_index\" command to analyze different sample values.\n"
                            "Entering interactive mode (type \"help\" for commands, \"o\" for options)\n");
  sfix_free(&f);
}

/* pprof's newCompleter: commands and options by unique prefix, function names by substring. */
static void test_completion(void **state) {
  (void)state;
  sfix f;
  sfix_init(&f, "type s/count\ns 1 : main.helper main.main\ns 1 : main.work main.main\n");
  static const struct {
    const char *line, *want;
  } cases[] = {
      {"trac", "traces"},
      {"TRAC", "traces"},
      {"to", "to"},             /* top, topproto */
      {"gran", "granularity"},
      {"fla", "flat"},          /* a choice */
      {"file", "file"},         /* files, filefunctions */
      {"sample_i", "sample_index"},
      {"zz", "zz"},
      {"", ""},
      {"help tr", "help tr"},   /* traces, tree, trim, trim_path */
      {"help trac", "help traces"},
      {"list hel", "list main.helper"},
      {"list -hel", "list -main.helper"},
      {"top 5 wor", "top 5 main.work"},
      {"list main", "list main"}, /* several functions */
      {"tags hel", "tags hel"},   /* not for tags */
      {"bogus hel", "bogus hel"},
      {"list  hel", "list main.helper"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *got = session_complete_line(&f.s, cases[i].line);
    if (strcmp(got, cases[i].want)) fail_msg("complete '%s': got '%s', want '%s'", cases[i].line, got, cases[i].want);
    free(got);
  }
  const char **w;
  size_t n = session_words(&f.s, &w);
  size_t pprof_commands = 0; /* tprof's extensions are not pprof's words */
  for (size_t i = 0; i < command_count; i++) pprof_commands += !(command_table[i].flags & (CMD_EXTENSION | CMD_REPL));
  assert_int_equal(n, pprof_commands + option_count + 7);
  free(w);
  n = session_function_names(&f.s, &w);
  assert_int_equal(n, 3);
  assert_string_equal(w[0], "main.helper");
  free(w);
  sfix_free(&f);
}

/* session.c session_report() offers each report to ui.report once, taken or
 * declined, structured kinds (top, tree, traces) and text kinds (raw)
 * alike: the contract in session.h ("A structured report was made ...
 * Return true to take ownership"). It once offered a declined structured
 * report a second time. */
static int offered;
static bool decline(void *ctx, report *r, const command_def *cmd, const char *arg) {
  (void)ctx, (void)r, (void)cmd, (void)arg;
  offered++;
  return false;
}
static void ignore_text(void *ctx, const char *text) { (void)ctx, (void)text; }
static void ignore_out(void *ctx, const void *data, size_t n) { (void)ctx, (void)data, (void)n; }

static void test_report_offered_once(void **state) {
  (void)state;
  session s;
  session_ui ui = {ignore_text, ignore_text, ignore_out, decline, false, NULL};
  config c;
  config_init(&c);
  session_init(&s, tb_loaded("type samples/count\ns 1 : f\n"), &c, NULL, &ui);
  config_free(&c);
  const char *cmds[] = {"top", "tree", "traces", "raw"};
  for (size_t i = 0; i < 4; i++) {
    offered = 0;
    assert_true(session_exec(&s, cmds[i]));
    if (offered != 1) fail_msg("%s: offered %d times", cmds[i], offered);
  }
  session_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_report_offered_once),
      cmocka_unit_test(test_top_commands),
      cmocka_unit_test(test_cancel),
      cmocka_unit_test(test_settings),
      cmocka_unit_test(test_command_errors),
      cmocka_unit_test(test_help),
      cmocka_unit_test(test_options_listing),
      cmocka_unit_test(test_output_and_tags),
      cmocka_unit_test(test_report_hook),
      cmocka_unit_test(test_greeting),
      cmocka_unit_test(test_completion),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
