/*
 * fetch.c: HTTP(S) profile sources through libcurl.
 *
 * Two halves. The first is pprof's adjustURL (cmd/pprof/pprof.go) over the
 * part of Go's net/url it relies on: which sources are URLs, the default
 * /debug/pprof/profile path, the seconds= query parameter, the timeout, and
 * the URL as pprof prints it (query keys sorted and re-escaped). The second
 * is the transfer: one GET, redirects followed as Go's client does, the
 * body streamed to a file descriptor under a size limit, pprof's error for
 * a status other than 200 (with the server's text), and a watchdog that
 * gives up when the server says nothing for timeout + 5 s. libcurl does not
 * decode a Content-Encoding: gzip body: the gzip stream itself is kept (it
 * is a .pb.gz), so that tprof's own inflater and its limits read it; only
 * a gzip stream whose content is gzip again (a .pb.gz sent compressed) is
 * decoded here, once, under the size limit.
 *
 * Owns nothing beyond a call: the curl handle lives for one fetch.
 */
#include "tprof/fetch.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "curl_lazy.h"
#include "tprof/gofmt.h"

/* ---- Go's net/url, the part adjustURL uses ---- */

typedef enum esc_mode { ESC_PATH, ESC_HOST, ESC_QUERY } esc_mode;

/* net/url's shouldEscape for the three modes tprof needs. */
static bool should_escape(unsigned char c, esc_mode mode) {
  if (isalnum(c) && c < 0x80) return false;
  if (mode == ESC_HOST && strchr("!$&'()*+,;=:[]<>\"", c) && c) return false;
  if (c && strchr("-_.~", c)) return false;
  if (c && strchr("$&+,/:;=?@", c)) {
    if (mode == ESC_PATH) return c == '?';
    if (mode == ESC_QUERY) return true;
  }
  return true;
}

static int unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* net/url's unescape: false on a bad escape or, for hosts, a bad character. */
static bool url_unescape(const char *s, size_t n, esc_mode mode, strbuf *out) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%') {
      if (i + 2 >= n || unhex(s[i + 1]) < 0 || unhex(s[i + 2]) < 0) return false;
      if (mode == ESC_HOST && unhex(s[i + 1]) < 8 && strncmp(s + i, "%25", 3)) return false;
      sb_addc(out, (char)(unhex(s[i + 1]) << 4 | unhex(s[i + 2])));
      i += 2;
    } else if (c == '+' && mode == ESC_QUERY) {
      sb_addc(out, ' ');
    } else {
      if (mode == ESC_HOST && c < 0x80 && should_escape(c, mode)) return false;
      sb_addc(out, (char)c);
    }
  }
  return true;
}

static void url_escape(const char *s, size_t n, esc_mode mode, strbuf *out) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' && mode == ESC_QUERY)
      sb_addc(out, '+');
    else if (should_escape(c, mode))
      sb_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
    else
      sb_addc(out, (char)c);
  }
}

/* ":digits" or empty. */
static bool valid_optional_port(const char *p, size_t n) {
  if (n == 0) return true;
  if (p[0] != ':') return false;
  for (size_t i = 1; i < n; i++)
    if (p[i] < '0' || p[i] > '9') return false;
  return true;
}

typedef struct gourl {
  char *scheme;   /* lower case; "" when none */
  char *userinfo; /* as written, or NULL */
  char *host;     /* as written; "" when none */
  char *path;     /* as written (escaped) */
  char *query;    /* raw query, without '?' */
  bool force_query;
  char *fragment; /* as written, or NULL */
} gourl;

static void gourl_free(gourl *u) {
  free(u->scheme), free(u->userinfo), free(u->host), free(u->path), free(u->query), free(u->fragment);
  memset(u, 0, sizeof *u);
}

/* Go's url.Parse, keeping the parts as written. False where Go returns an error. */
static bool gourl_parse(const char *raw, gourl *u) {
  memset(u, 0, sizeof *u);
  const char *hash = strchr(raw, '#');
  size_t n = hash ? (size_t)(hash - raw) : strlen(raw);
  for (const char *p = raw; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) return false;
  char *s = xstrndup(raw, n);
  bool ok = false;
  /* getScheme */
  const char *rest = s;
  size_t i = 0;
  for (; s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalpha(c)) continue;
    if (isdigit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) goto done; /* missing protocol scheme */
      u->scheme = xstrndup(s, i);
      for (char *p = u->scheme; *p; p++) *p = (char)tolower((unsigned char)*p);
      rest = s + i + 1;
    }
    break;
  }
  if (!u->scheme) u->scheme = xstrdup("");
  char *r = xstrdup(rest);
  char *q = strchr(r, '?');
  if (q && !q[1]) { /* a lone trailing '?' */
    u->force_query = true;
    *q = 0;
  } else if (q) {
    *q = 0;
    u->query = xstrdup(q + 1);
  }
  if (!u->query) u->query = xstrdup("");
  if (r[0] != '/') {
    if (*u->scheme) { /* opaque: no host */
      u->host = xstrdup("");
      u->path = xstrdup("");
      free(r);
      ok = true;
      goto done;
    }
    size_t seg = strcspn(r, "/");
    if (memchr(r, ':', seg)) { /* first path segment in URL cannot contain colon */
      free(r);
      goto done;
    }
  }
  const char *path = r;
  if (!strncmp(r, "//", 2) && (*u->scheme || strncmp(r, "///", 3))) {
    const char *auth = r + 2;
    size_t an = strcspn(auth, "/");
    path = auth + an;
    const char *at = NULL;
    for (size_t k = 0; k < an; k++)
      if (auth[k] == '@') at = auth + k;
    const char *h = at ? at + 1 : auth;
    size_t hn = (size_t)(auth + an - h);
    if (hn && h[0] == '[') {
      const char *close = NULL;
      for (size_t k = 0; k < hn; k++)
        if (h[k] == ']') close = h + k;
      if (!close || !valid_optional_port(close + 1, (size_t)(h + hn - close - 1))) {
        free(r);
        goto done;
      }
    } else {
      const char *colon = NULL;
      for (size_t k = 0; k < hn; k++)
        if (h[k] == ':') colon = h + k;
      if (colon && !valid_optional_port(colon, (size_t)(h + hn - colon))) {
        free(r);
        goto done;
      }
    }
    strbuf tmp = STRBUF_INIT;
    bool hok = url_unescape(h, hn, ESC_HOST, &tmp);
    sb_free(&tmp);
    if (!hok) {
      free(r);
      goto done;
    }
    u->host = xstrndup(h, hn);
    if (at) u->userinfo = xstrndup(auth, (size_t)(at - auth));
  }
  if (!u->host) u->host = xstrdup("");
  strbuf tmp = STRBUF_INIT;
  bool pok = url_unescape(path, strlen(path), ESC_PATH, &tmp);
  sb_free(&tmp);
  if (!pok) {
    free(r);
    goto done;
  }
  u->path = xstrdup(path);
  free(r);
  if (hash && hash[1]) u->fragment = xstrdup(hash + 1);
  ok = true;
done:
  free(s);
  if (!ok) gourl_free(u);
  return ok;
}

/* URL.EscapedPath: the path as written when it is validly escaped, else re-escaped. */
static void escaped_path(const char *raw, strbuf *out) {
  bool valid = true;
  for (const char *p = raw; *p && valid; p++)
    if (!strchr("!$&'()*+,;=:@[]%", *p) && should_escape((unsigned char)*p, ESC_PATH)) valid = false;
  if (valid) {
    sb_adds(out, raw);
    return;
  }
  strbuf dec = STRBUF_INIT;
  url_unescape(raw, strlen(raw), ESC_PATH, &dec);
  url_escape(sb_str(&dec), dec.len, ESC_PATH, out);
  sb_free(&dec);
}

typedef struct qpair {
  char *key, *value;
} qpair;

static int qpair_cmp(const void *a, const void *b) {
  const qpair *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) return c;
  return x < y ? -1 : x > y; /* stable: values keep their order */
}

/* url.ParseQuery (bad pairs skipped, as URL.Query does). */
static size_t parse_query(const char *q, qpair **out) {
  size_t n = 0, cap = 0;
  *out = NULL;
  while (*q) {
    size_t len = strcspn(q, "&");
    const char *pair = q;
    q += len;
    if (*q) q++;
    if (len == 0 || memchr(pair, ';', len)) continue;
    const char *eq = memchr(pair, '=', len);
    size_t kn = eq ? (size_t)(eq - pair) : len;
    strbuf k = STRBUF_INIT, v = STRBUF_INIT;
    if (!url_unescape(pair, kn, ESC_QUERY, &k) ||
        (eq && !url_unescape(eq + 1, len - kn - 1, ESC_QUERY, &v))) {
      sb_free(&k), sb_free(&v);
      continue;
    }
    XGROW(*out, cap, n + 1);
    (*out)[n++] = (qpair){sb_steal(&k), sb_steal(&v)};
  }
  return n;
}

int64_t fetch_duration_ns(int64_t s) {
  uint64_t ns = (uint64_t)s * UINT64_C(1000000000);
  return ns > (uint64_t)INT64_MAX ? -(int64_t)(~ns) - 1 : (int64_t)ns;
}

/* Whole seconds of that duration, as int(duration.Seconds()); -1 when <= 0 */
static int64_t go_seconds(int64_t s) {
  int64_t d = fetch_duration_ns(s);
  return d > 0 ? d / 1000000000 : d < 0 ? -1 : 0;
}

bool fetch_target_for(const char *source, const fetch_opts *o, fetch_target *t) {
  memset(t, 0, sizeof *t);
  gourl u;
  bool ok = gourl_parse(source, &u);
  if (!ok || (!*u.host && *u.scheme && strcmp(u.scheme, "file"))) {
    /* url.Parse takes "hostname" of hostname:port/path for a scheme */
    if (ok) gourl_free(&u);
    char *h = xasprintf("http://%s", source);
    ok = gourl_parse(h, &u);
    free(h);
  }
  if (!ok) return false;
  if (!*u.host) {
    gourl_free(&u);
    return false;
  }
  if (!*u.path || !strcmp(u.path, "/")) {
    free(u.path);
    u.path = xstrdup("/debug/pprof/profile");
  }
  qpair *qs;
  size_t nq = parse_query(u.query, &qs);
  /* time.Duration(s.Seconds)*time.Second wraps in Go: a -seconds past
     9223372036 s becomes what the wrapped product says (often <= 0: none) */
  int64_t duration_s = go_seconds(o->seconds);
  if (duration_s > 0) {
    size_t w = 0;
    for (size_t i = 0; i < nq; i++) {
      if (!strcmp(qs[i].key, "seconds")) {
        free(qs[i].key), free(qs[i].value);
        continue;
      }
      qs[w++] = qs[i];
    }
    nq = w;
    qs = xreallocarray(qs, nq + 1, sizeof *qs);
    qs[nq++] = (qpair){xstrdup("seconds"), xasprintf("%lld", (long long)duration_s)};
  } else {
    for (size_t i = 0; i < nq; i++) {
      int64_t us;
      if (!strcmp(qs[i].key, "seconds")) {
        if (go_atoi(qs[i].value, 32, &us)) duration_s = us;
        break;
      }
    }
  }
  if (nq) qsort(qs, nq, sizeof *qs, qpair_cmp); /* qs may be NULL when nq is 0 */
  strbuf url = STRBUF_INIT;
  sb_printf(&url, "%s://", *u.scheme ? u.scheme : "http");
  if (u.userinfo) sb_printf(&url, "%s@", u.userinfo);
  sb_adds(&url, u.host);
  escaped_path(u.path, &url);
  for (size_t i = 0; i < nq; i++) {
    sb_addc(&url, i ? '&' : '?');
    url_escape(qs[i].key, strlen(qs[i].key), ESC_QUERY, &url);
    sb_addc(&url, '=');
    url_escape(qs[i].value, strlen(qs[i].value), ESC_QUERY, &url);
    free(qs[i].key), free(qs[i].value);
  }
  free(qs);
  if (nq == 0 && u.force_query) sb_addc(&url, '?');
  if (u.fragment) sb_printf(&url, "#%s", u.fragment);
  gourl_free(&u);
  t->url = sb_steal(&url);
  t->duration_ms = duration_s > 0 ? duration_s * 1000 : 0;
  int64_t timeout_s = go_seconds(o->timeout);
  if (timeout_s > 0)
    t->timeout_ms = timeout_s * 1000;
  else
    t->timeout_ms = t->duration_ms > 0 ? t->duration_ms + t->duration_ms / 2 : 60000;
  return true;
}

void fetch_target_free(fetch_target *t) {
  free(t->url);
  memset(t, 0, sizeof *t);
}

/* ---- the transfer ---- */

#define GRACE_MS 5000        /* pprof adds 5 s to the timeout */
#define PROGRESS_EVERY_MS 5000
#define ERROR_BODY_MAX 4096  /* of a non-200 response, kept for the message */

uint64_t fetch_parse_limit(const char *e) {
  if (!e || !*e) return 0;
  char *end;
  unsigned long long v = strtoull(e, &end, 10);
  unsigned long long mul = 1;
  if (*end == 'k' || *end == 'K') mul = 1ULL << 10, end++;
  else if (*end == 'm' || *end == 'M') mul = 1ULL << 20, end++;
  else if (*end == 'g' || *end == 'G') mul = 1ULL << 30, end++;
  if (*end == 'b' || *end == 'B') end++;
  return !*end && end != e && v > 0 && v <= UINT64_MAX / mul ? v * mul : 0;
}

uint64_t fetch_body_limit(const fetch_opts *o) { return o && o->max_body ? o->max_body : FETCH_DEFAULT_LIMIT; }


void fetch_global_cleanup(void) { curl_api_cleanup(); }

typedef struct xfer {
  const fetch_target *t;
  const fetch_opts *o;
  int fd;
  uint64_t limit, received;
  long status;        /* of the latest response */
  strbuf status_text; /* "404 Not Found" */
  bool text_plain, headers_done;
  strbuf err_body;    /* start of a non-200 body */
  bool err_body_full, too_big, timed_out;
  int write_errno;
  strbuf *mem;         /* a failed write moves the body here (fetch_to_fd_spill), or NULL */
  int spilled;         /* the errno that made it move, 0 if it did not */
  bool gzip_ce;        /* the 200 response says Content-Encoding: gzip */
  int ce_mode;         /* CE_PEEK, CE_RAW, CE_DECODED */
  bool z_live;         /* z initialised */
  z_stream z;
  strbuf ce_raw, ce_dec; /* while peeking: the body so far, its decoded start */
  int64_t start_ms, last_ms, next_progress_ms;
} xfer;

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool header_is(const char *line, size_t n, const char *name, const char **value, size_t *vn) {
  size_t k = strlen(name);
  if (n <= k || strncasecmp(line, name, k) || line[k] != ':') return false;
  const char *v = line + k + 1, *e = line + n;
  while (v < e && (*v == ' ' || *v == '\t')) v++;
  while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t')) e--;
  *value = v, *vn = (size_t)(e - v);
  return true;
}

/* http.StatusText for the statuses a status line may leave without a reason. */
static const char *status_text(long code) {
  static const struct {
    long code;
    const char *text;
  } t[] = {{200, "OK"}, {301, "Moved Permanently"}, {302, "Found"}, {400, "Bad Request"},
           {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"}, {405, "Method Not Allowed"},
           {408, "Request Timeout"}, {429, "Too Many Requests"}, {500, "Internal Server Error"},
           {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Timeout"}};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    if (t[i].code == code) return t[i].text;
  return "";
}

static size_t on_header(char *line, size_t size, size_t nitems, void *ctx) {
  xfer *x = ctx;
  size_t n = size * nitems;
  x->last_ms = now_ms();
  const char *v;
  size_t vn;
  if (n >= 5 && !strncmp(line, "HTTP/", 5)) {
    /* a new response (after a redirect or a 100 Continue) */
    const char *sp = memchr(line, ' ', n);
    size_t rest = sp ? n - (size_t)(sp - line) : 0;
    while (rest && (*sp == ' ')) sp++, rest--;
    while (rest && (sp[rest - 1] == '\r' || sp[rest - 1] == '\n' || sp[rest - 1] == ' ')) rest--;
    sb_reset(&x->status_text);
    x->gzip_ce = false;
    if (sp) sb_add(&x->status_text, sp, rest);
    x->status = sp ? strtol(sp, NULL, 10) : 0;
    if (x->status_text.len <= 3 && *status_text(x->status)) sb_printf(&x->status_text, " %s", status_text(x->status));
    x->text_plain = x->headers_done = false;
  } else if (header_is(line, n, "Content-Type", &v, &vn)) {
    char *ct = xstrndup(v, vn);
    x->text_plain = strstr(ct, "text/plain") != NULL;
    free(ct);
  } else if (header_is(line, n, "Content-Encoding", &v, &vn)) {
    x->gzip_ce = vn == 4 && !strncasecmp(v, "gzip", 4);
  } else if (header_is(line, n, "Content-Length", &v, &vn) && x->status == 200) {
    char *cl = xstrndup(v, vn);
    unsigned long long len = strtoull(cl, NULL, 10);
    free(cl);
    if (len > x->limit) {
      x->too_big = true;
      return 0; /* refuse before the body */
    }
  } else if ((n == 2 && line[0] == '\r') || (n == 1 && line[0] == '\n')) {
    x->headers_done = true;
  }
  return n;
}

/* Move the body written so far (have bytes) from x->fd to memory and go on
 * there: the save directory is full (or failing, or there is none), and
 * what was fetched must not be lost. */
static bool spill(xfer *x, uint64_t have) {
  char buf[65536];
  for (uint64_t at = 0; at < have;) {
    ssize_t k = pread(x->fd, buf, have - at < sizeof buf ? (size_t)(have - at) : sizeof buf, (off_t)at);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      sb_reset(x->mem);
      return false;
    }
    sb_add(x->mem, buf, (size_t)k);
    at += (uint64_t)k;
  }
  return true;
}

/* n bytes of the body to the file, under the limit */
static bool put(xfer *x, const void *data, size_t n) {
  if (x->received + n > x->limit) {
    x->too_big = true;
    return false;
  }
  if (x->spilled) { /* in memory now */
    sb_add(x->mem, data, n);
    x->received += n;
    return true;
  }
  for (size_t off = 0; off < n;) {
    ssize_t k = write(x->fd, (const char *)data + off, n - off);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      int e = k < 0 ? errno : ENOSPC;
      if (x->mem && spill(x, x->received + off)) {
        x->spilled = e;
        sb_add(x->mem, (const char *)data + off, n - off);
        break;
      }
      x->write_errno = e;
      return false;
    }
    off += (size_t)k;
  }
  x->received += n;
  return true;
}

enum { CE_PEEK, CE_RAW, CE_DECODED };

/* The body as received, with what came while peeking. */
static bool ce_keep_raw(xfer *x) {
  x->ce_mode = CE_RAW;
  bool ok = put(x, x->ce_raw.s, x->ce_raw.len);
  sb_free(&x->ce_raw), sb_free(&x->ce_dec);
  return ok;
}

/* A Content-Encoding: gzip body. Its first decoded bytes decide: gzip
 * again (a .pb.gz the server compressed once more) is decoded here, as Go's
 * transport would, and written under the limit; anything else (a raw
 * profile, a bomb, garbage) is kept compressed as it came, and tprof's own
 * inflater reads it later with its limits. */
static bool ce_put(xfer *x, const char *data, size_t n) {
  if (x->ce_mode == CE_RAW) return put(x, data, n);
  if (!x->z_live) {
    memset(&x->z, 0, sizeof x->z);
    if (inflateInit2(&x->z, 16 + MAX_WBITS) != Z_OK) xfatal("out of memory");
    x->z_live = true;
  }
  if (x->ce_mode == CE_PEEK) sb_add(&x->ce_raw, data, n);
  unsigned char out[16384];
  x->z.next_in = (unsigned char *)data;
  x->z.avail_in = (uInt)n;
  while (x->z.avail_in) {
    x->z.next_out = out;
    x->z.avail_out = sizeof out;
    int r = inflate(&x->z, Z_NO_FLUSH);
    size_t got = sizeof out - x->z.avail_out;
    if (r != Z_OK && r != Z_STREAM_END && !(r == Z_BUF_ERROR && got)) {
      /* not gzip after all: keep the bytes; the decoder names the damage */
      if (x->ce_mode == CE_PEEK) return ce_keep_raw(x);
      x->write_errno = EILSEQ;
      return false;
    }
    if (x->ce_mode == CE_PEEK) {
      sb_add(&x->ce_dec, out, got < 2 ? got : 2);
      if (x->ce_dec.len >= 2) {
        if (memcmp(x->ce_dec.s, "\x1f\x8b", 2)) return ce_keep_raw(x);
        x->ce_mode = CE_DECODED;
        sb_free(&x->ce_raw), sb_free(&x->ce_dec);
      }
    }
    if (x->ce_mode == CE_DECODED && !put(x, out, got)) return false;
    if (r == Z_STREAM_END) {
      if (inflateReset(&x->z) != Z_OK) return false; /* another member may follow, as Go reads it */
    } else if (!got && r == Z_BUF_ERROR) {
      break;
    }
  }
  return true;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx) {
  xfer *x = ctx;
  size_t n = size * nmemb;
  x->last_ms = now_ms();
  if (x->status >= 300 && x->status < 400) return n; /* a redirect's own body */
  if (x->status != 200) {
    size_t room = ERROR_BODY_MAX - x->err_body.len;
    sb_add(&x->err_body, data, n < room ? n : room);
    if (n >= room) {
      x->err_body_full = true;
      return 0; /* enough for the message: stop here */
    }
    return n;
  }
  return (x->gzip_ce ? ce_put(x, data, n) : put(x, data, n)) ? n : 0;
}

static void say_duration(strbuf *sb, int64_t ms) { go_duration_string(sb, ms * 1000000); }

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
  (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
  xfer *x = ctx;
  int64_t now = now_ms(), limit = x->t->timeout_ms + GRACE_MS;
  if (now - x->last_ms > limit) {
    x->timed_out = true;
    return 1;
  }
  if (x->o->progress && !x->headers_done && now - x->start_ms >= x->next_progress_ms) {
    int64_t waited = (now - x->start_ms) / 1000 * 1000;
    strbuf sb = STRBUF_INIT;
    if (x->t->duration_ms > 0 && waited < x->t->duration_ms) {
      sb_adds(&sb, "Collecting the profile: ");
      say_duration(&sb, waited);
      sb_adds(&sb, " of ");
      say_duration(&sb, x->t->duration_ms);
    } else {
      sb_adds(&sb, "Waiting for the server: ");
      say_duration(&sb, waited);
      sb_adds(&sb, " (gives up after ");
      say_duration(&sb, limit);
      sb_adds(&sb, ")");
    }
    x->o->progress(x->o->progress_ctx, sb_str(&sb));
    sb_free(&sb);
    x->next_progress_ms += PROGRESS_EVERY_MS;
  }
  return 0;
}

/* The server's text for the message: one line, printable, short. */
static void add_server_text(strbuf *msg, const strbuf *body) {
  const char *s = sb_str(body);
  size_t n = body->len;
  while (n && isspace((unsigned char)s[n - 1])) n--;
  while (n && isspace((unsigned char)*s)) s++, n--;
  if (!n) return;
  sb_adds(msg, " - ");
  size_t max = 300;
  for (size_t i = 0; i < n && i < max; i++) {
    unsigned char c = (unsigned char)s[i];
    sb_addc(msg, c == '\n' || c == '\t' || c == '\r' ? ' ' : c < 0x20 || c == 0x7f ? '?' : (char)c);
  }
  if (n > max) sb_adds(msg, "...");
}

static bool readable(const char *path, const char *what, char **err) {
  FILE *f = fopen(path, "r");
  if (f) {
    fclose(f);
    return true;
  }
  *err = xasprintf("could not load %s: %s: %s", what, path, go_strerror(errno));
  return false;
}

/* pprof's transport.initialize: the TLS flags make sense together. */
static bool check_tls(const fetch_opts *o, char **err) {
  bool cert = o->tls_cert && *o->tls_cert, key = o->tls_key && *o->tls_key;
  if (key && !cert) {
    *err = xstrdup("-tls_key is specified, so -tls_cert must also be specified");
    return false;
  }
  if (cert && !key) {
    *err = xstrdup("-tls_cert is specified, so -tls_key must also be specified");
    return false;
  }
  if (cert && (!readable(o->tls_cert, "certificate/key pair specified by -tls_cert and -tls_key", err) ||
               !readable(o->tls_key, "certificate/key pair specified by -tls_cert and -tls_key", err)))
    return false;
  if (o->tls_ca && *o->tls_ca && !readable(o->tls_ca, "CA specified by -tls_ca", err)) return false;
  return true;
}

/* Go never proxies requests to localhost or a loopback address. */
static bool is_loopback(const curl_api *api, CURLU *h) {
  char *host = NULL;
  bool lo = false;
  if (api->url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
    lo = !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "[::1]");
    api->free(host);
  }
  return lo;
}

static char *transfer_error(const curl_api *api, const xfer *x, CURLcode rc, CURL *c, const char *errbuf) {
  long os_errno = 0;
  api->easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
  const char *what = *errbuf ? errbuf : api->easy_strerror(rc);
  strbuf sb = STRBUF_INIT;
  switch (rc) {
  case CURLE_COULDNT_CONNECT:
    if (os_errno)
      sb_printf(&sb, "cannot connect: %s", go_strerror((int)os_errno));
    else
      sb_printf(&sb, "cannot connect: %s", what);
    break;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    sb_printf(&sb, "cannot resolve the host name: %s", what);
    break;
  case CURLE_OPERATION_TIMEDOUT:
    sb_adds(&sb, "timed out after ");
    say_duration(&sb, x->t->timeout_ms + GRACE_MS);
    break;
  case CURLE_PEER_FAILED_VERIFICATION:
    sb_printf(&sb, "TLS: %s (https+insecure:// skips the check; -tls_ca names a CA)", what);
    break;
  case CURLE_SSL_CONNECT_ERROR:
    sb_printf(&sb, "TLS handshake failed: %s", what);
    break;
  case CURLE_SSL_CERTPROBLEM:
    sb_printf(&sb, "could not load certificate/key pair specified by -tls_cert and -tls_key: %s", what);
    break;
  case CURLE_SSL_CACERT_BADFILE:
    sb_printf(&sb, "could not load CA specified by -tls_ca: %s", what);
    break;
  case CURLE_GOT_NOTHING:
    sb_adds(&sb, "the server closed the connection without a response");
    break;
  case CURLE_TOO_MANY_REDIRECTS:
    sb_adds(&sb, "stopped after 10 redirects");
    break;
  default:
    sb_adds(&sb, what);
  }
  return sb_steal(&sb);
}

bool fetch_to_fd(const fetch_target *t, const fetch_opts *o, int fd, uint64_t *nbytes, char **err) {
  return fetch_to_fd_spill(t, o, fd, NULL, NULL, nbytes, err);
}

bool fetch_to_fd_spill(const fetch_target *t, const fetch_opts *o, int fd, strbuf *mem, int *spilled,
                       uint64_t *nbytes, char **err) {
  if (spilled) *spilled = 0;
  *nbytes = 0;
  char *why = NULL;
  const curl_api *api = curl_api_get(&why);
  if (!api) {
    *err = xasprintf("%s: %s", t->url, why);
    free(why);
    return false;
  }
  if (!check_tls(o, &why)) {
    *err = xasprintf("%s: %s", t->url, why);
    free(why);
    return false;
  }
  bool insecure = !strncmp(t->url, "https+insecure://", 17);
  char *url = insecure ? xasprintf("https://%s", t->url + 17) : xstrdup(t->url);
  CURLU *h = api->url();
  CURL *c = api->easy_init();
  if (!h || !c) xfatal("out of memory");
  if (api->url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME | CURLU_PATH_AS_IS) != CURLUE_OK) {
    *err = xasprintf("%s: not a URL libcurl accepts", t->url);
    api->url_cleanup(h), api->easy_cleanup(c), free(url);
    return false;
  }
  xfer x;
  memset(&x, 0, sizeof x);
  x.t = t, x.o = o, x.fd = fd, x.mem = mem;
  x.limit = fetch_body_limit(o);
  x.start_ms = x.last_ms = now_ms();
  x.next_progress_ms = PROGRESS_EVERY_MS;
  char errbuf[CURL_ERROR_SIZE] = "";
  char *agent = xasprintf("tprof/%s", TPROF_VERSION);
  long wait_s = (long)((t->timeout_ms + GRACE_MS + 999) / 1000);
  api->easy_setopt(c, CURLOPT_CURLU, h);
  api->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  api->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  api->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  api->easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  api->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  api->easy_setopt(c, CURLOPT_USERAGENT, agent);
  api->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip"); /* asked for as Go's client asks */
  api->easy_setopt(c, CURLOPT_HTTP_CONTENT_DECODING, 0L); /* but decoded by ce_put, not libcurl */
  api->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  api->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, wait_s);
  api->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  api->easy_setopt(c, CURLOPT_HEADERDATA, &x);
  api->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  api->easy_setopt(c, CURLOPT_WRITEDATA, &x);
  api->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  api->easy_setopt(c, CURLOPT_XFERINFODATA, &x);
  api->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  if (is_loopback(api, h)) api->easy_setopt(c, CURLOPT_NOPROXY, "*");
  struct curl_slist *hdrs = NULL;
  if (t->post) {
    api->easy_setopt(c, CURLOPT_POSTFIELDS, t->post);
    hdrs = api->slist_append(hdrs, "Content-Type: application/octet-stream");
    api->easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
  }
  if (insecure) {
    api->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    api->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (o->tls_cert && *o->tls_cert) {
    api->easy_setopt(c, CURLOPT_SSLCERT, o->tls_cert);
    api->easy_setopt(c, CURLOPT_SSLKEY, o->tls_key);
  }
  if (o->tls_ca && *o->tls_ca) api->easy_setopt(c, CURLOPT_CAINFO, o->tls_ca);
  CURLcode rc = api->easy_perform(c);
  if (rc == CURLE_OK && x.status == 200 && x.gzip_ce && x.ce_mode == CE_PEEK && !ce_keep_raw(&x))
    rc = CURLE_WRITE_ERROR; /* a body too short to decide */
  if (x.z_live) inflateEnd(&x.z);
  sb_free(&x.ce_raw), sb_free(&x.ce_dec);
  bool ok = false;
  strbuf msg = STRBUF_INIT;
  if (x.timed_out) {
    sb_printf(&msg, "timed out: %s after ", x.headers_done ? "the response stalled" : "no response");
    say_duration(&msg, t->timeout_ms + GRACE_MS);
  } else if (x.too_big) {
    sb_printf(&msg, "the response is larger than the limit of %llu bytes (TPROF_FETCH_LIMIT)",
              (unsigned long long)x.limit);
  } else if (x.write_errno) {
    sb_printf(&msg, "saving the response: %s", go_strerror(x.write_errno));
  } else if ((rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x.err_body_full)) && x.status != 200) {
    /* pprof's statusCodeError, which adds the body of a text/plain response
     * when X-Go-Pprof says it comes from a pprof handler; tprof adds the
     * start of any text/plain body */
    sb_printf(&msg, "server response: %s", sb_str(&x.status_text));
    if (x.text_plain) add_server_text(&msg, &x.err_body);
  } else if (rc != CURLE_OK) {
    char *e = transfer_error(api, &x, rc, c, errbuf);
    sb_adds(&msg, e);
    free(e);
  } else {
    ok = true;
    *nbytes = x.received;
  }
  if (x.spilled) *spilled = x.spilled;
  if (!ok) *err = xasprintf("%s: %s", t->url, sb_str(&msg));
  sb_free(&msg), sb_free(&x.status_text), sb_free(&x.err_body);
  api->easy_cleanup(c);
  api->url_cleanup(h);
  api->slist_free_all(hdrs);
  free(agent), free(url);
  return ok;
}
