/*
 * curl_lazy.c: libcurl loaded with dlopen() on the first fetch (see
 * curl_lazy.h for why). Owns the process-wide table of its functions.
 */
#include "curl_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "tprof/util.h"

#ifndef TPROF_LIBCURL
#define TPROF_LIBCURL "libcurl.so.4"
#endif

/* Process-wide by nature, as the library dlopen() maps is: written once
 * under pthread_once, read-only after (tests/unit/static-data.allow). */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static curl_api curl_table;
static char curl_error[256];

static void curl_load(void) {
  void *so = dlopen(TPROF_LIBCURL, RTLD_NOW | RTLD_LOCAL);
  if (!so) {
    snprintf(curl_error, sizeof curl_error, "cannot load libcurl: %s", dlerror());
    return;
  }
  curl_api a;
  struct {
    void **slot;
    const char *name;
  } syms[] = {
#define SYM(field, name) {(void **)&a.field, #name}
      SYM(global_init, curl_global_init),     SYM(global_cleanup, curl_global_cleanup),
      SYM(easy_init, curl_easy_init),         SYM(easy_cleanup, curl_easy_cleanup),
      SYM(easy_setopt, curl_easy_setopt),     SYM(easy_getinfo, curl_easy_getinfo),
      SYM(easy_perform, curl_easy_perform),   SYM(easy_strerror, curl_easy_strerror),
      SYM(free, curl_free),                   SYM(slist_append, curl_slist_append),
      SYM(slist_free_all, curl_slist_free_all), SYM(url, curl_url),
      SYM(url_cleanup, curl_url_cleanup),     SYM(url_get, curl_url_get),
      SYM(url_set, curl_url_set),
#undef SYM
  };
  for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
    *syms[i].slot = dlsym(so, syms[i].name);
    if (!*syms[i].slot) {
      snprintf(curl_error, sizeof curl_error, "cannot load libcurl: %s has no %s", TPROF_LIBCURL, syms[i].name);
      dlclose(so);
      return;
    }
  }
  if (a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(curl_error, sizeof curl_error, "cannot initialise libcurl");
    return; /* left loaded: libcurl may hold what it half set up */
  }
  curl_table = a;
}

const curl_api *curl_api_get(char **err) {
  pthread_once(&curl_once, curl_load);
  if (curl_table.easy_init) return &curl_table;
  if (err) *err = xstrdup(curl_error);
  return NULL;
}

void curl_api_cleanup(void) {
  /* only when some fetch loaded it: the once has run, so no race */
  if (curl_table.global_cleanup) curl_table.global_cleanup();
}
