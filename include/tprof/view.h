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

/* Remove label key from every sample (pprof::base). */
void view_remove_label(profile *v, const char *key);

/* pprof's Prune(drop, keep) for drop_frames/keep_frames, on a loaded profile. */
bool profile_prune(profile *p, const char *drop, const char *keep, char **err);

#endif
