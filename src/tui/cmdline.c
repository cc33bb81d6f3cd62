/*
 * cmdline.c: the `(pprof) ` command line at the bottom of the screen: line
 * editing (emacs keys, as readline), the history file shared with the line
 * REPL (history.h), and tab completion of the word at the cursor
 * (complete.h). While a /RE filter is typed the same line shows `/` and the
 * pattern.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"


void cmdline_init(cmdline *c, const core_env *env) {
  memset(c, 0, sizeof *c);
  c->hist_file = history_path(env);
  c->nhist = c->histcap = history_load(c->hist_file, HISTORY_MAX, &c->hist, NULL);
  c->hpos = c->nhist;
  XGROW(c->buf, c->cap, 16);
  c->buf[0] = 0;
}

void cmdline_free(cmdline *c) {
  if (c->hist_file) history_trim(c->hist_file, HISTORY_MAX);
  for (size_t i = 0; i < c->nhist; i++) free(c->hist[i]);
  free(c->hist), free(c->hist_file), free(c->buf), free(c->saved);
  memset(c, 0, sizeof *c);
}

bool cmdline_empty(const cmdline *c) { return c->len == 0; }

void cmdline_clear(cmdline *c) {
  c->len = c->cur = 0;
  c->buf[0] = 0;
  c->hpos = c->nhist;
}

void cmdline_insert(cmdline *c, wchar_t ch) {
  XGROW(c->buf, c->cap, c->len + 2);
  memmove(c->buf + c->cur + 1, c->buf + c->cur, (c->len - c->cur) * sizeof *c->buf);
  c->buf[c->cur++] = ch;
  c->buf[++c->len] = 0;
}

char *cmdline_text(const cmdline *c) {
  strbuf sb = STRBUF_INIT;
  mbstate_t st;
  memset(&st, 0, sizeof st);
  char mb[16];
  for (size_t i = 0; i < c->len; i++) {
    size_t k = wcrtomb(mb, c->buf[i], &st);
    if (k == (size_t)-1) {
      memset(&st, 0, sizeof st);
      sb_addc(&sb, '?');
    } else {
      sb_add(&sb, mb, k);
    }
  }
  return sb_steal(&sb);
}

void cmdline_set_text(cmdline *c, const char *s) {
  c->len = c->cur = 0;
  mbstate_t st;
  memset(&st, 0, sizeof st);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    wchar_t wc;
    size_t k = mbrtowc(&wc, s + i, n - i, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
      memset(&st, 0, sizeof st);
      wc = (unsigned char)s[i];
      k = 1;
    }
    cmdline_insert(c, wc);
    i += k;
  }
}

static void hist_show(cmdline *c, size_t pos) {
  if (c->hpos == c->nhist) { /* leaving the edited line: keep it */
    free(c->saved);
    c->saved = xcalloc(c->len + 1, sizeof *c->saved);
    memcpy(c->saved, c->buf, c->len * sizeof *c->buf);
    c->saved_len = c->len;
  }
  c->hpos = pos;
  if (pos == c->nhist) {
    c->len = c->cur = 0;
    for (size_t i = 0; i < c->saved_len; i++) cmdline_insert(c, c->saved[i]);
  } else {
    cmdline_set_text(c, c->hist[pos]);
  }
}

bool cmdline_edit(cmdline *c, tui_action a) {
  switch (a) {
  case ACT_CHAR_LEFT:
    if (c->cur) c->cur--;
    return true;
  case ACT_CHAR_RIGHT:
    if (c->cur < c->len) c->cur++;
    return true;
  case ACT_LINE_START: c->cur = 0; return true;
  case ACT_LINE_END: c->cur = c->len; return true;
  case ACT_DEL_BACK:
    if (!c->cur) return true;
    c->cur--;
    /* fall through */
  case ACT_DEL_FWD:
    if (c->cur < c->len) {
      memmove(c->buf + c->cur, c->buf + c->cur + 1, (c->len - c->cur - 1) * sizeof *c->buf);
      c->buf[--c->len] = 0;
    }
    return true;
  case ACT_KILL_END:
    c->len = c->cur;
    c->buf[c->len] = 0;
    return true;
  case ACT_KILL_START:
  case ACT_KILL_WORD: {
    size_t from = 0;
    if (a == ACT_KILL_WORD) {
      from = c->cur;
      while (from && c->buf[from - 1] == L' ') from--;
      while (from && c->buf[from - 1] != L' ') from--;
    }
    memmove(c->buf + from, c->buf + c->cur, (c->len - c->cur) * sizeof *c->buf);
    c->len -= c->cur - from;
    c->cur = from;
    c->buf[c->len] = 0;
    return true;
  }
  case ACT_HIST_PREV:
    if (c->hpos > 0) hist_show(c, c->hpos - 1);
    return true;
  case ACT_HIST_NEXT:
    if (c->hpos < c->nhist) hist_show(c, c->hpos + 1);
    return true;
  default: return false;
  }
}

void cmdline_remember(cmdline *c, const char *line) {
  if (history_wanted(line, c->nhist ? c->hist[c->nhist - 1] : NULL)) {
    if (c->nhist == HISTORY_MAX) {
      free(c->hist[0]);
      memmove(c->hist, c->hist + 1, (c->nhist - 1) * sizeof *c->hist);
      c->nhist--;
    }
    XGROW(c->hist, c->histcap, c->nhist + 1);
    c->hist[c->nhist++] = xstrdup(line);
    if (c->hist_file) history_append(c->hist_file, line);
  }
  c->hpos = c->nhist;
}

void cmdline_complete(cmdline *c, const session *s, char **msg) {
  *msg = NULL;
  char *line = cmdline_text(c);
  /* the cursor as a byte offset */
  cmdline at = *c;
  at.len = c->cur;
  char *head = cmdline_text(&at);
  completion co;
  complete_line(s, line, strlen(head), &co);
  if (co.n > 0) {
    /* the word [start, end) becomes co.insert */
    strbuf sb = STRBUF_INIT;
    sb_add(&sb, line, co.start);
    sb_adds(&sb, co.insert);
    bool done = co.n == 1 && !co.no_space;
    if (done) sb_addc(&sb, ' ');
    size_t cur = sb.len;
    sb_adds(&sb, line + co.end);
    cmdline_set_text(c, sb.s);
    /* back to the cursor after the inserted word */
    char *before = xstrndup(sb.s, cur);
    size_t chars = mbstowcs(NULL, before, 0);
    c->cur = chars == (size_t)-1 || chars > c->len ? c->len : chars;
    free(before);
    sb_free(&sb);
    if (co.n > 1) {
      strbuf m = STRBUF_INIT;
      size_t shown = co.n < 40 ? co.n : 40;
      for (size_t i = 0; i < shown; i++) {
        const char *w = co.words[i];
        sb_printf(&m, "%s%s", i ? "  " : "", strlen(w) >= co.shown_from ? w + co.shown_from : w);
      }
      if (co.n > shown) sb_printf(&m, "  (+%zu more)", co.n - shown);
      *msg = sb_steal(&m);
    }
  }
  completion_free(&co);
  free(head), free(line);
}

void cmdline_draw(const cmdline *c, WINDOW *w, int y, int width, const theme *th, int *cursor_x) {
  const char *pr = c->filter ? "/" : session_prompt;
  int pw = (int)strlen(pr);
  draw_text(w, y, 0, width, pr, 0, 0, c->filter ? th->header : A_BOLD);
  int room = width - pw - 1;
  if (room < 1) {
    *cursor_x = width - 1;
    return;
  }
  /* columns of each char, and a start that keeps the cursor visible */
  int col_cur = 0;
  for (size_t i = 0; i < c->cur; i++) col_cur += wcwidth(c->buf[i]) > 0 ? wcwidth(c->buf[i]) : 1;
  int skip = col_cur > room ? col_cur - room : 0;
  char *text = cmdline_text(c);
  draw_text(w, y, pw, room + 1, text, skip, 0, A_NORMAL);
  free(text);
  *cursor_x = pw + col_cur - skip;
}
