/*
 * report_disasm.c: the `disasm` report (pprof's PrintAssembly): the
 * assembly of the binary's functions matching a regex, each instruction
 * with the samples at its address.
 *
 * As go tool pprof does it: the functions are the ELF symbols (Go's
 * objfile.Symbols, read by objfile.c) of the mappings whose nodes match,
 * or whose range holds the address the regex reads as; the instructions
 * come from Go's disassembler, which is `go tool objdump BINARY START END`
 * (the same objfile.Disasm.Decode over the same range, Go's syntax), run
 * without a shell. The nodes are the report's, at address granularity
 * without inlines (the command's overrides).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/objfile.h"
#include "tprof/proc.h"
#include "tprof/regex.h"
#include "report_int.h"

typedef struct obj_sym {
  char *name, *file;
  uint64_t start, end; /* pprof's Sym: end = start + size - 1 */
  uint32_t *nodes;     /* the graph nodes in [start, end), address order */
  size_t nnodes;
} obj_sym;

/* Go's strconv.ParseUint(s, 0, 64): 0x/0o/0b prefixes, a leading 0 octal, '_' between digits. */
static bool parse_uint0(const char *s, uint64_t *out) {
  unsigned base = 10;
  const char *p = s;
  bool underscores = false;
  if (p[0] == '0' && p[1]) {
    char c = (char)(p[1] | 0x20);
    if (c == 'x') base = 16, p += 2;
    else if (c == 'o') base = 8, p += 2;
    else if (c == 'b') base = 2, p += 2;
    else base = 8, p += 1;
    underscores = true;
  }
  if (!*p) return false;
  uint64_t v = 0;
  char last = 0;
  for (; *p; p++) {
    if (*p == '_') {
      if (!underscores || last == '_') return false;
      last = '_';
      continue;
    }
    unsigned d;
    if (*p >= '0' && *p <= '9') d = (unsigned)(*p - '0');
    else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') d = (unsigned)((*p | 0x20) - 'a' + 10);
    else return false;
    if (d >= base || v > (UINT64_MAX - d) / base) return false;
    v = v * base + d, last = *p;
  }
  if (last == '_') return false;
  *out = v;
  return true;
}

/* One instruction line of go tool objdump: "  FILE:LINE\tPC\tHEX\tTEXT\t" (tab-aligned). */
static bool objdump_line(char *l, asm_inst *in) {
  if (strncmp(l, "  ", 2) != 0) return false;
  char *f[4];
  int n = 0;
  for (char *p = l + 2; *p && n < 4;) {
    char *t = strchr(p, '\t');
    if (t) *t = 0;
    if (*p || n == 0) f[n++] = p;
    if (!t) break;
    p = t + 1;
    while (*p == '\t') p++;
  }
  if (n < 3) return false;
  char *colon = strrchr(f[0], ':');
  if (!colon) return false;
  *colon = 0;
  uint64_t pc;
  if (!parse_uint0(f[1], &pc)) return false;
  memset(in, 0, sizeof *in);
  in->addr = pc;
  in->file = xstrdup(f[0]);
  in->line = strtoll(colon + 1, NULL, 10);
  in->text = xstrdup(n == 4 ? f[3] : "");
  in->function = "";
  return true;
}

/* pprof's obj.Disasm(file, start, end): Go's disassembler over [start, end). */
static bool disassemble(report *r, const obj_sym *s, asm_inst **out, size_t *nout, char **err) {
  char a[32], b[32];
  snprintf(a, sizeof a, "%#" PRIx64, s->start);
  snprintf(b, sizeof b, "%#" PRIx64, s->end);
  const char *argv[] = {"go", "tool", "objdump", s->file, a, b, NULL};
  strbuf o = STRBUF_INIT;
  if (!proc_run(r->cfg.env, "go", argv, NULL, true, &o, err)) {
    sb_free(&o);
    return false;
  }
  size_t cap = 0, texts = 0;
  *out = NULL, *nout = 0;
  char *p = o.s;
  while (p && *p) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    if (!strncmp(p, "TEXT ", 5) && ++texts > 1) break; /* another symbol over the range: the first one's block is it */
    asm_inst in;
    if (objdump_line(p, &in)) {
      XGROW(*out, cap, *nout + 1);
      (*out)[(*nout)++] = in;
    }
    p = nl ? nl + 1 : NULL;
  }
  sb_free(&o);
  return true;
}

static int sym_order(const void *x, const void *y) {
  const obj_sym *a = x, *b = y;
  int c = strcmp(a->name, b->name);
  if (c) return c;
  return a->start < b->start ? -1 : a->start > b->start;
}

/* pprof's annotateAssembly: each instruction gets the samples up to the next one's address. */
static void annotate(const graph *g, const obj_sym *s, asm_inst *insts, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    asm_inst *in = &insts[i];
    uint64_t next = i + 1 < n ? insts[i + 1].addr : UINT64_MAX;
    if (*in->file) {
      char *b = path_base(in->file);
      free(in->file), in->file = b;
    }
    int64_t flat = 0, flat_div = 0, cum = 0, cum_div = 0;
    for (; k < s->nnodes; k++) {
      uint32_t nd = s->nodes[k];
      const node_info *ni = &g->nm->info[nd];
      if (ni->address >= next) break;
      flat = i64_add(flat, g->flat[nd]), flat_div = i64_add(flat_div, g->flat_div[nd]);
      cum = i64_add(cum, g->cum[nd]), cum_div = i64_add(cum_div, g->cum_div[nd]);
      if (*ni->file && !*in->file) free(in->file), in->file = path_base(ni->file);
      if (ni->lineno && !in->line) in->line = ni->lineno;
      if (*ni->name && !*in->function) in->function = ni->name;
    }
    in->flat = flat_div ? i64_div(flat, flat_div) : flat;
    in->cum = cum_div ? i64_div(cum, cum_div) : cum;
  }
}

bool report_gen_disasm(report *r, char **err) {
  tregex *rx = report_symbol(r);
  if (r->cfg.intel_syntax) {
    *err = xstrdup("printing assembly in Intel syntax is not supported");
    return false;
  }
  report_build_weights(r);
  graph *g = &r->g;
  uint64_t address = 0;
  bool has_address = parse_uint0(regex_pattern(rx), &address);
  /* symbolsFromBinaries: only the object files of matching nodes */
  const char **with = xmalloc((g->nnodes + 1) * sizeof *with);
  size_t nwith = 0;
  for (size_t i = 0; i < g->nnodes; i++) {
    uint32_t n = g->nodes[i];
    const char *obj = g->nm->info[n].objfile;
    if (obj && *obj && regex_match(rx, nodemap_name(g->nm, n))) with[nwith++] = obj;
  }
  obj_sym *syms = NULL;
  size_t nsyms = 0, cap = 0;
  const profile *p = r->view;
  for (size_t mi = 0; mi < p->nmappings; mi++) {
    const mapping *m = &p->mappings[mi];
    bool has = false;
    for (size_t k = 0; k < nwith && !has; k++) has = !strcmp(with[k], m->file);
    if (!has && !(has_address && m->start <= address && address <= m->limit)) continue;
    char *oerr = NULL;
    objfile *f = objfile_open(m->file, &oerr);
    if (!f) { /* pprof prints it on its standard output, before the report */
      sb_printf(&r->text, "%s\n", oerr);
      free(oerr);
      continue;
    }
    objfile_sym *all;
    size_t nall = objfile_symbols(f, &all);
    for (size_t k = 0; k < nall; k++) {
      const objfile_sym *s = &all[k];
      if (s->addr == 0 && s->size == 0) continue; /* an STT_FILE symbol */
      if (!regex_match(rx, s->name)) continue;
      if (has_address && address && !(s->addr <= address && address < s->addr + s->size)) continue;
      XGROW(syms, cap, nsyms + 1);
      syms[nsyms++] = (obj_sym){xstrdup(s->name), xstrdup(m->file), s->addr, s->addr + s->size - 1, NULL, 0};
    }
    free(all);
    objfile_close(f);
  }
  free(with);
  /* nodesPerSymbol: a symbol without samples is left out */
  uint32_t *by_addr = xmalloc((g->nnodes + 1) * sizeof *by_addr);
  memcpy(by_addr, g->nodes, g->nnodes * sizeof *by_addr);
  graph_sort_list(g, by_addr, g->nnodes, ORDER_ADDRESS);
  size_t kept = 0;
  for (size_t i = 0; i < nsyms; i++) {
    obj_sym *s = &syms[i];
    for (size_t k = 0; k < g->nnodes; k++) {
      uint64_t a = g->nm->info[by_addr[k]].address;
      if (a >= s->start && a < s->end) {
        s->nodes = xreallocarray(s->nodes, s->nnodes + 1, sizeof *s->nodes);
        s->nodes[s->nnodes++] = by_addr[k];
      }
    }
    if (s->nnodes) syms[kept++] = *s;
    else free(s->name), free(s->file);
  }
  nsyms = kept;
  free(by_addr);
  if (nsyms) qsort(syms, nsyms, sizeof *syms, sym_order);
  bool ok = true;
  if (nsyms == 0) {
    *err = xasprintf("no matches found for regexp: %s", regex_pattern(rx));
    ok = false;
  }
  r->asm_ = xcalloc(nsyms + 1, sizeof *r->asm_);
  for (size_t i = 0; ok && i < nsyms; i++) {
    obj_sym *s = &syms[i];
    asm_routine *ar = &r->asm_[r->nasm];
    for (size_t k = 0; k < s->nnodes; k++)
      ar->flat = i64_add(ar->flat, g->flat[s->nodes[k]]), ar->cum = i64_add(ar->cum, g->cum[s->nodes[k]]);
    if (!disassemble(r, s, &ar->insts, &ar->ninsts, err)) {
      ok = false;
      break;
    }
    annotate(g, s, ar->insts, ar->ninsts);
    ar->name = s->name, s->name = NULL;
    r->nasm++;
  }
  for (size_t i = 0; i < nsyms; i++) free(syms[i].name), free(syms[i].file), free(syms[i].nodes);
  free(syms);
  return ok;
}
