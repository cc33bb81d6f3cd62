/*
 * mycode.h: which frames are "my code" (the mycode and module options):
 * Go's rule for the standard library (a package path whose first element
 * has no dot: runtime, sync, net/http; main is the program's own), a module
 * path's packages, and the main module guessed from a profile's file names.
 */
#ifndef TPROF_MYCODE_H
#define TPROF_MYCODE_H

#include <stdbool.h>
#include <stddef.h>

#include "tprof/options.h"
#include "tprof/profile.h"

/* The package path of a Go function name ("net/http" for
 * "net/http.(*conn).serve", "main" for "main.main"): its length, 0 when
 * the name has none (C, assembly's "aeshashbody"). */
size_t mycode_package(const char *name);

/* True for a frame of the Go runtime or standard library: a package path
 * without a dot in its first element, other than main; or, without a
 * package, a function of a Go assembly (.s) file (runtime's aeshashbody). */
bool mycode_is_std(const char *name, const char *file);

/* True when the function belongs to module (its package is module or under
 * it) or to package main. */
bool mycode_in_module(const char *name, const char *module);

/* The main module's path guessed from the profile, or NULL (caller frees):
 * a package P (dotted first element, not main) whose file's directory and
 * a main.* file's directory meet at a root R with P = M + the rest of its
 * directory under R gives M ("example.com/shop" from main.go in
 * example.com/shop/cmd/shop/ and package example.com/shop/internal/cart in
 * example.com/shop/internal/cart/, or the same under /home/u/shop/ without
 * -trimpath); the M most functions give wins. */
char *mycode_guess_module(const profile *p);

/* The module mycode hides outside of under cfg: cfg->module, else the guess;
 * NULL when none or mycode is off. Caller frees. */
char *mycode_module(const profile *p, const config *cfg);

#endif
