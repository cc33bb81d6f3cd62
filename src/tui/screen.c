/*
 * screen.c: the layout and the drawing of the whole screen: the status
 * line (file, sample type, total, granularity, filters, spinner, the
 * selection's full name), the panes (table on top, source and tree side by
 * side, or stacked on a small terminal, or one pane when zoomed or showing
 * the view), the message line and the command line. Drawing is erase +
 * draw into stdscr + one doupdate: only differences reach the terminal.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

bool tui_pane_listed(const tui *t, pane_id p) {
  if (tui_is_overlay(p)) return t->panes[p].data || t->panes[p].note != NULL;
  return true;
}

static void layout(tui *t) {
  for (int i = 0; i < PANE_COUNT; i++) t->panes[i].r = (rect){0, 0, 0, 0};
  int H = LINES - 3, W = COLS;
  if (H < 2 || W < 10) return;
  rect full = {1, 0, H, W};
  if (tui_is_overlay(t->active) || t->zoom || H < 10) {
    t->panes[t->active].r = full;
    return;
  }
  pane_id bottom = t->active == PANE_SOURCE || t->active == PANE_TREE ? t->active : t->bottom;
  if (W >= 100 && H >= 24) {
    int th = H * 2 / 5, sw = W * 13 / 20; /* 78 of 120: a source line as wide as pprof's */
    t->panes[PANE_TABLE].r = (rect){1, 0, th, W};
    t->panes[PANE_SOURCE].r = (rect){1 + th, 0, H - th, sw - 1};
    t->panes[PANE_TREE].r = (rect){1 + th, sw, H - th, W - sw};
  } else {
    int th = H * 2 / 5 < 4 ? 4 : H * 2 / 5;
    t->panes[PANE_TABLE].r = (rect){1, 0, th, W};
    t->panes[bottom].r = (rect){1 + th, 0, H - th, W};
  }
}

bool tui_selection(const tui *t, target *tg) {
  const pane *p = &t->panes[t->active];
  size_t row;
  *tg = (target){0};
  return p->ops->target && pane_cursor_row(p, &row) && p->ops->target(p, row, tg);
}

/* One field of the status line: its text, its priority (0 most important:
 * never dropped) and whether it may be shortened (middle cut) before it is
 * dropped. Fields are shown in array order, right-aligned ones last. */
typedef struct status_field {
  char *text;
  int prio;
  bool shrink, right;
} status_field;

#define STATUS_MAX 24

static void field_add(status_field *f, size_t *n, int prio, bool shrink, bool right, char *text) {
  if (*n < STATUS_MAX) f[(*n)++] = (status_field){text, prio, shrink, right};
  else free(text);
}

static int fields_width(const status_field *f, size_t n) {
  int w = 0;
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    if (!f[i].text) continue;
    w += text_width(f[i].text) + (f[i].right ? 2 : first ? 1 : 3); /* " x", " | x", " x " */
    if (!f[i].right) first = false;
  }
  return w;
}

/* Drop or shorten whole fields, lowest priority first, until they fit
 * width; priority 0 (the sample type and the total) always stays whole. */
static void fit_fields(status_field *f, size_t n, int width, const theme *th) {
  for (;;) {
    int over = fields_width(f, n) - width;
    if (over <= 0) return;
    size_t worst = n;
    for (size_t i = 0; i < n; i++)
      if (f[i].text && f[i].prio > 0 && (worst == n || f[i].prio >= f[worst].prio)) worst = i;
    if (worst == n) return;
    int w = text_width(f[worst].text);
    if (f[worst].shrink && w - over >= 8) {
      char *cut = trunc_middle(f[worst].text, w - over, th);
      free(f[worst].text);
      f[worst].text = cut;
      return;
    }
    free(f[worst].text);
    f[worst].text = NULL;
  }
}

static void draw_status(tui *t) {
  const theme *th = &t->th;
  draw_fill(stdscr, 0, 0, COLS, th->status);
  status_field f[STATUS_MAX];
  size_t n = 0;
  /* priorities: type and total 0, file 1, granularity, snapshot and watch 2, filters 3, the pane's /RE 4,
   * selection 5 */
  if (t->file) field_add(f, &n, 1, true, false, xasprintf("tprof: %s", t->file));
  if (t->type) field_add(f, &n, 0, false, false, xstrdup(t->type));
  if (*t->cfg.sample_index && t->type && strcmp(t->cfg.sample_index, t->type))
    field_add(f, &n, 3, true, false, xasprintf("sample_index=%s", t->cfg.sample_index));
  if (t->total) field_add(f, &n, 0, false, false, xasprintf("total %s", t->total));
  field_add(f, &n, 2, false, false, xstrdup(t->cfg.granularity));
  /* the snapshot series and the watch (issue 11): where the shown profile stands */
  if (t->nsnaps > 1 || t->watch) {
    if (t->cur_snap < t->nsnaps) field_add(f, &n, 2, false, false, xasprintf("snapshot %zu/%zu", t->cur_snap + 1, t->nsnaps));
    else field_add(f, &n, 2, false, false, xasprintf("merge of %zu", t->nsnaps));
  }
  if (t->watch) field_add(f, &n, 2, false, false, xasprintf("watch %ds", t->watch));
  strbuf v = STRBUF_INIT;
  for (size_t i = 0; i < option_count; i++) {
    if (!(option_table[i].flags & OPTF_FILTER)) continue;
    if (option_table[i].offset == offsetof(config, mycode)) {
      if (t->mycode) field_add(f, &n, 3, true, false, xstrdup(t->mycode));
      continue;
    }
    sb_reset(&v);
    config_get(&t->cfg, &option_table[i], &v);
    if (v.len) field_add(f, &n, 3, true, false, xasprintf("%s=%s", option_table[i].name, sb_str(&v)));
  }
  sb_free(&v);
  const pane *ap = &t->panes[t->active];
  if (ap->filter_src) field_add(f, &n, 4, true, false, xasprintf("/%s", ap->filter_src));
  if (t->busy) {
    long ms = tui_busy_ms(t);
    if (ms >= 150) {
      char *cur = runner_current(t->rn);
      field_add(f, &n, 1, true, true, xasprintf("%c running %s", "|/-\\"[(ms / 100) % 4], cur ? cur : ""));
      free(cur);
    }
  }
  target tg;
  if (tui_selection(t, &tg)) field_add(f, &n, 5, true, true, xstrdup(tg.label ? tg.label : tg.name));
  fit_fields(f, n, COLS, th);
  strbuf l = STRBUF_INIT, r = STRBUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (!f[i].text) continue;
    if (f[i].right)
      sb_printf(&r, " %s ", f[i].text);
    else
      sb_printf(&l, "%s %s", l.len ? " |" : "", f[i].text);
    free(f[i].text);
  }
  int rw = text_width(sb_str(&r));
  if (rw > COLS) rw = COLS;
  int lw = COLS - rw;
  draw_text(stdscr, 0, 0, lw, sb_str(&l), 0, 0, th->status);
  draw_text(stdscr, 0, COLS - rw, rw, sb_str(&r), 0, 0, th->status | A_BOLD);
  sb_free(&l), sb_free(&r);
}

/* The last messages of m (TUI_MSG_SEP between them) that fit in cols, or
 * the last one; *cut when older ones were dropped. Linear in m, and only the
 * messages shown are measured (was a measure of the rest per message
 * dropped: 5,000 warnings cost 40 s a key press). */
static const char *msg_tail(const char *m, int cols, bool *cut) {
  const size_t seplen = strlen(TUI_MSG_SEP);
  const char **start = xmalloc(sizeof *start);
  size_t n = 1, cap = 1;
  start[0] = m;
  for (const char *sep; (sep = strstr(start[n - 1], TUI_MSG_SEP));) {
    XGROW(start, cap, n + 1);
    start[n] = sep + seplen;
    n++;
  }
  size_t k = n - 1;
  long w = text_width(start[k]);
  while (k > 0) {
    char *seg = xstrndup(start[k - 1], (size_t)(start[k] - start[k - 1])); /* a message and its separator */
    long sw = text_width(seg);
    free(seg);
    if (w + sw > cols) break;
    w += sw, k--;
  }
  const char *tail = start[k];
  *cut = k > 0;
  free(start);
  return tail;
}

void tui_draw(tui *t) {
  werase(stdscr);
  if (LINES < 3 || COLS < 10) {
    draw_text(stdscr, 0, 0, COLS, "tprof: terminal too small", 0, 0, A_BOLD);
    wnoutrefresh(stdscr);
    doupdate();
    return;
  }
  layout(t);
  draw_status(t);
  /* stacked: the bottom pane's title names both, the shown one in brackets */
  bool stacked = t->panes[PANE_TABLE].r.h > 0 && t->panes[PANE_TABLE].r.w == COLS &&
                 (t->panes[PANE_SOURCE].r.w == COLS || t->panes[PANE_TREE].r.w == COLS);
  for (int i = 0; i < PANE_COUNT; i++) {
    pane *p = &t->panes[i];
    if (p->r.h <= 0) continue;
    const char *tab = NULL;
    if (stacked && i == PANE_SOURCE) tab = "[source] tree";
    if (stacked && i == PANE_TREE) tab = "source [tree]";
    if (tui_quit_pending()) return; /* the loop acts on it at once */
    pane_draw(p, stdscr, &t->th, (pane_id)i == t->active, tab);
  }
  /* the rule between the source and tree panes */
  const rect *tr = &t->panes[PANE_TREE].r, *sr = &t->panes[PANE_SOURCE].r;
  if (tr->h > 0 && sr->h > 0 && tr->x > 0)
    for (int y = tr->y; y < tr->y + tr->h; y++) draw_text(stdscr, y, tr->x - 1, 1, t->th.utf8 ? "\xe2\x94\x82" : "|", 0, 0, t->th.dim);
  /* message line: the messages of the last command, the oldest dropped
   * when they do not fit; else what the keys do */
  int my = LINES - 2;
  if (t->msg) {
    bool cut;
    const char *m = msg_tail(t->msg, COLS, &cut);
    char *shown = cut ? xasprintf("%s %s", t->th.ellipsis, m) : xstrdup(m);
    draw_text(stdscr, my, 0, COLS, shown, 0, 0, t->msg_err ? t->th.error : A_NORMAL);
    free(shown);
  } else {
    strbuf hint = STRBUF_INIT;
    keys_hint_line(&hint, COLS);
    draw_text(stdscr, my, 0, COLS, sb_str(&hint), 0, 0, t->th.dim);
    sb_free(&hint);
  }
  int cx;
  cmdline_draw(&t->cl, stdscr, LINES - 1, COLS, &t->th, &cx);
  wmove(stdscr, LINES - 1, cx);
  wnoutrefresh(stdscr);
  doupdate();
}

