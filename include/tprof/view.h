/*
 * view.h: filtered views of a profile.
 *
 * pprof copies the whole profile for every report and then mutates the copy
 * (focus, ignore, hide, show, show_from, tag filters, prune_from, tagroot,
 * granularity). tprof instead makes a view: a `profile` whose arrays are
 * borrowed from its base until an operation needs to change them (copy on
 * write, see profile.h's BORROW_* flags). Dropping samples only rewrites
 * the per-sample records; windows into a stack (show_from, prune_from) only
 * move offsets; only hide/show and tagroot/tagleaf materialise new stacks.
 * The result is a profile like any other, so every report works on it.
 */
#ifndef TPROF_VIEW_H
#define TPROF_VIEW_H

#include "tprof/options.h"
#include "tprof/profile.h"

/* A view of base sharing all its arrays. Free with profile_free. */
profile *view_new(const profile *base);

/*
 * pprof's applyFocus: focus, ignore, hide, show, show_from, tagfocus,
 * tagignore, tagshow, taghide, prune_from, in pprof's order. Messages pprof
 * prints on stderr while doing it ("Focus expression matched no samples",
 * "tagfocus:Interpreted '1kb' as range, not regexp") are appended to msgs,
 * one per line. Returns false with *err set on a bad regex. tprof's mycode
 * (tprof/mycode.h) hides after hide and show, as one more hide regex would.
 */
bool view_apply_focus(profile *v, const config *cfg, const numlabel_units *nlu, strbuf *msgs, char **err);

/*
 * view_apply_focus, except that the samples focus and ignore drop may be
 * left in the view: when no other filter changes the samples (no hide or
 * show that hides a frame, no mycode, show_from, tag filter or prune_from),
 * *keep gets the mask of the samples to keep (owned by the caller) and the
 * view still has all its samples. The caller applies the mask with
 * view_keep_samples before reading the samples, or reads only the mask
 * (the first pass by difference needs no copy of the kept samples: 30 MB
 * of fresh memory on the large benchmark). *keep is NULL otherwise.
 */
bool view_apply_focus_deferred(profile *v, const config *cfg, const numlabel_units *nlu, strbuf *msgs, char **err,
                               bool **keep);

/* pprof's generateTagRootsLeaves (tagroot, tagleaf options). */
void view_tag_roots_leaves(profile *v, const config *cfg, strbuf *msgs);

/* pprof's aggregate(): granularity and noinlines. */
bool view_aggregate(profile *v, const char *granularity, bool noinlines, char **err);

/* Make v use from's tables (mappings, functions, locations, lines), holding
 * a reference to from: a view whose tables would be equal in content (the
 * same base tables, aggregated alike) shares them instead of copying. */
void view_share_tables(profile *v, const profile *from);

/* Drop the samples for which keep[i] is false. */
void view_keep_samples(profile *v, const bool *keep);

/* The arrays a view borrowing its samples gets from view_keep_samples,
 * made apart from it: view_kept_make only reads v and keep (another thread
 * may make them while v is read), view_kept_install hands them to v. */
typedef struct kept_samples {
  size_t n; /* samples kept */
  uint32_t *stack_off, *stack_len, *sample_labels, *value_idx;
} kept_samples;
/* False (and nothing made) when keep keeps every sample. */
bool view_kept_make(const profile *v, const bool *keep, kept_samples *out);
/* The same in pieces, which any threads may fill at once: view_kept_alloc
 * sizes the arrays (writes nothing in them) and returns the number of
 * chunks of VIEW_KEPT_CHUNK samples, *at (caller frees) where each chunk's
 * kept samples start; 0 (nothing made) when keep keeps every sample.
 * view_kept_fill copies chunk c's. */
#define VIEW_KEPT_CHUNK 65536
size_t view_kept_alloc(const profile *v, const bool *keep, kept_samples *out, size_t **at);
void view_kept_fill(const profile *v, const bool *keep, const size_t *at, size_t c, kept_samples *k);
void view_kept_install(profile *v, kept_samples *k);
void view_kept_free(kept_samples *k);

/* Make v, a view of `from` (view_new) that borrows its samples, read
 * from's samples again after from's changed (view_keep_samples of a
 * deferred mask): view_aggregate leaves the samples alone. */
void view_borrow_samples(profile *v, const profile *from);

/* Remove label key from every sample (pprof::base). */
void view_remove_label(profile *v, const char *key);

/* pprof's Prune(drop, keep) for drop_frames/keep_frames, on a loaded profile. */
bool profile_prune(profile *p, const char *drop, const char *keep, char **err);

#endif
