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

// The exported doors, one pair per element type: the rank picks the 1-D or 2-D transform,
// the instruction set the AVX2 instantiation (for the AVX2 and AVX-512 variants: additions
// gain nothing from wider vectors here, the GEMMs carry the instruction set) or the baseline one.
#if defined(__x86_64__) || defined(__i386__)
#define WG_PICK(isa, n, suffix) ((isa) != CVK_ISA_PORTABLE ? wg_##n##_avx2_##suffix : wg_##n##_portable_##suffix)
#else
#define WG_PICK(isa, n, suffix) wg_##n##_portable_##suffix
#endif

#define DEFINE_WINOGRAD_DOORS(suffix, T)                                                                        \
void cvk_winograd_input_##suffix(int isa, int rank, const T *x, ptrdiff_t channels, ptrdiff_t channel_stride,   \
                                 ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad_top, ptrdiff_t pad_left,      \
                                 ptrdiff_t tiles_wide, ptrdiff_t first, ptrdiff_t count, const T *zeros, T *v,  \
                                 ptrdiff_t ldv, ptrdiff_t xi_stride) {                                          \
    if (rank == 1)                                                                                             \
        WG_PICK(isa, input1, suffix)(x, channels, channel_stride, width, pad_left, first, count, v, ldv,       \
                                     xi_stride);                                                               \
    else                                                                                                       \
        WG_PICK(isa, input, suffix)(x, channels, channel_stride, height, width, pad_top, pad_left, tiles_wide,  \
                                    first, count, zeros, v, ldv, xi_stride);                                   \
}                                                                                                              \
void cvk_winograd_output_##suffix(int isa, int rank, const T *m, ptrdiff_t channels, ptrdiff_t ldm,            \
                                  ptrdiff_t xi_stride, const T *bias, T *y, ptrdiff_t channel_stride,           \
                                  ptrdiff_t height, ptrdiff_t width, ptrdiff_t tiles_wide, ptrdiff_t first,     \
                                  ptrdiff_t count) {                                                            \
    if (rank == 1)                                                                                             \
        WG_PICK(isa, output1, suffix)(m, channels, ldm, xi_stride, bias, y, channel_stride, width, first, count); \
    else                                                                                                       \
        WG_PICK(isa, output, suffix)(m, channels, ldm, xi_stride, bias, y, channel_stride, height, width,      \
                                     tiles_wide, first, count);                                                \
}

DEFINE_WINOGRAD_DOORS(f32, float)
DEFINE_WINOGRAD_DOORS(f64, double)
