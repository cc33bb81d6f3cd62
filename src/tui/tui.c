/* tui.c: placeholder until the curses UI lands: falls back to the line REPL. */
#include "tprof/repl.h"
int tui_run(session *s);
int tui_run(session *s) { return repl_run(s); }
