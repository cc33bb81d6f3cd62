/*
 * report_list.c: the `list` report (pprof's printSource): annotated source
 * of the functions matching a regex, with flat and cum per line, source
 * found through source_path and trim_path as pprof finds it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tprof/gofmt.h"
#include "tprof/regex.h"
#include "tprof/report.h"



/* ---- source files (pprof's sourceReader) ---- */

typedef struct src_file {
  char *path;   /* the name as given */
  char **lines; /* lines[1..n] */
  size_t n;
  char *error;
} src_file;

typedef struct src_reader {
  const char *search, *trim;
  src_file *files;
  size_t nfiles;
} src_reader;

/* pprof's trimPath (same rules as graph.c's, returning a suffix of path). */
static const char *trim_for_search(const char *path, const char *trim, const char *search) {
  if (!trim || !*trim) {
    const char *p = search;
    while (p && *p) {
      const char *c = strchr(p, ':');
      size_t k = c ? (size_t)(c - p) : strlen(p);
      char *dir = xstrndup(p, k);
      char *b = path_base(dir);
      char *want = xasprintf("/%s/", b);
      const char *f = strstr(path, want);
      size_t wl = strlen(want);
      free(dir), free(b), free(want);
      if (f) return f + wl;
      if (!c) break;
      p = c + 1;
    }
  }
  const char *defaults[] = {"/proc/self/cwd/./", "/proc/self/cwd/"};
  const char *p = trim ? trim : "";
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      for (int i = 0; i < 2; i++)
        if (!strncmp(path, defaults[i], strlen(defaults[i]))) return path + strlen(defaults[i]);
      break;
    }
    while (*p) {
      const char *c = strchr(p, ':');
      size_t k = c ? (size_t)(c - p) : strlen(p);
      char *tp = xstrndup(p, k);
      char *t2 = k && tp[k - 1] == '/' ? xstrdup(tp) : xasprintf("%s/", tp);
      size_t tl = strlen(t2);
      bool hit = !strncmp(path, t2, tl);
      free(tp), free(t2);
      if (hit) return path + tl;
      if (!c) break;
      p = c + 1;
    }
  }
  return path;
}

/* fopen(path, "r") of a regular file only: a fifo or a device named by a
 * profile must neither block tprof nor feed it forever. */
static FILE *open_regular(const char *path, bool *not_regular) {
  *not_regular = false;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *not_regular = true;
    close(fd);
    return NULL;
  }
  fcntl(fd, F_SETFL, 0);
  FILE *f = fdopen(fd, "r");
  if (!f) close(fd);
  return f;
}

static FILE *open_source(const char *path0, const char *search, const char *trim, char **err) {
  const char *path = trim_for_search(path0, trim, search);
  bool not_regular;
  if (path[0] == '/') {
    FILE *f = open_regular(path, &not_regular);
    if (!f) *err = not_regular ? xasprintf("open %s: not a regular file", path)
                               : xasprintf("open %s: %s", path, go_strerror(errno));
    return f;
  }
  const char *p = search;
  while (p) {
    const char *c = strchr(p, ':');
    size_t k = c ? (size_t)(c - p) : strlen(p);
    char *dir = xstrndup(p, k);
    for (;;) {
      char *fn = path_join(dir, path);
      FILE *f = open_regular(fn, &not_regular);
      free(fn);
      if (f) {
        free(dir);
        return f;
      }
      char *parent = path_dir(dir);
      bool top = !strcmp(parent, dir);
      free(dir);
      dir = parent;
      if (top) break;
    }
    free(dir);
    p = c ? c + 1 : NULL;
  }
  *err = xasprintf("could not find file %s on path %s", path, search);
  return NULL;
}

static src_file *reader_file(src_reader *rd, const char *path) {
  for (size_t i = 0; i < rd->nfiles; i++)
    if (!strcmp(rd->files[i].path, path)) return &rd->files[i];
  rd->files = xreallocarray(rd->files, rd->nfiles + 1, sizeof *rd->files);
  src_file *sf = &rd->files[rd->nfiles++];
  memset(sf, 0, sizeof *sf);
  sf->path = xstrdup(path);
  sf->lines = xmalloc(sizeof *sf->lines);
  sf->lines[0] = NULL;
  FILE *f = open_source(path, rd->search, rd->trim, &sf->error);
  if (!f) return sf;
  /* bufio.Scanner with ScanLines: split on \n, drop a trailing \r, stop at a token over 64 KiB */
  strbuf line = STRBUF_INIT;
  int ch;
  bool pending = false, stop = false;
  while (!stop) {
    ch = getc(f);
    if (ch == EOF || ch == '\n') {
      if (ch == EOF && !pending) break;
      if (line.len >= 65536) break; /* pprof's scanner stops silently */
      if (line.len && line.s[line.len - 1] == '\r') line.s[--line.len] = 0;
      sf->lines = xreallocarray(sf->lines, sf->n + 2, sizeof *sf->lines);
      sf->lines[++sf->n] = xstrdup(sb_str(&line));
      sb_reset(&line);
      pending = false;
      if (ch == EOF) break;
      continue;
    }
    sb_addc(&line, (char)ch);
    pending = true;
    if (line.len > 65536) stop = true;
  }
  sb_free(&line);
  fclose(f);
  return sf;
}

static void reader_free(src_reader *rd) {
  for (size_t i = 0; i < rd->nfiles; i++) {
    for (size_t k = 1; k <= rd->files[i].n; k++) free(rd->files[i].lines[k]);
    free(rd->files[i].lines), free(rd->files[i].path), free(rd->files[i].error);
  }
  free(rd->files);
}

/* ---- the report ---- */

static graph *cur_g;
static int by_line(const void *a, const void *b) {
  const node_info *x = &cur_g->nm->info[*(const uint32_t *)a], *y = &cur_g->nm->info[*(const uint32_t *)b];
  return x->lineno < y->lineno ? -1 : x->lineno > y->lineno;
}

bool report_gen_list(report *r, char **err) {
  /* list needs weights per line, never edges */
  graph_opts go = {.sample_index = r->sample_index, .mean = r->mean, .drop_negative = r->cfg.drop_negative,
                   .no_edges = true};
  graph_build_ns(&r->g, r->nmp, r->view, report_nodestacks(r), &go);
  r->has_graph = true;
  graph *g = &r->g;
  tregex *rx = report_symbol(r);
  /* functions by name, in name order */
  uint32_t *fn = xmalloc((g->nnodes + 1) * sizeof *fn);
  size_t nfn = 0;
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    const char *name = g->nm->info[n].name;
    if (!regex_match(rx, name)) continue;
    bool seen = false;
    for (size_t k = 0; k < nfn && !seen; k++) seen = g->nm->info[fn[k]].name == name;
    if (!seen) fn[nfn++] = n;
  }
  if (nfn == 0) {
    free(fn);
    *err = xasprintf("no matches found for regexp: %s", regex_pattern(rx));
    return false;
  }
  graph_sort_list(g, fn, nfn, ORDER_NAME);
  char *cwd = NULL;
  const char *search = r->cfg.source_path;
  if (!*search) {
    cwd = getcwd(NULL, 0);
    if (!cwd) {
      free(fn);
      *err = xasprintf("could not stat current dir: %s", go_strerror(errno));
      return false;
    }
    search = cwd;
  }
  src_reader rd = {search, r->cfg.trim_path, NULL, 0};
  r->list = xcalloc(1, sizeof *r->list);
  uint32_t *nodes = xmalloc((g->nnodes + 1) * sizeof *nodes);
  uint32_t *files = xmalloc((g->nnodes + 1) * sizeof *files);
  for (size_t f = 0; f < nfn; f++) {
    const char *name = g->nm->info[fn[f]].name;
    /* this function's nodes, and one node per distinct file */
    size_t nn = 0, nfiles = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
      uint32_t n = g->nodes[i];
      if (g->nm->info[n].name != name) continue;
      if (!*g->nm->info[n].file) continue;
      nodes[nn++] = n;
      bool seen = false;
      for (size_t k = 0; k < nfiles && !seen; k++) seen = g->nm->info[files[k]].file == g->nm->info[n].file;
      if (!seen) files[nfiles++] = n;
    }
    if (nfiles == 0) {
      r->list = xreallocarray(r->list, r->nlist + 1, sizeof *r->list);
      r->list[r->nlist++] = (list_routine){name, "", 0, 0, NULL, true, NULL, 0};
      continue;
    }
    graph_sort_list(g, files, nfiles, ORDER_FILE);
    for (size_t fi = 0; fi < nfiles; fi++) {
      const char *file = g->nm->info[files[fi]].file;
      uint32_t *fns = xmalloc((nn + 1) * sizeof *fns);
      size_t k = 0;
      int64_t flat = 0, cum = 0;
      for (size_t i = 0; i < nn; i++)
        if (g->nm->info[nodes[i]].file == file) {
          fns[k++] = nodes[i];
          flat += g->flat[nodes[i]];
          cum += g->cum[nodes[i]];
        }
      cur_g = g;
      qsort(fns, k, sizeof *fns, by_line); /* pprof's order here is map order; see doc/design.md */
      list_routine lr = {name, file, flat, cum, NULL, false, NULL, 0};
      /* getSourceFromFile */
      int64_t start, end;
      const node_info *f0 = &g->nm->info[fns[0]];
      start = f0->start_line ? f0->start_line : f0->lineno - 5;
      end = f0->lineno + 5;
      for (size_t i = 0; i < k; i++) {
        const node_info *ni = &g->nm->info[fns[i]];
        int64_t ns = ni->start_line ? ni->start_line : ni->lineno - 5, ne = ni->lineno + 5;
        if (ns < start)
          start = ns;
        else if (ne > end)
          end = ne;
      }
      if (start < 1) start = 1;
      src_file *sf = reader_file(&rd, file);
      if (sf->error) {
        lr.error = xstrdup(sf->error);
      } else {
        for (int64_t ln = start; ln <= end; ln++) {
          if (ln <= 0 || (uint64_t)ln > sf->n) break;
          int64_t lf = 0, lc = 0;
          for (size_t i = 0; i < k; i++)
            if (g->nm->info[fns[i]].lineno == ln) lf += g->flat[fns[i]], lc += g->cum[fns[i]];
          lr.lines = xreallocarray(lr.lines, lr.nlines + 1, sizeof *lr.lines);
          lr.lines[lr.nlines++] = (list_line){ln, xstrdup(sf->lines[ln]), lf, lc};
        }
      }
      free(fns);
      r->list = xreallocarray(r->list, r->nlist + 1, sizeof *r->list);
      r->list[r->nlist++] = lr;
    }
  }
  free(nodes), free(files), free(fn), free(cwd);
  reader_free(&rd);
  return true;
}
