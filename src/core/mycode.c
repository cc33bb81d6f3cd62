/*
 * mycode.c: the mycode option's rules (tprof/mycode.h). Go names a
 * function by its package's import path, a dot, and the name in the
 * package ("net/http.(*conn).serve", "github.com/x/y.F"); cmd/go counts a
 * package as standard when the first element of its path has no dot. The
 * hide pass itself is view.c's (view_apply_focus).
 */
#include "tprof/mycode.h"

#include <stdlib.h>
#include <string.h>

size_t mycode_package(const char *name) {
  size_t end = strcspn(name, "([ "); /* receivers and type arguments hold dots and slashes of their own */
  size_t from = 0;
  for (size_t i = 0; i < end; i++)
    if (name[i] == '/') from = i + 1;
  const char *dot = memchr(name + from, '.', end - from);
  if (!dot || dot == name + from) return 0;
  return (size_t)(dot - name);
}

bool mycode_is_std(const char *name, const char *file) {
  size_t n = mycode_package(name);
  if (n == 0) {
    size_t fl = file ? strlen(file) : 0;
    return fl > 2 && !strcmp(file + fl - 2, ".s");
  }
  if (n == 4 && !strncmp(name, "main", 4)) return false;
  size_t first = strcspn(name, "/");
  if (first > n) first = n;
  return memchr(name, '.', first) == NULL;
}

bool mycode_in_module(const char *name, const char *module) {
  size_t n = mycode_package(name), m = strlen(module);
  if (n == 4 && !strncmp(name, "main", 4)) return true;
  return n >= m && m > 0 && !strncmp(name, module, m) && (n == m || name[m] == '/');
}

/* The directory of a file name (its length: up to the last '/'). */
static size_t dir_len(const char *f) {
  const char *s = strrchr(f, '/');
  return s ? (size_t)(s - f) : 0;
}

/* The common leading path elements of a[0..an) and b[0..bn): its length. */
static size_t common_dir(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, last = 0;
  while (i < an && i < bn && a[i] == b[i]) {
    i++;
    if (a[i - 1] == '/') last = i - 1;
  }
  if ((i == an || a[i] == '/') && (i == bn || b[i] == '/')) last = i;
  return last;
}

typedef struct cand {
  char *module;
  size_t votes;
} cand;

char *mycode_guess_module(const profile *p) {
  const char *mainf = NULL;
  for (size_t i = 0; i < p->nfunctions && !mainf; i++) {
    const function *f = &p->functions[i];
    if (!strncmp(f->name, "main.", 5) && f->filename && strchr(f->filename, '/')) mainf = f->filename;
  }
  if (!mainf) return NULL;
  size_t md = dir_len(mainf);
  cand *c = NULL;
  size_t nc = 0, cap = 0;
  for (size_t i = 0; i < p->nfunctions; i++) {
    const function *f = &p->functions[i];
    size_t pn = mycode_package(f->name);
    if (!pn || !f->filename || mycode_is_std(f->name, f->filename) || (pn == 4 && !strncmp(f->name, "main", 4)))
      continue;
    size_t fd = dir_len(f->filename);
    size_t root = common_dir(mainf, md, f->filename, fd);
    if (root == 0) continue;
    /* the rest of the file's directory under the root ends the package path */
    const char *rest = f->filename + root;
    size_t rn = fd - root; /* "" or "/internal/cart" */
    if (rn > pn || strncmp(f->name + pn - rn, rest, rn)) continue;
    size_t mn = pn - rn;
    size_t first = strcspn(f->name, "/");
    if (first > mn) first = mn;
    if (!mn || !memchr(f->name, '.', first)) continue; /* a module path starts with a host name */
    size_t k = 0;
    while (k < nc && (strlen(c[k].module) != mn || strncmp(c[k].module, f->name, mn))) k++;
    if (k == nc) {
      XGROW(c, cap, nc + 1);
      c[nc++] = (cand){xstrndup(f->name, mn), 0};
    }
    c[k].votes++;
  }
  char *best = NULL;
  size_t bv = 0;
  for (size_t k = 0; k < nc; k++) {
    if (c[k].votes > bv || (c[k].votes == bv && best && strlen(c[k].module) < strlen(best))) {
      best = c[k].module, bv = c[k].votes;
    }
  }
  for (size_t k = 0; k < nc; k++)
    if (c[k].module != best) free(c[k].module);
  free(c);
  return best;
}

char *mycode_module(const profile *p, const config *cfg) {
  if (!cfg->mycode) return NULL;
  if (cfg->module && *cfg->module) return xstrdup(cfg->module);
  return mycode_guess_module(p);
}
