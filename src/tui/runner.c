/*
 * runner.c: the worker thread. The session and the core are not
 * thread-safe, so exactly one thread runs session commands: this one, one
 * job (a list of command lines) at a time. What the session says through
 * its session_ui callbacks becomes results in a queue, and a pipe wakes
 * the UI's event loop, which keeps reading keys and redrawing (with a
 * spinner) while a long command runs. The UI thread never touches the
 * session while a job runs (but for its atomic cancel flag, which
 * runner_cancel sets), and never touches curses from here.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"

struct runner {
  session *s;
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  job *job;          /* the running job, or NULL when idle */
  bool stop;
  size_t cmd;        /* index of the running command */
  result *res;       /* waiting results */
  size_t nres, cap;
  int wake[2];       /* pipe: written when results wait */
};

job *job_new(unsigned flags) {
  job *j = xcalloc(1, sizeof *j);
  j->flags = flags;
  return j;
}

void job_add(job *j, const char *line, int dest) {
  j->cmds = xreallocarray(j->cmds, j->n + 1, sizeof *j->cmds);
  j->cmds[j->n++] = (job_cmd){xstrdup(line), dest, NULL};
}

void job_free(job *j) {
  if (!j) return;
  for (size_t i = 0; i < j->n; i++) {
    free(j->cmds[i].line);
    if (j->cmds[i].restore) config_free(j->cmds[i].restore), free(j->cmds[i].restore);
  }
  free(j->cmds);
  free(j);
}

void result_free(result *r) {
  report_free(r->rep);
  free(r->text);
  if (r->old_cfg) config_free(r->old_cfg), free(r->old_cfg);
  memset(r, 0, sizeof *r);
}

/* ---- the worker side ---- */

static void push(runner *rn, result r) {
  pthread_mutex_lock(&rn->mu);
  r.cmd = rn->cmd;
  XGROW(rn->res, rn->cap, rn->nres + 1);
  rn->res[rn->nres++] = r;
  pthread_mutex_unlock(&rn->mu);
  char c = 1;
  ssize_t k = write(rn->wake[1], &c, 1); /* a full pipe already wakes the loop */
  (void)k;
}

static void push_text(runner *rn, result_kind kind, const void *data, size_t n) {
  result r = {0};
  r.kind = kind;
  r.text = xstrndup(data, n);
  r.len = n;
  push(rn, r);
}

static void ui_print(void *ctx, const char *text) { push_text(ctx, RES_PRINT, text, strlen(text)); }
static void ui_err(void *ctx, const char *text) { push_text(ctx, RES_ERR, text, strlen(text)); }
static void ui_out(void *ctx, const void *data, size_t n) { push_text(ctx, RES_OUT, data, n); }

static bool ui_report(void *ctx, report *rep, const command_def *cmd, const char *arg) {
  (void)cmd, (void)arg;
  if (rep->kind != RK_TEXT && rep->kind != RK_TREE && rep->kind != RK_LIST && rep->kind != RK_DISASM &&
      rep->kind != RK_TRACES &&
      rep->kind != RK_FLAME && rep->kind != RK_GRAPH && rep->kind != RK_TIMELINE)
    return false; /* text kinds come through ui_out */
  result r = {0};
  r.kind = RES_REPORT;
  r.rep = rep;
  push(ctx, r);
  return true;
}

static bool config_changed(const config *a, const config *b) {
  char **cmds;
  size_t n = session_config_commands(a, b, &cmds);
  for (size_t i = 0; i < n; i++) free(cmds[i]);
  free(cmds);
  return n > 0;
}

/* Run one command; false when it asks to quit. */
static bool run_one(runner *rn, const job_cmd *c) {
  session *s = rn->s;
  config *before = xcalloc(1, sizeof *before);
  config_copy(before, &s->cfg);
  bool keep = true;
  if (c->restore) {
    char **cmds;
    size_t n = session_config_commands(&s->cfg, c->restore, &cmds);
    for (size_t i = 0; i < n; i++) {
      session_exec(s, cmds[i]);
      free(cmds[i]);
    }
    free(cmds);
  } else {
    keep = session_exec(s, c->line);
  }
  result r = {0};
  if (config_changed(before, &s->cfg)) {
    r.kind = RES_CONFIG;
    r.old_cfg = before;
    push(rn, r);
  } else {
    config_free(before), free(before);
  }
  memset(&r, 0, sizeof r);
  r.kind = RES_CMD_END;
  push(rn, r);
  return keep;
}

static void *worker(void *arg) {
  runner *rn = arg;
  for (;;) {
    pthread_mutex_lock(&rn->mu);
    while (!rn->job && !rn->stop) pthread_cond_wait(&rn->cv, &rn->mu);
    if (rn->stop) {
      pthread_mutex_unlock(&rn->mu);
      return NULL;
    }
    job *j = rn->job;
    pthread_mutex_unlock(&rn->mu);
    bool keep = true;
    for (size_t i = 0; i < j->n && keep && !atomic_load(&rn->s->cancel); i++) {
      pthread_mutex_lock(&rn->mu);
      rn->cmd = i;
      pthread_mutex_unlock(&rn->mu);
      keep = run_one(rn, &j->cmds[i]);
    }
    result r = {0};
    if (!keep) {
      r.kind = RES_QUIT;
      push(rn, r);
    }
    pthread_mutex_lock(&rn->mu);
    rn->job = NULL;
    pthread_mutex_unlock(&rn->mu);
    job_free(j);
    memset(&r, 0, sizeof r);
    r.kind = RES_JOB_END;
    push(rn, r);
  }
}

/* ---- the UI side ---- */

runner *runner_new(session *s) {
  runner *rn = xcalloc(1, sizeof *rn);
  rn->s = s;
  if (pipe(rn->wake) != 0) xfatal("cannot create a pipe for the UI's worker");
  for (int i = 0; i < 2; i++) {
    fcntl(rn->wake[i], F_SETFL, fcntl(rn->wake[i], F_GETFL) | O_NONBLOCK);
    fcntl(rn->wake[i], F_SETFD, FD_CLOEXEC);
  }
  pthread_mutex_init(&rn->mu, NULL);
  pthread_cond_init(&rn->cv, NULL);
  s->ui.print = ui_print;
  s->ui.print_err = ui_err;
  s->ui.out = ui_out;
  s->ui.report = ui_report;
  s->ui.ctx = rn;
  s->ui.is_terminal = true; /* binary reports go to files, as on a terminal */
  /* signals are for the UI thread (SIGWINCH must interrupt its poll) */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int rc = pthread_create(&rn->thread, NULL, worker, rn);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) xfatal("cannot start the UI's worker thread");
  return rn;
}

void runner_free(runner *rn) {
  pthread_mutex_lock(&rn->mu);
  rn->stop = true;
  pthread_cond_signal(&rn->cv);
  pthread_mutex_unlock(&rn->mu);
  pthread_join(rn->thread, NULL);
  for (size_t i = 0; i < rn->nres; i++) result_free(&rn->res[i]);
  free(rn->res);
  close(rn->wake[0]), close(rn->wake[1]);
  pthread_mutex_destroy(&rn->mu);
  pthread_cond_destroy(&rn->cv);
  free(rn);
}

void runner_start(runner *rn, job *j) {
  atomic_store(&rn->s->cancel, false);
  pthread_mutex_lock(&rn->mu);
  rn->job = j;
  rn->cmd = 0;
  pthread_cond_signal(&rn->cv);
  pthread_mutex_unlock(&rn->mu);
}

int runner_fd(const runner *rn) { return rn->wake[0]; }

bool runner_cancel(runner *rn) {
  pthread_mutex_lock(&rn->mu);
  bool busy = rn->job != NULL;
  pthread_mutex_unlock(&rn->mu);
  return busy && !atomic_exchange(&rn->s->cancel, true);
}

size_t runner_take(runner *rn, result **out) {
  char buf[256];
  while (read(rn->wake[0], buf, sizeof buf) > 0) {
  }
  pthread_mutex_lock(&rn->mu);
  *out = rn->res;
  size_t n = rn->nres;
  rn->res = NULL;
  rn->nres = rn->cap = 0;
  pthread_mutex_unlock(&rn->mu);
  return n;
}

char *runner_current(runner *rn) {
  pthread_mutex_lock(&rn->mu);
  char *s = rn->job && rn->cmd < rn->job->n ? xstrdup(rn->job->cmds[rn->cmd].line) : NULL;
  pthread_mutex_unlock(&rn->mu);
  return s;
}
