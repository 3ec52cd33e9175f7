// AVX-512 offset GEMM, Float and Double: out[m·ldo + p] ← bias[m] + Σ_k W[m,k]·in[off[k] + p].
// Its depthwise form (depthwise_template.h) is instantiated beside it with the same vectors.
// Tiles of 8 rows × 3 vectors (48 Float or 24 Double positions): 24 zmm accumulators,
// 3 input vectors and 8 broadcast weights per k; a tile with dropped (wrap-around or tail)
// positions compresses its valid lanes (vcompressps) into a masked store. Compiled for
// AVX-512 regardless of the build's baseline; called only after
// cvk_isa_supported(CVK_ISA_AVX512).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <stdint.h>
#include "conv_kernels.h"
#include "gemm_variants.h"

#pragma clang attribute push (__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma"))), apply_to = function)

#define MR 8
#define NV 3

#define T float
#define V __m512
#define LANES 16
#define VSET1 _mm512_set1_ps
#define VZERO _mm512_setzero_ps
#define VLOADU _mm512_loadu_ps
#define VSTOREU _mm512_storeu_ps
#define VFMA _mm512_fmadd_ps
#define VSTORE_PACKED(dst, bits, v)                                                           \
    do {                                                                                      \
        __mmask16 k_ = (__mmask16)(bits);                                                     \
        int c_ = __builtin_popcount((unsigned)k_);                                            \
        _mm512_mask_storeu_ps(dst, (__mmask16)((1u << c_) - 1), _mm512_maskz_compress_ps(k_, v)); \
        dst += c_;                                                                            \
    } while (0)
#define GEMM_NAME cvk_gemm_avx512_f32
#define tile_body tile_body_f32
#define tile_rows tile_rows_f32
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_avx512_f32
#define dw_body dw_body_f32
#define dw_rows dw_rows_f32
#define DW_ROWS_NAME cvk_depthwise_rows_avx512_f32
#define dwr_body dwr_body_f32
#define dwr_tile dwr_tile_f32
#include "depthwise_template.h"
#define DWI_NAME cvk_depthwise_interleaved_avx512_f32
#include "depthwise_interleaved_template.h"
#undef DWI_NAME
#undef DW_NAME
#undef dw_body
#undef dw_rows
#undef DW_ROWS_NAME
#undef dwr_body
#undef dwr_tile
#undef T
#undef V
#undef LANES
#undef VSET1
#undef VZERO
#undef VLOADU
#undef VSTOREU
#undef VFMA
#undef VSTORE_PACKED
#undef GEMM_NAME
#undef tile_body
#undef tile_rows

#define T double
#define V __m512d
#define LANES 8
#define VSET1 _mm512_set1_pd
#define VZERO _mm512_setzero_pd
#define VLOADU _mm512_loadu_pd
#define VSTOREU _mm512_storeu_pd
#define VFMA _mm512_fmadd_pd
#define VSTORE_PACKED(dst, bits, v)                                                           \
    do {                                                                                      \
        __mmask8 k_ = (__mmask8)(bits);                                                       \
        int c_ = __builtin_popcount((unsigned)k_);                                            \
        _mm512_mask_storeu_pd(dst, (__mmask8)((1u << c_) - 1), _mm512_maskz_compress_pd(k_, v)); \
        dst += c_;                                                                            \
    } while (0)
#define GEMM_NAME cvk_gemm_avx512_f64
#define tile_body tile_body_f64
#define tile_rows tile_rows_f64
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_avx512_f64
#define dw_body dw_body_f64
#define dw_rows dw_rows_f64
#define DW_ROWS_NAME cvk_depthwise_rows_avx512_f64
#define dwr_body dwr_body_f64
#define dwr_tile dwr_tile_f64
#include "depthwise_template.h"
#define DWI_NAME cvk_depthwise_interleaved_avx512_f64
#include "depthwise_interleaved_template.h"
#undef DWI_NAME
#undef DW_NAME
#undef dw_body
#undef dw_rows
#undef DW_ROWS_NAME
#undef dwr_body
#undef dwr_tile

#pragma clang attribute pop
#endif
