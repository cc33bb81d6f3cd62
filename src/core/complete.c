/*
 * complete.c: tab completion for the command language (complete.h).
 *
 * The word under the cursor is completed from a pool chosen by what comes
 * before it: the first word of a line (commands, REPL words, options,
 * sample-type shortcuts), an option's value (after `name=`), a `help`
 * topic, a command's arguments (function names, `-cum`, labels for
 * `tags`, a file after `>`). Every pool comes from the command and option
 * tables and from the profile, so nothing is listed twice. Files are read
 * with opendir: this module never touches a terminal.
 */
#include "tprof/complete.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "tprof/session.h"
#include "tprof/units.h"

/* ---- a growable list of candidate words ---- */

typedef struct words {
  char **w;
  size_t n, cap;
} words;

static void words_add(words *l, char *w) { /* takes w */
  XGROW(l->w, l->cap, l->n + 1);
  l->w[l->n++] = w;
}

static int cmp_words(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void words_sort_unique(words *l) {
  if (l->n == 0) return;
  qsort(l->w, l->n, sizeof *l->w, cmp_words);
  size_t k = 1;
  for (size_t i = 1; i < l->n; i++) {
    if (!strcmp(l->w[i], l->w[k - 1]))
      free(l->w[i]);
    else
      l->w[k++] = l->w[i];
  }
  l->n = k;
}

static void words_free(words *l) {
  for (size_t i = 0; i < l->n; i++) free(l->w[i]);
  free(l->w);
  memset(l, 0, sizeof *l);
}

/* ---- matching ---- */

typedef enum match_mode {
  MATCH_NOCASE,    /* commands and options: pprof lower-cases the token */
  MATCH_PREFIX,    /* values */
  MATCH_SUBSTRING, /* names: prefix, or else substring (pprof's functionCompleter) */
} match_mode;

static bool has_prefix(const char *s, const char *p, bool nocase) {
  size_t n = strlen(p);
  return nocase ? !strncasecmp(s, p, n) : !strncmp(s, p, n);
}

/* Keep from pool the names that the typed text matches, each prefixed by
 * before (e.g. "focus=", "-"). pool entries are borrowed. */
static void match_into(words *out, const char *const *pool, size_t npool, const char *typed, const char *before,
                       match_mode mode) {
  size_t hits = 0;
  for (size_t i = 0; i < npool; i++)
    if (has_prefix(pool[i], typed, mode == MATCH_NOCASE)) {
      words_add(out, xasprintf("%s%s", before, pool[i]));
      hits++;
    }
  if (hits || mode != MATCH_SUBSTRING || !*typed) return;
  for (size_t i = 0; i < npool; i++)
    if (strstr(pool[i], typed)) words_add(out, xasprintf("%s%s", before, pool[i]));
}

/* ---- pools ---- */

/* s with the Go regexp metacharacters quoted, except '.', which matches
 * itself anyway and keeps names readable: main.(*T).m -> main.\(\*T\).m */
static char *regex_quote(const char *s) {
  strbuf sb = STRBUF_INIT;
  for (; *s; s++) {
    if (strchr("\\+*?()|[]{}^$", *s)) sb_addc(&sb, '\\');
    sb_addc(&sb, *s);
  }
  return sb_steal(&sb);
}

static void pool_functions(const session *s, words *pool) {
  const profile *p = s->prof;
  for (size_t i = 0; i < p->nfunctions; i++)
    if (p->functions[i].name && *p->functions[i].name) words_add(pool, xstrdup(p->functions[i].name));
  words_sort_unique(pool);
}

/* Label keys ("key=" when with_eq), string values, and key=value pairs for
 * the key typed before '=' in typed. */
static void pool_labels(const session *s, const char *typed, bool keys_only, words *pool) {
  const profile *p = s->prof;
  const char *eq = strchr(typed, '=');
  for (size_t i = 0; i < p->nlabels; i++) {
    const label *l = &p->labels[i];
    if (keys_only) {
      words_add(pool, xstrdup(l->key));
    } else if (eq) {
      if (l->str && strlen(l->key) == (size_t)(eq - typed) && !strncmp(l->key, typed, (size_t)(eq - typed)))
        words_add(pool, xasprintf("%s=%s", l->key, l->str));
    } else {
      words_add(pool, xasprintf("%s=", l->key));
      if (l->str) words_add(pool, xstrdup(l->str));
    }
  }
  words_sort_unique(pool);
}

/* Files and directories (with a trailing '/') whose path starts with typed. */
static void pool_files(const char *typed, words *pool) {
  const char *slash = strrchr(typed, '/');
  char *dir = slash ? xstrndup(typed, (size_t)(slash - typed) + 1) : xstrdup("");
  const char *base = slash ? slash + 1 : typed;
  DIR *d = opendir(*dir ? dir : ".");
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      if (e->d_name[0] == '.' && base[0] != '.') continue;
      if (strncmp(e->d_name, base, strlen(base))) continue;
      char *path = xasprintf("%s%s", dir, e->d_name);
      struct stat st;
      bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
      words_add(pool, is_dir ? xasprintf("%s/", path) : xstrdup(path));
      free(path);
    }
    closedir(d);
  }
  free(dir);
  words_sort_unique(pool);
}

static void pool_units(const session *s, words *pool) {
  words_add(pool, xstrdup("minimum"));
  words_add(pool, xstrdup("auto"));
  for (size_t i = 0; i < s->prof->nsample_type; i++) {
    const char *names[16];
    size_t n = units_family_names(s->prof->sample_type[i].unit, names, 16);
    for (size_t k = 0; k < n; k++) words_add(pool, xstrdup(names[k]));
  }
}

/* The first word of a line: commands and their aliases, options, shortcuts. */
static void pool_first(const session *s, words *pool) {
  for (size_t i = 0; i < command_count; i++) {
    const command_def *c = &command_table[i];
    words_add(pool, xstrdup(c->name));
    if (c->aliases)
      for (const char *const *a = c->aliases; *a; a++) words_add(pool, xstrdup(*a));
  }
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    words_add(pool, xasprintf("%s=", o->name));
    if (o->choices)
      for (const char *const *c = o->choices; *c; c++) words_add(pool, xstrdup(*c));
  }
  for (size_t i = 0; i < s->prof->nsample_type; i++) {
    const char *t = s->prof->sample_type[i].type;
    words_add(pool, xstrdup(t));
    words_add(pool, xasprintf("total_%s", t));
    words_add(pool, xasprintf("mean_%s", t));
  }
  words_sort_unique(pool);
}

/* `help` topics: what pprof's commandHelp knows (commands and configHelp). */
static void pool_help(words *pool) {
  for (size_t i = 0; i < command_count; i++)
    if (!(command_table[i].flags & CMD_REPL)) words_add(pool, xstrdup(command_table[i].name));
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    if (*o->help) words_add(pool, xstrdup(o->name));
    if (o->choices)
      for (const char *const *c = o->choices; *c; c++) words_add(pool, xstrdup(*c));
  }
  words_sort_unique(pool);
}

/* What the value of a free-form string option is made of. The rest of an
 * option's value (bool, choices, numbers) follows from option_table. */
typedef enum value_pool { POOL_NONE, POOL_FUNCTIONS, POOL_LABELS, POOL_LABEL_KEYS, POOL_FILES, POOL_UNITS,
                          POOL_SAMPLE_TYPES } value_pool;

static const struct {
  const char *option;
  value_pool pool;
} option_values[] = {
    {"focus", POOL_FUNCTIONS},      {"ignore", POOL_FUNCTIONS},        {"hide", POOL_FUNCTIONS},
    {"show", POOL_FUNCTIONS},       {"show_from", POOL_FUNCTIONS},     {"prune_from", POOL_FUNCTIONS},
    {"tagfocus", POOL_LABELS},      {"tagignore", POOL_LABELS},        {"tagshow", POOL_LABEL_KEYS},
    {"taghide", POOL_LABEL_KEYS},   {"tagroot", POOL_LABEL_KEYS},      {"tagleaf", POOL_LABEL_KEYS},
    {"output", POOL_FILES},         {"source_path", POOL_FILES},       {"trim_path", POOL_FILES},
    {"unit", POOL_UNITS},           {"sample_index", POOL_SAMPLE_TYPES},
};

static value_pool pool_of(const char *option) {
  for (size_t i = 0; i < sizeof option_values / sizeof *option_values; i++)
    if (!strcmp(option_values[i].option, option)) return option_values[i].pool;
  return POOL_NONE;
}

/* Candidates for the value of option name (or choice name), typed so far. */
static void complete_value(const session *s, const char *name, const char *typed, const char *before,
                           words *out) {
  bool is_choice;
  const option_def *o = option_find(name, &is_choice);
  words pool = {0};
  match_mode mode = MATCH_PREFIX;
  static const char *const bools[] = {"true", "false"};
  value_pool vp = is_choice ? POOL_NONE : pool_of(o->name);
  if (is_choice || o->type == OPT_BOOL) {
    for (size_t i = 0; i < 2; i++) words_add(&pool, xstrdup(bools[i]));
  } else if (o->choices) {
    for (const char *const *c = o->choices; *c; c++) words_add(&pool, xstrdup(*c));
  } else if (vp == POOL_SAMPLE_TYPES) {
    for (size_t i = 0; i < s->prof->nsample_type; i++) words_add(&pool, xstrdup(s->prof->sample_type[i].type));
  } else if (vp == POOL_UNITS) {
    pool_units(s, &pool);
  } else if (vp == POOL_FUNCTIONS) {
    pool_functions(s, &pool);
    mode = MATCH_SUBSTRING;
  } else if (vp == POOL_LABELS) {
    pool_labels(s, typed, false, &pool);
    mode = MATCH_SUBSTRING;
  } else if (vp == POOL_LABEL_KEYS) {
    pool_labels(s, typed, true, &pool);
  } else if (vp == POOL_FILES) {
    pool_files(typed, &pool);
  }
  match_into(out, (const char *const *)pool.w, pool.n, typed, before, mode);
  if (vp == POOL_FUNCTIONS)
    for (size_t i = 0; i < out->n; i++) {
      char *q = regex_quote(out->w[i] + strlen(before));
      free(out->w[i]);
      out->w[i] = xasprintf("%s%s", before, q);
      free(q);
    }
  words_free(&pool);
}

/* Arguments of a command: function names (quoted as regexes), -cum,
 * labels for tags. */
static void complete_argument(const session *s, const command_def *c, const char *typed, words *out) {
  words pool = {0};
  bool ignore = typed[0] == '-';
  const char *t = ignore ? typed + 1 : typed;
  if (c->args == ARGS_NONE) return;
  if (c->args == ARGS_HELP) {
    pool_help(&pool);
    match_into(out, (const char *const *)pool.w, pool.n, typed, "", MATCH_NOCASE);
    words_free(&pool);
    return;
  }
  if (c->args == ARGS_TAGS) {
    pool_labels(s, t, false, &pool);
    match_into(out, (const char *const *)pool.w, pool.n, t, ignore ? "-" : "", MATCH_SUBSTRING);
    words_free(&pool);
    return;
  }
  /* -cum counts as a prefix match: no substring fallback then */
  bool cum = ignore && strstr(c->usage, "[-cum]") && has_prefix("cum", t, false);
  pool_functions(s, &pool);
  match_into(out, (const char *const *)pool.w, pool.n, t, ignore ? "-" : "", cum ? MATCH_PREFIX : MATCH_SUBSTRING);
  size_t skip = ignore ? 1 : 0;
  for (size_t i = 0; i < out->n; i++) {
    char *q = regex_quote(out->w[i] + skip);
    free(out->w[i]);
    out->w[i] = xasprintf("%s%s", ignore ? "-" : "", q);
    free(q);
  }
  if (cum) words_add(out, xstrdup("-cum"));
  words_free(&pool);
}

static bool is_space(char c) { return isspace((unsigned char)c) != 0; }

void complete_line(const session *s, const char *line, size_t point, completion *out) {
  memset(out, 0, sizeof *out);
  size_t len = strlen(line);
  if (point > len) point = len;
  size_t start = point;
  while (start > 0 && !is_space(line[start - 1])) start--;
  out->start = start, out->end = point;
  char *typed = xstrndup(line + start, point - start);

  /* the words before the one completed */
  size_t ntok = 0, first = 0, first_len = 0, last = 0, last_len = 0;
  for (size_t i = 0; i < start;) {
    while (i < start && is_space(line[i])) i++;
    if (i >= start) break;
    size_t j = i;
    while (j < start && !is_space(line[j])) j++;
    if (ntok++ == 0) first = i, first_len = j - i;
    last = i, last_len = j - i;
    i = j;
  }

  words w = {0};
  const char *eq = memchr(line, '=', point);
  char *name = eq ? xstrndup(line, (size_t)(eq - line)) : NULL;
  if (name) { /* name=value, also written "name = value" */
    size_t a = 0, b = strlen(name);
    while (a < b && is_space(name[a])) a++;
    while (b > a && is_space(name[b - 1])) b--;
    memmove(name, name + a, b - a);
    name[b - a] = 0;
  }
  if (name && option_find(name, NULL)) {
    size_t vstart = eq >= line + start ? (size_t)(eq - line) + 1 : start;
    char *before = xstrndup(line + start, vstart - start);
    complete_value(s, name, line + vstart == line + point ? "" : typed + (vstart - start), before, &w);
    out->shown_from = vstart - start;
    free(before);
  } else if (ntok == 0) {
    words pool = {0};
    pool_first(s, &pool);
    match_into(&w, (const char *const *)pool.w, pool.n, typed, "", MATCH_NOCASE);
    words_free(&pool);
  } else {
    const command_def *c = command_parse(line + first, first_len, NULL);
    if (c && (c->args == ARGS_HELP || c->args == ARGS_NONE)) {
      if (ntok == 1) complete_argument(s, c, typed, &w); /* one help topic */
    } else if (c && last_len == 1 && line[last] == '>') {
      pool_files(typed, &w);
    } else if (c && typed[0] == '>') {
      words files = {0};
      pool_files(typed + 1, &files);
      for (size_t i = 0; i < files.n; i++) words_add(&w, xasprintf(">%s", files.w[i]));
      words_free(&files);
      out->shown_from = 1;
    } else if (c) {
      complete_argument(s, c, typed, &w);
      if (typed[0] == '-') out->shown_from = 1;
    }
  }
  free(name);
  words_sort_unique(&w);

  /* what to insert now */
  if (w.n == 1) {
    out->insert = xstrdup(w.w[0]);
    size_t n = strlen(w.w[0]);
    out->no_space = n > 0 && (w.w[0][n - 1] == '=' || w.w[0][n - 1] == '/');
  } else if (w.n > 1) {
    size_t k = strlen(w.w[0]);
    for (size_t i = 1; i < w.n; i++) {
      size_t j = 0;
      while (j < k && w.w[i][j] == w.w[0][j]) j++;
      k = j;
    }
    bool extends = k >= strlen(typed) && !strncasecmp(w.w[0], typed, strlen(typed));
    out->insert = extends ? xstrndup(w.w[0], k) : xstrdup(typed);
  } else {
    out->insert = xstrdup(typed);
  }
  out->words = w.w, out->n = w.n;
  free(typed);
}

void completion_free(completion *c) {
  for (size_t i = 0; i < c->n; i++) free(c->words[i]);
  free(c->words);
  free(c->insert);
  memset(c, 0, sizeof *c);
}

/* ---- pprof's completer (interactive.go newCompleter) ---- */

size_t session_words(const session *s, const char ***out) {
  (void)s;
  size_t n = 0;
  const char **w = xcalloc(command_count + option_count * 8 + 1, sizeof *w);
  /* pprof's words only: tprof's extensions would make its unique-prefix
   * completions ambiguous ("fla" is flat for pprof); the readline
   * candidates (complete_line) offer them */
  for (size_t i = 0; i < command_count; i++)
    if (!(command_table[i].flags & (CMD_EXTENSION | CMD_REPL))) w[n++] = command_table[i].name;
  for (size_t i = 0; i < option_count; i++) {
    w[n++] = option_table[i].name;
    if (option_table[i].choices)
      for (const char *const *c = option_table[i].choices; *c; c++) w[n++] = *c;
  }
  *out = w;
  return n;
}

size_t session_function_names(const session *s, const char ***out) {
  const profile *p = s->prof;
  const char **w = xcalloc(p->nfunctions + 1, sizeof *w);
  for (size_t i = 0; i < p->nfunctions; i++) w[i] = p->functions[i].name;
  *out = w;
  return p->nfunctions;
}

/* pprof's matchVariableOrCommand: the only command or option the token
 * (lower-cased) starts, or NULL. */
static const char *match_word(const session *s, const char *tok) {
  char *low = xstrdup(tok);
  for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
  const char **w;
  size_t n = session_words(s, &w), hits = 0;
  const char *found = NULL;
  for (size_t i = 0; i < n; i++)
    if (!strncmp(w[i], low, strlen(low))) hits++, found = w[i];
  free(w), free(low);
  return hits == 1 ? found : NULL;
}

/* pprof's functionCompleter: the only function name containing sub, or sub. */
static const char *complete_function(const session *s, const char *sub) {
  const profile *p = s->prof;
  const char *found = NULL;
  for (size_t i = 0; i < p->nfunctions; i++)
    if (strstr(p->functions[i].name, sub)) {
      if (found) return sub;
      found = p->functions[i].name;
    }
  return found ? found : sub;
}

char *session_complete_line(const session *s, const char *line) {
  words tok = {0};
  for (const char *p = line; *p;) {
    while (*p && is_space(*p)) p++;
    if (!*p) break;
    const char *e = p;
    while (*e && !is_space(*e)) e++;
    words_add(&tok, xstrndup(p, (size_t)(e - p)));
    p = e;
  }
  char *res = NULL;
  if (tok.n == 1) {
    const char *m = match_word(s, tok.w[0]);
    if (m) res = xstrdup(m);
  } else if (tok.n >= 2) {
    const command_def *c = command_find(tok.w[0]);
    if (tok.n == 2 && c && c->args == ARGS_HELP) {
      const char *m = match_word(s, tok.w[1]);
      res = m ? xasprintf("%s %s", tok.w[0], m) : xstrdup(line);
    } else if (c && c->args == ARGS_FUNCTIONS) {
      const char *last = tok.w[tok.n - 1];
      bool minus = last[0] == '-';
      strbuf sb = STRBUF_INIT;
      for (size_t i = 0; i + 1 < tok.n; i++) sb_printf(&sb, "%s ", tok.w[i]);
      sb_printf(&sb, "%s%s", minus ? "-" : "", complete_function(s, minus ? last + 1 : last));
      res = sb_steal(&sb);
    }
  }
  words_free(&tok);
  return res ? res : xstrdup(line);
}
