/*
 * keys.c: the key table. Each binding names its keys, when it applies, the
 * action, the commands it runs (the same a person could type at the
 * prompt, with {placeholders} filled from the selection) and a note. The
 * help view, `tprof -keys` and doc/keys.md are generated from this table;
 * tui.c expands `runs` to get the commands it executes.
 *
 * Printable characters always go to the command line (it accepts typed
 * commands at any time), so bindings use function, control and Alt keys,
 * and the arrows while the line is empty; `/` on an empty line starts a
 * filter, since no pprof command starts with it.
 */
#include <string.h>

#include "tprof/tui.h"
#include "tui.h"

#define K(...) {__VA_ARGS__}

const key_binding key_table[] = {
    {K(KFN(KEY_F(1))), 0, ACT_HELP, "help", "Show pprof's help, tprof's own commands, the words explained and these key bindings",
     " help"},
    {K(KEY_RET), W_TEXT, ACT_EXEC, NULL, "Run the command line (results go to the pane of their kind)", NULL},
    {K(KEY_RET), W_FILTER, ACT_FILTER_DONE, NULL, "Keep the filter and return to the command line", NULL},
    {K(KEY_RET), W_EMPTY | W_TIMELINE, ACT_DRILL, "growth first last list ^{fn}$; growth first last peek ^{name}$",
     "Timeline pane: drill into what the selection gained from the first snapshot to the last: its source "
     "(growth list) in the source pane, its callers and callees (growth peek) in the tree pane", NULL},
    {K(KEY_RET), W_EMPTY, ACT_DRILL, "list ^{fn}$; peek ^{name}$",
     "Drill into the selection: its source in the source pane, its callers and callees in the tree pane; "
     "on a caller or callee, move there", " drill"},
    {K(KCTRL('o'), KALT(KFN(KEY_LEFT))), 0, ACT_BACK, "list ^{back}$; peek ^{back}$",
     "Go back to the function shown before the last drill-down", " back"},
    {K('\t'), W_EMPTY, ACT_PANE_NEXT, NULL, "Activate the next pane", " pane"},
    {K('\t'), W_TEXT, ACT_COMPLETE, NULL, "Complete the command, option, value or function name", NULL},
    {K(KFN(KEY_BTAB)), 0, ACT_PANE_PREV, NULL, "Activate the previous pane", NULL},
    {K('/'), W_EMPTY, ACT_FILTER, NULL, "Filter the active pane's rows by a regex as you type", "RE filter"},
    {K(KFN(KEY_UP)), W_EMPTY | W_FILTER, ACT_UP, NULL, "Move the selection up", NULL},
    {K(KFN(KEY_DOWN)), W_EMPTY | W_FILTER, ACT_DOWN, NULL, "Move the selection down", NULL},
    {K(KFN(KEY_PPAGE)), 0, ACT_PGUP, NULL, "Page up in the active pane", NULL},
    {K(KFN(KEY_NPAGE)), 0, ACT_PGDN, NULL, "Page down in the active pane", NULL},
    {K(KFN(KEY_HOME)), W_EMPTY, ACT_HOME, NULL, "First row of the active pane", NULL},
    {K(KFN(KEY_END)), W_EMPTY, ACT_END, NULL, "Last row of the active pane", NULL},
    {K(KFN(KEY_LEFT)), W_EMPTY, ACT_LEFT, NULL, "Scroll the active pane left", NULL},
    {K(KFN(KEY_RIGHT)), W_EMPTY, ACT_RIGHT, NULL, "Scroll the active pane right (long names, source lines)", NULL},
    {K(KALT('n')), 0, ACT_HOT_NEXT, NULL, "Next line with samples (source pane), next node (tree pane)", NULL},
    {K(KALT('p')), 0, ACT_HOT_PREV, NULL, "Previous line with samples (source pane), previous node (tree pane)", NULL},
    {K(KFN(KEY_F(2)), KALT('c')), 0, ACT_SORT, "sort={other_sort}",
     "Sort the table by cum, or back by flat (re-runs the table's command)", " sort"},
    {K(KFN(KEY_F(3)), KALT('t')), 0, ACT_TYPE_NEXT, "sample_index={next_type}",
     "Next sample type (inuse_space, alloc_space...): every pane follows", " type"},
    {K(KFN(KEY_F(4))), 0, ACT_TYPE_PREV, "sample_index={prev_type}", "Previous sample type", NULL},
    {K(KFN(KEY_F(5)), KALT('f')), 0, ACT_FOCUS, "focus=^{fn}$", "Refine: focus on the selected function", " refine"},
    {K(KFN(KEY_F(6)), KALT('i')), 0, ACT_IGNORE, "ignore={ignore|}^{fn}$", "Refine: ignore the selected function",
     " refine"},
    {K(KFN(KEY_F(7)), KALT('h')), 0, ACT_HIDE, "hide={hide|}^{fn}$", "Refine: hide the selected function", " refine"},
    {K(KFN(KEY_F(8)), KALT('s')), 0, ACT_SHOW_FROM, "show_from=^{fn}$",
     "Refine: show only what the selected function calls (show_from)", " refine"},
    {K(KALT('y')), 0, ACT_MYCODE, "mycode={other_mycode}",
     "My code: hide the Go runtime and standard library (and what is outside -module), and back (the mycode option)", NULL},
    {K(KFN(KEY_F(9)), KALT('u')), 0, ACT_UNDO, "{option}={previous value}",
     "Undo the last option change (Refine, sample type, sort, or a typed name=value)", " undo"},
    {K(KFN(KEY_F(11)), KALT('z')), 0, ACT_ZOOM, NULL, "Zoom the active pane to the whole screen, and back", " zoom"},
    {K(KFN(KEY_F(12)), KALT('g')), 0, ACT_FLAME, "flame", "Flame graph of the samples (the flame command)", " flame"},
    {K(KALT('a')), 0, ACT_DISASM, "disasm (^|\\s){fn}(\\s|$)",
     "Source pane: the assembly of the selected function, each instruction with its samples (the disasm command; "
     "needs the binary); Enter goes back to its source", NULL},
    {K(KALT('d')), 0, ACT_GRAPH, "graph", "Call graph pane: the graph -dot describes, laid out by graphviz (the graph command)", NULL},
    {K(KALT('l')), 0, ACT_TIMELINE, "timeline",
     "Timeline pane: the snapshots (the files given, each refetch and watch) in time order, a row per function "
     "with its value at each, the change, a sparkline; largest growth first (the timeline command)", NULL},
    {K(KALT(',')), 0, ACT_SNAP_PREV, "snapshot prev",
     "Show the snapshot before the current one: every pane follows (the snapshot command)", NULL},
    {K(KALT('.')), 0, ACT_SNAP_NEXT, "snapshot next", "Show the snapshot after the current one: every pane follows",
     NULL},
    {K(KALT('v')), 0, ACT_FLIP, NULL, "Flame pane: flip between icicle (root on top) and flame (root at the bottom)", NULL},
    {K(KALT('r')), 0, ACT_CALLERS, NULL, "Flame pane: the callers of the selected function (its stacks), and back", NULL},
    {K(KALT('e')), 0, ACT_CENTER, NULL, "Graph pane: centre the view on the selected node", NULL},
    {K(KALT('w')), 0, ACT_FIT, NULL, "Graph pane: fit the whole graph on the screen (shrunk), and back", NULL},
    {K(KALT('o')), 0, ACT_INFO, "info",
     "The profile's header (File, Type, Time, Duration...), sample types, counts and sources", NULL},
    {K(KALT('m')), 0, ACT_MESSAGES, "messages", "The message history: every message and error, whole", NULL},
    {K(KFN(KEY_BACKSPACE), 127), W_EMPTY, ACT_BACK, NULL, "Zoom out (flame pane); else as C-o", NULL},
    {K(KEY_ESC), 0, ACT_ESCAPE, NULL, "Cancel the running command; else clear the pane's filter; else close the view; else unzoom", NULL},
    {K(KCTRL('l')), 0, ACT_REDRAW, NULL, "Redraw the screen", NULL},
    {K(KFN(KEY_F(10)), KCTRL('c')), 0, ACT_QUIT, "quit", "Quit (SIGTERM too; Ctrl-C first cancels a running command); the terminal is restored",
     " quit"},
    {K(KCTRL('d')), W_EMPTY, ACT_QUIT, "quit", "Quit, as end of input does in the REPL", NULL},
    {K(KCTRL('p')), 0, ACT_HIST_PREV, NULL, "Previous command in the history", NULL},
    {K(KCTRL('n')), 0, ACT_HIST_NEXT, NULL, "Next command in the history", NULL},
    {K(KFN(KEY_UP)), W_TEXT, ACT_HIST_PREV, NULL, "Previous command in the history (while typing)", NULL},
    {K(KFN(KEY_DOWN)), W_TEXT, ACT_HIST_NEXT, NULL, "Next command in the history (while typing)", NULL},
    {K(KFN(KEY_LEFT), KCTRL('b')), W_TEXT | W_FILTER, ACT_CHAR_LEFT, NULL, "Cursor left", NULL},
    {K(KFN(KEY_RIGHT), KCTRL('f')), W_TEXT | W_FILTER, ACT_CHAR_RIGHT, NULL, "Cursor right", NULL},
    {K(KFN(KEY_HOME), KCTRL('a')), W_TEXT | W_FILTER, ACT_LINE_START, NULL, "Start of the line", NULL},
    {K(KFN(KEY_END), KCTRL('e')), W_TEXT | W_FILTER, ACT_LINE_END, NULL, "End of the line", NULL},
    {K(KFN(KEY_BACKSPACE)), W_TEXT | W_FILTER, ACT_DEL_BACK, NULL, "Delete the character before the cursor", NULL},
    {K(KFN(KEY_DC), KCTRL('d')), W_TEXT | W_FILTER, ACT_DEL_FWD, NULL, "Delete the character under the cursor", NULL},
    {K(KCTRL('k')), W_TEXT | W_FILTER, ACT_KILL_END, NULL, "Delete to the end of the line", NULL},
    {K(KCTRL('u')), W_TEXT | W_FILTER, ACT_KILL_START, NULL, "Delete to the start of the line", NULL},
    {K(KCTRL('w')), W_TEXT | W_FILTER, ACT_KILL_WORD, NULL, "Delete the word before the cursor", NULL},
};
const size_t key_count = sizeof key_table / sizeof *key_table;

#define LINE_BITS (W_EMPTY | W_TEXT | W_FILTER)

static bool applies(const key_binding *b, unsigned state) {
  if ((b->when & LINE_BITS) && !(b->when & state & LINE_BITS)) return false;
  if ((b->when & W_SOURCE) && !(state & W_SOURCE)) return false;
  if ((b->when & W_TIMELINE) && !(state & W_TIMELINE)) return false;
  return true;
}

const key_binding *keys_lookup(int key, unsigned state) {
  for (size_t i = 0; i < key_count; i++) {
    const key_binding *b = &key_table[i];
    for (size_t k = 0; k < 3 && b->keys[k]; k++)
      if (b->keys[k] == key && applies(b, state)) return b;
  }
  return NULL;
}

const key_binding *keys_for_action(tui_action a) {
  for (size_t i = 0; i < key_count; i++)
    if (key_table[i].action == a) return &key_table[i];
  return NULL;
}

void keys_name(int key, strbuf *out) {
  if (key & KEYF_ALT) {
    sb_adds(out, "M-");
    key &= ~KEYF_ALT;
  }
  if (key & KEYF_FUNC) {
    int k = key & ~KEYF_FUNC;
    static const struct {
      int code;
      const char *name;
    } names[] = {{KEY_UP, "Up"},       {KEY_DOWN, "Down"},     {KEY_LEFT, "Left"},   {KEY_RIGHT, "Right"},
                 {KEY_PPAGE, "PgUp"},  {KEY_NPAGE, "PgDn"},    {KEY_HOME, "Home"},   {KEY_END, "End"},
                 {KEY_BTAB, "S-Tab"},  {KEY_BACKSPACE, "Backspace"}, {KEY_DC, "Delete"}, {KEY_ENTER, "Enter"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
      if (names[i].code == k) {
        sb_adds(out, names[i].name);
        return;
      }
    if (k >= KEY_F(1) && k <= KEY_F(24)) {
      sb_printf(out, "F%d", k - KEY_F(0));
      return;
    }
    sb_printf(out, "key%d", k);
    return;
  }
  switch (key) {
  case KEY_RET: sb_adds(out, "Enter"); return;
  case '\t': sb_adds(out, "Tab"); return;
  case KEY_ESC: sb_adds(out, "Esc"); return;
  case ' ': sb_adds(out, "Space"); return;
  case 127: sb_adds(out, "C-?"); return; /* DEL: what most terminals send for Backspace */
  default: break;
  }
  if (key > 0 && key < 32)
    sb_printf(out, "C-%c", key + 'a' - 1);
  else
    sb_printf(out, "%c", key);
}

static const char *when_name(unsigned when) {
  if (when & W_TIMELINE) return "timeline pane";
  switch (when & LINE_BITS) {
  case W_EMPTY: return "empty line";
  case W_TEXT: return "typing";
  case W_FILTER: return "filtering";
  case W_EMPTY | W_FILTER: return "empty line, filtering";
  case W_TEXT | W_FILTER: return "typing, filtering";
  default: return "always";
  }
}

static void key_list(const key_binding *b, strbuf *out) {
  for (size_t k = 0; k < 3 && b->keys[k]; k++) {
    if (k) sb_adds(out, ", ");
    keys_name(b->keys[k], out);
  }
}

void keys_hint_line(strbuf *out, int width) {
  strbuf quit = STRBUF_INIT, lab = STRBUF_INIT;
  for (size_t i = 0; i < key_count; i++) {
    const key_binding *b = &key_table[i];
    if (!b->hint) continue;
    size_t last = i; /* a run of bindings with one hint: "F5-F8 refine" */
    while (last + 1 < key_count && key_table[last + 1].hint && !strcmp(key_table[last + 1].hint, b->hint)) last++;
    sb_reset(&lab);
    keys_name(b->keys[0], &lab);
    if (last > i) {
      sb_addc(&lab, '-');
      keys_name(key_table[last].keys[0], &lab);
    }
    sb_adds(&lab, b->hint);
    i = last;
    if (b->action == ACT_QUIT) { /* kept last: how to leave */
      sb_adds(&quit, sb_str(&lab));
      continue;
    }
    /* whole labels only, leaving room for the quit lab */
    if ((int)out->len + 2 + (int)lab.len + 2 + (int)strlen("F10 quit") > width) continue;
    if (out->len) sb_adds(out, "  ");
    sb_adds(out, sb_str(&lab));
  }
  if (quit.len && (int)(out->len + 2 + quit.len) <= width) sb_printf(out, "%s%s", out->len ? "  " : "", sb_str(&quit));
  sb_free(&quit), sb_free(&lab);
}

void keys_help_text(strbuf *out) {
  sb_adds(out, "Key bindings (printable keys always type into the command line):\n\n");
  sb_printf(out, "  %-16s %-18s %s\n", "Keys", "When", "Does [and the commands it runs]");
  for (size_t i = 0; i < key_count; i++) {
    const key_binding *b = &key_table[i];
    strbuf k = STRBUF_INIT;
    key_list(b, &k);
    const char *when = b->when ? when_name(b->when) : "";
    sb_printf(out, "  %-16s %-18s %s", sb_str(&k), when, b->note);
    if (b->runs) sb_printf(out, " [%s]", b->runs);
    sb_addc(out, '\n');
    sb_free(&k);
  }
}

/* What a sample type measures, by its name as Go's runtime/pprof and
 * net/http/pprof write them. */
static const char *type_meaning(const char *type) {
  static const struct {
    const char *type, *means;
  } known[] = {
      {"samples", "how many times the profiler found the code on the stack (one per interrupt)"},
      {"cpu", "CPU time spent: samples times the sampling period"},
      {"alloc_objects", "objects allocated since the program started, freed or not"},
      {"alloc_space", "bytes allocated since the program started, freed or not"},
      {"inuse_objects", "objects allocated and not yet freed at the last garbage collection"},
      {"inuse_space", "bytes allocated and not yet freed at the last garbage collection (live heap)"},
      {"contentions", "how many times goroutines waited (on a mutex, a channel...)"},
      {"delay", "how long goroutines waited, in total"},
      {"goroutine", "goroutines with that stack when the profile was taken"},
      {"count", "how many stacks (threads, goroutines...) were recorded"},
      {"space", "bytes"},
  };
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (!strcmp(known[i].type, type)) return known[i].means;
  return "a value of the program's own (see its documentation)";
}

void keys_glossary(const profile *p, strbuf *out) {
  sb_adds(out,
          "Words:\n\n"
          "  flat      the value of samples whose innermost frame (the leaf) is this function:\n"
          "            what it spends itself\n"
          "  cum       the value of samples with this function anywhere on the stack: what it\n"
          "            spends itself plus what the functions it calls spend\n"
          "  flat% cum%  those as a share of the total; sum% the running sum of flat% down the table\n"
          "  inuse vs alloc  inuse_* counts memory still live at the last GC (what holds memory\n"
          "            now); alloc_* counts every allocation since the start (what churns)\n"
          "  (inline)  the function was inlined into its caller: its frames are the caller's code\n"
          "  diff      with -diff_base or growth, values are the profile minus the base: negative\n"
          "            means less than the base, and percentages are of the base's total\n"
          "  hide, ignore, focus  hide drops matching frames from stacks; ignore drops the\n"
          "            samples through them; focus keeps only the samples through them\n\n");
  if (!p || !p->nsample_type) return;
  sb_adds(out, "This profile's sample types (F3 cycles through them):\n\n");
  for (size_t i = 0; i < p->nsample_type; i++)
    sb_printf(out, "  %-14s %-12s %s\n", p->sample_type[i].type, p->sample_type[i].unit,
              type_meaning(p->sample_type[i].type));
  sb_addc(out, '\n');
}

void tui_keys_markdown(strbuf *out) {
  sb_adds(out, "# tprof key bindings\n\n"
               "Generated from the key table in src/tui/keys.c by `tprof -keys`; tests/tui/run.sh\n"
               "fails when the two disagree. In the UI, `help` or F1 shows the same list.\n\n"
               "The command line accepts typed commands at any time (pprof's REPL language), so\n"
               "printable keys always type; bindings use function, control and Alt (M-) keys,\n"
               "and the arrows and Enter while the command line is empty. A key that changes\n"
               "what is shown runs the commands in the Runs column, exactly as if typed (the\n"
               "message line echoes them). In them, {fn} and {name} are the selected function's\n"
               "name and printable name, regex-quoted; {back} the function before the last\n"
               "drill-down; {ignore|} and {hide|} the option's current value and `|`, if any;\n"
               "{other_sort} the table's other order; {other_mycode} mycode's other value (on,\n"
               "off); {next_type} and {prev_type} the neighbouring sample types. Keys pressed while a command has just started wait\n"
               "for its results (type-ahead), then act in order.\n\n"
               "| Keys | When | Runs | Does |\n"
               "|------|------|------|------|\n");
  for (size_t i = 0; i < key_count; i++) {
    const key_binding *b = &key_table[i];
    sb_adds(out, "| ");
    key_list(b, out);
    sb_printf(out, " | %s | ", when_name(b->when));
    if (b->runs) {
      sb_addc(out, '`');
      for (const char *s = b->runs; *s; s++) {
        if (*s == '|') sb_addc(out, '\\');
        sb_addc(out, *s);
      }
      sb_addc(out, '`');
    }
    sb_printf(out, " | %s |\n", b->note);
  }
}
