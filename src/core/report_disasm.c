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
#include <unistd.h>

#include "tprof/gofmt.h"
#include "tprof/objfile.h"
#include "tprof/proc.h"
#include "tprof/regex.h"
#include "tprof/units.h"
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

/* pprof's binutils disassemble(): objdump's lines, an instruction ("ADDR: TEXT")
 * taking the function ("NAME():") and file:line lines before it; any other
 * line resets them. The regexps are pprof's, in Go syntax (regex.h). */
static const char *const objdump_rx[] = {
    "^\\s*([[:xdigit:]]+):\\s+(.*)",       /* objdumpAsmOutputRE */
    "^;?\\s?(.*):([0-9]+)",                /* objdumpOutputFileLine */
    "^;?\\s?(\\S.*)\\(\\):",             /* objdumpOutputFunction */
    "^([[:xdigit:]]+)?\\s?(.*):",            /* objdumpOutputFunctionLLVM */
};

static char *ov_str(const char *s, const size_t *ov, int i) {
  if (ov[2 * i] == SIZE_MAX) return xstrdup("");
  return xstrndup(s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
}

static void binutils_parse(report *r, char *text, uint64_t start, asm_inst **out, size_t *nout) {
  tregex *re[4];
  for (int i = 0; i < 4; i++) {
    char *e = NULL;
    re[i] = regex_compile_env(objdump_rx[i], r->cfg.env, &e);
    if (!re[i]) xfatal("disasm: bad pattern %d: %s", i, e ? e : "?");
  }
  char *fn_name = xstrdup(""), *file = xstrdup("");
  int64_t line = 0;
  size_t cap = 0, ov[10];
  for (char *p = text; p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    char *in = p;
    while (*in == ' ' || (*in >= '\t' && *in <= '\r')) in++;
    for (size_t k = strlen(in); k > 0 && (in[k - 1] == ' ' || (in[k - 1] >= '\t' && in[k - 1] <= '\r')); k--) in[k - 1] = 0;
    p = nl ? nl + 1 : NULL;
    uint64_t addr;
    if (regex_groups(re[0], in, ov, 5) == 3) {
      char *hex = ov_str(in, ov, 1), *x = xasprintf("0x%s", hex);
      bool ok = parse_uint0(x, &addr);
      free(hex), free(x);
      if (ok) {
        if (addr >= start) {
          XGROW(*out, cap, *nout + 1);
          (*out)[(*nout)++] = (asm_inst){addr, ov_str(in, ov, 2), "", xstrdup(file), line, 0, 0, xstrdup(fn_name)};
        }
        continue;
      }
    }
    if (regex_groups(re[1], in, ov, 5) == 3) {
      char *num = ov_str(in, ov, 2); /* strconv.ParseUint(s, 10, 32) */
      uint64_t l = 0;
      bool ok = true;
      for (const char *q = num; *q && ok; q++) ok = l <= UINT32_MAX, l = l * 10 + (uint64_t)(*q - '0');
      if (ok && l <= UINT32_MAX) free(file), file = ov_str(in, ov, 1), line = (int64_t)l;
      free(num);
      continue;
    }
    if (regex_groups(re[2], in, ov, 5) == 2) {
      free(fn_name), fn_name = ov_str(in, ov, 1);
      continue;
    }
    if (regex_groups(re[3], in, ov, 5) == 3) {
      free(fn_name), fn_name = ov_str(in, ov, 2);
      continue;
    }
    free(fn_name), free(file);
    fn_name = xstrdup(""), file = xstrdup(""), line = 0;
  }
  free(fn_name), free(file);
  for (int i = 0; i < 4; i++) regex_free(re[i]);
}

/* pprof's obj.Disasm(file, start, end): Go's disassembler over [start, end),
 * through go tool objdump, which decodes each symbol over the range from its
 * own start: with first_only, the first symbol's block (disasm asks for one
 * symbol's range); else every block, without what lies before start. With no
 * go on PATH, binutils' objdump as pprof itself runs it (its own syntax). */
static bool objdump_range(report *r, const char *file, uint64_t start, uint64_t end, bool first_only, asm_inst **out,
                          size_t *nout, char **err) {
  char a[32], b[32];
  snprintf(a, sizeof a, "%#" PRIx64, start);
  snprintf(b, sizeof b, "%#" PRIx64, end);
  const char *argv[] = {"go", "tool", "objdump", file, a, b, NULL};
  strbuf o = STRBUF_INIT;
  *out = NULL, *nout = 0;
  if (!proc_run(r->cfg.env, "go", argv, NULL, true, &o, err)) {
    if (strncmp(*err, "exec: \"go\"", 10) != 0) {
      sb_free(&o);
      return false;
    }
    char *goerr = *err;
    *err = NULL;
    char sa[48], ea[48];
    snprintf(sa, sizeof sa, "--start-address=%#" PRIx64, start);
    snprintf(ea, sizeof ea, "--stop-address=%#" PRIx64, end);
    const char *bu[] = {"objdump", "--disassemble", "--demangle", "--no-show-raw-insn", "--line-numbers", sa, ea, file, NULL};
    sb_reset(&o);
    if (!proc_run(r->cfg.env, "objdump", bu, NULL, true, &o, err)) { /* neither: say why go was not run */
      free(*err);
      *err = goerr;
      sb_free(&o);
      return false;
    }
    free(goerr);
    if (o.len) binutils_parse(r, o.s, start, out, nout);
    sb_free(&o);
    return true;
  }
  size_t cap = 0, texts = 0;
  char *p = o.s;
  while (p && *p) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    if (!strncmp(p, "TEXT ", 5) && ++texts > 1 && first_only) break;
    asm_inst in;
    if (objdump_line(p, &in)) {
      if (in.addr < start) {
        free(in.file), free(in.text);
      } else {
        XGROW(*out, cap, *nout + 1);
        (*out)[(*nout)++] = in;
      }
    }
    p = nl ? nl + 1 : NULL;
  }
  sb_free(&o);
  return true;
}

static bool disassemble(report *r, const obj_sym *s, asm_inst **out, size_t *nout, char **err) {
  return objdump_range(r, s->file, s->start, s->end, true, out, nout, err);
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
    if (in->objfn) in->function = in->objfn;
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

/* ---- weblist (pprof's PrintWebList and its sourcePrinter) ---- */

typedef struct call_id {
  const char *file;
  int64_t line;
} call_id;

typedef struct frame {
  const char *func, *file; /* borrowed: the profile's or the object file's strings */
  int64_t line;
} frame;

typedef struct wl_addr {
  uint64_t addr;
  int64_t flat, cum;
  uint32_t loc;   /* the location that made it interesting, or TPROF_NONE */
  int obj;        /* its object file, -1 for none */
} wl_addr;

typedef struct wl_inst {
  uint64_t addr, objaddr, length;
  char *text;          /* NULL: synthesized (no object file) */
  const char *file;
  int64_t line, flat, cum;
} wl_inst;

typedef struct wl_line { /* an instruction shown under a source line */
  int64_t line;
  uint64_t addr;
  call_id *stack;
  size_t nstack, seq;
  const char *func;
} wl_line;

typedef struct wl_file {
  char *fname;
  int64_t flat, cum;
  wl_line *lines;
  size_t nlines, cap;
} wl_file;

typedef struct wl_obj {
  const char *file;
  objfile *f; /* NULL: could not be opened */
} wl_obj;

typedef struct weblist {
  report *r;
  wl_addr *addrs;
  size_t naddrs, acap;
  u64map aidx;
  wl_inst *insts;
  size_t ninsts, icap;
  u64map iidx;
  wl_file *files;
  size_t nfiles, fcap;
  wl_obj *objs;
  size_t nobjs, ocap;
  const char **interest;
  size_t ninterest, incap;
  uint64_t synth_next;
  uint64_t *synth; /* location -> its synthesized address (pprof's synthCode), 0: none yet */
  size_t seq;
  arena mem;
  intern strs; /* names and files from the object files and objdump */
} weblist;

static wl_addr *wl_addr_get(weblist *w, uint64_t a) {
  uint32_t i = u64map_get(&w->aidx, a);
  if (i != TPROF_NONE) return &w->addrs[i];
  XGROW(w->addrs, w->acap, w->naddrs + 1);
  u64map_put(&w->aidx, a, (uint32_t)w->naddrs);
  w->addrs[w->naddrs] = (wl_addr){a, 0, 0, TPROF_NONE, -1};
  return &w->addrs[w->naddrs++];
}

static bool wl_interesting(const weblist *w, const char *name) {
  for (size_t i = 0; i < w->ninterest; i++)
    if (!strcmp(w->interest[i], name)) return true;
  return false;
}

static void wl_interest(weblist *w, const char *name) {
  if (wl_interesting(w, name)) return;
  XGROW(w->interest, w->incap, w->ninterest + 1);
  w->interest[w->ninterest++] = name;
}

/* pprof's objectFile: opened once per file, NULL cached on error. */
static int wl_object(weblist *w, const mapping *m) {
  for (size_t i = 0; i < w->nobjs; i++)
    if (!strcmp(w->objs[i].file, m->file)) return w->objs[i].f ? (int)i : -1;
  char *err = NULL;
  objfile *f = objfile_open(m->file, &err);
  free(err);
  XGROW(w->objs, w->ocap, w->nobjs + 1);
  w->objs[w->nobjs++] = (wl_obj){m->file, f};
  return f ? (int)w->nobjs - 1 : -1;
}

static void wl_mark(weblist *w, uint64_t addr, uint32_t loc, size_t line) {
  const profile *p = w->r->view;
  const location *l = &p->locations[loc];
  const pline *ln = &p->lines[l->line_off + line];
  if (ln->func == TPROF_NONE) return;
  const function *fn = &p->functions[ln->func];
  wl_interest(w, fn->name), wl_interest(w, fn->system_name);
  wl_addr *a = wl_addr_get(w, addr);
  if (a->loc == TPROF_NONE) a->loc = loc, a->obj = l->mapping != TPROF_NONE ? wl_object(w, &p->mappings[l->mapping]) : -1;
}

static wl_file *wl_file_get(weblist *w, const char *path) {
  const char *f = path;
  if (!strncmp(f, "/proc/self/cwd/", 15)) f += 15;
  if (!strncmp(f, "./", 2)) f += 2;
  char *clean = path_clean(f);
  for (size_t i = 0; i < w->nfiles; i++)
    if (!strcmp(w->files[i].fname, clean)) {
      free(clean);
      return &w->files[i];
    }
  XGROW(w->files, w->fcap, w->nfiles + 1);
  w->files[w->nfiles] = (wl_file){clean, 0, 0, NULL, 0, 0};
  return &w->files[w->nfiles++];
}

/* pprof's addStack: the frames (innermost first) under each interesting frame's file and line. */
static void wl_add_stack(weblist *w, uint64_t addr, const frame *fr, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!wl_interesting(w, fr[i].func)) continue;
    wl_file *f = wl_file_get(w, fr[i].file);
    call_id *st = i ? xcalloc(i, sizeof *st) : NULL;
    for (size_t j = 0; j < i; j++) st[j] = (call_id){fr[i - 1 - j].file, fr[i - 1 - j].line};
    XGROW(f->lines, f->cap, f->nlines + 1);
    f->lines[f->nlines++] = (wl_line){fr[i].line, addr, st, i, w->seq++, fr[i].func};
  }
}

static wl_inst *wl_inst_put(weblist *w, const wl_inst *x) {
  uint32_t i = u64map_get(&w->iidx, x->addr);
  if (i == TPROF_NONE) {
    XGROW(w->insts, w->icap, w->ninsts + 1);
    i = (uint32_t)w->ninsts++;
    u64map_put(&w->iidx, x->addr, i);
  } else {
    free(w->insts[i].text);
  }
  w->insts[i] = *x;
  return &w->insts[i];
}

static const wl_inst *wl_inst_at(const weblist *w, uint64_t a) {
  uint32_t i = u64map_get(&w->iidx, a);
  return i == TPROF_NONE ? NULL : &w->insts[i];
}

static int u64_order(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

typedef struct wl_range {
  uint64_t begin, end;
  int obj;
  const mapping *m;
  int64_t score;
  size_t order;
} wl_range;

static int range_order(const void *a, const void *b) {
  const wl_range *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* pprof's makeFrames: a location's lines as frames, innermost first. */
static size_t loc_frames(const profile *p, uint32_t loc, frame *out) {
  const location *l = &p->locations[loc];
  size_t n = 0;
  for (uint32_t k = 0; k < l->nlines; k++) {
    const pline *ln = &p->lines[l->line_off + k];
    if (ln->func == TPROF_NONE) continue;
    const function *fn = &p->functions[ln->func];
    out[n++] = (frame){fn->name, fn->filename, ln->line};
  }
  return n;
}

/* pprof's expandAddresses: disassemble ranges around the interesting addresses. */
static void wl_expand(weblist *w) {
  const profile *p = w->r->view;
  uint64_t *with = xmalloc((w->naddrs + 1) * sizeof *with), *without = xmalloc((w->naddrs + 1) * sizeof *without);
  size_t nw = 0, nwo = 0;
  for (size_t i = 0; i < w->naddrs; i++) {
    if (w->addrs[i].loc == TPROF_NONE) continue;
    if (w->addrs[i].obj >= 0) with[nw++] = w->addrs[i].addr;
    else without[nwo++] = w->addrs[i].addr;
  }
  if (nw) qsort(with, nw, sizeof *with, u64_order);
  if (nwo) qsort(without, nwo, sizeof *without, u64_order);
  /* splitIntoRanges */
  const uint64_t expand = 500;
  wl_range *ranges = xcalloc(nw + 1, sizeof *ranges);
  size_t nr = 0;
  for (size_t i = 0; i < nw;) {
    uint64_t begin = with[i], end = with[i];
    const wl_addr *a = wl_addr_get(w, begin);
    int64_t sum = a->flat;
    const mapping *m = &p->mappings[p->locations[a->loc].mapping];
    int obj = a->obj;
    for (i++; i < nw && with[i] <= end + 2 * expand && with[i] < m->limit; i++) end = with[i], sum += wl_addr_get(w, end)->flat;
    begin = m->start - begin >= expand ? begin - expand : m->start;
    end = m->limit - end >= expand ? end + expand : m->limit;
    ranges[nr] = (wl_range){begin, end, obj, m, sum, nr};
    nr++;
  }
  /* handleUnprocessed */
  frame *fr = NULL;
  size_t frcap = 0;
  for (size_t i = 0; i < nwo; i++) {
    const wl_addr *a = wl_addr_get(w, without[i]);
    XGROW(fr, frcap, p->locations[a->loc].nlines + 1);
    size_t n = loc_frames(p, a->loc, fr);
    wl_inst x = {without[i], without[i], 1, NULL, n ? fr[0].file : "", n ? fr[0].line : 0, 0, 0};
    wl_inst_put(w, &x);
    wl_add_stack(w, without[i], fr, n);
  }
  qsort(ranges, nr, sizeof *ranges, range_order);
  if (nr > 25) nr = 25;
  for (size_t ri = 0; ri < nr; ri++) {
    const wl_range *rg = &ranges[ri];
    asm_inst *insts;
    size_t ni;
    char *err = NULL;
    if (!objdump_range(w->r, rg->m->file, rg->begin, rg->end, false, &insts, &ni, &err)) {
      free(err);
      continue;
    }
    const objfile *of = w->objs[rg->obj].f;
    frame last[1];
    bool have_last = false;
    uint64_t last_addr = 0, max_addr = 0;
    for (size_t i = 0; i < ni; i++) {
      uint64_t addr = insts[i].addr;
      if (addr <= max_addr) continue;
      max_addr = addr;
      uint64_t length = i + 1 < ni && insts[i + 1].addr > addr ? insts[i + 1].addr - addr : 1;
      frame f1;
      const char *fn, *file;
      size_t fnl, filel;
      int64_t line;
      if (objfile_go_pc_line(of, addr, &fn, &fnl, &file, &filel, &line)) {
        f1 = (frame){intern_n(&w->strs, fn, fnl), intern_n(&w->strs, file, filel), line};
      } else {
        f1 = (frame){insts[i].objfn ? intern_s(&w->strs, insts[i].objfn) : "", intern_s(&w->strs, insts[i].file),
                     insts[i].line};
      }
      wl_inst x = {addr, addr, length, insts[i].text, f1.file, f1.line, 0, 0};
      insts[i].text = NULL;
      wl_inst_put(w, &x);
      const frame *use = &f1;
      if (f1.line != 0) {
        last[0] = f1, have_last = true, last_addr = addr;
      } else if (addr - last_addr <= 32 && have_last) {
        use = last;
      }
      wl_add_stack(w, addr, use, 1);
    }
    for (size_t i = 0; i < ni; i++) free(insts[i].text), free(insts[i].file), free(insts[i].objfn);
    free(insts);
  }
  free(fr), free(ranges), free(with), free(without);
}

typedef struct wl_func {
  const char *name;
  int64_t begin, end, flat, cum;
} wl_func;

static int wl_line_order(const void *a, const void *b) {
  const wl_line *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int wl_file_order(const void *a, const void *b) {
  return strcmp(((const wl_file *)a)->fname, ((const wl_file *)b)->fname);
}

static void html_escape(strbuf *sb, const char *s) {
  for (; *s; s++) switch (*s) {
    case '<': sb_adds(sb, "&lt;"); break;
    case '>': sb_adds(sb, "&gt;"); break;
    case '&': sb_adds(sb, "&amp;"); break;
    case '\'': sb_adds(sb, "&#39;"); break;
    case '"': sb_adds(sb, "&#34;"); break;
    case 0: break;
    default: sb_addc(sb, *s);
    }
}

static void html_escaped(strbuf *out, const char *s) {
  strbuf e = STRBUF_INIT;
  html_escape(&e, s);
  sb_add(out, sb_str(&e), e.len);
  sb_free(&e);
}

/* pprof's rightPad: tabs to the next 8-column stop, then spaces up to n columns (runes). */
static char *right_pad(const char *s, size_t n) {
  strbuf sb = STRBUF_INIT;
  size_t col = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xc0) == 0x80) {
      sb_addc(&sb, (char)*p);
      continue;
    }
    col++;
    if (*p == '\t') {
      sb_addc(&sb, ' ');
      while (col % 8) col++, sb_addc(&sb, ' ');
    } else {
      sb_addc(&sb, (char)*p);
    }
  }
  while (col < n) col++, sb_addc(&sb, ' ');
  return sb_steal(&sb);
}

static size_t indentation(const char *s) {
  size_t col = 0;
  for (; *s == ' ' || *s == '\t'; s++) {
    col++;
    if (*s == '\t')
      while (col % 8) col++;
  }
  return col;
}

static const char *wl_value(const report *r, int64_t v, char buf[64]) { return v == 0 ? "." : report_fmt(r, v, buf); }

static void wl_source_line(weblist *w, src_reader *rd, strbuf *out, int64_t lineno, int64_t flat, int64_t cum,
                           const char *contents, const wl_line *ls, size_t n) {
  report *r = w->r;
  char a[64], b[64];
  if (n == 0) {
    sb_printf(out, "<span class=line> %6" PRId64 "</span> <span class=nop>  %10s %10s %8s  ", lineno, wl_value(r, flat, a),
              wl_value(r, cum, b), "");
    html_escaped(out, contents);
    sb_adds(out, " </span>\n");
    return;
  }
  bool nested = false;
  for (size_t i = 0; i < n; i++)
    if (ls[i].nstack || wl_inst_at(w, ls[i].addr)->text) nested = true;
  sb_printf(out, "<span class=line> %6" PRId64 "</span> <span class=%s>  %10s %10s %8s  ", lineno,
            nested ? "livesrc" : "deadsrc", wl_value(r, flat, a), wl_value(r, cum, b), "");
  html_escaped(out, contents);
  sb_adds(out, " </span>");
  if (nested) {
    size_t indent = indentation(contents);
    sb_adds(out, "<span class=asm>");
    const call_id *cur = NULL;
    size_t ncur = 0;
    uint64_t last = 0;
    for (size_t i = 0; i < n; i++) {
      const wl_inst *x = wl_inst_at(w, ls[i].addr);
      const wl_inst *lx = wl_inst_at(w, last);
      bool starts = ls[i].addr != last + (lx ? lx->length : 0);
      last = ls[i].addr;
      if (starts && i != 0) sb_printf(out, " %8s %27s\xe2\x8b\xae\n", "", ""); /* Go pads "⋮" to 28 runes */
      for (size_t j = 0; j < ls[i].nstack; j++) {
        const call_id *c = &ls[i].stack[j];
        if (j < ncur && cur[j].line == c->line && !strcmp(cur[j].file, c->file)) continue;
        ncur = 0;
        char *fl = report_source_line(rd, c->file, c->line);
        const char *t = fl ? fl : "";
        while (*t == ' ' || (*t >= '\t' && *t <= '\r')) t++;
        char *trimmed = xstrdup(t);
        for (size_t k = strlen(trimmed); k > 0 && (trimmed[k - 1] == ' ' || (trimmed[k - 1] >= '\t' && trimmed[k - 1] <= '\r')); k--)
          trimmed[k - 1] = 0;
        strbuf txt = STRBUF_INIT;
        for (size_t k = 0; k < indent + 4 + 4 * j; k++) sb_addc(&txt, ' ');
        sb_adds(&txt, trimmed);
        char *padded = right_pad(sb_str(&txt), 80);
        sb_printf(out, " %8s %10s %10s %8s  <span class=inlinesrc>", "", "", "", "");
        html_escaped(out, padded);
        sb_adds(out, "</span> <span class=unimportant>");
        html_escaped(out, path_base_ptr(c->file));
        sb_printf(out, ":%" PRId64 "</span>\n", c->line);
        free(padded), free(trimmed), free(fl), sb_free(&txt);
      }
      cur = ls[i].stack, ncur = ls[i].nstack;
      if (!x->text) continue;
      strbuf txt = STRBUF_INIT;
      for (size_t k = 0; k < indent + 4 + 4 * ncur; k++) sb_addc(&txt, ' ');
      sb_adds(&txt, x->text);
      char *padded = right_pad(sb_str(&txt), 80);
      sb_printf(out, " %8s %10s %10s %8" PRIx64 ": ", "", wl_value(r, x->flat, a), wl_value(r, x->cum, b), x->objaddr);
      html_escaped(out, padded);
      sb_adds(out, " <span class=unimportant>");
      if (*x->file) {
        html_escaped(out, path_base_ptr(x->file));
        sb_printf(out, ":%" PRId64, x->line);
      }
      sb_adds(out, "</span>\n");
      free(padded), sb_free(&txt);
    }
    sb_adds(out, "</span>");
  }
  sb_addc(out, '\n');
}

static void wl_print_file(weblist *w, src_reader *rd, wl_file *f, strbuf *out) {
  report *r = w->r;
  if (f->nlines) qsort(f->lines, f->nlines, sizeof *f->lines, wl_line_order);
  /* functions: merge near lines of one function, then widen */
  wl_func *fns = xcalloc(f->nlines + 1, sizeof *fns);
  size_t nf = 0;
  for (size_t i = 0; i < f->nlines;) {
    int64_t l = f->lines[i].line;
    const char *name = f->lines[i].func; /* the first appended for the line */
    wl_func fn = {name, l, l + 1, 0, 0};
    size_t j = i;
    for (; j < f->nlines && f->lines[j].line == l; j++) {
      const wl_inst *x = wl_inst_at(w, f->lines[j].addr);
      fn.flat += x->flat, fn.cum += x->cum;
    }
    i = j;
    if (nf && l - fns[nf - 1].end < 20 && !strcmp(fns[nf - 1].name, name)) {
      fns[nf - 1].end = l + 1, fns[nf - 1].flat += fn.flat, fns[nf - 1].cum += fn.cum;
      continue;
    }
    fns[nf++] = fn;
  }
  for (size_t i = 0; i < nf; i++) {
    if (i == 0) {
      if (fns[i].begin > 5) fns[i].begin -= 5;
      else if (fns[i].begin > 1) fns[i].begin = 1;
    } else {
      int64_t half = (fns[i].begin - fns[i - 1].end) / 2;
      if (half > 5) half = 5;
      fns[i - 1].end += half, fns[i].begin -= half;
    }
  }
  if (nf) fns[nf - 1].end += 5;
  char a[64], b[64], pct[32];
  size_t k = 0;
  for (size_t fi = 0; fi < nf; fi++) {
    const wl_func *fn = &fns[fi];
    if (fn->cum == 0) continue;
    sb_adds(out, "<h2>");
    html_escaped(out, fn->name);
    sb_adds(out, "</h2><p class=\"filename\">");
    html_escaped(out, f->fname);
    sb_printf(out, "</p>\n<pre onClick=\"pprof_toggle_asm(event)\">\n  Total:  %10s %10s (flat, cum) %s\n",
              report_fmt(r, fn->flat, a), report_fmt(r, fn->cum, b), units_pct_buf(pct, fn->cum, r->total));
    for (int64_t l = fn->begin; l < fn->end; l++) {
      while (k < f->nlines && f->lines[k].line < l) k++;
      size_t k0 = k, k1 = k;
      while (k1 < f->nlines && f->lines[k1].line == l) k1++;
      /* the lines may be revisited by a later function: keep k at the first of l */
      char *contents = report_source_line(rd, f->fname, l);
      const char *shown = contents;
      if (!contents) {
        if (k1 == k0) continue;
        shown = l == 0 ? "<instructions with unknown line numbers>" : "???";
      }
      int64_t fsum = 0, csum = 0;
      for (size_t j = k0; j < k1; j++) {
        const wl_inst *x = wl_inst_at(w, f->lines[j].addr);
        fsum += x->flat, csum += x->cum;
      }
      wl_source_line(w, rd, out, l, fsum, csum, shown, f->lines + k0, k1 - k0);
      free(contents);
    }
    sb_adds(out, "</pre>\n");
    k = 0;
  }
  free(fns);
}

static const char weblist_css[] =
    "<style type=\"text/css\">\nbody #content{\nfont-family: sans-serif;\n}\nh1 {\n  font-size: 1.5em;\n}\n"
    ".legend {\n  font-size: 1.25em;\n}\n.line, .nop, .unimportant {\n  color: #aaaaaa;\n}\n.inlinesrc {\n"
    "  color: #000066;\n}\n.livesrc {\ncursor: pointer;\n}\n.livesrc:hover {\nbackground-color: #eeeeee;\n}\n"
    ".asm {\ncolor: #008800;\ndisplay: none;\n}\n</style>";
static const char weblist_js[] =
    "<script type=\"text/javascript\">\nfunction pprof_toggle_asm(e) {\n  var target;\n  if (!e) e = window.event;\n"
    "  if (e.target) target = e.target;\n  else if (e.srcElement) target = e.srcElement;\n\n  if (target) {\n"
    "    var asm = target.nextSibling;\n    if (asm && asm.className == \"asm\") {\n"
    "      asm.style.display = (asm.style.display == \"block\" ? \"\" : \"block\");\n      e.preventDefault();\n"
    "      return false;\n    }\n  }\n}\n</script>";

bool report_gen_weblist(report *r, char **err) {
  tregex *rx = report_symbol(r);
  char *cwd = NULL;
  const char *search = r->cfg.source_path;
  if (!*search) {
    cwd = getcwd(NULL, 0);
    if (!cwd) {
      *err = xasprintf("could not stat current dir: %s", go_strerror(errno));
      return false;
    }
    search = cwd;
  }
  const profile *p = r->view;
  weblist w;
  memset(&w, 0, sizeof w);
  w.r = r;
  u64map_init(&w.aidx, 64), u64map_init(&w.iidx, 64);
  arena_init(&w.mem);
  intern_init(&w.strs, &w.mem);
  w.synth_next = 1;
  for (size_t i = 0; i < p->nmappings; i++)
    if (w.synth_next < p->mappings[i].limit) w.synth_next = p->mappings[i].limit;
  w.synth = xcalloc(p->nlocations + 1, sizeof *w.synth);
  uint64_t address = 0;
  bool has_address = rx && parse_uint0(regex_pattern(rx), &address);
  for (size_t s = 0; s < p->nsamples; s++) {
    const int64_t *v = profile_values(p, s);
    int64_t value = v[r->sample_index], d = r->mean ? v[0] : 0;
    if (d != 0) value /= d;
    size_t n;
    stk st = profile_stack(p, s, &n);
    for (size_t i = n; i-- > 0;) {
      uint32_t li = stk_at(st, i);
      const location *l = &p->locations[li];
      uint64_t addr = l->address;
      if (addr == 0) { /* pprof's synthCode: a new address past every mapping, one a location */
        if (!w.synth[li]) w.synth[li] = ++w.synth_next;
        addr = w.synth[li];
      }
      wl_addr *a = wl_addr_get(&w, addr);
      a->cum += value;
      if (i == 0) a->flat += value;
      if (!rx || (has_address && addr == address)) {
        if (l->nlines) wl_mark(&w, addr, li, l->nlines - 1);
        continue;
      }
      bool match_file = l->mapping != TPROF_NONE && regex_match(rx, p->mappings[l->mapping].file);
      for (uint32_t j = 0; j < l->nlines; j++) {
        const pline *ln = &p->lines[l->line_off + j];
        bool m = j == 0 && match_file;
        if (!m && ln->func != TPROF_NONE) {
          const function *fn = &p->functions[ln->func];
          m = regex_match(rx, fn->name) || regex_match(rx, fn->system_name) || regex_match(rx, fn->filename);
        }
        if (m) wl_mark(&w, addr, li, j);
      }
    }
  }
  bool ok = true;
  if (w.ninterest == 0) {
    *err = xasprintf("no matches found for regexp: %s", rx ? regex_pattern(rx) : "");
    ok = false;
  }
  src_reader *rd = NULL;
  if (ok) {
    wl_expand(&w);
    /* initSamples: an instruction takes the samples up to its end */
    for (size_t i = 0; i < w.ninsts; i++) {
      wl_inst *x = &w.insts[i];
      for (uint64_t a = x->addr; a < x->addr + x->length; a++) {
        uint32_t k = u64map_get(&w.aidx, a);
        if (k != TPROF_NONE) x->flat += w.addrs[k].flat, x->cum += w.addrs[k].cum;
      }
    }
    strbuf *out = &r->text;
    sb_adds(out, "\n<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n<title>Pprof listing</title>\n");
    sb_printf(out, "%s\n%s\n</head>\n<body>\n\n<div class=\"legend\">", weblist_css, weblist_js);
    char **labels = NULL;
    size_t nlabels = 0;
    report_profile_labels(r->view, r->sample_type, r->sample_unit, r->total, r, &labels, &nlabels);
    for (size_t i = 0; i < nlabels; i++) {
      if (i) sb_adds(out, "<br>\n");
      html_escaped(out, labels[i]);
      free(labels[i]);
    }
    free(labels);
    char a[64];
    sb_printf(out, "<br>Total: %s</div>", report_fmt(r, r->total, a));
    rd = report_source_reader_new(search, r->cfg.trim_path);
    if (w.nfiles) qsort(w.files, w.nfiles, sizeof *w.files, wl_file_order);
    for (size_t i = 0; i < w.nfiles; i++) wl_print_file(&w, rd, &w.files[i], out);
    sb_adds(out, "\n</body>\n</html>\n");
  }
  report_source_reader_free(rd);
  for (size_t i = 0; i < w.nfiles; i++) {
    for (size_t k = 0; k < w.files[i].nlines; k++) free(w.files[i].lines[k].stack);
    free(w.files[i].lines), free(w.files[i].fname);
  }
  for (size_t i = 0; i < w.ninsts; i++) free(w.insts[i].text);
  for (size_t i = 0; i < w.nobjs; i++) objfile_close(w.objs[i].f);
  free(w.files), free(w.insts), free(w.addrs), free(w.objs), free(w.interest), free(w.synth);
  u64map_free(&w.aidx), u64map_free(&w.iidx);
  intern_free(&w.strs), arena_free(&w.mem);
  free(cwd);
  return ok;
}
