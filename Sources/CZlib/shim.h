#pragma once
#include <zlib.h>

// zlib's deflateInit2/inflateInit2 are macros, which Swift cannot call; these wrappers expose
// the raw-deflate (no zlib header, RFC 1951) streams that ZIP entries use.

static inline int czlib_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
