/*
 * main.c: tprof's command line, parsed as pprof parses its own (Go's flag
 * package: flags stop at the first non-flag argument) from the option and
 * command tables; then the profile is loaded and tprof either prints a
 * batch report, runs the line REPL, or opens the curses UI.
 *
 * Exit status: 0 on success, 1 when a profile cannot be read, 2 for bad
 * usage (unknown flag, bad value) and when a report fails (a bad regex, no
 * match, an option the profile does not have; pprof exits 1 there).
 */
#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tprof/gofmt.h"
#include "tprof/repl.h"
#include "tprof/session.h"
#include "tprof/source.h"
#include "tprof/tui.h"

typedef enum flag_kind { F_BOOL, F_STRING, F_INT } flag_kind;

/* Flags that are neither options nor commands (pprof's cli.go and transport). */
typedef struct extra_flag {
  const char *name;
  flag_kind kind;
  const char *help;
} extra_flag;

static const extra_flag extra_flags[] = {
    {"diff_base", F_STRING, "Source of base profile for comparison"},
    {"base", F_STRING, "Source of base profile for profile subtraction"},
    {"symbolize", F_STRING, "Options for profile symbolization"},
    {"buildid", F_STRING, "Override build id for first mapping"},
    {"timeout", F_INT, "Timeout in seconds for fetching a profile"},
    {"add_comment", F_STRING, "Annotation string to record in the profile"},
    {"seconds", F_INT, "Length of time for dynamic profiles"},
    {"inuse_space", F_BOOL, "Display in-use memory size"},
    {"inuse_objects", F_BOOL, "Display in-use object counts"},
    {"alloc_space", F_BOOL, "Display allocated memory size"},
    {"alloc_objects", F_BOOL, "Display allocated object counts"},
    {"total_delay", F_BOOL, "Display total delay at each region"},
    {"contentions", F_BOOL, "Display number of delays at each region"},
    {"mean_delay", F_BOOL, "Display mean delay at each region"},
    {"tools", F_STRING, "Path for object tool pathnames"},
    {"http", F_STRING, "Present interactive web UI at the specified http host:port"},
    {"no_browser", F_BOOL, "Skip opening a browswer for the interactive web UI"},
    {"tls_cert", F_STRING, "TLS client certificate file for fetching profile and symbols"},
    {"tls_key", F_STRING, "TLS private key file for fetching profile and symbols"},
    {"tls_ca", F_STRING, "TLS certificate authority file for fetching profile and symbols"},
    {"repl", F_BOOL, "tprof: use the line REPL even on a terminal"},
    {"version", F_BOOL, "tprof: print the version and exit"},
    {"keys", F_BOOL, "tprof: print the curses UI's key bindings (Markdown) and exit"},
    {"nomouse", F_BOOL, "tprof: the curses UI leaves the mouse to the terminal"},
    {"completion", F_STRING, "tprof: print the completion script of a shell (bash, zsh, fish) and exit"},
};
#define NEXTRA (sizeof extra_flags / sizeof *extra_flags)

typedef struct args {
  config cfg;
  const command_def *cmd;
  char *cmd_arg;
  size_t ncmds;
  bool extra_set[NEXTRA];
  char *extra_val[NEXTRA];
  bool choice_set[64][8];
  char **pos;
  size_t npos;
} args;

static int extra_index(const char *name) {
  for (size_t i = 0; i < NEXTRA; i++)
    if (!strcmp(extra_flags[i].name, name)) return (int)i;
  return -1;
}

static void usage(FILE *f) {
  strbuf sb = STRBUF_INIT;
  sb_adds(&sb,
          "usage:\n\nProduce output in the specified format.\n\n   tprof <format> [options] [binary] <source> ...\n\n"
          "Omit the format to get an interactive session: the curses UI on a terminal, the\n"
          "line REPL (pprof's interactive mode) otherwise or with -repl.\n\n"
          "   tprof [options] [binary] <source> ...\n\nDetails:\n");
  options_usage(&sb, true);
  sb_adds(&sb,
          "\n\n  Source options:\n"
          "    -seconds              Duration for time-based profile collection\n"
          "    -timeout              Timeout in seconds for profile collection\n"
          "    -buildid              Override build id for main binary\n"
          "    -add_comment          Free-form annotation to add to the profile\n"
          "                          Displayed on some reports or with pprof -comments\n"
          "    -diff_base source     Source of base profile for comparison\n"
          "    -base source          Source of base profile for profile subtraction\n"
          "    profile.pb.gz         Profile in compressed protobuf format\n"
          "    http://host/profile   URL for profile handler to retrieve\n"
          "    host:port[/path]      The same over http (host:port alone: its CPU profile)\n"
          "    https+insecure://host/profile  The same over https, without checking the certificate\n"
          "    -tls_cert, -tls_key, -tls_ca  TLS client certificate, key and CA for https\n"
          "\n  Misc options:\n"
          "   -repl              Use the line REPL even on a terminal\n"
          "   -h, -help          This help\n"
          "   -version           Print the version\n"
          "   -keys              Print the curses UI's key bindings\n"
          "   -nomouse           Leave the mouse to the terminal (no clicks in the UI)\n"
          "   -completion=shell  Print the completion script of bash, zsh or fish\n"
          "\n  Legacy convenience options:\n"
          "   -inuse_space           Same as -sample_index=inuse_space\n"
          "   -inuse_objects         Same as -sample_index=inuse_objects\n"
          "   -alloc_space           Same as -sample_index=alloc_space\n"
          "   -alloc_objects         Same as -sample_index=alloc_objects\n"
          "   -total_delay           Same as -sample_index=delay\n"
          "   -contentions           Same as -sample_index=contentions\n"
          "   -mean_delay            Same as -mean -sample_index=delay\n"
          "\n  Environment Variables:\n"
          "   PPROF_TMPDIR       Location for saved profiles (default $HOME/pprof)\n"
          "   TPROF_FETCH_LIMIT  Largest profile fetched over HTTP (default 1G)\n"
          "   XDG_STATE_HOME     History is kept in $XDG_STATE_HOME/tprof/history\n"
          "   NO_COLOR           No colours in the curses UI\n");
  fputs(sb.s, f);
  fputc('\n', f);
  sb_free(&sb);
}

static int usage_error(const char *fmt, const char *a) {
  fprintf(stderr, "tprof: ");
  fprintf(stderr, fmt, a);
  fputc('\n', stderr);
  fprintf(stderr, "Run 'tprof -h' for the list of flags.\n");
  return 2;
}

/* Parse argv as Go's flag package would. Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, args *a) {
  config_init(&a->cfg);
  int i = 1;
  for (; i < argc; i++) {
    const char *s = argv[i];
    if (strlen(s) < 2 || s[0] != '-') break;
    int minuses = 1;
    if (s[1] == '-') {
      minuses = 2;
      if (s[2] == 0) {
        i++;
        break;
      }
    }
    const char *name0 = s + minuses;
    if (!*name0 || name0[0] == '-' || name0[0] == '=') return usage_error("bad flag syntax: %s", s);
    const char *eq = strchr(name0, '=');
    char *name = eq ? xstrndup(name0, (size_t)(eq - name0)) : xstrdup(name0);
    const char *value = eq ? eq + 1 : NULL;
    int rc = -1;
    bool is_choice;
    const option_def *o = option_find(name, &is_choice);
    const command_def *c = command_find(name);
    if (c && c->kind == RK_SESSION) c = NULL; /* refetch, growth: interactive only */
    int x = extra_index(name);
    flag_kind kind;
    if (!strcmp(name, "h") || !strcmp(name, "help")) {
      usage(stdout);
      free(name);
      return 0;
    }
    if (o && !is_choice) kind = o->type == OPT_BOOL ? F_BOOL : F_STRING;
    else if (o || (c && !c->has_param)) kind = F_BOOL;
    else if (c) kind = F_STRING;
    else if (x >= 0) kind = extra_flags[x].kind;
    else {
      rc = usage_error("flag provided but not defined: -%s", name);
      free(name);
      return rc;
    }
    char *val;
    if (kind == F_BOOL) {
      bool b = true;
      if (value && !go_parse_bool(value, &b)) {
        fprintf(stderr, "tprof: invalid boolean value \"%s\" for -%s: parse error\n", value, name);
        free(name);
        return 2;
      }
      val = xstrdup(b ? "true" : "false");
    } else {
      if (!value) {
        if (i + 1 >= argc) {
          rc = usage_error("flag needs an argument: -%s", name);
          free(name);
          return rc;
        }
        value = argv[++i];
      }
      val = xstrdup(value);
    }
    char *err = NULL;
    if (o && !is_choice) {
      if (o->type == OPT_STRING && o->choices) { /* -granularity=x is not a flag in pprof */
      }
      if (!config_set(&a->cfg, o, val, &err)) {
        fprintf(stderr, "tprof: invalid value \"%s\" for flag -%s: %s\n", val, name, err);
        free(err), free(val), free(name);
        return 2;
      }
    } else if (o && is_choice) {
      size_t oi = (size_t)(o - option_table), ci = 0;
      for (const char *const *ch = o->choices; *ch; ch++, ci++)
        if (!strcmp(*ch, name)) a->choice_set[oi][ci] = !strcmp(val, "true");
    } else if (c) {
      if (c->has_param ? *val != 0 : !strcmp(val, "true")) {
        if (a->cmd != c) a->ncmds++;
        a->cmd = c;
        free(a->cmd_arg);
        a->cmd_arg = c->has_param ? xstrdup(val) : NULL;
      }
    } else {
      if (extra_flags[x].kind == F_INT) {
        int64_t n;
        if (!go_atoi(val, 64, &n)) {
          fprintf(stderr, "tprof: invalid value \"%s\" for flag -%s: parse error\n", val, name);
          free(val), free(name);
          return 2;
        }
      }
      a->extra_set[x] = extra_flags[x].kind == F_BOOL ? !strcmp(val, "true") : true;
      free(a->extra_val[x]);
      a->extra_val[x] = xstrdup(val);
    }
    free(val), free(name);
  }
  a->npos = (size_t)(argc - i);
  a->pos = argv + i;
  return -1;
}

/* The values shells complete after some flags. */
static const char *const symbolize_values[] = {"none", "local", "fastlocal", "remote", "force", NULL};
static const char *const shell_values[] = {"bash", "zsh", "fish", NULL};
static const char *const sample_types[] = {"samples", "cpu", "inuse_space", "inuse_objects", "alloc_space",
                                           "alloc_objects", "contentions", "delay", "goroutine", NULL};
static const char *const file_flags[] = {"output", "diff_base", "base", "tls_cert", "tls_key", "tls_ca", NULL};

static bool in_list(const char *const *l, const char *s) {
  for (; *l; l++)
    if (!strcmp(*l, s)) return true;
  return false;
}

/* Every flag -h lists, from the same tables the parser reads: options (and
 * their choices as flags), report commands, the extra flags. */
static int print_completion(const char *shell) {
  size_t cap = option_count * 4 + command_count + sizeof extra_flags / sizeof *extra_flags, n = 0;
  shell_flag *f = xcalloc(cap, sizeof *f);
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    if (o->choices) {
      for (const char *const *ch = o->choices; *ch; ch++) f[n++] = (shell_flag){*ch, false, NULL, false, o->help};
      continue;
    }
    const char *const *ch = !strcmp(o->name, "sample_index") ? sample_types : NULL;
    f[n++] = (shell_flag){o->name, o->type != OPT_BOOL, ch, in_list(file_flags, o->name), o->help};
  }
  for (size_t i = 0; i < command_count; i++) {
    const command_def *c = &command_table[i];
    if (c->kind == RK_SESSION) continue;
    f[n++] = (shell_flag){c->name, c->has_param, NULL, false, c->description};
  }
  for (size_t i = 0; i < sizeof extra_flags / sizeof *extra_flags; i++) {
    const extra_flag *e = &extra_flags[i];
    const char *const *ch = !strcmp(e->name, "symbolize") ? symbolize_values
                            : !strcmp(e->name, "completion") ? shell_values : NULL;
    f[n++] = (shell_flag){e->name, e->kind != F_BOOL, ch, in_list(file_flags, e->name), e->help};
  }
  strbuf sb = STRBUF_INIT;
  bool ok = complete_shell_script(shell, f, n, &sb);
  if (ok) fputs(sb_str(&sb), stdout);
  else fprintf(stderr, "tprof: -completion: unknown shell \"%s\" (bash, zsh or fish)\n", shell);
  sb_free(&sb);
  free(f);
  return ok ? 0 : 2;
}

static const char *extra(const args *a, const char *name) {
  int x = extra_index(name);
  return a->extra_set[x] ? a->extra_val[x] : NULL;
}

static void msg_stderr(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s\n", line);
}

static bool is_elf(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char m[4] = {0};
  size_t n = fread(m, 1, 4, f);
  fclose(f);
  return n == 4 && !memcmp(m, "\x7f" "ELF", 4);
}

static bool is_build_id(const char *s) {
  for (; *s; s++)
    if (!isxdigit((unsigned char)*s)) return false;
  return true;
}

/* What main parsed, freed at exit on every path (no leak report under ASan). */
static args a;
static source_opts so;

static void free_main_state(void) {
  config_free(&a.cfg);
  free(a.cmd_arg);
  for (size_t i = 0; i < NEXTRA; i++) free(a.extra_val[i]);
  memset(&a, 0, sizeof a);
  source_opts_free(&so);
}

int main(int argc, char **argv) {
  setlocale(LC_CTYPE, "");
  atexit(free_main_state);
  int rc = parse_args(argc, argv, &a);
  if (rc >= 0) return rc;
  if (extra(&a, "version")) {
    printf("tprof %s\n", TPROF_VERSION);
    return 0;
  }
  if (extra(&a, "completion")) return print_completion(extra(&a, "completion"));
  if (extra(&a, "keys")) {
    strbuf sb = STRBUF_INIT;
    tui_keys_markdown(&sb);
    fputs(sb_str(&sb), stdout);
    sb_free(&sb);
    return 0; /* free_main_state frees what was parsed */
  }
  if (a.npos == 0) {
    fprintf(stderr, "tprof: no profile source specified\nRun 'tprof -h' for the list of flags.\n");
    return 2;
  }
  so.seconds = so.timeout = -1;
  size_t first = 0;
  if (a.npos > 1) {
    if (is_elf(a.pos[0])) {
      so.exec_name = xstrdup(a.pos[0]);
      first = 1;
    } else if (!extra(&a, "buildid") && is_build_id(a.pos[0])) {
      so.build_id = xstrdup(a.pos[0]);
      first = 1;
    }
  }
  /* choices given as flags (-cum, -lines) */
  for (size_t oi = 0; oi < option_count; oi++) {
    const option_def *o = &option_table[oi];
    if (!o->choices) continue;
    const char *set = NULL;
    size_t nset = 0, ci = 0;
    for (const char *const *ch = o->choices; *ch; ch++, ci++)
      if (a.choice_set[oi][ci]) set = *ch, nset++;
    if (nset > 1) {
      fprintf(stderr, "tprof: conflicting options set:");
      ci = 0;
      for (const char *const *ch = o->choices; *ch; ch++, ci++)
        if (a.choice_set[oi][ci]) fprintf(stderr, " -%s", *ch);
      fprintf(stderr, "\n");
      return 2;
    }
    if (set) {
      char **p = config_str(&a.cfg, o);
      free(*p);
      *p = xstrdup(set);
    }
  }
  if (a.ncmds > 1) {
    fprintf(stderr, "tprof: must set at most one output format\n");
    return 2;
  }
  if (a.cmd && extra(&a, "http")) {
    fprintf(stderr, "tprof: -http is not compatible with an output format on the command line\n");
    return 2;
  }
  if (extra(&a, "http")) {
    fprintf(stderr, "tprof: -http (pprof's web UI) is not part of tprof: run tprof on a terminal for its UI\n");
    return 2;
  }
  if (extra(&a, "no_browser")) {
    fprintf(stderr, "tprof: -no_browser only makes sense with -http\n");
    return 2;
  }
  /* sample index shortcuts */
  struct {
    const char *flag, *type;
  } sc[] = {{"total_delay", "delay"},         {"mean_delay", "delay"},       {"contentions", "contentions"},
            {"inuse_space", "inuse_space"}, {"inuse_objects", "inuse_objects"}, {"alloc_space", "alloc_space"},
            {"alloc_objects", "alloc_objects"}};
  for (size_t i = 0; i < sizeof sc / sizeof *sc; i++) {
    if (!extra(&a, sc[i].flag)) continue;
    if (!*a.cfg.sample_index) {
      free(a.cfg.sample_index);
      a.cfg.sample_index = xstrdup(sc[i].type);
    } else {
      fprintf(stderr, "Multiple value selections, ignoring -%s\n", sc[i].flag);
    }
  }
  if (extra(&a, "mean_delay")) a.cfg.mean = true;
  for (size_t i = first; i < a.npos; i++) {
    so.sources = xreallocarray(so.sources, so.nsources + 1, sizeof *so.sources);
    so.sources[so.nsources++] = xstrdup(a.pos[i]);
  }
  const char *base = extra(&a, "base"), *diff = extra(&a, "diff_base");
  if (base && *base && diff && *diff) {
    fprintf(stderr, "tprof: -base and -diff_base flags cannot both be specified\n");
    return 2;
  }
  if ((base && *base) || (diff && *diff)) {
    so.base = xmalloc(sizeof *so.base);
    so.base[so.nbase++] = xstrdup(diff && *diff ? diff : base);
    so.diff_base = diff && *diff;
  }
  so.normalize = a.cfg.normalize;
  if (so.normalize && !so.nbase) {
    fprintf(stderr, "tprof: must have base profile to normalize by\n");
    return 2;
  }
  int64_t n;
  if (extra(&a, "seconds") && go_atoi(extra(&a, "seconds"), 64, &n)) so.seconds = n;
  if (extra(&a, "timeout") && go_atoi(extra(&a, "timeout"), 64, &n)) so.timeout = n;
  if (extra(&a, "add_comment")) so.comment = xstrdup(extra(&a, "add_comment"));
  if (extra(&a, "buildid") && *extra(&a, "buildid")) so.build_id = xstrdup(extra(&a, "buildid"));
  if (extra(&a, "tls_cert")) so.tls_cert = xstrdup(extra(&a, "tls_cert"));
  if (extra(&a, "tls_key")) so.tls_key = xstrdup(extra(&a, "tls_key"));
  if (extra(&a, "tls_ca")) so.tls_ca = xstrdup(extra(&a, "tls_ca"));
  if (extra(&a, "symbolize")) so.symbolize = xstrdup(extra(&a, "symbolize"));

  char *err = NULL;
  profile *p = source_load(&so, msg_stderr, NULL, &err);
  if (!p) {
    fprintf(stderr, "tprof: %s\n", err);
    free(err);
    return 1;
  }
  session s;
  session_ui ui;
  repl_stdio_ui(&ui);
  session_init(&s, p, &a.cfg, &so, &ui);
  int status = 0;
  if (a.cmd) {
    status = session_report(&s, a.cmd, a.cmd_arg, &s.cfg) ? 0 : 2;
  } else if (!extra(&a, "repl") && isatty(0) && isatty(1)) {
    status = tui_run(&s, !extra(&a, "nomouse"));
  } else {
    status = repl_run(&s);
  }
  session_free(&s);
  return status;
}
