/*
 * test_options.c: the option and command tables (options.c): pprof's config
 * fields and defaults, config.set and configure, choices, the commands, and
 * the help texts. want_usage* were recorded from go tool pprof (Go 1.19):
 * `help` in its interactive mode and `go tool pprof -h`.
 */
#include "build.h"
#include "tprof/session.h"

static const char *const want_usage =
    "  Commands:\n"
    "    callgrind        Outputs a graph in callgrind format\n"
    "    comments         Output all profile comments\n"
    "    disasm           Output assembly listings annotated with samples\n"
    "    dot              Outputs a graph in DOT format\n"
    "    eog              Visualize graph through eog\n"
    "    evince           Visualize graph through evince\n"
    "    gif              Outputs a graph image in GIF format\n"
    "    gv               Visualize graph through gv\n"
    "    kcachegrind      Visualize report in KCachegrind\n"
    "    list             Output annotated source for functions matching regexp\n"
    "    pdf              Outputs a graph in PDF format\n"
    "    peek             Output callers/callees of functions matching regexp\n"
    "    png              Outputs a graph image in PNG format\n"
    "    proto            Outputs the profile in compressed protobuf format\n"
    "    ps               Outputs a graph in PS format\n"
    "    raw              Outputs a text representation of the raw profile\n"
    "    svg              Outputs a graph in SVG format\n"
    "    tags             Outputs all tags in the profile\n"
    "    text             Outputs top entries in text form\n"
    "    top              Outputs top entries in text form\n"
    "    topproto         Outputs top entries in compressed protobuf format\n"
    "    traces           Outputs all profile samples in text form\n"
    "    tree             Outputs a text rendering of call graph\n"
    "    web              Visualize graph through web browser\n"
    "    weblist          Display annotated source in a web browser\n"
    "    o/options        List options and their current values\n"
    "    q/quit/exit/^D   Exit pprof\n"
    "\n"
    "  Options:\n"
    "    call_tree        Create a context-sensitive call tree\n"
    "    compact_labels   Show minimal headers\n"
    "    divide_by        Ratio to divide all samples before visualization\n"
    "    drop_negative    Ignore negative differences\n"
    "    edgefraction     Hide edges below <f>*total\n"
    "    focus            Restricts to samples going through a node matching regexp\n"
    "    hide             Skips nodes matching regexp\n"
    "    ignore           Skips paths going through any nodes matching regexp\n"
    "    intel_syntax     Show assembly in Intel syntax\n"
    "    mean             Average sample value over first value (count)\n"
    "    nodecount        Max number of nodes to show\n"
    "    nodefraction     Hide nodes below <f>*total\n"
    "    noinlines        Ignore inlines.\n"
    "    normalize        Scales profile based on the base profile.\n"
    "    output           Output filename for file-based outputs\n"
    "    prune_from       Drops any functions below the matched frame.\n"
    "    relative_percentages Show percentages relative to focused subgraph\n"
    "    sample_index     Sample value to report (0-based index or name)\n"
    "    show             Only show nodes matching regexp\n"
    "    show_from        Drops functions above the highest matched frame.\n"
    "    source_path      Search path for source files\n"
    "    tagfocus         Restricts to samples with tags in range or matched by regexp\n"
    "    taghide          Skip tags matching this regexp\n"
    "    tagignore        Discard samples with tags in range or matched by regexp\n"
    "    tagleaf          Adds pseudo stack frames for labels key/value pairs at the callstack leaf.\n"
    "    tagroot          Adds pseudo stack frames for labels key/value pairs at the callstack root.\n"
    "    tagshow          Only consider tags matching this regexp\n"
    "    trim             Honor nodefraction/edgefraction/nodecount defaults\n"
    "    trim_path        Path to trim from source paths before search\n"
    "    unit             Measurement units to display\n"
    "\n"
    "  Option groups (only set one per group):\n"
    "    granularity      \n"
    "      functions        Aggregate at the function level.\n"
    "      filefunctions    Aggregate at the function level.\n"
    "      files            Aggregate at the file level.\n"
    "      lines            Aggregate at the source code line level.\n"
    "      addresses        Aggregate at the address level.\n"
    "    sort             \n"
    "      cum              Sort entries based on cumulative weight\n"
    "      flat             Sort entries based on own weight";
static const char *const want_usage_flags =
    "  Output formats (select at most one):\n"
    "    -callgrind       Outputs a graph in callgrind format\n"
    "    -comments        Output all profile comments\n"
    "    -disasm          Output assembly listings annotated with samples\n"
    "    -dot             Outputs a graph in DOT format\n"
    "    -eog             Visualize graph through eog\n"
    "    -evince          Visualize graph through evince\n"
    "    -gif             Outputs a graph image in GIF format\n"
    "    -gv              Visualize graph through gv\n"
    "    -kcachegrind     Visualize report in KCachegrind\n"
    "    -list            Output annotated source for functions matching regexp\n"
    "    -pdf             Outputs a graph in PDF format\n"
    "    -peek            Output callers/callees of functions matching regexp\n"
    "    -png             Outputs a graph image in PNG format\n"
    "    -proto           Outputs the profile in compressed protobuf format\n"
    "    -ps              Outputs a graph in PS format\n"
    "    -raw             Outputs a text representation of the raw profile\n"
    "    -svg             Outputs a graph in SVG format\n"
    "    -tags            Outputs all tags in the profile\n"
    "    -text            Outputs top entries in text form\n"
    "    -top             Outputs top entries in text form\n"
    "    -topproto        Outputs top entries in compressed protobuf format\n"
    "    -traces          Outputs all profile samples in text form\n"
    "    -tree            Outputs a text rendering of call graph\n"
    "    -web             Visualize graph through web browser\n"
    "    -weblist         Display annotated source in a web browser\n"
    "\n"
    "  Options:\n"
    "    -call_tree       Create a context-sensitive call tree\n"
    "    -compact_labels  Show minimal headers\n"
    "    -divide_by       Ratio to divide all samples before visualization\n"
    "    -drop_negative   Ignore negative differences\n"
    "    -edgefraction    Hide edges below <f>*total\n"
    "    -focus           Restricts to samples going through a node matching regexp\n"
    "    -hide            Skips nodes matching regexp\n"
    "    -ignore          Skips paths going through any nodes matching regexp\n"
    "    -intel_syntax    Show assembly in Intel syntax\n"
    "    -mean            Average sample value over first value (count)\n"
    "    -nodecount       Max number of nodes to show\n"
    "    -nodefraction    Hide nodes below <f>*total\n"
    "    -noinlines       Ignore inlines.\n"
    "    -normalize       Scales profile based on the base profile.\n"
    "    -output          Output filename for file-based outputs\n"
    "    -prune_from      Drops any functions below the matched frame.\n"
    "    -relative_percentages Show percentages relative to focused subgraph\n"
    "    -sample_index    Sample value to report (0-based index or name)\n"
    "    -show            Only show nodes matching regexp\n"
    "    -show_from       Drops functions above the highest matched frame.\n"
    "    -source_path     Search path for source files\n"
    "    -tagfocus        Restricts to samples with tags in range or matched by regexp\n"
    "    -taghide         Skip tags matching this regexp\n"
    "    -tagignore       Discard samples with tags in range or matched by regexp\n"
    "    -tagleaf         Adds pseudo stack frames for labels key/value pairs at the callstack leaf.\n"
    "    -tagroot         Adds pseudo stack frames for labels key/value pairs at the callstack root.\n"
    "    -tagshow         Only consider tags matching this regexp\n"
    "    -trim            Honor nodefraction/edgefraction/nodecount defaults\n"
    "    -trim_path       Path to trim from source paths before search\n"
    "    -unit            Measurement units to display\n"
    "\n"
    "  Option groups (only set one per group):\n"
    "    granularity      \n"
    "      -functions       Aggregate at the function level.\n"
    "      -filefunctions   Aggregate at the function level.\n"
    "      -files           Aggregate at the file level.\n"
    "      -lines           Aggregate at the source code line level.\n"
    "      -addresses       Aggregate at the address level.\n"
    "    sort             \n"
    "      -cum             Sort entries based on cumulative weight\n"
    "      -flat            Sort entries based on own weight";

/* Every field of pprof's config (internal/driver/config.go) with its type,
 * default as fmt.Sprint prints it, and whether pprof saves it. */
static const struct {
  const char *name;
  opt_type type;
  const char *dflt;
  bool saved;
} fields[] = {
    {"output", OPT_STRING, "", false},
    {"call_tree", OPT_BOOL, "false", true},
    {"relative_percentages", OPT_BOOL, "false", true},
    {"unit", OPT_STRING, "minimum", true},
    {"compact_labels", OPT_BOOL, "false", true},
    {"source_path", OPT_STRING, "", false},
    {"trim_path", OPT_STRING, "", false},
    {"intel_syntax", OPT_BOOL, "false", true},
    {"mean", OPT_BOOL, "false", true},
    {"sample_index", OPT_STRING, "", false},
    {"divide_by", OPT_FLOAT, "1", false},
    {"normalize", OPT_BOOL, "false", true},
    {"sort", OPT_STRING, "flat", true},
    {"tagroot", OPT_STRING, "", true},
    {"tagleaf", OPT_STRING, "", true},
    {"drop_negative", OPT_BOOL, "false", true},
    {"nodecount", OPT_INT, "-1", true},
    {"nodefraction", OPT_FLOAT, "0.005", true},
    {"edgefraction", OPT_FLOAT, "0.001", true},
    {"trim", OPT_BOOL, "true", true},
    {"focus", OPT_STRING, "", true},
    {"ignore", OPT_STRING, "", true},
    {"prune_from", OPT_STRING, "", true},
    {"hide", OPT_STRING, "", true},
    {"show", OPT_STRING, "", true},
    {"show_from", OPT_STRING, "", true},
    {"tagfocus", OPT_STRING, "", true},
    {"tagignore", OPT_STRING, "", true},
    {"tagshow", OPT_STRING, "", true},
    {"taghide", OPT_STRING, "", true},
    {"noinlines", OPT_BOOL, "false", true},
    {"granularity", OPT_STRING, "functions", true},
    /* tprof's own, after pprof's */
    {"mycode", OPT_BOOL, "false", true},
    {"module", OPT_STRING, "", true},
};

static char *get(const config *c, const char *name) {
  const option_def *o = option_find(name, NULL);
  assert_non_null(o);
  strbuf sb = STRBUF_INIT;
  config_get(c, o, &sb);
  return sb_steal(&sb);
}

static void assert_get(const config *c, const char *name, const char *want) {
  char *v = get(c, name);
  assert_string_equal(v, want);
  free(v);
}

static void test_option_table(void **state) {
  (void)state;
  size_t n = sizeof fields / sizeof *fields;
  assert_int_equal(option_count, n);
  config c;
  config_init(&c);
  for (size_t i = 0; i < n; i++) {
    /* in pprof's field order */
    assert_string_equal(option_table[i].name, fields[i].name);
    bool is_choice = true;
    const option_def *o = option_find(fields[i].name, &is_choice);
    assert_ptr_equal(o, &option_table[i]);
    assert_false(is_choice);
    assert_int_equal(o->type, fields[i].type);
    assert_int_equal(o->saved, fields[i].saved);
    assert_get(&c, fields[i].name, fields[i].dflt);
  }
  assert_int_equal(c.nodecount, -1);
  assert_true(c.trim && !c.mean && !c.call_tree);
  assert_true(c.divide_by == 1.0 && c.nodefraction == 0.005 && c.edgefraction == 0.001);
  config_free(&c);
}

static void test_choices(void **state) {
  (void)state;
  const char *sort[] = {"cum", "flat"}, *gran[] = {"functions", "filefunctions", "files", "lines", "addresses"};
  bool is_choice = false;
  for (size_t i = 0; i < 2; i++) {
    assert_ptr_equal(option_find(sort[i], &is_choice), option_find("sort", NULL));
    assert_true(is_choice);
    assert_string_equal(option_find("sort", NULL)->choices[i], sort[i]);
  }
  for (size_t i = 0; i < 5; i++) {
    assert_ptr_equal(option_find(gran[i], &is_choice), option_find("granularity", NULL));
    assert_true(is_choice);
    assert_string_equal(option_find("granularity", NULL)->choices[i], gran[i]);
  }
  assert_null(option_find("granularity", NULL)->choices[5]);
  assert_null(option_find("bogus", &is_choice));
  assert_false(is_choice);
  assert_string_equal(option_choice_help("lines"), "Aggregate at the source code line level.");
  assert_string_equal(option_choice_help("cum"), "Sort entries based on cumulative weight\n");
  assert_string_equal(option_choice_help("functions"),
                      "Aggregate at the function level.\nIgnores the filename where the function was defined.\n");
  assert_null(option_choice_help("sort"));
  assert_true(option_is_bool("trim"));
  assert_true(option_is_bool("cum"));
  assert_true(option_is_bool("addresses"));
  assert_false(option_is_bool("nodecount"));
  assert_false(option_is_bool("granularity"));
  assert_false(option_is_bool("bogus"));
}

/* config.set: Go's strconv errors, pprof's bool words, choices. */
static void test_config_set(void **state) {
  (void)state;
  static const struct {
    const char *name, *value, *err, *get;
  } cases[] = {
      {"nodecount", "x", "strconv.Atoi: parsing \"x\": invalid syntax", NULL},
      {"nodecount", "", "strconv.Atoi: parsing \"\": invalid syntax", NULL},
      {"nodecount", "1.5", "strconv.Atoi: parsing \"1.5\": invalid syntax", NULL},
      {"nodecount", " 5", "strconv.Atoi: parsing \" 5\": invalid syntax", NULL},
      {"nodecount", "+5", NULL, "5"},
      {"nodecount", "-0", NULL, "0"},
      {"nodecount", "9223372036854775807", NULL, "9223372036854775807"},
      {"nodefraction", "abc", "strconv.ParseFloat: parsing \"abc\": invalid syntax", NULL},
      {"nodefraction", "", "strconv.ParseFloat: parsing \"\": invalid syntax", NULL},
      {"nodefraction", "1e-2", NULL, "0.01"},
      {"nodefraction", ".5", NULL, "0.5"},
      {"nodefraction", "1e-7", NULL, "1e-07"},
      {"divide_by", "123456789", NULL, "1.23456789e+08"},
      {"divide_by", "inf", NULL, "+Inf"},
      {"divide_by", "-Infinity", NULL, "-Inf"},
      {"divide_by", "1_000", NULL, "1000"}, /* Go: underscores between digits */
      {"divide_by", "1__0", "strconv.ParseFloat: parsing \"1__0\": invalid syntax", NULL},
      {"trim", "maybe", "illegal value \"maybe\" for bool variable", NULL},
      {"trim", "YES", NULL, "true"},
      {"trim", "", NULL, "true"},
      {"trim", "F", NULL, "false"},
      {"trim", "n", NULL, "false"},
      {"trim", "0", NULL, "false"},
      {"mean", "Y", NULL, "true"},
      {"sort", "size", "invalid \"sort\" value \"size\"", NULL},
      {"sort", "CUM", "invalid \"sort\" value \"CUM\"", NULL},
      {"sort", "cum", NULL, "cum"},
      {"granularity", "bogus", "invalid \"granularity\" value \"bogus\"", NULL},
      {"granularity", "lines", NULL, "lines"},
      {"unit", "furlongs", NULL, "furlongs"},
      {"focus", "a b", NULL, "a b"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    config c;
    config_init(&c);
    char *err = NULL;
    bool ok = config_set(&c, option_find(cases[i].name, NULL), cases[i].value, &err);
    if (cases[i].err) {
      if (ok) fail_msg("%s=%s accepted", cases[i].name, cases[i].value);
      assert_text(err, cases[i].err);
      free(err);
      /* the field keeps its value */
      assert_get(&c, cases[i].name, fields[option_find(cases[i].name, NULL) - option_table].dflt);
    } else {
      if (!ok) fail_msg("%s=%s: %s", cases[i].name, cases[i].value, err);
      assert_get(&c, cases[i].name, cases[i].get);
    }
    config_free(&c);
  }
}

/* pprof's configure: option names and choice names. */
static void test_config_configure(void **state) {
  (void)state;
  config c;
  config_init(&c);
  char *err = NULL;
  assert_true(config_configure(&c, "cum", "true", &err));
  assert_string_equal(c.sort, "cum");
  assert_true(config_configure(&c, "flat", "1", &err));
  assert_string_equal(c.sort, "flat");
  assert_true(config_configure(&c, "lines", "T", &err));
  assert_string_equal(c.granularity, "lines");
  /* a choice set to false, or to what strconv.ParseBool refuses, is an unknown field */
  static const char *const bad[] = {"false", "0", "yes", "", "TRUE "};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_false(config_configure(&c, "cum", bad[i], &err));
    assert_text(err, "unknown config field \"cum\"");
    free(err);
  }
  assert_string_equal(c.sort, "flat");
  assert_false(config_configure(&c, "bogus", "1", &err));
  assert_text(err, "unknown config field \"bogus\"");
  free(err);
  assert_false(config_configure(&c, "nodecount", "many", &err));
  assert_text(err, "strconv.Atoi: parsing \"many\": invalid syntax");
  free(err);
  assert_true(config_configure(&c, "nodecount", "7", &err));
  assert_int_equal(c.nodecount, 7);
  /* copies are deep */
  config d;
  config_copy(&d, &c);
  assert_true(config_configure(&c, "focus", "x", &err));
  assert_string_equal(d.focus, "");
  assert_string_equal(d.granularity, "lines");
  assert_ptr_not_equal(d.granularity, c.granularity);
  config_free(&d);
  assert_string_equal(*config_str(&c, option_find("focus", NULL)), "x");
  config_free(&c);
}

/* The command table has pprof's commands with their kinds and outputs. */
static void test_commands(void **state) {
  (void)state;
  static const struct {
    const char *name;
    report_kind kind;
    bool param;
    post_kind post;
    visual_kind visual;
    const char *suffix;
  } cmds[] = {
      {"callgrind", RK_CALLGRIND, false, POST_NONE, VIS_AWAY_TTY, "callgraph.out"},
      {"comments", RK_COMMENTS, false, POST_NONE, VIS_NONE, NULL},
      {"disasm", RK_DISASM, true, POST_NONE, VIS_NONE, NULL},
      {"dot", RK_DOT, false, POST_NONE, VIS_NONE, NULL},
      {"eog", RK_DOT, false, POST_DOT, VIS_VIEWER, "svg"},
      {"evince", RK_DOT, false, POST_DOT, VIS_VIEWER, "pdf"},
      {"gif", RK_DOT, false, POST_DOT, VIS_AWAY_TTY, "gif"},
      {"gv", RK_DOT, false, POST_DOT, VIS_VIEWER, "ps"},
      {"kcachegrind", RK_CALLGRIND, false, POST_NONE, VIS_VIEWER, "grind"},
      {"list", RK_LIST, true, POST_NONE, VIS_NONE, NULL},
      {"pdf", RK_DOT, false, POST_DOT, VIS_AWAY_TTY, "pdf"},
      {"peek", RK_TREE, true, POST_NONE, VIS_NONE, NULL},
      {"png", RK_DOT, false, POST_DOT, VIS_AWAY_TTY, "png"},
      {"proto", RK_PROTO, false, POST_NONE, VIS_AWAY_TTY, "pb.gz"},
      {"ps", RK_DOT, false, POST_DOT, VIS_AWAY_TTY, "ps"},
      {"raw", RK_RAW, false, POST_NONE, VIS_NONE, NULL},
      {"svg", RK_DOT, false, POST_SVG, VIS_AWAY_TTY, "svg"},
      {"tags", RK_TAGS, false, POST_NONE, VIS_NONE, NULL},
      {"text", RK_TEXT, false, POST_NONE, VIS_NONE, NULL},
      {"top", RK_TEXT, false, POST_NONE, VIS_NONE, NULL},
      {"topproto", RK_TOPPROTO, false, POST_NONE, VIS_AWAY_TTY, "pb.gz"},
      {"traces", RK_TRACES, false, POST_NONE, VIS_NONE, NULL},
      {"tree", RK_TREE, false, POST_NONE, VIS_NONE, NULL},
      {"web", RK_DOT, false, POST_SVG, VIS_VIEWER, "svg"},
      {"weblist", RK_WEBLIST, true, POST_NONE, VIS_VIEWER, "html"},
  };
  size_t pprof_cmds = 0;
  for (size_t i = 0; i < command_count; i++) pprof_cmds += !(command_table[i].flags & (CMD_EXTENSION | CMD_REPL));
  assert_int_equal(pprof_cmds, sizeof cmds / sizeof *cmds);
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
    const command_def *c = command_find(cmds[i].name);
    if (!c) fail_msg("no command %s", cmds[i].name);
    assert_string_equal(c->name, cmds[i].name);
    assert_int_equal(c->kind, cmds[i].kind);
    assert_int_equal(c->has_param, cmds[i].param);
    assert_int_equal(c->post, cmds[i].post);
    assert_int_equal(c->visual, cmds[i].visual);
    if (cmds[i].suffix) assert_string_equal(c->visual_arg, cmds[i].suffix);
  }
  assert_string_equal(command_find("eog")->viewers[0], "eog");
  assert_string_equal(command_find("gv")->viewers[0], "gv --noantialias");
  assert_null(command_find("web")->viewers); /* the browsers */
  assert_string_equal(command_find("png")->post_arg, "png");
  assert_null(command_find("to"));
  assert_null(command_find("top10"));
  /* pprof's loop words are entries too, with their aliases */
  assert_ptr_equal(command_find("options"), command_find("o"));
  assert_ptr_equal(command_find("quit"), command_find("q"));
  assert_ptr_equal(command_find("exit"), command_find("q"));
  assert_true(command_find("help")->flags & CMD_REPL);
  assert_int_equal(command_find("help")->args, ARGS_HELP);
  assert_int_equal(command_find("tags")->args, ARGS_TAGS);
  /* every entry runs: reports through session_cmd_report */
  for (size_t i = 0; i < command_count; i++) {
    const command_def *c = &command_table[i];
    assert_non_null(c->exec);
    assert_true((c->kind == RK_SESSION) == (c->exec != session_cmd_report));
    assert_true(!c->label || (c->flags & CMD_REPL));
  }
  /* pprof's generateReport overrides are the entries' data */
  assert_string_equal(command_find("list")->granularity, "lines");
  assert_int_equal(command_find("disasm")->inlines, INL_MERGE);
  assert_int_equal(command_find("weblist")->inlines, INL_KEEP);
  assert_true(command_find("peek")->flags & CMD_UNTRIMMED);
  assert_true(command_find("topproto")->flags & CMD_ALL_NODES);
  assert_false(command_find("topproto")->flags & CMD_REPL_TEN);
  assert_true(command_find("top")->flags & CMD_REPL_TEN);
  size_t name_len;
  assert_ptr_equal(command_parse("top10", 5, &name_len), command_find("top"));
  assert_int_equal(name_len, 3);
  assert_ptr_equal(command_parse("top", 3, &name_len), command_find("top"));
  assert_int_equal(name_len, 3);
  assert_null(command_parse("help5", 5, &name_len)); /* pprof's loop words: exactly */
  assert_int_equal(name_len, 4);
  assert_null(command_parse("42", 2, &name_len));
  assert_null(command_find(""));
  assert_null(command_find("TOP"));
}

static void check_help(const char *cmd, const char *want) {
  strbuf sb = STRBUF_INIT;
  command_help(command_find(cmd), &sb);
  assert_text(sb.s, want);
  sb_free(&sb);
}

static void test_command_help(void **state) {
  (void)state;
  check_help("top", "Outputs top entries in text form\n  Usage:\n"
                    "    top [n] [focus_regex]* [-ignore_regex]* [-cum] >f\n    Include up to n samples\n"
                    "    Include samples matching focus_regex, and exclude ignore_regex.\n"
                    "    -cum sorts the output by cumulative weight\n    Optionally save the report on the file f\n\n");
  check_help("list", "Output annotated source for functions matching regexp\n  Usage:\n"
                     "    list<func_regex|address> [-focus_regex]* [-ignore_regex]*\n"
                     "    Include functions matching func_regex, or including the address specified.\n"
                     "    Include samples matching focus_regex, and exclude ignore_regex.\n\n");
  check_help("disasm", "Output assembly listings annotated with samples\n  Usage:\n"
                       "    disasm<func_regex|address> [-focus_regex]* [-ignore_regex]* >f\n"
                       "    Include functions matching func_regex, or including the address specified.\n"
                       "    Include samples matching focus_regex, and exclude ignore_regex.\n"
                       "    Optionally save the report on the file f\n\n");
  check_help("peek", "Output callers/callees of functions matching regexp\n  Usage:\n    peek func_regex\n"
                     "    Display callers and callees of functions matching func_regex.\n\n");
  check_help("web", "Visualize graph through web browser\n  Usage:\n"
                    "    web [n] [focus_regex]* [-ignore_regex]*\n    Include up to n samples\n"
                    "    Include samples matching focus_regex, and exclude ignore_regex.\n\n");
  check_help("dot", "Outputs a graph in DOT format\n  Usage:\n"
                    "    dot [n] [focus_regex]* [-ignore_regex]* >f\n    Include up to n samples\n"
                    "    Include samples matching focus_regex, and exclude ignore_regex.\n"
                    "    Optionally save the report on the file f\n\n");
  check_help("proto", "Outputs the profile in compressed protobuf format\n\n");
}

/* pprof's usage(false) (the REPL's help) and usage(true) (tprof -h), as recorded from go tool pprof. */
static void test_usage(void **state) {
  (void)state;
  strbuf sb = STRBUF_INIT;
  options_usage(&sb, false);
  assert_text(sb.s, want_usage);
  sb_reset(&sb);
  options_usage(&sb, true);
  assert_text(sb.s, want_usage_flags);
  /* stable: the same text twice */
  strbuf again = STRBUF_INIT;
  options_usage(&again, true);
  assert_string_equal(sb.s, again.s);
  sb_free(&again);
  sb_free(&sb);
}

/* options.c config_set(): strconv.Atoi and ParseFloat report out-of-range
 * values as such (pprof's config.set returns their error as is):
 * `echo nodecount=99999999999999999999 | go tool pprof heap.pb.gz` prints
 * strconv.Atoi: parsing "99999999999999999999": value out of range. */
static void test_config_set_out_of_range(void **state) {
  (void)state;
  config c;
  config_init(&c);
  char *err = NULL;
  assert_false(config_configure(&c, "nodecount", "99999999999999999999", &err));
  assert_text(err, "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
  free(err);
  assert_false(config_configure(&c, "divide_by", "1e999", &err));
  assert_text(err, "strconv.ParseFloat: parsing \"1e999\": value out of range");
  free(err);
  config_free(&c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_config_set_out_of_range),
      cmocka_unit_test(test_option_table),
      cmocka_unit_test(test_choices),
      cmocka_unit_test(test_config_set),
      cmocka_unit_test(test_config_configure),
      cmocka_unit_test(test_commands),
      cmocka_unit_test(test_command_help),
      cmocka_unit_test(test_usage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
