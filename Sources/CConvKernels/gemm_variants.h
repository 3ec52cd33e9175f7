// The per-instruction-set GEMM and depthwise entry points behind cvk_gemm_f32 / cvk_gemm_f64 and
// cvk_depthwise_f32 / cvk_depthwise_f64 (dispatch.c).
#pragma once
#include <stddef.h>
#include <stdint.h>

#define CVK_GEMM_DECL(name, T)                                                                 \
    void name(const T *in, const ptrdiff_t *off, ptrdiff_t K, const T *w_packed, ptrdiff_t M,  \
              const T *bias, T *out, ptrdiff_t ldo, ptrdiff_t n,                             \
              const ptrdiff_t *tile_start, const uint64_t *tile_mask);
CVK_GEMM_DECL(cvk_gemm_portable_f32, float)
CVK_GEMM_DECL(cvk_gemm_portable_f64, double)
CVK_GEMM_DECL(cvk_gemm_avx2_f32, float)
CVK_GEMM_DECL(cvk_gemm_avx2_f64, double)
CVK_GEMM_DECL(cvk_gemm_avx512_f32, float)
CVK_GEMM_DECL(cvk_gemm_avx512_f64, double)
#undef CVK_GEMM_DECL

#define CVK_DEPTHWISE_DECL(name, T)                                                            \
    void name(const T *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K, const T *w,       \
              ptrdiff_t G, const T *bias, T *out, ptrdiff_t ldo, ptrdiff_t n,                \
              const ptrdiff_t *tile_start, const uint64_t *tile_mask);
CVK_DEPTHWISE_DECL(cvk_depthwise_portable_f32, float)
CVK_DEPTHWISE_DECL(cvk_depthwise_portable_f64, double)
CVK_DEPTHWISE_DECL(cvk_depthwise_avx2_f32, float)
CVK_DEPTHWISE_DECL(cvk_depthwise_avx2_f64, double)
CVK_DEPTHWISE_DECL(cvk_depthwise_avx512_f32, float)
CVK_DEPTHWISE_DECL(cvk_depthwise_avx512_f64, double)
#undef CVK_DEPTHWISE_DECL

/// Tile shapes (rows MR, vectors NV × lanes) of each variant; must match the .c files.
#define CVK_PORTABLE_MR 4
#define CVK_PORTABLE_NR 8
#define CVK_AVX2_MR 6
#define CVK_AVX2_NR_F32 16
#define CVK_AVX2_NR_F64 8
#define CVK_AVX512_MR 8
#define CVK_AVX512_NR_F32 48
#define CVK_AVX512_NR_F64 24

#define CVK_DEPTHWISE_ROWS_DECL(name, T)                                                       \
    int name(const T *in, ptrdiff_t ldi, ptrdiff_t pitch, const ptrdiff_t *off, const ptrdiff_t *wm, \
             ptrdiff_t M, ptrdiff_t kh, ptrdiff_t ws, ptrdiff_t K, const T *w, ptrdiff_t G,     \
             const T *bias, T *out, ptrdiff_t ldo, ptrdiff_t ldr, ptrdiff_t rows, ptrdiff_t cols);
CVK_DEPTHWISE_ROWS_DECL(cvk_depthwise_rows_avx2_f32, float)
CVK_DEPTHWISE_ROWS_DECL(cvk_depthwise_rows_avx2_f64, double)
CVK_DEPTHWISE_ROWS_DECL(cvk_depthwise_rows_avx512_f32, float)
CVK_DEPTHWISE_ROWS_DECL(cvk_depthwise_rows_avx512_f64, double)
#undef CVK_DEPTHWISE_ROWS_DECL

#define CVK_DEPTHWISE_INTERLEAVED_DECL(name, T)                                                \
    void name(const T *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K, const T *w,    \
              ptrdiff_t ldw, ptrdiff_t G, const T *bias, T *out, ptrdiff_t opitch, ptrdiff_t n);
CVK_DEPTHWISE_INTERLEAVED_DECL(cvk_depthwise_interleaved_portable_f32, float)
CVK_DEPTHWISE_INTERLEAVED_DECL(cvk_depthwise_interleaved_portable_f64, double)
CVK_DEPTHWISE_INTERLEAVED_DECL(cvk_depthwise_interleaved_avx2_f32, float)
CVK_DEPTHWISE_INTERLEAVED_DECL(cvk_depthwise_interleaved_avx2_f64, double)
CVK_DEPTHWISE_INTERLEAVED_DECL(cvk_depthwise_interleaved_avx512_f32, float)
CVK_DEPTHWISE_INTERLEAVED_DECL(cvk_depthwise_interleaved_avx512_f64, double)
#undef CVK_DEPTHWISE_INTERLEAVED_DECL
