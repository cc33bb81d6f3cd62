/*
 * fetch.h: profiles from live servers (net/http/pprof) over HTTP(S), with
 * libcurl: pprof's URL rules (host:port, https+insecure://, -seconds,
 * -timeout) and TLS client options. Pure transport: the body comes back as
 * bytes for the decoder.
 */
#ifndef TPROF_FETCH_H
#define TPROF_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tprof/util.h"

typedef struct fetch_opts {
  int64_t seconds;  /* -seconds, -1 when not given */
  int64_t timeout;  /* -timeout, -1 when not given */
  const char *tls_cert, *tls_key, *tls_ca;
  /* progress while waiting (e.g. "Please wait..."); may be NULL */
  void (*progress)(void *ctx, const char *msg);
  void *progress_ctx;
} fetch_opts;

/*
 * pprof's adjustURL: the URL to fetch for a source and the timeout to use,
 * or NULL when the source is not a URL (then it is a file). Caller frees.
 */
char *fetch_adjust_url(const char *source, const fetch_opts *o, int64_t *timeout_seconds);

/*
 * Fetch url into body. On error returns false and sets *err to a message
 * naming the URL and what went wrong (HTTP status and the server's text,
 * connection refused, timeout).
 */
bool fetch_url(const char *url, int64_t timeout_seconds, const fetch_opts *o, strbuf *body, char **err);

#endif
