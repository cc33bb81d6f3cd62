/*
 * symbolize.h: pprof's -symbolize option and the naming step of its
 * symbolizer (internal/symbolizer): the mode words, and the demangling of
 * C++ (and Rust) names that pprof applies to every profile it loads, with
 * its simplification of names (no parameters, no template arguments).
 * Demangling is libiberty's (cplus_demangle), the library binutils' c++filt
 * uses; pprof's own demangler (ianlancetaylor/demangle) follows it.
 */
#ifndef TPROF_SYMBOLIZE_H
#define TPROF_SYMBOLIZE_H

#include <stdbool.h>

#include "tprof/profile.h"

/* -symbolize=...:demangle=MODE (pprof's demanglerModeToOptions). */
typedef enum symbolize_demangle {
  SYM_DEMANGLE_DEFAULT,   /* demangled, simplified: no parameters, no template arguments */
  SYM_DEMANGLE_TEMPLATES, /* demangled, simplified: no parameters */
  SYM_DEMANGLE_FULL,      /* demangled in full, without clone suffixes */
  SYM_DEMANGLE_NONE,      /* pprof passes no options: demangled in full, clone suffixes too */
} symbolize_demangle;

/* What a -symbolize value asks for (pprof's Symbolizer.Symbolize). */
typedef struct symbolize_mode {
  bool off;                /* none|no: no symbolization and no demangling at all */
  bool local, remote;      /* which symbolizers run (default: both) */
  bool fast;               /* fastlocal */
  bool force;              /* force, and any demangle= other than default */
  symbolize_demangle demangle;
} symbolize_mode;

/* The words of a -symbolize value, for completion (NULL-terminated). */
extern const char *const symbolize_words[];

typedef void (*symbolize_msg_fn)(void *ctx, const char *line);

/* Parse pprof's -symbolize value (NULL or "" is the default): words
 * separated by ':', case-insensitive; the last of local|fastlocal|remote
 * wins, none stops the parse. An unrecognized word gets pprof's two
 * warning lines through msg (which may be NULL) and is otherwise ignored. */
symbolize_mode symbolize_parse(const char *value, symbolize_msg_fn msg, void *ctx);

/* One name as pprof's demangleSingleFunction names a function whose name is
 * unset or its system name: demangled when it is a mangled C++ or Rust name,
 * else simplified by pprof's heuristics when it looks like a demangled C++
 * name (not Java's "Class.<init>", not Go's "pkg.(*T[...]).M"). Caller frees. */
char *symbolize_demangle_name(const char *system_name, symbolize_demangle mode);

/* pprof's symbolizer.Demangle over every function of p: with force, names
 * are first reset to the system names. Changes p in place. */
void symbolize_demangle_profile(profile *p, bool force, symbolize_demangle mode);

#endif
