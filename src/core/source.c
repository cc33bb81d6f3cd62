/*
 * source.c: pprof's fetchProfiles: every source loaded (files streamed from
 * disk, URLs fetched and saved first), merged, the base profile combined,
 * drop_frames applied. Also the atomic file writer used for every output.
 */
#include "tprof/gofmt.h"
#include "tprof/source.h"
#include "tprof/env.h"
#include "tprof/symbolize.h"

#include "tprof/series.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tprof/symbolizer.h"
#include "tprof/view.h"

void source_opts_free(source_opts *o) {
  for (size_t i = 0; i < o->nsources; i++) free(o->sources[i]);
  for (size_t i = 0; i < o->nbase; i++) free(o->base[i]);
  free(o->sources), free(o->base), free(o->exec_name), free(o->build_id), free(o->comment);
  free(o->tls_cert), free(o->tls_key), free(o->tls_ca), free(o->symbolize);
  memset(o, 0, sizeof *o);
}

/* open(path, flags) and write data, as Go's os.Create and a shell's > do. */
static bool write_in_place(const char *path, int flags, const void *data, size_t n, char **err) {
  int fd = open(path, flags | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    *err = xasprintf("open %s: %s", path, go_strerror(errno));
    return false;
  }
  const char *p = data;
  for (size_t left = n; left > 0;) {
    ssize_t k = write(fd, p, left);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      *err = xasprintf("write %s: %s", path, go_strerror(k < 0 ? errno : EIO));
      close(fd);
      return false;
    }
    p += k, left -= (size_t)k;
  }
  if (close(fd) != 0) {
    *err = xasprintf("write %s: %s", path, go_strerror(errno));
    return false;
  }
  return true;
}

bool write_file_atomic(const char *path, const void *data, size_t n, char **err) {
  /* Errors read as Go's os.Create ones ("open PATH: reason"), which pprof prints. */
  struct stat st, lst;
  bool exists = stat(path, &st) == 0;
  int stat_errno = errno;
  if (exists && S_ISDIR(st.st_mode)) {
    *err = xasprintf("open %s: %s", path, go_strerror(EISDIR));
    return false;
  }
  /* devices, pipes (>/dev/null): written in place */
  if (exists && !S_ISREG(st.st_mode)) return write_in_place(path, O_TRUNC, data, n, err);
  bool link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
  /* a dangling link: its target is created, as > does; a loop: ELOOP, as > says */
  if (!exists && link) return write_in_place(path, O_CREAT | O_TRUNC, data, n, err);
  if (!exists && stat_errno != ENOENT) {
    *err = xasprintf("open %s: %s", path, go_strerror(stat_errno));
    return false;
  }
  if (exists) {
    /* a file this user may not write (0444) is not replaced behind its back:
     * pprof's os.Create says permission denied */
    if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0) {
      *err = xasprintf("open %s: %s", path, go_strerror(errno));
      return false;
    }
    /* another user's file (world-writable in a sticky /tmp: a rename over it
     * is refused), or one with other names (hard links): written in place,
     * as pprof writes it, keeping its owner and its links */
    if (st.st_uid != geteuid() || st.st_nlink > 1) return write_in_place(path, O_TRUNC, data, n, err);
  }
  /* A regular file is replaced whole: written to a temporary file beside
   * it, then renamed over it, so a failure never leaves it half written.
   * Through a symbolic link, the link's target is replaced and the link kept.
   * The temporary name is short (.tprof-XXXXXX in the same directory), so a
   * target whose name is near NAME_MAX can still be written. */
  char *real = link ? realpath(path, NULL) : NULL;
  const char *target = real ? real : path;
  char *dir = path_dir(target);
  char *tmp = xasprintf("%s/.tprof-XXXXXX", *dir ? dir : ".");
  free(dir);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *err = xasprintf("open %s: %s", path, go_strerror(errno));
    free(tmp), free(real);
    return false;
  }
  const char *p = data;
  size_t left = n;
  while (left > 0) {
    ssize_t k = write(fd, p, left);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      *err = xasprintf("write %s: %s", path, go_strerror(k < 0 ? errno : EIO));
      close(fd);
      unlink(tmp);
      free(tmp), free(real);
      return false;
    }
    p += k, left -= (size_t)k;
  }
  /* the usual permissions of a new file (mkstemp makes it 0600), or the old file's */
  mode_t um = umask(0);
  umask(um);
  fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~um));
  bool synced = fsync(fd) == 0 || errno == EINVAL || errno == EROFS;
  int e = errno;
  if (close(fd) != 0 && synced) synced = false, e = errno; /* NFS reports write errors here */
  if (!synced) {
    *err = xasprintf("write %s: %s", path, go_strerror(e));
    unlink(tmp);
    free(tmp), free(real);
    return false;
  }
  if (rename(tmp, target) != 0) {
    *err = xasprintf("open %s: %s", path, go_strerror(errno));
    unlink(tmp);
    free(tmp), free(real);
    return false;
  }
  free(tmp), free(real);
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
      *err = xasprintf("open %s: %s", name, go_strerror(errno));
      free(name);
      return NULL;
    }
    free(name);
  }
  *err = xasprintf("could not create file of the form %s%03d%s", prefix, 1, suffix);
  return NULL;
}


/* The directory fetched profiles are saved in (pprof's setTmpDir). */
static char *save_dir(const core_env *env, source_msg_fn msg, void *ctx) {
  const char *cands[3] = {CORE_ENV_STR(env, pprof_tmpdir), NULL, NULL};
  char *home = NULL;
  if (CORE_ENV_STR(env, home)) home = xasprintf("%s/pprof", env->home);
  cands[1] = home;
  cands[2] = CORE_ENV_STR(env, tmpdir) ? env->tmpdir : "/tmp";
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
    msgf(msg, ctx, "Could not use temp dir %s: %s", d, go_strerror(errno));
    free(d);
  }
  free(home);
  return NULL;
}

/* pprof's name for a saved profile: pprof.BINARY.TYPE1.TYPE2.NNN.pb.gz (a new file). */
static char *saved_name(const char *dir, const profile *p, char **err) {
  strbuf prefix = STRBUF_INIT;
  sb_adds(&prefix, "pprof.");
  if (p->nmappings && *p->mappings[0].file) {
    char *b = path_base(p->mappings[0].file);
    sb_printf(&prefix, "%s.", b);
    free(b);
  }
  for (size_t i = 0; i < p->nsample_type; i++) sb_printf(&prefix, "%s.", p->sample_type[i].type);
  char *name = temp_file_name(dir, prefix.s, ".pb.gz", err);
  sb_free(&prefix);
  return name;
}

/* Decode the n bytes of the file at path, naming errors after name. The
 * file is mapped, not read: memory stays with the page cache. */
static profile *parse_saved(int fd, const char *path, uint64_t n, const char *name, const core_env *env, char **err) {
  if (n == 0) return profile_parse_env(NULL, 0, name, env, err);
  void *m = n > SIZE_MAX ? MAP_FAILED : mmap(NULL, (size_t)n, PROT_READ, MAP_PRIVATE, fd, 0);
  if (m == MAP_FAILED) {
    *err = xasprintf("%s: reading the saved response %s: %s", name, path, go_strerror(errno));
    return NULL;
  }
  profile *p = profile_parse_env(m, (size_t)n, name, env, err);
  munmap(m, (size_t)n);
  return p;
}

/*
 * Fetch a URL source. The body goes straight to a provisional file in the
 * save directory (pprof.unparsed.NNN), so that nothing fetched is lost and
 * memory stays bounded; once it parses, the file is renamed to pprof's name
 * (*saved set, announced by the caller). A body that does not parse stays
 * under the provisional name, and the message says so.
 */
static profile *fetch_source(const fetch_target *t, const fetch_opts *fo, const core_env *env, source_msg_fn msg,
                             void *ctx, char **saved, char **err) {
  *saved = NULL;
  msgf(msg, ctx, "Fetching profile over HTTP from %s", t->url);
  if (fetch_duration_ns(fo->seconds) > 0) {
    strbuf d = STRBUF_INIT;
    go_duration_string(&d, fetch_duration_ns(fo->seconds));
    msgf(msg, ctx, "Please wait... (%s)", sb_str(&d));
    sb_free(&d);
  }
  char *dir = save_dir(env, msg, ctx);
  if (!dir) {
    *err = xasprintf("%s: failed to identify temp dir", t->url);
    return NULL;
  }
  char *e = NULL;
  char *part = temp_file_name(dir, "pprof.unparsed.", "", &e);
  int fd = part ? open(part, O_RDWR | O_TRUNC | O_CLOEXEC) : -1;
  if (fd < 0) { /* a read-only save directory: the body is kept in memory, as pprof keeps it */
    if (!e) e = xasprintf("open %s: %s", part ? part : dir, go_strerror(errno));
    if (part) unlink(part);
    free(part);
    part = NULL;
    msgf(msg, ctx, "Could not save profile: %s (the response is kept in memory)", e);
    free(e);
  }
  uint64_t n = 0;
  int spilled = 0;
  strbuf mem = STRBUF_INIT;
  bool ok = fetch_to_fd_spill(t, fo, fd, &mem, &spilled, &n, err);
  if (spilled && part) { /* the save directory filled up during the fetch: the body went on in memory */
    msgf(msg, ctx, "Could not save profile: write %s: %s (the response is kept in memory)", part,
         go_strerror(spilled));
    close(fd);
    fd = -1;
    unlink(part);
    free(part);
    part = NULL;
  }
  if (ok && part && fsync(fd) != 0 && errno != EINVAL) {
    *err = xasprintf("%s: saving the response in %s: %s", t->url, part, go_strerror(errno));
    ok = false;
  }
  if (!ok) { /* nothing worth keeping: an error status, or a cut-off body */
    if (fd >= 0) close(fd);
    if (part) unlink(part);
    sb_free(&mem);
    free(part), free(dir);
    return NULL;
  }
  profile *p = part ? parse_saved(fd, part, n, t->url, env, err)
                    : profile_parse_env(mem.len ? mem.s : NULL, mem.len, t->url, env, err);
  sb_free(&mem);
  if (fd >= 0) close(fd);
  if (!p) {
    if (part) msgf(msg, ctx, "Saved the response, which is not a profile, in %s", part);
    free(part), free(dir);
    return NULL;
  }
  *saved = part;
  free(dir);
  return p;
}

/* When the body at from arrived uncompressed (a raw protobuf), write it
 * gzipped to to (pprof saves .pb.gz compressed) and remove from: true.
 * False when from is gzip already (the caller renames it) or on an error
 * (*err set; from left as it is). */
static bool gzip_unless_gzip(const char *from, const char *to, char **err) {
  int in = open(from, O_RDONLY);
  unsigned char buf[65536];
  ssize_t k = in < 0 ? -1 : read(in, buf, 2);
  if (k < 2 || (buf[0] == 0x1f && buf[1] == 0x8b)) {
    if (in >= 0) close(in);
    return false;
  }
  int out = open(to, O_WRONLY | O_TRUNC);
  gzFile z = out < 0 ? NULL : gzdopen(out, "wb");
  bool ok = z != NULL && gzwrite(z, buf, (unsigned)k) == k;
  while (ok && (k = read(in, buf, sizeof buf)) != 0) ok = k > 0 && gzwrite(z, buf, (unsigned)k) == k;
  int saved_errno = errno;
  if (z) ok = gzclose(z) == Z_OK && ok;
  else if (out >= 0) close(out);
  close(in);
  if (!ok) {
    *err = xasprintf("compressing it: %s", go_strerror(saved_errno ? saved_errno : EIO));
    return false;
  }
  unlink(from);
  return true;
}

/* Give the file at *saved pprof's name for p, or keep it (and say so) when that fails. */
static void name_saved(char *saved, const profile *p, source_msg_fn msg, void *ctx) {
  char *dir = path_dir(saved), *e = NULL;
  char *name = saved_name(dir, p, &e);
  bool done = name && (gzip_unless_gzip(saved, name, &e) || (!e && rename(saved, name) == 0));
  if (done) {
    msgf(msg, ctx, "Saved profile in %s", name);
  } else {
    if (name) unlink(name);
    msgf(msg, ctx, "Saved profile in %s (could not rename it: %s)", saved, e ? e : go_strerror(errno));
  }
  free(name), free(e), free(dir);
}

/* The transport options of o's sources. */
static fetch_opts source_fetch_opts(const source_opts *o, source_msg_fn msg, void *ctx) {
  return (fetch_opts){.seconds = o->seconds,
                      .timeout = o->timeout,
                      .tls_cert = o->tls_cert,
                      .tls_key = o->tls_key,
                      .tls_ca = o->tls_ca,
                      .max_body = o->env ? o->env->fetch_limit : 0,
                      .progress = msg,
                      .progress_ctx = ctx};
}

/* Load one source (file path or URL; *remote tells which); a URL's
 * mappings go to ms (pprof's collectMappingSources). */
static profile *source_load_one(const char *src, const source_opts *o, source_msg_fn msg, void *ctx,
                                symbolizer_sources *ms, bool *remote, char **err) {
  *remote = false;
  fetch_opts fo = source_fetch_opts(o, msg, ctx);
  fetch_target t;
  char *url = NULL;
  char *saved = NULL;
  profile *p;
  if (fetch_target_for(src, &fo, &t)) {
    *remote = true;
    p = fetch_source(&t, &fo, o->env, msg, ctx, &saved, err);
    url = xstrdup(t.url);
    fetch_target_free(&t);
  } else {
    p = profile_read_file_env(src, o->env, err);
  }
  if (p && p->nsample_type == 0) { /* nothing any report could show: bad input, said once with its name */
    *err = xasprintf("%s: profile has no samples", src);
    profile_free(p);
    p = NULL;
  }
  if (!p) {
    free(saved), free(url);
    return NULL;
  }
  symbolizer_locate(p, o->env, msg, ctx);
  if (p->nmappings == 0) {
    /* pprof adds a fake mapping so symbolization can be attempted */
    free(p->mappings);
    p->mappings = xcalloc(1, sizeof *p->mappings);
    const char *empty = intern_s(&p->strs, "");
    p->mappings[0] = (mapping){1, 0, 0, 0, empty, empty, false, false, false, false};
    p->nmappings = 1;
    for (size_t i = 0; i < p->nlocations; i++) p->locations[i].mapping = 0;
  }
  if (o->exec_name && *o->exec_name) p->mappings[0].file = intern_s(&p->strs, o->exec_name);
  if (o->build_id && *o->build_id) p->mappings[0].build_id = intern_s(&p->strs, o->build_id);
  if (url) symbolizer_sources_add(ms, p, url);
  if (saved) name_saved(saved, p, msg, ctx);
  free(saved), free(url);
  return p;
}

/* chunkedGrab: load every source, report failures, merge the ones that loaded. */
static profile *grab(char **srcs, size_t n, const source_opts *o, source_msg_fn msg, void *ctx,
                     symbolizer_sources *ms, size_t *count, char **err) {
  profile **ps = xcalloc(n + 1, sizeof *ps);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char *e = NULL;
    bool remote;
    ps[k] = source_load_one(srcs[i], o, msg, ctx, ms, &remote, &e);
    if (!ps[k]) {
      if (n > 1) msgf(msg, ctx, "tprof: %s", e);
      else *err = xstrdup(e);
      free(e);
      continue;
    }
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

profile *source_combine(profile *p, profile *pb, bool diff_base, bool normalize, char **err) {
  if (diff_base) profile_set_label(pb, "pprof::base", "true");
  if (normalize && profile_normalize(p, pb, err) != 0) {
    profile_free(p), profile_free(pb);
    return NULL;
  }
  double *r = xmalloc((pb->nsample_type + 1) * sizeof *r);
  for (size_t i = 0; i < pb->nsample_type; i++) r[i] = -1;
  profile_scale(pb, r);
  free(r);
  profile *two[2] = {p, pb};
  return profile_merge(two, 2, err);
}

profile *source_load(const source_opts *o, source_msg_fn msg, void *ctx, char **err) {
  size_t nsrc, nbase = 0;
  char *e = NULL;
  symbolizer_sources ms = {0};
  profile *p = grab(o->sources, o->nsources, o, msg, ctx, &ms, &nsrc, &e);
  if (!p) {
    symbolizer_sources_free(&ms);
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
    pb = grab(o->base, o->nbase, o, msg, ctx, &ms, &nbase, &e);
    if (!pb) {
      symbolizer_sources_free(&ms);
      *err = e && o->nbase == 1 ? e : xasprintf("failed to fetch any base profiles");
      if (!(e && o->nbase == 1)) free(e);
      profile_free(p);
      return NULL;
    }
  }
  if (nsrc != o->nsources) msgf(msg, ctx, "Fetched %zu source profiles out of %zu", nsrc, o->nsources);
  if (o->nbase && nbase != o->nbase) msgf(msg, ctx, "Fetched %zu base profiles out of %zu", nbase, o->nbase);
  if (pb && !(p = source_combine(p, pb, o->diff_base, o->normalize, err))) {
    symbolizer_sources_free(&ms);
    return NULL;
  }
  /* pprof's Symbolize: local, then remote, then demangling; "none" skips all */
  symbolize_mode sm = symbolize_parse(o->symbolize, msg, ctx);
  if (!sm.off) {
    if (sm.local) symbolizer_local(p, o->env, sm.force, msg, ctx);
    fetch_opts fo = source_fetch_opts(o, msg, ctx);
    if (sm.remote && !symbolizer_remote(p, sm.force, &ms, &fo, err)) {
      symbolizer_sources_free(&ms);
      profile_free(p);
      return NULL;
    }
    symbolize_demangle_profile(p, sm.force, sm.demangle);
  }
  symbolizer_sources_free(&ms);
  symbolizer_unsource(p);
  /* beyond pprof: what no binary or symbol server named, a Go text profile's # lines may */
  if (symbolizer_from_gotext(p) > 0) msgf(msg, ctx, "tprof: symbolized from the profile's # comments");
  /* pprof ignores a drop_frames/keep_frames regex that does not compile, and so do we */
  char *prune_err = NULL;
  if (!profile_prune(p, p->drop_frames, p->keep_frames, &prune_err)) free(prune_err);
  if (o->comment && *o->comment) {
    const char **c = arena_alloc(&p->mem, (p->ncomments + 1) * sizeof *c);
    memcpy(c, p->comments, p->ncomments * sizeof *c);
    c[p->ncomments++] = intern_s(&p->strs, o->comment);
    p->comments = c;
  }
  return p;
}

bool source_load_series(const source_opts *o, source_msg_fn msg, void *ctx, series *out, char **err) {
  memset(out, 0, sizeof *out);
  source_opts one = *o;
  one.nsources = 1;
  for (size_t i = 0; i < o->nsources; i++) {
    char *e = NULL;
    one.sources = &o->sources[i];
    profile *p = source_load(&one, msg, ctx, &e);
    if (!p) {
      if (o->nsources == 1) {
        *err = e;
        return false;
      }
      msgf(msg, ctx, "tprof: %s", e);
      free(e);
      continue;
    }
    series_add(out, p, o->sources[i]);
  }
  if (out->n == 0) {
    *err = xstrdup("failed to fetch any source profiles");
    return false;
  }
  if (out->n != o->nsources) msgf(msg, ctx, "Fetched %zu source profiles out of %zu", out->n, o->nsources);
  series_sort(out);
  return true;
}
