// AVX2+FMA offset GEMM, Float and Double: out[m·ldo + p] ← bias[m] + Σ_k W[m,k]·in[off[k] + p].
// Its depthwise form (depthwise_template.h) is instantiated beside it with the same vectors.
// Tiles of 6 rows × 2 vectors (16 Float or 8 Double positions): 12 ymm accumulators,
// 2 input vectors and one broadcast of the 16 registers; k in blocks whose input panel stays
// in L1. Compiled for AVX2 regardless of the build's baseline; called only after
// cvk_isa_supported(CVK_ISA_AVX2).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include "conv_kernels.h"
#include "gemm_variants.h"

#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)

#define MR 6
#define NV 2

// The lane permutation that moves the lanes selected by `bits` (of `lanes` 32-bit or 64-bit
// lanes) to the front, in order, as the index vector of _mm256_permutevar8x32_*: built
// branch-free, one byte per 32-bit lane, widened; the lanes past the selected ones take
// index 0 (their values are overwritten, see tile_store in gemm_template.h).
static inline __m256i compress_index(unsigned bits, int lanes) {
    uint64_t packed = 0;
    int filled = 0;
    int width = 8 / lanes;   // 32-bit lanes per element: 1 (Float) or 2 (Double)
    for (int s = 0; s < lanes; s++) {
        uint64_t take = (bits >> s) & 1;
        uint64_t bytes = width == 1 ? (uint64_t)s : ((uint64_t)(2 * s) | (uint64_t)(2 * s + 1) << 8);
        packed |= (bytes << (8 * width * filled)) & (0 - take);
        filled += (int)take;
    }
    return _mm256_cvtepu8_epi32(_mm_cvtsi64_si128((long long)packed));
}
#define VINDEX __m256i
// 16 KiB of the 32 KiB L1 data cache for one k block's input panel (gemm_template.h): on a
// Zen 3 core the 64-channel 3×3 GEMM ran at 84 % of the FMA peak with the whole panel, 91 %
// in two blocks.
#define KBLOCK_LINES 256
// GEMMs of 64 rows or more whose tile panel spans 128 lines or more read each k block's
// input rows from an aligned copy of them, in k blocks of at most 768 lines (48 KiB):
// gemm_template.h. Blocks of 384–1536 lines measured within 2 % of each other on deep GEMMs
// (128–512 channels, 3×3); 256 lines cost the 64-channel 3×3 GEMM 2.5 points of the peak.
#define PACK_ROWS 64
#define PACK_LINES 128
#define PACK_BLOCK_LINES 768

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
#define VCOMPRESS_INDEX(bits) compress_index(bits, 8)
#define VSTORE_PERMUTED(dst, index, v) _mm256_storeu_ps(dst, _mm256_permutevar8x32_ps(v, index))
#define GEMM_NAME cvk_gemm_avx2_f32
#define tile_body tile_body_f32
#define tile_rows tile_rows_f32
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_avx2_f32
#define dw_body dw_body_f32
#define dw_rows dw_rows_f32
#define DW_ROWS_NAME cvk_depthwise_rows_avx2_f32
#define dwr_body dwr_body_f32
#define dwr_tile dwr_tile_f32
#include "depthwise_template.h"
#define DWI_NAME cvk_depthwise_interleaved_avx2_f32
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
#undef VCOMPRESS_INDEX
#undef VSTORE_PERMUTED
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
#define VCOMPRESS_INDEX(bits) compress_index(bits, 4)
#define VSTORE_PERMUTED(dst, index, v)                                                          \
    _mm256_storeu_pd(dst, _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(v), index)))
#define GEMM_NAME cvk_gemm_avx2_f64
#define tile_body tile_body_f64
#define tile_rows tile_rows_f64
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_avx2_f64
#define dw_body dw_body_f64
#define dw_rows dw_rows_f64
#define DW_ROWS_NAME cvk_depthwise_rows_avx2_f64
#define dwr_body dwr_body_f64
#define dwr_tile dwr_tile_f64
#include "depthwise_template.h"
#define DWI_NAME cvk_depthwise_interleaved_avx2_f64
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
