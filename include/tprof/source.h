/*
 * source.h: where profiles come from: files and URLs, several of them
 * merged, with a base profile subtracted (-base) or compared (-diff_base),
 * as pprof's fetchProfiles does. Every fetched profile is saved under
 * $PPROF_TMPDIR (default $HOME/pprof) as it arrives, before it is parsed,
 * so nothing fetched is lost: first as pprof.unparsed.NNN, then renamed to
 * pprof's pprof.BINARY.SAMPLETYPES.NNN.pb.gz once it parses. (pprof saves
 * the merged result once, after parsing; doc/sources.md.)
 */
#ifndef TPROF_SOURCE_H
#define TPROF_SOURCE_H

#include "tprof/fetch.h"
#include "tprof/profile.h"

typedef struct source_opts {
  char **sources;
  size_t nsources;
  char **base;
  size_t nbase;
  bool diff_base, normalize;
  int64_t seconds, timeout;
  char *exec_name, *build_id, *comment;
  char *tls_cert, *tls_key, *tls_ca;
  char *symbolize; /* -symbolize value (symbolize.h): demangling, and pprof's messages about binaries */
  const struct core_env *env; /* the edge's settings (env.h), borrowed; NULL = the defaults */
} source_opts;

/* Messages pprof prints while fetching ("Fetching profile over HTTP from
 * ...", "Please wait...", "Saved profile in ...", per-source failures) and
 * the progress of a long wait go to msg(ctx, line). */
typedef void (*source_msg_fn)(void *ctx, const char *line);

/*
 * Load, merge and combine every source as pprof does. Returns the profile,
 * or NULL with *err set (one line: what failed and where).
 */
profile *source_load(const source_opts *o, source_msg_fn msg, void *ctx, char **err);
void source_opts_free(source_opts *o);

/* Load each source on its own, never merged (a base and -add_comment apply
 * to each), as the snapshots of a series in time order (series.h). A
 * source that fails is reported through msg; false with *err when none
 * loaded. */
struct series;
bool source_load_series(const source_opts *o, source_msg_fn msg, void *ctx, struct series *out, char **err);

/* pprof's -base / -diff_base step: p with pb subtracted (pb's samples
 * labelled pprof::base when diff_base), normalised first if asked.
 * Consumes p and pb, even on error. */
profile *source_combine(profile *p, profile *pb, bool diff_base, bool normalize, char **err);


/* Write data to path atomically: a temporary file in the same directory, then rename. */
bool write_file_atomic(const char *path, const void *data, size_t n, char **err);

/* pprof's newTempFile(dir, prefix, suffix): the first free dir/prefixNNNsuffix. Caller frees. */
char *temp_file_name(const char *dir, const char *prefix, const char *suffix, char **err);

#endif
