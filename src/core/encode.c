/*
 * encode.c: profile_encode (profile.h), the writer of profile.proto:
 * a profile (or a view) packed with protobuf-c and gzip-compressed with
 * zlib, as the `proto` and `topproto` reports write it.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "profile.pb-c.h"
#include "tprof/profile.h"

typedef struct strtab {
  const char **s;
  size_t n, cap;
  u64map idx; /* pointer -> index (strings are interned) */
} strtab;

static int64_t str_id(strtab *t, const char *s) {
  uint32_t v = u64map_get(&t->idx, (uintptr_t)s);
  if (v != TPROF_NONE) return v;
  XGROW(t->s, t->cap, t->n + 1);
  t->s[t->n] = s;
  u64map_put(&t->idx, (uintptr_t)s, (uint32_t)t->n);
  return (int64_t)t->n++;
}

/* gzip-compress data into *out. */
static bool gzip_bytes(const unsigned char *data, size_t n, unsigned char **out, size_t *outn) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  size_t cap = deflateBound(&zs, (uLong)n) + 64;
  *out = xmalloc(cap);
  zs.next_in = (unsigned char *)data;
  zs.avail_in = (uInt)n;
  zs.next_out = *out;
  zs.avail_out = (uInt)cap;
  int rc = deflate(&zs, Z_FINISH);
  *outn = cap - zs.avail_out;
  deflateEnd(&zs);
  return rc == Z_STREAM_END;
}

bool profile_encode(const profile *p, double ratio, unsigned char **out, size_t *outn) {
  strtab st;
  memset(&st, 0, sizeof st);
  u64map_init(&st.idx, 64);
  intern *strs = profile_strings(p);
  str_id(&st, intern_s(strs, ""));
  Perftools__Profiles__Profile pb = PERFTOOLS__PROFILES__PROFILE__INIT;
  size_t nt = p->nsample_type;
  Perftools__Profiles__ValueType *vts = xcalloc(nt + 1, sizeof *vts), **vtp = xcalloc(nt + 1, sizeof *vtp);
  for (size_t i = 0; i < nt; i++) {
    perftools__profiles__value_type__init(&vts[i]);
    vts[i].type = str_id(&st, p->sample_type[i].type);
    vts[i].unit = str_id(&st, p->sample_type[i].unit);
    vtp[i] = &vts[i];
  }
  pb.n_sample_type = nt, pb.sample_type = vtp;
  size_t ns = p->nsamples;
  Perftools__Profiles__Sample *sm = xcalloc(ns + 1, sizeof *sm), **smp = xcalloc(ns + 1, sizeof *smp);
  uint64_t *locids = xcalloc(p->stack_used + 1, sizeof *locids);
  int64_t *vals = xcalloc(ns * nt + 1, sizeof *vals);
  size_t nlab = 0;
  for (size_t s = 0; s < ns; s++) nlab += profile_labels(p, s)->n;
  Perftools__Profiles__Label *lb = xcalloc(nlab + 1, sizeof *lb), **lbp = xcalloc(nlab + 1, sizeof *lbp);
  size_t at = 0, lat = 0;
  for (size_t s = 0; s < ns; s++) {
    perftools__profiles__sample__init(&sm[s]);
    size_t n;
    stk fr = profile_stack(p, s, &n);
    sm[s].location_id = locids + at;
    for (size_t k = 0; k < n; k++) locids[at++] = p->locations[stk_at(fr, k)].id;
    sm[s].n_location_id = n;
    sm[s].value = vals + s * nt;
    sm[s].n_value = nt;
    for (size_t k = 0; k < nt; k++) {
      int64_t v = profile_values(p, s)[k];
      vals[s * nt + k] = ratio > 0 && ratio != 1 ? i64_from_double((double)v * ratio) : v;
    }
    const labelset *set = profile_labels(p, s);
    sm[s].label = lbp + lat;
    sm[s].n_label = set->n;
    for (uint32_t k = 0; k < set->n; k++) {
      const label *l = &p->labels[set->off + k];
      perftools__profiles__label__init(&lb[lat]);
      lb[lat].key = str_id(&st, l->key);
      if (l->str) {
        lb[lat].str = str_id(&st, l->str);
      } else {
        lb[lat].num = l->num;
        if (l->unit) lb[lat].num_unit = str_id(&st, l->unit);
      }
      lbp[lat] = &lb[lat];
      lat++;
    }
    smp[s] = &sm[s];
  }
  pb.n_sample = ns, pb.sample = smp;
  Perftools__Profiles__Mapping *mp = xcalloc(p->nmappings + 1, sizeof *mp), **mpp = xcalloc(p->nmappings + 1, sizeof *mpp);
  for (size_t i = 0; i < p->nmappings; i++) {
    const mapping *m = &p->mappings[i];
    perftools__profiles__mapping__init(&mp[i]);
    mp[i].id = m->id, mp[i].memory_start = m->start, mp[i].memory_limit = m->limit, mp[i].file_offset = m->offset;
    mp[i].filename = str_id(&st, m->file), mp[i].build_id = str_id(&st, m->build_id);
    mp[i].has_functions = m->has_functions, mp[i].has_filenames = m->has_filenames;
    mp[i].has_line_numbers = m->has_line_numbers, mp[i].has_inline_frames = m->has_inline_frames;
    mpp[i] = &mp[i];
  }
  pb.n_mapping = p->nmappings, pb.mapping = mpp;
  Perftools__Profiles__Location *lc = xcalloc(p->nlocations + 1, sizeof *lc), **lcp = xcalloc(p->nlocations + 1, sizeof *lcp);
  size_t nl = 0;
  for (size_t i = 0; i < p->nlocations; i++) nl += p->locations[i].nlines;
  Perftools__Profiles__Line *ln = xcalloc(nl + 1, sizeof *ln), **lnp = xcalloc(nl + 1, sizeof *lnp);
  size_t lnat = 0;
  for (size_t i = 0; i < p->nlocations; i++) {
    const location *l = &p->locations[i];
    perftools__profiles__location__init(&lc[i]);
    lc[i].id = l->id;
    lc[i].mapping_id = l->mapping != TPROF_NONE ? p->mappings[l->mapping].id : 0;
    lc[i].address = l->address;
    lc[i].is_folded = l->is_folded;
    lc[i].line = lnp + lnat;
    lc[i].n_line = l->nlines;
    for (uint32_t k = 0; k < l->nlines; k++) {
      perftools__profiles__line__init(&ln[lnat]);
      ln[lnat].function_id = p->functions[p->lines[l->line_off + k].func].id;
      ln[lnat].line = p->lines[l->line_off + k].line;
      lnp[lnat] = &ln[lnat];
      lnat++;
    }
    lcp[i] = &lc[i];
  }
  pb.n_location = p->nlocations, pb.location = lcp;
  Perftools__Profiles__Function *fn = xcalloc(p->nfunctions + 1, sizeof *fn), **fnp = xcalloc(p->nfunctions + 1, sizeof *fnp);
  for (size_t i = 0; i < p->nfunctions; i++) {
    const function *f = &p->functions[i];
    perftools__profiles__function__init(&fn[i]);
    fn[i].id = f->id;
    fn[i].name = str_id(&st, f->name), fn[i].system_name = str_id(&st, f->system_name);
    fn[i].filename = str_id(&st, f->filename), fn[i].start_line = f->start_line;
    fnp[i] = &fn[i];
  }
  pb.n_function = p->nfunctions, pb.function = fnp;
  pb.drop_frames = str_id(&st, p->drop_frames);
  pb.keep_frames = str_id(&st, p->keep_frames);
  pb.time_nanos = p->time_nanos, pb.duration_nanos = p->duration_nanos, pb.period = p->period;
  Perftools__Profiles__ValueType pt = PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
  pt.type = str_id(&st, p->period_type.type), pt.unit = str_id(&st, p->period_type.unit);
  if (pt.type || pt.unit) pb.period_type = &pt;
  int64_t *com = xcalloc(p->ncomments + 1, sizeof *com);
  for (size_t i = 0; i < p->ncomments; i++) com[i] = str_id(&st, p->comments[i]);
  pb.n_comment = p->ncomments, pb.comment = com;
  pb.default_sample_type = str_id(&st, p->default_sample_type);
  pb.n_string_table = st.n;
  pb.string_table = (char **)st.s;
  size_t len = perftools__profiles__profile__get_packed_size(&pb);
  unsigned char *raw = xmalloc(len + 1);
  perftools__profiles__profile__pack(&pb, raw);
  bool ok = gzip_bytes(raw, len, out, outn);
  free(raw);
  free(vts), free(vtp), free(sm), free(smp), free(locids), free(vals), free(lb), free(lbp);
  free(mp), free(mpp), free(lc), free(lcp), free(ln), free(lnp), free(fn), free(fnp), free(com);
  free(st.s);
  u64map_free(&st.idx);
  return ok;
}
