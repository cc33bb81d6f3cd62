/*
 * report_list.c: the `list` report (pprof's printSource): annotated source
 * of the functions matching a regex, with flat and cum per line, source
 * found through source_path and trim_path as pprof finds it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tprof/gofmt.h"
#include "tprof/regex.h"
#include "tprof/report.h"
#include "report_int.h"



/* ---- source files (pprof's sourceReader) ---- */

#define MAX_SOURCE (64u << 20) /* bytes read of one source file */
#define MAX_HELD (96u << 20)   /* bytes of files kept at once; older ones are read again when needed */
#define LINE_STEP 64           /* a line start is kept every LINE_STEP lines */

/* A source file's bytes, as read, and where every LINE_STEP-th line starts:
 * 64 MiB of newlines costs 64 MiB and 4 MiB of marks, not a string a line.
 * Lines keep their NUL bytes, as pprof's do. */
typedef struct src_file {
  char *path;      /* the name as given */
  char *buf;       /* the bytes read; NULL once evicted (read again when needed) */
  size_t size;
  uint32_t *mark;  /* mark[i]: offset of line i*LINE_STEP+1 */
  size_t n;        /* lines 1..n */
  char *error;
} src_file;

typedef struct src_reader {
  const char *search, *trim;
  src_file *files;
  size_t nfiles, cap;
  u64map index; /* hash of a path -> its file; equal hashes probe h+1 (a profile may name 100k files) */
  size_t held;  /* bytes in the files' buffers */
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

/* fopen(path, "r") of a regular file or a fifo (something a person set up
 * on purpose, read as pprof reads it); not of a device that a profile names,
 * such as /dev/tty (would wait for the keyboard) or /dev/urandom (endless).
 * A directory is found, with no lines (pprof opens it, and its scanner's
 * read error is dropped): *dir is set and NULL returned. */
static FILE *open_regular(const char *path, bool *not_regular, bool *dir) {
  struct stat st;
  bool there = stat(path, &st) == 0;
  *dir = there && S_ISDIR(st.st_mode);
  *not_regular = there && !*dir && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode);
  return *not_regular || *dir ? NULL : fopen(path, "r");
}

/* The source file for path0, or NULL: with *err set when it cannot be
 * read, with *err NULL when it is a directory (no lines). */
static FILE *open_source(const char *path0, const char *search, const char *trim, char **err) {
  const char *path = trim_for_search(path0, trim, search);
  bool not_regular, is_dir;
  if (path[0] == '/') {
    FILE *f = open_regular(path, &not_regular, &is_dir);
    if (!f && !is_dir)
      *err = not_regular ? xasprintf("open %s: not a regular file", path)
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
      FILE *f = open_regular(fn, &not_regular, &is_dir);
      free(fn);
      if (f || is_dir) {
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

/* Read sf's file (bufio.Scanner with ScanLines, as pprof: split on \n,
 * drop a trailing \r, stop at a token over 64 KiB; and at MAX_SOURCE bytes,
 * which no source file comes near: a fifo may never end). */
static void read_source(src_reader *rd, src_file *sf) {
  FILE *f = open_source(sf->path, rd->search, rd->trim, &sf->error);
  sf->buf = xmalloc(1), sf->size = 0, sf->n = 0;
  if (!f) return;
  size_t cap = 1;
  struct stat st; /* a regular file: its size at once (and one byte to see the end), no doubling */
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    cap = (uint64_t)st.st_size < MAX_SOURCE ? (size_t)st.st_size + 1 : MAX_SOURCE;
    sf->buf = xrealloc(sf->buf, cap);
  }
  for (;;) {
    if (sf->size == cap) {
      if (cap >= MAX_SOURCE) break;
      cap = cap * 2 < MAX_SOURCE ? cap * 2 : MAX_SOURCE;
      if (cap < 65536) cap = 65536;
      sf->buf = xrealloc(sf->buf, cap);
    }
    size_t got = fread(sf->buf + sf->size, 1, cap - sf->size, f);
    if (got == 0) break;
    sf->size += got;
  }
  fclose(f);
  free(sf->mark);
  sf->mark = NULL;
  size_t mcap = 0;
  const char *b = sf->buf;
  for (size_t at = 0, end; at < sf->size; at = end + 1) {
    for (end = at; end < sf->size && b[end] != '\n'; end++) /* one pass, no call a line: 64M empty lines */
      ;
    if (end - at >= 65536) break; /* pprof's scanner stops silently */
    if (sf->n % LINE_STEP == 0) {
      XGROW(sf->mark, mcap, sf->n / LINE_STEP + 1);
      sf->mark[sf->n / LINE_STEP] = (uint32_t)at;
    }
    sf->n++;
  }
  rd->held += sf->size;
}

/* Line ln (1..sf->n) of a file read: a copy in *text (NUL-terminated, NUL
 * bytes kept), its length returned. */
static size_t source_line(const src_file *sf, int64_t ln, char **text) {
  size_t i = (size_t)(ln - 1), at = sf->mark[i / LINE_STEP];
  for (size_t k = i % LINE_STEP; k > 0; k--) at = (size_t)((const char *)memchr(sf->buf + at, '\n', sf->size - at) - sf->buf) + 1;
  const char *nl = memchr(sf->buf + at, '\n', sf->size - at);
  size_t end = nl ? (size_t)(nl - sf->buf) : sf->size;
  if (end > at && sf->buf[end - 1] == '\r') end--;
  *text = xstrndup(sf->buf + at, end - at);
  return end - at;
}

/* The file read for path (once while the files held stay under MAX_HELD;
 * then the others' bytes are dropped and read again when asked for), valid
 * until the next call. */
static src_file *reader_file(src_reader *rd, const char *path) {
  uint64_t k = hash_bytes(path, strlen(path), 9);
  src_file *sf = NULL;
  for (;; k++) {
    uint32_t i = u64map_get(&rd->index, k);
    if (i == TPROF_NONE) break;
    if (!strcmp(rd->files[i].path, path)) {
      sf = &rd->files[i];
      break;
    }
  }
  if (sf && sf->buf) return sf;
  if (!sf) {
    u64map_put(&rd->index, k, (uint32_t)rd->nfiles);
    XGROW(rd->files, rd->cap, rd->nfiles + 1);
    sf = &rd->files[rd->nfiles++];
    memset(sf, 0, sizeof *sf);
    sf->path = xstrdup(path);
  }
  if (rd->held > MAX_HELD - MAX_SOURCE)
    for (size_t i = 0; i < rd->nfiles; i++) {
      src_file *o = &rd->files[i];
      if (o == sf || !o->buf) continue;
      rd->held -= o->size;
      free(o->buf);
      o->buf = NULL;
    }
  free(sf->error);
  sf->error = NULL;
  read_source(rd, sf);
  return sf;
}

static void reader_free(src_reader *rd) {
  for (size_t i = 0; i < rd->nfiles; i++)
    free(rd->files[i].buf), free(rd->files[i].mark), free(rd->files[i].path), free(rd->files[i].error);
  u64map_free(&rd->index);
  free(rd->files);
}

src_reader *report_source_reader_new(const char *search, const char *trim) {
  src_reader *rd = xcalloc(1, sizeof *rd);
  rd->search = search, rd->trim = trim;
  return rd;
}

char *report_source_line(src_reader *rd, const char *path, int64_t lineno) {
  src_file *sf = reader_file(rd, path);
  if (sf->error || lineno <= 0 || (uint64_t)lineno > sf->n) return NULL;
  char *text;
  source_line(sf, lineno, &text);
  return text;
}

void report_source_reader_free(src_reader *rd) {
  if (!rd) return;
  reader_free(rd);
  free(rd);
}

/* ---- the report ---- */

static int by_line(const void *a, const void *b, void *ctx) {
  const graph *g = ctx;
  const node_info *x = &g->nm->info[*(const uint32_t *)a], *y = &g->nm->info[*(const uint32_t *)b];
  return x->lineno < y->lineno ? -1 : x->lineno > y->lineno;
}

/* Bucket items[0..n) by key (first appearance order), keeping their order
 * within a bucket: *order gets the items bucket after bucket, *off[b] where
 * bucket b starts (nb+1 entries). Returns the number of buckets. Linear, for
 * profiles of many functions and files. Caller frees *order and *off. */
static size_t bucket(const uint32_t *items, size_t n, const void *const *keys, uint32_t **order, size_t **off) {
  uint32_t *b = xmalloc((n + 1) * sizeof *b);
  size_t *count = xcalloc(n + 2, sizeof *count), nb = 0;
  u64map index = {0};
  for (size_t i = 0; i < n; i++) {
    b[i] = u64map_put(&index, (uintptr_t)keys[i], (uint32_t)nb);
    if (b[i] == nb) nb++;
    count[b[i] + 1]++;
  }
  for (size_t k = 1; k <= nb; k++) count[k] += count[k - 1];
  *order = xmalloc((n + 1) * sizeof **order);
  size_t *at = xmalloc((nb + 1) * sizeof *at);
  memcpy(at, count, (nb + 1) * sizeof *at);
  for (size_t i = 0; i < n; i++) (*order)[at[b[i]]++] = items[i];
  free(at), free(b);
  u64map_free(&index);
  *off = count;
  return nb;
}

/* bucket(), with the buckets ordered as graph_sort_list orders their first
 * items: *sorted[i] is the bucket that comes i-th (nb entries). Caller frees
 * *order, *off and *sorted. */
static size_t bucket_sorted(graph *g, const uint32_t *items, size_t n, const void *const *keys, node_order by,
                            uint32_t **order, size_t **off, size_t **sorted) {
  size_t nb = bucket(items, n, keys, order, off);
  uint32_t *heads = xmalloc((nb + 1) * sizeof *heads);
  u64map head_of = {0}; /* first item -> its bucket */
  for (size_t b = 0; b < nb; b++) {
    heads[b] = (*order)[(*off)[b]];
    u64map_put(&head_of, heads[b], (uint32_t)b);
  }
  graph_sort_list(g, heads, nb, by);
  *sorted = xmalloc((nb + 1) * sizeof **sorted);
  for (size_t i = 0; i < nb; i++) (*sorted)[i] = u64map_get(&head_of, heads[i]);
  u64map_free(&head_of);
  free(heads);
  return nb;
}

bool report_gen_list(report *r, char **err) {
  /* list needs weights per line, never edges */
  tregex *rx = report_symbol(r);
  if (!r->nmp || !report_cached_weights(r, &r->g)) {
    /* only the matching functions' lines are shown, and a node's weights
     * come only from the samples through it: a map of those functions'
     * lines and a pass over the samples through them (a byte a frame for
     * the others) instead of the whole view's map and first pass */
    const profile *v = r->view;
    bool *keep = xcalloc(v->nfunctions + 1, 1);
    for (size_t i = 0; i < v->nfunctions; i++) keep[i] = regex_match(rx, v->functions[i].name);
    nodemap_opts no = {true, r->cfg.trim_path, r->cfg.source_path, true};
    if (!r->nm_borrowed) nodemap_free(&r->nm);
    nodemap_build_some(&r->nm, v, &no, keep, regex_match(rx, ""));
    free(keep);
    r->nmp = &r->nm;
    r->nm_borrowed = false;
    graph_opts go = {.sample_index = r->sample_index, .mean = r->mean, .drop_negative = r->cfg.drop_negative,
                     .cancel = r->cancel, .memo = report_need_memo(r), .env = r->cfg.env};
    graph_build_some(&r->g, r->nmp, v, &go);
  }
  r->has_graph = true;
  graph *g = &r->g;
  /* the nodes of matching functions, bucketed by function name (interned) */
  uint32_t *matching = xmalloc((g->nnodes + 1) * sizeof *matching);
  const void **keys = xmalloc((g->nnodes + 1) * sizeof *keys);
  size_t nmatch = 0;
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    if (!regex_match(rx, g->nm->info[n].name)) continue;
    keys[nmatch] = g->nm->info[n].name;
    matching[nmatch++] = n;
  }
  /* functions in name order: the first node of each bucket stands for it */
  uint32_t *by_name;
  size_t *name_off, *fn_bucket;
  size_t nfn = bucket_sorted(g, matching, nmatch, keys, ORDER_NAME, &by_name, &name_off, &fn_bucket);
  if (nfn == 0) {
    free(matching), free(keys), free(by_name), free(name_off), free(fn_bucket);
    *err = xasprintf("no matches found for regexp: %s", regex_pattern(rx));
    return false;
  }
  char *cwd = NULL;
  const char *search = r->cfg.source_path;
  if (!*search) {
    cwd = getcwd(NULL, 0);
    if (!cwd) {
      free(matching), free(keys), free(by_name), free(name_off), free(fn_bucket);
      *err = xasprintf("could not stat current dir: %s", go_strerror(errno));
      return false;
    }
    search = cwd;
  }
  src_reader rd = {search, r->cfg.trim_path, NULL, 0, 0, {0}, 0};
  r->list = xcalloc(1, sizeof *r->list);
  size_t list_cap = 1;
  uint32_t *nodes = xmalloc((g->nnodes + 1) * sizeof *nodes);
  for (size_t f = 0; f < nfn; f++) {
    const size_t *fb = name_off + fn_bucket[f];
    const char *name = g->nm->info[by_name[fb[0]]].name;
    /* this function's nodes that have a file, bucketed by file */
    size_t nn = 0;
    for (size_t i = fb[0]; i < fb[1]; i++) {
      uint32_t n = by_name[i];
      if (!*g->nm->info[n].file) continue;
      keys[nn] = g->nm->info[n].file;
      nodes[nn++] = n;
    }
    uint32_t *by_file;
    size_t *file_off, *file_bucket;
    size_t nfiles = bucket_sorted(g, nodes, nn, keys, ORDER_FILE, &by_file, &file_off, &file_bucket);
    if (nfiles == 0) {
      free(by_file), free(file_off), free(file_bucket);
      XGROW(r->list, list_cap, r->nlist + 1);
      r->list[r->nlist++] = (list_routine){name, "", 0, 0, NULL, true, NULL, 0};
      continue;
    }
    for (size_t fi = 0; fi < nfiles; fi++) {
      size_t b = file_bucket[fi];
      const char *file = g->nm->info[by_file[file_off[b]]].file;
      size_t k = file_off[b + 1] - file_off[b];
      uint32_t *fns = xmalloc((k + 1) * sizeof *fns);
      memcpy(fns, by_file + file_off[b], k * sizeof *fns);
      int64_t flat = 0, cum = 0;
      for (size_t i = 0; i < k; i++) flat = i64_add(flat, g->flat[fns[i]]), cum = i64_add(cum, g->cum[fns[i]]);
      qsort_r(fns, k, sizeof *fns, by_line, g); /* pprof's order here is map order; see doc/design.md */
      list_routine lr = {name, file, flat, cum, NULL, false, NULL, 0};
      /* getSourceFromFile */
      int64_t start, end;
      const node_info *f0 = &g->nm->info[fns[0]];
      start = f0->start_line ? f0->start_line : i64_sub(f0->lineno, 5);
      end = i64_add(f0->lineno, 5);
      for (size_t i = 0; i < k; i++) {
        const node_info *ni = &g->nm->info[fns[i]];
        int64_t ns = ni->start_line ? ni->start_line : i64_sub(ni->lineno, 5), ne = i64_add(ni->lineno, 5);
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
        size_t j = 0, cap = 0; /* fns are in line order: walk them along with the lines */
        for (int64_t ln = start; ln <= end; ln++) {
          if ((uint64_t)ln > sf->n) break;
          int64_t lf = 0, lc = 0;
          while (j < k && g->nm->info[fns[j]].lineno < ln) j++;
          for (size_t i = j; i < k && g->nm->info[fns[i]].lineno == ln; i++)
            lf = i64_add(lf, g->flat[fns[i]]), lc = i64_add(lc, g->cum[fns[i]]);
          XGROW(lr.lines, cap, lr.nlines + 1);
          list_line *line = &lr.lines[lr.nlines++];
          *line = (list_line){ln, NULL, 0, lf, lc};
          line->len = source_line(sf, ln, &line->text);
        }
      }
      free(fns);
      XGROW(r->list, list_cap, r->nlist + 1);
      r->list[r->nlist++] = lr;
    }
    free(by_file), free(file_off), free(file_bucket);
  }
  free(nodes), free(fn_bucket), free(cwd);
  free(matching), free(keys), free(by_name), free(name_off);
  reader_free(&rd);
  return true;
}
