/*
 * draw.c: text on screen. UTF-8 text measured in display columns, clipped
 * to a width and scrolled sideways, long names cut in the middle, and the
 * theme: heat colours for hot values, none under NO_COLOR or on a
 * monochrome terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

enum { PAIR_HEAT1 = 1, PAIR_TITLE = 5, PAIR_ERROR, PAIR_STATUS, PAIR_HEADER, PAIR_BAR0, PAIR_BAR_NEG = PAIR_BAR0 + HEAT_LEVELS };

void theme_init(theme *th) {
  memset(th, 0, sizeof *th);
  th->utf8 = locale_is_utf8();
  th->ellipsis = th->utf8 ? "\xe2\x80\xa6" : "~";
  const char *nc = getenv("NO_COLOR");
  th->color = !(nc && *nc) && has_colors();
  th->title = A_BOLD;
  th->title_active = A_REVERSE | A_BOLD;
  th->status = A_REVERSE;
  th->error = A_BOLD;
  th->dim = A_DIM;
  th->header = A_BOLD;
  th->select = A_REVERSE;
  for (int i = 0; i < HEAT_LEVELS; i++) th->bar[i] = A_REVERSE;
  th->bar_neg = A_REVERSE | A_UNDERLINE;
  if (!th->color) return; /* monochrome: attributes only, no heat */
  start_color();
  use_default_colors();
  bool rich = COLORS >= 256;
  /* cool to hot: pale yellow, gold, orange, red (8 colours: yellow, yellow, magenta, red) */
  const short heat256[] = {187, 220, 208, 196}, heat8[] = {COLOR_YELLOW, COLOR_YELLOW, COLOR_MAGENTA, COLOR_RED};
  for (int i = 0; i < HEAT_LEVELS - 1; i++) {
    init_pair((short)(PAIR_HEAT1 + i), rich ? heat256[i] : heat8[i], -1);
    th->heat[i + 1] = COLOR_PAIR(PAIR_HEAT1 + i) | (i >= 1 ? A_BOLD : 0);
  }
  /* bars: black on the heat colour (grey when cold), green for what a diff lost */
  const short bar256[] = {252, 187, 220, 208, 196}, bar8[] = {COLOR_WHITE, COLOR_YELLOW, COLOR_YELLOW, COLOR_MAGENTA, COLOR_RED};
  for (int i = 0; i < HEAT_LEVELS; i++) {
    init_pair((short)(PAIR_BAR0 + i), COLOR_BLACK, rich ? bar256[i] : bar8[i]);
    th->bar[i] = COLOR_PAIR(PAIR_BAR0 + i);
  }
  init_pair(PAIR_BAR_NEG, COLOR_BLACK, rich ? 114 : COLOR_GREEN);
  th->bar_neg = COLOR_PAIR(PAIR_BAR_NEG);
  init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
  init_pair(PAIR_ERROR, COLOR_RED, -1);
  init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_WHITE);
  init_pair(PAIR_HEADER, COLOR_CYAN, -1);
  th->title_active = COLOR_PAIR(PAIR_TITLE) | A_BOLD;
  th->error = COLOR_PAIR(PAIR_ERROR) | A_BOLD;
  th->status = COLOR_PAIR(PAIR_STATUS);
  th->header = COLOR_PAIR(PAIR_HEADER) | A_BOLD;
}

int heat_level(int64_t v, int64_t total) {
  if (total == 0 || v == 0) return 0;
  double f = (double)(v < 0 ? -v : v) / (double)(total < 0 ? -total : total);
  return f >= 0.40 ? 4 : f >= 0.15 ? 3 : f >= 0.05 ? 2 : f >= 0.01 ? 1 : 0;
}

/* Decode one character of s (at most n bytes); invalid bytes come out as
 * one '?' each. Returns the bytes used. */
static size_t decode(const char *s, size_t n, wchar_t *wc) {
  mbstate_t st;
  memset(&st, 0, sizeof st);
  size_t k = mbrtowc(wc, s, n, &st);
  if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
    *wc = L'?';
    return 1;
  }
  return k;
}

/* Characters never sent to the terminal, shown as '?': C0 and C1 controls,
 * DEL, and the bidirectional controls (U+202E and friends reorder what
 * follows them on screen; issue 15). */
static bool unsafe_char(wchar_t wc) {
  return wc < 32 || (wc >= 127 && wc < 160) || (wc >= 0x202a && wc <= 0x202e) ||
         (wc >= 0x2066 && wc <= 0x2069) || wc == 0x200e || wc == 0x200f || wc == 0x061c;
}

static int char_width(wchar_t wc) {
  if (unsafe_char(wc)) return 1; /* shown as '?' */
  int w = wcwidth(wc);
  return w < 0 ? 1 : w;
}

int text_width(const char *s) {
  size_t n = strlen(s);
  int w = 0;
  for (size_t i = 0; i < n;) {
    wchar_t wc;
    i += decode(s + i, n - i, &wc);
    w += char_width(wc);
  }
  return w;
}

int draw_text(WINDOW *w, int y, int x, int maxw, const char *s, int skip, int tab, attr_t a) {
  if (maxw <= 0) return 0;
  size_t n = strlen(s);
  int col = 0, drawn = 0;
  wchar_t out[256];
  int nout = 0;
  wmove(w, y, x);
  for (size_t i = 0; i < n && drawn < maxw;) {
    wchar_t wc;
    i += decode(s + i, n - i, &wc);
    int cw;
    int reps = 1;
    if (wc == L'\t' && tab > 0) {
      reps = tab - col % tab;
      wc = L' ';
      cw = 1;
    } else {
      if (unsafe_char(wc)) wc = L'?';
      cw = char_width(wc);
    }
    for (int r = 0; r < reps && drawn < maxw; r++) {
      if (col < skip) {
        col += cw;
        if (col > skip) { /* a wide character cut by the left edge */
          out[nout++] = L' ';
          drawn++;
        }
        continue;
      }
      if (drawn + cw > maxw) {
        drawn = maxw;
        break;
      }
      out[nout++] = wc;
      col += cw, drawn += cw;
      if (nout == (int)(sizeof out / sizeof *out) - 1) {
        wattr_set(w, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
        waddnwstr(w, out, nout);
        nout = 0;
      }
    }
  }
  wattr_set(w, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
  if (nout) waddnwstr(w, out, nout);
  wattr_set(w, A_NORMAL, 0, NULL);
  return drawn;
}

void draw_put(WINDOW *w, int y, int *x, const rect *r, const char *s, attr_t a) {
  int room = r->x + r->w - *x;
  if (room <= 0) return;
  *x += draw_text(w, y, *x, room, s, 0, 0, a);
}

void draw_fill(WINDOW *w, int y, int x, int n, attr_t a) {
  if (n <= 0) return;
  wattr_set(w, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
  mvwhline(w, y, x, ' ', n);
  wattr_set(w, A_NORMAL, 0, NULL);
}

char *expand_tabs(const char *s, int origin, int tab) {
  strbuf sb = STRBUF_INIT;
  size_t n = strlen(s);
  int col = origin;
  for (size_t i = 0; i < n;) {
    wchar_t wc;
    size_t k = decode(s + i, n - i, &wc);
    if (wc == L'\t') {
      int to = (col / tab + 1) * tab;
      sb_addn(&sb, ' ', (size_t)(to - col));
      col = to;
    } else {
      sb_add(&sb, s + i, k);
      col += char_width(wc);
    }
    i += k;
  }
  return sb_steal(&sb);
}

char *trunc_middle(const char *s, int width, const theme *th) {
  int total = text_width(s);
  if (total <= width) return xstrdup(s);
  if (width <= 1) return xstrdup(width == 1 ? th->ellipsis : "");
  /* keep the head and the tail (the tail carries the method name) */
  int keep = width - 1, tailw = keep / 2 + keep % 2, headw = keep - tailw;
  size_t n = strlen(s);
  strbuf sb = STRBUF_INIT;
  int w = 0;
  size_t i = 0;
  while (i < n) {
    wchar_t wc;
    size_t k = decode(s + i, n - i, &wc);
    int cw = char_width(wc);
    if (w + cw > headw) break;
    sb_add(&sb, s + i, k);
    w += cw, i += k;
  }
  sb_adds(&sb, th->ellipsis);
  /* find where the tail of width <= tailw starts: the width after j is
     total less the width before it (one pass; it was quadratic in the
     name's length, issue 15) */
  size_t start = n;
  for (size_t j = i, pw = (size_t)w; j < n;) {
    wchar_t wc;
    size_t k = decode(s + j, n - j, &wc);
    if ((size_t)total - pw <= (size_t)tailw) {
      start = j;
      break;
    }
    pw += (size_t)char_width(wc);
    j += k;
  }
  sb_adds(&sb, s + start);
  return sb_steal(&sb);
}
