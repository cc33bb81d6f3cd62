/*
 * fetch.h: profiles from live servers (net/http/pprof) over HTTP(S), with
 * libcurl: pprof's URL rules (host:port, https+insecure://, -seconds,
 * -timeout) and TLS client options. Pure transport: the body is written to
 * a file descriptor for the caller to decode; nothing is printed here
 * (progress goes to a callback).
 */
#ifndef TPROF_FETCH_H
#define TPROF_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tprof/util.h"

/* Bodies larger than this are refused unless TPROF_FETCH_LIMIT says otherwise. */
#define FETCH_DEFAULT_LIMIT (1ULL << 30)

typedef struct fetch_opts {
  int64_t seconds;  /* -seconds, -1 when not given */
  int64_t timeout;  /* -timeout, -1 when not given */
  const char *tls_cert, *tls_key, *tls_ca;
  uint64_t max_body; /* bytes; 0: FETCH_DEFAULT_LIMIT (main.c passes $TPROF_FETCH_LIMIT) */
  /* progress while waiting for a slow response (a line every few seconds);
   * may be NULL */
  void (*progress)(void *ctx, const char *msg);
  void *progress_ctx;
} fetch_opts;

/* What to fetch for a source, as pprof's adjustURL decides it. */
typedef struct fetch_target {
  char *url;           /* as pprof prints it: https+insecure:// kept, query re-encoded */
  int64_t duration_ms; /* -seconds, or the URL's own seconds=; 0 when neither */
  int64_t timeout_ms;  /* -timeout, else 1.5 x duration, else 60 s */
  const char *post;    /* NULL: GET; else POST this body (application/octet-stream, pprof's symbolz) */
} fetch_target;

/*
 * pprof's adjustURL: fill t (caller frees with fetch_target_free) and return
 * true when source is a URL (http://, https://, https+insecure://, or
 * host:port[/path], with host:port alone meaning /debug/pprof/profile);
 * return false when it is not (then it is a file).
 */
/* time.Duration(s) * time.Second as Go computes it: wrapped in two's
   complement, so a huge -seconds may come out <= 0 (no wait, as in pprof). */
int64_t fetch_duration_ns(int64_t seconds);
bool fetch_target_for(const char *source, const fetch_opts *o, fetch_target *t);
void fetch_target_free(fetch_target *t);

/*
 * GET t->url and write the body of a 200 response to fd (*nbytes bytes).
 * Waits up to timeout + 5 s for the response to start (pprof's
 * ResponseHeaderTimeout) and as long again for each pause in the body.
 * On error returns false and sets *err (caller frees) to a message that
 * names the URL and what went wrong: the HTTP status with the server's own
 * text, connection refused, a timeout, a TLS failure, a body over the limit.
 */
bool fetch_to_fd(const fetch_target *t, const fetch_opts *o, int fd, uint64_t *nbytes, char **err);
/* The same into fd (opened read-write, or -1 for none); when a write
 * fails (a full disk, no file), what was written moves to *mem and the
 * body goes on there: *spilled is then the write's errno (0 when nothing
 * moved) and *nbytes the length of *mem. */
bool fetch_to_fd_spill(const fetch_target *t, const fetch_opts *o, int fd, strbuf *mem, int *spilled,
                       uint64_t *nbytes, char **err);

/* The body size limit for o (see max_body). */
uint64_t fetch_body_limit(const fetch_opts *o);
/* A size as TPROF_FETCH_LIMIT gives it ("64M", "2g", "1000"); 0 when s is not one. */
uint64_t fetch_parse_limit(const char *s);
/* libcurl is loaded (dlopen) and set up by the first fetch, once per
 * process (src/core/curl_lazy.c); main.c calls this at exit to tear it
 * down when it was loaded. */
void fetch_global_cleanup(void);

#endif
