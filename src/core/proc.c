/*
 * proc.c: tprof's process policy (proc.h): programs found on PATH as Go's
 * exec.LookPath finds them, graphviz dot run over pipes, viewers started
 * as pprof's invokeVisualizer starts them, and the temporary files they
 * are shown from.
 */
#include "tprof/proc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tprof/env.h"
#include "tprof/gofmt.h"
#include "tprof/source.h"

/* Go's exec.LookPath: the program a viewer name runs, or NULL with the
 * error exec.Command would report. Caller frees. */
static char *look_path(const core_env *env, const char *name, char **err) {
  struct stat st;
  if (strchr(name, '/')) return xstrdup(name); /* exec reports what fails */
  const char *path = env && env->path ? env->path : "";
  for (const char *p = path;; p++) {
    const char *e = strchr(p, ':');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *cand = n ? xasprintf("%.*s/%s", (int)n, p, name) : xasprintf("./%s", name);
    if (*name && stat(cand, &st) == 0 && !S_ISDIR(st.st_mode) && (st.st_mode & 0111)) {
      if (n == 0 || p[0] != '/') {
        *err = xasprintf("exec: \"%s\": cannot run executable found relative to current directory", name);
        free(cand);
        return NULL;
      }
      return cand;
    }
    free(cand);
    if (!e) break;
    p = e;
  }
  *err = xasprintf("exec: \"%s\": executable file not found in $PATH", name);
  return NULL;
}

bool proc_run(const core_env *env, const char *name, const char *const *argv, const strbuf *in, bool quiet,
              strbuf *out, char **err) {
  char *prog = look_path(env, name, err);
  if (!prog) return false;
  int pin[2], pout[2];
  if (pipe(pin)) {
    free(prog);
    *err = xstrdup(go_strerror(errno));
    return false;
  }
  if (pipe(pout)) {
    close(pin[0]), close(pin[1]), free(prog);
    *err = xstrdup(go_strerror(errno));
    return false;
  }
  pid_t pid = fork();
  if (pid < 0) {
    *err = xstrdup(go_strerror(errno));
    close(pin[0]), close(pin[1]), close(pout[0]), close(pout[1]), free(prog);
    return false;
  }
  if (pid == 0) {
    dup2(pin[0], 0), dup2(pout[1], 1);
    if (quiet) {
      int nul = open("/dev/null", O_WRONLY);
      if (nul >= 0) dup2(nul, 2);
    }
    close(pin[0]), close(pin[1]), close(pout[0]), close(pout[1]);
    execv(prog, (char *const *)argv);
    _exit(127);
  }
  free(prog);
  close(pin[0]), close(pout[1]);
  /* feed and read without deadlock: a child process writes, this thread
   * reads. Only the writer can meet a closed pipe (the program exiting
   * early), and it ignores SIGPIPE in its own process: the caller's
   * handlers (a worker thread's process) are never switched. */
  pid_t writer = in && in->len ? fork() : 0;
  if (writer == 0 && in && in->len) {
    signal(SIGPIPE, SIG_IGN);
    close(pout[0]);
    for (size_t off = 0; off < in->len;) {
      ssize_t k = write(pin[1], in->s + off, in->len - off);
      if (k <= 0) _exit(1);
      off += (size_t)k;
    }
    _exit(0);
  }
  close(pin[1]);
  char buf[65536];
  ssize_t k;
  while ((k = read(pout[0], buf, sizeof buf)) > 0 || (k < 0 && errno == EINTR))
    if (k > 0) sb_add(out, buf, (size_t)k);
  close(pout[0]);
  int st = 0, wst = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  if (writer > 0) waitpid(writer, &wst, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    *err = WIFEXITED(st) && WEXITSTATUS(st) == 127
               ? xasprintf("exec: \"%s\": executable file not found in $PATH", name)
               : WIFEXITED(st) ? xasprintf("exit status %d", WEXITSTATUS(st))
                               : xasprintf("signal: %s", strsignal(WTERMSIG(st)));
    return false;
  }
  return true;
}

bool proc_run_dot(const core_env *env, const char *format, const strbuf *in, strbuf *out, char **err) {
  char *arg = xasprintf("-T%s", format), *e = NULL;
  const char *argv[] = {"dot", arg, NULL};
  bool ok = proc_run(env, "dot", argv, in, false, out, &e);
  if (!ok) *err = xasprintf("failed to execute dot. Is Graphviz installed? Error: %s", e);
  free(arg), free(e);
  return ok;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reap the viewers started earlier that have exited since. */
static void reap(proc_state *ps) {
  size_t k = 0;
  for (size_t i = 0; i < ps->nviewers; i++)
    if (waitpid(ps->viewers[i], NULL, WNOHANG) == 0) ps->viewers[k++] = ps->viewers[i];
  ps->nviewers = k;
}

void proc_state_free(proc_state *ps) {
  for (size_t i = 0; i < ps->ntemp; i++) {
    unlink(ps->temp_files[i]);
    free(ps->temp_files[i]);
  }
  free(ps->temp_files);
  reap(ps);
  free(ps->viewers);
  memset(ps, 0, sizeof *ps);
}

/* pprof's invokeVisualizer for one viewer command line: start it on file
 * with stdin and stdout on /dev/null; in interactive mode let it run, else
 * wait for it. As pprof, give it a second to open the file either way.
 * Returns whether it started; *err (as Go words it) when it could not
 * start, or started and then failed. */
static bool launch(proc_state *ps, bool interactive, const char *cmdline, const char *file, char **err) {
  /* strings.Split(v, " "): empty fields are kept */
  size_t n = 1;
  for (const char *c = cmdline; *c; c++) n += *c == ' ';
  char **argv = xcalloc(n + 2, sizeof *argv);
  char *copy = xstrdup(cmdline);
  argv[0] = copy;
  for (size_t i = 1; i < n; i++) {
    char *sp = strchr(argv[i - 1], ' ');
    *sp = 0;
    argv[i] = sp + 1;
  }
  argv[n] = (char *)file;
  char *prog = look_path(ps->env, argv[0], err);
  bool ok = false;
  int ep[2] = {-1, -1};
  pid_t pid = -1;
  if (!prog) goto done;
  if (pipe2(ep, O_CLOEXEC) != 0) {
    *err = xasprintf("fork/exec %s: %s", prog, go_strerror(errno));
    goto done;
  }
  pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) dup2(devnull, 0), dup2(devnull, 1);
    execv(prog, argv);
    int e = errno;
    if (write(ep[1], &e, sizeof e) < 0) _exit(126);
    _exit(127);
  }
  close(ep[1]);
  if (pid < 0) {
    *err = xasprintf("fork/exec %s: %s", prog, go_strerror(errno));
    goto done;
  }
  int e;
  if (read(ep[0], &e, sizeof e) == (ssize_t)sizeof e) { /* exec failed */
    waitpid(pid, NULL, 0);
    *err = xasprintf("fork/exec %s: %s", prog, go_strerror(e));
    goto done;
  }
  ok = true; /* started */
  double start = now_seconds();
  if (interactive) {
    bool exited = false;
    while (!exited && now_seconds() - start < 1.0) {
      exited = waitpid(pid, NULL, WNOHANG) == pid;
      if (!exited) usleep(10000);
    }
    if (!exited) {
      ps->viewers = xreallocarray(ps->viewers, ps->nviewers + 1, sizeof *ps->viewers);
      ps->viewers[ps->nviewers++] = pid;
    }
  } else {
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
      *err = xasprintf("exit status %d", WEXITSTATUS(st));
    } else if (WIFSIGNALED(st)) {
      char *name = xstrdup(strsignal(WTERMSIG(st)));
      name[0] = (char)tolower((unsigned char)name[0]);
      *err = xasprintf("signal: %s%s", name, WCOREDUMP(st) ? " (core dumped)" : "");
      free(name);
    }
    double left = 1.0 - (now_seconds() - start);
    if (left > 0) usleep((useconds_t)(left * 1e6));
  }
done:
  if (ep[0] >= 0) close(ep[0]);
  free(prog), free(copy), free(argv);
  return ok;
}

/* pprof's browsers(): the commands tried to show a web page or an SVG. */
static size_t browsers(const core_env *env, const char **out) {
  size_t n = 0;
  const char *b = CORE_ENV_STR(env, browser);
  if (b) out[n++] = b;
  static const char *const linux_browsers[] = {"chrome", "google-chrome", "chromium", "firefox", "sensible-browser"};
  for (size_t i = 0; i < sizeof linux_browsers / sizeof *linux_browsers; i++) out[n++] = linux_browsers[i];
  if (CORE_ENV_STR(env, display)) out[n++] = "xdg-open";
  return n;
}

bool proc_visualize(proc_state *ps, const char *suffix, const char *const *viewers, bool interactive,
                    const strbuf *data, char **err) {
  reap(ps);
  const char *tmpdir = CORE_ENV_STR(ps->env, tmpdir) ? ps->env->tmpdir : "/tmp";
  char *dot_suffix = xasprintf(".%s", suffix);
  char *name = temp_file_name(tmpdir, "pprof", dot_suffix, err);
  free(dot_suffix);
  if (name) {
    ps->temp_files = xreallocarray(ps->temp_files, ps->ntemp + 1, sizeof *ps->temp_files);
    ps->temp_files[ps->ntemp++] = xstrdup(name);
  }
  if (!name || !write_file_atomic(name, sb_str(data), data->len, err)) {
    free(name);
    return false;
  }
  const char *tried[16];
  size_t nv = 0;
  if (viewers) {
    for (const char *const *v = viewers; *v && nv < 15; v++) tried[nv++] = *v;
  } else {
    nv = browsers(ps->env, tried);
  }
  bool started = false;
  char *e = NULL;
  for (size_t i = 0; i < nv && !started; i++) {
    free(e);
    e = NULL;
    started = launch(ps, interactive, tried[i], name, &e);
  }
  free(name);
  *err = e;
  return e == NULL;
}
