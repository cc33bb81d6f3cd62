/*
 * flags.c: the command line's flag table and what is made from it: the
 * lookup main.c parses argv with, `tprof -h`, the shell completion scripts
 * and the list of names. Options, their choices and report commands become
 * flags through their own tables (options.c); flag_table holds the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/complete.h"
#include "tprof/flags.h"
#include "tprof/symbolize.h"

static const char *const shell_values[] = {"bash", "zsh", "fish", NULL};
/* What shells offer after an OPTF_SAMPLE option (-sample_index=). */
static const char *const sample_types[] = {"samples", "cpu", "inuse_space", "inuse_objects", "alloc_space",
                                           "alloc_objects", "contentions", "delay", "goroutine", NULL};

#define SOURCE(id, nm, k, a, h) [id] = {.name = nm, .kind = k, .group = FG_SOURCE, .arg = a, .help = h}
#define FILE_FLAG(id, nm, h) [id] = {.name = nm, .kind = FLAG_STRING, .group = FG_SOURCE, .arg = "file", .help = h, \
                                     .file = true}
#define LEGACY(id, nm, st) [id] = {.name = nm, .kind = FLAG_BOOL, .group = FG_LEGACY, \
                                   .help = "Same as -sample_index=" st, .sample_index = st}
#define MISC(id, nm, h) [id] = {.name = nm, .kind = FLAG_BOOL, .group = FG_MISC, .help = h}

const flag_def flag_table[FLAG_COUNT] = {
    SOURCE(FLAG_SECONDS, "seconds", FLAG_INT, "n", "Duration for time-based profile collection"),
    SOURCE(FLAG_TIMEOUT, "timeout", FLAG_INT, "n", "Timeout in seconds for profile collection"),
    SOURCE(FLAG_BUILDID, "buildid", FLAG_STRING, "id", "Override build id for main binary"),
    SOURCE(FLAG_ADD_COMMENT, "add_comment", FLAG_STRING, "text",
           "Free-form annotation to add to the profile (shown by -comments)"),
    [FLAG_DIFF_BASE] = {.name = "diff_base", .kind = FLAG_STRING, .group = FG_SOURCE, .arg = "source",
                        .help = "Source of base profile for comparison", .file = true},
    [FLAG_BASE] = {.name = "base", .kind = FLAG_STRING, .group = FG_SOURCE, .arg = "source",
                   .help = "Source of base profile for profile subtraction", .file = true},
    [FLAG_SYMBOLIZE] = {.name = "symbolize", .kind = FLAG_STRING, .group = FG_SOURCE, .arg = "mode",
                        .help = "Options for profile symbolization (local, fastlocal, remote, none, force, demangle=full|templates|none)",
                        .values = symbolize_words},
    SOURCE(FLAG_TOOLS, "tools", FLAG_STRING, "path", "Path for object tool pathnames (accepted, unused)"),
    FILE_FLAG(FLAG_TLS_CERT, "tls_cert", "TLS client certificate file for fetching profile and symbols"),
    FILE_FLAG(FLAG_TLS_KEY, "tls_key", "TLS private key file for fetching profile and symbols"),
    FILE_FLAG(FLAG_TLS_CA, "tls_ca", "TLS certificate authority file for fetching profile and symbols"),
    [FLAG_HTTP] = {.name = "http", .kind = FLAG_STRING, .group = FG_MISC, .arg = "host:port",
                   .help = "pprof's web UI: not part of tprof (an error; run tprof on a terminal)"},
    MISC(FLAG_NO_BROWSER, "no_browser", "pprof's -http without a browser: not part of tprof (an error)"),
    LEGACY(FLAG_INUSE_SPACE, "inuse_space", "inuse_space"),
    LEGACY(FLAG_INUSE_OBJECTS, "inuse_objects", "inuse_objects"),
    LEGACY(FLAG_ALLOC_SPACE, "alloc_space", "alloc_space"),
    LEGACY(FLAG_ALLOC_OBJECTS, "alloc_objects", "alloc_objects"),
    LEGACY(FLAG_TOTAL_DELAY, "total_delay", "delay"),
    LEGACY(FLAG_CONTENTIONS, "contentions", "contentions"),
    [FLAG_MEAN_DELAY] = {.name = "mean_delay", .kind = FLAG_BOOL, .group = FG_LEGACY,
                         .help = "Same as -mean -sample_index=delay", .sample_index = "delay", .mean = true},
    [FLAG_HELP] = {.name = "h", .alias = "help", .kind = FLAG_BOOL, .group = FG_MISC, .help = "This help"},
    MISC(FLAG_VERSION, "version", "Print the version"),
    MISC(FLAG_REPL, "repl", "Use the line REPL even on a terminal"),
    MISC(FLAG_NOMOUSE, "nomouse", "Leave the mouse to the terminal (no clicks in the UI)"),
    [FLAG_WATCH] = {.name = "watch", .kind = FLAG_INT, .group = FG_MISC, .arg = "seconds",
                    .help = "Fetch the sources again every SECONDS, each fetch a snapshot (interactive)"},
    MISC(FLAG_KEYS, "keys", "Print the curses UI's key bindings (Markdown)"),
    [FLAG_COMPLETION] = {.name = "completion", .kind = FLAG_STRING, .group = FG_MISC, .arg = "shell",
                         .help = "Print the completion script of bash, zsh or fish", .values = shell_values},
    MISC(FLAG_FLAGS_LIST, "flags-list", "Print every flag's name, one a line (for scripts)"),
};

const env_def env_table[] = {
    {"PPROF_TMPDIR", "Location for saved profiles (default $HOME/pprof, else $TMPDIR)"},
    {"PPROF_BINARY_PATH", "Where binaries are looked for, by name or build ID (default $HOME/pprof/binaries)"},
    {"HOME", "Its pprof directory keeps saved profiles; its .local/state the history"},
    {"TMPDIR", "Temporary files (viewer input, saved profiles without $HOME; default /tmp)"},
    {"XDG_STATE_HOME", "History is kept in $XDG_STATE_HOME/tprof/history"},
    {"TPROF_FETCH_LIMIT", "Largest profile fetched over HTTP (default 1G; k, M, G suffixes)"},
    {"TPROF_THREADS", "Threads for decoding and graph passes (default: the cores, at most 4)"},
    {"TPROF_NO_JIT", "Set (not 0): compile regexps without PCRE2's JIT (for valgrind)"},
    {"PATH", "Where dot and the viewers are looked up"},
    {"BROWSER", "The first browser tried by -web and -weblist"},
    {"DISPLAY", "Set: xdg-open is tried after the browsers"},
    {"TERM", "dumb: no line editing in the REPL (unset too) and no mouse in the UI"},
    {"NO_COLOR", "No colours in the curses UI and the REPL's errors"},
};
const size_t env_count = sizeof env_table / sizeof *env_table;

static flag from_def(const flag_def *d, const char *name) {
  return (flag){.name = name, .kind = d->kind, .help = d->help, .values = d->values, .file = d->file, .def = d};
}

static flag from_option(const option_def *o) {
  return (flag){.name = o->name,
                .kind = o->type == OPT_BOOL ? FLAG_BOOL : FLAG_STRING,
                .help = o->help,
                .values = o->choices ? o->choices : o->flags & OPTF_SAMPLE ? sample_types : NULL,
                .file = (o->flags & OPTF_FILE) != 0,
                .option = o};
}

static flag from_choice(const option_def *o, const char *choice) {
  const char *h = option_choice_help(choice);
  return (flag){.name = choice, .kind = FLAG_BOOL, .help = h ? h : o->help, .option = o, .choice = choice};
}

/* Report commands are flags; the session's own (o, refetch) are not. */
static bool command_is_flag(const command_def *c) { return c->kind != RK_SESSION; }

static flag from_command(const command_def *c) {
  return (flag){.name = c->name, .kind = c->has_param ? FLAG_STRING : FLAG_BOOL, .help = c->description, .command = c};
}

bool flag_find(const char *name, flag *out) {
  bool is_choice;
  const option_def *o = option_find(name, &is_choice);
  if (o && !is_choice) {
    *out = from_option(o);
    return true;
  }
  if (o)
    for (const char *const *ch = o->choices; *ch; ch++)
      if (!strcmp(*ch, name)) {
        *out = from_choice(o, *ch);
        return true;
      }
  const command_def *c = command_find(name);
  if (c && command_is_flag(c) && !strcmp(c->name, name)) {
    *out = from_command(c);
    return true;
  }
  for (size_t i = 0; i < FLAG_COUNT; i++) {
    const flag_def *d = &flag_table[i];
    if (!strcmp(d->name, name) || (d->alias && !strcmp(d->alias, name))) {
      *out = from_def(d, name);
      return true;
    }
  }
  return false;
}

flag *flags_all(size_t *n) {
  size_t cap = 16, k = 0;
  flag *f = xreallocarray(NULL, cap, sizeof *f);
#define PUSH(x)                                             \
  do {                                                      \
    if (k == cap) f = xreallocarray(f, cap *= 2, sizeof *f); \
    f[k++] = (x);                                           \
  } while (0)
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    PUSH(from_option(o)); /* -granularity=lines as well as -lines */
    if (o->choices)
      for (const char *const *ch = o->choices; *ch; ch++) PUSH(from_choice(o, *ch));
  }
  for (size_t i = 0; i < command_count; i++)
    if (command_is_flag(&command_table[i])) PUSH(from_command(&command_table[i]));
  for (size_t i = 0; i < FLAG_COUNT; i++) {
    PUSH(from_def(&flag_table[i], flag_table[i].name));
    if (flag_table[i].alias) PUSH(from_def(&flag_table[i], flag_table[i].alias));
  }
#undef PUSH
  *n = k;
  return f;
}

void flags_names(strbuf *out) {
  size_t n;
  flag *f = flags_all(&n);
  for (size_t i = 0; i < n; i++) sb_printf(out, "%s\n", f[i].name);
  free(f);
}

bool flags_completion(const char *shell, strbuf *out) {
  size_t n;
  flag *f = flags_all(&n);
  bool ok = complete_shell_script(shell, f, n, out);
  free(f);
  return ok;
}

static void usage_line(strbuf *out, const char *name, const char *alias, const char *arg, const char *help) {
  char *n = xasprintf("-%s%s%s%s%s", name, alias ? ", -" : "", alias ? alias : "", arg ? " " : "", arg ? arg : "");
  int k = (int)strcspn(help, "\n"); /* the summary line */
  if (strlen(n) > 21) sb_printf(out, "    %s\n    %-21s %.*s\n", n, "", k, help);
  else sb_printf(out, "    %-21s %.*s\n", n, k, help);
  free(n);
}

static void usage_group(strbuf *out, flag_group g, const char *title) {
  sb_printf(out, "\n  %s:\n", title);
  for (size_t i = 0; i < FLAG_COUNT; i++) {
    const flag_def *d = &flag_table[i];
    if (d->group == g) usage_line(out, d->name, d->alias, d->arg, d->help);
  }
}

void flags_usage(strbuf *out) {
  sb_adds(out, "usage:\n\nProduce output in the specified format.\n\n   tprof <format> [options] [binary] <source> ...\n\n"
               "Omit the format to get an interactive session: the curses UI on a terminal, the\n"
               "line REPL (pprof's interactive mode) otherwise or with -repl.\n\n"
               "   tprof [options] [binary] <source> ...\n\nDetails:\n");
  options_usage(out, true); /* pprof's formats, options and option groups */
  sb_adds(out, "\n\n  tprof's own output formats and options:\n");
  for (size_t i = 0; i < command_count; i++) {
    const command_def *c = &command_table[i];
    if (command_is_flag(c) && (c->flags & CMD_EXTENSION)) usage_line(out, c->name, NULL, NULL, c->description);
  }
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    if (o->flags & OPTF_EXTENSION) usage_line(out, o->name, NULL, o->type == OPT_BOOL ? NULL : "value", o->help);
  }
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    if (!o->choices) continue;
    char *h = xasprintf("The %s group's choice by name (-%s=%s)", o->name, o->name, o->choices[0]);
    usage_line(out, o->name, NULL, "name", h);
    free(h);
  }
  usage_group(out, FG_SOURCE, "Source options");
  sb_adds(out, "    profile.pb.gz         Profile in compressed protobuf format (or gzipped, or legacy text)\n"
               "    http://host/profile   URL for profile handler to retrieve\n"
               "    host:port[/path]      The same over http (host:port alone: its CPU profile)\n"
               "    https+insecure://host/profile  The same over https, without checking the certificate\n");
  usage_group(out, FG_MISC, "Misc options");
  usage_group(out, FG_LEGACY, "Legacy convenience options");
  sb_adds(out, "\n  Environment Variables:\n");
  for (size_t i = 0; i < env_count; i++) sb_printf(out, "    %-21s %s\n", env_table[i].name, env_table[i].help);
}
