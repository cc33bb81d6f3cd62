/*
 * series.h: snapshots of one program's profile taken over time, never
 * merged: the points of a timeline (report_timeline) and of `growth A B`.
 * Each snapshot holds a reference to its profile and names its source (a
 * file, a URL, or which fetch of the session it was).
 */
#ifndef TPROF_SERIES_H
#define TPROF_SERIES_H

#include "tprof/profile.h"

typedef struct series_snap {
  profile *prof; /* a reference (the series drops it) */
  char *source;  /* the file or URL it came from (owned) */
} series_snap;

typedef struct series {
  series_snap *v;
  size_t n, cap;
} series;

/* Append p (taking the caller's reference) from source (copied). */
void series_add(series *s, profile *p, const char *source);
/* Order by each profile's time_nanos, stable: when any snapshot has no
 * time, the order they were given stands. */
void series_sort(series *s);
/* When s holds more than max snapshots (max >= 3), drop every second one
 * between the first and the last until it does not: the series keeps its
 * span and an even spread. Returns how many were dropped. */
size_t series_thin(series *s, size_t max);
/* Drop every snapshot. */
void series_clear(series *s);
/* A copy of s that holds its own references (for a report made on another thread). */
void series_copy(series *dst, const series *src);
/* True when a and b have the same samples (stacks by address and
 * function, label sets, values): two heap profiles taken with no GC in
 * between. Times are not compared. */
bool series_same_samples(const profile *a, const profile *b);

#endif
