/*
 * tui.c: the curses UI's event loop. It owns the terminal (setup, signals,
 * stderr, restore on every way out), the job queue feeding the worker
 * (runner.c), and the routing of results to panes; screen.c draws,
 * actions.c turns keys into commands.
 *
 * Everything that changes what is shown is a session command, typed or run
 * by a key (keys.c): its results come back as structured reports and text,
 * and go to the pane of their kind (top/text: table, list: source,
 * peek/tree: tree, traces/o/help/raw/tags...: the view). When a command
 * changes an option (sample_index, focus, sort...), every pane re-runs its
 * own command, keeping its cursor on the same row by the row's stable id.
 *
 * Keys typed in the first moments of a command wait for its results
 * (type-ahead). While the UI runs, stderr goes to the message line. The
 * terminal is restored on quit, on SIGINT/SIGTERM/SIGHUP, on a crash signal
 * and on fatal errors (xfatal_hook).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>

#include "tprof/mycode.h"
#include "tprof/repl.h"
#include "tprof/tui.h"
#include "tprof/units.h"
#include "tui.h"

static int g_alt_left;      /* the key code of Alt+Left */
static int g_sgr_mouse;     /* the key code of an SGR mouse report's start */
static bool g_mouse;        /* mouse events are on */
static int g_pending;       /* a key read after Esc that did not make an Alt+key */
static volatile sig_atomic_t g_curses_on;
static int g_sigpipe[2] = {-1, -1};
static volatile sig_atomic_t g_quit_pending; /* SIGTERM, SIGHUP or SIGQUIT arrived: drawing stops short */

bool tui_quit_pending(void) { return g_quit_pending != 0; }
static struct sigaction g_old_winch;

/* ---- terminal restore ---- */

/* While curses owns the screen, stderr (of libraries, of dot and viewers
 * the session starts) goes to a pipe the event loop reads into the message
 * line, so that nothing writes over the screen behind curses' back. */
static int g_errpipe[2] = {-1, -1};
static int g_saved_stderr = -1;

static void capture_stderr(void) {
  if (pipe(g_errpipe) != 0) return;
  fcntl(g_errpipe[0], F_SETFL, fcntl(g_errpipe[0], F_GETFL) | O_NONBLOCK);
  fcntl(g_errpipe[0], F_SETFD, FD_CLOEXEC);
  fflush(stderr);
  g_saved_stderr = dup(2);
  if (g_saved_stderr < 0 || dup2(g_errpipe[1], 2) < 0) {
    close(g_errpipe[0]), close(g_errpipe[1]);
    g_errpipe[0] = g_errpipe[1] = -1;
    return;
  }
  fcntl(g_saved_stderr, F_SETFD, FD_CLOEXEC);
  close(g_errpipe[1]);
  g_errpipe[1] = -1;
}

/* Give the terminal and stderr back; safe to call twice (quit, signals, xfatal). */
static void restore_terminal(void) {
  if (g_curses_on) {
    g_curses_on = 0;
    endwin();
    fflush(stdout);
  }
  if (g_saved_stderr >= 0) {
    dup2(g_saved_stderr, 2);
    close(g_saved_stderr);
    g_saved_stderr = -1;
  }
}

static void on_quit_signal(int sig) {
  unsigned char c = (unsigned char)sig;
  if (sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT) g_quit_pending = 1;
  if (write(g_sigpipe[1], &c, 1) < 0) {
  }
}

static void on_winch(int sig) {
  if (g_old_winch.sa_handler != SIG_DFL && g_old_winch.sa_handler != SIG_IGN && g_old_winch.sa_handler)
    g_old_winch.sa_handler(sig);
  on_quit_signal(sig);
}

static void on_crash(int sig) {
  restore_terminal();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_signals(void) {
  if (pipe(g_sigpipe) != 0) xfatal("cannot create a pipe for signals");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_quit_signal;
  const int quits[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  for (size_t i = 0; i < sizeof quits / sizeof *quits; i++) {
    struct sigaction old;
    sigaction(quits[i], NULL, &old);
    if (old.sa_handler != SIG_IGN) sigaction(quits[i], &sa, NULL); /* nohup and friends: keep ignoring */
  }
  sigaction(SIGWINCH, NULL, &g_old_winch);
  sa.sa_handler = on_winch;
  sigaction(SIGWINCH, &sa, NULL);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_RESETHAND;
  const int crashes[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  for (size_t i = 0; i < sizeof crashes / sizeof *crashes; i++) sigaction(crashes[i], &sa, NULL);
}

/* ---- messages ---- */

/* Keep text in the message history (the oldest dropped past TUI_MSG_KEEP). */
static void remember(tui *t, const char *text, bool err) {
  if (t->nmsgs == TUI_MSG_KEEP) {
    free(t->msgs[0]);
    memmove(t->msgs, t->msgs + 1, (t->nmsgs - 1) * sizeof *t->msgs);
    t->nmsgs--;
  }
  XGROW(t->msgs, t->msgcap, t->nmsgs + 1);
  t->msgs[t->nmsgs++] = xasprintf("%s%s", err ? "error: " : "", text);
}

void tui_show_messages(tui *t) {
  pane *v = &t->panes[PANE_VIEW];
  pane_view_reset(v, "messages");
  if (!t->nmsgs) pane_view_add(v, "(no messages yet)\n", 18);
  /* wrapped to the screen's width: the whole of every message shows */
  size_t width = COLS > 2 ? (size_t)COLS - 1 : 1;
  for (size_t i = 0; i < t->nmsgs; i++) {
    const char *m = t->msgs[i];
    size_t n = strlen(m);
    do {
      size_t k = 0, cols = 0; /* a column per character: exact for the usual messages */
      for (; k < n; k++)
        if (((unsigned char)m[k] & 0xc0) != 0x80 && cols++ == width) break;
      pane_view_add(v, m, k);
      pane_view_add(v, "\n", 1);
      m += k, n -= k;
    } while (n);
  }
  pane_rows_changed(v, NULL, 0);
  pane_end(v);
  tui_activate(t, PANE_VIEW);
}

void tui_msg(tui *t, const char *text, bool err) {
  if (text && *text) remember(t, text, err);
  free(t->msg);
  t->msg = text ? xstrdup(text) : NULL;
  t->msg_len = t->msg_cap = text ? strlen(text) + 1 : 0;
  if (t->msg_len) t->msg_len--;
  t->msg_err = err;
}

static void add_err(tui *t, const char *text) {
  size_t n = strlen(text);
  while (n && text[n - 1] == '\n') n--;
  char *one = xstrndup(text, n);
  for (char *p = one; *p; p++)
    if (*p == '\n') *p = ' ';
  remember(t, one, true);
  if (!t->msg || !t->msg_err) { /* the first error of a command */
    free(t->msg);
    t->msg = one;
    t->msg_len = strlen(one), t->msg_cap = t->msg_len + 1;
    t->msg_err = true;
    return;
  }
  /* appended in place (a copy a message was quadratic: 5,000 warnings) */
  size_t k = strlen(one), need = t->msg_len + strlen(TUI_MSG_SEP) + k + 1;
  if (need > t->msg_cap) {
    t->msg_cap = need > 2 * t->msg_cap ? need : 2 * t->msg_cap;
    t->msg = xrealloc(t->msg, t->msg_cap);
  }
  memcpy(t->msg + t->msg_len, TUI_MSG_SEP, strlen(TUI_MSG_SEP));
  memcpy(t->msg + t->msg_len + strlen(TUI_MSG_SEP), one, k + 1);
  t->msg_len = need - 1;
  free(one);
}

/* How long the running command has been running. */
long tui_busy_ms(const tui *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t->since.tv_sec) * 1000 + (now.tv_nsec - t->since.tv_nsec) / 1000000;
}

/* ---- status snapshot (only while the worker is idle) ---- */

/* Take the session's state for the UI thread; true when the profile is not
 * the one of the last snapshot (refetch, watch...). */
static bool snapshot(tui *t) {
  session *s = t->s;
  bool changed = t->prof && (t->prof != s->prof || t->prof_serial != s->prof->serial);
  char *err = NULL;
  int idx = s->prof->nsample_type ? profile_sample_index(s->prof, s->cfg.sample_index, &err) : -1;
  free(err);
  profile_unref(t->prof);
  t->prof = profile_ref(s->prof);
  t->prof_serial = s->prof->serial;
  if (t->watch != s->watch) t->watch_due = 0; /* started, stopped or changed: the next fetch a period from now */
  t->watch = s->watch;
  t->nsnaps = s->snaps.n;
  t->cur_snap = s->cur;
  config_free(&t->cfg);
  config_copy(&t->cfg, &s->cfg);
  bool same_total = t->total && !changed && t->total_idx == idx && t->total_mean == s->cfg.mean;
  free(t->type), free(t->mycode);
  t->type = t->mycode = NULL;
  if (!same_total) free(t->total), t->total = NULL;
  if (s->cfg.mycode) {
    char *m = mycode_module(s->prof, &s->cfg); /* the module it hides outside of, when known */
    t->mycode = m ? xasprintf("mycode=%s", m) : xstrdup("mycode");
    free(m);
  }
  if (idx >= 0) {
    const value_type *vt = &s->prof->sample_type[idx];
    t->type = xasprintf("%s%s", s->cfg.mean ? "mean_" : "", vt->type);
    char buf[64];
    if (!same_total) t->total = xstrdup(units_label_buf(buf, report_total(s->prof, idx, s->cfg.mean), vt->unit, "auto"));
  }
  t->total_idx = t->total ? idx : -1, t->total_mean = s->cfg.mean;
  return changed;
}

/* ---- jobs ---- */

static void free_running(tui *t) {
  for (size_t i = 0; i < t->nlines; i++) {
    free(t->lines[i]);
    sb_free(&t->errs[i]);
  }
  free(t->lines), free(t->dest), free(t->got), free(t->errs);
  t->lines = NULL, t->dest = NULL, t->got = NULL, t->errs = NULL;
  t->nlines = 0;
}

static void start_next(tui *t) {
  if (t->busy || t->nqueue == 0) return;
  job *j = t->queue[0];
  memmove(t->queue, t->queue + 1, (t->nqueue - 1) * sizeof *t->queue);
  t->nqueue--;
  t->flags = j->flags;
  t->nlines = j->n;
  t->lines = xcalloc(j->n + 1, sizeof *t->lines);
  t->dest = xcalloc(j->n + 1, sizeof *t->dest);
  t->got = xcalloc(j->n + 1, sizeof *t->got);
  t->errs = xcalloc(j->n + 1, sizeof *t->errs);
  for (size_t i = 0; i < j->n; i++) t->lines[i] = xstrdup(j->cmds[i].line), t->dest[i] = j->cmds[i].pane;
  t->changed = false;
  t->view_fresh = false;
  t->busy = true;
  clock_gettime(CLOCK_MONOTONIC, &t->since);
  runner_start(t->rn, j);
}

void tui_submit(tui *t, job *j, bool front) {
  if (j->n == 0) {
    job_free(j);
    return;
  }
  XGROW(t->queue, t->qcap, t->nqueue + 1);
  if (front) {
    memmove(t->queue + 1, t->queue, t->nqueue * sizeof *t->queue);
    t->queue[0] = j;
  } else {
    t->queue[t->nqueue] = j;
  }
  t->nqueue++;
  start_next(t);
}

void tui_run_typed(tui *t, const char *line) {
  const char *w = line + strspn(line, " \t");
  size_t n = strcspn(w, " \t");
  if (n == 8 && !strncmp(w, "messages", n) && !w[n + strspn(w + n, " \t")]) {
    tui_show_messages(t);
    return;
  }
  job *j = job_new(JOB_TYPED | JOB_UNDOABLE);
  job_add(j, line, -1);
  tui_msg(t, NULL, false);
  tui_submit(t, j, false);
}

/* Re-run the command of every pane that has one (after an option changed). */
static job *refresh_job(tui *t) {
  job *j = job_new(JOB_REFRESH);
  const pane_id order[] = {PANE_TABLE, PANE_SOURCE, PANE_TREE, PANE_FLAME, PANE_GRAPH, PANE_TIMELINE};
  for (size_t i = 0; i < sizeof order / sizeof *order; i++)
    if (t->panes[order[i]].cmd) job_add(j, t->panes[order[i]].cmd, (int)order[i]);
  return j;
}

void tui_activate(tui *t, pane_id p) {
  if (!tui_is_overlay(t->active)) t->back_pane = t->active;
  t->active = p;
  if (p == PANE_SOURCE || p == PANE_TREE) t->bottom = p;
}

static void view_start(tui *t, size_t cmd) {
  pane *v = &t->panes[PANE_VIEW];
  if (!t->view_fresh) {
    pane_view_reset(v, cmd < t->nlines ? t->lines[cmd] : "");
    t->view_fresh = true;
    if (cmd < t->nlines && !strcmp(t->lines[cmd], "help")) { /* tprof's own commands first: on screen at once */
      strbuf k = STRBUF_INIT;
      options_tprof_usage(&k);
      sb_addc(&k, '\n');
      pane_view_add(v, k.s, k.len);
      sb_free(&k);
    }
    tui_activate(t, PANE_VIEW);
  }
}

static void on_report(tui *t, size_t cmd, report *r) {
  int want = cmd < t->nlines ? t->dest[cmd] : -1;
  pane_id dest;
  switch (r->kind) {
  case RK_TEXT: dest = PANE_TABLE; break;
  case RK_LIST:
  case RK_DISASM: dest = PANE_SOURCE; break;
  case RK_TREE: dest = PANE_TREE; break;
  case RK_FLAME: dest = PANE_FLAME; break;
  case RK_GRAPH: dest = PANE_GRAPH; break;
  case RK_TIMELINE: dest = PANE_TIMELINE; break;
  default: dest = want == PANE_FLAME ? PANE_FLAME : PANE_VIEW; break;
  }
  if (cmd < t->nlines) t->got[cmd] = true;
  if (dest == PANE_VIEW) {
    view_start(t, cmd);
    pane_view_traces(&t->panes[PANE_VIEW], r);
    pane_rows_changed(&t->panes[PANE_VIEW], NULL, 0);
    return;
  }
  pane *p = &t->panes[dest];
  if (tui_is_overlay(dest) && (t->flags & JOB_REFRESH) && !p->cmd) {
    report_free(r); /* the pane was closed while its refresh was queued */
    return;
  }
  strbuf id = STRBUF_INIT;
  pane_cursor_id(p, &id);
  switch (dest) {
  case PANE_TABLE: pane_table_set(p, r); break;
  case PANE_SOURCE: pane_source_set(p, r); break;
  case PANE_TREE: pane_tree_set(p, r); break;
  case PANE_GRAPH: pane_graph_set(p, r); break;
  case PANE_TIMELINE: pane_timeline_set(p, r); break;
  default: pane_flame_set(p, r); break;
  }
  if (cmd < t->nlines) {
    free(p->cmd);
    p->cmd = xstrdup(t->lines[cmd]);
  }
  if (t->flags & (JOB_REFRESH | JOB_RELOAD)) {
    pane_rows_changed(p, sb_str(&id), p->cur);
  } else {
    pane_rows_changed(p, NULL, 0);
    p->hscroll = 0;
  }
  sb_free(&id);
  size_t row;
  bool fresh = !(t->flags & (JOB_REFRESH | JOB_RELOAD));
  /* new rows: the source cursor on the hot line of a drill-down, the tree's on its first node */
  if (t->flags & JOB_DRILL && dest == PANE_SOURCE && pane_source_first_hot(p, &row)) pane_cursor_to_row(p, row);
  if (fresh && dest == PANE_TREE && pane_tree_first_node(p, &row)) pane_cursor_to_row(p, row);
  if (fresh && dest == PANE_GRAPH && pane_graph_first(p, &row)) pane_cursor_to_row(p, row);
  if (t->flags & JOB_TYPED || (tui_is_overlay(dest) && !(t->flags & JOB_REFRESH))) tui_activate(t, dest);
}

static void on_cmd_end(tui *t, size_t cmd) {
  if (cmd >= t->nlines || t->got[cmd] || t->dest[cmd] < 0) return;
  /* a pane's command failed: say so in the pane rather than show stale rows */
  pane *p = &t->panes[t->dest[cmd]];
  const char *why = t->errs[cmd].len ? sb_str(&t->errs[cmd]) : "(no output)";
  free(p->cmd);
  p->cmd = xstrdup(t->lines[cmd]);
  pane_clear(p, why);
  pane_rows_changed(p, NULL, 0);
}

static void job_done(tui *t) {
  bool help = false;
  for (size_t i = 0; i < t->nlines; i++) { /* `help` alone: the key bindings follow pprof's help */
    const command_def *c = command_find(t->lines[i]);
    help |= c && c->exec == session_cmd_help;
  }
  if (help && t->view_fresh) {
    strbuf k = STRBUF_INIT;
    sb_adds(&k, "\n");
    keys_glossary(t->s->prof, &k);
    keys_help_text(&k);
    pane_view_add(&t->panes[PANE_VIEW], k.s, k.len);
    sb_free(&k);
    pane_rows_changed(&t->panes[PANE_VIEW], NULL, 0);
  }
  bool refresh = (t->changed && !(t->flags & JOB_REFRESH)) || (t->flags & JOB_RELOAD);
  unsigned watch = t->flags & JOB_WATCH; /* the panes' refresh after a watch's fetch is the watch's too */
  free_running(t);
  t->busy = false;
  /* a new profile (refetch): every pane re-runs its command on it */
  if (snapshot(t)) refresh = true;
  if (refresh) {
    job *j = refresh_job(t);
    j->flags |= watch;
    tui_submit(t, j, true);
  }
  start_next(t);
}

static int on_results(tui *t) {
  result *rs;
  size_t n = runner_take(t->rn, &rs);
  for (size_t i = 0; i < n; i++) {
    result *r = &rs[i];
    switch (r->kind) {
    case RES_REPORT:
      on_report(t, r->cmd, r->rep);
      r->rep = NULL;
      break;
    case RES_OUT:
    case RES_PRINT:
      view_start(t, r->cmd);
      pane_view_add(&t->panes[PANE_VIEW], r->text, r->len);
      if (r->kind == RES_PRINT && (r->len == 0 || r->text[r->len - 1] != '\n'))
        pane_view_add(&t->panes[PANE_VIEW], "\n", 1);
      pane_rows_changed(&t->panes[PANE_VIEW], NULL, 0);
      break;
    case RES_ERR:
      add_err(t, r->text);
      if (r->cmd < t->nlines) sb_printf(&t->errs[r->cmd], "%s%s", t->errs[r->cmd].len ? "\n" : "", r->text);
      break;
    case RES_CONFIG:
      t->changed = true;
      if (t->flags & JOB_UNDOABLE) {
        if (t->nundo == TUI_UNDO_KEEP) { /* the oldest change is forgotten: memory stays bounded */
          config_free(t->undo[0]), free(t->undo[0]);
          memmove(t->undo, t->undo + 1, (t->nundo - 1) * sizeof *t->undo);
          t->nundo--;
        }
        XGROW(t->undo, t->undocap, t->nundo + 1);
        t->undo[t->nundo++] = r->old_cfg;
        r->old_cfg = NULL;
      }
      break;
    case RES_CMD_END: on_cmd_end(t, r->cmd); break;
    case RES_QUIT:
      t->quit = true;
      t->status = 0;
      break;
    case RES_JOB_END: job_done(t); break;
    }
    result_free(r);
  }
  free(rs);
  return n ? R_REDRAW : R_NONE;
}

/* ---- input ---- */

static int normalize(int rc, wint_t wc) {
  if (rc == KEY_CODE_YES && (int)wc == g_alt_left) return KALT(KFN(KEY_LEFT));
  int k = rc == KEY_CODE_YES ? KFN((int)wc) : (int)wc;
  if (k == '\n' || k == KFN(KEY_ENTER)) return KEY_RET;
  if (k == 127 || k == 8) return KFN(KEY_BACKSPACE);
  return k;
}

/* An SGR mouse report ("\e[<b;x;yM", press, or "m", release) that curses
 * does not decode itself (its terminal description uses the X10 form): the
 * press of button 1 is a click, a second one on the same cell within the
 * mouse interval a double click; 64 and 65 are the wheel. */
static int read_key(void);
static int sgr_mouse(void) {
  static struct timespec last;
  static int lasty = -1, lastx = -1;
  int v[3] = {0, 0, 0}, nv = 0, end = 0;
  for (int i = 0; i < 32; i++) {
    int c = wgetch(stdscr);
    if (c == ERR) break;
    if (c >= '0' && c <= '9') v[nv] = v[nv] * 10 + (c - '0');
    else if (c == ';' && nv < 2) nv++;
    else {
      end = c;
      break;
    }
  }
  if (end != 'M' || nv != 2 || !g_mouse) return read_key();
  int y = v[2] - 1, x = v[1] - 1;
  if (v[0] == 64 || v[0] == 65) return KMOUSE(v[0] == 64 ? MOUSE_WHEEL_UP : MOUSE_WHEEL_DOWN, y, x);
  if (v[0] != 0) return read_key();
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
  bool dbl = y == lasty && x == lastx && ms <= mouseinterval(-1);
  last = now, lasty = dbl ? -1 : y, lastx = x;
  return KMOUSE(dbl ? MOUSE_DOUBLE : MOUSE_CLICK, y, x);
}

/* The next key, or 0 when none is waiting. Esc with a character already
 * behind it is Alt+character (what terminals send for Alt); Esc followed by
 * a function key is two keys. */
static int read_key(void) {
  if (g_pending) {
    int k = g_pending;
    g_pending = 0;
    return k;
  }
  wint_t wc;
  int rc = wget_wch(stdscr, &wc);
  if (rc == ERR) return 0;
  int k = normalize(rc, wc);
  if (g_sgr_mouse > 0 && rc == KEY_CODE_YES && (int)wc == g_sgr_mouse) return sgr_mouse();
  if (k == KFN(KEY_MOUSE)) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return read_key();
    int kind = ev.bstate & BUTTON1_DOUBLE_CLICKED ? MOUSE_DOUBLE
               : ev.bstate & BUTTON1_CLICKED      ? MOUSE_CLICK
               : ev.bstate & BUTTON4_PRESSED      ? MOUSE_WHEEL_UP
               : ev.bstate & BUTTON5_PRESSED      ? MOUSE_WHEEL_DOWN
                                                  : -1;
    return kind < 0 ? read_key() : KMOUSE(kind, ev.y, ev.x);
  }
  if (k == KEY_ESC) {
    rc = wget_wch(stdscr, &wc);
    if (rc != ERR) {
      int k2 = normalize(rc, wc);
      if (!(k2 & (KEYF_FUNC | KEYF_ALT)) && k2 != KEY_ESC && k2 != KEY_RET) return KALT(k2);
      g_pending = k2;
    }
  }
  return k;
}

/* ---- setup and the loop ---- */

/* Key sequences of common terminals, so that keys work when TERM names a
 * terminal a little different from the real one (xterm vs screen/tmux). */
static void define_keys(void) {
  static const struct {
    const char *seq;
    int code;
  } seqs[] = {{"\033[A", KEY_UP},     {"\033OA", KEY_UP},      {"\033[B", KEY_DOWN},   {"\033OB", KEY_DOWN},
              {"\033[C", KEY_RIGHT},  {"\033OC", KEY_RIGHT},   {"\033[D", KEY_LEFT},   {"\033OD", KEY_LEFT},
              {"\033[H", KEY_HOME},   {"\033OH", KEY_HOME},    {"\033[1~", KEY_HOME},  {"\033[7~", KEY_HOME},
              {"\033[F", KEY_END},    {"\033OF", KEY_END},     {"\033[4~", KEY_END},   {"\033[8~", KEY_END},
              {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},  {"\033[3~", KEY_DC},    {"\033[Z", KEY_BTAB},
              {"\033OP", KEY_F(1)},   {"\033OQ", KEY_F(2)},    {"\033OR", KEY_F(3)},   {"\033OS", KEY_F(4)},
              {"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)},  {"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
              {"\033[15~", KEY_F(5)}, {"\033[17~", KEY_F(6)},  {"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)},
              {"\033[20~", KEY_F(9)}, {"\033[21~", KEY_F(10)}, {"\033[23~", KEY_F(11)}, {"\033[24~", KEY_F(12)}};
  for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++)
    if (key_defined(seqs[i].seq) == 0) define_key(seqs[i].seq, seqs[i].code);
  /* Alt+Left (xterm, tmux): terminfo's kLFT3 when the terminal has it */
  g_alt_left = key_defined("\033[1;3D");
  /* SGR mouse reports, when the terminal description does not decode them */
  if (key_defined("\033[<") == 0) define_key("\033[<", g_sgr_mouse = KEY_MAX + 2);
  if (g_alt_left <= 0) define_key("\033[1;3D", g_alt_left = KEY_MAX + 1);
}

static void init_panes(tui *t) {
  pane_init(&t->panes[PANE_TABLE], &pane_table_ops, "Type a command (top, list, peek, help...) below.");
  pane_init(&t->panes[PANE_SOURCE], &pane_source_ops,
            "Annotated source: `list REGEX`, or Enter on a row of the table.");
  pane_init(&t->panes[PANE_TREE], &pane_tree_ops,
            "Callers and callees: `peek REGEX` or `tree`, or Enter on a row of the table.");
  pane_init(&t->panes[PANE_VIEW], &pane_view_ops, NULL);
  free(t->panes[PANE_VIEW].note);
  t->panes[PANE_VIEW].note = NULL;
  pane_init(&t->panes[PANE_FLAME], &pane_flame_ops, NULL);
  free(t->panes[PANE_FLAME].note);
  t->panes[PANE_FLAME].note = NULL;
  pane_init(&t->panes[PANE_GRAPH], &pane_graph_ops, NULL);
  free(t->panes[PANE_GRAPH].note);
  t->panes[PANE_GRAPH].note = NULL;
  pane_init(&t->panes[PANE_TIMELINE], &pane_timeline_ops, NULL);
  free(t->panes[PANE_TIMELINE].note);
  t->panes[PANE_TIMELINE].note = NULL;
  t->active = t->back_pane = PANE_TABLE;
  t->bottom = PANE_SOURCE;
}

static void free_tui(tui *t) {
  for (int i = 0; i < PANE_COUNT; i++) pane_free(&t->panes[i]);
  for (size_t i = 0; i < t->nqueue; i++) job_free(t->queue[i]);
  free(t->queue);
  free_running(t);
  for (size_t i = 0; i < t->nundo; i++) config_free(t->undo[i]), free(t->undo[i]);
  free(t->undo);
  for (size_t i = 0; i < t->nback; i++) free(t->back[i]);
  free(t->back), free(t->drilled), free(t->msg), free(t->ahead);
  for (size_t i = 0; i < t->nmsgs; i++) free(t->msgs[i]);
  free(t->msgs);
  config_free(&t->cfg);
  profile_unref(t->prof);
  free(t->file), free(t->type), free(t->total), free(t->mycode);
  cmdline_free(&t->cl);
}

/*
 * Type-ahead: keys pressed in the first moments of a command wait for its
 * results, so that "top -cum, Down, Down, Enter" typed quickly moves in the
 * new table rather than the old one. After TYPEAHEAD_MS the keys act at
 * once (a long command does not freeze the UI); order is always kept.
 */
#define TYPEAHEAD_MS 300

static bool holding(const tui *t) { return t->busy && !(t->flags & JOB_WATCH) && tui_busy_ms(t) < TYPEAHEAD_MS; }

static int64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * The live watch: every t->watch seconds, when the worker is free, a job
 * runs `watch now` (the session fetches its sources again and appends
 * what changed as the current snapshot); job_done then sees the new
 * profile and every pane re-runs its command, the timeline included. No
 * key is needed, and keys are never held for it. Returns the poll timeout
 * in ms until the next fetch (-1: no watch).
 */
static int watch_timer(tui *t) {
  if (!t->watch) return -1;
  int64_t now = mono_ns(), period = (int64_t)t->watch * 1000000000;
  if (!t->watch_due) t->watch_due = now + period;
  if (now < t->watch_due) return (int)((t->watch_due - now) / 1000000) + 1;
  if (t->busy || t->nqueue) return 50; /* after what runs now */
  t->watch_due = now + period;
  job *j = job_new(JOB_WATCH);
  job_add(j, "watch now", -1);
  tui_submit(t, j, false);
  return (int)(period / 1000000);
}

static int replay(tui *t) {
  int r = R_NONE;
  size_t i = 0;
  for (; i < t->nahead && !t->quit && !holding(t); i++) r |= tui_key(t, t->ahead[i]);
  if (i) {
    memmove(t->ahead, t->ahead + i, (t->nahead - i) * sizeof *t->ahead);
    t->nahead -= i;
  }
  return r;
}

/* What was written on stderr: to the message line, a line at a time. */
static int on_stderr(tui *t) {
  char buf[4096];
  ssize_t k = read(g_errpipe[0], buf, sizeof buf - 1);
  if (k <= 0) return R_NONE;
  buf[k] = 0;
  for (char *line = buf, *nl; line && *line; line = nl) {
    nl = strchr(line, '\n');
    if (nl) *nl++ = 0;
    if (*line) add_err(t, line);
  }
  return R_REDRAW;
}

static int loop(tui *t) {
  bool dirty = true;
  while (!t->quit) {
    if (dirty) tui_draw(t);
    dirty = false;
    struct pollfd fds[4] = {
        {0, POLLIN, 0}, {runner_fd(t->rn), POLLIN, 0}, {g_sigpipe[0], POLLIN, 0}, {g_errpipe[0], POLLIN, 0}};
    int wait = watch_timer(t), tick = t->nahead ? 20 : t->busy ? 100 : -1;
    if (wait >= 0 && (tick < 0 || wait < tick)) tick = wait;
    int n = poll(fds, g_errpipe[0] >= 0 ? 4 : 3, tick);
    if (n < 0 && errno != EINTR) break;
    if (t->busy) dirty = true; /* the spinner */
    if (fds[2].revents & POLLIN) {
      unsigned char sig[16];
      ssize_t k = read(g_sigpipe[0], sig, sizeof sig);
      for (ssize_t i = 0; i < k; i++) {
        if (sig[i] == SIGWINCH) continue;
        /* Ctrl-C cancels a running command first; a second one (a command
         * stuck in a read does not see the flag) quits */
        if (sig[i] == SIGINT && t->busy && runner_cancel(t->rn)) {
          tui_msg(t, "cancelling the running command (Ctrl-C again quits)", false);
          dirty = true;
          continue;
        }
        return tui_quit(t, 128 + sig[i]), t->status;
      }
    }
    if (fds[1].revents & POLLIN) dirty |= on_results(t) & R_REDRAW;
    if (g_errpipe[0] >= 0 && (fds[3].revents & POLLIN)) dirty |= on_stderr(t) & R_REDRAW;
    dirty |= replay(t) & R_REDRAW;
    for (int key; !t->quit && (key = read_key()) != 0;) {
      /* never held back: it cancels the running command (not the watch's: Esc then does what it does) */
      if (key == KEY_ESC && t->busy && !(t->flags & JOB_WATCH)) {
        if (runner_cancel(t->rn)) tui_msg(t, "cancelling the running command", false);
        dirty = true;
        continue;
      }
      if (key != KFN(KEY_RESIZE) && (t->nahead || holding(t))) {
        XGROW(t->ahead, t->aheadcap, t->nahead + 1);
        t->ahead[t->nahead++] = key;
        continue;
      }
      if (tui_key(t, key) & R_REDRAW) dirty = true;
    }
    if (fds[0].revents & (POLLHUP | POLLERR)) return tui_quit(t, 1), t->status;
  }
  return t->status;
}
/* Ctrl-S and Ctrl-Q are keys, not flow control: with IXON on, Ctrl-S
 * froze the screen until Ctrl-Q (issue 15). curses keeps this as its
 * program mode (def_prog_mode) and endwin restores the shell's. */
static void no_flow_control(void) {
  struct termios tio;
  if (tcgetattr(STDIN_FILENO, &tio) != 0) return;
  tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
  if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0) def_prog_mode();
}


int tui_run(session *s, bool mouse) {
  session_begin_interactive(s);
  SCREEN *scr = newterm(NULL, stdout, stdin);
  if (!scr) {
    fprintf(stderr, "tprof: cannot use this terminal (TERM=%s); using the line REPL\n",
            getenv("TERM") ? getenv("TERM") : "");
    return repl_run(s);
  }
  tui *t = xcalloc(1, sizeof *t);
  t->s = s;
  g_curses_on = 1;
  xfatal_hook(restore_terminal);
  capture_stderr();
  install_signals();
  cbreak();
  noecho();
  nonl();
  no_flow_control();
  intrflush(stdscr, FALSE);
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(25);
  define_keys();
  const char *term = getenv("TERM");
  if (mouse && !(term && !strcmp(term, "dumb"))) {
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(300);
    g_mouse = true;
  }
  curs_set(1);
  theme_init(&t->th);
  cmdline_init(&t->cl, s->cfg.env);
  init_panes(t);
  if (s->src.nsources) t->file = path_base(s->src.sources[0]);
  snapshot(t);
  t->rn = runner_new(s);
  job *j = job_new(JOB_TYPED);
  job_add(j, t->cfg.nodecount == -1 ? "top 30" : "top", -1);
  tui_submit(t, j, false);
  int status = loop(t);
  restore_terminal();
  if (t->busy) _exit(status); /* the worker holds the session: leave without freeing it */
  runner_free(t->rn);
  free_tui(t);
  free(t);
  delscreen(scr);
  if (g_errpipe[0] >= 0) close(g_errpipe[0]), g_errpipe[0] = -1;
  return status;
}
