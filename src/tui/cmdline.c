/*
 * cmdline.c: the `(pprof) ` command line at the bottom of the screen: line
 * editing (emacs keys, as readline), the history shared with the line REPL
 * (history.h), and tab completion through the session's completer. While a
 * /RE filter is typed the same line shows `/` and the pattern.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static const char prompt[] = "(pprof) ";

void cmdline_init(cmdline *c) {
  memset(c, 0, sizeof *c);
  history_init(&c->hist, 1000);
  c->hist_file = history_path();
  if (c->hist_file) history_load(&c->hist, c->hist_file);
  c->hpos = c->hist.n;
  XGROW(c->buf, c->cap, 16);
  c->buf[0] = 0;
}

void cmdline_free(cmdline *c) {
  history_free(&c->hist);
  free(c->hist_file), free(c->buf), free(c->saved);
  memset(c, 0, sizeof *c);
}

bool cmdline_empty(const cmdline *c) { return c->len == 0; }

void cmdline_clear(cmdline *c) {
  c->len = c->cur = 0;
  c->buf[0] = 0;
  c->hpos = c->hist.n;
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
  if (c->hpos == c->hist.n) { /* leaving the edited line: keep it */
    free(c->saved);
    c->saved = xcalloc(c->len + 1, sizeof *c->saved);
    memcpy(c->saved, c->buf, c->len * sizeof *c->buf);
    c->saved_len = c->len;
  }
  c->hpos = pos;
  if (pos == c->hist.n) {
    c->len = c->cur = 0;
    for (size_t i = 0; i < c->saved_len; i++) cmdline_insert(c, c->saved[i]);
  } else {
    cmdline_set_text(c, c->hist.lines[pos]);
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
    if (c->hpos < c->hist.n) hist_show(c, c->hpos + 1);
    return true;
  default: return false;
  }
}

void cmdline_remember(cmdline *c, const char *line) {
  bool repeat = c->hist.n && !strcmp(c->hist.lines[c->hist.n - 1], line);
  history_add(&c->hist, line);
  c->hpos = c->hist.n;
  if (c->hist_file && *line && !repeat) {
    char *err = NULL;
    if (!history_append_file(c->hist_file, line, &err)) {
      free(err);
      free(c->hist_file); /* do not retry on every command */
      c->hist_file = NULL;
    }
  }
}

/* The words that complete the line's last token: commands and options for
 * the first word, function names (by substring, as pprof) after it. */
static void candidates(const session *s, const char *line, strbuf *msg) {
  const char *last = strrchr(line, ' ');
  bool first = !last;
  const char *tok = last ? last + 1 : line;
  if (*tok == '-') tok++;
  const char **words;
  size_t n = first ? session_words(s, &words) : session_function_names(s, &words), shown = 0, total = 0;
  for (size_t i = 0; i < n; i++) {
    bool hit = first ? !strncmp(words[i], tok, strlen(tok)) : strstr(words[i], tok) != NULL;
    if (!hit) continue;
    bool dup = false;
    for (size_t k = 0; k < i && !dup; k++) dup = !strcmp(words[k], words[i]);
    if (dup) continue;
    total++;
    if (shown < 40) sb_printf(msg, "%s%s", shown++ ? "  " : "", words[i]);
  }
  if (total > shown) sb_printf(msg, "  (+%zu more)", total - shown);
  free(words);
}

void cmdline_complete(cmdline *c, const session *s, char **msg) {
  *msg = NULL;
  char *line = cmdline_text(c);
  if (c->cur != c->len) { /* complete at the end only, as pprof's completer */
    free(line);
    return;
  }
  char *done = session_complete_line(s, line);
  if (strcmp(done, line)) {
    bool command = !strchr(done, ' ') && command_find(done);
    cmdline_set_text(c, done);
    if (command) cmdline_insert(c, L' ');
  } else {
    strbuf sb = STRBUF_INIT;
    candidates(s, line, &sb);
    if (sb.len) *msg = sb_steal(&sb);
    sb_free(&sb);
  }
  free(done), free(line);
}

void cmdline_draw(const cmdline *c, WINDOW *w, int y, int width, const theme *th, int *cursor_x) {
  const char *pr = c->filter ? "/" : prompt;
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
