// The depthwise kernel on channels-interleaved buffers (position-major, the channels of one
// position adjacent: what a channels-last tensor is), instantiated beside depthwise_template.h
// with the same vectors where the includer defines DWI_NAME:
//   out[p·opitch + c] ← bias[c] + Σ_k w[k·ldw + c]·in[off[k] + p·ipitch + c]   for c < G, p < n.
// Vectors run along the channels, so a channels-last layer needs no transposes: P is a copy
// of whole positions and the kernel writes the rows of `y` itself. A tile is DWI_POSITIONS positions × NV vectors of
// channels: per FMA one input load and 1/DWI_POSITIONS weight loads (the weights are stored
// tap-major, `ldw` apart, so a tap's channels load as vectors). Channels past the last whole
// vector run one at a time through the same vector FMA (lane 0), so every channel's terms
// add in the same order (bias, then k ascending) with the same rounding as in the vectors.
// Cost: G·n·K multiply-adds; reads K input vectors per output vector from L1/L2.
#define DWI_POSITIONS 4
#define dwi_body CVK_NAME(dw_body, _interleaved)
#define dwi_tile CVK_NAME(dw_body, _interleaved_tile)
#define dwi_lane CVK_NAME(dw_body, _interleaved_lane)

static inline __attribute__((always_inline))
void dwi_body(int P, int nv, const T *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K, const T *w,
              ptrdiff_t ldw, const T *bias, T *out, ptrdiff_t opitch) {
    V acc[DWI_POSITIONS][NV];
    for (int q = 0; q < nv; q++) {
        V b = bias ? VLOADU(bias + LANES * q) : VZERO();
        for (int i = 0; i < P; i++) acc[i][q] = b;
    }
    for (ptrdiff_t k = 0; k < K; k++) {
        const T *x = in + off[k];
        const T *wk = w + k * ldw;
        for (int q = 0; q < nv; q++) {
            V wv = VLOADU(wk + LANES * q);
            for (int i = 0; i < P; i++) acc[i][q] = VFMA(wv, VLOADU(x + i * ipitch + LANES * q), acc[i][q]);
        }
    }
    for (int i = 0; i < P; i++)
        for (int q = 0; q < nv; q++) VSTOREU(out + i * opitch + LANES * q, acc[i][q]);
}

// A tile of P ≤ DWI_POSITIONS positions × nv ∈ {NV, 1} vectors, each shape fully unrolled.
static void dwi_tile(int P, int nv, const T *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K, const T *w,
                     ptrdiff_t ldw, const T *bias, T *out, ptrdiff_t opitch) {
    if (nv == NV) {
        if (P == DWI_POSITIONS) dwi_body(DWI_POSITIONS, NV, in, ipitch, off, K, w, ldw, bias, out, opitch);
        else for (int i = 0; i < P; i++) dwi_body(1, NV, in + i * ipitch, ipitch, off, K, w, ldw, bias, out + i * opitch, opitch);
    } else {
        if (P == DWI_POSITIONS) dwi_body(DWI_POSITIONS, 1, in, ipitch, off, K, w, ldw, bias, out, opitch);
        else for (int i = 0; i < P; i++) dwi_body(1, 1, in + i * ipitch, ipitch, off, K, w, ldw, bias, out + i * opitch, opitch);
    }
}

// One channel of one position, each term through the vector FMA's lane 0.
static T dwi_lane(const T *in, const ptrdiff_t *off, ptrdiff_t K, const T *w, ptrdiff_t ldw, const T *bias) {
    V acc = bias ? VSET1(*bias) : VZERO();
    for (ptrdiff_t k = 0; k < K; k++) acc = VFMA(VSET1(w[k * ldw]), VSET1(in[off[k]]), acc);
    T lanes[LANES];
    VSTOREU(lanes, acc);
    return lanes[0];
}

void DWI_NAME(const T *in, ptrdiff_t ipitch, const ptrdiff_t *off, ptrdiff_t K, const T *w, ptrdiff_t ldw,
              ptrdiff_t G, const T *bias, T *out, ptrdiff_t opitch, ptrdiff_t n) {
    const ptrdiff_t wide = (ptrdiff_t)NV * LANES;
    // Positions outer: a tile's inputs are whole cache lines of consecutive positions.
    for (ptrdiff_t p = 0; p < n; p += DWI_POSITIONS) {
        int P = (int)(n - p < DWI_POSITIONS ? n - p : DWI_POSITIONS);
        const T *x = in + p * ipitch;
        T *y = out + p * opitch;
        ptrdiff_t c = 0;
        for (; c + wide <= G; c += wide)
            dwi_tile(P, NV, x + c, ipitch, off, K, w + c, ldw, bias ? bias + c : NULL, y + c, opitch);
        for (; c + LANES <= G; c += LANES)
            dwi_tile(P, 1, x + c, ipitch, off, K, w + c, ldw, bias ? bias + c : NULL, y + c, opitch);
        for (; c < G; c++)
            for (int i = 0; i < P; i++)
                y[i * opitch + c] = dwi_lane(x + i * ipitch + c, off, K, w + c, ldw, bias ? bias + c : NULL);
    }
}
#undef DWI_POSITIONS
#undef dwi_body
#undef dwi_tile
#undef dwi_lane
