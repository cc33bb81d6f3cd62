/*
 * proc.h: process policy, apart from the session that uses it: looking a
 * program up on PATH (Go's exec.LookPath, with its error wording), running
 * graphviz `dot`, starting viewers on a temporary file (pprof's
 * invokeVisualizer) and removing those files at the end. Errors come back
 * as Go words them; nothing here prints.
 */
#ifndef TPROF_PROC_H
#define TPROF_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "tprof/util.h"

/* The viewers still running and the temporary files to remove, of one
 * session. Zero-initialised is empty. */
typedef struct proc_state {
  char **temp_files;
  size_t ntemp;
  int *viewers; /* pids, reaped later */
  size_t nviewers;
  const struct core_env *env; /* PATH, BROWSER, DISPLAY, TMPDIR (env.h), borrowed; NULL = none set */
} proc_state;

/* Remove the temporary files, reap the viewers that have exited, free. */
void proc_state_free(proc_state *ps);
/* Run program name (looked up on PATH) with argv (argv[0] its name,
 * NULL-terminated), in on its standard input, its standard output appended
 * to out; stderr inherited, or /dev/null when quiet. No shell. False with
 * *err (caller frees) as Go's exec words it: "exec: ...: executable file
 * not found in $PATH", "exit status N". */
bool proc_run(const struct core_env *env, const char *name, const char *const *argv, const strbuf *in, bool quiet,
              strbuf *out, char **err);

/* `dot -T<format>` over in, its output appended to out; false with *err
 * (pprof's "failed to execute dot. Is Graphviz installed?" wording).
 * dot is looked up on env's PATH. */
struct core_env;
bool proc_run_dot(const struct core_env *env, const char *format, const strbuf *in, strbuf *out, char **err);

/* pprof's invokeVisualizer: data in $TMPDIR/pprofNNN.<suffix> (removed by
 * proc_state_free), shown by the first of viewers (NULL: pprof's browsers,
 * $BROWSER first) that starts. Interactive: a viewer still running after
 * a second is left running; else waited for. False with *err (caller
 * frees) when the file cannot be written or the last viewer tried failed. */
bool proc_visualize(proc_state *ps, const char *suffix, const char *const *viewers, bool interactive,
                    const strbuf *data, char **err);

#endif
