/*
 * repl.h: the line REPL: pprof's interactive mode on a pipe (byte for
 * byte), and on a terminal with GNU readline: line editing, history kept
 * across sessions, tab completion of commands, options, values and function
 * names.
 */
#ifndef TPROF_REPL_H
#define TPROF_REPL_H

#include "tprof/session.h"

/* Run the REPL on stdin/stdout/stderr until quit or end of input. */
int repl_run(session *s);

/* The session_ui that writes to stdout/stderr as pprof's stdUI does. */
void repl_stdio_ui(session_ui *ui);

#endif
