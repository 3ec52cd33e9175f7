// Run-time choice of the GEMM and depthwise variants: the CPU is asked once (cpuid through
// __builtin_cpu_supports), and the caller may force any supported variant (tests do).
#include "conv_kernels.h"
#include "gemm_variants.h"

int cvk_isa_supported(int isa) {
    switch (isa) {
    case CVK_ISA_PORTABLE:
        return 1;
#if defined(__x86_64__) || defined(__i386__)
    case CVK_ISA_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case CVK_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("fma");
#endif
    default:
        return 0;
    }
}

int cvk_best_isa(void) {
    if (cvk_isa_supported(CVK_ISA_AVX512)) return CVK_ISA_AVX512;
    if (cvk_isa_supported(CVK_ISA_AVX2)) return CVK_ISA_AVX2;
    return CVK_ISA_PORTABLE;
}

ptrdiff_t cvk_tile_rows(int isa, int is_double) {
    (void)is_double;
    switch (isa) {
    case CVK_ISA_AVX512: return CVK_AVX512_MR;
    case CVK_ISA_AVX2: return CVK_AVX2_MR;
    default: return CVK_PORTABLE_MR;
    }
}

ptrdiff_t cvk_tile_cols(int isa, int is_double) {
    switch (isa) {
    case CVK_ISA_AVX512: return is_double ? CVK_AVX512_NR_F64 : CVK_AVX512_NR_F32;
    case CVK_ISA_AVX2: return is_double ? CVK_AVX2_NR_F64 : CVK_AVX2_NR_F32;
    default: return CVK_PORTABLE_NR;
    }
}

void cvk_gemm_f32(int isa, const float *in, const ptrdiff_t *off, ptrdiff_t K,
                  const float *w_packed, ptrdiff_t M, const float *bias,
                  float *out, ptrdiff_t ldo, ptrdiff_t n,
                  const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512)) {
        cvk_gemm_avx512_f32(in, off, K, w_packed, M, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2)) {
        cvk_gemm_avx2_f32(in, off, K, w_packed, M, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
#endif
    cvk_gemm_portable_f32(in, off, K, w_packed, M, bias, out, ldo, n, tile_start, tile_mask);
}

void cvk_gemm_f64(int isa, const double *in, const ptrdiff_t *off, ptrdiff_t K,
                  const double *w_packed, ptrdiff_t M, const double *bias,
                  double *out, ptrdiff_t ldo, ptrdiff_t n,
                  const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512)) {
        cvk_gemm_avx512_f64(in, off, K, w_packed, M, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2)) {
        cvk_gemm_avx2_f64(in, off, K, w_packed, M, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
#endif
    cvk_gemm_portable_f64(in, off, K, w_packed, M, bias, out, ldo, n, tile_start, tile_mask);
}

void cvk_depthwise_f32(int isa, const float *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K,
                       const float *w, ptrdiff_t G, const float *bias, float *out, ptrdiff_t ldo,
                       ptrdiff_t n, const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512)) {
        cvk_depthwise_avx512_f32(in, ldi, off, K, w, G, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2)) {
        cvk_depthwise_avx2_f32(in, ldi, off, K, w, G, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
#endif
    cvk_depthwise_portable_f32(in, ldi, off, K, w, G, bias, out, ldo, n, tile_start, tile_mask);
}

void cvk_depthwise_f64(int isa, const double *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K,
                       const double *w, ptrdiff_t G, const double *bias, double *out, ptrdiff_t ldo,
                       ptrdiff_t n, const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512)) {
        cvk_depthwise_avx512_f64(in, ldi, off, K, w, G, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2)) {
        cvk_depthwise_avx2_f64(in, ldi, off, K, w, G, bias, out, ldo, n, tile_start, tile_mask);
        return;
    }
#endif
    cvk_depthwise_portable_f64(in, ldi, off, K, w, G, bias, out, ldo, n, tile_start, tile_mask);
}

void cvk_depthwise_interleaved_f32(int isa, const float *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K,
                                   const float *w, ptrdiff_t ldw, ptrdiff_t G, const float *bias, float *out,
                                   ptrdiff_t opitch, ptrdiff_t n) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512)) {
        cvk_depthwise_interleaved_avx512_f32(in, ipitch, off, K, w, ldw, G, bias, out, opitch, n);
        return;
    }
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2)) {
        cvk_depthwise_interleaved_avx2_f32(in, ipitch, off, K, w, ldw, G, bias, out, opitch, n);
        return;
    }
#endif
    cvk_depthwise_interleaved_portable_f32(in, ipitch, off, K, w, ldw, G, bias, out, opitch, n);
}

void cvk_depthwise_interleaved_f64(int isa, const double *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K,
                                   const double *w, ptrdiff_t ldw, ptrdiff_t G, const double *bias, double *out,
                                   ptrdiff_t opitch, ptrdiff_t n) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512)) {
        cvk_depthwise_interleaved_avx512_f64(in, ipitch, off, K, w, ldw, G, bias, out, opitch, n);
        return;
    }
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2)) {
        cvk_depthwise_interleaved_avx2_f64(in, ipitch, off, K, w, ldw, G, bias, out, opitch, n);
        return;
    }
#endif
    cvk_depthwise_interleaved_portable_f64(in, ipitch, off, K, w, ldw, G, bias, out, opitch, n);
}

int cvk_depthwise_rows_f32(int isa, const float *in, ptrdiff_t ldi, ptrdiff_t pitch, const ptrdiff_t *off,
                          const ptrdiff_t *wm, ptrdiff_t M, ptrdiff_t kh, ptrdiff_t ws, ptrdiff_t K,
                          const float *w, ptrdiff_t G, const float *bias, float *out, ptrdiff_t ldo,
                          ptrdiff_t ldr, ptrdiff_t rows, ptrdiff_t cols) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512))
        return cvk_depthwise_rows_avx512_f32(in, ldi, pitch, off, wm, M, kh, ws, K, w, G, bias, out, ldo, ldr, rows, cols);
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2))
        return cvk_depthwise_rows_avx2_f32(in, ldi, pitch, off, wm, M, kh, ws, K, w, G, bias, out, ldo, ldr, rows, cols);
#else
    (void)isa; (void)in; (void)ldi; (void)pitch; (void)off; (void)wm; (void)M; (void)kh; (void)ws; (void)K;
    (void)w; (void)G; (void)bias; (void)out; (void)ldo; (void)ldr; (void)rows; (void)cols;
#endif
    return 0;
}

int cvk_depthwise_rows_f64(int isa, const double *in, ptrdiff_t ldi, ptrdiff_t pitch, const ptrdiff_t *off,
                          const ptrdiff_t *wm, ptrdiff_t M, ptrdiff_t kh, ptrdiff_t ws, ptrdiff_t K,
                          const double *w, ptrdiff_t G, const double *bias, double *out, ptrdiff_t ldo,
                          ptrdiff_t ldr, ptrdiff_t rows, ptrdiff_t cols) {
#if defined(__x86_64__) || defined(__i386__)
    if (isa == CVK_ISA_AVX512 && cvk_isa_supported(CVK_ISA_AVX512))
        return cvk_depthwise_rows_avx512_f64(in, ldi, pitch, off, wm, M, kh, ws, K, w, G, bias, out, ldo, ldr, rows, cols);
    if (isa == CVK_ISA_AVX2 && cvk_isa_supported(CVK_ISA_AVX2))
        return cvk_depthwise_rows_avx2_f64(in, ldi, pitch, off, wm, M, kh, ws, K, w, G, bias, out, ldo, ldr, rows, cols);
#else
    (void)isa; (void)in; (void)ldi; (void)pitch; (void)off; (void)wm; (void)M; (void)kh; (void)ws; (void)K;
    (void)w; (void)G; (void)bias; (void)out; (void)ldo; (void)ldr; (void)rows; (void)cols;
#endif
    return 0;
}
