/*
 * gofmt.c: Go-compatible formatting and parsing (see gofmt.h). Kept apart so
 * that every "Go does it this way" rule lives in one place.
 */
#include "tprof/gofmt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int go_utf8_rune(const unsigned char *s, uint32_t *r) {
  if (s[0] < 0x80) return *r = s[0], 1;
  if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
    *r = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
    return *r >= 0x80 ? 2 : 0;
  }
  if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
    *r = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
    return *r >= 0x800 && (*r < 0xd800 || *r > 0xdfff) ? 3 : 0;
  }
  if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
    *r = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) | ((uint32_t)(s[2] & 0x3f) << 6) |
         (s[3] & 0x3f);
    return *r >= 0x10000 && *r <= 0x10ffff ? 4 : 0;
  }
  return 0;
}

/* Go's unicode.IsPrint outside ASCII, for the code points strconv.Quote
 * escapes in practice: C1 controls, spaces other than U+0020 (Zs, Zl, Zp),
 * format characters (Cf), private use (Co) and noncharacters. Letters,
 * marks, numbers, punctuation and symbols of every script are printable;
 * unassigned code points are treated as printable (they need Unicode's
 * tables, and profiles do not contain them in function names). */
static bool go_is_print(uint32_t r) {
  static const uint32_t ranges[][2] = {
      {0x80, 0x9f},       {0xa0, 0xa0},       {0xad, 0xad},       {0x600, 0x605},     {0x61c, 0x61c},
      {0x6dd, 0x6dd},     {0x70f, 0x70f},     {0x890, 0x891},     {0x8e2, 0x8e2},     {0x1680, 0x1680},
      {0x180e, 0x180e},   {0x2000, 0x200f},   {0x2028, 0x202f},   {0x205f, 0x2064},   {0x2066, 0x206f},
      {0x3000, 0x3000},   {0xd800, 0xf8ff},   {0xfdd0, 0xfdef},   {0xfeff, 0xfeff},   {0xfff9, 0xfffb},
      {0xfffe, 0xffff},   {0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f}, {0x1bca0, 0x1bca3},
      {0x1d173, 0x1d17a}, {0xe0001, 0xe0001}, {0xe0020, 0xe007f}, {0xf0000, 0x10ffff}};
  for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
    if (r >= ranges[i][0] && r <= ranges[i][1]) return false;
  if ((r & 0xfffe) == 0xfffe) return false; /* U+xFFFE, U+xFFFF in every plane */
  return true;
}

void go_quote(strbuf *sb, const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  sb_addc(sb, '"');
  while (*s) {
    uint32_t r;
    int n = go_utf8_rune(s, &r);
    if (n == 0) {
      sb_printf(sb, "\\x%02x", *s);
      s++;
      continue;
    }
    if (n == 1) {
      switch (r) {
      case '"': sb_adds(sb, "\\\""); break;
      case '\\': sb_adds(sb, "\\\\"); break;
      case '\a': sb_adds(sb, "\\a"); break;
      case '\b': sb_adds(sb, "\\b"); break;
      case '\f': sb_adds(sb, "\\f"); break;
      case '\n': sb_adds(sb, "\\n"); break;
      case '\r': sb_adds(sb, "\\r"); break;
      case '\t': sb_adds(sb, "\\t"); break;
      case '\v': sb_adds(sb, "\\v"); break;
      default:
        if (r < 0x20 || r == 0x7f)
          sb_printf(sb, "\\x%02x", r);
        else
          sb_addc(sb, (char)r);
      }
    } else if (!go_is_print(r)) {
      if (r < 0x10000)
        sb_printf(sb, "\\u%04x", r);
      else
        sb_printf(sb, "\\U%08x", r);
    } else {
      sb_add(sb, s, (size_t)n);
    }
    s += n;
  }
  sb_addc(sb, '"');
}

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static bool to_local(int64_t unix_nanos, struct tm *tm, int64_t *frac) {
  int64_t sec = unix_nanos / 1000000000, ns = unix_nanos % 1000000000;
  if (ns < 0) ns += 1000000000, sec--;
  time_t t = (time_t)sec;
  *frac = ns;
  return localtime_r(&t, tm) != NULL;
}

void go_time_header(strbuf *sb, int64_t unix_nanos) {
  struct tm tm;
  int64_t frac;
  if (!to_local(unix_nanos, &tm, &frac)) return;
  int h = tm.tm_hour % 12;
  if (h == 0) h = 12;
  sb_printf(sb, "%s %d, %d at %d:%02d%s (%s)", months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, h, tm.tm_min,
            tm.tm_hour < 12 ? "am" : "pm", tm.tm_zone ? tm.tm_zone : "UTC");
}

void go_time_string(strbuf *sb, int64_t unix_nanos) {
  struct tm tm;
  int64_t frac;
  if (!to_local(unix_nanos, &tm, &frac)) return;
  sb_printf(sb, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
            tm.tm_min, tm.tm_sec);
  if (frac) {
    char f[16];
    snprintf(f, sizeof f, "%09lld", (long long)frac);
    size_t n = strlen(f);
    while (n > 0 && f[n - 1] == '0') f[--n] = 0;
    sb_printf(sb, ".%s", f);
  }
  long off = tm.tm_gmtoff;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  sb_printf(sb, " %c%02ld%02ld %s", sign, off / 3600, (off / 60) % 60, tm.tm_zone ? tm.tm_zone : "UTC");
}

/* Port of time.Duration.String. */
void go_duration_string(strbuf *sb, int64_t d) {
  char buf[32];
  int w = (int)sizeof buf;
  uint64_t u = (uint64_t)d;
  bool neg = d < 0;
  if (neg) u = -u;
  if (u < 1000000000ULL) {
    int prec = 0;
    w--;
    buf[w] = 's';
    w--;
    if (u == 0) {
      sb_adds(sb, "0s");
      return;
    } else if (u < 1000ULL) {
      prec = 0;
      buf[w] = 'n';
    } else if (u < 1000000ULL) {
      prec = 3;
      w--;
      memcpy(&buf[w], "\xc2\xb5", 2);
    } else {
      prec = 6;
      buf[w] = 'm';
    }
    /* fmtFrac */
    bool print = false;
    for (int i = 0; i < prec; i++) {
      int digit = (int)(u % 10);
      print = print || digit != 0;
      if (print) buf[--w] = (char)(digit + '0');
      u /= 10;
    }
    if (print) buf[--w] = '.';
    /* fmtInt */
    if (u == 0) buf[--w] = '0';
    while (u > 0) buf[--w] = (char)(u % 10 + '0'), u /= 10;
  } else {
    buf[--w] = 's';
    bool print = false;
    for (int i = 0; i < 9; i++) {
      int digit = (int)(u % 10);
      print = print || digit != 0;
      if (print) buf[--w] = (char)(digit + '0');
      u /= 10;
    }
    if (print) buf[--w] = '.';
    uint64_t secs = u % 60;
    u /= 60;
    if (secs == 0) buf[--w] = '0';
    while (secs > 0) buf[--w] = (char)(secs % 10 + '0'), secs /= 10;
    if (u > 0) {
      buf[--w] = 'm';
      uint64_t mins = u % 60;
      u /= 60;
      if (mins == 0) buf[--w] = '0';
      while (mins > 0) buf[--w] = (char)(mins % 10 + '0'), mins /= 10;
      if (u > 0) {
        buf[--w] = 'h';
        while (u > 0) buf[--w] = (char)(u % 10 + '0'), u /= 10;
      }
    }
  }
  if (neg) buf[--w] = '-';
  sb_add(sb, buf + w, sizeof buf - (size_t)w);
}

int go_parse_int(const char *s, int bits, int64_t *out) {
  const char *p = s;
  bool neg = false;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (!*p) return GO_NUM_SYNTAX;
  uint64_t v = 0, lim = bits >= 64 ? (uint64_t)INT64_MAX : ((uint64_t)1 << (bits - 1)) - 1;
  /* as strconv.ParseUint: a bad digit is a syntax error, an unsigned
   * overflow a range error, whichever comes first */
  for (; *p; p++) {
    if (*p < '0' || *p > '9') return GO_NUM_SYNTAX;
    unsigned d = (unsigned)(*p - '0');
    if (v > (UINT64_MAX - d) / 10) return GO_NUM_RANGE;
    v = v * 10 + d;
  }
  if (v > lim + (neg ? 1 : 0)) return GO_NUM_RANGE;
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return GO_NUM_OK;
}

bool go_atoi(const char *s, int bits, int64_t *out) { return go_parse_int(s, bits, out) == GO_NUM_OK; }

static int go_parse_float_plain(const char *s, double *out);

/* strconv's underscoreOK: underscores only between digits (or after a base prefix). */
static bool underscore_ok(const char *s) {
  char saw = '^';
  size_t i = 0, n;
  if (*s == '-' || *s == '+') s++;
  n = strlen(s);
  bool hex = false;
  if (n >= 2 && s[0] == '0' && strchr("bBoOxX", s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] == 'x' || s[1] == 'X';
  }
  for (; i < n; i++) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

int go_parse_float_err(const char *s0, double *out) {
  if (!*s0 || strchr(" \t\n\r\f\v", *s0)) return GO_NUM_SYNTAX;
  /* Go allows underscores between digits ("1_000"): check, then drop them */
  char *copy = NULL;
  if (strchr(s0, '_')) {
    if (!underscore_ok(s0)) return GO_NUM_SYNTAX;
    copy = xstrdup(s0);
    char *w = copy;
    for (const char *r = s0; *r; r++)
      if (*r != '_') *w++ = *r;
    *w = 0;
  }
  int rc = go_parse_float_plain(copy ? copy : s0, out);
  free(copy);
  return rc;
}

static int go_parse_float_plain(const char *s, double *out) {
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  if (!strcasecmp(p, "inf") || !strcasecmp(p, "infinity")) {
    *out = s[0] == '-' ? -INFINITY : INFINITY;
    return GO_NUM_OK;
  }
  if (!strcasecmp(s, "nan")) {
    *out = NAN;
    return GO_NUM_OK;
  }
  if (!strcasecmp(p, "nan")) return GO_NUM_SYNTAX; /* Go: no sign on NaN */
  /* a hexadecimal mantissa needs a 'p' exponent in Go */
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && !strpbrk(p, "pP")) return GO_NUM_SYNTAX;
  errno = 0;
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end) return GO_NUM_SYNTAX;
  *out = v;
  if (errno == ERANGE && isinf(v)) return GO_NUM_RANGE;
  return GO_NUM_OK;
}

bool go_parse_float(const char *s, double *out) {
  double v;
  if (go_parse_float_err(s, &v) != GO_NUM_OK) return false;
  *out = v;
  return true;
}

bool go_parse_bool(const char *s, bool *out) {
  static const char *t[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char *f[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (int i = 0; i < 6; i++) {
    if (!strcmp(s, t[i])) return *out = true, true;
    if (!strcmp(s, f[i])) return *out = false, true;
  }
  return false;
}

void go_float_string(strbuf *sb, double v) {
  /* Go's %v for float64 is strconv's 'g' with the shortest representation
   * that round-trips: exponent form when exp < -4 || exp >= 6. */
  if (isnan(v)) {
    sb_adds(sb, "NaN");
    return;
  }
  if (isinf(v)) {
    sb_adds(sb, v > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[64];
  int prec;
  for (prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    if (strtod(buf, NULL) == v) break;
  }
  /* buf holds d.ddde±XX with prec significant digits */
  char digits[32];
  int nd = 0;
  const char *q = buf;
  bool neg = false;
  if (*q == '-') neg = true, q++;
  for (; *q && *q != 'e'; q++)
    if (*q != '.') digits[nd++] = *q;
  digits[nd] = 0;
  int exp = atoi(q + 1);
  while (nd > 1 && digits[nd - 1] == '0') digits[--nd] = 0;
  if (neg) sb_addc(sb, '-');
  if (v == 0) {
    sb_addc(sb, '0');
    return;
  }
  if (exp < -4 || exp >= 6) {
    sb_addc(sb, digits[0]);
    if (nd > 1) {
      sb_addc(sb, '.');
      sb_adds(sb, digits + 1);
    }
    sb_printf(sb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return;
  }
  if (exp < 0) {
    sb_adds(sb, "0.");
    sb_addn(sb, '0', (size_t)(-exp - 1));
    sb_adds(sb, digits);
    return;
  }
  for (int i = 0; i <= exp || i < nd; i++) {
    if (i == exp + 1) sb_addc(sb, '.');
    sb_addc(sb, i < nd ? digits[i] : '0');
  }
}

go_errstr go_strerror_s(int e) {
  /* Go's syscall error strings are glibc's with a lower-case first letter. */
  go_errstr r;
  char *buf = r.s;
  snprintf(buf, sizeof r.s, "%s", strerror(e));
  if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z')) buf[0] = (char)(buf[0] - 'A' + 'a');
  return r;
}
