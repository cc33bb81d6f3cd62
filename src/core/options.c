/*
 * options.c: the option table and the command table, with pprof's help
 * texts word for word (pprof's `help` output is part of what tprof
 * reproduces byte for byte), and the config get/set rules of pprof's
 * internal/driver/config.go.
 */
#include "tprof/options.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tprof/gofmt.h"
#include "tprof/session.h"

#define F(field) offsetof(config, field)

static const char *const sort_choices[] = {"cum", "flat", NULL};
static const char *const gran_choices[] = {"functions", "filefunctions", "files", "lines", "addresses", NULL};

/* Field order is pprof's config struct order. The filters narrow the view
 * (OPTF_VIEW), show on the status line (OPTF_FILTER); `:` clears some. */
#define VIEW_FILTER (OPTF_VIEW | OPTF_FILTER)
const option_def option_table[] = {
    {"output", OPT_STRING, F(output), NULL, false, "Output filename for file-based outputs\n", OPTF_FILE},
    {"call_tree", OPT_BOOL, F(call_tree), NULL, true,
     "Create a context-sensitive call tree\nTreat locations reached through different paths as separate.\n", 0},
    {"relative_percentages", OPT_BOOL, F(relative_percentages), NULL, true,
     "Show percentages relative to focused subgraph\nIf unset, percentages are relative to full graph before "
     "focusing\nto facilitate comparison with original graph.\n", 0},
    {"unit", OPT_STRING, F(unit), NULL, true,
     "Measurement units to display\nScale the sample values to this unit.\nFor time-based profiles, use seconds, "
     "milliseconds, nanoseconds, etc.\nFor memory profiles, use megabytes, kilobytes, bytes, etc.\nUsing auto will "
     "scale each value independently to the most natural unit.\n", OPTF_VIEW},
    {"compact_labels", OPT_BOOL, F(compact_labels), NULL, true, "Show minimal headers", 0},
    {"source_path", OPT_STRING, F(source_path), NULL, false, "Search path for source files", OPTF_VIEW},
    {"trim_path", OPT_STRING, F(trim_path), NULL, false, "Path to trim from source paths before search", OPTF_VIEW},
    {"intel_syntax", OPT_BOOL, F(intel_syntax), NULL, true,
     "Show assembly in Intel syntax\nOnly applicable to commands `disasm` and `weblist`\n", 0},
    {"mean", OPT_BOOL, F(mean), NULL, true,
     "Average sample value over first value (count)\nFor memory profiles, report average memory per "
     "allocation.\nFor time-based profiles, report average time per event.\n", 0},
    {"sample_index", OPT_STRING, F(sample_index), NULL, false,
     "Sample value to report (0-based index or name)\nProfiles contain multiple values per sample.\nUse "
     "sample_index=i to select the ith value (starting at 0).\n", OPTF_SAMPLE},
    {"divide_by", OPT_FLOAT, F(divide_by), NULL, false,
     "Ratio to divide all samples before visualization\nDivide all samples values by a constant, eg the number of "
     "processors or jobs.\n", 0},
    {"normalize", OPT_BOOL, F(normalize), NULL, true, "Scales profile based on the base profile.\n", 0},
    {"sort", OPT_STRING, F(sort), sort_choices, true, "", 0},
    {"tagroot", OPT_STRING, F(tagroot), NULL, true,
     "Adds pseudo stack frames for labels key/value pairs at the callstack root.\nA comma-separated list of label "
     "keys.\nThe first key creates frames at the new root.\n", OPTF_VIEW},
    {"tagleaf", OPT_STRING, F(tagleaf), NULL, true,
     "Adds pseudo stack frames for labels key/value pairs at the callstack leaf.\nA comma-separated list of label "
     "keys.\nThe last key creates frames at the new leaf.\n", OPTF_VIEW},
    {"drop_negative", OPT_BOOL, F(drop_negative), NULL, true,
     "Ignore negative differences\nDo not show any locations with values <0.\n", 0},
    {"nodecount", OPT_INT, F(nodecount), NULL, true,
     "Max number of nodes to show\nUses heuristics to limit the number of locations to be displayed.\nOn graphs, "
     "dotted edges represent paths through nodes that have been removed.\n", 0},
    {"nodefraction", OPT_FLOAT, F(nodefraction), NULL, true, "Hide nodes below <f>*total", 0},
    {"edgefraction", OPT_FLOAT, F(edgefraction), NULL, true, "Hide edges below <f>*total", 0},
    {"trim", OPT_BOOL, F(trim), NULL, true,
     "Honor nodefraction/edgefraction/nodecount defaults\nSet to false to get the full profile, without any "
     "trimming.\n", 0},
    {"focus", OPT_STRING, F(focus), NULL, true,
     "Restricts to samples going through a node matching regexp\nDiscard samples that do not include a node "
     "matching this regexp.\nMatching includes the function name, filename or object name.\n",
     VIEW_FILTER | OPTF_CLEAR},
    {"ignore", OPT_STRING, F(ignore), NULL, true,
     "Skips paths going through any nodes matching regexp\nIf set, discard samples that include a node matching "
     "this regexp.\nMatching includes the function name, filename or object name.\n",
     VIEW_FILTER | OPTF_CLEAR},
    {"prune_from", OPT_STRING, F(prune_from), NULL, true,
     "Drops any functions below the matched frame.\nIf set, any frames matching the specified regexp and any "
     "frames\nbelow it will be dropped from each sample.\n", VIEW_FILTER},
    {"hide", OPT_STRING, F(hide), NULL, true,
     "Skips nodes matching regexp\nDiscard nodes that match this location.\nOther nodes from samples that include "
     "this location will be shown.\nMatching includes the function name, filename or object name.\n",
     VIEW_FILTER | OPTF_CLEAR},
    {"show", OPT_STRING, F(show), NULL, true,
     "Only show nodes matching regexp\nIf set, only show nodes that match this location.\nMatching includes the "
     "function name, filename or object name.\n", VIEW_FILTER},
    {"show_from", OPT_STRING, F(show_from), NULL, true,
     "Drops functions above the highest matched frame.\nIf set, all frames above the highest match are dropped "
     "from every sample.\nMatching includes the function name, filename or object name.\n", VIEW_FILTER},
    {"tagfocus", OPT_STRING, F(tagfocus), NULL, true,
     "Restricts to samples with tags in range or matched by regexp\nUse name=value syntax to limit the matching to "
     "a specific tag.\nNumeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\nString tag filter examples: foo, "
     "foo.*bar, mytag=foo.*bar\n", VIEW_FILTER | OPTF_CLEAR},
    {"tagignore", OPT_STRING, F(tagignore), NULL, true,
     "Discard samples with tags in range or matched by regexp\nUse name=value syntax to limit the matching to a "
     "specific tag.\nNumeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:\nString tag filter examples: foo, "
     "foo.*bar, mytag=foo.*bar\n", VIEW_FILTER | OPTF_CLEAR},
    {"tagshow", OPT_STRING, F(tagshow), NULL, true,
     "Only consider tags matching this regexp\nDiscard tags that do not match this regexp\n", VIEW_FILTER},
    {"taghide", OPT_STRING, F(taghide), NULL, true, "Skip tags matching this regexp\nDiscard tags that match this regexp\n",
     VIEW_FILTER},
    {"noinlines", OPT_BOOL, F(noinlines), NULL, true,
     "Ignore inlines.\nAttributes inlined functions to their first out-of-line caller.\n", OPTF_VIEW},
    {"granularity", OPT_STRING, F(granularity), gran_choices, true, "", OPTF_VIEW},
    /* tprof's own */
    {"mycode", OPT_BOOL, F(mycode), NULL, true,
     "Hide the Go runtime and standard library (tprof)\nA hide filter: frames of packages whose path has no dot in its "
     "first element\n(runtime, sync, net/http...; main stays) go, and with module set (or guessed\nfrom the profile) "
     "those outside that module too. mycode=on|off.\n", VIEW_FILTER | OPTF_EXTENSION},
    {"module", OPT_STRING, F(module), NULL, true,
     "The main module's path, for mycode (tprof)\nWith mycode on, frames outside this module path are hidden too "
     "(main.* stays).\nEmpty: guessed from the profile's file names when it can be.\n", OPTF_VIEW | OPTF_EXTENSION},
};
const size_t option_count = sizeof option_table / sizeof *option_table;

static const struct {
  const char *choice, *help;
} choice_help[] = {
    {"flat", "Sort entries based on own weight\n"},
    {"cum", "Sort entries based on cumulative weight\n"},
    {"functions", "Aggregate at the function level.\nIgnores the filename where the function was defined.\n"},
    {"filefunctions", "Aggregate at the function level.\nTakes into account the filename where the function was defined.\n"},
    {"files", "Aggregate at the file level."},
    {"lines", "Aggregate at the source code line level."},
    {"addresses", "Aggregate at the address level.\nIncludes functions' addresses in the output.\n"},
};

const char *option_choice_help(const char *choice) {
  for (size_t i = 0; i < sizeof choice_help / sizeof *choice_help; i++)
    if (!strcmp(choice_help[i].choice, choice)) return choice_help[i].help;
  return NULL;
}

char **config_str(config *c, const option_def *o) { return (char **)((char *)c + o->offset); }

void config_init(config *c) {
  memset(c, 0, sizeof *c);
  for (size_t i = 0; i < option_count; i++)
    if (option_table[i].type == OPT_STRING) *config_str(c, &option_table[i]) = xstrdup("");
  free(c->unit), c->unit = xstrdup("minimum");
  free(c->sort), c->sort = xstrdup("flat");
  free(c->granularity), c->granularity = xstrdup("functions");
  c->nodecount = -1;
  c->nodefraction = 0.005;
  c->edgefraction = 0.001;
  c->trim = true;
  c->divide_by = 1.0;
}

void config_free(config *c) {
  for (size_t i = 0; i < option_count; i++)
    if (option_table[i].type == OPT_STRING) {
      free(*config_str(c, &option_table[i]));
      *config_str(c, &option_table[i]) = NULL;
    }
}

void config_copy(config *dst, const config *src) {
  *dst = *src;
  for (size_t i = 0; i < option_count; i++)
    if (option_table[i].type == OPT_STRING) {
      char **p = config_str(dst, &option_table[i]);
      *p = xstrdup(*p ? *p : "");
    }
}

const option_def *option_find(const char *name, bool *is_choice) {
  if (is_choice) *is_choice = false;
  for (size_t i = 0; i < option_count; i++) {
    if (!strcmp(option_table[i].name, name)) return &option_table[i];
    if (option_table[i].choices)
      for (const char *const *ch = option_table[i].choices; *ch; ch++)
        if (!strcmp(*ch, name)) {
          if (is_choice) *is_choice = true;
          return &option_table[i];
        }
  }
  return NULL;
}

void config_get(const config *c, const option_def *o, strbuf *out) {
  const char *base = (const char *)c + o->offset;
  switch (o->type) {
  case OPT_STRING: sb_adds(out, *(char *const *)base); break;
  case OPT_BOOL: sb_adds(out, *(const bool *)base ? "true" : "false"); break;
  case OPT_INT: sb_printf(out, "%lld", (long long)*(const int64_t *)base); break;
  case OPT_FLOAT: go_float_string(out, *(const double *)base); break;
  }
}

static bool string_to_bool(const char *s, bool *v) {
  /* pprof's stringToBool: case-insensitive, and "" means true */
  static const char *t[] = {"true", "t", "yes", "y", "1", ""};
  static const char *f[] = {"false", "f", "no", "n", "0"};
  for (size_t i = 0; i < 6; i++)
    if (!strcasecmp(s, t[i])) return *v = true, true;
  for (size_t i = 0; i < 5; i++)
    if (!strcasecmp(s, f[i])) return *v = false, true;
  return false;
}

bool config_set(config *c, const option_def *o, const char *value, char **err) {
  char *base = (char *)c + o->offset;
  if (o->type == OPT_BOOL && (o->flags & OPTF_EXTENSION)) { /* tprof's own take on/off too */
    if (!strcasecmp(value, "on")) value = "true";
    else if (!strcasecmp(value, "off")) value = "false";
  }
  strbuf sb = STRBUF_INIT;
  switch (o->type) {
  case OPT_STRING:
    if (o->choices) {
      for (const char *const *ch = o->choices; *ch; ch++)
        if (!strcmp(*ch, value)) goto ok;
      sb_adds(&sb, "invalid ");
      go_quote(&sb, o->name);
      sb_adds(&sb, " value ");
      go_quote(&sb, value);
      *err = sb_steal(&sb);
      return false;
    }
  ok:
    free(*(char **)base);
    *(char **)base = xstrdup(value);
    return true;
  case OPT_INT: {
    int64_t v;
    int rc = go_parse_int(value, 64, &v);
    if (rc != GO_NUM_OK) {
      sb_adds(&sb, "strconv.Atoi: parsing ");
      go_quote(&sb, value);
      sb_adds(&sb, rc == GO_NUM_RANGE ? ": value out of range" : ": invalid syntax");
      *err = sb_steal(&sb);
      return false;
    }
    *(int64_t *)base = v;
    return true;
  }
  case OPT_FLOAT: {
    double v;
    int rc = go_parse_float_err(value, &v);
    if (rc != GO_NUM_OK) {
      sb_adds(&sb, "strconv.ParseFloat: parsing ");
      go_quote(&sb, value);
      sb_adds(&sb, rc == GO_NUM_RANGE ? ": value out of range" : ": invalid syntax");
      *err = sb_steal(&sb);
      return false;
    }
    *(double *)base = v;
    return true;
  }
  case OPT_BOOL: {
    bool v;
    if (!string_to_bool(value, &v)) {
      *err = xasprintf("illegal value \"%s\" for bool variable", value);
      return false;
    }
    *(bool *)base = v;
    return true;
  }
  }
  return false;
}

bool config_configure(config *c, const char *name, const char *value, char **err) {
  bool is_choice;
  const option_def *o = option_find(name, &is_choice);
  strbuf sb = STRBUF_INIT;
  if (!o) {
    sb_adds(&sb, "unknown config field ");
    go_quote(&sb, name);
    *err = sb_steal(&sb);
    return false;
  }
  if (!is_choice) return config_set(c, o, value, err);
  bool v;
  if (go_parse_bool(value, &v) && v) return config_set(c, o, name, err);
  sb_adds(&sb, "unknown config field ");
  go_quote(&sb, name);
  *err = sb_steal(&sb);
  return false;
}

bool option_is_bool(const char *name) {
  bool is_choice;
  const option_def *o = option_find(name, &is_choice);
  if (!o) return false;
  if (is_choice) return true;
  return o->type == OPT_BOOL;
}

/* ---- commands ---- */

#define REPORT_HELP(c) c " [n] [focus_regex]* [-ignore_regex]*"
#define RH_BASE "\nInclude up to n samples\nInclude samples matching focus_regex, and exclude ignore_regex."
#define RH_CUM_REDIRECT(c)                                                                                         \
  REPORT_HELP(c) " [-cum] >f" RH_BASE "\n-cum sorts the output by cumulative weight\nOptionally save the report "  \
                 "on the file f"
#define RH_REDIRECT(c) REPORT_HELP(c) " >f" RH_BASE "\nOptionally save the report on the file f"
#define RH_PLAIN(c) REPORT_HELP(c) RH_BASE
#define LIST_HELP(c)                                                                                               \
  c "<func_regex|address> [-focus_regex]* [-ignore_regex]*\nInclude functions matching func_regex, or including " \
    "the address specified.\nInclude samples matching focus_regex, and exclude ignore_regex."
#define LIST_HELP_REDIRECT(c)                                                                                      \
  c "<func_regex|address> [-focus_regex]* [-ignore_regex]* >f\nInclude functions matching func_regex, or "        \
    "including the address specified.\nInclude samples matching focus_regex, and exclude ignore_regex.\n"         \
    "Optionally save the report on the file f"

static const char *const eog_viewer[] = {"eog", NULL};
static const char *const evince_viewer[] = {"evince", NULL};
static const char *const gv_viewer[] = {"gv --noantialias", NULL};
static const char *const kcachegrind_viewer[] = {"kcachegrind", NULL};

/* The report commands' exec is session_cmd_report; the rest are the
 * session's own. A new command is one entry here. */
#define REPORT session_cmd_report
#define GRAPH(fmt, vis, suffix) .kind = RK_DOT, .post = POST_DOT, .post_arg = fmt, .visual = vis, .visual_arg = suffix
/* pprof's raw formats (proto, raw, callgrind): every address, untrimmed */
#define RAW_FORMAT .flags = CMD_UNTRIMMED, .granularity = "addresses", .inlines = INL_KEEP

static const char *const options_aliases[] = {"options", NULL};
static const char *const quit_aliases[] = {"quit", "exit", NULL};

const command_def command_table[] = {
    {.name = "callgrind", .exec = REPORT, .kind = RK_CALLGRIND, RAW_FORMAT, .visual = VIS_AWAY_TTY,
     .visual_arg = "callgraph.out", .description = "Outputs a graph in callgrind format",
     .usage = RH_REDIRECT("callgrind")},
    {.name = "comments", .exec = REPORT, .kind = RK_COMMENTS, .description = "Output all profile comments",
     .usage = ""},
    {.name = "disasm", .exec = REPORT, .kind = RK_DISASM, .has_param = true, .flags = CMD_UNTRIMMED,
     .granularity = "addresses", .inlines = INL_MERGE, .description = "Output assembly listings annotated with samples",
     .usage = LIST_HELP_REDIRECT("disasm")},
    {.name = "dot", .exec = REPORT, .kind = RK_DOT, .description = "Outputs a graph in DOT format",
     .usage = RH_REDIRECT("dot")},
    {.name = "eog", .exec = REPORT, GRAPH("svg", VIS_VIEWER, "svg"), .viewers = eog_viewer,
     .description = "Visualize graph through eog", .usage = RH_PLAIN("eog")},
    {.name = "evince", .exec = REPORT, GRAPH("pdf", VIS_VIEWER, "pdf"), .viewers = evince_viewer,
     .description = "Visualize graph through evince", .usage = RH_PLAIN("evince")},
    {.name = "flame", .exec = REPORT, .kind = RK_FLAME, .flags = CMD_EXTENSION | CMD_UNTRIMMED,
     .description = "Outputs the samples' stacks folded for flame graphs (tprof)",
     .usage = "flame [focus_regex]* [-ignore_regex]* [>f]\nThe stacks merged root first, one \"root;...;leaf value\" "
              "line per stack\n(the input of flamegraph.pl and speedscope); the curses UI draws them (F12).\n"
              "Every frame is kept (as for list and peek) and values are signed: on a -diff_base\n"
              "profile each function folds to its -top -nodefraction=0 flat and cum."},
    {.name = "graph", .exec = REPORT, .kind = RK_GRAPH, .flags = CMD_EXTENSION,
     .description = "Draw the call graph in the curses UI's graph pane (tprof)",
     .usage = "graph [n] [focus_regex]* [-ignore_regex]*\nThe graph -dot describes, laid out by graphviz and drawn in the "
              "terminal (M-d);\noutside the curses UI it prints the DOT text, as dot does."},
    {.name = "gif", .exec = REPORT, GRAPH("gif", VIS_AWAY_TTY, "gif"), .description = "Outputs a graph image in GIF format",
     .usage = RH_REDIRECT("gif")},
    {.name = "gv", .exec = REPORT, GRAPH("ps", VIS_VIEWER, "ps"), .viewers = gv_viewer,
     .description = "Visualize graph through gv", .usage = RH_PLAIN("gv")},
    {.name = "growth", .exec = session_cmd_growth, .kind = RK_SESSION, .flags = CMD_EXTENSION,
     .description = "Report what changed between two snapshots (tprof, after refetch or watch)",
     .usage = "growth [A B] [command [args]]\nRun a report command (default: top) on snapshot B with snapshot A as\n"
              "-diff_base (numbers as `snapshot` lists them, or first and last); without A B, on\n"
              "the current profile with the snapshot before it: positive values grew since.\n"
              "E.g. growth, growth 1 4, growth first last, growth top20 -cum, growth 1 4 list main.handler"},
    {.name = "help", .exec = session_cmd_help, .kind = RK_SESSION, .flags = CMD_REPL, .args = ARGS_HELP,
     .description = "Show the commands and options, or help on one", .usage = ""},
    {.name = "info", .exec = session_cmd_info, .kind = RK_SESSION, .flags = CMD_EXTENSION, .args = ARGS_NONE,
     .description = "Show the profile's header, sample types, counts and sources (tprof)",
     .usage = "info\nThe profile's File, Build ID, Type, Time and Duration lines as pprof prints them\n"
              "before a report, its comments, the sample types with their totals, the number of\n"
              "samples, locations, functions and mappings, and the sources it was loaded from."},
    {.name = "kcachegrind", .exec = REPORT, .kind = RK_CALLGRIND, RAW_FORMAT, .visual = VIS_VIEWER,
     .visual_arg = "grind", .viewers = kcachegrind_viewer, .description = "Visualize report in KCachegrind",
     .usage = RH_PLAIN("kcachegrind")},
    {.name = "list", .exec = REPORT, .kind = RK_LIST, .has_param = true, .flags = CMD_UNTRIMMED,
     .granularity = "lines", .description = "Output annotated source for functions matching regexp",
     .usage = LIST_HELP("list")},
    {.name = "messages", .exec = session_cmd_messages, .kind = RK_SESSION, .flags = CMD_EXTENSION, .args = ARGS_NONE,
     .description = "Show the curses UI's message history (tprof)",
     .usage = "messages\nEvery message and error of the session, whole, oldest first (the message line\n"
              "shows only the last command's). The line REPL prints each one as it comes."},
    {.name = "o", .aliases = options_aliases, .label = "o/options", .exec = session_cmd_options, .kind = RK_SESSION,
     .flags = CMD_REPL, .args = ARGS_NONE, .description = "List options and their current values", .usage = ""},
    {.name = "pdf", .exec = REPORT, GRAPH("pdf", VIS_AWAY_TTY, "pdf"), .description = "Outputs a graph in PDF format",
     .usage = RH_REDIRECT("pdf")},
    {.name = "peek", .exec = REPORT, .kind = RK_TREE, .has_param = true, .flags = CMD_UNTRIMMED,
     .description = "Output callers/callees of functions matching regexp",
     .usage = "peek func_regex\nDisplay callers and callees of functions matching func_regex."},
    {.name = "png", .exec = REPORT, GRAPH("png", VIS_AWAY_TTY, "png"),
     .description = "Outputs a graph image in PNG format",
     .usage = RH_REDIRECT("png")},
    {.name = "proto", .exec = REPORT, .kind = RK_PROTO, RAW_FORMAT, .visual = VIS_AWAY_TTY, .visual_arg = "pb.gz",
     .description = "Outputs the profile in compressed protobuf format", .usage = ""},
    {.name = "ps", .exec = REPORT, GRAPH("ps", VIS_AWAY_TTY, "ps"), .description = "Outputs a graph in PS format",
     .usage = RH_REDIRECT("ps")},
    {.name = "q", .aliases = quit_aliases, .label = "q/quit/exit/^D", .exec = session_cmd_quit, .kind = RK_SESSION,
     .flags = CMD_REPL, .args = ARGS_NONE, .description = "Exit pprof", .usage = ""},
    {.name = "raw", .exec = REPORT, .kind = RK_RAW, RAW_FORMAT,
     .description = "Outputs a text representation of the raw profile", .usage = ""},
    {.name = "refetch", .exec = session_cmd_refetch, .kind = RK_SESSION, .flags = CMD_EXTENSION, .args = ARGS_NONE,
     .description = "Load the profile again from the same sources (tprof)",
     .usage = "refetch\nFetch the session's URLs again (saving each fetch as at startup) and read its files\n"
              "again; the result becomes the current profile and the one it replaces is kept\nfor growth."},
    {.name = "snapshot", .exec = session_cmd_snapshot, .kind = RK_SESSION, .flags = CMD_EXTENSION,
     .args = ARGS_NONE, .description = "List the snapshots, or make one the current profile (tprof)",
     .usage = "snapshot [N|next|prev|first|last]\nAlone, list the session's snapshots (each fetch: startup, refetch, "
              "watch; or\nthe sources one by one for a timeline), the current one starred. With N (from 1)\n"
              "or a direction, make that snapshot the current profile: every report follows."},
    {.name = "svg", .exec = REPORT, .kind = RK_DOT, .post = POST_SVG, .post_arg = "svg", .visual = VIS_AWAY_TTY,
     .visual_arg = "svg", .description = "Outputs a graph in SVG format", .usage = RH_REDIRECT("svg")},
    {.name = "tags", .exec = REPORT, .kind = RK_TAGS, .args = ARGS_TAGS,
     .description = "Outputs all tags in the profile",
     .usage = "tags [tag_regex]* [-ignore_regex]* [>file]\nList tags with key:value matching tag_regex and exclude "
              "ignore_regex."},
    {.name = "text", .exec = REPORT, .kind = RK_TEXT, .flags = CMD_ALL_NODES | CMD_REPL_TEN,
     .description = "Outputs top entries in text form", .usage = RH_CUM_REDIRECT("text")},
    {.name = "timeline", .exec = REPORT, .kind = RK_TIMELINE, .flags = CMD_EXTENSION,
     .description = "Outputs each node's value at every snapshot, largest growth first (tprof)",
     .usage = "timeline [n] [focus_regex]* [-ignore_regex]* [-cum] [>f]\nThe snapshots (files given with "
              "-timeline, or each fetch of refetch and watch),\nin time order, never merged: one row per node with "
              "its flat (or -cum) value at\neach, the change from first to last, the rate per minute, a sparkline, "
              "and\n\"steady\" when it grew at every step. Filters, sample_index and granularity apply."},
    {.name = "top", .exec = REPORT, .kind = RK_TEXT, .flags = CMD_ALL_NODES | CMD_REPL_TEN,
     .description = "Outputs top entries in text form", .usage = RH_CUM_REDIRECT("top")},
    {.name = "topproto", .exec = REPORT, .kind = RK_TOPPROTO, .flags = CMD_ALL_NODES, .visual = VIS_AWAY_TTY,
     .visual_arg = "pb.gz", .description = "Outputs top entries in compressed protobuf format", .usage = ""},
    {.name = "traces", .exec = REPORT, .kind = RK_TRACES, .description = "Outputs all profile samples in text form",
     .usage = ""},
    {.name = "tree", .exec = REPORT, .kind = RK_TREE, .description = "Outputs a text rendering of call graph",
     .usage = RH_CUM_REDIRECT("tree")},
    {.name = "web", .exec = REPORT, .kind = RK_DOT, .post = POST_SVG, .post_arg = "svg", .visual = VIS_VIEWER,
     .visual_arg = "svg", .description = "Visualize graph through web browser", .usage = RH_PLAIN("web")},
    {.name = "watch", .exec = session_cmd_watch, .kind = RK_SESSION, .flags = CMD_EXTENSION,
     .description = "Fetch the sources again every few seconds (tprof)",
     .usage = "watch SECONDS | watch off | watch now | watch\nEvery SECONDS, fetch the session's URLs again (saved "
              "as refetch saves them) and\nread its files again when they changed; each new profile is a new "
              "snapshot and\nthe current profile. The curses UI updates every pane with no key pressed."},
    {.name = "weblist", .exec = REPORT, .kind = RK_WEBLIST, .has_param = true, .flags = CMD_UNTRIMMED,
     .granularity = "addresses", .inlines = INL_KEEP, .visual = VIS_VIEWER, .visual_arg = "html",
     .description = "Display annotated source in a web browser", .usage = LIST_HELP("weblist")},
};
const size_t command_count = sizeof command_table / sizeof *command_table;

const command_def *command_find(const char *name) {
  for (size_t i = 0; i < command_count; i++) {
    const command_def *c = &command_table[i];
    if (!strcmp(c->name, name)) return c;
    if (c->aliases)
      for (const char *const *a = c->aliases; *a; a++)
        if (!strcmp(*a, name)) return c;
  }
  return NULL;
}

const command_def *command_parse(const char *word, size_t n, size_t *name_len) {
  char *name = xstrndup(word, n);
  const command_def *c = command_find(name);
  size_t d = n;
  if (!c) {
    while (d > 0 && isdigit((unsigned char)name[d - 1])) d--;
    if (d < n && d > 0) {
      name[d] = 0;
      c = command_find(name);
      if (c && (c->flags & CMD_REPL)) c = NULL;
    } else {
      d = n;
    }
  }
  free(name);
  if (name_len) *name_len = d;
  return c;
}

static void fmt_help(strbuf *sb, const char *prefix, const char *name, const char *desc) {
  char *n = xasprintf("%s%s", prefix, name);
  size_t k = strcspn(desc, "\n");
  sb_printf(sb, "    %-16s %.*s", n, (int)k, desc);
  free(n);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void join_sorted(strbuf *out, char **items, size_t n, bool sort) {
  if (sort) qsort(items, n, sizeof *items, cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (i) sb_addc(out, '\n');
    sb_adds(out, items[i]);
    free(items[i]);
  }
}

void options_tprof_usage(strbuf *out) {
  sb_adds(out, "  tprof's own commands (not in pprof):\n");
  for (size_t i = 0; i < command_count; i++) {
    if (!(command_table[i].flags & CMD_EXTENSION)) continue;
    fmt_help(out, "", command_table[i].name, command_table[i].description);
    sb_addc(out, '\n');
  }
  sb_adds(out, "\n  tprof's own options (not in pprof):\n");
  for (size_t i = 0; i < option_count; i++) {
    if (!(option_table[i].flags & OPTF_EXTENSION)) continue;
    fmt_help(out, "", option_table[i].name, option_table[i].help);
    sb_addc(out, '\n');
  }
  sb_adds(out, "\n  type \"help <cmd|option>\" for more information\n");
}

void options_usage(strbuf *out, bool command_line) {
  const char *prefix = command_line ? "-" : "";
  char **items = xcalloc(command_count + option_count + 4, sizeof *items);
  size_t n = 0;
  for (size_t i = 0; i < command_count; i++) {
    if (command_table[i].flags & (CMD_EXTENSION | CMD_REPL)) continue;
    strbuf sb = STRBUF_INIT;
    fmt_help(&sb, prefix, command_table[i].name, command_table[i].description);
    items[n++] = sb_steal(&sb);
  }
  qsort(items, n, sizeof *items, cmp_str);
  if (command_line) {
    sb_adds(out, "  Output formats (select at most one):\n");
  } else {
    /* pprof appends its loop's words after the sorted commands */
    sb_adds(out, "  Commands:\n");
    for (size_t i = 0; i < command_count; i++) {
      const command_def *c = &command_table[i];
      if (!(c->flags & CMD_REPL) || !c->label || (c->flags & CMD_EXTENSION)) continue;
      strbuf sb = STRBUF_INIT;
      fmt_help(&sb, "", c->label, c->description);
      items[n++] = sb_steal(&sb);
    }
  }
  join_sorted(out, items, n, false);
  sb_adds(out, "\n\n  Options:\n");
  n = 0;
  char **radios = xcalloc(option_count, sizeof *radios);
  size_t nr = 0;
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    if (o->flags & OPTF_EXTENSION) continue; /* `help tprof` */
    strbuf sb = STRBUF_INIT;
    if (!o->choices) {
      fmt_help(&sb, prefix, o->name, o->help);
      items[n++] = sb_steal(&sb);
      continue;
    }
    fmt_help(&sb, "", o->name, "");
    for (const char *const *ch = o->choices; *ch; ch++) {
      sb_adds(&sb, "\n  ");
      fmt_help(&sb, prefix, *ch, option_choice_help(*ch));
    }
    radios[nr++] = sb_steal(&sb);
  }
  join_sorted(out, items, n, true);
  sb_adds(out, "\n\n  Option groups (only set one per group):\n");
  join_sorted(out, radios, nr, true);
  free(items);
  free(radios);
}

void command_help(const command_def *c, strbuf *out) {
  sb_adds(out, c->description);
  sb_addc(out, '\n');
  if (*c->usage) {
    sb_adds(out, "  Usage:\n");
    const char *s = c->usage;
    for (;;) {
      size_t k = strcspn(s, "\n");
      sb_printf(out, "    %.*s\n", (int)k, s);
      if (!s[k]) break;
      s += k + 1;
    }
  }
  sb_addc(out, '\n');
}
