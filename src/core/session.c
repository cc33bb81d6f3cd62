/*
 * session.c: pprof's interactive mode (internal/driver/interactive.go) and
 * report output (driver.go generateReport, commands.go post-processing and
 * visualizers), over a session_ui.
 */
#include "tprof/session.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tprof/gofmt.h"
#include "tprof/print.h"

static void ui_print(session *s, const char *t) {
  if (s->ui.print) s->ui.print(s->ui.ctx, t);
}
static void ui_err(session *s, const char *t) {
  if (s->ui.print_err) s->ui.print_err(s->ui.ctx, t);
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
  s->prof = prof;
  config_copy(&s->cfg, cfg);
  if (src) s->src = *src, memset(src, 0, sizeof *src);
  s->ui = *ui;
}

void session_free(session *s) {
  for (size_t i = 0; i < s->ntemp; i++) {
    unlink(s->temp_files[i]);
    free(s->temp_files[i]);
  }
  free(s->temp_files);
  profile_free(s->prof);
  profile_free(s->previous);
  config_free(&s->cfg);
  source_opts_free(&s->src);
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
  char *err = NULL;
  int idx = s->prof->nsample_type ? profile_sample_index(s->prof, s->cfg.sample_index, &err) : -1;
  if (idx >= 0 && s->cfg.divide_by != 0) {
    const char *type = s->prof->sample_type[idx].type;
    char *mt = s->cfg.mean ? xasprintf("mean_%s", type) : NULL;
    int64_t total = report_total(s->prof, idx, s->cfg.mean);
    report r;
    memset(&r, 0, sizeof r);
    r.sample_unit = s->prof->sample_type[idx].unit;
    r.output_unit = s->cfg.unit;
    r.ratio = 1 / s->cfg.divide_by;
    char **labels = NULL;
    size_t n = 0;
    report_profile_labels(s->prof, mt ? mt : type, r.sample_unit, total, &r, &labels, &n);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
      sb_printf(&sb, "%s%s", i ? "\n" : "", labels[i]);
      free(labels[i]);
    }
    free(labels);
    ui_print(s, sb_str(&sb));
    sb_free(&sb);
    if (total == 0 && s->prof->nsample_type > 1) {
      ui_print(s, "No samples were found with the default sample value type.");
      ui_print(s, "Try \"sample_index\" command to analyze different sample values.\n");
    }
    free(mt);
  }
  free(err);
  ui_print(s, "Entering interactive mode (type \"help\" for commands, \"o\" for options)");
}

/* ---- output (generateReport) ---- */

static bool run_dot(const char *format, const strbuf *in, strbuf *out, char **err) {
  int pin[2], pout[2];
  if (pipe(pin) || pipe(pout)) {
    *err = xasprintf("failed to execute dot. Is Graphviz installed? Error: %s", go_strerror(errno));
    return false;
  }
  pid_t pid = fork();
  if (pid < 0) {
    *err = xasprintf("failed to execute dot. Is Graphviz installed? Error: %s", go_strerror(errno));
    return false;
  }
  if (pid == 0) {
    dup2(pin[0], 0), dup2(pout[1], 1);
    close(pin[0]), close(pin[1]), close(pout[0]), close(pout[1]);
    char *arg = xasprintf("-T%s", format);
    execlp("dot", "dot", arg, (char *)NULL);
    fprintf(stderr, "tprof: cannot run graphviz's dot: %s\n", go_strerror(errno));
    _exit(127);
  }
  close(pin[0]), close(pout[1]);
  /* feed and read without deadlock: write in a child-less loop with poll-free chunks */
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  size_t off = 0;
  bool write_ok = true;
  pid_t writer = fork();
  if (writer == 0) {
    close(pout[0]);
    while (off < in->len) {
      ssize_t k = write(pin[1], in->s + off, in->len - off);
      if (k <= 0) _exit(1);
      off += (size_t)k;
    }
    _exit(0);
  }
  close(pin[1]);
  char buf[65536];
  ssize_t k;
  while ((k = read(pout[0], buf, sizeof buf)) > 0) sb_add(out, buf, (size_t)k);
  close(pout[0]);
  int st = 0, wst = 0;
  waitpid(pid, &st, 0);
  if (writer > 0) waitpid(writer, &wst, 0);
  signal(SIGPIPE, old);
  (void)write_ok;
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    *err = WIFEXITED(st) && WEXITSTATUS(st) == 127
               ? xstrdup("failed to execute dot. Is Graphviz installed? Error: exec: \"dot\": executable file not "
                         "found in $PATH")
               : xasprintf("failed to execute dot. Is Graphviz installed? Error: exit status %d", WEXITSTATUS(st));
    return false;
  }
  return true;
}

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

static bool launch(session *s, const char *cmdline, const char *file) {
  /* split the viewer command on spaces, as pprof does */
  char *copy = xstrdup(cmdline);
  char *argv[16];
  int n = 0;
  for (char *t = strtok(copy, " "); t && n < 14; t = strtok(NULL, " ")) argv[n++] = t;
  argv[n++] = (char *)file;
  argv[n] = NULL;
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) dup2(devnull, 0), dup2(devnull, 1);
    execvp(argv[0], argv);
    _exit(127);
  }
  bool ok = false;
  if (pid > 0) {
    if (s->interactive) {
      /* give it a moment to fail to start; do not wait for it */
      usleep(200000);
      int st;
      pid_t w = waitpid(pid, &st, WNOHANG);
      ok = w == 0 || (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    } else {
      int st;
      waitpid(pid, &st, 0);
      ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
  }
  free(copy);
  return ok;
}

static bool visualize(session *s, const command_def *c, const strbuf *data) {
  char *err = NULL;
  const char *tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char *suffix = xasprintf(".%s", c->visual_arg);
  char *name = temp_file_name(tmpdir, "pprof", suffix, &err);
  free(suffix);
  if (!name || !write_file_atomic(name, sb_str(data), data->len, &err)) {
    ui_err(s, err);
    free(err), free(name);
    return false;
  }
  s->temp_files = xreallocarray(s->temp_files, s->ntemp + 1, sizeof *s->temp_files);
  s->temp_files[s->ntemp++] = xstrdup(name);
  const char *browsers[8];
  size_t nb = 0;
  if (c->viewers) {
    for (const char *const *v = c->viewers; *v; v++) browsers[nb++] = *v;
  } else {
    if (getenv("BROWSER") && *getenv("BROWSER")) browsers[nb++] = getenv("BROWSER");
    if (getenv("DISPLAY") && *getenv("DISPLAY")) browsers[nb++] = "xdg-open";
    browsers[nb++] = "sensible-browser";
  }
  for (size_t i = 0; i < nb; i++)
    if (launch(s, browsers[i], name)) {
      free(name);
      return true;
    }
  ui_errf(s, "could not open %s with a viewer (set $BROWSER); it is saved in %s", c->name, name);
  free(name);
  return false;
}

bool session_report(session *s, const command_def *c, const char *arg, const config *cfg) {
  strbuf msgs = STRBUF_INIT;
  char *err = NULL;
  report *r = report_run(s->prof, c, arg, cfg, &msgs, &err);
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
  bool structured = r->kind == RK_TEXT || r->kind == RK_TREE || r->kind == RK_LIST || r->kind == RK_TRACES;
  const char *output = cfg->output;
  if (!*output && c->visual == VIS_NONE && structured && s->ui.report && s->ui.report(s->ui.ctx, r, c, arg)) {
    sb_free(&data);
    return true;
  }
  print_report(r, &data);
  if (c->post == POST_DOT || c->post == POST_SVG) {
    strbuf img = STRBUF_INIT;
    if (!run_dot(c->post_arg, &data, &img, &err)) {
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
      ok = visualize(s, c, &data);
    } else if (c->visual == VIS_AWAY_TTY && (s->ui.is_terminal || s->interactive)) {
      char *suffix = xasprintf(".%s", c->visual_arg);
      char *name = temp_file_name("", "profile", suffix, &err);
      free(suffix);
      if (name && write_file_atomic(name, sb_str(&data), data.len, &err)) {
        ui_errf(s, "Generating report in %s", name);
      } else {
        ui_err(s, err);
        ok = false;
      }
      free(name);
    } else if (s->ui.report && s->ui.report(s->ui.ctx, r, c, arg)) {
      r = NULL; /* taken */
    } else if (s->ui.out) {
      s->ui.out(s->ui.ctx, sb_str(&data), data.len);
    }
  } else {
    ui_errf(s, "Generating report in %s", output);
    if (!write_file_atomic(output, sb_str(&data), data.len, &err)) {
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
  size_t n = 0;
  while (*s) {
    while (*s && isspace((unsigned char)*s)) s++;
    if (!*s) break;
    const char *e = s;
    while (*e && !isspace((unsigned char)*e)) e++;
    *out = xreallocarray(*out, n + 1, sizeof **out);
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
  for (size_t a = 1; a < n; a++)
    for (size_t b = a; b > 0 && strcmp(lines[b - 1], lines[b]) > 0; b--) {
      char *t = lines[b];
      lines[b] = lines[b - 1], lines[b - 1] = t;
    }
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
    sb_adds(&sb, "\n  :   Clear focus/ignore/hide/tagfocus/tagignore\n\n  type \"help <cmd|option>\" for more "
                 "information\n");
    ui_print(s, sb.s);
  } else if (command_find(args)) {
    command_help(command_find(args), &sb);
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

static char *cat_regex(char *a, const char *b) {
  char *r;
  if (*a && *b)
    r = xasprintf("%s|%s", a, b);
  else
    r = xasprintf("%s%s", a, b);
  free(a);
  return r;
}

/* pprof's parseCommandLine + generateReport. */
static void run_command(session *s, char **tok, size_t ntok) {
  char *name = xstrdup(tok[0]);
  char **args = xcalloc(ntok + 2, sizeof *args);
  size_t nargs = 0;
  const command_def *c = command_find(name);
  if (!c) {
    /* trailing digits: top10 = top 10 */
    size_t n = strlen(name), d = n;
    while (d > 0 && isdigit((unsigned char)name[d - 1])) d--;
    if (d < n && d > 0) {
      args[nargs++] = xstrdup(name + d);
      name[d] = 0;
      c = command_find(name);
    }
  }
  for (size_t i = 1; i < ntok; i++) args[nargs++] = xstrdup(tok[i]);
  config v;
  char *focus = xstrdup(""), *ignore = xstrdup(""), *arg = NULL;
  bool have_cfg = false;
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
    goto done;
  }
  size_t first = 0;
  if (c->has_param) {
    if (nargs == 0) {
      ui_errf(s, "command %s requires an argument", name);
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
      ignore = cat_regex(ignore, t + 1);
    } else {
      focus = cat_regex(focus, t);
    }
  }
  if (!strcmp(name, "tags")) {
    if (*focus) free(v.tagfocus), v.tagfocus = xstrdup(focus);
    if (*ignore) free(v.tagignore), v.tagignore = xstrdup(ignore);
  } else {
    if (*focus) free(v.focus), v.focus = xstrdup(focus);
    if (*ignore) free(v.ignore), v.ignore = xstrdup(ignore);
  }
  if (v.nodecount == -1 && (!strcmp(name, "text") || !strcmp(name, "top"))) v.nodecount = 10;
  session_report(s, c, arg, &v);
done:
  if (have_cfg) config_free(&v);
  free(focus), free(ignore), free(name);
  for (size_t i = 0; i < nargs; i++) free(args[i]);
  free(args);
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
  bool keep = true;
  if (!strcmp(tok[0], "o") || !strcmp(tok[0], "options")) {
    print_options(s);
  } else if (!strcmp(tok[0], "exit") || !strcmp(tok[0], "quit") || !strcmp(tok[0], "q")) {
    keep = false;
  } else if (!strcmp(tok[0], "help")) {
    strbuf a = STRBUF_INIT;
    for (size_t i = 1; i < n; i++) sb_printf(&a, "%s%s", i > 1 ? " " : "", tok[i]);
    command_help_text(s, sb_str(&a));
    sb_free(&a);
  } else {
    run_command(s, tok, n);
  }
  free_fields(tok, n);
  return keep;
}

bool session_exec(session *s, const char *line) {
  char *in = trim_space(line);
  bool keep = true;
  /* shortcuts: ":" and the sample type names */
  if (!strcmp(in, ":")) {
    const char *cl[] = {"focus=", "ignore=", "hide=", "tagfocus=", "tagignore="};
    for (size_t i = 0; i < 5 && keep; i++) keep = exec_one(s, cl[i]);
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

/* ---- completion (pprof's newCompleter) ---- */

size_t session_words(const session *s, const char ***out) {
  (void)s;
  size_t n = 0;
  const char **w = xcalloc(command_count + option_count * 2 + 16, sizeof *w);
  for (size_t i = 0; i < command_count; i++) w[n++] = command_table[i].name;
  for (size_t i = 0; i < option_count; i++) {
    w[n++] = option_table[i].name;
    if (option_table[i].choices)
      for (const char *const *c = option_table[i].choices; *c; c++) w[n++] = *c;
  }
  *out = w;
  return n;
}

size_t session_function_names(const session *s, const char ***out) {
  const profile *p = s->prof;
  const char **w = xcalloc(p->nfunctions + 1, sizeof *w);
  for (size_t i = 0; i < p->nfunctions; i++) w[i] = p->functions[i].name;
  *out = w;
  return p->nfunctions;
}

static const char *match_word(const session *s, const char *tok) {
  char *low = xstrdup(tok);
  for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
  const char **w;
  size_t n = session_words(s, &w), hits = 0;
  const char *found = NULL;
  for (size_t i = 0; i < n; i++)
    if (!strncmp(w[i], low, strlen(low))) hits++, found = w[i];
  free(w), free(low);
  return hits == 1 ? found : NULL;
}

static char *complete_function(const session *s, const char *sub) {
  const profile *p = s->prof;
  const char *found = NULL;
  for (size_t i = 0; i < p->nfunctions; i++)
    if (strstr(p->functions[i].name, sub)) {
      if (found) return xstrdup(sub);
      found = p->functions[i].name;
    }
  return xstrdup(found ? found : sub);
}

char *session_complete_line(const session *s, const char *line) {
  char **tok;
  size_t n = fields(line, &tok);
  char *res = NULL;
  if (n == 1) {
    const char *m = match_word(s, tok[0]);
    if (m) res = xstrdup(m);
  } else if (n >= 2) {
    if (n == 2 && !strcmp(tok[0], "help")) {
      const char *m = match_word(s, tok[1]);
      res = m ? xasprintf("help %s", m) : xstrdup(line);
    } else if (command_find(tok[0]) && strcmp(tok[0], "tags")) {
      char *last = tok[n - 1];
      char *c = last[0] == '-' ? complete_function(s, last + 1) : complete_function(s, last);
      strbuf sb = STRBUF_INIT;
      for (size_t i = 0; i + 1 < n; i++) sb_printf(&sb, "%s ", tok[i]);
      sb_printf(&sb, "%s%s", last[0] == '-' ? "-" : "", c);
      free(c);
      res = sb_steal(&sb);
    }
  }
  free_fields(tok, n);
  return res ? res : xstrdup(line);
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
