// The Winograd F(2×2, 3×3) and F(2, 3) input and output transforms (winograd_template.h), Float and
// Double, compiled for the build's baseline and, on x86-64, for AVX2: additions on vectors of
// 8 Float or 4 Double tiles, bound by memory.
#include "conv_kernels.h"

typedef float cvk_wg_vf __attribute__((vector_size(32)));
typedef double cvk_wg_vd __attribute__((vector_size(32)));

// Float: 8 lanes.
#define T float
#define VT cvk_wg_vf
#define L 8
#define EVENS(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14)
#define ODDS(a, b) __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15)
#define ZIP_LO(a, b) __builtin_shufflevector(a, b, 0, 8, 1, 9, 2, 10, 3, 11)
#define ZIP_HI(a, b) __builtin_shufflevector(a, b, 4, 12, 5, 13, 6, 14, 7, 15)
#define WG_NAME(n) wg_##n##_portable_f32
#include "winograd_template.h"
#undef WG_NAME
#if defined(__x86_64__) || defined(__i386__)
#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)
#define WG_NAME(n) wg_##n##_avx2_f32
#include "winograd_template.h"
#undef WG_NAME
#pragma clang attribute pop
#endif
#undef T
#undef VT
#undef L
#undef EVENS
#undef ODDS
#undef ZIP_LO
#undef ZIP_HI

// Double: 4 lanes.
#define T double
#define VT cvk_wg_vd
#define L 4
#define EVENS(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6)
#define ODDS(a, b) __builtin_shufflevector(a, b, 1, 3, 5, 7)
#define ZIP_LO(a, b) __builtin_shufflevector(a, b, 0, 4, 1, 5)
#define ZIP_HI(a, b) __builtin_shufflevector(a, b, 2, 6, 3, 7)
#define WG_NAME(n) wg_##n##_portable_f64
#include "winograd_template.h"
#undef WG_NAME
#if defined(__x86_64__) || defined(__i386__)
#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)
#define WG_NAME(n) wg_##n##_avx2_f64
#include "winograd_template.h"
#undef WG_NAME
#pragma clang attribute pop
#endif

// The exported doors: the AVX2 instantiation for the AVX2 and AVX-512 variants (additions
// gain nothing from wider vectors here; the GEMMs carry the instruction set), else the
// baseline one.
#if defined(__x86_64__) || defined(__i386__)
#define WG_SIMD(isa) ((isa) != CVK_ISA_PORTABLE)
#else
#define WG_SIMD(isa) 0
#define wg_input_avx2_f32 wg_input_portable_f32
#define wg_input_avx2_f64 wg_input_portable_f64
#define wg_output_avx2_f32 wg_output_portable_f32
#define wg_output_avx2_f64 wg_output_portable_f64
#define wg_input1_avx2_f32 wg_input1_portable_f32
#define wg_input1_avx2_f64 wg_input1_portable_f64
#define wg_output1_avx2_f32 wg_output1_portable_f32
#define wg_output1_avx2_f64 wg_output1_portable_f64
#endif

void cvk_winograd_input_f32(int isa, int rank, const float *x, ptrdiff_t channels, ptrdiff_t channel_stride, ptrdiff_t height,
                            ptrdiff_t width, ptrdiff_t pad_top, ptrdiff_t pad_left, ptrdiff_t tiles_wide,
                            ptrdiff_t first, ptrdiff_t count, const float *zeros, float *v, ptrdiff_t ldv,
                            ptrdiff_t xi_stride) {
    if (rank == 1) {
        (WG_SIMD(isa) ? wg_input1_avx2_f32 : wg_input1_portable_f32)(x, channels, channel_stride, width, pad_left,
            first, count, v, ldv, xi_stride);
        return;
    }
    (WG_SIMD(isa) ? wg_input_avx2_f32 : wg_input_portable_f32)(x, channels, channel_stride, height, width, pad_top,
        pad_left, tiles_wide, first, count, zeros, v, ldv, xi_stride);
}

void cvk_winograd_input_f64(int isa, int rank, const double *x, ptrdiff_t channels, ptrdiff_t channel_stride, ptrdiff_t height,
                            ptrdiff_t width, ptrdiff_t pad_top, ptrdiff_t pad_left, ptrdiff_t tiles_wide,
                            ptrdiff_t first, ptrdiff_t count, const double *zeros, double *v, ptrdiff_t ldv,
                            ptrdiff_t xi_stride) {
    if (rank == 1) {
        (WG_SIMD(isa) ? wg_input1_avx2_f64 : wg_input1_portable_f64)(x, channels, channel_stride, width, pad_left,
            first, count, v, ldv, xi_stride);
        return;
    }
    (WG_SIMD(isa) ? wg_input_avx2_f64 : wg_input_portable_f64)(x, channels, channel_stride, height, width, pad_top,
        pad_left, tiles_wide, first, count, zeros, v, ldv, xi_stride);
}

void cvk_winograd_output_f32(int isa, int rank, const float *m, ptrdiff_t channels, ptrdiff_t ldm, ptrdiff_t xi_stride,
                             const float *bias, float *y, ptrdiff_t channel_stride, ptrdiff_t height, ptrdiff_t width,
                             ptrdiff_t tiles_wide, ptrdiff_t first, ptrdiff_t count) {
    if (rank == 1) {
        (WG_SIMD(isa) ? wg_output1_avx2_f32 : wg_output1_portable_f32)(m, channels, ldm, xi_stride, bias, y,
            channel_stride, width, first, count);
        return;
    }
    (WG_SIMD(isa) ? wg_output_avx2_f32 : wg_output_portable_f32)(m, channels, ldm, xi_stride, bias, y, channel_stride,
        height, width, tiles_wide, first, count);
}

void cvk_winograd_output_f64(int isa, int rank, const double *m, ptrdiff_t channels, ptrdiff_t ldm, ptrdiff_t xi_stride,
                             const double *bias, double *y, ptrdiff_t channel_stride, ptrdiff_t height,
                             ptrdiff_t width, ptrdiff_t tiles_wide, ptrdiff_t first, ptrdiff_t count) {
    if (rank == 1) {
        (WG_SIMD(isa) ? wg_output1_avx2_f64 : wg_output1_portable_f64)(m, channels, ldm, xi_stride, bias, y,
            channel_stride, width, first, count);
        return;
    }
    (WG_SIMD(isa) ? wg_output_avx2_f64 : wg_output_portable_f64)(m, channels, ldm, xi_stride, bias, y, channel_stride,
        height, width, tiles_wide, first, count);
}

