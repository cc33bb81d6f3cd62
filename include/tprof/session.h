/*
 * session.h: a profiling session and pprof's command language.
 *
 * A session holds the loaded profile and the current options, and runs
 * what a person types: `top5 -cum`, `list main.`, `sample_index=alloc_space`,
 * `o`, `help top`, `:`... exactly as pprof's interactive mode does, and the
 * report flags of batch mode. It never touches the terminal: everything it
 * says goes through a session_ui, which the line REPL points at stdout and
 * stderr and the curses UI at its panes.
 */
#ifndef TPROF_SESSION_H
#define TPROF_SESSION_H

#include "tprof/options.h"
#include "tprof/proc.h"
#include "tprof/report.h"
#include "tprof/series.h"
#include "tprof/source.h"

typedef struct session_ui {
  /* pprof's ui.Print and ui.PrintErr (both stderr in line mode); text has no
   * trailing newline guarantee: the receiver adds one if missing. */
  void (*print)(void *ctx, const char *text);
  void (*print_err)(void *ctx, const char *text);
  /* Report output destined for stdout. */
  void (*out)(void *ctx, const void *data, size_t n);
  /* A structured report was made for command cmd (with its argument, or
   * NULL). Return true to take ownership and suppress the text output. */
  bool (*report)(void *ctx, report *r, const command_def *cmd, const char *arg);
  bool is_terminal; /* stdout is a terminal (pprof's ui.IsTerminal) */
  void *ctx;
} session_ui;

typedef struct session {
  profile *prof;
  config cfg;
  session_ui ui;
  bool interactive;     /* pprof's interactiveMode */
  source_opts src;      /* how the profile was obtained, for `refetch` */
  /* The snapshots: the startup profile and every fetch after it (refetch,
   * watch) in time order, or the sources one by one (-timeline, and the
   * timeline command of a session given several). prof is snapshot cur,
   * or, when cur == snaps.n, the merge of the sources (pprof's). */
  series snaps;
  size_t cur;
  bool per_source;      /* snaps are the sources one by one: refetch and watch read them again so */
  int watch;            /* seconds between the watch's fetches (0: off) */
  int64_t watch_due;    /* CLOCK_MONOTONIC nanoseconds of the next fetch (session_watch_due) */
  char *watch_sig;      /* the sources' files as last read (inode, size, mtime): a new one is a new snapshot */
  report_cache *cache;  /* views reused across commands (follows prof's serial) */
  proc_state procs;     /* viewers still running, visualizer files removed at exit */
  /* Set by another thread (the UI on Esc or Ctrl-C) to cancel the running
   * report: its passes stop within milliseconds and it fails with
   * "cancelled". Whoever starts a command clears it. */
  atomic_bool cancel;
} session;

/* pprof's prompt, "(pprof) ": the REPL's and the curses UI's command line. */
extern const char session_prompt[];

/* Take ownership of prof and src. */
void session_init(session *s, profile *prof, const config *cfg, source_opts *src, const session_ui *ui);
void session_free(session *s);

/* Interactive mode for a front end that shows every report itself (the
 * curses UI): compact labels, and reports to the UI rather than to an
 * -output file given on the command line. */
void session_begin_interactive(session *s);

/* pprof's greeting: the profile labels and "Entering interactive mode...". */
void session_greet(session *s);

/* The info view's lines: the profile's header as pprof prints it (File,
 * Build ID, comments, Type, Time, Duration), the sample types with their
 * totals (the current one starred), the counts of samples, locations,
 * functions and mappings, and the sources loaded. Returns how many; *out
 * and each line are allocated (caller frees). */
size_t session_info(const session *s, char ***out);

/* Run one line typed at the prompt. Returns false when it asks to quit. */
bool session_exec(session *s, const char *line);

/* The command table's exec functions (options.h command_exec_fn): a
 * report command (parses pprof's [n] [regex]* [-regex]* [-cum] [>f]
 * arguments, then session_report), o/options, q/quit/exit, help, refetch
 * and growth. */
command_exec_fn session_cmd_report, session_cmd_options, session_cmd_quit, session_cmd_help, session_cmd_refetch,
    session_cmd_growth, session_cmd_info, session_cmd_messages, session_cmd_watch, session_cmd_snapshot;

/* Make the series the sources loaded one by one, not merged (-timeline):
 * prof becomes the latest. False (after reporting) when none loaded. */
bool session_load_series(session *s);

/* The watch's fetch (`watch now`): load the sources again when a URL is
 * among them or a file changed, and append what came as a snapshot that
 * becomes current. Quiet when nothing changed; failures are reported and
 * the watch goes on. */
void session_watch_tick(session *s);
/* Start the watch: a fetch every `seconds`; the files as they are now are
 * the last snapshot's (a change from now on is a new one). False (after
 * saying why) when the session has no sources. */
bool session_watch_start(session *s, int seconds);
/* The watch's time has come (the line REPL asks before each command). */
bool session_watch_due(session *s);

/* Generate and output a report (batch flags, and each REPL command once
 * parsed): cmd with argument arg (or NULL) under configuration cfg.
 * Returns false (after reporting the error) on failure. */
bool session_report(session *s, const command_def *cmd, const char *arg, const config *cfg);

/* Completion of the command language: session_complete_line (pprof's
 * completer) and complete_line (candidates for readline and the UI). */
#include "tprof/complete.h"

/* The `name=value` commands that turn configuration `from` into `to`, in
 * option table order (the curses UI's undo runs them). Returns how many;
 * *out and each line are allocated (caller frees). */
size_t session_config_commands(const config *from, const config *to, char ***out);

#endif
