/*
 * legacy.h: the legacy profile formats go tool pprof reads besides
 * profile.proto, parsed as Go 1.19's vendored pprof parses them
 * (profile/legacy_profile.go, legacy_java_profile.go): the binary CPU
 * format (gperftools; 32/64-bit words, either byte order; Java's), heapz
 * and Go heap text, growthz, fragmentationz, contention/mutex/block text,
 * threadz, Go count profiles (goroutine, threadcreate), Java heap and
 * contention text, and the memory map sections that follow them.
 *
 * The parsed profile goes through pprof's post-processing (massageMappings,
 * remapped location, function and mapping ids, addLegacyFrameInfo,
 * CheckValid) and comes back as profile.proto bytes, which decode.c then
 * decodes like any other profile, so every later step is the same.
 */
#ifndef TPROF_LEGACY_H
#define TPROF_LEGACY_H

#include <stdbool.h>
#include <stddef.h>

#include "tprof/util.h"

typedef enum {
  LEGACY_OK,           /* *out holds the profile.proto bytes */
  LEGACY_UNRECOGNIZED, /* no legacy format recognised these bytes */
  LEGACY_MALFORMED     /* recognised but damaged: *err says where (caller frees) */
} legacy_status;

/* Parse data (already decompressed) as pprof's parseLegacy does; on
 * LEGACY_OK, out holds an uncompressed profile.proto message. With
 * binary_only, only the binary CPU formats are tried (data that starts with
 * a zero byte: pprof's text parsers would only fail on it less clearly).
 * env (NULL: the defaults) says how its regexps are compiled. */
struct core_env;
legacy_status legacy_parse(const unsigned char *data, size_t n, bool binary_only, const struct core_env *env,
                           strbuf *out, char **err);

/* True when d starts with a binary CPU profile's header (any word size or
 * byte order pprof accepts); n >= 40 bytes are enough to tell. */
bool legacy_cpu_header(const unsigned char *d, size_t n);

#endif
