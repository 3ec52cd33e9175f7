// The cartesian scatter: dst[c·dc + Σ_a dtab_a[i_a]] (+)= src[c·sc + Σ_a stab_a[i_a]].
// Every data movement of the dense path is one call: padding and phase-splitting the input,
// cropping the wide GEMM output into the output layout, and the adjoints of both. The
// innermost axis is cut once into runs where both tables step by +1, which turn into
// straight copies (or adds) that the compiler vectorizes.
#include <stdlib.h>
#include "conv_kernels.h"

#define CVK_MAX_RANK 16

#define DEFINE_SCATTER(NAME, T)                                                                 \
void NAME(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,                     \
          const ptrdiff_t *src_tab, const ptrdiff_t *dst_tab, ptrdiff_t channels,                \
          const T *src, ptrdiff_t src_chan, T *dst, ptrdiff_t dst_chan, int accumulate) {        \
    if (rank < 1 || rank > CVK_MAX_RANK) return;                                                \
    for (ptrdiff_t a = 0; a < rank; a++) if (counts[a] <= 0) return;                            \
    const ptrdiff_t last = rank - 1;                                                            \
    const ptrdiff_t n = counts[last];                                                           \
    const ptrdiff_t *st = src_tab + starts[last], *dt = dst_tab + starts[last];                  \
    /* runs of the innermost axis: [run_at[r], run_at[r+1]) steps by +1 in both tables */       \
    ptrdiff_t *run_at = malloc(sizeof(ptrdiff_t) * (size_t)(n + 1));                            \
    if (!run_at) return;                                                                        \
    ptrdiff_t runs = 0;                                                                         \
    for (ptrdiff_t j = 0; j < n; j++)                                                           \
        if (j == 0 || st[j] != st[j - 1] + 1 || dt[j] != dt[j - 1] + 1) run_at[runs++] = j;     \
    run_at[runs] = n;                                                                           \
    ptrdiff_t idx[CVK_MAX_RANK] = {0};                                                          \
    for (ptrdiff_t c = 0; c < channels; c++) {                                                  \
        for (ptrdiff_t a = 0; a < last; a++) idx[a] = 0;                                        \
        for (;;) {                                                                              \
            ptrdiff_t so = c * src_chan, doff = c * dst_chan;                                   \
            for (ptrdiff_t a = 0; a < last; a++) {                                              \
                so += src_tab[starts[a] + idx[a]];                                              \
                doff += dst_tab[starts[a] + idx[a]];                                            \
            }                                                                                   \
            for (ptrdiff_t r = 0; r < runs; r++) {                                              \
                const ptrdiff_t j0 = run_at[r], len = run_at[r + 1] - j0;                       \
                const T *restrict s = src + so + st[j0];                                        \
                T *restrict d = dst + doff + dt[j0];                                            \
                if (accumulate) for (ptrdiff_t j = 0; j < len; j++) d[j] += s[j];               \
                else for (ptrdiff_t j = 0; j < len; j++) d[j] = s[j];                           \
            }                                                                                   \
            ptrdiff_t a = last - 1;                                                             \
            while (a >= 0 && ++idx[a] == counts[a]) { idx[a] = 0; a--; }                        \
            if (a < 0) break;                                                                   \
        }                                                                                       \
    }                                                                                           \
    free(run_at);                                                                               \
}

DEFINE_SCATTER(cvk_scatter_f32, float)
DEFINE_SCATTER(cvk_scatter_f64, double)

// dst[c·dc + Σ_a dtab_a[i_a]] ← values ? values[c] : 0, with the same runs on the innermost axis.
#define DEFINE_FILL(NAME, T)                                                                    \
void NAME(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,                     \
          const ptrdiff_t *dst_tab, ptrdiff_t channels, const T *values,                         \
          T *dst, ptrdiff_t dst_chan) {                                                         \
    if (rank < 1 || rank > CVK_MAX_RANK) return;                                                \
    for (ptrdiff_t a = 0; a < rank; a++) if (counts[a] <= 0) return;                            \
    const ptrdiff_t last = rank - 1;                                                            \
    const ptrdiff_t n = counts[last];                                                           \
    const ptrdiff_t *dt = dst_tab + starts[last];                                               \
    ptrdiff_t *run_at = malloc(sizeof(ptrdiff_t) * (size_t)(n + 1));                            \
    if (!run_at) return;                                                                        \
    ptrdiff_t runs = 0;                                                                         \
    for (ptrdiff_t j = 0; j < n; j++)                                                           \
        if (j == 0 || dt[j] != dt[j - 1] + 1) run_at[runs++] = j;                              \
    run_at[runs] = n;                                                                           \
    ptrdiff_t idx[CVK_MAX_RANK] = {0};                                                          \
    for (ptrdiff_t c = 0; c < channels; c++) {                                                  \
        const T v = values ? values[c] : (T)0;                                                  \
        for (ptrdiff_t a = 0; a < last; a++) idx[a] = 0;                                        \
        for (;;) {                                                                              \
            ptrdiff_t doff = c * dst_chan;                                                      \
            for (ptrdiff_t a = 0; a < last; a++) doff += dst_tab[starts[a] + idx[a]];           \
            for (ptrdiff_t r = 0; r < runs; r++) {                                              \
                const ptrdiff_t j0 = run_at[r], len = run_at[r + 1] - j0;                       \
                T *d = dst + doff + dt[j0];                                                     \
                for (ptrdiff_t j = 0; j < len; j++) d[j] = v;                                   \
            }                                                                                   \
            ptrdiff_t a = last - 1;                                                             \
            while (a >= 0 && ++idx[a] == counts[a]) { idx[a] = 0; a--; }                        \
            if (a < 0) break;                                                                   \
        }                                                                                       \
    }                                                                                           \
    free(run_at);                                                                               \
}

DEFINE_FILL(cvk_fill_f32, float)
DEFINE_FILL(cvk_fill_f64, double)
