/* unit.h: what every cmocka unit test of the core includes. */
#ifndef TPROF_UNIT_H
#define TPROF_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tprof/util.h"

/* Path of a file under testdata/ (caller frees). */
static inline char *testdata(const char *rel) {
  const char *d = getenv("TPROF_TESTDATA");
  return xasprintf("%s/%s", d ? d : "testdata", rel);
}

#endif
