/*
 * units.c: a port of pprof's internal/measurement: the unit tables, Scale,
 * ScaledLabel and Percentage. Output must match pprof byte for byte, so the
 * formatting uses C's printf conversions that agree with Go's ("%.2f",
 * "%5.2f", "%5.2g"); see tests/test_units.c for the cases that pin it down.
 */
#include "tprof/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct unit_def {
  const char *name;
  const char *aliases[4];
  double factor;
} unit_def;

typedef struct unit_family {
  unit_def def;
  unit_def units[10];
  int n;
} unit_family;

static const unit_family families[] = {
    {{"B", {"b", "byte"}, 1},
     {{"B", {"b", "byte"}, 1},
      {"kB", {"kb", "kbyte", "kilobyte"}, 1024.0},
      {"MB", {"mb", "mbyte", "megabyte"}, 1048576.0},
      {"GB", {"gb", "gbyte", "gigabyte"}, 1073741824.0},
      {"TB", {"tb", "tbyte", "terabyte"}, 1099511627776.0},
      {"PB", {"pb", "pbyte", "petabyte"}, 1125899906842624.0}},
     6},
    {{"s", {NULL}, 1e9},
     {{"ns", {"ns", "nanosecond"}, 1},
      {"us", {"\xce\xbcs", "us", "microsecond"}, 1e3},
      {"ms", {"ms", "millisecond"}, 1e6},
      {"s", {"s", "sec", "second"}, 1e9},
      {"hrs", {"hour", "hr"}, 3600e9}},
     5},
    {{"GCU", {NULL}, 1.0},
     {{"n*GCU", {"nanogcu"}, 1e-9},
      {"u*GCU", {"microgcu"}, 1e-6},
      {"m*GCU", {"milligcu"}, 1e-3},
      {"GCU", {"gcu"}, 1},
      {"k*GCU", {"kilogcu"}, 1e3},
      {"M*GCU", {"megagcu"}, 1e6},
      {"G*GCU", {"gigagcu"}, 1e9},
      {"T*GCU", {"teragcu"}, 1e12},
      {"P*GCU", {"petagcu"}, 1e15}},
     9},
};
#define NFAMILIES (sizeof families / sizeof *families)

/* pprof's sniffUnit: lower-case, drop a trailing "s" when longer than 2. */
static const unit_def *sniff(const unit_family *f, const char *u) {
  char low[64];
  size_t n = strlen(u);
  if (n >= sizeof low) return NULL;
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)u[i]);
  low[n] = 0;
  if (n > 2 && low[n - 1] == 's') low[--n] = 0;
  for (int i = 0; i < f->n; i++)
    for (int k = 0; k < 4 && f->units[i].aliases[k]; k++)
      if (strcmp(low, f->units[i].aliases[k]) == 0) return &f->units[i];
  return NULL;
}

static bool auto_scale(const unit_family *f, double v, double *out, const char **name) {
  double fac = 0;
  const char *nm = "";
  for (int i = 0; i < f->n; i++) {
    if (f->units[i].factor >= fac && v / f->units[i].factor >= 1.0) {
      fac = f->units[i].factor;
      nm = f->units[i].name;
    }
  }
  if (fac == 0) return false;
  *out = v / fac;
  *name = nm;
  return true;
}

static bool convert(const unit_family *f, int64_t value, const char *from, const char *to, double *out,
                    const char **name) {
  const unit_def *fu = sniff(f, from);
  if (!fu) return false;
  double v = (double)value * fu->factor;
  if (strcmp(to, "minimum") == 0 || strcmp(to, "auto") == 0) {
    if (auto_scale(f, v, out, name)) return true;
    *out = v / f->def.factor;
    *name = f->def.name;
    return true;
  }
  const unit_def *tu = sniff(f, to);
  if (!tu) {
    *out = v / f->def.factor;
    *name = f->def.name;
    return true;
  }
  *out = v / tu->factor;
  *name = tu->name;
  return true;
}

double units_scale(int64_t value, const char *from, const char *to, const char **unit) {
  if (value < 0 && value != INT64_MIN) { /* Go: -MinInt64 stays negative */
    double v = units_scale(-value, from, to, unit);
    return -v;
  }
  for (size_t i = 0; i < NFAMILIES; i++) {
    double v;
    if (convert(&families[i], value, from, to, &v, unit)) return v;
  }
  if (!strcmp(to, "count") || !strcmp(to, "sample") || !strcmp(to, "unit") || !strcmp(to, "minimum") ||
      !strcmp(to, "auto")) {
    *unit = "";
  } else {
    *unit = to;
  }
  return (double)value;
}

char *units_label_buf(char *buf, int64_t value, const char *from, const char *to) {
  const char *u;
  double v = units_scale(value, from, to, &u);
  char num[48];
  snprintf(num, sizeof num, "%.2f", v);
  size_t n = strlen(num);
  if (n >= 3 && strcmp(num + n - 3, ".00") == 0) num[n - 3] = 0;
  if (strcmp(num, "0") == 0 || strcmp(num, "-0") == 0) {
    strcpy(buf, "0");
    return buf;
  }
  snprintf(buf, 64, "%s%s", num, u);
  return buf;
}

void units_scaled_label(strbuf *sb, int64_t value, const char *from, const char *to) {
  char buf[64];
  sb_adds(sb, units_label_buf(buf, value, from, to));
}

char *units_pct_buf(char *buf, int64_t value, int64_t total) {
  double ratio = 0;
  if (total != 0) ratio = fabs((double)value / (double)total) * 100;
  if (fabs(ratio) >= 99.95 && fabs(ratio) <= 100.05)
    snprintf(buf, 32, "  100%%");
  else if (fabs(ratio) >= 1.0)
    snprintf(buf, 32, "%5.2f%%", ratio);
  else
    snprintf(buf, 32, "%5.2g%%", ratio);
  return buf;
}

void units_percentage(strbuf *sb, int64_t value, int64_t total) {
  char buf[32];
  sb_adds(sb, units_pct_buf(buf, value, total));
}

bool units_known(const char *u) {
  for (size_t i = 0; i < NFAMILIES; i++)
    if (sniff(&families[i], u)) return true;
  return false;
}

bool units_compatible(const char *a, const char *b) {
  if (strcmp(a, b) == 0) return true;
  for (size_t i = 0; i < NFAMILIES; i++)
    if (sniff(&families[i], a) && sniff(&families[i], b)) return true;
  return false;
}

size_t units_family_names(const char *u, const char **out, size_t max) {
  for (size_t i = 0; i < NFAMILIES; i++) {
    if (!sniff(&families[i], u)) continue;
    size_t n = 0;
    for (int k = 0; k < families[i].n && n < max; k++) out[n++] = families[i].units[k].name;
    return n;
  }
  return 0;
}
