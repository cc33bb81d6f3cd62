/*
 * tui.h: the curses UI: pprof's REPL over split panes (src/tui/). Opened by
 * main when stdin and stdout are terminals and -repl is not given.
 */
#ifndef TPROF_TUI_H
#define TPROF_TUI_H

#include "tprof/session.h"

/* Run the UI on the terminal until quit; returns the exit status. Falls
 * back to the line REPL when the terminal cannot be initialised. mouse:
 * take clicks and the wheel (never under TERM=dumb). */
int tui_run(session *s, bool mouse);

/* The key bindings as a Markdown document (doc/keys.md is this output). */
void tui_keys_markdown(strbuf *out);

#endif
