/*
 * gunzip.h: the gzip inflater decode.c streams profiles through, in one
 * small module so that the library behind it can change: ISA-L's igzip
 * (libisal), which inflates the benchmark profiles 2.8x faster than zlib
 * (doc/performance.md). It reads what Go's gzip reader reads: concatenated
 * members one after the other (the caller starts each), and a member
 * header's reserved flag bits (RFC 1952's bits 5-7, which zlib and igzip
 * refuse) ignored: they are cleared in the caller's input buffer before the
 * header is parsed. The header CRC (FHCRC), the trailer's CRC-32 and
 * length are checked.
 */
#ifndef TPROF_GUNZIP_H
#define TPROF_GUNZIP_H

#include <stddef.h>
#include <stdint.h>

typedef struct gunzip gunzip;

enum { GUNZIP_OK, GUNZIP_END, GUNZIP_ERROR };

gunzip *gunzip_new(void);
void gunzip_free(gunzip *g);
/* Hand it n more compressed bytes at p (the caller's buffer, written to:
 * reserved flag bits are cleared there). Replaces what was left. */
void gunzip_input(gunzip *g, unsigned char *p, size_t n);
/* Input bytes given and not taken yet. */
size_t gunzip_avail_in(const gunzip *g);
/* Compressed bytes taken since gunzip_new, over every member. */
uint64_t gunzip_consumed(const gunzip *g);
/* Inflate into out[0..n): *got says how many bytes. GUNZIP_OK: more input
 * or room needed; GUNZIP_END: the member (trailer included) is complete;
 * GUNZIP_ERROR: corrupt data, gunzip_error says what. */
int gunzip_run(gunzip *g, unsigned char *out, size_t n, size_t *got);
/* After GUNZIP_END with input left: read that input as the next member. */
void gunzip_next_member(gunzip *g);
/* What was wrong (static text) after GUNZIP_ERROR. */
const char *gunzip_error(const gunzip *g);

#endif
