/*
 * curl_lazy.h: libcurl, loaded on first use (internal to src/core).
 *
 * Linking libcurl costs every tprof process its 27 shared libraries (TLS,
 * Kerberos, LDAP, SSH, RTMP...): 24 ms of start-up per run here against
 * 5 ms for all the others together (doc/design.md). Only URL sources need
 * it, so fetch.c reaches libcurl through this table, which dlopen() fills
 * the first time a URL is fetched. The declarations are curl.h's own
 * (typeof), so every call is type-checked as a direct call would be.
 */
#ifndef TPROF_CURL_LAZY_H
#define TPROF_CURL_LAZY_H

#include <curl/curl.h>

typedef struct curl_api {
  __typeof__(curl_global_init) *global_init;
  __typeof__(curl_global_cleanup) *global_cleanup;
  __typeof__(curl_easy_init) *easy_init;
  __typeof__(curl_easy_cleanup) *easy_cleanup;
  __typeof__((curl_easy_setopt)) *easy_setopt;
  __typeof__((curl_easy_getinfo)) *easy_getinfo;
  __typeof__(curl_easy_perform) *easy_perform;
  __typeof__(curl_easy_strerror) *easy_strerror;
  __typeof__(curl_free) *free;
  __typeof__(curl_slist_append) *slist_append;
  __typeof__(curl_slist_free_all) *slist_free_all;
  __typeof__(curl_url) *url;
  __typeof__(curl_url_cleanup) *url_cleanup;
  __typeof__(curl_url_get) *url_get;
  __typeof__(curl_url_set) *url_set;
} curl_api;

/* libcurl's functions, loaded and curl_global_init'ed once per process
 * (thread-safe); NULL with *err (caller frees) when it cannot be loaded. */
const curl_api *curl_api_get(char **err);
/* curl_global_cleanup, when libcurl was loaded. */
void curl_api_cleanup(void);

#endif
