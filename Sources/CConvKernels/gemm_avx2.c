// AVX2+FMA offset GEMM, Float and Double: out[m·ldo + p] ← bias[m] + Σ_k W[m,k]·in[off[k] + p].
// Its depthwise form (depthwise_template.h) is instantiated beside it with the same vectors.
// Tiles of 6 rows × 2 vectors (16 Float or 8 Double positions): 12 ymm accumulators,
// 2 input vectors and one broadcast of the 16 registers. Compiled for AVX2 regardless of the
// build's baseline; called only after cvk_isa_supported(CVK_ISA_AVX2).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <stdint.h>
#include "conv_kernels.h"
#include "gemm_variants.h"

#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)

#define MR 6
#define NV 2

#define T float
#define V __m256
#define LANES 8
#define VSET1 _mm256_set1_ps
#define VZERO _mm256_setzero_ps
#define VLOADU _mm256_loadu_ps
#define VSTOREU _mm256_storeu_ps
#define VFMA _mm256_fmadd_ps
#define VSTORE_PACKED(dst, bits, v)                                                           \
    do {                                                                                      \
        float l_[8];                                                                          \
        _mm256_storeu_ps(l_, v);                                                              \
        for (int q_ = 0; q_ < 8; q_++) if (((bits) >> q_) & 1) *dst++ = l_[q_];               \
    } while (0)
#define GEMM_NAME cvk_gemm_avx2_f32
#define tile_body tile_body_f32
#define tile_rows tile_rows_f32
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_avx2_f32
#define dw_body dw_body_f32
#define dw_rows dw_rows_f32
#include "depthwise_template.h"
#undef DW_NAME
#undef dw_body
#undef dw_rows
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
#define V __m256d
#define LANES 4
#define VSET1 _mm256_set1_pd
#define VZERO _mm256_setzero_pd
#define VLOADU _mm256_loadu_pd
#define VSTOREU _mm256_storeu_pd
#define VFMA _mm256_fmadd_pd
#define VSTORE_PACKED(dst, bits, v)                                                           \
    do {                                                                                      \
        double l_[4];                                                                         \
        _mm256_storeu_pd(l_, v);                                                              \
        for (int q_ = 0; q_ < 4; q_++) if (((bits) >> q_) & 1) *dst++ = l_[q_];               \
    } while (0)
#define GEMM_NAME cvk_gemm_avx2_f64
#define tile_body tile_body_f64
#define tile_rows tile_rows_f64
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_avx2_f64
#define dw_body dw_body_f64
#define dw_rows dw_rows_f64
#include "depthwise_template.h"
#undef DW_NAME
#undef dw_body
#undef dw_rows

#pragma clang attribute pop
#endif
