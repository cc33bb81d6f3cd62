/*
 * session.c: pprof's interactive mode (internal/driver/interactive.go), the
 * exec functions of the command table, and report output (driver.go
 * generateReport, commands.go post-processing and visualizers), over a
 * session_ui. Running programs and temporary files is proc.c's.
 */
#include "tprof/session.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tprof/fetch.h"
#include "tprof/gofmt.h"
#include "tprof/gotext.h"
#include "tprof/print.h"
#include "tprof/proc.h"
#include "tprof/units.h"

const char session_prompt[] = "(pprof) ";

/* Print lines joined by newlines (sorted first when asked), freeing them. */
static void print_lines(session *s, char **lines, size_t n, bool sort);

static void ui_print(session *s, const char *t) {
  if (s->ui.print) s->ui.print(s->ui.ctx, t);
}
static void ui_err(session *s, const char *t) {
  if (s->ui.print_err) s->ui.print_err(s->ui.ctx, t);
}
static void msg_to_ui(void *ctx, const char *line) { ui_err(ctx, line); }
static void ui_printf_line(session *s, const char *fmt, ...) TPROF_PRINTF(2, 3);
static void ui_printf_line(session *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *m = xvasprintf(fmt, ap);
  va_end(ap);
  ui_print(s, m);
  free(m);
}
static void ui_errf(session *s, const char *fmt, ...) TPROF_PRINTF(2, 3);
static void ui_errf(session *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *m = xvasprintf(fmt, ap);
  va_end(ap);
  ui_err(s, m);
  free(m);
}

void session_init(session *s, profile *prof, const config *cfg, source_opts *src, const session_ui *ui) {
  memset(s, 0, sizeof *s);
  atomic_init(&s->cancel, false);
  s->prof = prof;
  config_copy(&s->cfg, cfg);
  s->procs.env = cfg->env;
  if (src) s->src = *src, memset(src, 0, sizeof *src);
  s->ui = *ui;
  strbuf name = STRBUF_INIT;
  for (size_t i = 0; i < s->src.nsources; i++) sb_printf(&name, "%s%s", i ? " " : "", s->src.sources[i]);
  series_add(&s->snaps, profile_ref(prof), sb_str(&name));
  sb_free(&name);
  s->cur = 0;
}

/* Make snapshot i current. */
static void set_current(session *s, size_t i) {
  profile *p = profile_ref(s->snaps.v[i].prof);
  profile_unref(s->prof);
  s->prof = p;
  s->cur = i;
}

/* Snapshots a session keeps: a long watch would otherwise hold every fetch
 * (960 heap profiles in 8 hours at 30 s); past it, every second one between
 * the first and the last goes. */
#define SESSION_SNAPSHOTS_MAX 128

/* Append p (taking the reference) as the newest snapshot and make it current. */
static void add_snapshot(session *s, profile *p, const char *source) {
  series_add(&s->snaps, p, source);
  series_sort(&s->snaps);
  size_t dropped = series_thin(&s->snaps, SESSION_SNAPSHOTS_MAX), cur = s->snaps.n - 1;
  for (size_t i = 0; i < s->snaps.n; i++)
    if (s->snaps.v[i].prof == p) cur = i; /* (gone when thinning dropped it: the latest then) */
  set_current(s, cur);
  if (dropped)
    ui_errf(s, "%zu snapshots kept at most: every second one between the first and the last dropped (%zu now)",
            (size_t)SESSION_SNAPSHOTS_MAX, s->snaps.n);
}

void session_free(session *s) {
  proc_state_free(&s->procs);
  report_cache_free(s->cache);
  profile_free(s->prof);
  series_clear(&s->snaps);
  free(s->watch_sig);
  config_free(&s->cfg);
  source_opts_free(&s->src);
}

/* The profile's labels (File, Type, Time, Duration...), as pprof's greeting prints them. */
/* The profile's header lines as pprof prints them before a report (File,
 * Build ID, comments, Type, Time, Duration); *total gets the sample type's
 * total, *idx its index (-1 when none or divide_by is 0). Returns how many
 * lines; *labels and each line are allocated (caller frees). */
static size_t header_labels(const session *s, char ***labels, int64_t *total, int *idx) {
  char *err = NULL;
  size_t n = 0;
  *labels = NULL;
  *total = 0;
  *idx = s->prof->nsample_type ? profile_sample_index(s->prof, s->cfg.sample_index, &err) : -1;
  free(err);
  if (*idx < 0 || s->cfg.divide_by == 0) return *idx = -1, 0;
  const char *type = s->prof->sample_type[*idx].type;
  char *mt = s->cfg.mean ? xasprintf("mean_%s", type) : NULL;
  *total = report_total(s->prof, *idx, s->cfg.mean);
  report r;
  memset(&r, 0, sizeof r);
  r.sample_unit = s->prof->sample_type[*idx].unit;
  r.output_unit = s->cfg.unit;
  r.ratio = 1 / s->cfg.divide_by;
  report_profile_labels(s->prof, mt ? mt : type, r.sample_unit, *total, &r, labels, &n);
  free(mt);
  return n;
}

static void print_labels(session *s) {
  char **labels;
  int64_t total;
  int idx;
  size_t n = header_labels(s, &labels, &total, &idx);
  if (idx < 0) return;
  print_lines(s, labels, n, false);
  if (total == 0 && s->prof->nsample_type > 1) {
    ui_print(s, "No samples were found with the default sample value type.");
    ui_print(s, "Try \"sample_index\" command to analyze different sample values.\n");
  }
}

size_t session_info(const session *s, char ***out) {
  char **l;
  int64_t total;
  int idx;
  size_t n = header_labels(s, &l, &total, &idx);
  const profile *p = s->prof;
#define ADD(...)                                   \
  do {                                             \
    l = xreallocarray(l, n + 1, sizeof *l);        \
    l[n++] = xasprintf(__VA_ARGS__);               \
  } while (0)
  ADD("%s", "");
  ADD("Sample types (total over all samples):");
  for (size_t i = 0; i < p->nsample_type; i++) {
    char buf[64];
    units_label_buf(buf, report_total(p, (int)i, false), p->sample_type[i].unit, "auto");
    ADD("  %s%-16s %-12s %s", (int)i == idx ? "*" : " ", p->sample_type[i].type, p->sample_type[i].unit, buf);
  }
  ADD("%s", "");
  ADD("Samples:   %zu", p->nsamples);
  ADD("Locations: %zu", p->nlocations);
  ADD("Functions: %zu", p->nfunctions);
  ADD("Mappings:  %zu", p->nmappings);
  ADD("%s", "");
  /* a Go heap text profile's runtime.MemStats (gotext.h): what seed programs
   * print with runtime.ReadMemStats, next to the profile */
  static const char *const memstats[][2] = {{"Alloc", "bytes"},      {"TotalAlloc", "bytes"}, {"HeapAlloc", "bytes"},
                                            {"HeapSys", "bytes"},    {"Mallocs", ""},         {"Frees", ""},
                                            {"NumGC", ""}};
  bool any = false;
  for (size_t i = 0; i < sizeof memstats / sizeof *memstats; i++) {
    const char *v = gotext_stat_value(p->gotext, memstats[i][0]);
    if (!v) continue;
    if (!any) ADD("runtime.MemStats (the profile's # lines):");
    any = true;
    char *end;
    long long x = strtoll(v, &end, 10);
    char buf[64] = "";
    if (*memstats[i][1] && *v && !*end) units_label_buf(buf, x, memstats[i][1], "auto");
    ADD("  %-12s %s%s%s%s", memstats[i][0], v, *buf ? " (" : "", buf, *buf ? ")" : "");
  }
  if (any) ADD("%s", "");
  ADD("Sources loaded:");
  for (size_t i = 0; i < s->src.nsources; i++) ADD("  %s", s->src.sources[i]);
  if (!s->src.nsources) ADD("  (none)");
#undef ADD
  *out = l;
  return n;
}

void session_begin_interactive(session *s) {
  s->interactive = true;
  free(s->cfg.output);
  s->cfg.output = xstrdup("");
  char *err = NULL;
  config_configure(&s->cfg, "compact_labels", "true", &err);
  free(err);
}

void session_greet(session *s) {
  numlabel_units nlu;
  profile_numlabel_units(s->prof, &nlu);
  for (size_t i = 0; i < nlu.nwarnings; i++) ui_err(s, nlu.warnings[i]);
  numlabel_units_free(&nlu);
  print_labels(s);
  ui_print(s, "Entering interactive mode (type \"help\" for commands, \"o\" for options)");
}

/* ---- output (generateReport) ---- */

/* pprof's massageSVG, minus the third-party pan/zoom script (doc/design.md). */
static void massage_svg(strbuf *svg) {
  strbuf o = STRBUF_INIT;
  const char *s = sb_str(svg);
  for (;;) {
    const char *f = strstr(s, "&;");
    if (!f) break;
    sb_add(&o, s, (size_t)(f - s));
    sb_adds(&o, "&amp;;");
    s = f + 2;
  }
  sb_adds(&o, s);
  sb_free(svg);
  *svg = o;
}

/* Write a report to path: atomically (source.c), with Go's error wording. */
static bool write_output(const char *path, const strbuf *data, char **err) {
  return write_file_atomic(path, sb_str(data), data->len, err);
}

bool session_report(session *s, const command_def *c, const char *arg, const config *cfg) {
  strbuf msgs = STRBUF_INIT;
  char *err = NULL;
  if (!s->cache) {
    s->cache = report_cache_new();
    report_cache_set_cancel(s->cache, &s->cancel);
  }
  report *r;
  if (c->kind == RK_TIMELINE) {
    if (s->snaps.n < 2 && s->src.nsources > 1 && !session_load_series(s)) return sb_free(&msgs), false;
    r = report_timeline(&s->snaps, s->prof, s->cache, c, cfg, &msgs, &err);
  } else {
    r = report_run_cached(s->prof, s->cache, c, arg, cfg, &msgs, &err);
  }
  /* messages pprof prints while generating, one line each */
  for (char *line = msgs.s, *nl; line && *line; line = nl + 1) {
    nl = strchr(line, '\n');
    if (nl) *nl = 0;
    ui_err(s, line);
    if (!nl) break;
  }
  sb_free(&msgs);
  if (!r) {
    ui_err(s, err);
    free(err);
    return false;
  }
  strbuf data = STRBUF_INIT;
  const char *output = cfg->output;
  /* the UI may take the report as it is (it renders rows, not text) */
  if (!*output && c->visual == VIS_NONE && s->ui.report && s->ui.report(s->ui.ctx, r, c, arg)) {
    sb_free(&data);
    return true;
  }
  print_report(r, &data);
  if (c->post == POST_DOT || c->post == POST_SVG) {
    strbuf img = STRBUF_INIT;
    if (!proc_run_dot(s->cfg.env, c->post_arg, &data, &img, &err)) {
      ui_err(s, err);
      free(err), sb_free(&img), sb_free(&data);
      report_free(r);
      return false;
    }
    if (c->post == POST_SVG) massage_svg(&img);
    sb_free(&data);
    data = img;
  }
  bool ok = true;
  if (!*output) {
    if (c->visual == VIS_VIEWER) {
      ok = proc_visualize(&s->procs, c->visual_arg, c->viewers, s->interactive, &data, &err);
      if (!ok) ui_err(s, err);
    } else if (c->visual == VIS_AWAY_TTY && (s->ui.is_terminal || s->interactive)) {
      char *suffix = xasprintf(".%s", c->visual_arg);
      char *name = temp_file_name("", "profile", suffix, &err);
      free(suffix);
      if (name) ui_errf(s, "Generating report in %s", name);
      if (!name || !write_output(name, &data, &err)) {
        ui_err(s, err);
        ok = false;
      }
      free(name);
    } else if (s->ui.out) {
      s->ui.out(s->ui.ctx, sb_str(&data), data.len);
    }
  } else {
    ui_errf(s, "Generating report in %s", output);
    if (!write_output(output, &data, &err)) {
      ui_err(s, err);
      ok = false;
    }
  }
  free(err);
  sb_free(&data);
  report_free(r);
  return ok;
}

/* ---- the command language ---- */

static char *trim_space(const char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) n--;
  return xstrndup(s, n);
}

static size_t fields(const char *s, char ***out) {
  *out = NULL;
  size_t n = 0, cap = 0;
  while (*s) {
    while (*s && isspace((unsigned char)*s)) s++;
    if (!*s) break;
    const char *e = s;
    while (*e && !isspace((unsigned char)*e)) e++;
    XGROW(*out, cap, n + 1);
    (*out)[n++] = xstrndup(s, (size_t)(e - s));
    s = e;
  }
  return n;
}

static void free_fields(char **f, size_t n) {
  for (size_t i = 0; i < n; i++) free(f[i]);
  free(f);
}

static void print_options(session *s) {
  char **lines = xcalloc(option_count, sizeof *lines);
  size_t n = 0;
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    if (o->flags & OPTF_EXTENSION) continue; /* pprof's list, byte for byte; `help tprof` names tprof's */
    strbuf v = STRBUF_INIT, comment = STRBUF_INIT;
    config_get(&s->cfg, o, &v);
    if (o->choices) {
      const char *ch[8];
      size_t k = 0;
      for (const char *const *c = o->choices; *c; c++) ch[k++] = *c;
      for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && strcmp(ch[b - 1], ch[b]) > 0; b--) {
          const char *t = ch[b];
          ch[b] = ch[b - 1], ch[b - 1] = t;
        }
      sb_addc(&comment, '[');
      for (size_t a = 0; a < k; a++) sb_printf(&comment, "%s%s", a ? " | " : "", ch[a]);
      sb_addc(&comment, ']');
    } else if (!strcmp(o->name, "sample_index")) {
      if (!v.len && s->prof->nsample_type) sb_adds(&v, s->prof->sample_type[s->prof->nsample_type - 1].type);
      sb_addc(&comment, '[');
      for (size_t a = 0; a < s->prof->nsample_type; a++)
        sb_printf(&comment, "%s%s", a ? " | " : "", s->prof->sample_type[a].type);
      sb_addc(&comment, ']');
    } else if (!strcmp(o->name, "source_path")) {
      sb_free(&v), sb_free(&comment);
      continue;
    } else if (!strcmp(o->name, "nodecount") && !strcmp(sb_str(&v), "-1")) {
      sb_adds(&comment, "default");
    } else if (!v.len) {
      sb_adds(&v, "\"\"");
    }
    lines[n++] = xasprintf("  %-25s = %-20s %s%s", o->name, sb_str(&v), comment.len ? "//: " : "", sb_str(&comment));
    sb_free(&v), sb_free(&comment);
  }
  print_lines(s, lines, n, true);
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void print_lines(session *s, char **lines, size_t n, bool sort) {
  if (sort) qsort(lines, n, sizeof *lines, cmp_cstr);
  strbuf sb = STRBUF_INIT;
  for (size_t i = 0; i < n; i++) {
    sb_printf(&sb, "%s%s", i ? "\n" : "", lines[i]);
    free(lines[i]);
  }
  free(lines);
  ui_print(s, sb_str(&sb));
  sb_free(&sb);
}

static void command_help_text(session *s, const char *args) {
  strbuf sb = STRBUF_INIT;
  if (!*args) {
    options_usage(&sb, false);
    sb_adds(&sb, "\n  :   Clear ");
    const char *sep = "";
    for (size_t i = 0; i < option_count; i++)
      if (option_table[i].flags & OPTF_CLEAR) sb_printf(&sb, "%s%s", sep, option_table[i].name), sep = "/";
    sb_adds(&sb, "\n\n  type \"help <cmd|option>\" for more information\n");
    ui_print(s, sb.s);
  } else if (command_find(args) && !(command_find(args)->flags & CMD_REPL)) {
    command_help(command_find(args), &sb);
    ui_print(s, sb.s);
  } else if (!strcmp(args, "tprof")) {
    options_tprof_usage(&sb);
    ui_print(s, sb.s);
  } else {
    bool is_choice;
    const option_def *o = option_find(args, &is_choice);
    const char *help = NULL;
    if (o && !is_choice) help = o->help;
    if (o && is_choice) help = option_choice_help(args);
    if (o && !is_choice && !*o->help) help = NULL; /* sort, granularity: no help of their own */
    if (help) {
      sb_adds(&sb, help);
      if (o && !is_choice && !strcmp(o->name, "sample_index")) {
        sb_adds(&sb, "Or use sample_index=name, with name in [");
        for (size_t i = 0; i < s->prof->nsample_type; i++)
          sb_printf(&sb, "%s%s", i ? " " : "", s->prof->sample_type[i].type);
        sb_adds(&sb, "].\n");
      }
      sb_addc(&sb, '\n');
      ui_print(s, sb.s);
    } else {
      sb_printf(&sb, "Unknown command: %s", args);
      ui_err(s, sb.s);
    }
  }
  sb_free(&sb);
}

/* Join regexes with '|' (in place: re-joining per word was quadratic on a long line). */
static void cat_regex(strbuf *a, const char *b) {
  if (a->len && *b) sb_addc(a, '|');
  sb_adds(a, b);
}

/* pprof's parseCommandLine: run the command tok[0] names (top10 = top 10)
 * with the words after it; only a report when reports_only (growth's).
 * Returns false when the command asks to quit. */
static bool run_tokens(session *s, char **tok, size_t ntok, bool reports_only) {
  size_t len = strlen(tok[0]), name_len;
  const command_def *c = command_parse(tok[0], len, &name_len);
  char *name = xstrndup(tok[0], name_len);
  char **args = xcalloc(ntok + 1, sizeof *args);
  size_t nargs = 0;
  if (name_len < len) args[nargs++] = xstrdup(tok[0] + name_len);
  for (size_t i = 1; i < ntok; i++) args[nargs++] = xstrdup(tok[i]);
  bool keep = true;
  if (!c) {
    bool is_choice;
    const option_def *od = option_find(name, &is_choice);
    /* pprof's configHelp: every option and choice name except sort and granularity */
    bool known = od && (is_choice || *od->help);
    if (known) {
      ui_errf(s, "did you mean: %s=%s", name, nargs > 0 ? args[0] : "<val>");
    } else {
      strbuf sb = STRBUF_INIT;
      sb_adds(&sb, "unrecognized command: ");
      go_quote(&sb, name);
      ui_err(s, sb.s);
      sb_free(&sb);
    }
  } else if ((reports_only || name_len < len) && c->kind == RK_SESSION) {
    ui_errf(s, "%s is not a report", name);
  } else {
    keep = c->exec(s, c, args, nargs);
  }
  free(name);
  free_fields(args, nargs);
  return keep;
}

/* A report command: pprof's [n] [focus_regex]* [-ignore_regex]* [-cum] [>f]
 * (after the argument of list, peek...), then generateReport. */
bool session_cmd_report(session *s, const command_def *c, char **args, size_t nargs) {
  config v;
  strbuf focus_sb = STRBUF_INIT, ignore_sb = STRBUF_INIT;
  const char *focus = "", *ignore = "";
  char *arg = NULL;
  bool have_cfg = false;
  size_t first = 0;
  if (c->has_param) {
    if (nargs == 0) {
      ui_errf(s, "command %s requires an argument", c->name);
      goto done;
    }
    arg = args[0];
    first = 1;
  }
  config_copy(&v, &s->cfg);
  have_cfg = true;
  for (size_t i = first; i < nargs; i++) {
    const char *t = args[i];
    int64_t n;
    if (go_atoi(t, 32, &n)) {
      v.nodecount = n;
      continue;
    }
    if (t[0] == '>') {
      const char *out = t + 1;
      if (!*out) {
        if (++i >= nargs) {
          ui_err(s, "unexpected end of line after >");
          goto done;
        }
        out = args[i];
      }
      free(v.output);
      v.output = xstrdup(out);
    } else if (t[0] == '-') {
      if (!strcmp(t, "--cum") || !strcmp(t, "-cum")) {
        free(v.sort);
        v.sort = xstrdup("cum");
        continue;
      }
      cat_regex(&ignore_sb, t + 1);
    } else {
      cat_regex(&focus_sb, t);
    }
  }
  focus = sb_str(&focus_sb), ignore = sb_str(&ignore_sb);
  char **fp = c->args == ARGS_TAGS ? &v.tagfocus : &v.focus, **ip = c->args == ARGS_TAGS ? &v.tagignore : &v.ignore;
  if (*focus) free(*fp), *fp = xstrdup(focus);
  if (*ignore) free(*ip), *ip = xstrdup(ignore);
  if (v.nodecount == -1 && (c->flags & CMD_REPL_TEN)) v.nodecount = 10;
  session_report(s, c, arg, &v);
done:
  if (have_cfg) config_free(&v);
  sb_free(&focus_sb), sb_free(&ignore_sb);
  return true;
}

/* pprof's interactive loop words: o/options, q/quit/exit, help. */
bool session_cmd_options(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c, (void)args, (void)nargs;
  print_options(s);
  return true;
}

bool session_cmd_quit(session *s, const command_def *c, char **args, size_t nargs) {
  (void)s, (void)c, (void)args, (void)nargs;
  return false;
}

bool session_cmd_help(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c;
  strbuf a = STRBUF_INIT;
  for (size_t i = 0; i < nargs; i++) sb_printf(&a, "%s%s", i ? " " : "", args[i]);
  command_help_text(s, sb_str(&a));
  sb_free(&a);
  return true;
}

/* ---- tprof's session commands (extensions): info, messages, refetch, growth ---- */

/* info: the lines of session_info on stdout. */
bool session_cmd_info(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c, (void)args, (void)nargs;
  char **lines;
  size_t nl = session_info(s, &lines);
  strbuf o = STRBUF_INIT;
  for (size_t i = 0; i < nl; i++) sb_printf(&o, "%s\n", lines[i]), free(lines[i]);
  free(lines);
  if (s->ui.out) s->ui.out(s->ui.ctx, o.s, o.len);
  sb_free(&o);
  return true;
}

/* messages: the curses UI shows its history itself (it never reaches here). */
bool session_cmd_messages(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c, (void)args, (void)nargs;
  ui_print(s, "messages: the line REPL prints every message as it comes; the curses UI keeps them");
  return true;
}

static bool is_url(const char *src) {
  fetch_target t;
  fetch_opts fo = {.seconds = -1, .timeout = -1};
  bool url = fetch_target_for(src, &fo, &t);
  if (url) fetch_target_free(&t);
  return url;
}

/* The sources' files as they are now (device, inode, size, mtime, and ctime,
 * which a copy that keeps the old mtime, cp -p, still changes), "url;" for a
 * URL. Caller frees. */
static char *sources_sig(const session *s) {
  strbuf sb = STRBUF_INIT;
  for (size_t i = 0; i < s->src.nsources; i++) {
    struct stat st;
    const char *src = s->src.sources[i];
    if (is_url(src) || stat(src, &st) != 0) sb_adds(&sb, "url;");
    else
      sb_printf(&sb, "%llu:%llu:%lld:%lld.%09ld:%lld.%09ld;", (unsigned long long)st.st_dev,
                (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
  }
  return sb_steal(&sb);
}

static bool all_files(const session *s) {
  for (size_t i = 0; i < s->src.nsources; i++)
    if (is_url(s->src.sources[i])) return false;
  return true;
}

static bool is_heap(const profile *p) {
  for (size_t i = 0; i < p->nsample_type; i++)
    if (!strcmp(p->sample_type[i].type, "inuse_space")) return true;
  return false;
}

/* A Go heap profile is the heap as of the last GC: when the current
 * snapshot has the samples of the one before it, say why (once per fetch or
 * step, on stderr in the REPL, on the message line in the UI). */
static void say_if_no_gc(session *s) {
  size_t i = s->cur;
  if (i == 0 || i >= s->snaps.n || !is_heap(s->prof) || !series_same_samples(s->snaps.v[i - 1].prof, s->prof)) return;
  ui_errf(s, "snapshots #%zu and #%zu are identical: no GC ran between them; ?gc=1 on the URL forces one", i, i + 1);
}

/* Load the sources again as a new snapshot (refetch, watch). prefix names
 * the command in messages. Returns false (after saying why) on failure. */
static bool fetch_snapshot(session *s, const char *prefix) {
  if (s->src.nsources == 0) {
    ui_errf(s, "%s: this session has no sources to load again", prefix);
    return false;
  }
  char *err = NULL;
  free(s->watch_sig);
  s->watch_sig = sources_sig(s);
  if (s->per_source) { /* the snapshots are the sources one by one: read again so, never merged */
    series sr;
    if (!source_load_series(&s->src, msg_to_ui, s, &sr, &err)) {
      ui_errf(s, "%s: %s (the current profile is unchanged)", prefix, err);
      free(err);
      return false;
    }
    series_clear(&s->snaps);
    s->snaps = sr;
    set_current(s, sr.n - 1);
    return true;
  }
  profile *p = source_load(&s->src, msg_to_ui, s, &err);
  if (!p) {
    ui_errf(s, "%s: %s (the current profile is unchanged)", prefix, err);
    free(err);
    return false;
  }
  strbuf name = STRBUF_INIT;
  for (size_t i = 0; i < s->src.nsources; i++) sb_printf(&name, "%s%s", i ? " " : "", s->src.sources[i]);
  add_snapshot(s, p, sb_str(&name));
  sb_free(&name);
  say_if_no_gc(s);
  return true;
}

/* refetch: load the session's sources again (URLs fetched and saved again);
 * the new profile becomes the newest snapshot and the current profile. */
bool session_cmd_refetch(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c, (void)args;
  if (nargs > 0) {
    ui_err(s, "refetch takes no arguments");
    return true;
  }
  if (!fetch_snapshot(s, "refetch")) return true;
  print_labels(s);
  if (s->per_source)
    ui_printf_line(s, "The %zu sources were read again as %zu snapshots, never merged.", s->snaps.n, s->snaps.n);
  else
    ui_print(s, "The previous profile is kept: \"growth\" reports what changed since.");
  return true;
}

void session_watch_tick(session *s) {
  if (s->src.nsources == 0) return;
  char *sig = sources_sig(s);
  bool unchanged = all_files(s) && s->watch_sig && !strcmp(sig, s->watch_sig);
  free(sig);
  if (unchanged) return;
  if (!s->watch_sig && all_files(s)) { /* the first tick: the files as loaded at startup */
    s->watch_sig = sources_sig(s);
    return;
  }
  fetch_snapshot(s, "watch");
}

static int64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool session_watch_due(session *s) {
  if (!s->watch) return false;
  int64_t now = mono_ns();
  if (!s->watch_due) s->watch_due = now + (int64_t)s->watch * 1000000000;
  if (now < s->watch_due) return false;
  s->watch_due = now + (int64_t)s->watch * 1000000000;
  return true;
}

bool session_load_series(session *s) {
  series sr;
  char *err = NULL;
  if (!source_load_series(&s->src, msg_to_ui, s, &sr, &err)) {
    ui_errf(s, "timeline: %s", err);
    free(err);
    return false;
  }
  series_clear(&s->snaps);
  s->snaps = sr;
  s->per_source = true;
  set_current(s, sr.n - 1);
  ui_errf(s, "timeline: the %zu sources are %zu snapshots now, never merged; the current profile is #%zu, %s", sr.n,
          sr.n, sr.n, sr.v[sr.n - 1].source);
  return true;
}

/* A snapshot as typed: a number (from 1), first or last. */
static bool is_snapshot_word(const char *a) {
  int64_t n;
  return go_atoi(a, 64, &n) || !strcmp(a, "first") || !strcmp(a, "last");
}

/* A snapshot as typed (a number from 1, first, last) into *i; false (after saying so) when out of range. */
static bool snapshot_arg(session *s, const char *cmd, const char *a, size_t *i) {
  int64_t n;
  if (!strcmp(a, "first") || !strcmp(a, "last")) {
    *i = a[0] == 'f' ? 0 : s->snaps.n - 1;
    return true;
  }
  if (!go_atoi(a, 64, &n) || n < 1 || (uint64_t)n > s->snaps.n) {
    ui_errf(s, "%s: no snapshot %s (there %s %zu: 1 to %zu)", cmd, a, s->snaps.n == 1 ? "is" : "are", s->snaps.n,
            s->snaps.n);
    return false;
  }
  *i = (size_t)(n - 1);
  return true;
}

/* growth [A B] [command [args]]: the command (default top) on snapshot B
 * with snapshot A as -diff_base (A and B: numbers from 1, first, last);
 * without A B, the current snapshot and the one before it. */
bool session_cmd_growth(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c;
  size_t a, b;
  if (nargs >= 2 && is_snapshot_word(args[0]) && is_snapshot_word(args[1])) {
    if (!snapshot_arg(s, "growth", args[0], &a) || !snapshot_arg(s, "growth", args[1], &b)) return true;
    args += 2, nargs -= 2;
  } else if (s->cur >= s->snaps.n || s->cur == 0) {
    ui_err(s, s->snaps.n < 2 ? "growth: there is no previous profile yet: run refetch first"
                             : "growth: the current profile has no snapshot before it: use growth A B");
    return true;
  } else {
    a = s->cur - 1, b = s->cur;
  }
  /* copies: merging consumes its inputs */
  char *err = NULL;
  profile *diff =
      source_combine(profile_copy(s->snaps.v[b].prof), profile_copy(s->snaps.v[a].prof), true, false, &err);
  if (!diff) {
    ui_errf(s, "growth: %s", err);
    free(err);
    return true;
  }
  char *top[] = {"top"};
  profile *keep = s->prof;
  s->prof = diff;
  bool go_on = run_tokens(s, nargs ? args : top, nargs ? nargs : 1, true);
  s->prof = keep;
  profile_unref(diff); /* the reports made from it hold their own references */
  return go_on;
}

bool session_watch_start(session *s, int seconds) {
  if (s->src.nsources == 0) {
    ui_err(s, "watch: this session has no sources to load again");
    return false;
  }
  s->watch = seconds;
  s->watch_due = 0;
  free(s->watch_sig);
  s->watch_sig = all_files(s) ? sources_sig(s) : NULL; /* a file that changes from now on is a new snapshot */
  return true;
}

/* watch [SECONDS|off|now]: fetch the sources every SECONDS (the front end
 * keeps the time and runs `watch now`); alone, say how it stands. */
bool session_cmd_watch(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c;
  int64_t n;
  if (nargs == 0) {
    if (s->watch) ui_errf(s, "watch: every %ds, %zu snapshot%s", s->watch, s->snaps.n, s->snaps.n == 1 ? "" : "s");
    else ui_errf(s, "watch: off, %zu snapshot%s", s->snaps.n, s->snaps.n == 1 ? "" : "s");
  } else if (nargs == 1 && !strcmp(args[0], "off")) {
    s->watch = 0;
    ui_err(s, "watch: off");
  } else if (nargs == 1 && !strcmp(args[0], "now")) {
    session_watch_tick(s);
  } else if (nargs == 1 && go_atoi(args[0], 32, &n) && n > 0 && n <= 86400) {
    if (session_watch_start(s, (int)n)) ui_errf(s, "watch: fetching every %ds", s->watch);
  } else {
    ui_err(s, "watch: usage: watch SECONDS (1 to 86400), watch off, watch now");
  }
  return true;
}

/* snapshot [N|next|prev|first|last]: make snapshot N the current profile. */
bool session_cmd_snapshot(session *s, const command_def *c, char **args, size_t nargs) {
  (void)c;
  size_t i = s->cur;
  if (nargs == 0) {
    for (size_t k = 0; k < s->snaps.n; k++) {
      char *t = s->snaps.v[k].prof->time_nanos ? NULL : xstrdup("(no time)");
      strbuf tb = STRBUF_INIT;
      if (!t) go_time_string(&tb, s->snaps.v[k].prof->time_nanos), t = sb_steal(&tb);
      ui_printf_line(s, "%s#%zu  %s  %s", k == s->cur ? "*" : " ", k + 1, t, s->snaps.v[k].source);
      free(t);
    }
    if (s->cur == s->snaps.n) ui_print(s, "*the merge of the sources (pprof's)");
    return true;
  }
  if (nargs > 1) {
    ui_err(s, "snapshot: usage: snapshot [N|next|prev|first|last]");
    return true;
  }
  const char *a = args[0];
  if (!strcmp(a, "next")) i = i + 1 < s->snaps.n ? i + 1 : s->snaps.n - 1;
  else if (!strcmp(a, "prev")) i = i == 0 ? 0 : i > s->snaps.n ? s->snaps.n - 1 : i - 1;
  else if (!strcmp(a, "first")) i = 0;
  else if (!strcmp(a, "last")) i = s->snaps.n - 1;
  else if (!snapshot_arg(s, "snapshot", a, &i)) return true;
  if (i >= s->snaps.n) i = s->snaps.n - 1;
  set_current(s, i);
  say_if_no_gc(s);
  ui_errf(s, "snapshot #%zu of %zu: %s", i + 1, s->snaps.n, s->snaps.v[i].source);
  return true;
}

static bool exec_one(session *s, const char *input) {
  /* name=value */
  const char *eq = strchr(input, '=');
  char *name = eq ? xstrndup(input, (size_t)(eq - input)) : xstrdup(input);
  char *tn = trim_space(name);
  free(name);
  name = tn;
  bool is_choice;
  const option_def *o = option_find(name, &is_choice);
  if (o) {
    char *value = xstrdup("");
    if (eq) {
      free(value);
      char *v = xstrdup(eq + 1);
      char *cm = NULL;
      for (char *p = strstr(v, "//:"); p; p = strstr(p + 1, "//:")) cm = p;
      if (cm) *cm = 0;
      value = trim_space(v);
      free(v);
    }
    if (!eq && !option_is_bool(name)) {
      ui_errf(s, "please specify a value, e.g. %s=<val>", name);
    } else {
      bool ok = true;
      if (!strcmp(name, "sample_index")) {
        char *err = NULL;
        int idx = profile_sample_index(s->prof, value, &err);
        if (idx < 0) {
          ui_err(s, err);
          free(err);
          ok = false;
        } else {
          free(value);
          value = xstrdup(s->prof->sample_type[idx].type);
        }
      }
      char *err = NULL;
      if (ok && !config_configure(&s->cfg, name, value, &err)) {
        ui_err(s, err);
        free(err);
      }
    }
    free(value), free(name);
    return true;
  }
  free(name);
  char **tok;
  size_t n = fields(input, &tok);
  if (n == 0) {
    free(tok);
    return true;
  }
  bool keep = run_tokens(s, tok, n, false);
  free_fields(tok, n);
  return keep;
}

bool session_exec(session *s, const char *line) {
  char *in = trim_space(line);
  bool keep = true;
  /* shortcuts: ":" and the sample type names */
  if (!strcmp(in, ":")) {
    for (size_t i = 0; i < option_count && keep; i++)
      if (option_table[i].flags & OPTF_CLEAR) {
        char *cmd = xasprintf("%s=", option_table[i].name);
        keep = exec_one(s, cmd);
        free(cmd);
      }
  } else {
    const profile *p = s->prof;
    bool done = false;
    for (size_t i = 0; i < p->nsample_type && !done; i++) {
      const char *t = p->sample_type[i].type;
      char *cmd = xasprintf("sample_index=%s", t);
      if (!strcmp(in, t)) {
        exec_one(s, cmd);
        done = true;
      } else if (!strncmp(in, "total_", 6) && !strcmp(in + 6, t)) {
        exec_one(s, "mean=0");
        exec_one(s, cmd);
        done = true;
      } else if (!strncmp(in, "mean_", 5) && !strcmp(in + 5, t)) {
        exec_one(s, "mean=1");
        exec_one(s, cmd);
        done = true;
      }
      free(cmd);
    }
    if (!done) keep = exec_one(s, in);
  }
  free(in);
  return keep;
}

/* ---- undo support ---- */

size_t session_config_commands(const config *from, const config *to, char ***out) {
  size_t n = 0;
  *out = NULL;
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    config_get(from, o, &a);
    config_get(to, o, &b);
    if (strcmp(sb_str(&a), sb_str(&b))) {
      *out = xreallocarray(*out, n + 1, sizeof **out);
      (*out)[n++] = xasprintf("%s=%s", o->name, sb_str(&b));
    }
    sb_free(&a), sb_free(&b);
  }
  return n;
}
