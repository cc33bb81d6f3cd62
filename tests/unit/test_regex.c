/*
 * test_regex.c: Go's regexp syntax, errors and meaning through regex.h
 * (re2.c's checker and translator, then PCRE2). The expected values were
 * recorded from Go 1.19.8's regexp package: regexp.Compile's error text,
 * and FindStringIndex on each sample subject ("start-end", or "-" for no
 * match), one entry per subject in order.
 */
#include "unit.h"

#include "tprof/re2.h"
#include "tprof/regex.h"

typedef struct err_case {
  const char *pattern, *err;
} err_case;

typedef struct match_case {
  const char *pattern, *want;
} match_case;

typedef struct name_case {
  const char *name;
  uint32_t cp;
} name_case;

/* Go 1.19.8 regexp.Compile errors, recorded. */
static const err_case error_cases[] = {
    {"(", "error parsing regexp: missing closing ): `(`"},
    {"(a", "error parsing regexp: missing closing ): `(a`"},
    {"((a)", "error parsing regexp: missing closing ): `((a)`"},
    {"(a|b", "error parsing regexp: missing closing ): `(a|b`"},
    {"a)", "error parsing regexp: unexpected ): `a)`"},
    {")", "error parsing regexp: unexpected ): `)`"},
    {"())", "error parsing regexp: unexpected ): `())`"},
    {"[a", "error parsing regexp: missing closing ]: `[a`"},
    {"[", "error parsing regexp: missing closing ]: `[`"},
    {"[]", "error parsing regexp: missing closing ]: `[]`"},
    {"[^]", "error parsing regexp: missing closing ]: `[^]`"},
    {"[a-", "error parsing regexp: missing closing ]: `[a-`"},
    {"[[:alpha:]", "error parsing regexp: missing closing ]: `[[:alpha:]`"},
    {"*", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"+", "error parsing regexp: missing argument to repetition operator: `+`"},
    {"\?", "error parsing regexp: missing argument to repetition operator: `\?`"},
    {"**", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"(*)", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"(|*)", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"a|*", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"(\?i)*", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"\\Q\\E*", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"a**", "error parsing regexp: invalid nested repetition operator: `**`"},
    {"a*+", "error parsing regexp: invalid nested repetition operator: `*+`"},
    {"a++", "error parsing regexp: invalid nested repetition operator: `++`"},
    {"a\?*", "error parsing regexp: invalid nested repetition operator: `\?*`"},
    {"a*\?\?", "error parsing regexp: invalid nested repetition operator: `*\?\?`"},
    {"a*\?*", "error parsing regexp: invalid nested repetition operator: `*\?*`"},
    {"x{2}{3}", "error parsing regexp: invalid nested repetition operator: `{2}{3}`"},
    {"x{2}*", "error parsing regexp: invalid nested repetition operator: `{2}*`"},
    {"a{2,1}", "error parsing regexp: invalid repeat count: `{2,1}`"},
    {"{2,1}", "error parsing regexp: invalid repeat count: `{2,1}`"},
    {"a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"},
    {"a{0,1001}", "error parsing regexp: invalid repeat count: `{0,1001}`"},
    {"a{99999999999}", "error parsing regexp: invalid repeat count: `{99999999999}`"},
    {"a{1,99999999999}", "error parsing regexp: invalid repeat count: `{1,99999999999}`"},
    {"(a{2}){501}", "error parsing regexp: invalid repeat count: `{501}`"},
    {"((a{10}){10}){11}", "error parsing regexp: invalid repeat count: `{11}`"},
    {"(\?:(\?:a{1000}){1}){2}", "error parsing regexp: invalid repeat count: `{2}`"},
    {"\\", "error parsing regexp: trailing backslash at end of expression: ``"},
    {"a\\", "error parsing regexp: trailing backslash at end of expression: ``"},
    {"\\q", "error parsing regexp: invalid escape sequence: `\\q`"},
    {"\\C", "error parsing regexp: invalid escape sequence: `\\C`"},
    {"\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"},
    {"\\G", "error parsing regexp: invalid escape sequence: `\\G`"},
    {"\\K", "error parsing regexp: invalid escape sequence: `\\K`"},
    {"\\R", "error parsing regexp: invalid escape sequence: `\\R`"},
    {"\\X", "error parsing regexp: invalid escape sequence: `\\X`"},
    {"\\h", "error parsing regexp: invalid escape sequence: `\\h`"},
    {"\\e", "error parsing regexp: invalid escape sequence: `\\e`"},
    {"\\cA", "error parsing regexp: invalid escape sequence: `\\c`"},
    {"\\N", "error parsing regexp: invalid escape sequence: `\\N`"},
    {"\\E", "error parsing regexp: invalid escape sequence: `\\E`"},
    {"\\k<a>", "error parsing regexp: invalid escape sequence: `\\k`"},
    {"\\g1", "error parsing regexp: invalid escape sequence: `\\g`"},
    {"\\1", "error parsing regexp: invalid escape sequence: `\\1`"},
    {"\\8", "error parsing regexp: invalid escape sequence: `\\8`"},
    {"\\9", "error parsing regexp: invalid escape sequence: `\\9`"},
    {"\\18", "error parsing regexp: invalid escape sequence: `\\1`"},
    {"\\x", "error parsing regexp: invalid escape sequence: `\\x`"},
    {"\\x4", "error parsing regexp: invalid escape sequence: `\\x4`"},
    {"\\xg1", "error parsing regexp: invalid escape sequence: `\\xg1`"},
    {"\\x4g", "error parsing regexp: invalid escape sequence: `\\x4g`"},
    {"\\x{", "error parsing regexp: invalid escape sequence: `\\x{`"},
    {"\\x{}", "error parsing regexp: invalid escape sequence: `\\x{}`"},
    {"\\x{zz}", "error parsing regexp: invalid escape sequence: `\\x{z`"},
    {"\\x{110000}", "error parsing regexp: invalid escape sequence: `\\x{110000`"},
    {"\\\303\251", "error parsing regexp: invalid escape sequence: `\\\303\251`"},
    {"[\\b]", "error parsing regexp: invalid escape sequence: `\\b`"},
    {"[\\A]", "error parsing regexp: invalid escape sequence: `\\A`"},
    {"[\\z]", "error parsing regexp: invalid escape sequence: `\\z`"},
    {"[\\Q]", "error parsing regexp: invalid escape sequence: `\\Q`"},
    {"[a-\\d]", "error parsing regexp: invalid escape sequence: `\\d`"},
    {"[z-a]", "error parsing regexp: invalid character class range: `z-a`"},
    {"[a-\\x{10}]", "error parsing regexp: invalid character class range: `a-\\x{10}`"},
    {"[\\x{10}-\\x{9}]", "error parsing regexp: invalid character class range: `\\x{10}-\\x{9}`"},
    {"[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`"},
    {"[[:^:]]", "error parsing regexp: invalid character class range: `[:^:]`"},
    {"[[::]]", "error parsing regexp: invalid character class range: `[::]`"},
    {"[[:a]b:]]", "error parsing regexp: invalid character class range: `[:a]b:]`"},
    {"\\pX", "error parsing regexp: invalid character class range: `\\pX`"},
    {"\\p", "error parsing regexp: invalid character class range: `\\p`"},
    {"\\p{}", "error parsing regexp: invalid character class range: `\\p{}`"},
    {"\\p{^}", "error parsing regexp: invalid character class range: `\\p{^}`"},
    {"\\p{greek}", "error parsing regexp: invalid character class range: `\\p{greek}`"},
    {"\\p{Greek", "error parsing regexp: invalid character class range: `\\p{Greek`"},
    {"\\p{L&}", "error parsing regexp: invalid character class range: `\\p{L&}`"},
    {"\\p{Xan}", "error parsing regexp: invalid character class range: `\\p{Xan}`"},
    {"\\p{IsGreek}", "error parsing regexp: invalid character class range: `\\p{IsGreek}`"},
    {"[\\p{Foo}]", "error parsing regexp: invalid character class range: `\\p{Foo}`"},
    {"(\?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?=`"},
    {"(\?!a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?!`"},
    {"(\?<=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?<`"},
    {"(\?<!a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?<`"},
    {"(\?<a>b)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?<`"},
    {"(\?'a'b)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?'`"},
    {"(\?P=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?P`"},
    {"(\?P>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?P`"},
    {"(\?>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?>`"},
    {"(\?#comment)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?#`"},
    {"(\?|a)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?|`"},
    {"(\?x)a b", "error parsing regexp: invalid or unsupported Perl syntax: `(\?x`"},
    {"(\?n)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?n`"},
    {"(\?R)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?R`"},
    {"(\?1)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?1`"},
    {"(*FAIL)", "error parsing regexp: missing argument to repetition operator: `*`"},
    {"(\?", "error parsing regexp: invalid or unsupported Perl syntax: `(\?`"},
    {"(\?i", "error parsing regexp: invalid or unsupported Perl syntax: `(\?i`"},
    {"(\?i-", "error parsing regexp: invalid or unsupported Perl syntax: `(\?i-`"},
    {"(\?-)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?-)`"},
    {"(\?i-)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?i-)`"},
    {"(\?--i)", "error parsing regexp: invalid or unsupported Perl syntax: `(\?--`"},
    {"(\?P<>b)", "error parsing regexp: invalid named capture: `(\?P<>`"},
    {"(\?P<a", "error parsing regexp: invalid named capture: `(\?P<a`"},
    {"(\?P<", "error parsing regexp: invalid or unsupported Perl syntax: `(\?P`"},
    {"(\?P<a-b>b)", "error parsing regexp: invalid named capture: `(\?P<a-b>`"},
    {"(\?P<\303\251>b)", "error parsing regexp: invalid named capture: `(\?P<\303\251>`"},
    {"\377", "error parsing regexp: invalid UTF-8: `\377`"},
    {"a\377b", "error parsing regexp: invalid UTF-8: `\377b`"},
    {"[\377]", "error parsing regexp: invalid UTF-8: `\377]`"},
    {"[a\377", "error parsing regexp: invalid UTF-8: `\377`"},
    {"\\\377", "error parsing regexp: invalid UTF-8: `\377`"},
    {"\\p{\377}", "error parsing regexp: invalid UTF-8: `\377`"},
    {"\\p\377", "error parsing regexp: invalid UTF-8: `\377`"},
    {"\\p{Gr\377eek", "error parsing regexp: invalid UTF-8: `\377eek`"},
    {"(\?P<a\377b>x)", "error parsing regexp: invalid UTF-8: `\377b`"},
    {"(\?P<a\377", "error parsing regexp: invalid UTF-8: `\377`"},
    {"(\?\377)", "error parsing regexp: invalid UTF-8: `\377)`"},
    {"\\Qa\377b\\Ec", "error parsing regexp: invalid UTF-8: `\377b`"},
    {"\\x{\377}", "error parsing regexp: invalid UTF-8: `\377}`"},
    {"\355\240\200", "error parsing regexp: invalid UTF-8: `\355\240\200`"},
    {"\300\257", "error parsing regexp: invalid UTF-8: `\300\257`"},
    {"\364\220\200\200", "error parsing regexp: invalid UTF-8: `\364\220\200\200`"},
    {"\342\202", "error parsing regexp: invalid UTF-8: `\342\202`"},
};

/* Literals, escapes and braces that are not repeats. */
static const char *const literals_subjects[] = {"a{,3}", "a{,3}b", "aaa", "a.b", "axb", "\\", "a*b", "{2}", "\001", "tab\there", "A", "a{01}"};
static const match_case literals_cases[] = {
    {"a{,3}", "0-5 0-5 - - - - - - - - - -"},
    {"a{,3}b", "- 0-6 - - - - - - - - - -"},
    {"a{01}", "- - - - - - - - - - - 0-5"},
    {"a{1,2,3}", "- - - - - - - - - - - -"},
    {"a{", "0-2 0-2 - - - - - - - - - 0-2"},
    {"{", "1-2 1-2 - - - - - 0-1 - - - 1-2"},
    {"}", "4-5 4-5 - - - - - 2-3 - - - 4-5"},
    {"a}", "- - - - - - - - - - - -"},
    {"\\Qa.b\\E", "- - - 0-3 - - - - - - - -"},
    {"\\Qa*b", "- - - - - - 0-3 - - - - -"},
    {"\\Qa\\E*", "0-1 0-1 0-3 0-1 0-1 0-0 0-1 0-0 0-0 0-0 0-0 0-1"},
    {"a.b", "- - - 0-3 0-3 - 0-3 - - - - -"},
    {"a\\.b", "- - - 0-3 - - - - - - - -"},
    {"\\\\", "- - - - - 0-1 - - - - - -"},
    {"\\x41", "- - - - - - - - - - 0-1 -"},
    {"\\x{41}", "- - - - - - - - - - 0-1 -"},
    {"\\x{0000000041}", "- - - - - - - - - - 0-1 -"},
    {"\\101", "- - - - - - - - - - 0-1 -"},
    {"\\01", "- - - - - - - - 0-1 - - -"},
    {"\\x01", "- - - - - - - - 0-1 - - -"},
    {"\\001", "- - - - - - - - 0-1 - - -"},
    {"\\t", "- - - - - - - - - 3-4 - -"},
    {"\\_", "- - - - - - - - - - - -"},
    {"\\{2\\}", "- - - - - - - 0-3 - - - -"},
    {"\\Q{2}\\E", "- - - - - - - 0-3 - - - -"},
};

/* Repetition and greediness. */
/* Patterns of ASCII text without metacharacters, which regex.c matches
 * with a byte search instead of PCRE2 (next to invalid UTF-8 too). */
static const char *const plain_subjects[] = {"store", "xstorestore", "", "st", "\xffstore\xc3", "\xc3\xa9" "a\xff" "ab", "a-b a-b",
                                             "(anonymous namespace)::f", "/src/x/file.go", "STORE", "\xe5\xad\x98store"};
static const match_case plain_cases[] = {
    {"store", "0-5 1-6 - - 1-6 - - - - - 3-8"},
    {"a", "- - - - - 2-3 0-1 1-2 - - -"},
    {"ab", "- - - - - 4-6 - - - - -"},
    {"a-b", "- - - - - - 0-3 - - - -"},
    {"::", "- - - - - - - 21-23 - - -"},
    {"/src/", "- - - - - - - - 0-5 - -"},
    {"e.go", "- - - - - - - - 10-14 - -"},
    {"go", "- - - - - - - - 12-14 - -"},
    {"S", "- - - - - - - - - 0-1 -"},
    {"b a", "- - - - - - 2-5 - - - -"},
    {"\x01", "- - - - - - - - - - -"},
};

/* ^TEXT$ with TEXT's metacharacters escaped (list's and peek's drill-down
 * names), which regex.c matches by comparing the whole subject. */
static const char *const anchored_subjects[] = {"sort.fn1", "sort.fn1\n", "xsort.fn1", "sort.fn12", "sortXfn1", "",
                                                "a b", "\xffsort.fn1", "main.(*T).f", "a\\b", "$", "sort.fn1$"};
static const match_case anchored_cases[] = {
    {"^sort\\.fn1$", "0-8 - - - - - - - - - - -"},
    {"^a\\x20b$", "- - - - - - 0-3 - - - - -"},
    {"^a b$", "- - - - - - 0-3 - - - - -"},
    {"^main\\.\\(\\*T\\)\\.f$", "- - - - - - - - 0-11 - - -"},
    {"^$", "- - - - - 0-0 - - - - - -"},
    {"^a\\\\b$", "- - - - - - - - - 0-3 - -"},
    {"^\\$$", "- - - - - - - - - - 0-1 -"},
    {"^sort.fn1$", "0-8 - - - 0-8 - - - - - - -"},     /* an unescaped dot: not text */
    {"^sort\\.fn1\\$", "- - - - - - - - - - - 0-9"}, /* an escaped $: not anchored at the end */
    {"^sort\\.fn1$|x", "0-8 - 0-1 - - - - - - - - -"},
    {"^\\x7e$", "- - - - - - - - - - - -"},
    {"^\\x{20}$", "- - - - - - - - - - - -"},
};

static const char *const repeat_subjects[] = {"aaa", "ab", "aab", "", "b", "aaaa"};
static const match_case repeat_cases[] = {
    {"a*", "0-3 0-1 0-2 0-0 0-0 0-4"},
    {"a+", "0-3 0-1 0-2 - - 0-4"},
    {"a\?", "0-1 0-1 0-1 0-0 0-0 0-1"},
    {"a*\?", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"a+\?", "0-1 0-1 0-1 - - 0-1"},
    {"a\?\?", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"a{2}", "0-2 - 0-2 - - 0-2"},
    {"a{2,}", "0-3 - 0-2 - - 0-4"},
    {"a{1,2}", "0-2 0-1 0-2 - - 0-2"},
    {"a{1,2}\?", "0-1 0-1 0-1 - - 0-1"},
    {"a{2}\?", "0-2 - 0-2 - - 0-2"},
    {"a{0}", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"a{0}b", "- 1-2 2-3 - 0-1 -"},
    {"(\?U)a+", "0-1 0-1 0-1 - - 0-1"},
    {"(\?U)a+\?", "0-3 0-1 0-2 - - 0-4"},
    {"(\?U)a{1,2}", "0-1 0-1 0-1 - - 0-1"},
    {"(\?U)a{1,2}\?", "0-2 0-1 0-2 - - 0-2"},
    {"(\?:a{2}){2}", "- - - - - 0-4"},
    {"(a*)*", "0-3 0-1 0-2 0-0 0-0 0-4"},
    {"(a*)+b", "- 0-2 0-3 - 0-1 -"},
    {"a*(\?i)*", "0-3 0-1 0-2 0-0 0-0 0-4"},
    {"a(\?i)*", "0-3 0-1 0-2 0-0 0-0 0-4"},
    {"a{2}(\?i){2}", "- - - - - 0-4"},
    {"a\\Q\\E*", "0-3 0-1 0-2 0-0 0-0 0-4"},
    {"(\?:a)*", "0-3 0-1 0-2 0-0 0-0 0-4"},
    {"(\?:)*b", "- 1-2 2-3 - 0-1 -"},
    {"a{1000}", "- - - - - -"},
    {"(\?:a{10}){100}", "- - - - - -"},
};

/* Perl, POSIX and bracket classes: Go's are ASCII, and \s has no \v. */
static const char *const classes_subjects[] = {"\013", "\t", " ", "\331\243", "_", "-", "]", "\303\251", "a", "Z", "5", "\n", "\014"};
static const match_case classes_cases[] = {
    {"\\s", "- 0-1 0-1 - - - - - - - - 0-1 0-1"},
    {"\\S", "0-1 - - 0-2 0-1 0-1 0-1 0-2 0-1 0-1 0-1 - -"},
    {"\\d", "- - - - - - - - - - 0-1 - -"},
    {"\\D", "0-1 0-1 0-1 0-2 0-1 0-1 0-1 0-2 0-1 0-1 - 0-1 0-1"},
    {"\\w", "- - - - 0-1 - - - 0-1 0-1 0-1 - -"},
    {"\\W", "0-1 0-1 0-1 0-2 - 0-1 0-1 0-2 - - - 0-1 0-1"},
    {"[\\s]", "- 0-1 0-1 - - - - - - - - 0-1 0-1"},
    {"[^\\s]", "0-1 - - 0-2 0-1 0-1 0-1 0-2 0-1 0-1 0-1 - -"},
    {"[\\S]", "0-1 - - 0-2 0-1 0-1 0-1 0-2 0-1 0-1 0-1 - -"},
    {"[\\v]", "0-1 - - - - - - - - - - - -"},
    {"[[:space:]]", "0-1 0-1 0-1 - - - - - - - - 0-1 0-1"},
    {"[[:^space:]]", "- - - 0-2 0-1 0-1 0-1 0-2 0-1 0-1 0-1 - -"},
    {"[[:blank:]]", "- 0-1 0-1 - - - - - - - - - -"},
    {"[[:word:]]", "- - - - 0-1 - - - 0-1 0-1 0-1 - -"},
    {"[[:^word:]]", "0-1 0-1 0-1 0-2 - 0-1 0-1 0-2 - - - 0-1 0-1"},
    {"[[:alpha:]]", "- - - - - - - - 0-1 0-1 - - -"},
    {"[[:^alpha:]]", "0-1 0-1 0-1 0-2 0-1 0-1 0-1 0-2 - - 0-1 0-1 0-1"},
    {"[[:alnum:]]", "- - - - - - - - 0-1 0-1 0-1 - -"},
    {"[[:digit:]]", "- - - - - - - - - - 0-1 - -"},
    {"[[:xdigit:]]", "- - - - - - - - 0-1 - 0-1 - -"},
    {"[[:punct:]]", "- - - - 0-1 0-1 0-1 - - - - - -"},
    {"[[:cntrl:]]", "0-1 0-1 - - - - - - - - - 0-1 0-1"},
    {"[[:graph:]]", "- - - - 0-1 0-1 0-1 - 0-1 0-1 0-1 - -"},
    {"[[:print:]]", "- - 0-1 - 0-1 0-1 0-1 - 0-1 0-1 0-1 - -"},
    {"[[:ascii:]]", "0-1 0-1 0-1 - 0-1 0-1 0-1 - 0-1 0-1 0-1 0-1 0-1"},
    {"[[:^ascii:]]", "- - - 0-2 - - - 0-2 - - - - -"},
    {"[[:upper:]]", "- - - - - - - - - 0-1 - - -"},
    {"[[:lower:]]", "- - - - - - - - 0-1 - - - -"},
    {"[]a]", "- - - - - - 0-1 - 0-1 - - - -"},
    {"[^]a]", "0-1 0-1 0-1 0-2 0-1 0-1 - 0-2 - 0-1 0-1 0-1 0-1"},
    {"[a-]", "- - - - - 0-1 - - 0-1 - - - -"},
    {"[-a]", "- - - - - 0-1 - - 0-1 - - - -"},
    {"[\\d-z]", "- - - - - 0-1 - - - - 0-1 - -"},
    {"[[:alpha:]-z]", "- - - - - 0-1 - - 0-1 0-1 - - -"},
    {"[a-b-c]", "- - - - - 0-1 - - 0-1 - - - -"},
    {"[^\\n]", "0-1 0-1 0-1 0-2 0-1 0-1 0-1 0-2 0-1 0-1 0-1 - 0-1"},
    {"[\\n]", "- - - - - - - - - - - 0-1 -"},
    {"[^a]", "0-1 0-1 0-1 0-2 0-1 0-1 0-1 0-2 - 0-1 0-1 0-1 0-1"},
    {"[\\]]", "- - - - - - 0-1 - - - - - -"},
    {"[\\-]", "- - - - - 0-1 - - - - - - -"},
    {"[\\x{61}-\\x{7a}]", "- - - - - - - - 0-1 - - - -"},
    {"[\\141]", "- - - - - - - - 0-1 - - - -"},
    {"[\\x{D800}a]", "- - - - - - - - 0-1 - - - -"},
    {"[^\\x{D800}]", "0-1 0-1 0-1 0-2 0-1 0-1 0-1 0-2 0-1 0-1 0-1 0-1 0-1"},
};

/* Anchors, dot and line mode: $ is the very end unless (?m); . skips \n unless (?s). */
static const char *const anchors_subjects[] = {"a\n", "ab\ncd\n", "\n", "x\ny", "a", "", "ba"};
static const match_case anchors_cases[] = {
    {"$", "2-2 6-6 1-1 3-3 1-1 0-0 2-2"},
    {"a$", "- - - - 0-1 - 1-2"},
    {"^", "0-0 0-0 0-0 0-0 0-0 0-0 0-0"},
    {"^a", "0-1 0-1 - - 0-1 - -"},
    {"a$|b", "- 1-2 - - 0-1 - 0-1"},
    {"(\?m)^", "0-0 0-0 0-0 0-0 0-0 0-0 0-0"},
    {"(\?m)$", "1-1 2-2 0-0 1-1 1-1 0-0 2-2"},
    {"(\?m)^$", "2-2 6-6 0-0 - - 0-0 -"},
    {"(\?m)a$", "0-1 - - - 0-1 - 1-2"},
    {"(\?m)^b", "- - - - - - 0-1"},
    {"(\?m)^c", "- 3-4 - - - - -"},
    {"(\?m:a$)", "0-1 - - - 0-1 - 1-2"},
    {"(\?-m)a$", "- - - - 0-1 - 1-2"},
    {"\\z", "2-2 6-6 1-1 3-3 1-1 0-0 2-2"},
    {"a\\z", "- - - - 0-1 - 1-2"},
    {"\\A", "0-0 0-0 0-0 0-0 0-0 0-0 0-0"},
    {"\\Aa", "0-1 0-1 - - 0-1 - -"},
    {".", "0-1 0-1 - 0-1 0-1 - 0-1"},
    {"(\?s).", "0-1 0-1 0-1 0-1 0-1 - 0-1"},
    {"(\?s:.)", "0-1 0-1 0-1 0-1 0-1 - 0-1"},
    {"(\?-s).", "0-1 0-1 - 0-1 0-1 - 0-1"},
    {".*", "0-1 0-2 0-0 0-1 0-1 0-0 0-2"},
    {"(\?s).*", "0-2 0-6 0-1 0-3 0-1 0-0 0-2"},
    {"x.y", "- - - - - - -"},
    {"(\?s)x.y", "- - - 0-3 - - -"},
    {"^*", "0-0 0-0 0-0 0-0 0-0 0-0 0-0"},
    {"\\z+", "2-2 6-6 1-1 3-3 1-1 0-0 2-2"},
    {"(^)*", "0-0 0-0 0-0 0-0 0-0 0-0 0-0"},
};

/* Word boundaries are ASCII. */
static const char *const words_subjects[] = {"a\303\251", "\303\251a", "a b", "ab", "\303\251", "_x"};
static const match_case words_cases[] = {
    {"\\b", "0-0 2-2 0-0 0-0 - 0-0"},
    {"\\B", "3-3 0-0 - 1-1 0-0 1-1"},
    {"a\\b", "0-1 2-3 0-1 - - -"},
    {"\\ba", "0-1 2-3 0-1 0-1 - -"},
    {"\\b\303\251", "1-3 - - - - -"},
    {"\303\251\\b", "- 0-2 - - - -"},
    {"\\bx", "- - - - - -"},
    {"\\b_", "- - - - - 0-1"},
};

/* Case folding with (?i): Go's simple folding, K and U+212A KELVIN SIGN, s and U+017F LONG S. */
static const char *const folding_subjects[] = {"k", "K", "\342\204\252", "s", "S", "\305\277", "\304\261", "I", "\302\265", "\316\234", "\316\274", "\307\205", "x"};
static const match_case folding_cases[] = {
    {"(\?i)k", "0-1 0-1 0-3 - - - - - - - - - -"},
    {"(\?i)K", "0-1 0-1 0-3 - - - - - - - - - -"},
    {"(\?i)s", "- - - 0-1 0-1 0-2 - - - - - - -"},
    {"(\?i)[k]", "0-1 0-1 0-3 - - - - - - - - - -"},
    {"(\?i)[^k]", "- - - 0-1 0-1 0-2 0-2 0-1 0-2 0-2 0-2 0-2 0-1"},
    {"(\?i)[a-z]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 - - - - 0-1"},
    {"(\?i)[^a-z]", "- - - - - - 0-2 - 0-2 0-2 0-2 0-2 -"},
    {"(\?i)\\w", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 - - - - 0-1"},
    {"(\?i)\\W", "- - - - - - 0-2 - 0-2 0-2 0-2 0-2 -"},
    {"(\?i)[\\W]", "- - - - - - 0-2 - 0-2 0-2 0-2 0-2 -"},
    {"(\?i)[^\\W]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 - - - - 0-1"},
    {"(\?i)[[:upper:]]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 - - - - 0-1"},
    {"(\?i)[[:^upper:]]", "- - - - - - 0-2 - 0-2 0-2 0-2 0-2 -"},
    {"(\?i)[[:lower:]]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 - - - - 0-1"},
    {"(\?i)[[:ascii:]]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 - - - - 0-1"},
    {"(\?i)[[:^ascii:]]", "- - - - - - 0-2 - 0-2 0-2 0-2 0-2 -"},
    {"(\?i)\\p{Lu}", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 0-2 0-2 0-2 0-2 0-1"},
    {"(\?i)\\P{Lu}", "- - - - - - 0-2 - - - - - -"},
    {"(\?i)\\p{Ll}", "0-1 0-1 0-3 0-1 0-1 0-2 0-2 0-1 0-2 0-2 0-2 0-2 0-1"},
    {"(\?i)\\P{Ll}", "- - - - - - - - - - - - -"},
    {"(\?i)\\p{Lt}", "- - - - - - - - - - - 0-2 -"},
    {"(\?i)[^\\P{Lu}]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 0-2 0-2 0-2 0-2 0-1"},
    {"(\?i)[a\\P{Lu}]", "- - - - - - 0-2 - - - - - -"},
    {"(\?i)[^a\\P{Lu}]", "0-1 0-1 0-3 0-1 0-1 0-2 - 0-1 0-2 0-2 0-2 0-2 0-1"},
    {"(\?i)[\\P{Lu}\\P{Ll}]", "- - - - - - 0-2 - - - - - -"},
    {"(\?i)\\p{Greek}", "- - - - - - - - 0-2 0-2 0-2 - -"},
    {"(\?i)\\P{Greek}", "0-1 0-1 0-3 0-1 0-1 0-2 0-2 0-1 - - - 0-2 0-1"},
    {"(\?i)\\p{Common}", "- - - - - - - - 0-2 0-2 0-2 - -"},
    {"(\?i)\\p{Latin}", "0-1 0-1 0-3 0-1 0-1 0-2 0-2 0-1 - - - 0-2 0-1"},
    {"(\?i)\304\261", "- - - - - - 0-2 - - - - - -"},
    {"(\?i)i", "- - - - - - - 0-1 - - - - -"},
    {"(\?i)\302\265", "- - - - - - - - 0-2 0-2 0-2 - -"},
    {"(\?i)\307\204", "- - - - - - - - - - - 0-2 -"},
    {"(\?i)[\\x{212a}]", "0-1 0-1 0-3 - - - - - - - - - -"},
    {"(\?i)[^\\x{212a}]", "- - - 0-1 0-1 0-2 0-2 0-1 0-2 0-2 0-2 0-2 0-1"},
    {"(\?i:k)x", "- - - - - - - - - - - - -"},
    {"(\?i)x|k", "0-1 0-1 0-3 - - - - - - - - - 0-1"},
};

/* Flag groups and their scope. */
static const char *const flags_subjects[] = {"ab", "aB", "AB", "Ab", "c", "C", "abc", "aBc", "aBC"};
static const match_case flags_cases[] = {
    {"(\?i)ab", "0-2 0-2 0-2 0-2 - - 0-2 0-2 0-2"},
    {"a(\?i)b", "0-2 0-2 - - - - 0-2 0-2 0-2"},
    {"a(\?i:b)c", "- - - - - - 0-3 0-3 -"},
    {"(\?i)a(\?-i)b", "0-2 - - 0-2 - - 0-2 - -"},
    {"(\?i)a(\?-i:b)c", "- - - - - - 0-3 - -"},
    {"(\?i)(a)b", "0-2 0-2 0-2 0-2 - - 0-2 0-2 0-2"},
    {"a(\?i)(b)c", "- - - - - - 0-3 0-3 0-3"},
    {"(a(\?i)b|c)", "0-2 0-2 - - 0-1 0-1 0-2 0-2 0-2"},
    {"a(\?i)b|c", "0-2 0-2 - - 0-1 0-1 0-2 0-2 0-2"},
    {"(\?i)a|c", "0-1 0-1 0-1 0-1 0-1 0-1 0-1 0-1 0-1"},
    {"((\?i)a)b", "0-2 - - 0-2 - - 0-2 - -"},
    {"(\?i:a|b)c", "- - - - - - 1-3 1-3 -"},
    {"(\?i-s)ab", "0-2 0-2 0-2 0-2 - - 0-2 0-2 0-2"},
    {"(\?)ab", "0-2 - - - - - 0-2 - -"},
    {"(\?i)(\?:a(\?-i)b)*c", "- - - - 0-1 0-1 0-3 2-3 2-3"},
    {"(\?i)(\?:a(\?-i)b)*C", "- - - - 0-1 0-1 0-3 2-3 2-3"},
    {"(\?:(\?i)a)b", "0-2 - - 0-2 - - 0-2 - -"},
    {"(\?:(\?i)a)*b", "0-2 - - 0-2 - - 0-2 - -"},
    {"(\?:(\?:(\?i)a))B", "- 0-2 0-2 - - - - 0-2 0-2"},
};

/* Unicode classes: Go's tables (Unicode 13), Script not Script_Extensions, C without unassigned. */
static const char *const unicode_subjects[] = {"a", "A", "\303\251", "\316\261", "\316\251", "\315\202", "1", "\331\243", "\346\227\245", "\302\255", "\356\200\200", "\360\237\257\277", " "};
static const match_case unicode_cases[] = {
    {"\\pL", "0-1 0-1 0-2 0-2 0-2 - - - 0-3 - - - -"},
    {"\\p{L}", "0-1 0-1 0-2 0-2 0-2 - - - 0-3 - - - -"},
    {"\\p{Lu}", "- 0-1 - - 0-2 - - - - - - - -"},
    {"\\p{Ll}", "0-1 - 0-2 0-2 - - - - - - - - -"},
    {"\\pN", "- - - - - - 0-1 0-2 - - - - -"},
    {"\\p{Nd}", "- - - - - - 0-1 0-2 - - - - -"},
    {"\\PN", "0-1 0-1 0-2 0-2 0-2 0-2 - - 0-3 0-2 0-3 0-4 0-1"},
    {"\\p{^N}", "0-1 0-1 0-2 0-2 0-2 0-2 - - 0-3 0-2 0-3 0-4 0-1"},
    {"\\P{^N}", "- - - - - - 0-1 0-2 - - - - -"},
    {"\\p{Greek}", "- - - 0-2 0-2 - - - - - - - -"},
    {"\\P{Greek}", "0-1 0-1 0-2 - - 0-2 0-1 0-2 0-3 0-2 0-3 0-4 0-1"},
    {"\\p{^Greek}", "0-1 0-1 0-2 - - 0-2 0-1 0-2 0-3 0-2 0-3 0-4 0-1"},
    {"\\p{Han}", "- - - - - - - - 0-3 - - - -"},
    {"\\p{Latin}", "0-1 0-1 0-2 - - - - - - - - - -"},
    {"\\p{Inherited}", "- - - - - 0-2 - - - - - - -"},
    {"\\p{Common}", "- - - - - - 0-1 - - 0-2 - - 0-1"},
    {"\\pC", "- - - - - - - - - 0-2 0-3 - -"},
    {"\\PC", "0-1 0-1 0-2 0-2 0-2 0-2 0-1 0-2 0-3 - - 0-4 0-1"},
    {"\\p{Cf}", "- - - - - - - - - 0-2 - - -"},
    {"\\p{Co}", "- - - - - - - - - - 0-3 - -"},
    {"\\p{Zs}", "- - - - - - - - - - - - 0-1"},
    {"\\p{Any}", "0-1 0-1 0-2 0-2 0-2 0-2 0-1 0-2 0-3 0-2 0-3 0-4 0-1"},
    {"\\P{Any}", "- - - - - - - - - - - - -"},
    {"[\\p{Greek}a]", "0-1 - - 0-2 0-2 - - - - - - - -"},
    {"[^\\p{Greek}a]", "- 0-1 0-2 - - 0-2 0-1 0-2 0-3 0-2 0-3 0-4 0-1"},
    {"[\\P{Greek}]", "0-1 0-1 0-2 - - 0-2 0-1 0-2 0-3 0-2 0-3 0-4 0-1"},
    {"[\\pN\\pL]", "0-1 0-1 0-2 0-2 0-2 - 0-1 0-2 0-3 - - - -"},
    {"[^\\pN\\pL]", "- - - - - 0-2 - - - 0-2 0-3 0-4 0-1"},
    {"\\x{10FFFF}", "- - - - - - - - - - - - -"},
    {"[\\x{10000}-\\x{10FFFF}]", "- - - - - - - - - - - 0-4 -"},
    {"\\pL+", "0-1 0-1 0-2 0-2 0-2 - - - 0-3 - - - -"},
};

/* Groups and alternation. */
static const char *const groups_subjects[] = {"", "a", "ab", "b", "c", "abc"};
static const match_case groups_cases[] = {
    {"(a|)", "0-0 0-1 0-1 0-0 0-0 0-1"},
    {"(|a)", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"a|", "0-0 0-1 0-1 0-0 0-0 0-1"},
    {"|a", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"|", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"()", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"(\?:)", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"()*", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"(\?:)+", "0-0 0-0 0-0 0-0 0-0 0-0"},
    {"a||b", "0-0 0-1 0-1 0-0 0-0 0-1"},
    {"a|||b", "0-0 0-1 0-1 0-0 0-0 0-1"},
    {"(\?P<x>a)", "- 0-1 0-1 - - 0-1"},
    {"(\?P<x>a)(\?P<x>b)", "- - 0-2 - - 0-2"},
    {"(\?P<1>a)", "- 0-1 0-1 - - 0-1"},
    {"(a)(\?:b)(c)", "- - - - - 0-3"},
    {"(\?:(\?:(\?:a)))", "- 0-1 0-1 - - 0-1"},
    {"((((a))))", "- 0-1 0-1 - - 0-1"},
    {"ab|ac", "- - 0-2 - - 0-2"},
    {"a(\?:b|c)", "- - 0-2 - - 0-2"},
    {"a|b|c", "- 0-1 0-1 0-1 0-1 0-1"},
    {"[ab]|c", "- 0-1 0-1 0-1 0-1 0-1"},
    {".|\\n", "- 0-1 0-1 0-1 0-1 0-1"},
    {"(\?:a|b)*c", "- - - - 0-1 0-3"},
};

/* Patterns pprof users and pprof itself write. */
static const char *const pprof_subjects[] = {"main.main", "runtime.mallocgc", "github.com/x/y/v2.(*T).Method", "(anonymous namespace)::f", "java.lang.Thread.run", "runtime.gcBgMarkWorker.func1"};
static const match_case pprof_cases[] = {
    {"main\\.main", "0-9 - - - - -"},
    {"^runtime\\.", "- 0-8 - - - 0-8"},
    {"runtime\\..*", "- 0-16 - - - 0-28"},
    {"^main", "0-4 - - - - -"},
    {"main$", "5-9 - - - - -"},
    {"mallocgc|main", "0-4 8-16 - - - -"},
    {"\\(\\*T\\)", "- - 18-22 - - -"},
    {"^(\?:[\\w\\-\\.]+\\/)+(.+)", "- - 0-29 - - -"},
    {"^\\(anonymous namespace\\)::", "- - - 0-23 - -"},
    {"^(.*\?)/v(\?:[2-9]|[1-9][0-9]+)([./].*)$", "- - 0-29 - - -"},
    {"func\\d+$", "- - - - - 23-28"},
    {"(\?i)MAIN", "0-4 - - - - -"},
};

/* Every \p name Go 1.19 accepts, with a code point in its table (none for Cs). */
static const name_case name_cases[] = {
    {"Adlam", 0x1e900}, {"Ahom", 0x11700}, {"Anatolian_Hieroglyphs", 0x14400}, {"Arabic", 0x600},
    {"Armenian", 0x531}, {"Avestan", 0x10b00}, {"Balinese", 0x1b00}, {"Bamum", 0xa6a0},
    {"Bassa_Vah", 0x16ad0}, {"Batak", 0x1bc0}, {"Bengali", 0x980}, {"Bhaiksuki", 0x11c00},
    {"Bopomofo", 0x2ea}, {"Brahmi", 0x11000}, {"Braille", 0x2800}, {"Buginese", 0x1a00},
    {"Buhid", 0x1740}, {"C", 0x1}, {"Canadian_Aboriginal", 0x1400}, {"Carian", 0x102a0},
    {"Caucasian_Albanian", 0x10530}, {"Cc", 0x1}, {"Cf", 0xad}, {"Chakma", 0x11100},
    {"Cham", 0xaa00}, {"Cherokee", 0x13a0}, {"Chorasmian", 0x10fb0}, {"Co", 0xe000},
    {"Common", 0x1}, {"Coptic", 0x3e2}, {"Cs", 0x0}, {"Cuneiform", 0x12000},
    {"Cypriot", 0x10800}, {"Cyrillic", 0x400}, {"Deseret", 0x10400}, {"Devanagari", 0x900},
    {"Dives_Akuru", 0x11900}, {"Dogra", 0x11800}, {"Duployan", 0x1bc00}, {"Egyptian_Hieroglyphs", 0x13000},
    {"Elbasan", 0x10500}, {"Elymaic", 0x10fe0}, {"Ethiopic", 0x1200}, {"Georgian", 0x10a0},
    {"Glagolitic", 0x2c00}, {"Gothic", 0x10330}, {"Grantha", 0x11300}, {"Greek", 0x370},
    {"Gujarati", 0xa81}, {"Gunjala_Gondi", 0x11d60}, {"Gurmukhi", 0xa01}, {"Han", 0x2e80},
    {"Hangul", 0x1100}, {"Hanifi_Rohingya", 0x10d00}, {"Hanunoo", 0x1720}, {"Hatran", 0x108e0},
    {"Hebrew", 0x591}, {"Hiragana", 0x3041}, {"Imperial_Aramaic", 0x10840}, {"Inherited", 0x300},
    {"Inscriptional_Pahlavi", 0x10b60}, {"Inscriptional_Parthian", 0x10b40}, {"Javanese", 0xa980}, {"Kaithi", 0x11080},
    {"Kannada", 0xc80}, {"Katakana", 0x30a1}, {"Kayah_Li", 0xa900}, {"Kharoshthi", 0x10a00},
    {"Khitan_Small_Script", 0x16fe4}, {"Khmer", 0x1780}, {"Khojki", 0x11200}, {"Khudawadi", 0x112b0},
    {"L", 0x41}, {"Lao", 0xe81}, {"Latin", 0x41}, {"Lepcha", 0x1c00},
    {"Limbu", 0x1900}, {"Linear_A", 0x10600}, {"Linear_B", 0x10000}, {"Lisu", 0xa4d0},
    {"Ll", 0x61}, {"Lm", 0x2b0}, {"Lo", 0xaa}, {"Lt", 0x1c5},
    {"Lu", 0x41}, {"Lycian", 0x10280}, {"Lydian", 0x10920}, {"M", 0x300},
    {"Mahajani", 0x11150}, {"Makasar", 0x11ee0}, {"Malayalam", 0xd00}, {"Mandaic", 0x840},
    {"Manichaean", 0x10ac0}, {"Marchen", 0x11c70}, {"Masaram_Gondi", 0x11d00}, {"Mc", 0x903},
    {"Me", 0x488}, {"Medefaidrin", 0x16e40}, {"Meetei_Mayek", 0xaae0}, {"Mende_Kikakui", 0x1e800},
    {"Meroitic_Cursive", 0x109a0}, {"Meroitic_Hieroglyphs", 0x10980}, {"Miao", 0x16f00}, {"Mn", 0x300},
    {"Modi", 0x11600}, {"Mongolian", 0x1800}, {"Mro", 0x16a40}, {"Multani", 0x11280},
    {"Myanmar", 0x1000}, {"N", 0x30}, {"Nabataean", 0x10880}, {"Nandinagari", 0x119a0},
    {"Nd", 0x30}, {"New_Tai_Lue", 0x1980}, {"Newa", 0x11400}, {"Nko", 0x7c0},
    {"Nl", 0x16ee}, {"No", 0xb2}, {"Nushu", 0x16fe1}, {"Nyiakeng_Puachue_Hmong", 0x1e100},
    {"Ogham", 0x1680}, {"Ol_Chiki", 0x1c50}, {"Old_Hungarian", 0x10c80}, {"Old_Italic", 0x10300},
    {"Old_North_Arabian", 0x10a80}, {"Old_Permic", 0x10350}, {"Old_Persian", 0x103a0}, {"Old_Sogdian", 0x10f00},
    {"Old_South_Arabian", 0x10a60}, {"Old_Turkic", 0x10c00}, {"Oriya", 0xb01}, {"Osage", 0x104b0},
    {"Osmanya", 0x10480}, {"P", 0x21}, {"Pahawh_Hmong", 0x16b00}, {"Palmyrene", 0x10860},
    {"Pau_Cin_Hau", 0x11ac0}, {"Pc", 0x5f}, {"Pd", 0x2d}, {"Pe", 0x29},
    {"Pf", 0xbb}, {"Phags_Pa", 0xa840}, {"Phoenician", 0x10900}, {"Pi", 0xab},
    {"Po", 0x21}, {"Ps", 0x28}, {"Psalter_Pahlavi", 0x10b80}, {"Rejang", 0xa930},
    {"Runic", 0x16a0}, {"S", 0x24}, {"Samaritan", 0x800}, {"Saurashtra", 0xa880},
    {"Sc", 0x24}, {"Sharada", 0x11180}, {"Shavian", 0x10450}, {"Siddham", 0x11580},
    {"SignWriting", 0x1d800}, {"Sinhala", 0xd81}, {"Sk", 0x5e}, {"Sm", 0x2b},
    {"So", 0xa6}, {"Sogdian", 0x10f30}, {"Sora_Sompeng", 0x110d0}, {"Soyombo", 0x11a50},
    {"Sundanese", 0x1b80}, {"Syloti_Nagri", 0xa800}, {"Syriac", 0x700}, {"Tagalog", 0x1700},
    {"Tagbanwa", 0x1760}, {"Tai_Le", 0x1950}, {"Tai_Tham", 0x1a20}, {"Tai_Viet", 0xaa80},
    {"Takri", 0x11680}, {"Tamil", 0xb82}, {"Tangut", 0x16fe0}, {"Telugu", 0xc00},
    {"Thaana", 0x780}, {"Thai", 0xe01}, {"Tibetan", 0xf00}, {"Tifinagh", 0x2d30},
    {"Tirhuta", 0x11480}, {"Ugaritic", 0x10380}, {"Vai", 0xa500}, {"Wancho", 0x1e2c0},
    {"Warang_Citi", 0x118a0}, {"Yezidi", 0x10e80}, {"Yi", 0xa000}, {"Z", 0x20},
    {"Zanabazar_Square", 0x11a00}, {"Zl", 0x2028}, {"Zp", 0x2029}, {"Zs", 0x20},
};

#define N(a) (sizeof(a) / sizeof *(a))

static void test_errors(void **state) {
  (void)state;
  for (size_t i = 0; i < N(error_cases); i++) {
    char *err = NULL;
    tregex *re = regex_compile(error_cases[i].pattern, &err);
    if (re) fail_msg("pattern %s: compiled, want %s", error_cases[i].pattern, error_cases[i].err);
    assert_string_equal(err, error_cases[i].err);
    free(err);
  }
}

/* Check each case against each subject: "start-end" of the leftmost match, or "-". */
static void check_matches(const char *const *subjects, size_t nsubjects, const match_case *cases, size_t ncases) {
  for (size_t i = 0; i < ncases; i++) {
    char *err = NULL;
    tregex *re = regex_compile(cases[i].pattern, &err);
    if (!re) fail_msg("pattern %s: %s", cases[i].pattern, err);
    strbuf got = STRBUF_INIT;
    for (size_t j = 0; j < nsubjects; j++) {
      size_t a, b;
      if (j) sb_addc(&got, ' ');
      if (regex_search(re, subjects[j], &a, &b))
        sb_printf(&got, "%zu-%zu", a, b);
      else
        sb_addc(&got, '-');
    }
    if (strcmp(sb_str(&got), cases[i].want) != 0)
      fail_msg("pattern %s: got %s, want %s", cases[i].pattern, sb_str(&got), cases[i].want);
    sb_free(&got);
    regex_free(re);
  }
}

#define MATCHES(theme) check_matches(theme##_subjects, N(theme##_subjects), theme##_cases, N(theme##_cases))

static void test_literals(void **state) { (void)state; MATCHES(literals); }

/* The cases again with each pattern in a group, (?:pattern), which no
 * shortcut of regex.c takes: PCRE2's answers must be the same. */
static void check_grouped(const char *const *subjects, size_t nsubjects, const match_case *cases, size_t ncases) {
  match_case *grouped = xcalloc(ncases, sizeof *grouped);
  for (size_t i = 0; i < ncases; i++) grouped[i] = (match_case){xasprintf("(?:%s)", cases[i].pattern), cases[i].want};
  check_matches(subjects, nsubjects, grouped, ncases);
  for (size_t i = 0; i < ncases; i++) free((char *)grouped[i].pattern);
  free(grouped);
}

/* The byte search for plain patterns answers as Go does, and as PCRE2 does
 * for the same pattern in a group (which takes the PCRE2 path). */
static void test_plain_literals(void **state) {
  (void)state;
  MATCHES(plain);
  check_grouped(plain_subjects, N(plain_subjects), plain_cases, N(plain_cases));
}
/* The same for ^TEXT$: Go's answers, and PCRE2's for the pattern in a group. */
static void test_anchored_text(void **state) {
  (void)state;
  MATCHES(anchored);
  check_grouped(anchored_subjects, N(anchored_subjects), anchored_cases, N(anchored_cases));
}
static void test_repeat(void **state) { (void)state; MATCHES(repeat); }
static void test_classes(void **state) { (void)state; MATCHES(classes); }
static void test_anchors(void **state) { (void)state; MATCHES(anchors); }
static void test_words(void **state) { (void)state; MATCHES(words); }
static void test_folding(void **state) { (void)state; MATCHES(folding); }
static void test_flags(void **state) { (void)state; MATCHES(flags); }
static void test_unicode(void **state) { (void)state; MATCHES(unicode); }
static void test_groups(void **state) { (void)state; MATCHES(groups); }
static void test_pprof(void **state) { (void)state; MATCHES(pprof); }

static void utf8(char *buf, uint32_t c) {
  if (c < 0x80) {
    buf[0] = (char)c, buf[1] = 0;
  } else if (c < 0x800) {
    buf[0] = (char)(0xc0 | c >> 6), buf[1] = (char)(0x80 | (c & 0x3f)), buf[2] = 0;
  } else if (c < 0x10000) {
    buf[0] = (char)(0xe0 | c >> 12), buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
    buf[2] = (char)(0x80 | (c & 0x3f)), buf[3] = 0;
  } else {
    buf[0] = (char)(0xf0 | c >> 18), buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3f)), buf[3] = (char)(0x80 | (c & 0x3f)), buf[4] = 0;
  }
}

/* Every Unicode class name Go accepts maps to a PCRE2 class with its code points. */
static void test_unicode_names(void **state) {
  (void)state;
  for (size_t i = 0; i < N(name_cases); i++) {
    char subject[8], *err = NULL;
    utf8(subject, name_cases[i].cp ? name_cases[i].cp : 'a'); /* Cs: nothing matches */
    for (int neg = 0; neg < 2; neg++) {
      char *pat = xasprintf("\\%c{%s}", neg ? 'P' : 'p', name_cases[i].name);
      tregex *re = regex_compile(pat, &err);
      if (!re) fail_msg("%s: %s", pat, err);
      bool want = name_cases[i].cp ? !neg : neg;
      if (regex_match(re, subject) != want) fail_msg("%s against %s: %s", pat, subject, want ? "no match" : "matched");
      regex_free(re);
      free(pat);
    }
  }
}

/* Go limits the parse tree's height to 1000: for each shape, open^n mid
 * close^n compiles for n = max and not for n = max + 1 (Go 1.19.8). */
static void test_nesting(void **state) {
  (void)state;
  static const struct {
    const char *open, *mid, *close;
    int max;
    const char *err; /* the error code for max + 1 */
  } shapes[] = {
      {"(", "a", ")", 999, "expression nests too deeply"},
      {"(", "", ")", 999, "expression nests too deeply"},
      {"(?:", "a", ")*", 999, "expression nests too deeply"},
      {"(a", "", ")?", 333, "expression nests too deeply"},
      {"(a", "", "b)", 500, "expression nests too deeply"},
      {"x(", "y", ")", 499, "expression nests too deeply"},
      {"(?:(?i)a", "", ")+", 500, "expression nests too deeply"},
      {"(?i:", "a", ")?", 999, "expression nests too deeply"},
      {"(?:ab|ac", "", ")", 500, "expression nests too deeply"},
      {"(?:a", "", "){1,2}", 9, "invalid repeat count"},
  };
  for (size_t i = 0; i < N(shapes); i++) {
    for (int n = shapes[i].max; n <= shapes[i].max + 1; n++) {
      strbuf sb = STRBUF_INIT;
      for (int k = 0; k < n; k++) sb_adds(&sb, shapes[i].open);
      sb_adds(&sb, shapes[i].mid);
      for (int k = 0; k < n; k++) sb_adds(&sb, shapes[i].close);
      char *err = NULL;
      tregex *re = regex_compile(sb_str(&sb), &err);
      if (n == shapes[i].max) {
        if (!re) fail_msg("%s%s%s x%d: %.80s", shapes[i].open, shapes[i].mid, shapes[i].close, n, err);
        regex_free(re);
      } else {
        if (re) fail_msg("%s%s%s x%d: compiled", shapes[i].open, shapes[i].mid, shapes[i].close, n);
        char *want = xasprintf("error parsing regexp: %s: `", shapes[i].err);
        assert_memory_equal(err, want, strlen(want));
        free(want);
        free(err);
      }
      sb_free(&sb);
    }
  }
  /* Non-capturing groups add no height in Go; PCRE2 would stop at ~550 "(?:". */
  strbuf sb = STRBUF_INIT;
  for (int k = 0; k < 2000; k++) sb_adds(&sb, "(?:");
  sb_addc(&sb, 'a');
  for (int k = 0; k < 2000; k++) sb_addc(&sb, ')');
  char *err = NULL;
  tregex *re = regex_compile(sb_str(&sb), &err);
  assert_non_null(re);
  assert_true(regex_match(re, "xay"));
  regex_free(re);
  /* The nesting error comes before a later syntax error, as in Go. */
  sb_reset(&sb);
  for (int k = 0; k < 1001; k++) sb_addc(&sb, '(');
  for (int k = 0; k < 1001; k++) sb_addc(&sb, ')');
  sb_adds(&sb, "\\q");
  assert_null(regex_compile(sb_str(&sb), &err));
  char *want = xasprintf("error parsing regexp: expression nests too deeply: `%s`", sb_str(&sb));
  assert_string_equal(err, want);
  free(want);
  free(err);
  sb_free(&sb);
}

/* Go's capture groups keep their numbers (named ones included); the
 * groups tprof adds or drops do not count. */
static void test_group_numbers(void **state) {
  (void)state;
  char *err = NULL;
  tregex *re = regex_compile("(?P<x>a)(?:b)(c)(?P<x>d)?(e)*", &err);
  assert_non_null(re);
  size_t ov[12];
  assert_int_equal(regex_groups(re, "abcee", ov, 6), 5);
  size_t want[] = {0, 5, 0, 1, 2, 3, SIZE_MAX, SIZE_MAX, 4, 5};
  assert_memory_equal(ov, want, sizeof want);
  assert_string_equal(regex_pattern(re), "(?P<x>a)(?:b)(c)(?P<x>d)?(e)*");
  regex_free(re);
  /* pprof's own Java name shortener (graph.go). */
  re = regex_compile("^(?:[a-z]\\w*\\.)*([A-Z][\\w\\$]*\\.(?:<init>|[a-z][\\w\\$]*(?:\\$\\d+)?))(?:(?:\\()|$)", &err);
  assert_non_null(re);
  assert_int_equal(regex_groups(re, "java.lang.Thread.run(Thread.java)", ov, 2), 2);
  assert_int_equal(ov[2], 10);
  assert_int_equal(ov[3], 20);
  regex_free(re);
}

/* The PCRE2 text for constructs whose meaning differs between the two. */
static void translation(const char *go, const char *pcre) {
  char *err = NULL, *got = re2_translate(go, &err);
  if (!got) fail_msg("%s: %s", go, err);
  assert_string_equal(got, pcre);
  free(got);
}

static void test_translation(void **state) {
  (void)state;
  translation("a{,3}", "a\\{\\,3\\}");
  translation("\\s", "[\\x{9}-\\x{a}\\x{c}-\\x{d}\\x{20}]");
  translation("^a$", "\\Aa\\z");
  translation("(?m)^a$", "(?<![^\\n])a(?![^\\n])");
  translation(".(?s:.)", "[^\\n](?s:.)");
  translation("(?U)a+b+?", "a+?b+");
  translation("(?:(?:a))(b)", "a(?<g1>b)");
  translation("(?i)k(?-i)k", "(?i)k(?-i)k");
  translation("(?i)\\W", "(?i)[\\x{0}-\\/\\:-\\@\\[-\\^\\`\\{-\\x{17e}\\x{180}-\\x{2129}\\x{212b}-\\x{10ffff}]");
  translation("\\p{Greek}\\pC", "[\\p{sc:Greek}][\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]");
  translation("a*(?i)*", "(a*)*");
  translation("\\b*", "(\\b)*");
  translation("\\x{D800}", "(?!)");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_errors),        cmocka_unit_test(test_literals), cmocka_unit_test(test_plain_literals), cmocka_unit_test(test_anchored_text),     cmocka_unit_test(test_repeat),
      cmocka_unit_test(test_classes),       cmocka_unit_test(test_anchors),      cmocka_unit_test(test_words),
      cmocka_unit_test(test_folding),       cmocka_unit_test(test_flags),        cmocka_unit_test(test_unicode),
      cmocka_unit_test(test_groups),        cmocka_unit_test(test_pprof),        cmocka_unit_test(test_unicode_names),
      cmocka_unit_test(test_nesting),       cmocka_unit_test(test_group_numbers), cmocka_unit_test(test_translation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
