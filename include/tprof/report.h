/* report.h: placeholder, filled in below */
#ifndef TPROF_REPORT_H
#define TPROF_REPORT_H
#include "tprof/profile.h"
void report_raw(const profile *p, strbuf *sb);
#endif
