/*
 * symbolizer.h: names for locations that have addresses but no functions
 * (legacy profiles, perf_to_profile output, -symbolize=none saves), found
 * as pprof's symbolizer finds them, and, beyond pprof, from a Go text
 * profile's own `#` lines when nothing else names them (gotext.h). The
 * -symbolize words and the demangling step are symbolize.h's.
 */
#ifndef TPROF_SYMBOLIZER_H
#define TPROF_SYMBOLIZER_H

#include <stddef.h>

#include "tprof/profile.h"

/* The Go text step: every location still without lines whose address a #
 * line of p's Go text profile names gets those frames (innermost first),
 * with functions added as pprof's symbolizer adds them. Returns how many
 * locations it named. */
size_t symbolizer_from_gotext(profile *p);

#endif
