// CConvKernels — the hot loops of ConvMatrix's dense direct convolution.
//
// Two primitives carry the whole dense path (with the depthwise forms of the first):
//  * an "offset GEMM":  out[m·ldo + p] ← bias[m] + Σ_k W[m,k] · in[off[k] + p]
//    (a direct convolution over a flattened, padded, phase-split buffer is exactly this, with
//    one offset per (input channel, kernel tap));
//  * a "cartesian scatter": dst[c·dc + Σ_a dtab_a[i_a]] (+)= src[c·sc + Σ_a stab_a[i_a]]
//    over every combination of per-axis table entries (padding, phase split, layout
//    permutation, cropping and the adjoint folds of all of them).
// Depthwise groups (one input and one output channel) run cvk_depthwise_*, G one-row
// offset products in tiles of several groups, or, on planes whose taps lie one output row
// apart, cvk_depthwise_rows_* in tiles of several rows of one group. Each GEMM and depthwise
// kernel has an AVX-512, an AVX2+FMA and a portable variant, chosen at run time (the row
// form has no portable variant: scalar tiles of it measured slower than the flattened one).
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Processors this process may run on (affinity mask; online count as fallback), at least 1.
ptrdiff_t cvk_active_processors(void);

/// A 64-byte-aligned block of at least `bytes` (its real size in *capacity), reused from
/// earlier calls when one is free; NULL when out of memory. Contents are undefined.
void *cvk_scratch_take(size_t bytes, size_t *capacity);
/// Returns a block from cvk_scratch_take for reuse (up to 8 blocks of ≤ 64 MiB are kept;
/// the smallest is freed to make room for a larger one).
void cvk_scratch_give(void *block, size_t capacity);

/// Instruction sets with a kernel variant.
enum {
    CVK_ISA_PORTABLE = 0,
    CVK_ISA_AVX2 = 1,
    CVK_ISA_AVX512 = 2,
};

/// 1 when this CPU can run kernels of `isa`, else 0.
int cvk_isa_supported(int isa);
/// The fastest instruction set this CPU supports.
int cvk_best_isa(void);
/// MR: the most output rows (channels) per register tile of `isa` (see cvk_tile_rows_at).
ptrdiff_t cvk_tile_rows(int isa, int is_double);
/// Rows of the register tile that starts `remaining` rows before the end of a GEMM with
/// tiles of at most `mr` rows: `mr`, except that the last `mr + r` rows (0 < r ≤ mr/2) form
/// two tiles of ⌈(mr + r)/2⌉ and ⌊(mr + r)/2⌋ rows instead of `mr` and `r` — a tile of 1 or 2
/// rows has too few independent sums to hide the FMA latency, two of 4 have enough (32 rows
/// with mr = 6: 6, 6, 6, 6, 4, 4 instead of 6, 6, 6, 6, 6, 2). The packed weights and the
/// GEMM walk rows with this one rule.
static inline ptrdiff_t cvk_tile_rows_at(ptrdiff_t remaining, ptrdiff_t mr) {
    if (remaining > mr && remaining < 2 * mr && remaining - mr <= mr / 2) return (remaining + 1) / 2;
    return remaining < mr ? remaining : mr;
}
/// NR: output positions per register tile of `isa` (at most CVK_MAX_TILE_COLS).
ptrdiff_t cvk_tile_cols(int isa, int is_double);
/// Elements beyond the last valid read that `in` of a GEMM must keep readable.
#define CVK_MAX_TILE_COLS 64

/// out[m·ldo + p] ← (bias ? bias[m] : 0) + Σ_{k<K} W[m,k] · in[off[k] + p]   for m < M, p < n.
///
/// `w_packed` holds W in panels of the row tiles of cvk_tile_rows_at (MR = cvk_tile_rows(isa)):
/// element (m, k) of the tile of `mr` rows that starts at row m₀ at `m₀·K + k·mr + (m − m₀)`.
/// `in` must be readable at `off[k] + p` for p < n + CVK_MAX_TILE_COLS. Only p < n of `out`
/// is written.
///
/// With `tile_start` (and `tile_mask`) non-NULL the results are stored *packed*: for the
/// position tile t = ⌊p / NR⌋ (NR = cvk_tile_cols), only the positions whose bit
/// `p − t·NR` of `tile_mask[t]` is set are stored, one after another from
/// `out[m·ldo + tile_start[t]]`. This drops the wrap-around columns of a flattened plane
/// while writing a channels-first output in place.
/// Cost: 2·M·K·n flops, M·K·n/(MR·NR) register tiles.
void cvk_gemm_f32(int isa, const float *in, const ptrdiff_t *off, ptrdiff_t K,
                  const float *w_packed, ptrdiff_t M, const float *bias,
                  float *out, ptrdiff_t ldo, ptrdiff_t n,
                  const ptrdiff_t *tile_start, const uint64_t *tile_mask);
/// The Double form of cvk_gemm_f32.
void cvk_gemm_f64(int isa, const double *in, const ptrdiff_t *off, ptrdiff_t K,
                  const double *w_packed, ptrdiff_t M, const double *bias,
                  double *out, ptrdiff_t ldo, ptrdiff_t n,
                  const ptrdiff_t *tile_start, const uint64_t *tile_mask);

/// out[g·ldo + p] ← (bias ? bias[g] : 0) + Σ_{k<K} w[g·K + k] · in[g·ldi + off[k] + p]
/// for g < G, p < n: G independent one-row offset products, one per depthwise group (one
/// input and one output channel each; `w` holds each group's K weights as they are, unpacked).
/// `in` must be readable at g·ldi + off[k] + p for p < n + CVK_MAX_TILE_COLS. The tile width
/// is the GEMM's (cvk_tile_cols), so `tile_start`/`tile_mask` are read exactly as there.
/// Cost: 2·G·K·n flops in tiles of 4 groups × NR positions (4·NR/LANES independent FMA chains).
void cvk_depthwise_f32(int isa, const float *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K,
                       const float *w, ptrdiff_t G, const float *bias, float *out, ptrdiff_t ldo,
                       ptrdiff_t n, const ptrdiff_t *tile_start, const uint64_t *tile_mask);
/// The Double form of cvk_depthwise_f32.
void cvk_depthwise_f64(int isa, const double *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K,
                       const double *w, ptrdiff_t G, const double *bias, double *out, ptrdiff_t ldo,
                       ptrdiff_t n, const ptrdiff_t *tile_start, const uint64_t *tile_mask);

/// The depthwise form on channels-interleaved buffers (the G channels of a position adjacent,
/// positions `ipitch` apart in `in` and `opitch` apart in `out`; weights tap-major, `ldw`
/// apart):
///   out[p·opitch + c] ← (bias ? bias[c] : 0) + Σ_{k<K} w[k·ldw + c] · in[off[k] + p·ipitch + c]
/// for c < G, p < n (one output row of a channels-last `y`); each channel's terms add bias
/// first, then k ascending. Vectors run along the channels (tiles of 4 positions × NV
/// vectors), so a channels-last layer runs without transposing to planes. Reads `in` only
/// where the formula does. Cost: 2·G·K·n flops.
void cvk_depthwise_interleaved_f32(int isa, const float *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K,
                                   const float *w, ptrdiff_t ldw, ptrdiff_t G, const float *bias, float *out,
                                   ptrdiff_t opitch, ptrdiff_t n);
/// The Double form of cvk_depthwise_interleaved_f32.
void cvk_depthwise_interleaved_f64(int isa, const double *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K,
                                   const double *w, ptrdiff_t ldw, ptrdiff_t G, const double *bias, double *out,
                                   ptrdiff_t opitch, ptrdiff_t n);

/// The row-blocked depthwise form, for a plane (rows × cols outputs per group, row stride
/// `ldr` in `out`, `pitch` in `in`) whose taps form kh rows of M tap columns one output row
/// apart (stride and dilation 1 along the rows):
///   out[g·ldo + r·ldr + c] ← (bias ? bias[g] : 0) + Σ_{m<M} Σ_{d<kh} w[g·K + d·ws + wm[m]]·in[g·ldi + off[m] + (r + d)·pitch + c]
/// for g < G, r < rows, c < cols; the terms add tap column by tap column (m outer, d inner),
/// whatever the rows, so any cut of a plane into row ranges gives the same bits. Tiles of
/// 4 rows (1 when rows < 4): each input vector loaded serves up to kh output rows, and a tap
/// column's kh weights stay in registers. `in` must be readable wherever cvk_depthwise_f32
/// reads for the same plane laid out flat (p = r·pitch + c, n = (rows − 1)·pitch + cols).
/// Returns 0, having done nothing, when `isa` has no such kernel (portable) or kh is outside
/// 2…7; the caller then runs cvk_depthwise_f32. Cost: 2·G·rows·cols·M·kh flops (plus the
/// rows a last, overlapping block of 4 computes again).
int cvk_depthwise_rows_f32(int isa, const float *in, ptrdiff_t ldi, ptrdiff_t pitch, const ptrdiff_t *off,
                           const ptrdiff_t *wm, ptrdiff_t M, ptrdiff_t kh, ptrdiff_t ws, ptrdiff_t K,
                           const float *w, ptrdiff_t G, const float *bias, float *out, ptrdiff_t ldo,
                           ptrdiff_t ldr, ptrdiff_t rows, ptrdiff_t cols);
/// The Double form of cvk_depthwise_rows_f32.
int cvk_depthwise_rows_f64(int isa, const double *in, ptrdiff_t ldi, ptrdiff_t pitch, const ptrdiff_t *off,
                           const ptrdiff_t *wm, ptrdiff_t M, ptrdiff_t kh, ptrdiff_t ws, ptrdiff_t K,
                           const double *w, ptrdiff_t G, const double *bias, double *out, ptrdiff_t ldo,
                           ptrdiff_t ldr, ptrdiff_t rows, ptrdiff_t cols);

/// dst[c·dst_chan + Σ_a dst_tab[a][i_a]] ← (or +=, when accumulate) src[c·src_chan + Σ_a src_tab[a][i_a]]
/// for c < channels and every i_a < counts[a], axis 0 outermost; rank ≤ 16. Axis a's table entries are
/// `src_tab[starts[a] ..< starts[a] + counts[a]]` (same for dst). With accumulate, repeated
/// destinations add up in table order. Cost: channels·Π counts element moves.
void cvk_scatter_f32(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,
                     const ptrdiff_t *src_tab, const ptrdiff_t *dst_tab, ptrdiff_t channels,
                     const float *src, ptrdiff_t src_chan, float *dst, ptrdiff_t dst_chan,
                     int accumulate);
/// The Double form of cvk_scatter_f32.
void cvk_scatter_f64(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,
                     const ptrdiff_t *src_tab, const ptrdiff_t *dst_tab, ptrdiff_t channels,
                     const double *src, ptrdiff_t src_chan, double *dst, ptrdiff_t dst_chan,
                     int accumulate);

/// dst[c·dst_chan + Σ_a dst_tab[a][i_a]] ← values ? values[c] : 0 for c < channels and every
/// i_a < counts[a] (tables as in cvk_scatter_f32). Cost: channels·Π counts stores.
void cvk_fill_f32(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,
                  const ptrdiff_t *dst_tab, ptrdiff_t channels, const float *values,
                  float *dst, ptrdiff_t dst_chan);
/// The Double form of cvk_fill_f32.
void cvk_fill_f64(ptrdiff_t rank, const ptrdiff_t *counts, const ptrdiff_t *starts,
                  const ptrdiff_t *dst_tab, ptrdiff_t channels, const double *values,
                  double *dst, ptrdiff_t dst_chan);

/// Winograd F(2×2, 3×3) input transform of `count` tiles (first tile `first`, row-major over
/// a grid `tiles_wide` tiles wide; tile (i, j) reads rows 2i − pad_top … 2i + 3 − pad_top and
/// columns 2j − pad_left … 2j + 3 − pad_left of each channel's height × width plane, zero
/// outside it): v[ξ·xi_stride + c·ldv + t] ← (Bᵀ d B)[ξ] for channel c < channels, ξ = 4p + q
/// < 16, tile t < count, with Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1] and d the tile's
/// 4 × 4 patch. `zeros` holds `width` zeros (the rows above and below the plane). With
/// `rank` 1, F(2, 3) on rows instead: tile j reads elements 2j − pad_left … 2j + 3 − pad_left
/// of each channel's row of `width` (height, pad_top, tiles_wide and zeros unused) and
/// v[q·xi_stride + c·ldv + t] ← (Bᵀ d)[q], q < 4. `isa` picks the vector instantiation.
/// Cost: 32 (rank 1: 8) additions per channel and tile; reads `x`, writes `v`.
void cvk_winograd_input_f32(int isa, int rank, const float *x, ptrdiff_t channels, ptrdiff_t channel_stride, ptrdiff_t height,
                            ptrdiff_t width, ptrdiff_t pad_top, ptrdiff_t pad_left, ptrdiff_t tiles_wide,
                            ptrdiff_t first, ptrdiff_t count, const float *zeros, float *v, ptrdiff_t ldv,
                            ptrdiff_t xi_stride);
/// The Double form of cvk_winograd_input_f32.
void cvk_winograd_input_f64(int isa, int rank, const double *x, ptrdiff_t channels, ptrdiff_t channel_stride, ptrdiff_t height,
                            ptrdiff_t width, ptrdiff_t pad_top, ptrdiff_t pad_left, ptrdiff_t tiles_wide,
                            ptrdiff_t first, ptrdiff_t count, const double *zeros, double *v, ptrdiff_t ldv,
                            ptrdiff_t xi_stride);
/// Winograd F(2×2, 3×3) output transform: for channel c < channels and tile t < count (tile
/// first + t = (i, j) as in cvk_winograd_input_f32), with M the 4 × 4 matrix
/// M[ξ] = m[ξ·xi_stride + c·ldm + t], writes y[c·channel_stride + (2i + a)·width + 2j + b] ←
/// (bias ? bias[c] : 0) + (Aᵀ M A)[a][b] for the a, b < 2 inside the height × width plane,
/// Aᵀ = [1 1 1 0; 0 1 −1 −1]. With `rank` 1: y[c·channel_stride + 2j + b] ← bias + (Aᵀ M)[b]
/// for 2j + b < width, M[q] = m[q·xi_stride + c·ldm + t] (height, tiles_wide unused).
/// Cost: 24 (rank 1: 4) additions per channel and tile.
void cvk_winograd_output_f32(int isa, int rank, const float *m, ptrdiff_t channels, ptrdiff_t ldm, ptrdiff_t xi_stride, const float *bias,
                             float *y, ptrdiff_t channel_stride, ptrdiff_t height, ptrdiff_t width,
                             ptrdiff_t tiles_wide, ptrdiff_t first, ptrdiff_t count);
/// The Double form of cvk_winograd_output_f32.
void cvk_winograd_output_f64(int isa, int rank, const double *m, ptrdiff_t channels, ptrdiff_t ldm, ptrdiff_t xi_stride,
                             const double *bias, double *y, ptrdiff_t channel_stride, ptrdiff_t height,
                             ptrdiff_t width, ptrdiff_t tiles_wide, ptrdiff_t first, ptrdiff_t count);

#ifdef __cplusplus
}
#endif
