/*
 * history.c: the command history file of the interactive front ends, in GNU
 * readline's format (see history.h). Owns the in-memory list of lines.
 */
#include "tprof/history.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tprof/gofmt.h"
#include "tprof/util.h"

char *history_path(void) {
  const char *state = getenv("XDG_STATE_HOME");
  if (state && state[0] == '/') return xasprintf("%s/tprof/history", state);
  const char *home = getenv("HOME");
  if (home && *home) return xasprintf("%s/.local/state/tprof/history", home);
  return NULL;
}

void history_init(history *h, size_t max) {
  memset(h, 0, sizeof *h);
  h->max = max ? max : 1000;
}

void history_free(history *h) {
  for (size_t i = 0; i < h->n; i++) free(h->lines[i]);
  free(h->lines);
  memset(h, 0, sizeof *h);
}

void history_add(history *h, const char *line) {
  if (!*line || (h->n && !strcmp(h->lines[h->n - 1], line))) return;
  if (h->n == h->max) {
    free(h->lines[0]);
    memmove(h->lines, h->lines + 1, (h->n - 1) * sizeof *h->lines);
    h->n--;
  }
  XGROW(h->lines, h->cap, h->n + 1);
  h->lines[h->n++] = xstrdup(line);
}

/* readline writes "#1700000000" before an entry when timestamps are on. */
static bool is_timestamp(const char *s) {
  if (s[0] != '#' || !isdigit((unsigned char)s[1])) return false;
  for (s++; *s; s++)
    if (!isdigit((unsigned char)*s)) return false;
  return true;
}

void history_load(history *h, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  strbuf line = STRBUF_INIT;
  int c;
  do {
    c = getc(f);
    if (c == EOF || c == '\n') {
      if (line.len && line.s[line.len - 1] == '\r') line.s[--line.len] = 0;
      if (line.len && !is_timestamp(line.s)) history_add(h, line.s);
      sb_reset(&line);
    } else {
      sb_addc(&line, (char)c);
    }
  } while (c != EOF);
  sb_free(&line);
  fclose(f);
}

/* mkdir -p of path's directory. */
static bool make_parents(const char *path, char **err) {
  char *dir = path_dir(path);
  for (char *p = dir + 1;; p++) {
    char save = *p;
    if (save != '/' && save != 0) continue;
    *p = 0;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
      *err = xasprintf("%s: %s", dir, go_strerror(errno));
      free(dir);
      return false;
    }
    *p = save;
    if (!save) break;
  }
  free(dir);
  return true;
}

bool history_append_file(const char *path, const char *line, char **err) {
  if (!make_parents(path, err)) return false;
  FILE *f = fopen(path, "a");
  if (!f) {
    *err = xasprintf("%s: %s", path, go_strerror(errno));
    return false;
  }
  fprintf(f, "%s\n", line);
  if (fclose(f) != 0) {
    *err = xasprintf("%s: %s", path, go_strerror(errno));
    return false;
  }
  return true;
}
