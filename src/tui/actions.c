/*
 * actions.c: what keys do. A key's binding (keys.c) names an action; the
 * actions that change what is shown run the binding's commands with its
 * {placeholders} filled from the selection and the options (drill-down,
 * back, Refine, sort, sample type, undo, flame graph), as a job for the
 * worker; the others move, scroll, filter, switch panes or edit the
 * command line.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* An anchored regex for a name: quoted, spaces as \x20 (the REPL splits arguments on spaces). */
static void add_quoted(strbuf *sb, const char *name) {
  char *q = regex_quote(name);
  for (const char *s = q; *s; s++) {
    if (*s == ' ')
      sb_adds(sb, "\\x20");
    else
      sb_addc(sb, *s);
  }
  free(q);
}

static const char *table_sort(const tui *t) {
  const char *cmd = t->panes[PANE_TABLE].cmd;
  if (cmd && (strstr(cmd, " -cum") || strstr(cmd, " --cum"))) return "cum";
  return t->cfg.sort;
}

static const char *sample_type_at(const tui *t, int delta) {
  const profile *p = t->prof;
  if (!p->nsample_type) return "";
  char *err = NULL;
  int idx = profile_sample_index(p, t->cfg.sample_index, &err);
  free(err);
  if (idx < 0) idx = 0;
  int n = (int)p->nsample_type;
  return p->sample_type[((idx + delta) % n + n) % n].type;
}

/* Expand the {placeholders} of a binding's `runs`. */
static char *expand(const tui *t, const char *tmpl, const target *tg, const char *back) {
  strbuf sb = STRBUF_INIT;
  for (const char *s = tmpl; *s;) {
    if (*s != '{') {
      sb_addc(&sb, *s++);
      continue;
    }
    const char *e = strchr(s, '}');
    if (!e) {
      sb_adds(&sb, s);
      break;
    }
    size_t n = (size_t)(e - s - 1);
    const char *k = s + 1;
#define IS(word) (n == strlen(word) && !strncmp(k, word, n))
    if (IS("fn") && tg)
      add_quoted(&sb, tg->fn);
    else if (IS("name") && tg)
      add_quoted(&sb, tg->name);
    else if (IS("back") && back)
      add_quoted(&sb, back);
    else if (IS("ignore|"))
      sb_printf(&sb, "%s%s", t->cfg.ignore, *t->cfg.ignore ? "|" : "");
    else if (IS("hide|"))
      sb_printf(&sb, "%s%s", t->cfg.hide, *t->cfg.hide ? "|" : "");
    else if (IS("other_sort"))
      sb_adds(&sb, strcmp(table_sort(t), "cum") ? "cum" : "flat");
    else if (IS("other_mycode"))
      sb_adds(&sb, t->cfg.mycode ? "off" : "on");
    else if (IS("next_type"))
      sb_adds(&sb, sample_type_at(t, 1));
    else if (IS("prev_type"))
      sb_adds(&sb, sample_type_at(t, -1));
    else
      sb_add(&sb, s, n + 2);
#undef IS
    s = e + 1;
  }
  return sb_steal(&sb);
}

/* Run the commands of binding b as a job; the message line echoes them. */
static void run_binding(tui *t, const key_binding *b, const target *tg, const char *back, unsigned flags,
                        const int *panes) {
  char *all = expand(t, b->runs, tg, back);
  job *j = job_new(flags);
  size_t i = 0;
  for (char *s = all, *next; s; s = next, i++) {
    next = strstr(s, "; ");
    if (next) *next = 0, next += 2;
    job_add(j, s, panes ? panes[i] : -1);
  }
  strbuf m = STRBUF_INIT;
  for (size_t k = 0; k < j->n; k++) sb_printf(&m, "%s%s", k ? "; " : "> ", j->cmds[k].line);
  tui_msg(t, m.s, false);
  sb_free(&m);
  free(all);
  tui_submit(t, j, false);
}

/* Drill into tg with binding b (Enter's, by pane), or go back to `back`. */
static void drill(tui *t, const target *tg, const char *back, const key_binding *b) {
  static const int panes[] = {PANE_SOURCE, PANE_TREE};
  if (back) b = keys_for_action(ACT_BACK);
  if (!back && t->drilled && strcmp(t->drilled, tg->fn)) {
    XGROW(t->back, t->backcap, t->nback + 1);
    t->back[t->nback++] = xstrdup(t->drilled);
  }
  free(t->drilled);
  t->drilled = xstrdup(back ? back : tg->fn);
  run_binding(t, b, tg, back, JOB_DRILL, panes);
}

static int do_back(tui *t) {
  if (t->nback == 0) {
    tui_msg(t, "nothing to go back to", true);
    return R_REDRAW;
  }
  char *fn = t->back[--t->nback];
  size_t row;
  pane *tp = &t->panes[PANE_TABLE];
  if (pane_table_find(tp, fn, &row)) pane_cursor_to_row(tp, row);
  drill(t, NULL, fn, NULL);
  free(fn);
  return R_REDRAW;
}

static int do_undo(tui *t) {
  if (t->nundo == 0) {
    tui_msg(t, "nothing to undo", true);
    return R_REDRAW;
  }
  config *prev = t->undo[--t->nundo];
  char **cmds;
  size_t n = session_config_commands(&t->cfg, prev, &cmds);
  strbuf m = STRBUF_INIT;
  sb_adds(&m, "> undo:");
  for (size_t i = 0; i < n; i++) {
    sb_printf(&m, " %s", cmds[i]);
    free(cmds[i]);
  }
  free(cmds);
  job *j = job_new(0);
  job_add(j, m.s + 2, -1);
  j->cmds[0].restore = prev;
  tui_msg(t, m.s, false);
  sb_free(&m);
  tui_submit(t, j, false);
  return R_REDRAW;
}

static int do_sort(tui *t, const key_binding *b) {
  pane *tp = &t->panes[PANE_TABLE];
  char *want = expand(t, b->runs, NULL, NULL);
  if (tp->cmd) { /* the table follows the sort option: drop its -cum */
    strbuf c = STRBUF_INIT;
    char *copy = xstrdup(tp->cmd);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
      if (strcmp(w, "-cum") && strcmp(w, "--cum")) sb_printf(&c, "%s%s", c.len ? " " : "", w);
    free(tp->cmd);
    tp->cmd = sb_steal(&c);
    free(copy);
  }
  free(want);
  run_binding(t, b, NULL, NULL, JOB_UNDOABLE | JOB_RELOAD, NULL);
  return R_REDRAW;
}

static void cycle(tui *t, int dir) {
  int a = t->active;
  for (int i = 0; i < PANE_COUNT; i++) {
    a = ((a + dir) % PANE_COUNT + PANE_COUNT) % PANE_COUNT;
    if (tui_pane_listed(t, (pane_id)a)) break;
  }
  tui_activate(t, (pane_id)a);
}

static void apply_filter(tui *t) {
  char *re = cmdline_text(&t->cl);
  char *err = NULL;
  if (!pane_set_filter(&t->panes[t->active], re, &err)) {
    tui_msg(t, err, true);
    free(err);
  } else if (t->msg_err) {
    tui_msg(t, NULL, false);
  }
  free(re);
}

int tui_quit(tui *t, int status) {
  t->quit = true;
  t->status = status;
  return R_QUIT;
}

static int do_action(tui *t, const key_binding *b) {
  pane *ap = &t->panes[t->active];
  target tg;
  bool has_target = tui_selection(t, &tg);
  if (ap->data && ap->ops->nav && ap->ops->nav(ap, b->action)) return R_REDRAW;
  switch (b->action) {
  case ACT_NONE: return R_NONE;
  case ACT_EXEC: {
    char *line = cmdline_text(&t->cl);
    cmdline_remember(&t->cl, line);
    cmdline_clear(&t->cl);
    tui_run_typed(t, line);
    free(line);
    return R_REDRAW;
  }
  case ACT_COMPLETE: {
    if (t->busy) {
      tui_msg(t, "completion waits for the running command", true);
      return R_REDRAW;
    }
    char *msg;
    cmdline_complete(&t->cl, t->s, &msg);
    tui_msg(t, msg, false);
    free(msg);
    return R_REDRAW;
  }
  case ACT_HIST_PREV:
  case ACT_HIST_NEXT:
    if (t->cl.filter) return R_NONE;
    cmdline_edit(&t->cl, b->action);
    return R_REDRAW;
  case ACT_DEL_BACK:
    if (t->cl.filter && cmdline_empty(&t->cl)) {
      t->cl.filter = false;
      apply_filter(t);
      return R_REDRAW;
    }
    /* fall through */
  case ACT_CHAR_LEFT:
  case ACT_CHAR_RIGHT:
  case ACT_LINE_START:
  case ACT_LINE_END:
  case ACT_DEL_FWD:
  case ACT_KILL_END:
  case ACT_KILL_START:
  case ACT_KILL_WORD:
    cmdline_edit(&t->cl, b->action);
    if (t->cl.filter) apply_filter(t);
    return R_REDRAW;
  case ACT_FILTER:
    t->cl.filter = true;
    cmdline_clear(&t->cl);
    if (ap->filter_src) cmdline_set_text(&t->cl, ap->filter_src);
    return R_REDRAW;
  case ACT_FILTER_DONE:
    t->cl.filter = false;
    cmdline_clear(&t->cl);
    return R_REDRAW;
  case ACT_ESCAPE:
    if (t->cl.filter) {
      t->cl.filter = false;
      cmdline_clear(&t->cl);
      pane_set_filter(ap, NULL, NULL);
    } else if (!cmdline_empty(&t->cl)) {
      cmdline_clear(&t->cl);
    } else if (ap->filter_src) {
      pane_set_filter(ap, NULL, NULL);
    } else if (tui_is_overlay(t->active)) {
      if (t->active != PANE_VIEW) { /* closed for good: option changes do not bring it back */
        free(ap->cmd), ap->cmd = NULL;
        pane_clear(ap, NULL);
      }
      t->active = t->back_pane;
    } else if (t->zoom) {
      t->zoom = false;
    } else {
      tui_msg(t, NULL, false);
    }
    return R_REDRAW;
  case ACT_DRILL:
    if (!has_target) {
      tui_msg(t, "no function selected here", true);
      return R_REDRAW;
    }
    drill(t, &tg, NULL, b);
    /* the source pane shows it */
    if (t->active == PANE_GRAPH || t->active == PANE_TIMELINE) tui_activate(t, PANE_SOURCE);
    return R_REDRAW;
  case ACT_BACK: return do_back(t);
  case ACT_PANE_NEXT: cycle(t, 1); return R_REDRAW;
  case ACT_PANE_PREV: cycle(t, -1); return R_REDRAW;
  case ACT_ZOOM: t->zoom = !t->zoom; return R_REDRAW;
  case ACT_UP: pane_move(ap, -1); return R_REDRAW;
  case ACT_DOWN: pane_move(ap, 1); return R_REDRAW;
  case ACT_PGUP: pane_move(ap, -(long)pane_body_rows(ap)); return R_REDRAW;
  case ACT_PGDN: pane_move(ap, pane_body_rows(ap)); return R_REDRAW;
  case ACT_HOME: pane_home(ap); return R_REDRAW;
  case ACT_END: pane_end(ap); return R_REDRAW;
  case ACT_LEFT: pane_hscroll(ap, -8); return R_REDRAW;
  case ACT_RIGHT: pane_hscroll(ap, 8); return R_REDRAW;
  case ACT_HOT_NEXT:
  case ACT_HOT_PREV:
    if (!pane_next_hot(ap, b->action == ACT_HOT_NEXT ? 1 : -1)) tui_msg(t, "no more lines with samples", false);
    return R_REDRAW;
  case ACT_SORT: return do_sort(t, b);
  case ACT_TYPE_NEXT:
  case ACT_TYPE_PREV:
  case ACT_MYCODE: run_binding(t, b, NULL, NULL, JOB_UNDOABLE, NULL); return R_REDRAW;
  case ACT_FOCUS:
  case ACT_IGNORE:
  case ACT_HIDE:
  case ACT_SHOW_FROM:
    if (!has_target) {
      tui_msg(t, "no function selected here", true);
      return R_REDRAW;
    }
    run_binding(t, b, &tg, NULL, JOB_UNDOABLE, NULL);
    return R_REDRAW;
  case ACT_UNDO: return do_undo(t);
  case ACT_FLAME: {
    static const int panes[] = {PANE_FLAME};
    run_binding(t, b, NULL, NULL, 0, panes);
    return R_REDRAW;
  }
  case ACT_GRAPH: {
    static const int panes[] = {PANE_GRAPH};
    run_binding(t, b, NULL, NULL, 0, panes);
    return R_REDRAW;
  }
  case ACT_DISASM: {
    static const int panes[] = {PANE_SOURCE};
    if (!has_target) {
      tui_msg(t, "no function selected here", true);
      return R_REDRAW;
    }
    run_binding(t, b, &tg, NULL, JOB_DRILL, panes);
    tui_activate(t, PANE_SOURCE); /* to read and step through it */
    return R_REDRAW;
  }
  case ACT_TIMELINE: {
    static const int panes[] = {PANE_TIMELINE};
    run_binding(t, b, NULL, NULL, 0, panes);
    return R_REDRAW;
  }
  case ACT_SNAP_PREV:
  case ACT_SNAP_NEXT: run_binding(t, b, NULL, NULL, 0, NULL); return R_REDRAW;
  case ACT_FLIP:
  case ACT_CALLERS: tui_msg(t, "only in the flame pane (F12)", true); return R_REDRAW;
  case ACT_CENTER:
  case ACT_FIT: tui_msg(t, "only in the graph pane (graph, M-d)", true); return R_REDRAW;
  case ACT_INFO: run_binding(t, b, NULL, NULL, JOB_TYPED, NULL); return R_REDRAW;
  case ACT_MESSAGES: tui_show_messages(t); return R_REDRAW;
  case ACT_EXPLAIN: return R_NONE;
  case ACT_HELP: run_binding(t, b, NULL, NULL, JOB_TYPED, NULL); return R_REDRAW;
  case ACT_REDRAW: clearok(curscr, TRUE); return R_REDRAW;
  case ACT_QUIT:
    if (t->busy) return tui_quit(t, 0);
    run_binding(t, b, NULL, NULL, JOB_TYPED, NULL);
    return R_REDRAW;
  }
  return R_NONE;
}

/* A mouse event: a click activates the pane under it and selects the row,
 * box or frame there (on a title: activates the pane); a double click then
 * drills as Enter does; the wheel moves the selection of the pane under it. */
static int mouse(tui *t, int key) {
  int y = KMOUSE_Y(key), x = KMOUSE_X(key), kind = KMOUSE_KIND(key);
  for (int i = 0; i < PANE_COUNT; i++) {
    pane *p = &t->panes[i];
    const rect *r = &p->r;
    if (r->h <= 0 || y < r->y || y >= r->y + r->h || x < r->x || x >= r->x + r->w) continue;
    if (kind == MOUSE_WHEEL_UP || kind == MOUSE_WHEEL_DOWN) {
      pane_move(p, kind == MOUSE_WHEEL_UP ? -3 : 3);
      return R_REDRAW;
    }
    if (!tui_is_overlay((pane_id)i) && !tui_is_overlay(t->active)) tui_activate(t, (pane_id)i);
    else if ((pane_id)i != t->active) continue; /* under an overlay: only the overlay */
    if (pane_hit(p, y, x) && kind == MOUSE_DOUBLE) /* Enter's binding in that pane */
      return do_action(t, keys_lookup(KEY_RET, W_EMPTY | (t->active == PANE_TIMELINE ? W_TIMELINE : 0)));
    return R_REDRAW;
  }
  return R_NONE;
}

int tui_key(tui *t, int key) {
  if (key == KFN(KEY_RESIZE)) return R_REDRAW;
  if (key & KEYF_MOUSE) return mouse(t, key);
  unsigned state = t->cl.filter ? W_FILTER : cmdline_empty(&t->cl) ? W_EMPTY : W_TEXT;
  if (t->active == PANE_SOURCE) state |= W_SOURCE;
  if (t->active == PANE_TIMELINE) state |= W_TIMELINE;
  const key_binding *b = keys_lookup(key, state);
  if (b) return do_action(t, b);
  if (!(key & (KEYF_FUNC | KEYF_ALT)) && key >= 32 && key != 127) {
    cmdline_insert(&t->cl, (wchar_t)key);
    if (t->cl.filter) apply_filter(t);
    return R_REDRAW;
  }
  return R_NONE;
}

