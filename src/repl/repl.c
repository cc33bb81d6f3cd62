/*
 * repl.c: the line REPL. On a pipe it reads lines as pprof's stdUI does
 * (bufio ReadString) and prints exactly what pprof prints. On a terminal
 * it uses GNU readline, as pprof's readlineUI uses x/term: the prompt and
 * messages on stderr, errors in red, reports on stdout; with line editing,
 * the history file of history.h and tab completion from complete.h.
 */
#include "tprof/repl.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "tprof/complete.h"
#include "tprof/history.h"

#define PROMPT session_prompt

/* ---- output ---- */

static void out_print(void *ctx, const char *text) {
  (void)ctx;
  fflush(stdout);
  size_t n = strlen(text);
  fputs(text, stderr);
  if (n == 0 || text[n - 1] != '\n') fputc('\n', stderr);
}

/* pprof's readlineUI colours what it prints with PrintErr red, newline
 * included; tprof does so only when stderr is a terminal and NO_COLOR is
 * not set (no-color.org). */
static void out_print_red(void *ctx, const char *text) {
  (void)ctx;
  fflush(stdout);
  size_t n = strlen(text);
  fprintf(stderr, "\033[0;31m%s%s\033[0m", text, n == 0 || text[n - 1] != '\n' ? "\n" : "");
}

static void out_data(void *ctx, const void *data, size_t n) {
  (void)ctx;
  fwrite(data, 1, n, stdout);
  fflush(stdout);
}

void repl_stdio_ui(session_ui *ui) {
  memset(ui, 0, sizeof *ui);
  ui->print = out_print;
  ui->print_err = out_print;
  ui->out = out_data;
  ui->is_terminal = isatty(1);
}

/* ---- on a pipe: pprof's stdUI ---- */

/* Read one line like bufio.Reader.ReadString('\n'); NULL at end of input.
 * *nul is set when the line holds a NUL byte. */
static char *read_line(FILE *in, bool *eof, bool *nul) {
  strbuf sb = STRBUF_INIT;
  int c;
  *eof = *nul = false;
  while ((c = getc(in)) != EOF) {
    if (c == 0) *nul = true;
    sb_addc(&sb, (char)c);
    if (c == '\n') break;
  }
  if (c == EOF) *eof = true;
  if (*eof && sb.len == 0) {
    sb_free(&sb);
    return NULL;
  }
  return sb_steal(&sb);
}

static int run_pipe(session *s) {
  for (;;) {
    fputs(PROMPT, stdout);
    fflush(stdout);
    bool eof, nul;
    char *line = read_line(stdin, &eof, &nul);
    if (!line) return 0;
    if (session_watch_due(s)) session_watch_tick(s);
    /* pprof would keep the NUL as a character (focus=\0fn matches nothing);
     * a C string would cut the command there (focus= clears the focus): the
     * line is refused instead, and the session goes on. */
    bool keep = true;
    if (nul) s->ui.print_err(s->ui.ctx, "line holds a NUL byte: ignored");
    else keep = session_exec(s, line);
    free(line);
    if (!keep) return 0;
    if (eof) {
      /* pprof processes a last unterminated line, then reads EOF again */
      fputs(PROMPT, stdout);
      fflush(stdout);
      return 0;
    }
  }
}

/* ---- on a terminal: GNU readline ---- */

static const session *rl_session;   /* what completion completes from */
static size_t rl_shown_from;         /* bytes of each candidate not listed */
static volatile sig_atomic_t got_sigint;

/* readline's attempted-completion function: candidates from complete_line
 * for the word under the cursor, never readline's file-name fallback. */
static char **attempt_completion(const char *text, int start, int end) {
  (void)text, (void)end;
  rl_attempted_completion_over = 1;
  completion c;
  complete_line(rl_session, rl_line_buffer, (size_t)rl_point, &c);
  char **m = NULL;
  if (c.n > 0 && c.start == (size_t)start) {
    m = xcalloc(c.n + 2, sizeof *m);
    m[0] = xstrdup(c.insert);
    if (c.n > 1)
      for (size_t i = 0; i < c.n; i++) m[i + 1] = xstrdup(c.words[i]);
    rl_completion_suppress_append = c.no_space;
    rl_shown_from = c.shown_from;
  }
  completion_free(&c);
  return m;
}

/* List candidates without the part they share with the line ("focus="). */
static void show_matches(char **matches, int n, int max_len) {
  char **shown = xcalloc((size_t)n + 2, sizeof *shown);
  int longest = 0;
  for (int i = 0; i <= n; i++) {
    size_t len = strlen(matches[i]);
    shown[i] = matches[i] + (i > 0 && len >= rl_shown_from ? rl_shown_from : 0);
    if (i > 0 && (int)strlen(shown[i]) > longest) longest = (int)strlen(shown[i]);
  }
  (void)max_len;
  rl_display_match_list(shown, n, longest);
  rl_forced_update_display();
  free(shown);
}

static void on_sigint(int sig) {
  (void)sig;
  got_sigint = 1;
}

/* Called by readline when a read is interrupted: Ctrl-C drops the line
 * being edited and starts a new one, as shells do (readline has already
 * echoed ^C and left the line). */
static int after_signal(void) {
  if (got_sigint) {
    got_sigint = 0;
    rl_replace_line("", 0);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
  }
  return 0;
}

static int run_terminal(session *s) {
  if (!getenv("NO_COLOR") && isatty(2)) s->ui.print_err = out_print_red;
  rl_session = s;
  rl_readline_name = "tprof";
  rl_instream = stdin;
  rl_outstream = stderr; /* as pprof's readlineUI: stdout is for reports */
  rl_attempted_completion_function = attempt_completion;
  rl_completion_display_matches_hook = show_matches;
  rl_completer_word_break_characters = (char *)" \t\n";
  rl_completer_quote_characters = NULL;
  rl_sort_completion_matches = 1;
  rl_signal_event_hook = after_signal;
  struct sigaction sa, old_sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sa.sa_flags = SA_RESTART; /* reports running meanwhile are not interrupted */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_sa);

  using_history();
  stifle_history(HISTORY_MAX);
  char *hist = history_path(s->cfg.env);
  char **old;
  size_t n = history_load(hist, HISTORY_MAX, &old, NULL);
  for (size_t i = 0; i < n; i++) {
    add_history(old[i]);
    free(old[i]);
  }
  free(old);
  char *prev = n ? xstrdup(history_get(history_base + history_length - 1)->line) : NULL;

  for (;;) {
    fflush(stdout);
    got_sigint = 0;
    char *line = readline(PROMPT);
    if (!line) {
      fputc('\n', stderr); /* leave the shell's prompt on a line of its own */
      break;
    }
    if (history_wanted(line, prev)) {
      add_history(line);
      history_append(hist, line);
      free(prev);
      prev = xstrdup(line);
    }
    if (session_watch_due(s)) session_watch_tick(s); /* the watch's fetch, before the command that waited for it */
    bool keep = session_exec(s, line);
    free(line);
    if (!keep) break;
  }
  free(prev);
  if (hist) history_trim(hist, HISTORY_MAX);
  free(hist);
  sigaction(SIGINT, &old_sa, NULL);
  return 0;
}

/* ---- both ---- */

int repl_run(session *s) {
  s->interactive = true;
  char *err = NULL;
  config_configure(&s->cfg, "compact_labels", "true", &err);
  free(err);
  /* pprof's cmd/pprof uses its readline UI when stdin is a terminal that
   * is not dumb; otherwise it reads lines as on a pipe. */
  const char *term = getenv("TERM");
  bool line_editing = isatty(0) && term && *term && strcmp(term, "dumb") != 0;
  if (line_editing) s->ui.print = out_print, s->ui.out = out_data;
  session_greet(s);
  return line_editing ? run_terminal(s) : run_pipe(s);
}
