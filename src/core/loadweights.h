/*
 * loadweights.h: the first pass of the unfiltered view, made during the
 * merge (merge.c compact) on a second thread.
 *
 * compact is single-threaded and runs after decoding, when the inflate
 * thread has finished: the second core is idle for its whole length. The
 * merge already visits every sample's stack; a consumer thread follows it
 * and sums, per merged function, cum (once a sample) and flat (the leaf
 * location's innermost line) for every sample type. That is what the
 * first `top` of a session (and `-top`) would otherwise compute after the
 * load (graph_weights_build: the largest item of large's first top).
 *
 * The sums are linear in the values, so a sample that compact adds into
 * an earlier identical one is fed as its own event: the result equals the
 * pass over the merged samples. Only profiles whose every location has a
 * line are done (function identity is then the node identity of a
 * function-granularity view: graph_weights_from_load checks it).
 */
#ifndef TPROF_LOADWEIGHTS_H
#define TPROF_LOADWEIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tprof/profile.h"

typedef struct lw_job lw_job;

/* Start the consumer for compacting p (source tables: nlocs locations
 * with nlines lines in all, nfuncs functions); NULL when not worth it or
 * not possible (small profile, one CPU, a location without lines). */
lw_job *lw_start(profile *p, size_t nlocs, size_t nlines, size_t nfuncs);
/* A new merged location di with its n lines (merged function indices). */
void lw_location(lw_job *j, uint32_t di, const pline *lines, uint32_t n);
/* Sample s (written: its stack is final) carrying values v (copied). */
void lw_sample(lw_job *j, size_t s, const int64_t *v, size_t stack_end);
/* Wait for the consumer; the weights for nfuncs merged functions (NULL
 * when j is). Frees j. */
load_weights *lw_finish(lw_job *j, size_t nfuncs);

#endif
