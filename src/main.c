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
#include <sys/stat.h>

#include "tprof/env.h"
#include "tprof/fetch.h"
#include "tprof/flags.h"
#include "tprof/gofmt.h"
#include "tprof/repl.h"
#include "tprof/session.h"
#include "tprof/source.h"
#include "tprof/tui.h"

typedef struct args {
  config cfg;
  const command_def *cmd;
  char *cmd_arg;
  size_t ncmds;
  char *val[FLAG_COUNT]; /* a flag_table flag's value; NULL when unset (or a bool set false) */
  bool **choice_set;     /* by option: which of its choices were set true (-cum), or NULL */
  char **pos;
  size_t npos;
} args;

/* Malloc's heap in huge pages (util.h heap_huge_pages) for what is read
 * from files of up to HEAP_HUGE_INPUT bytes on disk, together: their
 * tables fit the heap's reserve, and their loads spent half their time in
 * 4 KiB page faults. Bigger inputs keep malloc's defaults (their blocks
 * are mostly mappings of their own, advised huge already, and the kept
 * heap cost large -top 3.5 MB of peak RSS) but for a fixed mmap threshold
 * (heap_give_back): their freed temporaries are given back. */
#define HEAP_HUGE_INPUT ((off_t)64 << 20)
static void heap_for_inputs(char **paths, size_t n) {
  off_t total = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(paths[i], &st) == 0 && S_ISREG(st.st_mode)) total += st.st_size;
  }
  if (total <= HEAP_HUGE_INPUT) heap_huge_pages();
  else heap_give_back();
}

static int usage_error(const char *fmt, const char *a) {
  fprintf(stderr, "tprof: ");
  fprintf(stderr, fmt, a);
  fputc('\n', stderr);
  fprintf(stderr, "Run 'tprof -h' for the list of flags.\n");
  return 2;
}

/* One flag's value: an option's (-nodecount=5), a choice's (-cum), a
 * format's (-top, -list=RE) or a flag_table flag's. -1 to go on, else an exit status. */
static int set_flag(args *a, const flag *f, const char *name, const char *val) {
  char *err = NULL;
  if (f->option && !f->choice) {
    if (!config_set(&a->cfg, f->option, val, &err)) {
      fprintf(stderr, "tprof: invalid value \"%s\" for flag -%s: %s\n", val, name, err);
      free(err);
      return 2;
    }
  } else if (f->option) {
    size_t oi = (size_t)(f->option - option_table), nch = 0, ci = 0;
    while (f->option->choices[nch]) nch++;
    if (!a->choice_set) a->choice_set = xcalloc(option_count, sizeof *a->choice_set);
    if (!a->choice_set[oi]) a->choice_set[oi] = xcalloc(nch, sizeof **a->choice_set);
    while (strcmp(f->option->choices[ci], f->choice)) ci++;
    a->choice_set[oi][ci] = !strcmp(val, "true");
  } else if (f->command) {
    const command_def *c = f->command;
    if (c->has_param ? *val != 0 : !strcmp(val, "true")) {
      if (a->cmd != c) a->ncmds++;
      a->cmd = c;
      free(a->cmd_arg);
      a->cmd_arg = c->has_param ? xstrdup(val) : NULL;
    }
  } else {
    size_t x = (size_t)(f->def - flag_table);
    int64_t n;
    if (f->kind == FLAG_INT && !go_atoi(val, 64, &n)) {
      fprintf(stderr, "tprof: invalid value \"%s\" for flag -%s: parse error\n", val, name);
      return 2;
    }
    free(a->val[x]);
    a->val[x] = f->kind == FLAG_BOOL && strcmp(val, "true") ? NULL : xstrdup(val);
  }
  return -1;
}

/* Parse argv as Go's flag package would, with the flags of flags.h. Returns -1 to go on, else an exit status. */
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
    flag f;
    if (!flag_find(name, &f)) {
      rc = usage_error("flag provided but not defined: -%s", name);
      free(name);
      return rc;
    }
    if (f.def == &flag_table[FLAG_HELP]) {
      strbuf sb = STRBUF_INIT;
      flags_usage(&sb);
      fputs(sb_str(&sb), stdout);
      sb_free(&sb);
      free(name);
      return 0;
    }
    char *val;
    if (f.kind == FLAG_BOOL) {
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
    rc = set_flag(a, &f, name, val);
    free(val), free(name);
    if (rc >= 0) return rc;
  }
  a->npos = (size_t)(argc - i);
  a->pos = argv + i;
  return -1;
}

static void print_buf(strbuf *sb) {
  fputs(sb_str(sb), stdout);
  sb_free(sb);
}

static void msg_stderr(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s\n", line);
}

static bool is_elf(const char *path) {
  struct stat st; /* a FIFO (<(curl ...)) is a profile: reading it here would eat its first bytes */
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
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

/* The environment, read here and only here (src/core reads none: env.h);
 * -h lists each variable (flags.c env_table). */
static void read_env(core_env *e) {
  const char *t = getenv("TPROF_THREADS");
  e->threads = t && atoi(t) > 0 ? atoi(t) : 0;
  const char *j = getenv("TPROF_NO_JIT");
  e->no_jit = j && *j && strcmp(j, "0");
  e->fetch_limit = fetch_parse_limit(getenv("TPROF_FETCH_LIMIT"));
  e->pprof_tmpdir = getenv("PPROF_TMPDIR");
  e->pprof_binary_path = getenv("PPROF_BINARY_PATH");
  e->home = getenv("HOME");
  e->tmpdir = getenv("TMPDIR");
  e->xdg_state_home = getenv("XDG_STATE_HOME");
  e->path = getenv("PATH");
  e->browser = getenv("BROWSER");
  e->display = getenv("DISPLAY");
}

static void free_main_state(void) {
  fetch_global_cleanup();
  config_free(&a.cfg);
  free(a.cmd_arg);
  for (size_t i = 0; i < FLAG_COUNT; i++) free(a.val[i]);
  if (a.choice_set)
    for (size_t i = 0; i < option_count; i++) free(a.choice_set[i]);
  free(a.choice_set);
  memset(&a, 0, sizeof a);
  source_opts_free(&so);
}

int main(int argc, char **argv) {
  setlocale(LC_CTYPE, "");
  static core_env env; /* main's own: the core gets a pointer to it */
  read_env(&env);
  atexit(free_main_state);
  int rc = parse_args(argc, argv, &a);
  if (rc >= 0) return rc;
  a.cfg.env = so.env = &env;
  strbuf sb = STRBUF_INIT; /* free_main_state frees what was parsed */
  if (a.val[FLAG_VERSION]) {
    printf("tprof %s\n", TPROF_VERSION);
    return 0;
  }
  if (a.val[FLAG_COMPLETION]) {
    if (flags_completion(a.val[FLAG_COMPLETION], &sb)) return print_buf(&sb), 0;
    fprintf(stderr, "tprof: -completion: unknown shell \"%s\" (bash, zsh or fish)\n", a.val[FLAG_COMPLETION]);
    sb_free(&sb);
    return 2;
  }
  if (a.val[FLAG_FLAGS_LIST]) return flags_names(&sb), print_buf(&sb), 0;
  if (a.val[FLAG_KEYS]) return tui_keys_markdown(&sb), print_buf(&sb), 0;
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
    } else if (!a.val[FLAG_BUILDID] && is_build_id(a.pos[0])) {
      so.build_id = xstrdup(a.pos[0]);
      first = 1;
    }
  }
  /* choices given as flags (-cum, -lines) */
  for (size_t oi = 0; a.choice_set && oi < option_count; oi++) {
    const option_def *o = &option_table[oi];
    if (!a.choice_set[oi]) continue;
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
  if (a.cmd && a.val[FLAG_HTTP]) {
    fprintf(stderr, "tprof: -http is not compatible with an output format on the command line\n");
    return 2;
  }
  if (a.val[FLAG_HTTP]) {
    fprintf(stderr, "tprof: -http (pprof's web UI) is not part of tprof: run tprof on a terminal for its UI\n");
    return 2;
  }
  if (a.val[FLAG_NO_BROWSER]) {
    fprintf(stderr, "tprof: -no_browser only makes sense with -http\n");
    return 2;
  }
  /* the legacy sample index shortcuts (-inuse_space, -mean_delay) */
  for (size_t i = 0; i < FLAG_COUNT; i++) {
    if (!flag_table[i].sample_index || !a.val[i]) continue;
    if (!*a.cfg.sample_index) {
      free(a.cfg.sample_index);
      a.cfg.sample_index = xstrdup(flag_table[i].sample_index);
    } else {
      fprintf(stderr, "Multiple value selections, ignoring -%s\n", flag_table[i].name);
    }
    if (flag_table[i].mean) a.cfg.mean = true;
  }
  for (size_t i = first; i < a.npos; i++) {
    so.sources = xreallocarray(so.sources, so.nsources + 1, sizeof *so.sources);
    so.sources[so.nsources++] = xstrdup(a.pos[i]);
  }
  heap_for_inputs(so.sources, so.nsources);
  const char *base = a.val[FLAG_BASE], *diff = a.val[FLAG_DIFF_BASE];
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
  if (a.val[FLAG_SECONDS] && go_atoi(a.val[FLAG_SECONDS], 64, &n)) so.seconds = n;
  if (a.val[FLAG_TIMEOUT] && go_atoi(a.val[FLAG_TIMEOUT], 64, &n)) so.timeout = n;
  if (a.val[FLAG_ADD_COMMENT]) so.comment = xstrdup(a.val[FLAG_ADD_COMMENT]);
  if (a.val[FLAG_BUILDID] && *a.val[FLAG_BUILDID]) so.build_id = xstrdup(a.val[FLAG_BUILDID]);
  if (a.val[FLAG_TLS_CERT]) so.tls_cert = xstrdup(a.val[FLAG_TLS_CERT]);
  if (a.val[FLAG_TLS_KEY]) so.tls_key = xstrdup(a.val[FLAG_TLS_KEY]);
  if (a.val[FLAG_TLS_CA]) so.tls_ca = xstrdup(a.val[FLAG_TLS_CA]);
  if (a.val[FLAG_SYMBOLIZE]) so.symbolize = xstrdup(a.val[FLAG_SYMBOLIZE]);

  int64_t watch = 0;
  if (a.val[FLAG_WATCH]) {
    if (!go_atoi(a.val[FLAG_WATCH], 32, &watch) || watch < 1 || watch > 86400) {
      fprintf(stderr, "tprof: invalid value \"%s\" for flag -watch: seconds from 1 to 86400\n", a.val[FLAG_WATCH]);
      return 2;
    }
    if (a.cmd) {
      fprintf(stderr, "tprof: -watch is for an interactive session, not with -%s\n", a.cmd->name);
      return 2;
    }
  }

  char *err = NULL;
  /* a timeline's sources are snapshots, one by one, never merged */
  series snaps = {0};
  bool timeline = a.cmd && a.cmd->kind == RK_TIMELINE;
  profile *p = NULL;
  if (timeline ? source_load_series(&so, msg_stderr, NULL, &snaps, &err)
               : (p = source_load(&so, msg_stderr, NULL, &err)) != NULL) {
    if (timeline) p = profile_ref(snaps.v[snaps.n - 1].prof);
  } else {
    fprintf(stderr, "tprof: %s\n", err);
    free(err);
    return 1;
  }
  session s;
  session_ui ui;
  repl_stdio_ui(&ui);
  session_init(&s, p, &a.cfg, &so, &ui);
  if (timeline) {
    series_clear(&s.snaps);
    s.snaps = snaps;
    s.cur = snaps.n - 1;
  }
  if (watch) session_watch_start(&s, (int)watch);
  int status = 0;
  if (a.cmd) {
    status = session_report(&s, a.cmd, a.cmd_arg, &s.cfg) ? 0 : 2;
  } else if (!a.val[FLAG_REPL] && isatty(0) && isatty(1)) {
    status = tui_run(&s, !a.val[FLAG_NOMOUSE]);
  } else {
    status = repl_run(&s);
  }
  session_free(&s);
  return status;
}
