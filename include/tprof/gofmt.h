/*
 * gofmt.h: the few pieces of Go's formatting and parsing that pprof's
 * output and input depend on: %q quoting, time layouts, strconv's integer,
 * float and bool parsing, and UTF-8 decoding (Go's regexp syntax is in
 * re2.h).
 */
#ifndef TPROF_GOFMT_H
#define TPROF_GOFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "tprof/util.h"

/* Decode the UTF-8 rune at s (NUL-terminated) into *r as Go's utf8 package
 * does: returns its length, or 0 if s starts with an invalid sequence
 * (overlong, surrogate, above U+10FFFF, truncated), where Go decodes
 * RuneError of width 1. A NUL decodes as rune 0 of length 1. */
int go_utf8_rune(const unsigned char *s, uint32_t *r);

/* Append s quoted as Go's %q / strconv.Quote. */
void go_quote(strbuf *sb, const char *s);

/* "Jan 2, 2006 at 3:04pm (MST)" in the local time zone. */
void go_time_header(strbuf *sb, int64_t unix_nanos);
/* time.Time's String(): "2006-01-02 15:04:05.999999999 -0700 MST". */
void go_time_string(strbuf *sb, int64_t unix_nanos);
/* time.Duration's String(), e.g. "1h2m3.5s", "250ms". */
void go_duration_string(strbuf *sb, int64_t nanos);

/* strconv's outcomes: success, ErrSyntax, ErrRange. */
enum { GO_NUM_OK, GO_NUM_SYNTAX, GO_NUM_RANGE };

/* strconv.Atoi / ParseInt(s, 10, bits): true on success. */
bool go_atoi(const char *s, int bits, int64_t *out);
/* The same, telling strconv.ErrSyntax from strconv.ErrRange. */
int go_parse_int(const char *s, int bits, int64_t *out);
/* strconv.ParseFloat(s, 64). */
bool go_parse_float(const char *s, double *out);
/* The same, with GO_NUM_RANGE (and *out = +-Inf) on overflow. */
int go_parse_float_err(const char *s, double *out);
/* strconv.ParseBool (the flag package). */
bool go_parse_bool(const char *s, bool *out);
/* strerror as Go spells it ("no such file or directory"), returned by
 * value: no buffer is shared. */
typedef struct go_errstr {
  char s[128];
} go_errstr;
go_errstr go_strerror_s(int errnum);
/* The text of go_strerror_s, valid until the end of the full expression
 * (C11's temporary lifetime): for use as an argument, never to keep. */
#define go_strerror(errnum) (go_strerror_s(errnum).s)
/* fmt.Sprint of a float64 (%v): shortest representation, Go style. */
void go_float_string(strbuf *sb, double v);

#endif
