/*
 * report_proto.c: the `proto` and `topproto` reports: the (filtered)
 * profile, or its top nodes, encoded as gzip-compressed profile.proto with
 * profile_encode (encode.c).
 */
#include <stdlib.h>
#include <string.h>

#include "tprof/report.h"
#include "tprof/units.h"
#include "report_int.h"

bool report_gen_proto(report *r, bool top, char **err) {
  if (!top) {
    if (!profile_encode(r->view, r->ratio, &r->bytes, &r->nbytes)) {
      *err = xstrdup("compressing the profile failed");
      return false;
    }
    return true;
  }
  /* topproto: one sample per top node with values cum and flat in the output unit */
  size_t orig, dn, de;
  report_trimmed_graph(r, false, NULL, NULL, &orig, &dn, &de);
  report_select_unit(r);
  graph *g = &r->g;
  profile *t = profile_new();
  intern *strs = &t->strs;
  t->nsample_type = 2;
  t->sample_type = arena_alloc(&t->mem, 2 * sizeof *t->sample_type);
  t->sample_type[0] = (value_type){intern_s(strs, "cum"), intern_s(strs, r->output_unit)};
  t->sample_type[1] = (value_type){intern_s(strs, "flat"), intern_s(strs, r->output_unit)};
  t->time_nanos = r->view->time_nanos, t->duration_nanos = r->view->duration_nanos;
  t->period_type.type = intern_s(strs, r->view->period_type.type);
  t->period_type.unit = intern_s(strs, r->view->period_type.unit);
  t->period = r->view->period;
  t->functions = xcalloc(g->nnodes + 1, sizeof *t->functions);
  t->locations = xcalloc(g->nnodes + 1, sizeof *t->locations);
  t->lines = xcalloc(g->nnodes + 1, sizeof *t->lines);
  u64map fids = {0};
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    const node_info *ni = &g->nm->info[n];
    /* one function per (name, system name, file, start line), found by hash */
    const char *fname = intern_s(strs, ni->name), *sys = intern_s(strs, ni->orig_name), *file = intern_s(strs, ni->file);
    uint64_t k = hash64((uintptr_t)fname ^ hash64((uintptr_t)sys ^ hash64((uintptr_t)file ^ hash64((uint64_t)ni->start_line))));
    size_t f;
    for (;; k++) {
      f = u64map_get(&fids, k);
      if (f == TPROF_NONE) {
        f = t->nfunctions;
        t->functions[t->nfunctions++] = (function){t->nfunctions + 1, fname, sys, file, ni->start_line};
        u64map_put(&fids, k, (uint32_t)f);
        break;
      }
      const function *x = &t->functions[f];
      if (x->name == fname && x->system_name == sys && x->filename == file && x->start_line == ni->start_line) break;
    }
    t->lines[i] = (pline){(uint32_t)f, ni->lineno};
    t->locations[i] = (location){i + 1, ni->address, TPROF_NONE, (uint32_t)i, 1, false};
    t->nlines++, t->nlocations++;
    const char *u;
    double fv = units_scale(graph_flat(g, n), r->sample_unit, r->output_unit, &u);
    double cv = units_scale(graph_cum(g, n), r->sample_unit, r->output_unit, &u);
    int64_t vals[2] = {i64_from_double(cv), i64_from_double(fv)};
    uint32_t loc = (uint32_t)i;
    profile_add_sample(t, &loc, 1, vals, 0);
  }
  u64map_free(&fids);
  bool ok = profile_encode(t, 1, &r->bytes, &r->nbytes);
  profile_free(t);
  if (!ok) *err = xstrdup("compressing the profile failed");
  return ok;
}
