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
