/*
 * history.c: the command history file (history.h). Lines are appended as
 * they are run, so that a session that dies keeps what it did, and the
 * file is cut to HISTORY_MAX lines when it has grown past it.
 */
#include "tprof/history.h"
#include "tprof/env.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tprof/source.h"
#include "tprof/util.h"

/* mkdir -p for the directories above path's last component. */
static bool make_parents(const char *path) {
  char *p = xstrdup(path);
  bool ok = true;
  for (char *s = strchr(p + 1, '/'); s && ok; s = strchr(s + 1, '/')) {
    *s = 0;
    struct stat st;
    if (mkdir(p, 0700) != 0 && errno != EEXIST) ok = false;
    else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) ok = false;
    *s = '/';
  }
  free(p);
  return ok;
}

char *history_path(const core_env *env) {
  const char *state = CORE_ENV_STR(env, xdg_state_home);
  char *path = NULL;
  if (state && state[0] == '/') {
    path = xasprintf("%s/tprof/history", state);
  } else {
    const char *home = CORE_ENV_STR(env, home);
    if (!home) {
      struct passwd *pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : NULL;
    }
    if (!home || home[0] != '/') return NULL;
    path = xasprintf("%s/.local/state/tprof/history", home);
  }
  if (!make_parents(path)) {
    free(path);
    return NULL;
  }
  return path;
}

/* A history file is read only when it is a regular file (a FIFO would
 * block start-up, /dev/zero never ends), and only so far: the last
 * HISTORY_MAX_BYTES are plenty for any max, and a longer line is skipped
 * (getline still grows to it, up to the byte bound). */
#define HISTORY_MAX_BYTES (16u << 20)
#define HISTORY_MAX_LINE (64 << 10)

/* path opened for reading when it is a regular file; NULL otherwise. */
static FILE *open_regular(const char *path) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd < 0) return NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return NULL;
  }
  if (st.st_size > (off_t)HISTORY_MAX_BYTES) lseek(fd, st.st_size - (off_t)HISTORY_MAX_BYTES, SEEK_SET);
  FILE *f = fdopen(fd, "r");
  if (!f) close(fd);
  return f;
}

size_t history_load(const char *path, size_t max, char ***lines, size_t *total) {
  *lines = NULL;
  if (total) *total = 0;
  FILE *f = path ? open_regular(path) : NULL;
  if (!f || max == 0) {
    if (f) fclose(f);
    return 0;
  }
  /* a ring of the last max lines */
  char **ring = xcalloc(max, sizeof *ring);
  size_t n = 0;
  char *buf = NULL;
  size_t cap = 0;
  ssize_t k;
  uint64_t read_bytes = 0;
  while (read_bytes < HISTORY_MAX_BYTES && (k = getline(&buf, &cap, f)) >= 0) {
    read_bytes += (uint64_t)k;
    if (k > HISTORY_MAX_LINE) continue; /* no command is that long */
    while (k > 0 && (buf[k - 1] == '\n' || buf[k - 1] == '\r')) buf[--k] = 0;
    if (k == 0) continue;
    free(ring[n % max]);
    ring[n % max] = xstrdup(buf);
    n++;
  }
  free(buf);
  fclose(f);
  size_t m = n < max ? n : max;
  char **out = xcalloc(m + 1, sizeof *out);
  for (size_t i = 0; i < m; i++) out[i] = ring[(n - m + i) % max];
  free(ring);
  *lines = out;
  if (total) *total = n;
  return m;
}

bool history_wanted(const char *line, const char *prev) {
  const char *p = line;
  while (isspace((unsigned char)*p)) p++;
  if (!*p) return false;
  return !prev || strcmp(prev, line) != 0;
}

bool history_append(const char *path, const char *line) {
  if (!path || strchr(line, '\n')) return false;
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
  struct stat st;
  if (fd < 0) return false;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { /* a FIFO or a device: leave it alone */
    close(fd);
    return false;
  }
  size_t n = strlen(line);
  char *rec = xasprintf("%s\n", line);
  bool ok = write(fd, rec, n + 1) == (ssize_t)(n + 1);
  free(rec);
  return close(fd) == 0 && ok;
}

bool history_trim(const char *path, size_t max) {
  char **lines;
  size_t total;
  size_t n = history_load(path, max, &lines, &total);
  bool ok = true;
  if (total > n) {
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) sb_printf(&sb, "%s\n", lines[i]);
    char *err = NULL;
    ok = write_file_atomic(path, sb_str(&sb), sb.len, &err) && chmod(path, 0600) == 0;
    free(err);
    sb_free(&sb);
  }
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);
  return ok;
}
