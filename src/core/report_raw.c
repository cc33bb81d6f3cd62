/*
 * report_raw.c: the -raw report, pprof's Profile.String(): the profile as
 * it stands after merging and filtering, one sample, location and mapping a
 * line (ids as renumbered by the merge).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/gofmt.h"
#include "tprof/report.h"
#include "report_int.h"

static void hex(strbuf *sb, uint64_t v) { sb_printf(sb, "0x%" PRIx64, v); } /* Go's %#x */

static int cmp_parts(const void *a, const void *b) {
  return strcmp(((const strbuf *)a)->s, ((const strbuf *)b)->s);
}

/* One label line of a sample: the "key:[v1 v2]" parts sorted as strings
 * (pprof sorts the formatted parts), after the 16-space header. */
static void label_line(strbuf *sb, strbuf *parts, size_t np) {
  if (!np) return;
  qsort(parts, np, sizeof *parts, cmp_parts);
  sb_adds(sb, "\n                ");
  for (size_t a = 0; a < np; a++) {
    sb_printf(sb, "%s%s", a ? " " : "", parts[a].s);
    sb_free(&parts[a]);
  }
}

static void sample_line(strbuf *sb, const profile *p, size_t i) {
  const int64_t *v = profile_values(p, i);
  for (size_t k = 0; k < p->nsample_type; k++) sb_printf(sb, " %10" PRId64, v[k]);
  sb_adds(sb, ": ");
  size_t n;
  stk st = profile_stack(p, i, &n);
  for (size_t k = 0; k < n; k++) sb_printf(sb, "%" PRIu64 " ", p->locations[stk_at(st, k)].id);
  const labelset *set = profile_labels(p, i);
  const label *ls = p->labels + set->off;
  strbuf *parts = xcalloc(set->n + 1, sizeof *parts);
  /* string labels come first in a set, grouped by key: one part per key */
  size_t np = 0;
  uint32_t k = 0;
  for (; k < set->n && ls[k].str;) {
    uint32_t j = k;
    sb_printf(&parts[np], "%s:[", ls[k].key);
    for (; j < set->n && ls[j].str && ls[j].key == ls[k].key; j++)
      sb_printf(&parts[np], "%s%s", j > k ? " " : "", ls[j].str);
    sb_addc(&parts[np++], ']');
    k = j;
  }
  label_line(sb, parts, np);
  /* numeric labels: "key:[1 2]", or "key:[1 unit 2 unit]" when the key has units */
  np = 0;
  while (k < set->n) {
    uint32_t j = k;
    bool units = false;
    for (; j < set->n && ls[j].key == ls[k].key; j++)
      if (ls[j].unit) units = true;
    sb_printf(&parts[np], "%s:[", ls[k].key);
    for (uint32_t m = k; m < j; m++) {
      sb_printf(&parts[np], "%s%" PRId64, m > k ? " " : "", ls[m].num);
      if (units) sb_printf(&parts[np], " %s", ls[m].unit ? ls[m].unit : "");
    }
    sb_addc(&parts[np++], ']');
    k = j;
  }
  label_line(sb, parts, np);
  free(parts);
}

void report_raw(const profile *p, strbuf *sb) {
  for (size_t i = 0; i < p->ncomments; i++) sb_printf(sb, "Comment: %s\n", p->comments[i]);
  sb_printf(sb, "PeriodType: %s %s\n", p->period_type.type, p->period_type.unit);
  sb_printf(sb, "Period: %" PRId64 "\n", p->period);
  if (p->time_nanos) {
    sb_adds(sb, "Time: ");
    go_time_string(sb, p->time_nanos);
    sb_addc(sb, '\n');
  }
  if (p->duration_nanos) {
    strbuf d = STRBUF_INIT;
    go_duration_string(&d, p->duration_nanos);
    /* %.4v truncates the Stringer's output to 4 runes */
    size_t runes = 0, k = 0;
    while (k < d.len && runes < 4) {
      k++;
      while (k < d.len && ((unsigned char)d.s[k] & 0xc0) == 0x80) k++;
      runes++;
    }
    sb_adds(sb, "Duration: ");
    sb_add(sb, d.s, k);
    sb_addc(sb, '\n');
    sb_free(&d);
  }
  sb_adds(sb, "Samples:\n");
  strbuf h = STRBUF_INIT;
  for (size_t i = 0; i < p->nsample_type; i++)
    sb_printf(&h, "%s/%s%s ", p->sample_type[i].type, p->sample_type[i].unit,
              !strcmp(p->sample_type[i].type, p->default_sample_type) ? "[dflt]" : "");
  /* strings.TrimSpace */
  size_t a = 0, b = h.len;
  while (a < b && (h.s[a] == ' ' || h.s[a] == '\t' || h.s[a] == '\n')) a++;
  while (b > a && (h.s[b - 1] == ' ' || h.s[b - 1] == '\t' || h.s[b - 1] == '\n')) b--;
  if (b > a) sb_add(sb, h.s + a, b - a);
  sb_addc(sb, '\n');
  sb_free(&h);
  for (size_t i = 0; i < p->nsamples; i++) {
    sample_line(sb, p, i);
    sb_addc(sb, '\n');
  }
  sb_adds(sb, "Locations\n");
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    strbuf ls = STRBUF_INIT;
    sb_printf(&ls, "%6" PRIu64 ": ", l->id);
    hex(&ls, l->address);
    sb_addc(&ls, ' ');
    if (l->mapping != TPROF_NONE) sb_printf(&ls, "M=%" PRIu64 " ", p->mappings[l->mapping].id);
    if (l->is_folded) sb_adds(&ls, "[F] ");
    if (l->nlines == 0) sb_printf(sb, "%s\n", ls.s);
    for (uint32_t k = 0; k < l->nlines; k++) {
      const pline *ln = &p->lines[l->line_off + k];
      const function *f = &p->functions[ln->func];
      sb_printf(sb, "%s%s %s:%" PRId64 " s=%" PRId64, k == 0 ? ls.s : "             ", f->name, f->filename,
                ln->line, f->start_line);
      if (strcmp(f->name, f->system_name)) sb_printf(sb, "(%s)", f->system_name);
      sb_addc(sb, '\n');
    }
    sb_free(&ls);
  }
  sb_adds(sb, "Mappings\n");
  for (size_t i = 0; i < p->nmappings; i++) {
    const mapping *m = &p->mappings[i];
    sb_printf(sb, "%" PRIu64 ": ", m->id);
    hex(sb, m->start);
    sb_addc(sb, '/');
    hex(sb, m->limit);
    sb_addc(sb, '/');
    hex(sb, m->offset);
    sb_printf(sb, " %s %s %s%s%s%s\n", m->file, m->build_id, m->has_functions ? "[FN]" : "",
              m->has_filenames ? "[FL]" : "", m->has_line_numbers ? "[LN]" : "", m->has_inline_frames ? "[IN]" : "");
  }
}
