// The depthwise offset kernel, instantiated once per (instruction set, element type) beside the
// GEMM of the same file, with the same vectors and tile width NR = NV·LANES (so one tile map
// serves both):
//   out[g·ldo + dst(p)] ← bias[g] + Σ_k w[g·K + k]·in[g·ldi + off[k] + p]   for g < G, p < n.
// Each group has one input channel and one output channel, so there is no weight to share
// between rows and no GEMM: a tile takes DW_GROUPS groups × NV vectors, DW_GROUPS·NV
// independent FMA chains (a lone row of the GEMM has only NV, too few to hide FMA latency).
//
// The includer defines what gemm_template.h needs (T, V, LANES, NV, VSET1, VZERO, VLOADU,
// VSTOREU, VFMA, VSTORE_PACKED) and DW_NAME, dw_body, dw_rows; the tile_store and
// tile_target helpers of gemm_template.h (included first, tile_body still defined) are reused.
#define DW_GROUPS 4
#define NR (NV * LANES)
#define tile_store CVK_NAME(tile_body, _store)
#define tile_target CVK_NAME(tile_body, _target)
#define tile_end CVK_NAME(tile_body, _end)

static inline __attribute__((always_inline))
void dw_body(int groups, const T *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K, const T *w,
             const T *bias, T *out, ptrdiff_t ldo, uint64_t mask, int spill) {
    V acc[DW_GROUPS][NV];
    for (int i = 0; i < groups; i++) {
        V b = bias ? VSET1(bias[i]) : VZERO();
        for (int j = 0; j < NV; j++) acc[i][j] = b;
    }
    for (ptrdiff_t k = 0; k < K; k++) {
        ptrdiff_t o = off[k];
        for (int i = 0; i < groups; i++) {
            V wb = VSET1(w[i * K + k]);
            const T *x = in + i * ldi + o;
            for (int j = 0; j < NV; j++) acc[i][j] = VFMA(wb, VLOADU(x + LANES * j), acc[i][j]);
        }
    }
    tile_store(groups, acc, out, ldo, mask, spill);
}

// One tile of `groups` ≤ DW_GROUPS groups, each count a fully unrolled instance.
static void dw_rows(int groups, const T *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K, const T *w,
                    const T *bias, T *out, ptrdiff_t ldo, uint64_t mask, int spill) {
    switch (groups) {
    case 4: dw_body(4, in, ldi, off, K, w, bias, out, ldo, mask, spill); break;
    case 3: dw_body(3, in, ldi, off, K, w, bias, out, ldo, mask, spill); break;
    case 2: dw_body(2, in, ldi, off, K, w, bias, out, ldo, mask, spill); break;
    default: dw_body(1, in, ldi, off, K, w, bias, out, ldo, mask, spill); break;
    }
}

void DW_NAME(const T *in, ptrdiff_t ldi, const ptrdiff_t *off, ptrdiff_t K, const T *w, ptrdiff_t G,
             const T *bias, T *out, ptrdiff_t ldo, ptrdiff_t n,
             const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
    // Groups outer: a block's DW_GROUPS input channels stay in L1/L2 while its tiles pass.
    ptrdiff_t end = tile_end(n, tile_start, tile_mask);
    for (ptrdiff_t g = 0; g < G; g += DW_GROUPS) {
        int groups = (int)(G - g < DW_GROUPS ? G - g : DW_GROUPS);
        for (ptrdiff_t p = 0, t = 0; p < n; p += NR, t++) {
            uint64_t mask;
            T *dst;
            int target = tile_target(p, t, n, end, out, tile_start, tile_mask, &mask, &dst);
            if (!target) continue;
            dw_rows(groups, in + g * ldi + p, ldi, off, K, w + g * K, bias ? bias + g : NULL,
                    dst + g * ldo, ldo, mask, target == 2);
        }
    }
}
#undef DW_GROUPS
#undef NR
#undef tile_store
#undef tile_target
#undef tile_end

#ifdef DW_ROWS_NAME
// The row-blocked depthwise kernel, for planes whose tap rows lie one output row apart
// (stride and dilation 1 along the rows), instantiated where the includer defines
// DW_ROWS_NAME, dwr_body and dwr_tile:
//   out[g·ldo + r·ldr + c] ← bias[g] + Σ_{m<M} Σ_{d<kh} w[g·K + d·ws + wm[m]]·in[g·ldi + off[m] + (r + d)·pitch + c]
// for g < G, r < rows, c < cols. A tile is DWR_ROWS output rows × DWR_NV vectors of one
// group: each input vector it loads serves every output row whose taps read it (up to kh),
// and the kh weights of a tap column stay in registers. Per FMA the flattened kernel above
// loads 1 input vector and 1/NV broadcast weights; this one (kh + DWR_ROWS − 1)/(kh·DWR_ROWS)
// vectors and 1/(DWR_NV·DWR_ROWS) weights (0.5 and 0.125 for 3×3). On a Zen 3 core, where an
// unaligned load that crosses a cache line costs two, loads bounded the flattened kernel.
// Each output's terms add tap column by tap column (m outer, d inner).
#define DWR_ROWS 4
#define DWR_NV 2

static inline __attribute__((always_inline))
void dwr_body(int R, int kh, int nv, const T *in, ptrdiff_t pitch, const ptrdiff_t *off, const ptrdiff_t *wm,
              ptrdiff_t M, ptrdiff_t ws, const T *w, const T *bias, T *out, ptrdiff_t ldr, ptrdiff_t valid) {
    V acc[DWR_ROWS][DWR_NV];
    V b = bias ? VSET1(*bias) : VZERO();
    for (int r = 0; r < R; r++)
        for (int q = 0; q < nv; q++) acc[r][q] = b;
    for (ptrdiff_t m = 0; m < M; m++) {
        V wv[8];
        for (int d = 0; d < kh; d++) wv[d] = VSET1(w[d * ws + wm[m]]);
        const T *x = in + off[m];
        for (int j = 0; j < R + kh - 1; j++) {
            V v[DWR_NV];
            for (int q = 0; q < nv; q++) v[q] = VLOADU(x + j * pitch + LANES * q);
            for (int r = 0; r < R; r++) {
                int d = j - r;
                if (d < 0 || d >= kh) continue;
                for (int q = 0; q < nv; q++) acc[r][q] = VFMA(wv[d], v[q], acc[r][q]);
            }
        }
    }
    for (int r = 0; r < R; r++) {
        for (int q = 0; q < nv; q++) {
            T *dst = out + r * ldr + LANES * q;
            ptrdiff_t left = valid - LANES * q;
            if (left >= LANES) VSTOREU(dst, acc[r][q]);
            else VSTORE_PACKED(dst, (((uint64_t)1 << left) - 1), acc[r][q]);
        }
    }
}

// One tile of DWR_ROWS rows (or, with `single`, of one row), kh and its vector count fully
// unrolled; 0 when kh is outside 2 ... 7.
static int dwr_tile(int single, int kh, int nv, const T *in, ptrdiff_t pitch, const ptrdiff_t *off, const ptrdiff_t *wm,
                    ptrdiff_t M, ptrdiff_t ws, const T *w, const T *bias, T *out, ptrdiff_t ldr, ptrdiff_t valid) {
#define DWR_CASE(KH)                                                                            \
    case KH:                                                                                    \
        if (single && nv == DWR_NV) dwr_body(1, KH, DWR_NV, in, pitch, off, wm, M, ws, w, bias, out, ldr, valid); \
        else if (single) dwr_body(1, KH, 1, in, pitch, off, wm, M, ws, w, bias, out, ldr, valid);      \
        else if (nv == DWR_NV) dwr_body(DWR_ROWS, KH, DWR_NV, in, pitch, off, wm, M, ws, w, bias, out, ldr, valid); \
        else dwr_body(DWR_ROWS, KH, 1, in, pitch, off, wm, M, ws, w, bias, out, ldr, valid);          \
        return 1;
    switch (kh) {
    DWR_CASE(2) DWR_CASE(3) DWR_CASE(4) DWR_CASE(5) DWR_CASE(6) DWR_CASE(7)
    default: return 0;
    }
#undef DWR_CASE
}

int DW_ROWS_NAME(const T *in, ptrdiff_t ldi, ptrdiff_t pitch, const ptrdiff_t *off, const ptrdiff_t *wm,
                 ptrdiff_t M, ptrdiff_t kh, ptrdiff_t ws, ptrdiff_t K, const T *w, ptrdiff_t G, const T *bias,
                 T *out, ptrdiff_t ldo, ptrdiff_t ldr, ptrdiff_t rows, ptrdiff_t cols) {
    if (kh < 2 || kh > 7) return 0;
    // Fewer rows than a block: one row per tile (each output's sum in the same order).
    int single = rows < DWR_ROWS;
    ptrdiff_t block = single ? 1 : DWR_ROWS;
    for (ptrdiff_t g = 0; g < G; g++) {
        // The last block of rows overlaps the one before it: its rows are computed again and
        // stored with the same values (the output is stored, not accumulated).
        for (ptrdiff_t r0 = 0; r0 < rows; r0 += block) {
            ptrdiff_t r = r0 + block <= rows ? r0 : rows - block;
            for (ptrdiff_t c = 0; c < cols; c += DWR_NV * LANES) {
                ptrdiff_t valid = cols - c < DWR_NV * LANES ? cols - c : DWR_NV * LANES;
                int nv = valid > LANES ? DWR_NV : 1;
                dwr_tile(single, (int)kh, nv, in + g * ldi + r * pitch + c, pitch, off, wm, M, ws, w + g * K,
                         bias ? bias + g : NULL, out + g * ldo + r * ldr + c, ldr, valid);
            }
        }
    }
    return 1;
}
#undef DWR_ROWS
#undef DWR_NV
#endif
