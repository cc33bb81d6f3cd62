/*
 * symbolizer.h: names for locations that have addresses but no functions
 * (legacy profiles, perf_to_profile output, -symbolize=none saves), found
 * as pprof's symbolizer finds them, and, beyond pprof, from a Go text
 * profile's own `#` lines when nothing else names them (gotext.h). The
 * -symbolize words and the demangling step are symbolize.h's.
 */
#ifndef TPROF_SYMBOLIZER_H
#define TPROF_SYMBOLIZER_H

#include <stdbool.h>
#include <stddef.h>

#include "tprof/env.h"
#include "tprof/fetch.h"
#include "tprof/profile.h"

typedef void (*symbolizer_msg_fn)(void *ctx, const char *line);

/* pprof's well-known system mappings ([vdso], linux-vdso..., /dev/dri/):
 * never symbolized. */
bool symbolizer_unsymbolizable(const mapping *m);

/*
 * pprof's locateBinaries: each mapping's file looked for under every
 * directory of env's PPROF_BINARY_PATH (default $HOME/pprof/binaries): by build
 * ID (DIR/ID/BASENAME, any file in DIR/ID, perf's DIR/FILE/ID), then
 * DIR/BASENAME and DIR/FILE; the first object file whose GNU build ID
 * matches the mapping's (or that the mapping has none) becomes its file.
 * A file with another build ID is said ("Ignoring local file ...").
 */
void symbolizer_locate(profile *p, const core_env *env, symbolizer_msg_fn msg, void *ctx);

/*
 * pprof's local symbolization (doLocalSymbolize, newMapping): every used
 * mapping without symbols (all of them with force) whose file opens as an
 * object file (objfile.h) names its locations: a Go binary from its pcln
 * table, as go tool pprof's object tool does, other code through binutils'
 * addr2line. Says what pprof says on the way through msg ("Main binary
 * filename not available.", "Local symbolization failed for NAME: ...",
 * the PPROF_BINARY_PATH hint).
 */
void symbolizer_local(profile *p, const core_env *env, bool force, symbolizer_msg_fn msg, void *ctx);

/* pprof's MappingSources: the URL each mapping of a fetched profile came
 * from, keyed by its build ID or file (a mapping with neither gets the URL
 * as its file until symbolizer_unsource). */
typedef struct symbolizer_source {
  char *key, *url;
  uint64_t start;
} symbolizer_source;
typedef struct symbolizer_sources {
  symbolizer_source *items;
  size_t n, cap;
} symbolizer_sources;

/* pprof's collectMappingSources for profile p fetched from url. */
void symbolizer_sources_add(symbolizer_sources *s, profile *p, const char *url);
void symbolizer_sources_free(symbolizer_sources *s);

/*
 * pprof's symbolz: every mapping without functions (all with force) that
 * came from a URL asks the server's symbol handler (/debug/pprof/symbol
 * beside a /debug/pprof/ URL, else /symbolz) for the names of its
 * address-only locations: a POST of "0x1+0x2+...", answered with
 * "0x1 name" lines. False with *err (caller frees) when the server cannot
 * be asked: pprof then fails the load ("http post URL: ...").
 */
bool symbolizer_remote(profile *p, bool force, const symbolizer_sources *src, const fetch_opts *fo,
                       char **err);

/* pprof's unsourceMappings: a mapping file that is a URL (and no build ID) becomes "" again. */
void symbolizer_unsource(profile *p);

/* The Go text step: every location still without lines whose address a #
 * line of p's Go text profile names gets those frames (innermost first),
 * with functions added as pprof's symbolizer adds them. Returns how many
 * locations it named. */
size_t symbolizer_from_gotext(profile *p);

#endif
