/*
 * tui.h: the curses UI's internal modules and the types they share.
 *
 *   tui.c       the event loop: terminal setup and restore, signals, the job
 *               queue, routing of results to panes, undo and back stacks
 *   screen.c    layout and drawing: status line, panes, message, command line
 *   actions.c   what keys do: the commands they run, moves, filters
 *   runner.c    the worker thread that runs session commands one at a time
 *   keys.c      the key table: bindings, the commands they run, notes, help,
 *               the message line's hint
 *   cmdline.c   the `(pprof) ` command line: editing, history, completion
 *   pane.c      what every pane shares: rows, cursor, scrolling, /RE filter,
 *               selection kept across rebuilds by a stable id, drawing
 *   pane_*.c    one file per pane kind: a const pane_ops and its data
 *   draw.c      text on screen: display width, clipping, middle truncation,
 *               heat colours
 *   tui_curses.h the one include of curses (wide characters)
 *
 * Only the main thread touches curses; the worker touches only the session.
 */
#ifndef TPROF_TUI_INTERNAL_H
#define TPROF_TUI_INTERNAL_H

#include <time.h>
#include <wchar.h>

#include "tprof/env.h"
#include "tprof/history.h"
#include "tprof/regex.h"
#include "tprof/report.h"
#include "tprof/session.h"
#include "tui_curses.h"

/* ---- reaction flags: what a handler asks the event loop to do ---- */
enum { R_NONE = 0, R_REDRAW = 1, R_QUIT = 2 };

/* ---- drawing (draw.c) ---- */

typedef struct rect {
  int y, x, h, w;
} rect;

#define HEAT_LEVELS 5

typedef struct theme {
  bool color;                /* colours on (not NO_COLOR, not monochrome) */
  bool utf8;                 /* the locale can show non-ASCII characters */
  attr_t heat[HEAT_LEVELS];  /* 0: cold (no attribute) .. 4: hottest */
  attr_t bar[HEAT_LEVELS];   /* a bar (flame frame, graph box) of each heat: a background colour */
  attr_t bar_neg;            /* a bar for a negative value (what a -diff_base profile lost) */
  attr_t title, title_active, status, error, dim, header, select;
  const char *ellipsis;      /* "…" or "~" */
} theme;

void theme_init(theme *th);
/* Heat level of v against total (0 when total is 0). */
int heat_level(int64_t v, int64_t total);
/* Display width of UTF-8 text (invalid bytes count as one column). */
int text_width(const char *s);
/* Draw s at (y, x) on w, skipping the first `skip` columns of s and
 * drawing at most `maxw` columns; tabs expand to `tab` columns (0: as '?').
 * Returns the number of columns drawn. */
int draw_text(WINDOW *w, int y, int x, int maxw, const char *s, int skip, int tab, attr_t a);
/* s with its tabs expanded to stops every `tab` columns, s starting at
 * column `origin` (caller frees). */
char *expand_tabs(const char *s, int origin, int tab);
/* s shortened to at most width columns by cutting its middle (caller frees). */
char *trunc_middle(const char *s, int width, const theme *th);
/* Draw s at column *x of line y, clipped to r's right edge; advances *x. */
void draw_put(WINDOW *w, int y, int *x, const rect *r, const char *s, attr_t a);
/* Fill `n` columns at (y, x) with spaces in attribute a. */
void draw_fill(WINDOW *w, int y, int x, int n, attr_t a);

/* ---- panes (pane.c, pane_*.c) ---- */

/* What a key does (the key table maps keys to these). */
typedef enum tui_action {
  ACT_NONE,
  ACT_EXEC, ACT_COMPLETE, ACT_HIST_PREV, ACT_HIST_NEXT, ACT_CHAR_LEFT, ACT_CHAR_RIGHT, ACT_LINE_START, ACT_LINE_END,
  ACT_DEL_BACK, ACT_DEL_FWD, ACT_KILL_END, ACT_KILL_START, ACT_KILL_WORD,
  ACT_FILTER, ACT_FILTER_DONE, ACT_ESCAPE,
  ACT_DRILL, ACT_BACK, ACT_PANE_NEXT, ACT_PANE_PREV, ACT_ZOOM,
  ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_LEFT, ACT_RIGHT, ACT_HOT_NEXT, ACT_HOT_PREV,
  ACT_SORT, ACT_TYPE_NEXT, ACT_TYPE_PREV, ACT_FOCUS, ACT_IGNORE, ACT_HIDE, ACT_SHOW_FROM, ACT_MYCODE, ACT_UNDO,
  ACT_FLAME, ACT_GRAPH, ACT_TIMELINE, ACT_DISASM, ACT_SNAP_PREV, ACT_SNAP_NEXT, ACT_FLIP, ACT_CALLERS, ACT_CENTER, ACT_FIT, ACT_INFO, ACT_MESSAGES, ACT_EXPLAIN, ACT_HELP, ACT_REDRAW,
  ACT_QUIT
} tui_action;


typedef enum pane_id { PANE_TABLE, PANE_SOURCE, PANE_TREE, PANE_VIEW, PANE_FLAME, PANE_GRAPH, PANE_TIMELINE, PANE_COUNT } pane_id;

/* What a row stands for: the function to drill into or refine on. */
typedef struct target {
  const char *fn;   /* function name: list, focus, ignore, hide, show_from */
  const char *name; /* printable name: peek */
  const char *label; /* the status line's text when not just the name (value, share), or NULL */
} target;

typedef struct pane pane;

typedef struct pane_ops {
  const char *name;
  int header_rows;                                  /* fixed rows under the title */
  void (*free_data)(pane *p);                         /* free the data */
  size_t (*nrows)(const pane *p);
  void (*draw_header)(const pane *p, WINDOW *w, rect r, const theme *th);
  /* draw row `row` on line y of r (hscroll applies); base: the row's
   * attribute (the selection highlight, or none), combined with its own */
  void (*draw_row)(const pane *p, WINDOW *w, int y, rect r, size_t row, attr_t base, const theme *th);
  bool (*matches)(const pane *p, size_t row, const tregex *re); /* for /RE */
  void (*row_id)(const pane *p, size_t row, strbuf *id);        /* stable across rebuilds */
  /* optional: the first row whose row_id is id, without making every row's
   * id (a flame of 20k deep stacks: a path a node was 22 s) */
  bool (*find_id)(const pane *p, const char *id, size_t *row);
  bool (*target)(const pane *p, size_t row, target *t);         /* NULL: rows are not functions */
  bool (*hot)(const pane *p, size_t row);                       /* a line with samples */
  /* Optional: draw the body at once instead of row by row; the /RE filter
   * then marks rows (the drawing dims the others) instead of hiding them. */
  void (*draw_body)(const pane *p, WINDOW *w, rect r, const theme *th, bool active);
  /* Optional, with draw_body: the row drawn at (y, x) of the body r (a
   * mouse click); false when none is there. */
  bool (*hit)(const pane *p, rect r, int y, int x, size_t *row);
  /* Optional: the kind's own cursor moves; false: the generic ones apply. */
  bool (*nav)(pane *p, tui_action a);
} pane_ops;

struct pane {
  const pane_ops *ops;
  void *data;       /* the kind's rows (usually around an owned report) */
  char *cmd;        /* the command that filled it */
  char *info;       /* shown in the title after the command (report labels) */
  char *note;       /* shown when empty: a hint, or why its last refresh failed */
  size_t *vis;      /* rows passing the filter, in order */
  size_t nvis, vcap;
  size_t cur, top;  /* cursor and first shown, as indexes into vis */
  int hscroll;
  tregex *filter;
  char *filter_src;
  rect r;           /* on screen, title row included; h == 0 when hidden */
};

extern const pane_ops pane_table_ops, pane_source_ops, pane_tree_ops, pane_view_ops, pane_flame_ops, pane_graph_ops,
    pane_timeline_ops;

void pane_init(pane *p, const pane_ops *ops, const char *note);
void pane_free(pane *p);
/* Drop the data; note (may be NULL) says why. */
void pane_clear(pane *p, const char *note);
/* After the data changed: recompute the shown rows, keep the cursor on the
 * row whose id is keep_id when it still exists (else on row `fallback`). */
void pane_rows_changed(pane *p, const char *keep_id, size_t fallback);
/* The stable id of the cursor's row ("" when none); into id. */
void pane_cursor_id(const pane *p, strbuf *id);
/* The row under the cursor; false when there is none. */
bool pane_cursor_row(const pane *p, size_t *row);
/* Put the cursor on data row `row` if it is shown. */
void pane_cursor_to_row(pane *p, size_t row);
/* Set (re non-empty) or clear the /RE filter; false with *err on a bad regex. */
bool pane_set_filter(pane *p, const char *re, char **err);
int pane_body_rows(const pane *p);
void pane_move(pane *p, long delta);
void pane_home(pane *p);
void pane_end(pane *p);
void pane_hscroll(pane *p, int delta);
/* Move to the next (dir > 0) or previous row with samples; false if none. */
bool pane_next_hot(pane *p, int dir);
/* A mouse click at screen (y, x) inside p->r's body: the cursor goes to the
 * row drawn there (the view does not scroll); false when no row is there. */
bool pane_hit(pane *p, int y, int x);
/* Draw title, header and rows into p->r. */
void pane_draw(pane *p, WINDOW *w, const theme *th, bool active, const char *tabs);

/* Kind-specific setters; they take ownership of r. */
void pane_table_set(pane *p, report *r);
void pane_source_set(pane *p, report *r);
void pane_tree_set(pane *p, report *r);
void pane_flame_set(pane *p, report *r);
/* The call graph of a graph report (the dot report's graph and text), laid out by graphviz. */
void pane_graph_set(pane *p, report *r);
/* The timeline of the session's snapshots (report_timeline). */
void pane_timeline_set(pane *p, report *r);
/* Graph: the box to select first (the heaviest by cum). */
bool pane_graph_first(const pane *p, size_t *row);
/* The view: lines of text (o, help, raw, tags, traces...). */
void pane_view_reset(pane *p, const char *cmd);
void pane_view_add(pane *p, const char *text, size_t n);
void pane_view_traces(pane *p, report *r);
/* Table: the function name of data row i, for selection by name. */
bool pane_table_find(const pane *p, const char *fn, size_t *row);
/* Source: the first row with samples, and tree: the first node row. */
bool pane_source_first_hot(const pane *p, size_t *row);
bool pane_tree_first_node(const pane *p, size_t *row);

/* The data of the panes that show one report as rows of their own (table,
 * source, tree): the report (owned) and an array of the kind's row structs. */
typedef struct report_rows {
  report *r;
  void *rows;
  size_t n, cap; /* rows, and bytes allocated */
  int valw;      /* width of the widest value, for kinds that fit columns to it */
  const char *unit[2]; /* the value columns' units (report_column_unit) */
} report_rows;

/* Take r; rows are added with report_rows_add. */
report_rows *report_rows_new(report *r);
void report_rows_add(report_rows *d, const void *row, size_t size);
void report_rows_free(pane *p);          /* a pane_ops.free_data */
size_t report_rows_count(const pane *p); /* a pane_ops.nrows */

/* Per-report helpers shared by the pane kinds. */
/* The report's labels for a title, as pprof prints them (filters left to
 * the status line); caller frees. */
char *report_info(report *r);
/* The larger of m and |v|: the panes find their columns' largest values with it. */
int64_t abs_max(int64_t m, int64_t v);

/* ---- the key table (keys.c) ---- */

/* Keys are ints: a character, or a curses KEY_* code with KEYF_FUNC, with
 * KEYF_ALT when Esc came first (Alt/Meta). */
#define KEYF_FUNC (1 << 24)
#define KEYF_ALT (1 << 25)
#define KFN(k) ((k) | KEYF_FUNC)
#define KALT(k) ((k) | KEYF_ALT)
#define KCTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
/* Mouse events, read at once (getmouse) and queued like keys: the kind
 * and the screen position. */
#define KEYF_MOUSE (1 << 26)
enum { MOUSE_CLICK, MOUSE_DOUBLE, MOUSE_WHEEL_UP, MOUSE_WHEEL_DOWN };
#define KMOUSE(kind, y, x) (KEYF_MOUSE | ((kind) << 27) | (((y) & 0xfff) << 12) | ((x) & 0xfff))
#define KMOUSE_KIND(k) (((k) >> 27) & 3)
#define KMOUSE_Y(k) (((k) >> 12) & 0xfff)
#define KMOUSE_X(k) ((k) & 0xfff)
#define KEY_RET '\r'


/* When a binding applies (all set bits must hold; 0: always). */
enum {
  W_EMPTY = 1,   /* the command line is empty */
  W_TEXT = 2,    /* the command line has text */
  W_FILTER = 4,  /* typing a /RE filter */
  W_SOURCE = 8,  /* the source pane is active */
  W_TIMELINE = 16, /* the timeline pane is active */
};

typedef struct key_binding {
  int keys[3];        /* 0-terminated when fewer */
  unsigned when;
  tui_action action;
  const char *runs;   /* the commands it runs ("; " between), {placeholders}; NULL: UI only */
  const char *note;
  const char *hint;   /* what the message line's hint says after the first key (" help"), or NULL */
} key_binding;

extern const key_binding key_table[];
extern const size_t key_count;

/* The binding for key in state `state` (W_* bits that hold), or NULL. */
const key_binding *keys_lookup(int key, unsigned state);
/* The binding that runs action a (the first one). */
const key_binding *keys_for_action(tui_action a);
/* "F5", "M-f", "C-o", "Up"... */
void keys_name(int key, strbuf *out);
/* The message line's hint, from the bindings that have one: "F1 help  Enter drill ...". */
void keys_hint_line(strbuf *out, int width); /* whole labels that fit width, quit last */
/* The key bindings as plain text lines, for the help view. */
void keys_help_text(strbuf *out);
/* The words of the reports (flat, cum, inuse vs alloc, (inline), diff) and
 * what each sample type of p measures, for the help view (F1). */
void keys_glossary(const profile *p, strbuf *out);

/* ---- the command line (cmdline.c) ---- */

typedef struct cmdline {
  wchar_t *buf;
  size_t len, cap, cur; /* in characters */
  char **hist;          /* history.h's lines, oldest first (owned) */
  size_t nhist, histcap;
  char *hist_file;      /* NULL: history not saved */
  size_t hpos;          /* browsing: index into hist (nhist = the edited line) */
  wchar_t *saved;       /* the edited line while browsing */
  size_t saved_len;
  bool filter;          /* typing a /RE filter rather than a command */
} cmdline;

void cmdline_init(cmdline *c, const struct core_env *env); /* env: where the history file is */
void cmdline_free(cmdline *c);
bool cmdline_empty(const cmdline *c);
void cmdline_clear(cmdline *c);
void cmdline_insert(cmdline *c, wchar_t ch);
/* The line as UTF-8 (caller frees). */
char *cmdline_text(const cmdline *c);
void cmdline_set_text(cmdline *c, const char *utf8);
/* Run an editing action (ACT_CHAR_LEFT...); true when it applied. */
bool cmdline_edit(cmdline *c, tui_action a);
/* Record a run command in the history (memory and file). */
void cmdline_remember(cmdline *c, const char *line);
/* Tab: complete the word at the cursor (complete.h); the candidates, when
 * several fit, go to *msg (caller frees). Only while the session is idle. */
void cmdline_complete(cmdline *c, const session *s, char **msg);
/* Draw the prompt and line on row y; place the cursor. */
void cmdline_draw(const cmdline *c, WINDOW *w, int y, int width, const theme *th, int *cursor_x);

/* ---- the worker (runner.c) ---- */

typedef enum result_kind { RES_REPORT, RES_OUT, RES_PRINT, RES_ERR, RES_CONFIG, RES_CMD_END, RES_QUIT, RES_JOB_END }
    result_kind;

typedef struct result {
  result_kind kind;
  size_t cmd;      /* index of the job's command that produced it */
  report *rep;     /* RES_REPORT (owned) */
  char *text;      /* RES_OUT, RES_PRINT, RES_ERR (owned) */
  size_t len;
  config *old_cfg; /* RES_CONFIG: the configuration before the change (owned) */
} result;

typedef struct job_cmd {
  char *line;        /* what runs, as typed */
  int pane;          /* the pane it fills (refresh, drill), or -1 */
  config *restore;   /* undo: run the name=value commands back to this (owned) */
} job_cmd;

enum {
  JOB_TYPED = 1,     /* typed at the prompt: its panes become active, cursors reset */
  JOB_REFRESH = 2,   /* re-runs pane commands: cursors stay on their rows */
  JOB_DRILL = 4,     /* a drill-down: source cursor on the hot line, tree on the node */
  JOB_UNDOABLE = 8,  /* option changes are pushed on the undo stack */
  JOB_RELOAD = 16,   /* re-run the panes' commands afterwards even if no option changed */
  JOB_WATCH = 32,    /* the watch's fetch and the refresh after it: keys typed meanwhile are not held,
                      * and Esc is not taken to cancel it */
};

typedef struct job {
  job_cmd *cmds;
  size_t n;
  unsigned flags;
} job;

typedef struct runner runner;

job *job_new(unsigned flags);
void job_add(job *j, const char *line, int pane);
void job_free(job *j);

/* Start the worker for s (sets s->ui). */
runner *runner_new(session *s);
/* Stop and join the worker (must be idle). */
void runner_free(runner *rn);
/* Start j (taking it) on the idle worker. */
void runner_start(runner *rn, job *j);
/* Ask the running job to stop (its report passes stop within milliseconds,
 * its remaining commands do not run). False when idle or already asked. */
bool runner_cancel(runner *rn);
/* The file descriptor that becomes readable when results are waiting. */
int runner_fd(const runner *rn);
/* Take the waiting results (caller frees the array and what it owns). */
size_t runner_take(runner *rn, result **out);
/* The command running now (for the spinner), or NULL; caller frees. */
char *runner_current(runner *rn);
void result_free(result *r);

/* ---- the application (tui.c, screen.c, actions.c) ---- */

/* The UI's whole state; the event loop (tui.c) owns it. */
typedef struct tui {
  session *s;
  runner *rn;
  theme th;
  cmdline cl;
  pane panes[PANE_COUNT];
  pane_id active;
  pane_id back_pane;     /* the pane to return to when the view closes */
  pane_id bottom;        /* source or tree, in the stacked layout */
  bool zoom;
  char *msg;             /* the message line */
  size_t msg_len, msg_cap; /* its length and allocation (errors are appended: thousands of warnings) */
  bool msg_err;
  char **msgs;           /* the message history, oldest first (`messages`) */
  size_t nmsgs, msgcap;
  /* jobs: waiting, and what is known of the running one */
  job **queue;
  size_t nqueue, qcap;
  bool busy;
  unsigned flags;
  char **lines;          /* the running job's commands */
  int *dest;             /* their panes (or -1) */
  bool *got;             /* a report came for command i */
  strbuf *errs;          /* errors of command i */
  size_t nlines;
  bool changed;          /* an option changed during the job */
  bool view_fresh;       /* the job has started a new view */
  struct timespec since;
  int *ahead;            /* keys typed ahead of the running command's results */
  size_t nahead, aheadcap;
  /* undo and back */
  config **undo;
  size_t nundo, undocap;
  char **back;
  size_t nback, backcap;
  char *drilled;
  /* status, refreshed while the worker is idle: the UI thread reads these,
   * never the session (the worker owns it) */
  config cfg;
  profile *prof;         /* a reference to the session's profile */
  uint64_t prof_serial;  /* its serial then (a change in place) */
  char *file, *type, *total;
  int total_idx;         /* the sample type `total` is of (-1: none) and its mean: a pass */
  bool total_mean;       /* over every sample (10-30 ms on large), so made once a profile */
  char *mycode;          /* the status line's mycode field, NULL when off */
  int watch;             /* the session's watch (seconds, 0: off) */
  int64_t watch_due;     /* CLOCK_MONOTONIC ns of the watch's next fetch (0: not set) */
  size_t nsnaps, cur_snap; /* the session's snapshots and the current one (nsnaps: their merge) */
  bool quit;
  int status;
} tui;

/* tui.c: messages, jobs, panes */
#define TUI_MSG_SEP " \xc2\xb7 " /* between the messages of one command */
void tui_msg(tui *t, const char *text, bool err);   /* the message line (NULL: clear) */
#define TUI_UNDO_KEEP 1000                          /* option changes undo remembers (about 1.3 KB each) */
#define TUI_MSG_KEEP 500                            /* messages kept in the history */
void tui_show_messages(tui *t);                     /* the history in the view (`messages`) */
void tui_submit(tui *t, job *j, bool front);        /* queue a job; runs when the worker is free */
void tui_run_typed(tui *t, const char *line);       /* a command typed at the prompt */
void tui_activate(tui *t, pane_id p);
int tui_quit(tui *t, int status);                   /* leave the loop with status */
bool tui_quit_pending(void); /* a quit signal is waiting: long draws stop short so it is acted on */
long tui_busy_ms(const tui *t);                     /* how long the running job has run */
static inline bool tui_is_overlay(pane_id p) {
  return p == PANE_VIEW || p == PANE_FLAME || p == PANE_GRAPH || p == PANE_TIMELINE;
}

/* screen.c: layout and drawing */
void tui_draw(tui *t);
bool tui_pane_listed(const tui *t, pane_id p);      /* in the Tab cycle */
bool tui_selection(const tui *t, target *tg);       /* the active pane's selected function */

/* actions.c: what keys do */
int tui_key(tui *t, int key);                       /* reaction flags */

#endif
