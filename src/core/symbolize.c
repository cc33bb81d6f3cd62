/*
 * symbolize.c: pprof's -symbolize words and the demangling step of its
 * symbolizer (internal/symbolizer/symbolizer.go: Symbolize's mode loop,
 * Demangle, demangleSingleFunction, looksLikeDemangledCPlusPlus,
 * removeMatching). The demangler is libiberty's cplus_demangle; pprof's
 * options map onto it as follows:
 *
 *   NoParams          cplus_demangle without DMGL_PARAMS (no parameters,
 *                     no return type, no clone suffix, trailing text after
 *                     the encoding ignored, as pprof's demangler does)
 *   NoTemplateParams  the template argument lists removed from that
 *                     result with pprof's own removeMatching('<', '>')
 *   NoClones          DMGL_PARAMS, then the " [clone ...]" suffixes that
 *                     libiberty appends at the end removed
 *   (no options)      DMGL_PARAMS, clone suffixes kept
 *
 * Owns nothing beyond the strings it returns.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

#include "tprof/symbolize.h"

const char *const symbolize_words[] = {"none", "local", "fastlocal", "remote", "force", "demangle=default",
                                       "demangle=none", "demangle=full", "demangle=templates", NULL};

symbolize_mode symbolize_parse(const char *value, symbolize_msg_fn msg, void *ctx) {
  symbolize_mode m = {.local = true, .remote = true, .demangle = SYM_DEMANGLE_DEFAULT};
  char *low = xstrdup(value ? value : "");
  for (char *c = low; *c; c++) *c = (char)tolower((unsigned char)*c);
  /* strings.Split keeps empty words ("a::b"), and so does this loop */
  for (char *w = low, *end; w; w = end ? end + 1 : NULL) {
    end = strchr(w, ':');
    if (end) *end = '\0';
    const char *d = !strncmp(w, "demangle=", 9) ? w + 9 : w;
    if (!*w) {
      continue;
    } else if (!strcmp(w, "none") || !strcmp(w, "no")) {
      m.off = true;
      break;
    } else if (!strcmp(w, "local")) {
      m.remote = false, m.local = true;
    } else if (!strcmp(w, "fastlocal")) {
      m.remote = false, m.local = true, m.fast = true;
    } else if (!strcmp(w, "remote")) {
      m.remote = true, m.local = false;
    } else if (!strcmp(w, "force")) {
      m.force = true;
    } else if (!strcmp(d, "full") || !strcmp(d, "none") || !strcmp(d, "templates")) {
      /* pprof trims the prefix if there is one: -symbolize=full is demangle=full */
      m.demangle = !strcmp(d, "full") ? SYM_DEMANGLE_FULL : !strcmp(d, "none") ? SYM_DEMANGLE_NONE : SYM_DEMANGLE_TEMPLATES;
      m.force = true;
    } else if (strcmp(d, "default") != 0) {
      if (msg) {
        char *line = xasprintf("ignoring unrecognized symbolization option: %s", value);
        msg(ctx, line);
        free(line);
        msg(ctx, "expecting -symbolize=[local|fastlocal|remote|none][:force][:demangle=[none|full|templates|default]");
      }
    }
  }
  free(low);
  return m;
}

/* pprof's removeMatching: nested start..end pairs cut out of name (in
 * place); a closing one without an opening one stops it there. */
static void remove_matching(char *name, char start, char end) {
  size_t nesting = 0, first = 0;
  for (size_t cur = 0; name[cur]; cur++) {
    if (name[cur] == start) {
      if (nesting++ == 0) first = cur;
    } else if (name[cur] == end) {
      if (nesting == 0) return;
      if (--nesting == 0) {
        memmove(name + first, name + cur + 1, strlen(name + cur + 1) + 1);
        cur = first - 1; /* wraps when first is 0: cur++ brings it back */
      }
    }
  }
}

/* pprof's looksLikeDemangledCPlusPlus. */
static bool looks_like_demangled_cxx(const char *s) {
  if (strstr(s, ".<")) return false;  /* Java: "class.<init>" */
  if (strstr(s, "]).")) return false; /* Go: "pkg.(*T[...]).Method" */
  return strpbrk(s, "<>[]") || strstr(s, "::");
}

/* libiberty's " [clone .cold]" suffixes, which it prints last. */
static void strip_clones(char *s) {
  char *c = strstr(s, " [clone ");
  if (c) *c = '\0';
}

/* Without clone suffixes pprof's demangler stops at the end of the
 * encoding, where a parameter list ends ('E' or '.'), and ignores what
 * follows; libiberty with DMGL_PARAMS rejects the name. Try it without the
 * text after the last few such places. Caller frees; NULL if none works. */
static char *demangle_prefix(const char *name, int opts) {
  char *d = NULL, *cut = xstrdup(name);
  int tries = 0;
  for (size_t i = strlen(cut); i-- > 2 && !d && tries < 8;) {
    if (cut[i] != 'E' && cut[i] != '.') continue;
    cut[i] = '\0';
    d = cplus_demangle(cut, opts);
    tries++;
  }
  free(cut);
  return d;
}

/* The name demangled with pprof's options for mode, or NULL when it is
 * not a mangled name libiberty knows. Caller frees. */
static char *demangle(const char *name, symbolize_demangle mode) {
  int opts = DMGL_AUTO | DMGL_ANSI; /* AUTO: C++ (GNU v3) and Rust, nothing else */
  if (mode == SYM_DEMANGLE_FULL || mode == SYM_DEMANGLE_NONE) opts |= DMGL_PARAMS;
  char *d = cplus_demangle(name, opts);
  if (!d && mode == SYM_DEMANGLE_FULL) d = demangle_prefix(name, opts);
  if (!d) return NULL;
  if (mode == SYM_DEMANGLE_FULL) strip_clones(d);
  if (mode == SYM_DEMANGLE_DEFAULT) remove_matching(d, '<', '>');
  return d;
}

char *symbolize_demangle_name(const char *system_name, symbolize_demangle mode) {
  char *d = demangle(system_name, mode);
  if (d && strcmp(d, system_name) != 0) return d;
  free(d);
  /* Not demangled: maybe it already is, then simplify it as pprof does. */
  char *name = xstrdup(system_name);
  if (looks_like_demangled_cxx(name) && (mode == SYM_DEMANGLE_DEFAULT || mode == SYM_DEMANGLE_TEMPLATES)) {
    remove_matching(name, '(', ')');
    if (mode == SYM_DEMANGLE_DEFAULT) remove_matching(name, '<', '>');
  }
  return name;
}

void symbolize_demangle_profile(profile *p, bool force, symbolize_demangle mode) {
  for (size_t i = 0; i < p->nfunctions; i++) {
    function *f = &p->functions[i];
    if (force && *f->name && *f->system_name) f->name = f->system_name;
    if (*f->name && strcmp(f->system_name, f->name) != 0) continue; /* already demangled */
    char *n = symbolize_demangle_name(f->system_name, mode);
    if (strcmp(n, f->name) != 0) f->name = intern_s(&p->strs, n);
    free(n);
  }
  /* names only: the merge's per-function sums (p->lw) still hold */
  bool lw_valid = p->lw && p->lw->serial == p->serial;
  profile_touch(p);
  if (lw_valid) p->lw->serial = p->serial;
}
