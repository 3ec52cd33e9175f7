// The register-blocked offset GEMM, instantiated once per (instruction set, element type).
// out[m·ldo + dst(p)] ← bias[m] + Σ_k W[m,k]·in[off[k] + p]
//
// The includer defines:
//   T          element type            V       vector type
//   LANES      elements per vector      NV      vectors per tile row (NR = NV·LANES ≤ 64)
//   MR         rows per tile            VSET1, VZERO, VLOADU, VSTOREU, VFMA  vector ops
//   VSTORE_PACKED(dst, bits, v)  store the lanes of v selected by `bits` (lane l = bit l)
//                                 contiguously at dst, advancing dst past them
//   GEMM_NAME  name of the exported function
// One tile keeps MR×NV accumulators in registers; per k it loads NV vectors of `in` and
// broadcasts MR packed weights, so the K loop runs MR·NV FMAs per NV + MR loads.
#define NR (NV * LANES)
#define FULL_MASK (NR >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << NR) - 1))
#define LANE_MASK (LANES >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << LANES) - 1))
// Per-instantiation names of the two helpers below, derived from tile_body (tile_body_f32 →
// tile_body_f32_store); depthwise_template.h, included after this file, uses them too.
#define CVK_PASTE(a, b) a##b
#define CVK_NAME(a, b) CVK_PASTE(a, b)
#define tile_store CVK_NAME(tile_body, _store)
#define tile_target CVK_NAME(tile_body, _target)

// Stores `rows` rows of NV accumulators from out (row stride ldo): all NR positions when the
// mask is full, else only the positions whose bit is set, packed one after another.
static inline __attribute__((always_inline))
void tile_store(int rows, V (*acc)[NV], T *out, ptrdiff_t ldo, uint64_t mask) {
    if (mask == FULL_MASK) {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < NV; j++) VSTOREU(out + i * ldo + LANES * j, acc[i][j]);
    } else {
        for (int i = 0; i < rows; i++) {
            T *dst = out + i * ldo;
            for (int j = 0; j < NV; j++) VSTORE_PACKED(dst, (mask >> (LANES * j)) & LANE_MASK, acc[i][j]);
        }
    }
}

// Where position tile t (positions p ..< p + NR of n) lands and which of its lanes are kept:
// from the tile map when there is one (0 when the tile keeps nothing), else the positions
// below n at out + p.
static inline __attribute__((always_inline))
int tile_target(ptrdiff_t p, ptrdiff_t t, ptrdiff_t n, T *out, const ptrdiff_t *tile_start,
                const uint64_t *tile_mask, uint64_t *mask, T **dst) {
    if (tile_start) {
        *mask = tile_mask[t];
        *dst = out + tile_start[t];
        return *mask != 0;
    }
    *mask = n - p >= NR ? FULL_MASK : (((uint64_t)1 << (n - p)) - 1);
    *dst = out + p;
    return 1;
}

// One tile: MR×NV accumulators over the K loop, then stored by tile_store.
static inline __attribute__((always_inline))
void tile_body(int mr, const T *in, const ptrdiff_t *off, ptrdiff_t K, const T *w,
               const T *bias, T *out, ptrdiff_t ldo, uint64_t mask) {
    V acc[MR][NV];
    for (int i = 0; i < mr; i++) {
        V b = bias ? VSET1(bias[i]) : VZERO();
        for (int j = 0; j < NV; j++) acc[i][j] = b;
    }
    for (ptrdiff_t k = 0; k < K; k++) {
        const T *x = in + off[k];
        V xv[NV];
        for (int j = 0; j < NV; j++) xv[j] = VLOADU(x + LANES * j);
        const T *wk = w + k * MR;
        for (int i = 0; i < mr; i++) {
            V wb = VSET1(wk[i]);
            for (int j = 0; j < NV; j++) acc[i][j] = VFMA(wb, xv[j], acc[i][j]);
        }
    }
    tile_store(mr, acc, out, ldo, mask);
}

// One tile of `mr` ≤ MR rows; the switch turns `mr` into a constant so that each case is a
// fully unrolled, register-allocated instance of tile_body.
static void tile_rows(int mr, const T *in, const ptrdiff_t *off, ptrdiff_t K, const T *w,
                      const T *bias, T *out, ptrdiff_t ldo, uint64_t mask) {
    switch (mr) {
#if MR >= 8
    case 8: tile_body(8, in, off, K, w, bias, out, ldo, mask); break;
    case 7: tile_body(7, in, off, K, w, bias, out, ldo, mask); break;
#endif
#if MR >= 6
    case 6: tile_body(6, in, off, K, w, bias, out, ldo, mask); break;
    case 5: tile_body(5, in, off, K, w, bias, out, ldo, mask); break;
#endif
    case 4: tile_body(4, in, off, K, w, bias, out, ldo, mask); break;
    case 3: tile_body(3, in, off, K, w, bias, out, ldo, mask); break;
    case 2: tile_body(2, in, off, K, w, bias, out, ldo, mask); break;
    default: tile_body(1, in, off, K, w, bias, out, ldo, mask); break;
    }
}

void GEMM_NAME(const T *in, const ptrdiff_t *off, ptrdiff_t K, const T *w_packed, ptrdiff_t M,
               const T *bias, T *out, ptrdiff_t ldo, ptrdiff_t n,
               const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
    // Rows are processed in blocks whose packed weights stay in L2 (~256 KiB); inside a
    // block the position tile is the outer loop, so the input panel it reads (K rows of NR
    // elements) stays in L1 while every row tile of the block passes over it.
    ptrdiff_t block = (ptrdiff_t)(256 * 1024 / sizeof(T)) / (K * MR) * MR;
    if (block < MR) block = MR;
    for (ptrdiff_t m0 = 0; m0 < M; m0 += block) {
        ptrdiff_t m1 = m0 + block < M ? m0 + block : M;
        for (ptrdiff_t p = 0, t = 0; p < n; p += NR, t++) {
            uint64_t mask;
            T *dst;
            if (!tile_target(p, t, n, out, tile_start, tile_mask, &mask, &dst)) continue;
            for (ptrdiff_t m = m0; m < m1; m += MR) {
                int mr = (int)(m1 - m < MR ? m1 - m : MR);
                tile_rows(mr, in + p, off, K, w_packed + m * K, bias ? bias + m : NULL,
                          dst + m * ldo, ldo, mask);
            }
        }
    }
}
#undef NR
#undef FULL_MASK
#undef LANE_MASK
#undef tile_store
#undef tile_target
