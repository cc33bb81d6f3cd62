/*
 * units.h: pprof's measurement package: unit conversion and autoscaling
 * (bytes in powers of 1024, time from ns to hours, GCU), value labels
 * ("62.50MB") and percentages, formatted exactly as pprof prints them.
 */
#ifndef TPROF_UNITS_H
#define TPROF_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "tprof/util.h"

/*
 * Convert value from unit `from` to unit `to` ("minimum" and "auto" pick
 * the most natural unit). Returns the scaled value; *unit receives the
 * canonical unit name (static storage or `to` itself, possibly "").
 */
double units_scale(int64_t value, const char *from, const char *to, const char **unit);

/* Append pprof's ScaledLabel: "%.2f" without a trailing ".00", unit appended, "0" for zero. */
void units_scaled_label(strbuf *sb, int64_t value, const char *from, const char *to);
/* ScaledLabel into a caller buffer of at least 64 bytes; returns buf. */
char *units_label_buf(char *buf, int64_t value, const char *from, const char *to);

/* Append pprof's Percentage(value, total): "  100%", "%5.2f%%" or "%5.2g%%". */
void units_percentage(strbuf *sb, int64_t value, int64_t total);
char *units_pct_buf(char *buf, int64_t value, int64_t total); /* buf >= 32 bytes */

/* True when the unit names a known unit family (bytes, time, GCU). */
bool units_known(const char *unit);
/* True when two units belong to the same family or are equal. */
bool units_compatible(const char *a, const char *b);
/* The names of the units in unit's family, smallest first ("bytes" gives
 * B kB MB GB TB PB): at most max of them into out (static strings). 0 when
 * the unit is not known. */
size_t units_family_names(const char *unit, const char **out, size_t max);

#endif
