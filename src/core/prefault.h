/*
 * prefault.h: fault in the pages a growing array is about to be written to,
 * on another thread.
 *
 * Fresh memory is slow: the kernel clears every page on its first touch
 * (on the VM tprof is measured on, 0.3-2.5 GB/s against 20 GB/s for a
 * memset of touched memory), and decoding a big profile writes a few
 * hundred MB of stacks and values: a third of the decoding thread's time
 * was page faults. While the decoder writes, a prefaulter thread asks the
 * kernel (MADV_POPULATE_WRITE) for the next pages of each tracked array, a
 * bounded distance ahead of what is written, on the core the inflate
 * thread leaves idle. It never reads or writes the arrays' contents, so
 * a stale range (an array moved by realloc meanwhile) costs nothing but
 * the call; where the kernel lacks the call the thread stops.
 */
#ifndef TPROF_PREFAULT_H
#define TPROF_PREFAULT_H

#include <stddef.h>

typedef struct prefault prefault;

#define PREFAULT_SLOTS 4

/* NULL when not useful here (one CPU) or the thread cannot start. */
prefault *prefault_start(void);
/* Array `slot` (< PREFAULT_SLOTS) is at base with cap bytes, used of them
 * written: pages up to a bounded distance past used are faulted in.
 * Cheap when nothing moved much; pf may be NULL. */
void prefault_track(prefault *pf, int slot, void *base, size_t used, size_t cap);
/* Stop and join the thread; pf may be NULL. */
void prefault_stop(prefault *pf);
/* Give back the pages of an array past its used bytes (what the thread
 * faulted in ahead and was not written); its contents up to used stay. */
void prefault_trim(void *base, size_t used, size_t cap);

#endif
