/*
 * tui_curses.h: the one header of tprof that includes curses (ncursesw,
 * wide characters). Only files under src/tui/ include it, through tui.h.
 */
#ifndef TPROF_TUI_CURSES_H
#define TPROF_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
/* curses declares a function trace(), which report.h's struct trace would clash with */
#define trace tprof_curses_trace
#include <curses.h>
#undef trace

#endif
