/*
 * symbolizer.c: names for address-only locations (symbolizer.h). Every
 * source of names ends in symbolizer_set, which gives a location its lines
 * and adds functions as pprof's doLocalSymbolize does: one function per
 * distinct (name, file), numbered after the profile's own, and the
 * mapping's has_* flags set from what was found.
 */
#include "tprof/symbolizer.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tprof/env.h"
#include "tprof/fetch.h"
#include "tprof/gotext.h"
#include "tprof/objfile.h"
#include "tprof/proc.h"

/* One frame an object file or a symbol server names for an address. */
typedef struct sym_frame {
  const char *func, *file; /* "" or NULL when unknown */
  int64_t line;
} sym_frame;

/* One symbolization pass over a profile. */
typedef struct symbolizer {
  profile *p;
  bool changed; /* the profile was changed: symbolizer_done touches it */
  u64map fns; /* hash of (name, file) -> function index */
} symbolizer;

static void symbolizer_init(symbolizer *s, profile *p) {
  s->p = p;
  s->changed = false;
  u64map_init(&s->fns, 64);
}

static void symbolizer_done(symbolizer *s) {
  u64map_free(&s->fns);
  if (s->changed) profile_touch(s->p); /* only then: caches (and p->lw) stay valid */
}

static uint32_t symbolizer_function(symbolizer *s, const char *name, const char *file) {
  profile *p = s->p;
  uint64_t h = hash64(hash64((uintptr_t)name) ^ (uintptr_t)file);
  uint32_t k = u64map_get(&s->fns, h);
  if (k != TPROF_NONE && p->functions[k].name == name && p->functions[k].filename == file) return k;
  if (k != TPROF_NONE) /* a hash collision: look the slow way */
    for (size_t i = 0; i < p->nfunctions; i++)
      if (p->functions[i].name == name && p->functions[i].system_name == name && p->functions[i].filename == file &&
          p->functions[i].start_line == 0)
        return (uint32_t)i;
  p->functions = xreallocarray(p->functions, p->nfunctions + 2, sizeof *p->functions);
  k = (uint32_t)p->nfunctions++;
  p->functions[k] = (function){p->nfunctions, name, name, file, 0};
  u64map_put(&s->fns, h, k);
  return k;
}

/* Location loc gets frames f[0..n), innermost first, in place of its lines. */
static void symbolizer_set(symbolizer *s, uint32_t loc, const sym_frame *f, size_t n) {
  profile *p = s->p;
  if (n == 0 || loc >= p->nlocations) return;
  s->changed = true;
  intern *in = profile_strings(p);
  p->lines = xreallocarray(p->lines, p->nlines + n + 1, sizeof *p->lines);
  location *l = &p->locations[loc];
  mapping *m = l->mapping < p->nmappings ? &p->mappings[l->mapping] : NULL;
  l->line_off = (uint32_t)p->nlines, l->nlines = (uint32_t)n, l->is_folded = false;
  for (size_t i = 0; i < n; i++) {
    const char *name = intern_s(in, f[i].func ? f[i].func : ""), *file = intern_s(in, f[i].file ? f[i].file : "");
    p->lines[p->nlines++] = (pline){symbolizer_function(s, name, file), f[i].line};
    if (m) {
      if (*name) m->has_functions = true;
      if (*file) m->has_filenames = true;
      if (f[i].line) m->has_line_numbers = true;
    }
  }
  if (m) m->has_inline_frames = true;
}

/*
 * runtime/pprof's printStackRecord leaves some frames out of the # lines:
 * runtime.goexit, and the runtime.* frames before a stack's first other
 * frame (runtime.gopark under a goroutine, say). So a location no # line
 * names is runtime.goexit when it lies rootward of a named frame of some
 * sample, and some runtime function ("runtime.?") when it lies leafward:
 * named so, the heap's drop_frames (runtime\..*) prune them as they prune
 * the frames a binary names.
 */
enum { HIDDEN_NONE, HIDDEN_LEADING, HIDDEN_GOEXIT };

static unsigned char *hidden_frames(const profile *p, const gotext *g) {
  unsigned char *h = xcalloc(p->nlocations + 1, 1);
  for (size_t i = 0; i < p->nsamples; i++) {
    size_t n, first = SIZE_MAX;
    stk st = profile_stack(p, i, &n);
    for (size_t k = 0; k < n && first == SIZE_MAX; k++) {
      size_t nf;
      const location *l = &p->locations[stk_at(st, k)];
      if (l->nlines || gotext_find(g, l->address, &nf)) first = k;
    }
    if (first == SIZE_MAX) continue;
    for (size_t k = 0; k < n; k++) {
      size_t nf;
      const location *l = &p->locations[stk_at(st, k)];
      if (l->nlines || gotext_find(g, l->address, &nf)) continue;
      if (k > first) h[stk_at(st, k)] = HIDDEN_GOEXIT;
      else if (h[stk_at(st, k)] == HIDDEN_NONE) h[stk_at(st, k)] = HIDDEN_LEADING;
    }
  }
  return h;
}

size_t symbolizer_from_gotext(profile *p) {
  const gotext *g = p->gotext;
  if (!g || g->nframes == 0) return 0;
  symbolizer s;
  symbolizer_init(&s, p);
  unsigned char *hidden = hidden_frames(p, g);
  size_t named = 0;
  sym_frame *fr = NULL;
  size_t frcap = 0;
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    if (l->nlines) continue;
    size_t n;
    const gotext_frame *gf = gotext_find(g, l->address, &n);
    if (!gf) {
      if (hidden[i] == HIDDEN_NONE) continue;
      sym_frame one = {hidden[i] == HIDDEN_GOEXIT ? "runtime.goexit" : "runtime.?", "", 0};
      symbolizer_set(&s, (uint32_t)i, &one, 1);
      continue;
    }
    XGROW(fr, frcap, n);
    for (size_t k = 0; k < n; k++) fr[k] = (sym_frame){gf[k].func, gf[k].file, gf[k].line};
    symbolizer_set(&s, (uint32_t)i, fr, n);
    named++;
  }
  free(fr), free(hidden);
  symbolizer_done(&s);
  return named;
}

/* ---- local binaries (pprof's doLocalSymbolize and newMapping) ---- */


bool symbolizer_unsymbolizable(const mapping *m) {
  const char *base = path_base_ptr(m->file);
  return base[0] == '[' || !strncmp(base, "linux-vdso", 10) || !strncmp(m->file, "/dev/dri/", 9);
}

/* addr2line's answer for one address: "??" and "??:0" mean nothing. */
typedef struct a2l_answer {
  char *func, *file;
  int64_t line;
} a2l_answer;

/* "file:line" or "file:line (discriminator N)" as pprof's addr2liner reads it. */
static void a2l_fileline(const char *s, a2l_answer *a) {
  char *t = xstrdup(s);
  char *d = strstr(t, " (discriminator");
  if (d) *d = 0;
  char *colon = strrchr(t, ':');
  int64_t line = 0;
  if (colon) {
    char *end;
    long long v = strtoll(colon + 1, &end, 10);
    if (*end == 0 && end != colon + 1) line = v, *colon = 0;
  }
  if (!strcmp(t, "??") || !*t) {
    free(t);
    return;
  }
  a->file = t, a->line = line;
}

static bool a2l_header(const char *l) {
  return l[0] == '0' && l[1] == 'x' && l[2] && strspn(l + 2, "0123456789abcdefABCDEF") == strlen(l + 2);
}

/*
 * `addr2line -a -i -f -e FILE` over addrs (binutils), as pprof's addr2liner
 * runs it: per address, its "0x..." line, then a function line and a
 * file:line line per frame, innermost first. Each address gets one answer,
 * the way go tool pprof's object tool names DWARF code: the function that
 * contains the address (the outermost frame) at the file and line of the
 * address itself (the innermost). False when addr2line cannot be run.
 */
static bool run_addr2line(const core_env *env, const char *file, const uint64_t *addrs, size_t n, a2l_answer *out) {
  strbuf in = STRBUF_INIT, o = STRBUF_INIT;
  for (size_t i = 0; i < n; i++) sb_printf(&in, "0x%llx\n", (unsigned long long)addrs[i]);
  const char *argv[] = {"addr2line", "-a", "-i", "-f", "-e", file, NULL};
  char *err = NULL;
  bool ok = proc_run(env, "addr2line", argv, &in, true, &o, &err);
  free(err);
  sb_free(&in);
  char **lines = NULL;
  size_t nl = 0, cap = 0;
  for (char *save = NULL, *l = ok && o.s ? strtok_r(o.s, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save)) {
    XGROW(lines, cap, nl + 1);
    lines[nl++] = l;
  }
  size_t at = 0;
  for (size_t k = 0; k < n && at < nl && a2l_header(lines[at]); k++) {
    at++;
    const char *func = NULL;
    bool first = true;
    for (; at + 1 < nl && !a2l_header(lines[at]); at += 2, first = false) {
      if (first) a2l_fileline(lines[at + 1], &out[k]);
      func = lines[at];
    }
    if (out[k].file || out[k].line) out[k].func = xstrdup(func && strcmp(func, "??") ? func : "");
  }
  free(lines);
  sb_free(&o);
  return ok;
}

/* Symbolize the locations of mapping mi from the object file f. */
static void symbolize_mapping(symbolizer *s, const core_env *env, size_t mi, const objfile *f) {
  profile *p = s->p;
  const mapping *m = &p->mappings[mi];
  uint64_t offset = 0, load;
  if (m->start != 0 && objfile_load_address(f, &load)) offset = m->start - load;
  uint64_t *addrs = NULL;
  uint32_t *locs = NULL;
  size_t n = 0, cap = 0, cap2 = 0;
  intern *in = profile_strings(p);
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    if (l->mapping != mi) continue; /* every one, as pprof: with force, named ones again */
    uint64_t addr = l->address - offset;
    const char *fn, *file;
    size_t fnl, filel;
    int64_t line;
    if (objfile_go_pc_line(f, addr, &fn, &fnl, &file, &filel, &line)) {
      sym_frame fr = {intern_n(in, fn, fnl), intern_n(in, file, filel), line};
      symbolizer_set(s, (uint32_t)i, &fr, 1);
      continue;
    }
    XGROW(addrs, cap, n + 1);
    XGROW(locs, cap2, n + 1);
    addrs[n] = addr, locs[n++] = (uint32_t)i;
  }
  if (n) { /* what the pcln table does not name (C code, a C binary): DWARF, through addr2line */
    a2l_answer *ans = xcalloc(n, sizeof *ans);
    if (run_addr2line(env, objfile_path(f), addrs, n, ans))
      for (size_t k = 0; k < n; k++)
        if (ans[k].func) {
          sym_frame fr = {ans[k].func ? ans[k].func : "", ans[k].file ? ans[k].file : "", ans[k].line};
          symbolizer_set(s, locs[k], &fr, 1);
        }
    for (size_t k = 0; k < n; k++) free(ans[k].func), free(ans[k].file);
    free(ans);
  }
  free(addrs), free(locs);
}

void symbolizer_local(profile *p, const core_env *env, bool force, symbolizer_msg_fn msg, void *ctx) {
  bool *used = xcalloc(p->nmappings + 1, sizeof *used), missing = false;
  for (size_t i = 0; i < p->nlocations; i++)
    if (p->locations[i].mapping < p->nmappings) used[p->locations[i].mapping] = true;
  symbolizer s;
  symbolizer_init(&s, p);
  for (size_t i = 0; i < p->nmappings; i++) {
    const mapping *mp = &p->mappings[i];
    if (!used[i] || (!force && (mp->has_functions || mp->has_filenames || mp->has_line_numbers))) continue;
    if (!*mp->file) {
      if (i == 0) msgf(msg, ctx, "Main binary filename not available.");
      else missing = true;
      continue;
    }
    if (symbolizer_unsymbolizable(mp)) continue;
    if (!*mp->build_id && strstr(mp->file, "://") && !strncasecmp(mp->file, "http", 4)) continue;
    const char *base = path_base_ptr(mp->file);
    char *name = *mp->build_id ? xasprintf("%s (build ID %s)", base, mp->build_id) : xstrdup(base);
    char *err = NULL;
    objfile *f = objfile_open(mp->file, &err);
    if (!f) {
      msgf(msg, ctx, "Local symbolization failed for %s: %s", name, err);
      missing = true;
    } else if (*mp->build_id && *objfile_build_id(f) && strcmp(objfile_build_id(f), mp->build_id) != 0) {
      msgf(msg, ctx, "Local symbolization failed for %s: build ID mismatch", name);
    } else {
      symbolize_mapping(&s, env, i, f);
    }
    objfile_close(f);
    free(err), free(name);
  }
  if (missing)
    msgf(msg, ctx, "Some binary filenames not available. Symbolization may be incomplete.\n"
                  "Try setting PPROF_BINARY_PATH to the search path for local binaries.");
  symbolizer_done(&s);
  free(used);
}

/* ---- finding binaries (pprof's locateBinaries) ---- */

static int str_order(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* filepath.Glob(dir/"*"): the entries of dir, sorted. */
static size_t dir_entries(const char *dir, char ***out) {
  *out = NULL;
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue; /* Go's Glob: "*" does not match a leading dot */
    XGROW(*out, cap, n + 1);
    (*out)[n++] = path_join(dir, e->d_name);
  }
  closedir(d);
  if (n) qsort(*out, n, sizeof **out, str_order);
  return n;
}

void symbolizer_locate(profile *p, const core_env *env, symbolizer_msg_fn msg, void *ctx) {
  char *search = NULL;
  if (CORE_ENV_STR(env, pprof_binary_path)) search = xstrdup(env->pprof_binary_path);
  else search = path_join(CORE_ENV_STR(env, home) ? env->home : "", "pprof/binaries");
  intern *in = profile_strings(p);
  for (size_t mi = 0; mi < p->nmappings; mi++) {
    mapping *m = &p->mappings[mi];
    char *base = *m->file ? path_base(m->file) : NULL;
    bool found = false;
    for (char *s = search; !found;) {
      char *colon = strchr(s, ':');
      char *dir = colon ? xstrndup(s, (size_t)(colon - s)) : xstrdup(s);
      char **names = NULL;
      size_t n = 0, cap = 0;
#define CAND(x)                     \
  do {                              \
    XGROW(names, cap, n + 1);       \
    names[n++] = (x);               \
  } while (0)
      if (*m->build_id) {
        char *bdir = path_join(dir, m->build_id);
        CAND(path_join(bdir, base ? base : ""));
        char **ents;
        size_t ne = dir_entries(bdir, &ents);
        for (size_t k = 0; k < ne; k++) CAND(ents[k]);
        free(ents);
        char *fdir = path_join(dir, m->file);
        CAND(path_join(fdir, m->build_id)); /* perf's layout */
        free(bdir), free(fdir);
      }
      if (*m->file) {
        if (base && *base) CAND(path_join(dir, base));
        CAND(path_join(dir, m->file));
      }
#undef CAND
      for (size_t k = 0; k < n && !found; k++) {
        char *err = NULL;
        objfile *f = objfile_open(names[k], &err);
        free(err);
        if (!f) continue;
        const char *fid = objfile_build_id(f);
        if (*m->build_id && strcmp(m->build_id, fid) != 0) {
          msgf(msg, ctx, "Ignoring local file %s: build-id mismatch (%s != %s)", names[k], m->build_id, fid);
        } else {
          m->file = intern_s(in, names[k]);
          found = true;
        }
        objfile_close(f);
      }
      for (size_t k = 0; k < n; k++) free(names[k]);
      free(names), free(dir);
      if (!colon) break;
      s = colon + 1;
    }
    free(base);
  }
  free(search);
}

/* ---- symbol servers (pprof's symbolz) ---- */

void symbolizer_sources_add(symbolizer_sources *s, profile *p, const char *url) {
  intern *in = profile_strings(p);
  for (size_t i = 0; i < p->nmappings; i++) {
    mapping *m = &p->mappings[i];
    const char *key = *m->build_id ? m->build_id : m->file;
    if (!*key) /* no build ID, no file: the source itself names the mapping until symbolized */
      key = m->file = intern_s(in, url);
    XGROW(s->items, s->cap, s->n + 1);
    s->items[s->n++] = (symbolizer_source){xstrdup(key), xstrdup(url), m->start};
  }
}

void symbolizer_sources_free(symbolizer_sources *s) {
  for (size_t i = 0; i < s->n; i++) free(s->items[i].key), free(s->items[i].url);
  free(s->items);
  memset(s, 0, sizeof *s);
}

void symbolizer_unsource(profile *p) {
  for (size_t i = 0; i < p->nmappings; i++) {
    mapping *m = &p->mappings[i];
    if (*m->build_id) continue;
    const char *c = strstr(m->file, "://"); /* url.Parse(...).IsAbs(): a scheme */
    if (c && c > m->file && strspn(m->file, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") ==
                                (size_t)(c - m->file))
      m->file = intern_s(profile_strings(p), "");
  }
}

/* pprof's symbolz(): the symbol URL of a profile URL, or NULL. Caller frees. */
static char *symbolz_url(const char *source) {
  const char *c = strstr(source, "://");
  if (!c) return NULL;
  const char *host = c + 3, *path = host + strcspn(host, "/?#");
  if (path == host) return NULL;
  size_t plen = strcspn(path, "?#");
  char *p = xstrndup(path, plen);
  bool gperf = false;
  static const char *const suffixes[] = {"/pprof/heap", "/pprof/growth", "/pprof/profile", "/pprof/pmuprofile",
                                         "/pprof/contention"};
  for (size_t i = 0; i < 5; i++) {
    size_t n = strlen(suffixes[i]);
    if (plen >= n && !strcmp(p + plen - n, suffixes[i])) gperf = true;
  }
  char *np;
  if (strstr(p, "/debug/pprof/") || gperf) {
    char *j = xasprintf("%s/../symbol", p);
    np = path_clean(j);
    free(j);
  } else {
    np = xstrdup("/symbolz");
  }
  char *u = xasprintf("%.*s%s", (int)(path - source), source, np);
  free(p), free(np);
  return u;
}

/* POST body to url; the response body in out. */
static bool post_url(const char *url, const char *body, const fetch_opts *fo, strbuf *out, char **err) {
  FILE *tf = tmpfile();
  if (!tf) {
    *err = xasprintf("http post %s: %s", url, strerror(errno));
    return false;
  }
  fetch_target t = {.url = (char *)url, .timeout_ms = 60000, .post = body};
  uint64_t n = 0;
  char *e = NULL;
  bool ok = fetch_to_fd(&t, fo, fileno(tf), &n, &e);
  if (!ok) {
    *err = xasprintf("http post %s", e); /* e starts with the URL */
    free(e);
    fclose(tf);
    return false;
  }
  rewind(tf);
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, tf)) > 0) sb_add(out, buf, k);
  fclose(tf);
  return true;
}

/* pprof's adjust: addr shifted by the signed offset, false on overflow. */
static bool adjust(uint64_t addr, int64_t offset, uint64_t *out) {
  uint64_t a = addr + (uint64_t)offset;
  if (offset < 0 ? a >= addr : a < addr) return false;
  *out = a;
  return true;
}

/* pprof's symbolizeMapping. */
static bool symbolz_mapping(symbolizer *s, const char *url, int64_t offset, size_t mi, const fetch_opts *fo,
                            char **err) {
  profile *p = s->p;
  strbuf q = STRBUF_INIT;
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    if (l->mapping != mi || l->address == 0 || l->nlines) continue;
    uint64_t a;
    if (!adjust(l->address, offset, &a)) {
      *err = xasprintf("cannot adjust address %llu by %lld, it would overflow (mapping %zu)",
                       (unsigned long long)l->address, (long long)offset, mi + 1);
      sb_free(&q);
      return false;
    }
    sb_printf(&q, "%s0x%llx", q.len ? "+" : "", (unsigned long long)a);
  }
  if (!q.len) return true;
  strbuf body = STRBUF_INIT;
  bool ok = post_url(url, q.s, fo, &body, err);
  sb_free(&q);
  if (!ok) return false;
  u64map names; /* address -> index into fnames */
  u64map_init(&names, 64);
  const char **fnames = NULL;
  size_t nn = 0, cap = 0;
  intern *in = profile_strings(p);
  const char *b = sb_str(&body);
  for (const char *nl; (nl = memchr(b, '\n', body.s + body.len - b)); b = nl + 1) {
    /* (0x[[:xdigit:]]+)\s+(.*) anywhere in the line; a last line without \n is dropped, as pprof drops it */
    const char *x = b;
    for (; x + 2 < nl; x++)
      if (x[0] == '0' && x[1] == 'x' && isxdigit((unsigned char)x[2])) break;
    if (x + 2 >= nl) continue;
    const char *h = x + 2, *he = h;
    while (he < nl && isxdigit((unsigned char)*he)) he++;
    const char *sp = he;
    while (sp < nl && strchr(" \t\r\f\v", *sp)) sp++;
    if (sp == he) continue; /* \s+ needs one */
    if (he - h > 16) {
      *err = xasprintf("unexpected parse failure %.*s: strconv.ParseUint: parsing \"%.*s\": value out of range",
                       (int)(he - x), x, (int)(he - x), x);
      ok = false;
      break;
    }
    uint64_t a = strtoull(h, NULL, 16), orig = a;
    if (!adjust(orig, -offset, &a)) {
      *err = xasprintf("cannot adjust symbolz address %llu by %lld, it would overflow", (unsigned long long)orig,
                       (long long)-offset);
      ok = false;
      break;
    }
    XGROW(fnames, cap, nn + 1);
    fnames[nn] = intern_n(in, sp, (size_t)(nl - sp));
    uint32_t k = u64map_get(&names, a);
    if (k == TPROF_NONE) u64map_put(&names, a, (uint32_t)nn);
    else fnames[k] = fnames[nn]; /* a later line for the same address wins, as in pprof's map */
    nn++;
  }
  if (ok)
    for (size_t i = 0; i < p->nlocations; i++) {
      const location *l = &p->locations[i];
      uint32_t k = l->mapping == mi ? u64map_get(&names, l->address) : TPROF_NONE;
      if (k == TPROF_NONE) continue;
      sym_frame fr = {fnames[k], "", 0};
      symbolizer_set(s, (uint32_t)i, &fr, 1);
    }
  free(fnames);
  u64map_free(&names);
  sb_free(&body);
  return ok;
}

bool symbolizer_remote(profile *p, bool force, const symbolizer_sources *src, const fetch_opts *fo, char **err) {
  symbolizer s;
  symbolizer_init(&s, p);
  bool ok = true;
  for (size_t mi = 0; mi < p->nmappings && ok; mi++) {
    mapping *m = &p->mappings[mi];
    if ((!force && m->has_functions) || symbolizer_unsymbolizable(m)) continue;
    for (int pass = 0; pass < 2 && ok; pass++) { /* sources by file, then by build ID */
      const char *key = pass == 0 ? m->file : m->build_id;
      if (pass == 1 && !*key) break;
      bool done = false;
      for (size_t i = 0; i < src->n && !done; i++) {
        if (strcmp(src->items[i].key, key) != 0) continue;
        char *symz = symbolz_url(src->items[i].url);
        if (!symz) continue;
        ok = symbolz_mapping(&s, symz, (int64_t)(src->items[i].start - m->start), mi, fo, err);
        free(symz);
        m = &p->mappings[mi];
        if (ok) m->has_functions = true, s.changed = true;
        done = true;
      }
      if (done) break;
    }
  }
  symbolizer_done(&s);
  return ok;
}
