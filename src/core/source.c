/*
 * source.c: pprof's fetchProfiles: every source loaded (files streamed from
 * disk, URLs fetched and saved first), merged, the base profile combined,
 * drop_frames applied. Also the atomic file writer used for every output.
 */
#include "tprof/gofmt.h"
#include "tprof/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tprof/view.h"

void source_opts_free(source_opts *o) {
  for (size_t i = 0; i < o->nsources; i++) free(o->sources[i]);
  for (size_t i = 0; i < o->nbase; i++) free(o->base[i]);
  free(o->sources), free(o->base), free(o->exec_name), free(o->build_id), free(o->comment);
  free(o->tls_cert), free(o->tls_key), free(o->tls_ca);
  memset(o, 0, sizeof *o);
}

bool write_file_atomic(const char *path, const void *data, size_t n, char **err) {
  struct stat st;
  /* Devices, pipes and the like (>/dev/null) are written in place. */
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    FILE *f = fopen(path, "w");
    if (!f) {
      *err = xasprintf("%s: %s", path, go_strerror(errno));
      return false;
    }
    bool ok = fwrite(data, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    if (!ok) *err = xasprintf("%s: write error: %s", path, go_strerror(errno));
    return ok;
  }
  char *tmp = xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *err = xasprintf("%s: %s", path, go_strerror(errno));
    free(tmp);
    return false;
  }
  const char *p = data;
  size_t left = n;
  while (left > 0) {
    ssize_t k = write(fd, p, left);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      *err = xasprintf("%s: write error: %s", path, go_strerror(errno));
      close(fd);
      unlink(tmp);
      free(tmp);
      return false;
    }
    p += k, left -= (size_t)k;
  }
  /* keep the usual permissions of a new file (mkstemp makes it 0600) */
  mode_t um = umask(0);
  umask(um);
  fchmod(fd, 0666 & ~um);
  if (fsync(fd) != 0 && errno != EINVAL) {
    *err = xasprintf("%s: %s", path, go_strerror(errno));
    close(fd);
    unlink(tmp);
    free(tmp);
    return false;
  }
  close(fd);
  if (rename(tmp, path) != 0) {
    *err = xasprintf("%s: %s", path, go_strerror(errno));
    unlink(tmp);
    free(tmp);
    return false;
  }
  free(tmp);
  return true;
}

char *temp_file_name(const char *dir, const char *prefix, const char *suffix, char **err) {
  for (int i = 1; i < 10000; i++) {
    char *name = *dir ? xasprintf("%s/%s%03d%s", dir, prefix, i, suffix) : xasprintf("%s%03d%s", prefix, i, suffix);
    int fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0666);
    if (fd >= 0) {
      close(fd);
      return name;
    }
    if (errno != EEXIST) {
      *err = xasprintf("%s: %s", name, go_strerror(errno));
      free(name);
      return NULL;
    }
    free(name);
  }
  *err = xasprintf("could not create file of the form %s%03d%s", prefix, 1, suffix);
  return NULL;
}

bool profile_write_file(const profile *p, const char *path, char **err) {
  unsigned char *b;
  size_t n;
  if (!profile_encode(p, 1, &b, &n)) {
    *err = xasprintf("%s: cannot encode the profile", path);
    return false;
  }
  bool ok = write_file_atomic(path, b, n, err);
  free(b);
  return ok;
}

static void say(source_msg_fn msg, void *ctx, const char *fmt, ...) TPROF_PRINTF(3, 4);
static void say(source_msg_fn msg, void *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = xvasprintf(fmt, ap);
  va_end(ap);
  if (msg) msg(ctx, s);
  free(s);
}

/* The directory fetched profiles are saved in (pprof's setTmpDir). */
static char *save_dir(source_msg_fn msg, void *ctx) {
  const char *cands[3] = {getenv("PPROF_TMPDIR"), NULL, NULL};
  char *home = NULL;
  if (getenv("HOME") && *getenv("HOME")) home = xasprintf("%s/pprof", getenv("HOME"));
  cands[1] = home;
  cands[2] = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  for (int i = 0; i < 3; i++) {
    if (!cands[i] || !*cands[i]) continue;
    /* MkdirAll */
    char *d = xstrdup(cands[i]);
    bool ok = true;
    for (char *p = d + 1;; p++) {
      if (*p == '/' || !*p) {
        char c = *p;
        *p = 0;
        if (mkdir(d, 0755) != 0 && errno != EEXIST) ok = false;
        *p = c;
        if (!c) break;
      }
    }
    struct stat st;
    if (ok && stat(d, &st) == 0 && S_ISDIR(st.st_mode)) {
      free(home);
      return d;
    }
    say(msg, ctx, "Could not use temp dir %s: %s", d, go_strerror(errno));
    free(d);
  }
  free(home);
  return NULL;
}

profile *source_load_one(const char *src, const source_opts *o, source_msg_fn msg, void *ctx, bool *remote,
                         char **err) {
  *remote = false;
  fetch_opts fo = {o->seconds, o->timeout, o->tls_cert, o->tls_key, o->tls_ca, msg, ctx};
  int64_t timeout;
  char *url = fetch_adjust_url(src, &fo, &timeout);
  profile *p;
  if (url) {
    *remote = true;
    say(msg, ctx, "Fetching profile over HTTP from %s", url);
    if (o->seconds > 0) say(msg, ctx, "Please wait... (%llds)", (long long)o->seconds);
    strbuf body = STRBUF_INIT;
    if (!fetch_url(url, timeout, &fo, &body, err)) {
      free(url);
      sb_free(&body);
      return NULL;
    }
    p = profile_parse(body.s, body.len, url, err);
    sb_free(&body);
    free(url);
  } else {
    p = profile_read_file(src, err);
  }
  if (!p) return NULL;
  if (p->nmappings == 0) {
    /* pprof adds a fake mapping so symbolization can be attempted */
    p->mappings = xcalloc(1, sizeof *p->mappings);
    const char *empty = intern_s(&p->strs, "");
    p->mappings[0] = (mapping){1, 0, 0, 0, empty, empty, false, false, false, false};
    p->nmappings = 1;
    for (size_t i = 0; i < p->nlocations; i++) p->locations[i].mapping = 0;
  }
  if (o->exec_name && *o->exec_name) p->mappings[0].file = intern_s(&p->strs, o->exec_name);
  if (o->build_id && *o->build_id) p->mappings[0].build_id = intern_s(&p->strs, o->build_id);
  return p;
}

/* chunkedGrab: load every source, report failures, merge the ones that loaded. */
static profile *grab(char **srcs, size_t n, const source_opts *o, source_msg_fn msg, void *ctx, size_t *count,
                     bool *save, char **err) {
  profile **ps = xcalloc(n + 1, sizeof *ps);
  size_t k = 0;
  *save = false;
  for (size_t i = 0; i < n; i++) {
    char *e = NULL;
    bool remote;
    ps[k] = source_load_one(srcs[i], o, msg, ctx, &remote, &e);
    if (!ps[k]) {
      if (n > 1) say(msg, ctx, "tprof: %s", e);
      else *err = xstrdup(e);
      free(e);
      continue;
    }
    *save = *save || remote;
    k++;
  }
  *count = k;
  if (k == 0) {
    free(ps);
    return NULL;
  }
  profile *p = profile_merge(ps, k, err);
  free(ps);
  return p;
}

profile *source_load(const source_opts *o, source_msg_fn msg, void *ctx, char **err) {
  size_t nsrc, nbase = 0;
  bool save_src, save_base = false;
  char *e = NULL;
  profile *p = grab(o->sources, o->nsources, o, msg, ctx, &nsrc, &save_src, &e);
  if (!p) {
    if (e && nsrc == 0 && o->nsources == 1)
      *err = e;
    else if (e && nsrc > 0)
      *err = xasprintf("problem fetching source profiles: %s", e), free(e);
    else
      *err = xstrdup("failed to fetch any source profiles"), free(e);
    return NULL;
  }
  profile *pb = NULL;
  if (o->nbase) {
    e = NULL;
    pb = grab(o->base, o->nbase, o, msg, ctx, &nbase, &save_base, &e);
    if (!pb) {
      *err = e && o->nbase == 1 ? e : xasprintf("failed to fetch any base profiles");
      if (!(e && o->nbase == 1)) free(e);
      profile_free(p);
      return NULL;
    }
  }
  if (nsrc != o->nsources) say(msg, ctx, "Fetched %zu source profiles out of %zu", nsrc, o->nsources);
  if (o->nbase && nbase != o->nbase) say(msg, ctx, "Fetched %zu base profiles out of %zu", nbase, o->nbase);
  if (pb) {
    if (o->diff_base) profile_set_label(pb, "pprof::base", "true");
    if (o->normalize && profile_normalize(p, pb, err) != 0) {
      profile_free(p), profile_free(pb);
      return NULL;
    }
    double *r = xmalloc((pb->nsample_type + 1) * sizeof *r);
    for (size_t i = 0; i < pb->nsample_type; i++) r[i] = -1;
    profile_scale(pb, r);
    free(r);
    profile *two[2] = {p, pb};
    p = profile_merge(two, 2, err);
    if (!p) return NULL;
  }
  if (!profile_prune(p, p->drop_frames, p->keep_frames, err)) {
    profile_free(p);
    return NULL;
  }
  if (o->comment && *o->comment) {
    const char **c = arena_alloc(&p->mem, (p->ncomments + 1) * sizeof *c);
    memcpy(c, p->comments, p->ncomments * sizeof *c);
    c[p->ncomments++] = intern_s(&p->strs, o->comment);
    p->comments = c;
  }
  if (save_src || save_base) {
    char *dir = save_dir(msg, ctx);
    if (dir) {
      strbuf prefix = STRBUF_INIT;
      sb_adds(&prefix, "pprof.");
      if (p->nmappings && *p->mappings[0].file) {
        char *b = path_base(p->mappings[0].file);
        sb_printf(&prefix, "%s.", b);
        free(b);
      }
      for (size_t i = 0; i < p->nsample_type; i++) sb_printf(&prefix, "%s.", p->sample_type[i].type);
      char *e2 = NULL;
      char *name = temp_file_name(dir, prefix.s, ".pb.gz", &e2);
      if (name && profile_write_file(p, name, &e2))
        say(msg, ctx, "Saved profile in %s", name);
      else
        say(msg, ctx, "Could not save profile: %s", e2 ? e2 : "?");
      free(name), free(e2), free(dir);
      sb_free(&prefix);
    }
  }
  return p;
}
