/*
 * objfile.c: ELF files and Go pcln tables for the symbolizer (objfile.h).
 * The file is mapped read-only and never trusted: every offset is checked
 * against the mapping before it is read. The pcln reader follows Go 1.19's
 * debug/gosym (pclntab.go, symtab.go), which go tool pprof's object tool
 * uses: the function is the functab entry containing pc, the file and line
 * come from its pcfile/pcln pc-value tables.
 */
#include "tprof/objfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tprof/gofmt.h"
#include "tprof/util.h"

enum { VER_NONE, VER12, VER116, VER118, VER120 };

typedef struct pcln {
  int ver;
  bool le;
  const unsigned char *data;
  size_t len;
  unsigned quantum, ptrsize;
  uint64_t text_start, nfunctab;
  size_t funcnametab, cutab, filetab, pctab, funcdata, functab, functab_len; /* offsets into data */
} pcln;

struct objfile {
  char *path;
  const unsigned char *map;
  size_t size;
  bool is64, le;
  char build_id[130];
  bool has_load;
  uint64_t load;
  pcln go;
};

/* ---- bounded reads ---- */

static bool in_range(size_t size, uint64_t off, uint64_t n) { return off <= size && n <= size - off; }

static uint64_t rd(const unsigned char *p, unsigned n, bool le) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++) v |= (uint64_t)p[le ? i : n - 1 - i] << (8 * i);
  return v;
}

/* An n-byte word of the file at off, or 0 (with *ok false) out of range. */
static uint64_t frd(const objfile *f, uint64_t off, unsigned n, bool *ok) {
  if (!in_range(f->size, off, n)) {
    *ok = false;
    return 0;
  }
  return rd(f->map + off, n, f->le);
}

/* ---- ELF ---- */

typedef struct section {
  uint64_t name, type, addr, off, size, link;
} section;

static bool elf_section(const objfile *f, uint64_t i, section *s) {
  bool ok = true;
  uint64_t shoff = f->is64 ? frd(f, 0x28, 8, &ok) : frd(f, 0x20, 4, &ok);
  unsigned shentsize = (unsigned)frd(f, f->is64 ? 0x3a : 0x2e, 2, &ok);
  uint64_t sh = shoff + i * shentsize;
  if (!ok || shentsize < (f->is64 ? 64u : 40u) || shoff > f->size) return false;
  if (f->is64) {
    *s = (section){frd(f, sh, 4, &ok),        frd(f, sh + 4, 4, &ok),  frd(f, sh + 16, 8, &ok),
                   frd(f, sh + 24, 8, &ok),   frd(f, sh + 32, 8, &ok), frd(f, sh + 40, 4, &ok)};
  } else {
    *s = (section){frd(f, sh, 4, &ok),        frd(f, sh + 4, 4, &ok),  frd(f, sh + 12, 4, &ok),
                   frd(f, sh + 16, 4, &ok),   frd(f, sh + 20, 4, &ok), frd(f, sh + 24, 4, &ok)};
  }
  return ok;
}

static uint64_t elf_nsections(const objfile *f) {
  bool ok = true;
  uint64_t n = frd(f, f->is64 ? 0x3c : 0x30, 2, &ok);
  return ok ? n : 0;
}

/* The section named name, its contents in range of the file (SHT_NOBITS has none). */
static bool elf_find(const objfile *f, const char *name, section *out) {
  bool ok = true;
  uint64_t shstrndx = frd(f, f->is64 ? 0x3e : 0x32, 2, &ok);
  section strs;
  if (!ok || !elf_section(f, shstrndx, &strs) || !in_range(f->size, strs.off, strs.size)) return false;
  uint64_t n = elf_nsections(f);
  size_t nl = strlen(name);
  for (uint64_t i = 0; i < n; i++) {
    section s;
    if (!elf_section(f, i, &s) || s.name >= strs.size || strs.size - s.name < nl + 1) continue;
    if (memcmp(f->map + strs.off + s.name, name, nl + 1) != 0) continue;
    if (s.type == 8 /* SHT_NOBITS */ || !in_range(f->size, s.off, s.size)) return false;
    *out = s;
    return true;
  }
  return false;
}

/* The value of symbol name in .symtab. */
static bool elf_symbol(const objfile *f, const char *name, uint64_t *value) {
  section sym, str;
  if (!elf_find(f, ".symtab", &sym) || !elf_section(f, sym.link, &str) || !in_range(f->size, str.off, str.size))
    return false;
  unsigned ent = f->is64 ? 24 : 16;
  size_t nl = strlen(name);
  for (uint64_t o = 0; o + ent <= sym.size; o += ent) {
    bool ok = true;
    uint64_t nm = frd(f, sym.off + o, 4, &ok);
    if (!ok || nm >= str.size || str.size - nm < nl + 1 || memcmp(f->map + str.off + nm, name, nl + 1)) continue;
    *value = f->is64 ? frd(f, sym.off + o + 8, 8, &ok) : frd(f, sym.off + o + 4, 4, &ok);
    return ok;
  }
  return false;
}

static int sym_addr_order(const void *a, const void *b) {
  const objfile_sym *x = a, *y = b;
  return x->addr < y->addr ? -1 : x->addr > y->addr;
}

size_t objfile_symbols(const objfile *f, objfile_sym **out) {
  *out = NULL;
  section sym, str;
  if (!elf_find(f, ".symtab", &sym) || !elf_section(f, sym.link, &str) || !in_range(f->size, str.off, str.size))
    return 0;
  unsigned ent = f->is64 ? 24 : 16;
  size_t n = 0;
  objfile_sym *v = xcalloc(sym.size / ent + 1, sizeof *v);
  /* the first entry is the null symbol, which Go's elf.Symbols leaves out */
  for (uint64_t o = ent; o + ent <= sym.size; o += ent) {
    bool ok = true;
    uint64_t nm = frd(f, sym.off + o, 4, &ok);
    uint64_t addr = f->is64 ? frd(f, sym.off + o + 8, 8, &ok) : frd(f, sym.off + o + 4, 4, &ok);
    uint64_t size = f->is64 ? frd(f, sym.off + o + 16, 8, &ok) : frd(f, sym.off + o + 8, 4, &ok);
    if (!ok || nm >= str.size || !memchr(f->map + str.off + nm, 0, str.size - nm)) continue;
    v[n++] = (objfile_sym){(const char *)f->map + str.off + nm, addr, size};
  }
  qsort(v, n, sizeof *v, sym_addr_order);
  *out = v;
  return n;
}

static void elf_program_headers(objfile *f) {
  bool ok = true;
  uint64_t phoff = f->is64 ? frd(f, 0x20, 8, &ok) : frd(f, 0x1c, 4, &ok);
  unsigned phentsize = (unsigned)frd(f, f->is64 ? 0x36 : 0x2a, 2, &ok);
  uint64_t phnum = frd(f, f->is64 ? 0x38 : 0x2c, 2, &ok);
  if (!ok || phentsize < (f->is64 ? 56u : 32u)) return;
  for (uint64_t i = 0; i < phnum; i++) {
    uint64_t ph = phoff + i * phentsize;
    uint64_t type = frd(f, ph, 4, &ok);
    uint64_t flags = frd(f, ph + (f->is64 ? 4 : 24), 4, &ok);
    uint64_t vaddr = f->is64 ? frd(f, ph + 16, 8, &ok) : frd(f, ph + 8, 4, &ok);
    if (!ok) return;
    if (type == 1 /* PT_LOAD */ && (flags & 1 /* PF_X */)) {
      f->has_load = true, f->load = vaddr;
      return;
    }
  }
}

/* NT_GNU_BUILD_ID in .note.gnu.build-id (or any note section). */
static void elf_build_id(objfile *f) {
  uint64_t n = elf_nsections(f);
  for (uint64_t i = 0; i < n; i++) {
    section s;
    if (!elf_section(f, i, &s) || s.type != 7 /* SHT_NOTE */ || !in_range(f->size, s.off, s.size)) continue;
    for (uint64_t o = 0; o + 12 <= s.size;) {
      bool ok = true;
      uint64_t namesz = frd(f, s.off + o, 4, &ok), descsz = frd(f, s.off + o + 4, 4, &ok);
      uint64_t type = frd(f, s.off + o + 8, 4, &ok);
      uint64_t name = o + 12, desc = name + ((namesz + 3) & ~3ULL), next = desc + ((descsz + 3) & ~3ULL);
      if (!ok || namesz > s.size || descsz > s.size || next > s.size) break;
      if (type == 3 && namesz == 4 && !memcmp(f->map + s.off + name, "GNU", 4) && descsz <= 64) {
        for (uint64_t k = 0; k < descsz; k++) {
          static const char hex[] = "0123456789abcdef";
          f->build_id[2 * k] = hex[f->map[s.off + desc + k] >> 4];
          f->build_id[2 * k + 1] = hex[f->map[s.off + desc + k] & 15];
        }
        f->build_id[2 * descsz] = 0;
        return;
      }
      o = next;
    }
  }
}

/* ---- Go pcln table (debug/gosym) ---- */

static uint64_t prd(const pcln *t, size_t off, unsigned n, bool *ok) {
  if (!in_range(t->len, off, n)) {
    *ok = false;
    return 0;
  }
  return rd(t->data + off, n, t->le);
}

static void pcln_init(objfile *f) {
  section s;
  if (!elf_find(f, ".gopclntab", &s)) return;
  pcln *t = &f->go;
  t->data = f->map + s.off, t->len = (size_t)s.size;
  const unsigned char *d = t->data;
  if (t->len < 16 || d[4] || d[5] || (d[6] != 1 && d[6] != 2 && d[6] != 4) || (d[7] != 4 && d[7] != 8)) return;
  uint32_t le = (uint32_t)rd(d, 4, true), be = (uint32_t)rd(d, 4, false);
  static const struct { uint32_t magic; int ver; } magics[] = {
      {0xfffffffb, VER12}, {0xfffffffa, VER116}, {0xfffffff0, VER118}, {0xfffffff1, VER120}};
  int ver = VER_NONE;
  bool tle = true;
  for (size_t i = 0; i < sizeof magics / sizeof *magics; i++) {
    if (le == magics[i].magic) ver = magics[i].ver, tle = true;
    else if (be == magics[i].magic) ver = magics[i].ver, tle = false;
  }
  if (ver == VER_NONE) return;
  t->le = tle, t->quantum = d[6], t->ptrsize = d[7];
  bool ok = true;
#define WORD(i) prd(t, 8 + (size_t)(i) * t->ptrsize, t->ptrsize, &ok)
  uint64_t text = 0;
  section tx;
  if (elf_find(f, ".text", &tx)) text = tx.addr;
  uint64_t rt;
  if (elf_symbol(f, "runtime.text", &rt)) text = rt;
  unsigned fsz = ver >= VER118 ? 4 : t->ptrsize;
  if (ver >= VER118) {
    t->nfunctab = WORD(0), t->text_start = text;
    t->funcnametab = (size_t)WORD(3), t->cutab = (size_t)WORD(4), t->filetab = (size_t)WORD(5);
    t->pctab = (size_t)WORD(6), t->funcdata = t->functab = (size_t)WORD(7);
  } else if (ver == VER116) {
    t->nfunctab = WORD(0);
    t->funcnametab = (size_t)WORD(2), t->cutab = (size_t)WORD(3), t->filetab = (size_t)WORD(4);
    t->pctab = (size_t)WORD(5), t->funcdata = t->functab = (size_t)WORD(6);
  } else {
    t->nfunctab = WORD(0);
    t->funcdata = t->funcnametab = t->pctab = 0;
    t->functab = 8 + t->ptrsize;
    uint64_t fileoff = prd(t, t->functab + (size_t)(t->nfunctab * 2 + 1) * fsz, 4, &ok);
    t->filetab = (size_t)fileoff;
  }
#undef WORD
  if (!ok || t->nfunctab > t->len) return;
  t->functab_len = (size_t)(t->nfunctab * 2 + 1) * fsz;
  if (!in_range(t->len, t->functab, t->functab_len)) return;
  t->ver = ver;
}

static unsigned field_size(const pcln *t) { return t->ver >= VER118 ? 4 : t->ptrsize; }

static uint64_t ft_pc(const pcln *t, uint64_t i, bool *ok) {
  unsigned sz = field_size(t);
  uint64_t u = prd(t, t->functab + (size_t)(2 * i) * sz, sz, ok);
  return t->ver >= VER118 ? u + t->text_start : u;
}

/* The _func of functab entry i (an offset into data). */
static size_t ft_func(const pcln *t, uint64_t i, bool *ok) {
  unsigned sz = field_size(t);
  return t->funcdata + (size_t)prd(t, t->functab + (size_t)(2 * i + 1) * sz, sz, ok);
}

static uint64_t func_entry(const pcln *t, size_t fn, bool *ok) {
  if (t->ver >= VER118) return prd(t, fn, 4, ok) + t->text_start;
  return prd(t, fn, t->ptrsize, ok);
}

static uint32_t func_field(const pcln *t, size_t fn, unsigned n, bool *ok) {
  size_t off = fn + (t->ver >= VER118 ? 4 : t->ptrsize) + (size_t)(n - 1) * 4;
  return (uint32_t)prd(t, off, 4, ok);
}

static uint32_t varint(const pcln *t, size_t *p, bool *ok) {
  uint32_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (*p >= t->len || shift > 28) {
      *ok = false;
      return 0;
    }
    unsigned char b = t->data[(*p)++];
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
}

/* Go's pcvalue: the value of the table at off for targetpc, -1 when none. */
static int32_t pcvalue(const pcln *t, uint32_t off, uint64_t entry, uint64_t target, bool *ok) {
  size_t p = t->pctab + off;
  int32_t val = -1;
  uint64_t pc = entry;
  for (;;) {
    bool first = pc == entry;
    uint32_t uv = varint(t, &p, ok);
    if (!*ok || (uv == 0 && !first)) return -1;
    uv = (uv & 1) ? ~(uv >> 1) : uv >> 1;
    uint32_t pcd = varint(t, &p, ok);
    if (!*ok) return -1;
    pc += (uint64_t)pcd * t->quantum;
    val = (int32_t)((uint32_t)val + uv);
    if (target < pc) return val;
  }
}

/* A NUL-terminated string at off, in range. */
static bool cstr(const pcln *t, size_t off, const char **s, size_t *n) {
  if (off >= t->len) return false;
  const unsigned char *e = memchr(t->data + off, 0, t->len - off);
  if (!e) return false;
  *s = (const char *)t->data + off, *n = (size_t)(e - (t->data + off));
  return true;
}

bool objfile_go_pc_line(const objfile *f, uint64_t pc, const char **func, size_t *func_len, const char **file,
                        size_t *file_len, int64_t *line) {
  const pcln *t = &f->go;
  if (t->ver == VER_NONE || t->nfunctab == 0) return false;
  bool ok = true;
  if (pc < ft_pc(t, 0, &ok) || pc >= ft_pc(t, t->nfunctab, &ok) || !ok) return false;
  uint64_t lo = 0, hi = t->nfunctab; /* the first entry whose pc is above pc, minus one */
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (ft_pc(t, mid, &ok) > pc) hi = mid;
    else lo = mid + 1;
  }
  if (!ok || lo == 0) return false;
  size_t fn = ft_func(t, lo - 1, &ok);
  uint32_t nameoff = func_field(t, fn, 1, &ok);
  if (!ok || !cstr(t, t->funcnametab + nameoff, func, func_len)) return false;
  /* file and line: Go recovers from a bad table with "" and -1 */
  *file = "", *file_len = 0, *line = -1;
  uint64_t entry = func_entry(t, fn, &ok);
  if (!ok) return true;
  bool lok = true;
  int32_t ln = pcvalue(t, func_field(t, fn, 6, &lok), entry, pc, &lok);
  if (lok) *line = ln;
  bool fok = true;
  int32_t fno = pcvalue(t, func_field(t, fn, 5, &fok), entry, pc, &fok);
  if (!fok) return true;
  if (t->ver == VER12) {
    if (fno <= 0) return true;
    uint64_t so = prd(t, t->filetab + 4 * (size_t)fno, 4, &fok);
    if (fok) cstr(t, (size_t)so, file, file_len);
    return true;
  }
  if (fno < 0) return true;
  uint32_t cu = func_field(t, fn, 8, &fok);
  uint64_t fnoff = prd(t, t->cutab + ((size_t)cu + (size_t)fno) * 4, 4, &fok);
  if (fok && fnoff != 0xffffffffu) cstr(t, t->filetab + (size_t)fnoff, file, file_len);
  return true;
}

/* ---- open ---- */

objfile *objfile_open(const char *path, char **err) {
  /* O_NONBLOCK: a mapping naming a FIFO must not wait for a writer (pprof
   * does); only a regular file is read, never a device such as /dev/tty. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *err = xasprintf("open %s: %s", path, go_strerror(errno));
    return NULL;
  }
  struct stat st;
  unsigned char id[6] = {0};
  bool elf = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 64 && pread(fd, id, 6, 0) == 6 &&
             !memcmp(id, "\x7f" "ELF", 4) && (id[4] == 1 || id[4] == 2) && (id[5] == 1 || id[5] == 2);
  void *m = elf && (uint64_t)st.st_size <= SIZE_MAX ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
                                                      : MAP_FAILED;
  close(fd);
  if (m == MAP_FAILED) {
    *err = xasprintf("open %s: unrecognized object file", path);
    return NULL;
  }
  objfile *f = xcalloc(1, sizeof *f);
  f->path = xstrdup(path);
  f->map = m, f->size = (size_t)st.st_size;
  f->is64 = id[4] == 2, f->le = id[5] == 1;
  elf_program_headers(f);
  elf_build_id(f);
  pcln_init(f);
  return f;
}

void objfile_close(objfile *f) {
  if (!f) return;
  munmap((void *)f->map, f->size);
  free(f->path), free(f);
}

const char *objfile_path(const objfile *f) { return f->path; }

const char *objfile_build_id(const objfile *f) { return f->build_id; }

bool objfile_load_address(const objfile *f, uint64_t *addr) {
  *addr = f->load;
  return f->has_load;
}

bool objfile_is_go(const objfile *f) { return f->go.ver != VER_NONE; }
