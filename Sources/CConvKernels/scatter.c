// The cartesian scatter: dst[c·dc + Σ_a dtab_a[i_a]] (+)= src[c·sc + Σ_a stab_a[i_a]].
// Every data movement of the dense path is one call: padding and phase-splitting the input,
// cropping the wide GEMM output into the output layout, and the adjoints of both. The
// innermost axis is cut once into runs of constant source and destination steps: unit-step
// runs become memcpy (or adds the compiler vectorizes), the others strided loops (a stride
// phase). Rows with channel stride 1 on a side move by positions instead of one channel at
// a time (tile_row, block_row: channels-last tensors). Two runs of one length that
// interleave — stride-2 phases, (source, destination) steps (2, 1) reading both halves of a
// row, or (1, 2) writing both — move as one pair, which the compiler vectorizes with
// shuffles (the strided loops stay scalar). Measured: memcpy beats the baseline-vectorized
// copy loop by ~10% of a whole 3×3 layer; AVX2/AVX-512 clones of these loops gained nothing
// (AVX-512 lost, its strided loops turn into gathers).
#include <stdlib.h>
#include <string.h>
#include "conv_kernels.h"

#define CVK_MAX_RANK 16

// Cuts the innermost axis (n entries of tables st, dt) into runs of constant steps: run r covers
// [at[r], at[r+1]) and moves with steps ss[r] (source) and ds[r] (destination). With `pair`
// (source tables only), pair[r] is 1 when runs r and r + 1 of one length interleave — steps
// (1, 2) with destinations one apart, or (2, 1) with sources one apart and destination runs
// that do not overlap — and run r + 1 then has 0.
// Returns the run count, or -1 when out of memory; *buffer must be freed by the caller.
static ptrdiff_t cut_runs(ptrdiff_t n, const ptrdiff_t *st, const ptrdiff_t *dt, ptrdiff_t **buffer,
                          ptrdiff_t **at, ptrdiff_t **ss, ptrdiff_t **ds, ptrdiff_t **pair) {
    ptrdiff_t *b = malloc(sizeof(ptrdiff_t) * (size_t)(4 * n + 1));
    *buffer = b;
    if (!b) return -1;
    *at = b;
    *ss = b + n + 1;
    *ds = b + 2 * n + 1;
    ptrdiff_t runs = 0, j = 0;
    while (j < n) {
        ptrdiff_t s_step = 1, d_step = 1, len = 1;
        if (j + 1 < n) {
            s_step = st ? st[j + 1] - st[j] : 0;
            d_step = dt[j + 1] - dt[j];
            len = 2;
            while (j + len < n && (st ? st[j + len] - st[j + len - 1] : 0) == s_step &&
                   dt[j + len] - dt[j + len - 1] == d_step)
                len++;
        }
        (*at)[runs] = j;
        (*ss)[runs] = s_step;
        (*ds)[runs] = d_step;
        runs++;
        j += len;
    }
    (*at)[runs] = n;
    if (pair) {
        *pair = b + 3 * n + 1;
        for (ptrdiff_t r = 0; r < runs; r++) (*pair)[r] = 0;
        for (ptrdiff_t r = 0; st && r + 1 < runs; r++) {
            ptrdiff_t a = (*at)[r], b2 = (*at)[r + 1], len = b2 - a;
            if (len < 2 || (*at)[r + 2] - b2 != len || (*ss)[r] != (*ss)[r + 1] || (*ds)[r] != (*ds)[r + 1]) continue;
            ptrdiff_t s_gap = st[b2] - st[a], d_gap = dt[b2] - dt[a];
            // Steps (1, 2): the destinations interleave (gap ±1), so never meet.
            int zip = (*ss)[r] == 1 && (*ds)[r] == 2 && (d_gap == 1 || d_gap == -1);
            // Steps (2, 1): the sources interleave; the two destination runs must not overlap.
            int unzip = (*ss)[r] == 2 && (*ds)[r] == 1 && (s_gap == 1 || s_gap == -1) && (d_gap >= len || d_gap <= -len);
            if (zip || unzip) {
                (*pair)[r] = 1;
                r++;
            }
        }
    }
    return runs;
}

// The odometer over the first `axes` table axes (axis 0 outermost, the last fastest): the
// offset its index `idx` names in a table; the step to the next index, which returns 0 once
// every index has been visited, leaving `idx` all zeros for the next pass.
static inline ptrdiff_t odometer_offset(const ptrdiff_t *tab, const ptrdiff_t *starts, const ptrdiff_t *idx,
                                        ptrdiff_t axes) {
    ptrdiff_t offset = 0;
    for (ptrdiff_t a = 0; a < axes; a++) offset += tab[starts[a] + idx[a]];
    return offset;
}

static inline int odometer_next(ptrdiff_t *idx, const ptrdiff_t *counts, ptrdiff_t axes) {
    ptrdiff_t a = axes - 1;
    while (a >= 0 && ++idx[a] == counts[a]) { idx[a] = 0; a--; }
    return a >= 0;
}

// One row of the innermost axis: its runs from s_row to d_row (tables st, dt of the row).
#define DEFINE_SCATTER_ROW(NAME, T)                                                             \
static inline void NAME(ptrdiff_t runs, const ptrdiff_t *run_at, const ptrdiff_t *run_ss,       \
                        const ptrdiff_t *run_ds, const ptrdiff_t *run_pair, const ptrdiff_t *st, \
                        const ptrdiff_t *dt, const T *src, T *dst, int accumulate) {             \
    for (ptrdiff_t r = 0; r < runs; r++) {                                                      \
        const ptrdiff_t j0 = run_at[r], len = run_at[r + 1] - j0;                               \
        const ptrdiff_t sstep = run_ss[r], dstep = run_ds[r];                                   \
        const T *restrict s = src + st[j0];                                                     \
        T *restrict d = dst + dt[j0];                                                           \
        if (run_pair[r]) {                                                                      \
            /* Runs r and r + 1: one reads (or writes) the even, one the odd elements. */       \
            const ptrdiff_t j1 = run_at[r + 1];                                                 \
            const T *restrict s1 = src + st[j1];                                                \
            T *restrict d1 = dst + dt[j1];                                                      \
            if (dstep == 2) {                                                                   \
                const T *restrict even = dt[j0] < dt[j1] ? s : s1;                              \
                const T *restrict odd = dt[j0] < dt[j1] ? s1 : s;                               \
                T *restrict e = d < d1 ? d : d1;                                                \
                if (accumulate) for (ptrdiff_t j = 0; j < len; j++) { e[2 * j] += even[j]; e[2 * j + 1] += odd[j]; } \
                else for (ptrdiff_t j = 0; j < len; j++) { e[2 * j] = even[j]; e[2 * j + 1] = odd[j]; } \
            } else {                                                                            \
                const T *restrict e = s < s1 ? s : s1;                                          \
                T *restrict even = s < s1 ? d : d1;                                             \
                T *restrict odd = s < s1 ? d1 : d;                                              \
                if (accumulate) for (ptrdiff_t j = 0; j < len; j++) { even[j] += e[2 * j]; odd[j] += e[2 * j + 1]; } \
                else for (ptrdiff_t j = 0; j < len; j++) { even[j] = e[2 * j]; odd[j] = e[2 * j + 1]; } \
            }                                                                                   \
            r++;                                                                                \
            continue;                                                                           \
        }                                                                                       \
        if (sstep == 1 && dstep == 1) {                                                         \
            if (accumulate) for (ptrdiff_t j = 0; j < len; j++) d[j] += s[j];                   \
            else memcpy(d, s, sizeof(T) * (size_t)len);                                         \
        } else {                                                                                \
            if (accumulate) for (ptrdiff_t j = 0; j < len; j++) d[j * dstep] += s[j * sstep];   \
            else for (ptrdiff_t j = 0; j < len; j++) d[j * dstep] = s[j * sstep];               \
        }                                                                                       \
    }                                                                                           \
}

// A 4×4 block transposed: d[r·d_row + k] = s[k·s_row + r] for r, k in 0..<4 (rows of 4
// contiguous elements on both sides). With SSE2, which every x86-64 has, four loads, eight
// shuffles and four stores for 16 elements (the scalar tile moved one element per load and
// store: on a channels-last 3×3 layer of 64 channels the copies in and out were most of
// the call).
#if defined(__SSE2__)
#include <emmintrin.h>
static inline void transpose4_f32(const float *s, ptrdiff_t s_row, float *d, ptrdiff_t d_row) {
    __m128 r0 = _mm_loadu_ps(s), r1 = _mm_loadu_ps(s + s_row);
    __m128 r2 = _mm_loadu_ps(s + 2 * s_row), r3 = _mm_loadu_ps(s + 3 * s_row);
    __m128 lo01 = _mm_unpacklo_ps(r0, r1), hi01 = _mm_unpackhi_ps(r0, r1);
    __m128 lo23 = _mm_unpacklo_ps(r2, r3), hi23 = _mm_unpackhi_ps(r2, r3);
    _mm_storeu_ps(d, _mm_movelh_ps(lo01, lo23));
    _mm_storeu_ps(d + d_row, _mm_movehl_ps(lo23, lo01));
    _mm_storeu_ps(d + 2 * d_row, _mm_movelh_ps(hi01, hi23));
    _mm_storeu_ps(d + 3 * d_row, _mm_movehl_ps(hi23, hi01));
}

static inline void transpose4_f64(const double *s, ptrdiff_t s_row, double *d, ptrdiff_t d_row) {
    for (int k = 0; k < 4; k += 2)
        for (int r = 0; r < 4; r += 2) {
            __m128d a = _mm_loadu_pd(s + k * s_row + r), b = _mm_loadu_pd(s + (k + 1) * s_row + r);
            _mm_storeu_pd(d + r * d_row + k, _mm_unpacklo_pd(a, b));
            _mm_storeu_pd(d + (r + 1) * d_row + k, _mm_unpackhi_pd(a, b));
        }
}
#else
#define DEFINE_TRANSPOSE4(NAME, T)                                                              \
static inline void NAME(const T *s, ptrdiff_t s_row, T *d, ptrdiff_t d_row) {                  \
    for (int r = 0; r < 4; r++)                                                                 \
        for (int k = 0; k < 4; k++) d[r * d_row + k] = s[k * s_row + r];                        \
}
DEFINE_TRANSPOSE4(transpose4_f32, float)
DEFINE_TRANSPOSE4(transpose4_f64, double)
#endif

// One row between a channels-last tensor and planes: channel stride 1 on one side (`gather`:
// the source's, positions `ss` apart; else the destination's, positions `ds` apart) and
// unit-step positions on the other. Tiles of 8 channels × 8 positions, so that both sides
// move whole cache lines instead of one element per line and channel; a full tile as four
// 4×4 transposes.
#define DEFINE_TILE_ROW(NAME, T, TILE)                                                          \
static inline void NAME(const T *restrict sr, ptrdiff_t src_chan, ptrdiff_t ss, T *restrict dr,   \
                        ptrdiff_t dst_chan, ptrdiff_t ds, ptrdiff_t channels, ptrdiff_t len, int gather) { \
    for (ptrdiff_t c0 = 0; c0 < channels; c0 += 8) {                                           \
        const ptrdiff_t c1 = c0 + 8 < channels ? c0 + 8 : channels;                             \
        for (ptrdiff_t j0 = 0; j0 < len; j0 += 8) {                                             \
            const ptrdiff_t j1 = j0 + 8 < len ? j0 + 8 : len;                                   \
            if (c1 - c0 == 8 && j1 - j0 == 8) {                                                 \
                /* Source rows run along the strided side. */                                   \
                for (ptrdiff_t cb = c0; cb < c1; cb += 4)                                       \
                    for (ptrdiff_t jb = j0; jb < j1; jb += 4) {                                 \
                        const T *b = sr + cb * src_chan + jb * ss;                              \
                        T *e = dr + cb * dst_chan + jb * ds;                                    \
                        if (gather) TILE(b, ss, e, dst_chan);                                   \
                        else TILE(b, src_chan, e, ds);                                          \
                    }                                                                           \
                continue;                                                                       \
            }                                                                                   \
            for (ptrdiff_t j = j0; j < j1; j++)                                                 \
                for (ptrdiff_t c = c0; c < c1; c++)                                             \
                    dr[c * dst_chan + j * ds] = sr[c * src_chan + j * ss];                      \
        }                                                                                       \
    }                                                                                           \
}

// One row between two tensors with channel stride 1 (channels last, or a channels-interleaved
// buffer): each position's channels move as one block, and a run whose steps both equal the
// channel count as one block of len × channels.
#define DEFINE_BLOCK_ROW(NAME, T)                                                               \
static inline void NAME(ptrdiff_t runs, const ptrdiff_t *run_at, const ptrdiff_t *run_ss,       \
                        const ptrdiff_t *run_ds, const ptrdiff_t *st, const ptrdiff_t *dt,       \
                        const T *src, T *dst, ptrdiff_t channels, int accumulate) {             \
    for (ptrdiff_t r = 0; r < runs; r++) {                                                      \
        const ptrdiff_t j0 = run_at[r], len = run_at[r + 1] - j0;                               \
        const ptrdiff_t ss = run_ss[r], ds = run_ds[r];                                         \
        const int block = ss == channels && ds == channels;                                     \
        const ptrdiff_t count = block ? len * channels : channels;                              \
        for (ptrdiff_t j = 0; j < (block ? 1 : len); j++) {                                     \
            const T *restrict a = src + st[j0] + j * ss;                                        \
            T *restrict b = dst + dt[j0] + j * ds;                                              \
            if (accumulate) for (ptrdiff_t e = 0; e < count; e++) b[e] += a[e];                 \
            else memcpy(b, a, sizeof(T) * (size_t)count);                                       \
        }                                                                                       \
    }                                                                                           \
}

// The rows: an odometer over the axes before the last but one, and that axis (`inner`) as a
// plain loop of rows inside it. A row that is one unit-step run (a padded copy of whole rows,
// the commonest case) is one memcpy without the run loop: on the depthwise 3×3 layer (56-wide
// rows, 28,672 per call) the bookkeeping per row had taken half as long as the copies.
#define DEFINE_SCATTER(NAME, ROW, TILES, BLOCKS, T)                                            \
void NAME(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,                     \
          const ptrdiff_t *src_tab, const ptrdiff_t *dst_tab, ptrdiff_t channels,                \
          const T *src, ptrdiff_t src_chan, T *dst, ptrdiff_t dst_chan, int accumulate) {        \
    if (rank < 1 || rank > CVK_MAX_RANK) return;                                                \
    for (ptrdiff_t a = 0; a < rank; a++) if (counts[a] <= 0) return;                            \
    const ptrdiff_t last = rank - 1, inner = last - 1;                                          \
    const ptrdiff_t *st = src_tab + starts[last], *dt = dst_tab + starts[last];                  \
    ptrdiff_t *buffer, *run_at, *run_ss, *run_ds, *run_pair;                                    \
    const ptrdiff_t runs = cut_runs(counts[last], st, dt, &buffer, &run_at, &run_ss, &run_ds, &run_pair); \
    if (runs < 0) return;                                                                       \
    const int whole = runs == 1 && run_ss[0] == 1 && run_ds[0] == 1 && !accumulate;            \
    const size_t bytes = sizeof(T) * (size_t)counts[last];                                      \
    static const ptrdiff_t zero = 0;                                                            \
    const ptrdiff_t n = inner >= 0 ? counts[inner] : 1;                                         \
    const ptrdiff_t *si = inner >= 0 ? src_tab + starts[inner] : &zero;                         \
    const ptrdiff_t *di = inner >= 0 ? dst_tab + starts[inner] : &zero;                         \
    ptrdiff_t idx[CVK_MAX_RANK] = {0};                                                          \
    /* Channels adjacent on both sides (BLOCKS), or on one side with positions on the other  \
       (TILES): rows move by positions instead of one channel at a time. */                  \
    const int gather = src_chan == 1 && runs == 1 && run_ds[0] == 1 && run_ss[0] >= channels;  \
    const int spread = dst_chan == 1 && runs == 1 && run_ss[0] == 1 && run_ds[0] >= channels;  \
    const int blocks = channels > 1 && src_chan == 1 && dst_chan == 1;                          \
    if (blocks || (!accumulate && channels > 1 && (gather || spread))) {                        \
        do {                                                                                    \
            const T *s = src + odometer_offset(src_tab, starts, idx, inner);                    \
            T *d = dst + odometer_offset(dst_tab, starts, idx, inner);                          \
            for (ptrdiff_t i = 0; i < n; i++) {                                                 \
                if (blocks) BLOCKS(runs, run_at, run_ss, run_ds, st, dt, s + si[i], d + di[i], channels, accumulate); \
                else TILES(s + si[i] + st[0], src_chan, run_ss[0], d + di[i] + dt[0], dst_chan, run_ds[0], \
                           channels, counts[last], gather);                                     \
            }                                                                                   \
        } while (odometer_next(idx, counts, inner));                                            \
        free(buffer);                                                                           \
        return;                                                                                 \
    }                                                                                           \
    for (ptrdiff_t c = 0; c < channels; c++) {                                                  \
        do {                                                                                    \
            const T *s = src + c * src_chan + odometer_offset(src_tab, starts, idx, inner);     \
            T *d = dst + c * dst_chan + odometer_offset(dst_tab, starts, idx, inner);           \
            if (whole) {                                                                        \
                const T *s0 = s + st[0];                                                        \
                T *d0 = d + dt[0];                                                              \
                for (ptrdiff_t i = 0; i < n; i++) memcpy(d0 + di[i], s0 + si[i], bytes);        \
            } else {                                                                            \
                for (ptrdiff_t i = 0; i < n; i++)                                               \
                    ROW(runs, run_at, run_ss, run_ds, run_pair, st, dt, s + si[i], d + di[i], accumulate); \
            }                                                                                   \
        } while (odometer_next(idx, counts, inner));                                            \
    }                                                                                           \
    free(buffer);                                                                               \
}

DEFINE_SCATTER_ROW(scatter_row_f32, float)
DEFINE_SCATTER_ROW(scatter_row_f64, double)
DEFINE_TILE_ROW(tile_row_f32, float, transpose4_f32)
DEFINE_TILE_ROW(tile_row_f64, double, transpose4_f64)
DEFINE_BLOCK_ROW(block_row_f32, float)
DEFINE_BLOCK_ROW(block_row_f64, double)
DEFINE_SCATTER(cvk_scatter_f32, scatter_row_f32, tile_row_f32, block_row_f32, float)
DEFINE_SCATTER(cvk_scatter_f64, scatter_row_f64, tile_row_f64, block_row_f64, double)

// dst[c·dc + Σ_a dtab_a[i_a]] ← values ? values[c] : 0, with the same runs on the innermost axis.
#define DEFINE_FILL(NAME, T)                                                                    \
void NAME(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,                     \
          const ptrdiff_t *dst_tab, ptrdiff_t channels, const T *values,                         \
          T *dst, ptrdiff_t dst_chan) {                                                         \
    if (rank < 1 || rank > CVK_MAX_RANK) return;                                                \
    for (ptrdiff_t a = 0; a < rank; a++) if (counts[a] <= 0) return;                            \
    const ptrdiff_t last = rank - 1;                                                            \
    const ptrdiff_t *dt = dst_tab + starts[last];                                               \
    ptrdiff_t *buffer, *run_at, *run_ss, *run_ds;                                               \
    const ptrdiff_t runs = cut_runs(counts[last], NULL, dt, &buffer, &run_at, &run_ss, &run_ds, NULL); \
    if (runs < 0) return;                                                                       \
    ptrdiff_t idx[CVK_MAX_RANK] = {0};                                                          \
    for (ptrdiff_t c = 0; c < channels; c++) {                                                  \
        const T v = values ? values[c] : (T)0;                                                  \
        do {                                                                                    \
            const ptrdiff_t doff = c * dst_chan + odometer_offset(dst_tab, starts, idx, last);  \
            for (ptrdiff_t r = 0; r < runs; r++) {                                              \
                const ptrdiff_t j0 = run_at[r], len = run_at[r + 1] - j0, dstep = run_ds[r];    \
                T *d = dst + doff + dt[j0];                                                     \
                if (dstep == 1) for (ptrdiff_t j = 0; j < len; j++) d[j] = v;                   \
                else for (ptrdiff_t j = 0; j < len; j++) d[j * dstep] = v;                      \
            }                                                                                   \
        } while (odometer_next(idx, counts, last));                                             \
    }                                                                                           \
    free(buffer);                                                                               \
}

DEFINE_FILL(cvk_fill_f32, float)
DEFINE_FILL(cvk_fill_f64, double)
