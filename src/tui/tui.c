/*
 * tui.c: the curses UI's event loop. It owns the screen (status line,
 * panes, message line, command line), the job queue feeding the worker
 * (runner.c), the undo stack of option states and the drill-down history.
 *
 * Everything that changes what is shown is a session command, typed or run
 * by a key (keys.c): its results come back as structured reports and text,
 * and go to the pane of their kind (top/text: table, list: source,
 * peek/tree: tree, traces/o/help/raw/tags...: the view). When a command
 * changes an option (sample_index, focus, sort...), every pane re-runs its
 * own command, keeping its cursor on the same row by the row's stable id.
 *
 * Drawing follows curses' normal model: erase and draw into stdscr, then
 * one doupdate, so the terminal only receives the differences. Keys typed
 * in the first moments of a command wait for its results (type-ahead).
 * While the UI runs, stderr goes to the message line. The terminal is
 * restored on quit, on SIGINT/SIGTERM/SIGHUP, on a crash signal and on
 * fatal errors (xfatal_hook).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tprof/repl.h"
#include "tprof/tui.h"
#include "tprof/units.h"
#include "tui.h"

typedef struct tui {
  session *s;
  runner *rn;
  theme th;
  cmdline cl;
  pane panes[PANE_COUNT];
  pane_id active;
  pane_id back_pane;     /* the pane to return to when the view closes */
  pane_id bottom;        /* source or tree, in the stacked layout */
  bool zoom;
  char *msg;             /* the message line */
  bool msg_err;
  /* jobs: waiting, and what is known of the running one */
  job **queue;
  size_t nqueue, qcap;
  bool busy;
  unsigned flags;
  char **lines;          /* the running job's commands */
  int *dest;             /* their panes (or -1) */
  bool *got;             /* a report came for command i */
  strbuf *errs;          /* errors of command i */
  size_t nlines;
  bool changed;          /* an option changed during the job */
  bool view_fresh;       /* the job has started a new view */
  struct timespec since;
  int *ahead;            /* keys typed ahead of the running command's results */
  size_t nahead, aheadcap;
  /* undo and back */
  config **undo;
  size_t nundo, undocap;
  char **back;
  size_t nback, backcap;
  char *drilled;
  /* status, refreshed while the worker is idle */
  config cfg;
  char *file, *type, *total;
  bool quit;
  int status;
} tui;

static int g_alt_left;      /* the key code of Alt+Left */
static int g_pending;       /* a key read after Esc that did not make an Alt+key */
static volatile sig_atomic_t g_curses_on;
static int g_sigpipe[2] = {-1, -1};
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

static void set_msg(tui *t, const char *text, bool err) {
  free(t->msg);
  t->msg = text ? xstrdup(text) : NULL;
  t->msg_err = err;
}

static void add_err(tui *t, const char *text) {
  size_t n = strlen(text);
  while (n && text[n - 1] == '\n') n--;
  char *one = xstrndup(text, n);
  for (char *p = one; *p; p++)
    if (*p == '\n') *p = ' ';
  if (t->msg && t->msg_err) {
    char *m = xasprintf("%s \xc2\xb7 %s", t->msg, one);
    free(one);
    one = m;
  }
  free(t->msg);
  t->msg = one;
  t->msg_err = true;
}

/* How long the running command has been running. */
static long busy_ms(const tui *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t->since.tv_sec) * 1000 + (now.tv_nsec - t->since.tv_nsec) / 1000000;
}

/* ---- status snapshot (only while the worker is idle) ---- */

static void snapshot(tui *t) {
  session *s = t->s;
  config_free(&t->cfg);
  config_copy(&t->cfg, &s->cfg);
  free(t->type), free(t->total);
  t->type = t->total = NULL;
  char *err = NULL;
  int idx = s->prof->nsample_type ? profile_sample_index(s->prof, s->cfg.sample_index, &err) : -1;
  free(err);
  if (idx >= 0) {
    const value_type *vt = &s->prof->sample_type[idx];
    t->type = xasprintf("%s%s", s->cfg.mean ? "mean_" : "", vt->type);
    char buf[64];
    t->total = xstrdup(units_label_buf(buf, report_total(s->prof, idx, s->cfg.mean), vt->unit, "auto"));
  }
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

static void submit(tui *t, job *j, bool front) {
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

static void run_typed(tui *t, const char *line) {
  job *j = job_new(JOB_TYPED | JOB_UNDOABLE);
  job_add(j, line, -1);
  set_msg(t, NULL, false);
  submit(t, j, false);
}

/* Re-run the command of every pane that has one (after an option changed). */
static job *refresh_job(tui *t) {
  job *j = job_new(JOB_REFRESH);
  const pane_id order[] = {PANE_TABLE, PANE_SOURCE, PANE_TREE, PANE_FLAME};
  for (size_t i = 0; i < sizeof order / sizeof *order; i++)
    if (t->panes[order[i]].cmd) job_add(j, t->panes[order[i]].cmd, (int)order[i]);
  return j;
}

static bool is_overlay(pane_id p) { return p == PANE_VIEW || p == PANE_FLAME; }

static void activate(tui *t, pane_id p) {
  if (!is_overlay(t->active)) t->back_pane = t->active;
  t->active = p;
  if (p == PANE_SOURCE || p == PANE_TREE) t->bottom = p;
}

static void view_start(tui *t, size_t cmd) {
  pane *v = &t->panes[PANE_VIEW];
  if (!t->view_fresh) {
    pane_view_reset(v, cmd < t->nlines ? t->lines[cmd] : "");
    t->view_fresh = true;
    activate(t, PANE_VIEW);
  }
}

static void on_report(tui *t, size_t cmd, report *r) {
  int want = cmd < t->nlines ? t->dest[cmd] : -1;
  pane_id dest;
  switch (r->kind) {
  case RK_TEXT: dest = PANE_TABLE; break;
  case RK_LIST: dest = PANE_SOURCE; break;
  case RK_TREE: dest = PANE_TREE; break;
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
  strbuf id = STRBUF_INIT;
  pane_cursor_id(p, &id);
  switch (dest) {
  case PANE_TABLE: pane_table_set(p, r); break;
  case PANE_SOURCE: pane_source_set(p, r); break;
  case PANE_TREE: pane_tree_set(p, r); break;
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
  if (t->flags & JOB_DRILL) {
    if (dest == PANE_SOURCE && pane_source_first_hot(p, &row)) pane_cursor_to_row(p, row);
    if (dest == PANE_TREE && pane_tree_first_node(p, &row)) pane_cursor_to_row(p, row);
  }
  if (t->flags & JOB_TYPED || dest == PANE_FLAME) activate(t, dest);
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
  for (size_t i = 0; i < t->nlines; i++) help |= !strcmp(t->lines[i], "help");
  if (help && t->view_fresh) {
    strbuf k = STRBUF_INIT;
    sb_adds(&k, "\n");
    keys_help_text(&k);
    pane_view_add(&t->panes[PANE_VIEW], k.s, k.len);
    sb_free(&k);
    pane_rows_changed(&t->panes[PANE_VIEW], NULL, 0);
  }
  bool refresh = (t->changed && !(t->flags & JOB_REFRESH)) || (t->flags & JOB_RELOAD);
  free_running(t);
  t->busy = false;
  snapshot(t);
  if (refresh) submit(t, refresh_job(t), true);
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

/* ---- layout and drawing ---- */

static bool pane_listed(const tui *t, pane_id p) {
  if (p == PANE_VIEW || p == PANE_FLAME) return t->panes[p].data || t->panes[p].note != NULL;
  return true;
}

static void layout(tui *t) {
  for (int i = 0; i < PANE_COUNT; i++) t->panes[i].r = (rect){0, 0, 0, 0};
  int H = LINES - 3, W = COLS;
  if (H < 2 || W < 10) return;
  rect full = {1, 0, H, W};
  if (is_overlay(t->active) || t->zoom || H < 10) {
    t->panes[t->active].r = full;
    return;
  }
  pane_id bottom = t->active == PANE_SOURCE || t->active == PANE_TREE ? t->active : t->bottom;
  if (W >= 100 && H >= 24) {
    int th = H * 2 / 5, sw = W * 13 / 20; /* 78 of 120: a source line as wide as pprof's */
    t->panes[PANE_TABLE].r = (rect){1, 0, th, W};
    t->panes[PANE_SOURCE].r = (rect){1 + th, 0, H - th, sw - 1};
    t->panes[PANE_TREE].r = (rect){1 + th, sw, H - th, W - sw};
  } else {
    int th = H * 2 / 5 < 4 ? 4 : H * 2 / 5;
    t->panes[PANE_TABLE].r = (rect){1, 0, th, W};
    t->panes[bottom].r = (rect){1 + th, 0, H - th, W};
  }
}

static bool selection(const tui *t, target *tg) {
  const pane *p = &t->panes[t->active];
  size_t row;
  return p->ops->target && pane_cursor_row(p, &row) && p->ops->target(p, row, tg);
}

static void draw_status(tui *t) {
  const theme *th = &t->th;
  draw_fill(stdscr, 0, 0, COLS, th->status);
  strbuf l = STRBUF_INIT, r = STRBUF_INIT;
  sb_printf(&l, " tprof: %s", t->file ? t->file : "");
  if (t->type) sb_printf(&l, " | %s", t->type);
  if (*t->cfg.sample_index && t->type && strcmp(t->cfg.sample_index, t->type))
    sb_printf(&l, " (sample_index=%s)", t->cfg.sample_index);
  if (t->total) sb_printf(&l, " | total %s", t->total);
  sb_printf(&l, " | %s", t->cfg.granularity);
  const char *filters[][2] = {{"focus", t->cfg.focus},         {"ignore", t->cfg.ignore},
                              {"hide", t->cfg.hide},           {"show", t->cfg.show},
                              {"show_from", t->cfg.show_from}, {"prune_from", t->cfg.prune_from},
                              {"tagfocus", t->cfg.tagfocus},   {"tagignore", t->cfg.tagignore},
                              {"tagshow", t->cfg.tagshow},     {"taghide", t->cfg.taghide}};
  for (size_t i = 0; i < sizeof filters / sizeof *filters; i++)
    if (filters[i][1] && *filters[i][1]) sb_printf(&l, " | %s=%s", filters[i][0], filters[i][1]);
  const pane *ap = &t->panes[t->active];
  if (ap->filter_src) sb_printf(&l, " | /%s", ap->filter_src);
  if (t->busy) {
    long ms = busy_ms(t);
    if (ms >= 150) {
      char *cur = runner_current(t->rn);
      sb_printf(&r, "%c running %s ", "|/-\\"[(ms / 100) % 4], cur ? cur : "");
      free(cur);
    }
  }
  target tg;
  if (selection(t, &tg)) {
    char *cut = trunc_middle(tg.name, COLS / 2, th);
    sb_printf(&r, " %s ", cut);
    free(cut);
  }
  int rw = text_width(sb_str(&r));
  if (rw > COLS) rw = COLS;
  int lw = COLS - rw;
  char *left = trunc_middle(sb_str(&l), lw, th);
  draw_text(stdscr, 0, 0, lw, left, 0, 0, th->status);
  free(left);
  draw_text(stdscr, 0, COLS - rw, rw, sb_str(&r), 0, 0, th->status | A_BOLD);
  sb_free(&l), sb_free(&r);
}

static void draw(tui *t) {
  werase(stdscr);
  if (LINES < 3 || COLS < 10) {
    draw_text(stdscr, 0, 0, COLS, "tprof: terminal too small", 0, 0, A_BOLD);
    wnoutrefresh(stdscr);
    doupdate();
    return;
  }
  layout(t);
  draw_status(t);
  /* stacked: the bottom pane's title names both, the shown one in brackets */
  bool stacked = t->panes[PANE_TABLE].r.h > 0 && t->panes[PANE_TABLE].r.w == COLS &&
                 (t->panes[PANE_SOURCE].r.w == COLS || t->panes[PANE_TREE].r.w == COLS);
  for (int i = 0; i < PANE_COUNT; i++) {
    pane *p = &t->panes[i];
    if (p->r.h <= 0) continue;
    const char *tab = NULL;
    if (stacked && i == PANE_SOURCE) tab = "[source] tree";
    if (stacked && i == PANE_TREE) tab = "source [tree]";
    pane_draw(p, stdscr, &t->th, (pane_id)i == t->active, tab);
  }
  /* the rule between the source and tree panes */
  const rect *tr = &t->panes[PANE_TREE].r, *sr = &t->panes[PANE_SOURCE].r;
  if (tr->h > 0 && sr->h > 0 && tr->x > 0)
    for (int y = tr->y; y < tr->y + tr->h; y++) draw_text(stdscr, y, tr->x - 1, 1, t->th.utf8 ? "\xe2\x94\x82" : "|", 0, 0, t->th.dim);
  /* message line: the last message, else what the keys do */
  int my = LINES - 2;
  if (t->msg) {
    draw_text(stdscr, my, 0, COLS, t->msg, 0, 0, t->msg_err ? t->th.error : A_NORMAL);
  } else {
    draw_text(stdscr, my, 0, COLS,
              "F1 help  Enter drill  C-o back  Tab pane  /RE filter  F2 sort  F3 type  F5-F8 refine  F9 undo  "
              "F11 zoom  F12 flame  F10 quit",
              0, 0, t->th.dim);
  }
  int cx;
  cmdline_draw(&t->cl, stdscr, LINES - 1, COLS, &t->th, &cx);
  wmove(stdscr, LINES - 1, cx);
  wnoutrefresh(stdscr);
  doupdate();
}

/* ---- commands from keys ---- */

/* An anchored regex for a name: quoted, spaces as \x20 (the REPL splits arguments on spaces). */
static void add_quoted(strbuf *sb, const char *name) {
  char *q = regex_quote(name);
  for (const char *s = q; *s; s++) {
    if (*s == ' ')
      sb_adds(sb, "\\x20");
    else
      sb_addc(sb, *s);
  }
  free(q);
}

static const char *table_sort(const tui *t) {
  const char *cmd = t->panes[PANE_TABLE].cmd;
  if (cmd && (strstr(cmd, " -cum") || strstr(cmd, " --cum"))) return "cum";
  return t->cfg.sort;
}

static const char *sample_type_at(const tui *t, int delta) {
  const profile *p = t->s->prof;
  if (!p->nsample_type) return "";
  char *err = NULL;
  int idx = profile_sample_index(p, t->cfg.sample_index, &err);
  free(err);
  if (idx < 0) idx = 0;
  int n = (int)p->nsample_type;
  return p->sample_type[((idx + delta) % n + n) % n].type;
}

/* Expand the {placeholders} of a binding's `runs`. */
static char *expand(const tui *t, const char *tmpl, const target *tg, const char *back) {
  strbuf sb = STRBUF_INIT;
  for (const char *s = tmpl; *s;) {
    if (*s != '{') {
      sb_addc(&sb, *s++);
      continue;
    }
    const char *e = strchr(s, '}');
    if (!e) {
      sb_adds(&sb, s);
      break;
    }
    size_t n = (size_t)(e - s - 1);
    const char *k = s + 1;
#define IS(word) (n == strlen(word) && !strncmp(k, word, n))
    if (IS("fn") && tg)
      add_quoted(&sb, tg->fn);
    else if (IS("name") && tg)
      add_quoted(&sb, tg->name);
    else if (IS("back") && back)
      add_quoted(&sb, back);
    else if (IS("ignore|"))
      sb_printf(&sb, "%s%s", t->cfg.ignore, *t->cfg.ignore ? "|" : "");
    else if (IS("hide|"))
      sb_printf(&sb, "%s%s", t->cfg.hide, *t->cfg.hide ? "|" : "");
    else if (IS("other_sort"))
      sb_adds(&sb, strcmp(table_sort(t), "cum") ? "cum" : "flat");
    else if (IS("next_type"))
      sb_adds(&sb, sample_type_at(t, 1));
    else if (IS("prev_type"))
      sb_adds(&sb, sample_type_at(t, -1));
    else
      sb_add(&sb, s, n + 2);
#undef IS
    s = e + 1;
  }
  return sb_steal(&sb);
}

/* Run the commands of binding b as a job; the message line echoes them. */
static void run_binding(tui *t, const key_binding *b, const target *tg, const char *back, unsigned flags,
                        const int *panes) {
  char *all = expand(t, b->runs, tg, back);
  job *j = job_new(flags);
  size_t i = 0;
  for (char *s = all, *next; s; s = next, i++) {
    next = strstr(s, "; ");
    if (next) *next = 0, next += 2;
    job_add(j, s, panes ? panes[i] : -1);
  }
  strbuf m = STRBUF_INIT;
  for (size_t k = 0; k < j->n; k++) sb_printf(&m, "%s%s", k ? "; " : "> ", j->cmds[k].line);
  set_msg(t, m.s, false);
  sb_free(&m);
  free(all);
  submit(t, j, false);
}

static void drill(tui *t, const target *tg, const char *back) {
  static const int panes[] = {PANE_SOURCE, PANE_TREE};
  const key_binding *b = keys_for_action(back ? ACT_BACK : ACT_DRILL);
  if (!back && t->drilled && strcmp(t->drilled, tg->fn)) {
    XGROW(t->back, t->backcap, t->nback + 1);
    t->back[t->nback++] = xstrdup(t->drilled);
  }
  free(t->drilled);
  t->drilled = xstrdup(back ? back : tg->fn);
  run_binding(t, b, tg, back, JOB_DRILL, panes);
}

static int do_back(tui *t) {
  if (t->nback == 0) {
    set_msg(t, "nothing to go back to", true);
    return R_REDRAW;
  }
  char *fn = t->back[--t->nback];
  size_t row;
  pane *tp = &t->panes[PANE_TABLE];
  if (pane_table_find(tp, fn, &row)) pane_cursor_to_row(tp, row);
  drill(t, NULL, fn);
  free(fn);
  return R_REDRAW;
}

static int do_undo(tui *t) {
  if (t->nundo == 0) {
    set_msg(t, "nothing to undo", true);
    return R_REDRAW;
  }
  config *prev = t->undo[--t->nundo];
  char **cmds;
  size_t n = session_config_commands(&t->cfg, prev, &cmds);
  strbuf m = STRBUF_INIT;
  sb_adds(&m, "> undo:");
  for (size_t i = 0; i < n; i++) {
    sb_printf(&m, " %s", cmds[i]);
    free(cmds[i]);
  }
  free(cmds);
  job *j = job_new(0);
  job_add(j, m.s + 2, -1);
  j->cmds[0].restore = prev;
  set_msg(t, m.s, false);
  sb_free(&m);
  submit(t, j, false);
  return R_REDRAW;
}

static int do_sort(tui *t, const key_binding *b) {
  pane *tp = &t->panes[PANE_TABLE];
  char *want = expand(t, b->runs, NULL, NULL);
  if (tp->cmd) { /* the table follows the sort option: drop its -cum */
    strbuf c = STRBUF_INIT;
    char *copy = xstrdup(tp->cmd);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
      if (strcmp(w, "-cum") && strcmp(w, "--cum")) sb_printf(&c, "%s%s", c.len ? " " : "", w);
    free(tp->cmd);
    tp->cmd = sb_steal(&c);
    free(copy);
  }
  free(want);
  run_binding(t, b, NULL, NULL, JOB_UNDOABLE | JOB_RELOAD, NULL);
  return R_REDRAW;
}

static void cycle(tui *t, int dir) {
  int a = t->active;
  for (int i = 0; i < PANE_COUNT; i++) {
    a = ((a + dir) % PANE_COUNT + PANE_COUNT) % PANE_COUNT;
    if (pane_listed(t, (pane_id)a)) break;
  }
  activate(t, (pane_id)a);
}

static void apply_filter(tui *t) {
  char *re = cmdline_text(&t->cl);
  char *err = NULL;
  if (!pane_set_filter(&t->panes[t->active], re, &err)) {
    set_msg(t, err, true);
    free(err);
  } else if (t->msg_err) {
    set_msg(t, NULL, false);
  }
  free(re);
}

static int quit_now(tui *t, int status) {
  t->quit = true;
  t->status = status;
  return R_QUIT;
}

static int do_action(tui *t, const key_binding *b) {
  pane *ap = &t->panes[t->active];
  target tg;
  bool has_target = selection(t, &tg);
  if (ap->data && ap->ops->nav && ap->ops->nav(ap, b->action)) return R_REDRAW;
  switch (b->action) {
  case ACT_NONE: return R_NONE;
  case ACT_EXEC: {
    char *line = cmdline_text(&t->cl);
    cmdline_remember(&t->cl, line);
    cmdline_clear(&t->cl);
    run_typed(t, line);
    free(line);
    return R_REDRAW;
  }
  case ACT_COMPLETE: {
    if (t->busy) {
      set_msg(t, "completion waits for the running command", true);
      return R_REDRAW;
    }
    char *msg;
    cmdline_complete(&t->cl, t->s, &msg);
    set_msg(t, msg, false);
    free(msg);
    return R_REDRAW;
  }
  case ACT_HIST_PREV:
  case ACT_HIST_NEXT:
    if (t->cl.filter) return R_NONE;
    cmdline_edit(&t->cl, b->action);
    return R_REDRAW;
  case ACT_DEL_BACK:
    if (t->cl.filter && cmdline_empty(&t->cl)) {
      t->cl.filter = false;
      apply_filter(t);
      return R_REDRAW;
    }
    /* fall through */
  case ACT_CHAR_LEFT:
  case ACT_CHAR_RIGHT:
  case ACT_LINE_START:
  case ACT_LINE_END:
  case ACT_DEL_FWD:
  case ACT_KILL_END:
  case ACT_KILL_START:
  case ACT_KILL_WORD:
    cmdline_edit(&t->cl, b->action);
    if (t->cl.filter) apply_filter(t);
    return R_REDRAW;
  case ACT_FILTER:
    t->cl.filter = true;
    cmdline_clear(&t->cl);
    if (ap->filter_src) cmdline_set_text(&t->cl, ap->filter_src);
    return R_REDRAW;
  case ACT_FILTER_DONE:
    t->cl.filter = false;
    cmdline_clear(&t->cl);
    return R_REDRAW;
  case ACT_ESCAPE:
    if (t->cl.filter) {
      t->cl.filter = false;
      cmdline_clear(&t->cl);
      pane_set_filter(ap, NULL, NULL);
    } else if (!cmdline_empty(&t->cl)) {
      cmdline_clear(&t->cl);
    } else if (ap->filter_src) {
      pane_set_filter(ap, NULL, NULL);
    } else if (is_overlay(t->active)) {
      t->active = t->back_pane;
    } else if (t->zoom) {
      t->zoom = false;
    } else {
      set_msg(t, NULL, false);
    }
    return R_REDRAW;
  case ACT_DRILL:
    if (!has_target) {
      set_msg(t, "no function selected here", true);
      return R_REDRAW;
    }
    drill(t, &tg, NULL);
    return R_REDRAW;
  case ACT_BACK: return do_back(t);
  case ACT_PANE_NEXT: cycle(t, 1); return R_REDRAW;
  case ACT_PANE_PREV: cycle(t, -1); return R_REDRAW;
  case ACT_ZOOM: t->zoom = !t->zoom; return R_REDRAW;
  case ACT_UP: pane_move(ap, -1); return R_REDRAW;
  case ACT_DOWN: pane_move(ap, 1); return R_REDRAW;
  case ACT_PGUP: pane_move(ap, -(long)pane_body_rows(ap)); return R_REDRAW;
  case ACT_PGDN: pane_move(ap, pane_body_rows(ap)); return R_REDRAW;
  case ACT_HOME: pane_home(ap); return R_REDRAW;
  case ACT_END: pane_end(ap); return R_REDRAW;
  case ACT_LEFT: pane_hscroll(ap, -8); return R_REDRAW;
  case ACT_RIGHT: pane_hscroll(ap, 8); return R_REDRAW;
  case ACT_HOT_NEXT:
  case ACT_HOT_PREV:
    if (!pane_next_hot(ap, b->action == ACT_HOT_NEXT ? 1 : -1)) set_msg(t, "no more lines with samples", false);
    return R_REDRAW;
  case ACT_SORT: return do_sort(t, b);
  case ACT_TYPE_NEXT:
  case ACT_TYPE_PREV: run_binding(t, b, NULL, NULL, JOB_UNDOABLE, NULL); return R_REDRAW;
  case ACT_FOCUS:
  case ACT_IGNORE:
  case ACT_HIDE:
  case ACT_SHOW_FROM:
    if (!has_target) {
      set_msg(t, "no function selected here", true);
      return R_REDRAW;
    }
    run_binding(t, b, &tg, NULL, JOB_UNDOABLE, NULL);
    return R_REDRAW;
  case ACT_UNDO: return do_undo(t);
  case ACT_FLAME: {
    static const int panes[] = {PANE_FLAME};
    run_binding(t, b, NULL, NULL, 0, panes);
    return R_REDRAW;
  }
  case ACT_HELP: run_binding(t, b, NULL, NULL, JOB_TYPED, NULL); return R_REDRAW;
  case ACT_REDRAW: clearok(curscr, TRUE); return R_REDRAW;
  case ACT_QUIT:
    if (t->busy) return quit_now(t, 0);
    run_binding(t, b, NULL, NULL, JOB_TYPED, NULL);
    return R_REDRAW;
  }
  return R_NONE;
}

/* ---- input ---- */

static int normalize(int rc, wint_t wc) {
  if (rc == KEY_CODE_YES && (int)wc == g_alt_left) return KALT(KFN(KEY_LEFT));
  int k = rc == KEY_CODE_YES ? KFN((int)wc) : (int)wc;
  if (k == '\n' || k == KFN(KEY_ENTER)) return KEY_RET;
  if (k == 127 || k == 8) return KFN(KEY_BACKSPACE);
  return k;
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

static int on_key(tui *t, int key) {
  if (key == KFN(KEY_RESIZE)) return R_REDRAW;
  unsigned state = t->cl.filter ? W_FILTER : cmdline_empty(&t->cl) ? W_EMPTY : W_TEXT;
  if (t->active == PANE_SOURCE) state |= W_SOURCE;
  const key_binding *b = keys_lookup(key, state);
  if (b) return do_action(t, b);
  if (!(key & (KEYF_FUNC | KEYF_ALT)) && key >= 32 && key != 127) {
    cmdline_insert(&t->cl, (wchar_t)key);
    if (t->cl.filter) apply_filter(t);
    return R_REDRAW;
  }
  return R_NONE;
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
  config_free(&t->cfg);
  free(t->file), free(t->type), free(t->total);
  cmdline_free(&t->cl);
}

/*
 * Type-ahead: keys pressed in the first moments of a command wait for its
 * results, so that "top -cum, Down, Down, Enter" typed quickly moves in the
 * new table rather than the old one. After TYPEAHEAD_MS the keys act at
 * once (a long command does not freeze the UI); order is always kept.
 */
#define TYPEAHEAD_MS 300

static bool holding(const tui *t) { return t->busy && busy_ms(t) < TYPEAHEAD_MS; }

static int replay(tui *t) {
  int r = R_NONE;
  size_t i = 0;
  for (; i < t->nahead && !t->quit && !holding(t); i++) r |= on_key(t, t->ahead[i]);
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
    if (dirty) draw(t);
    dirty = false;
    struct pollfd fds[4] = {
        {0, POLLIN, 0}, {runner_fd(t->rn), POLLIN, 0}, {g_sigpipe[0], POLLIN, 0}, {g_errpipe[0], POLLIN, 0}};
    int n = poll(fds, g_errpipe[0] >= 0 ? 4 : 3, t->nahead ? 20 : t->busy ? 100 : -1);
    if (n < 0 && errno != EINTR) break;
    if (t->busy) dirty = true; /* the spinner */
    if (fds[2].revents & POLLIN) {
      unsigned char sig[16];
      ssize_t k = read(g_sigpipe[0], sig, sizeof sig);
      for (ssize_t i = 0; i < k; i++)
        if (sig[i] != SIGWINCH) return quit_now(t, 128 + sig[i]), t->status;
    }
    if (fds[1].revents & POLLIN) dirty |= on_results(t) & R_REDRAW;
    if (g_errpipe[0] >= 0 && (fds[3].revents & POLLIN)) dirty |= on_stderr(t) & R_REDRAW;
    dirty |= replay(t) & R_REDRAW;
    for (int key; !t->quit && (key = read_key()) != 0;) {
      if (key != KFN(KEY_RESIZE) && (t->nahead || holding(t))) {
        XGROW(t->ahead, t->aheadcap, t->nahead + 1);
        t->ahead[t->nahead++] = key;
        continue;
      }
      if (on_key(t, key) & R_REDRAW) dirty = true;
    }
    if (fds[0].revents & (POLLHUP | POLLERR)) return quit_now(t, 1), t->status;
  }
  return t->status;
}

int tui_run(session *s) {
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
  intrflush(stdscr, FALSE);
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(25);
  define_keys();
  curs_set(1);
  theme_init(&t->th);
  cmdline_init(&t->cl);
  init_panes(t);
  if (s->src.nsources) t->file = path_base(s->src.sources[0]);
  snapshot(t);
  t->rn = runner_new(s);
  job *j = job_new(JOB_TYPED);
  job_add(j, t->cfg.nodecount == -1 ? "top 30" : "top", -1);
  submit(t, j, false);
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
