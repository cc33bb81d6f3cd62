/*
 * objfile.h: object files as the symbolizer reads them: an ELF file
 * (32/64-bit, either byte order) mapped read-only, its GNU build ID, its
 * load address, and for a Go binary its pcln table, read as Go's
 * debug/gosym reads it (Go 1.2, 1.16, 1.18 and 1.20 layouts), which is
 * where go tool pprof's own object tool takes a Go binary's names from.
 * Every read is bounds-checked: a damaged file gives no answer, not a crash.
 */
#ifndef TPROF_OBJFILE_H
#define TPROF_OBJFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct objfile objfile;

/* Open path. NULL with *err (caller frees) as Go's objfile.Open says it:
 * "open PATH: no such file or directory", "open PATH: unrecognized object
 * file". */
objfile *objfile_open(const char *path, char **err);
void objfile_close(objfile *f);

/* The path it was opened as (borrowed). */
const char *objfile_path(const objfile *f);

/* The GNU build ID in hex, "" when the file has none (borrowed). */
const char *objfile_build_id(const objfile *f);

/* The first executable PT_LOAD segment's address (Go's loadAddress);
 * false when there is none. */
bool objfile_load_address(const objfile *f, uint64_t *addr);

/* True when the file has a Go pcln table. */
bool objfile_is_go(const objfile *f);

/* Go's Table.PCToLine: the function containing pc (the outermost one when
 * code is inlined), and the file and line of pc itself (the innermost).
 * False when no function contains pc. *func and *file are borrowed from f
 * (file "" when unknown; line -1 when unknown, as Go returns it). */
bool objfile_go_pc_line(const objfile *f, uint64_t pc, const char **func, size_t *func_len, const char **file,
                        size_t *file_len, int64_t *line);

/* A symbol of the ELF symbol table (.symtab), as Go's objfile lists them. */
typedef struct objfile_sym {
  const char *name; /* borrowed from f */
  uint64_t addr, size;
} objfile_sym;

/* The symbols of .symtab in address order (Go's objfile.File.Symbols);
 * *out is allocated (caller frees), the names are borrowed from f. */
size_t objfile_symbols(const objfile *f, objfile_sym **out);

#endif
