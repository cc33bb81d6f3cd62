/*
 * gunzip.c: gzip members through ISA-L's igzip (see gunzip.h).
 */
#include "gunzip.h"

#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>

#include "tprof/util.h"

struct gunzip {
  struct inflate_state st;
  uint64_t given;    /* input bytes handed in, over every member */
  unsigned hdr_left; /* bytes of the member's header up to its flag byte, 0 once seen */
  const char *err;
};

/* Go's gzip reader ignores the reserved bits of a member's flag byte;
 * igzip refuses them. Clear them in the input before igzip reads the byte:
 * hdr_left counts the member's bytes up to it. igzip takes all of a partial
 * header (into its own buffer), as zlib did. */
static void clear_reserved(gunzip *g) {
  if (g->hdr_left == 0) return;
  if (g->st.avail_in < g->hdr_left) {
    g->hdr_left -= g->st.avail_in;
    return;
  }
  g->st.next_in[g->hdr_left - 1] &= 0x1f;
  g->hdr_left = 0;
}

static void start_member(gunzip *g) {
  g->st.crc_flag = ISAL_GZIP; /* header parsed, CRC-32 and length checked */
  g->hdr_left = 4;
  clear_reserved(g);
}

gunzip *gunzip_new(void) {
  gunzip *g = xcalloc(1, sizeof *g);
  isal_inflate_init(&g->st);
  start_member(g);
  return g;
}

void gunzip_free(gunzip *g) { free(g); }

void gunzip_input(gunzip *g, unsigned char *p, size_t n) {
  g->st.next_in = p;
  g->st.avail_in = (uint32_t)n;
  g->given += n;
  clear_reserved(g);
}

size_t gunzip_avail_in(const gunzip *g) { return g->st.avail_in; }

uint64_t gunzip_consumed(const gunzip *g) { return g->given - g->st.avail_in; }

static const char *error_text(int rc) {
  switch (rc) {
  case ISAL_INVALID_BLOCK: return "invalid block";
  case ISAL_INVALID_SYMBOL: return "invalid code";
  case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
  case ISAL_INVALID_WRAPPER: return "incorrect header check";
  case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
  case ISAL_INCORRECT_CHECKSUM: return "incorrect data check"; /* header CRC, CRC-32 or length */
  default: return "inflate failed";
  }
}

int gunzip_run(gunzip *g, unsigned char *out, size_t n, size_t *got) {
  g->st.next_out = out;
  g->st.avail_out = (uint32_t)n;
  uint32_t in0 = g->st.avail_in;
  int rc = isal_inflate(&g->st);
  *got = n - g->st.avail_out;
  if (rc < 0) {
    g->err = error_text(rc);
    return GUNZIP_ERROR;
  }
  if (g->st.block_state == ISAL_BLOCK_FINISH) return GUNZIP_END;
  if (*got == 0 && g->st.avail_in == in0 && in0 > 0 && n > 0) {
    g->err = "inflate made no progress"; /* never loop on input it will not take */
    return GUNZIP_ERROR;
  }
  return GUNZIP_OK;
}

void gunzip_next_member(gunzip *g) {
  unsigned char *p = g->st.next_in;
  uint32_t n = g->st.avail_in;
  isal_inflate_reset(&g->st);
  g->st.next_in = p, g->st.avail_in = n;
  start_member(g);
}

const char *gunzip_error(const gunzip *g) { return g->err ? g->err : "inflate failed"; }
