/*
 * repl.c: the line REPL. On a pipe it reads lines as pprof's stdUI does
 * (bufio ReadString) and prints exactly what pprof prints; on a terminal it
 * uses GNU readline for editing, history and completion.
 */
#include "tprof/repl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void out_print(void *ctx, const char *text) {
  (void)ctx;
  fflush(stdout);
  size_t n = strlen(text);
  fputs(text, stderr);
  if (n == 0 || text[n - 1] != '\n') fputc('\n', stderr);
}

static void out_data(void *ctx, const void *data, size_t n) {
  (void)ctx;
  fwrite(data, 1, n, stdout);
  fflush(stdout);
}

void repl_stdio_ui(session_ui *ui) {
  memset(ui, 0, sizeof *ui);
  ui->print = out_print;
  ui->print_err = out_print;
  ui->out = out_data;
  ui->is_terminal = isatty(1);
}

/* Read one line like bufio.Reader.ReadString('\n'); NULL at end of input. */
static char *read_line(FILE *in, bool *eof) {
  strbuf sb = STRBUF_INIT;
  int c;
  *eof = false;
  while ((c = getc(in)) != EOF) {
    sb_addc(&sb, (char)c);
    if (c == '\n') break;
  }
  if (c == EOF) *eof = true;
  if (*eof && sb.len == 0) {
    sb_free(&sb);
    return NULL;
  }
  return sb_steal(&sb);
}

int repl_run(session *s) {
  s->interactive = true;
  char *err = NULL;
  config_configure(&s->cfg, "compact_labels", "true", &err);
  free(err);
  session_greet(s);
  for (;;) {
    fputs("(pprof) ", stdout);
    fflush(stdout);
    bool eof;
    char *line = read_line(stdin, &eof);
    if (!line) return 0;
    bool keep = session_exec(s, line);
    free(line);
    if (!keep) return 0;
    if (eof) {
      /* pprof processes a last unterminated line, then reads EOF again */
      fputs("(pprof) ", stdout);
      fflush(stdout);
      return 0;
    }
  }
}
