// Winograd F(2×2, 3×3) and F(2, 3) transforms (Lavin & Gray, 2016), instantiated per element
// type and instruction set by winograd.c. The includer defines
//   T       element type            VT    a 32-byte vector of T (clang vector extension)
//   L       lanes of VT              WG_NAME(n)  per-instantiation names
//   EVENS(a, b), ODDS(a, b)   the even / odd elements of the 2L elements a ‖ b
//   ZIP_LO(a, b), ZIP_HI(a, b)  a₀ b₀ a₁ b₁ … of the low / high halves of a and b
//
// With the 4×4 input patch d of a tile and the 3×3 kernel g, the tile's 2×2 outputs are
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],   Aᵀ = [1 1 1 0; 0 1 −1 −1],
// and the elementwise products summed over input channels are 16 GEMMs (one per ξ = 4p + q).
// Both transforms add and subtract only. L consecutive tiles of one tile row go through the
// vector loops; tiles at the plane's left and right edges and the tail of a row go through
// the scalar ones, which test every index.

// The 4 values Bᵀ·(a, b, c, d) of one row or column of a patch.
#define WG_B(a, b, c, d, o0, o1, o2, o3) \
    do { o0 = (a) - (c); o1 = (b) + (c); o2 = (c) - (b); o3 = (b) - (d); } while (0)
// The 2 values Aᵀ·(a, b, c, d).
#define WG_A(a, b, c, d, o0, o1) do { o0 = (a) + (b) + (c); o1 = (b) - (c) - (d); } while (0)

#define WG_LOAD(p) ({ VT v_; __builtin_memcpy(&v_, (p), sizeof v_); v_; })
#define WG_STORE(p, v) do { VT s_ = (v); __builtin_memcpy((p), &s_, sizeof s_); } while (0)
// Element `col` of a row that is zero outside [0, width) (`row` points at its element 0).
#define WG_AT(row, col) ((col) >= 0 && (col) < width ? (row)[col] : (T)0)
// Bᵀ·d of one patch row for L consecutive tiles: tile j + l reads s[2l … 2l + 3] (`s` points
// at the first tile's first element), split into the even and odd elements of two vector pairs.
#define WG_ROW_VEC(s, o0, o1, o2, o3)                                                          \
    do {                                                                                       \
        VT p0_ = WG_LOAD(s), p1_ = WG_LOAD((s) + L), q0_ = WG_LOAD((s) + 2), q1_ = WG_LOAD((s) + 2 + L); \
        WG_B(EVENS(p0_, p1_), ODDS(p0_, p1_), EVENS(q0_, q1_), ODDS(q0_, q1_), o0, o1, o2, o3); \
    } while (0)
// Bᵀ·d of one patch row for one tile whose elements are row[col … col + 3], zero outside the row.
#define WG_ROW_AT(row, col, o0, o1, o2, o3) \
    WG_B(WG_AT(row, col), WG_AT(row, (col) + 1), WG_AT(row, (col) + 2), WG_AT(row, (col) + 3), o0, o1, o2, o3)
// Stores the outputs y0 (even positions) and y1 (odd) of L tiles interleaved at dst[0 … 2L).
#define WG_STORE_PAIRS(dst, y0, y1) \
    do { WG_STORE(dst, ZIP_LO(y0, y1)); WG_STORE((dst) + L, ZIP_HI(y0, y1)); } while (0)

static void WG_NAME(input)(const T *x, ptrdiff_t channels, ptrdiff_t channel_stride, ptrdiff_t height,
                           ptrdiff_t width, ptrdiff_t pad_top, ptrdiff_t pad_left, ptrdiff_t tiles_wide,
                           ptrdiff_t first, ptrdiff_t count, const T *zeros, T *v, ptrdiff_t ldv,
                           ptrdiff_t xs) {
    // Tiles j whose four columns 2j − pad_left … 2j + 3 − pad_left all lie in the plane: [lo, hi).
    ptrdiff_t lo = (pad_left + 1) / 2, hi = width + pad_left >= 4 ? (width + pad_left - 4) / 2 + 1 : lo;
    ptrdiff_t t = 0;
    while (t < count) {
        ptrdiff_t tile = first + t, i = tile / tiles_wide, j0 = tile % tiles_wide;
        ptrdiff_t run = tiles_wide - j0 < count - t ? tiles_wide - j0 : count - t;
        ptrdiff_t top = 2 * i - pad_top;
        // The vector loop's tiles: the interior [a, e), in vectors of L tiles, the last one
        // moved back to end at e (it recomputes a few tiles: the same values); when the
        // interior is shorter than L, none.
        ptrdiff_t a = lo > j0 ? lo : j0, e = hi < j0 + run ? hi : j0 + run;
        if (e - a < L) e = a;
        for (ptrdiff_t c = 0; c < channels; c++) {
            const T *plane = x + c * channel_stride;
            T *out = v + c * ldv + t - j0;
            const T *r[4];
            for (int k = 0; k < 4; k++) {
                ptrdiff_t row = top + k;
                r[k] = row >= 0 && row < height ? plane + row * width : zeros;
            }
            for (ptrdiff_t step = a; step < e; step += L) {
                ptrdiff_t j = step + L <= e ? step : e - L;
                VT h[4][4];
                for (int k = 0; k < 4; k++)
                    WG_ROW_VEC(r[k] + 2 * j - pad_left, h[k][0], h[k][1], h[k][2], h[k][3]);
                for (int q = 0; q < 4; q++) {
                    VT o0, o1, o2, o3;
                    WG_B(h[0][q], h[1][q], h[2][q], h[3][q], o0, o1, o2, o3);
                    WG_STORE(out + (0 + q) * xs + j, o0);
                    WG_STORE(out + (4 + q) * xs + j, o1);
                    WG_STORE(out + (8 + q) * xs + j, o2);
                    WG_STORE(out + (12 + q) * xs + j, o3);
                }
            }
            for (ptrdiff_t j = j0; j < j0 + run; j++) {
                if (j == a && e > a) j = e;
                if (j >= j0 + run) break;
                T h[4][4];
                ptrdiff_t col = 2 * j - pad_left;
                for (int k = 0; k < 4; k++) WG_ROW_AT(r[k], col, h[k][0], h[k][1], h[k][2], h[k][3]);
                for (int q = 0; q < 4; q++) {
                    T o0, o1, o2, o3;
                    WG_B(h[0][q], h[1][q], h[2][q], h[3][q], o0, o1, o2, o3);
                    out[(0 + q) * xs + j] = o0;
                    out[(4 + q) * xs + j] = o1;
                    out[(8 + q) * xs + j] = o2;
                    out[(12 + q) * xs + j] = o3;
                }
            }
        }
        t += run;
    }
}

static void WG_NAME(output)(const T *m, ptrdiff_t channels, ptrdiff_t ldm, ptrdiff_t xs, const T *bias,
                            T *y, ptrdiff_t channel_stride, ptrdiff_t height, ptrdiff_t width,
                            ptrdiff_t tiles_wide, ptrdiff_t first, ptrdiff_t count) {
    ptrdiff_t t = 0;
    while (t < count) {
        ptrdiff_t tile = first + t, i = tile / tiles_wide, j0 = tile % tiles_wide;
        ptrdiff_t run = tiles_wide - j0 < count - t ? tiles_wide - j0 : count - t;
        ptrdiff_t top = 2 * i;
        int both_rows = top + 1 < height;
        // The vector loop's tiles: [j0, b), those whose two rows and two columns lie in the
        // output (j < width / 2), in vectors of L, the last one moved back to end at b; none
        // when fewer than L.
        ptrdiff_t b = width / 2 < j0 + run ? width / 2 : j0 + run;
        if (!both_rows || b - j0 < L) b = j0;
        for (ptrdiff_t c = 0; c < channels; c++) {
            const T *in = m + c * ldm + t - j0;
            T *row0 = y + c * channel_stride + top * width, *row1 = row0 + width;
            T bc = bias ? bias[c] : (T)0;
            VT bv = (VT){0} + bc;
            for (ptrdiff_t step = j0; step < b; step += L) {
                ptrdiff_t j = step + L <= b ? step : b - L;
                VT s[2][4];
                for (int q = 0; q < 4; q++)
                    WG_A(WG_LOAD(in + (0 + q) * xs + j), WG_LOAD(in + (4 + q) * xs + j),
                         WG_LOAD(in + (8 + q) * xs + j), WG_LOAD(in + (12 + q) * xs + j), s[0][q], s[1][q]);
                VT y00, y01, y10, y11;
                WG_A(s[0][0], s[0][1], s[0][2], s[0][3], y00, y01);
                WG_A(s[1][0], s[1][1], s[1][2], s[1][3], y10, y11);
                y00 = bv + y00; y01 = bv + y01; y10 = bv + y10; y11 = bv + y11;
                WG_STORE_PAIRS(row0 + 2 * j, y00, y01);
                WG_STORE_PAIRS(row1 + 2 * j, y10, y11);
            }
            for (ptrdiff_t j = b; j < j0 + run; j++) {
                T s[2][4];
                for (int q = 0; q < 4; q++)
                    WG_A(in[(0 + q) * xs + j], in[(4 + q) * xs + j], in[(8 + q) * xs + j], in[(12 + q) * xs + j],
                         s[0][q], s[1][q]);
                T y00, y01, y10, y11;
                WG_A(s[0][0], s[0][1], s[0][2], s[0][3], y00, y01);
                WG_A(s[1][0], s[1][1], s[1][2], s[1][3], y10, y11);
                int right = 2 * j + 1 < width;
                row0[2 * j] = bc + y00;
                if (right) row0[2 * j + 1] = bc + y01;
                if (both_rows) {
                    row1[2 * j] = bc + y10;
                    if (right) row1[2 * j + 1] = bc + y11;
                }
            }
        }
        t += run;
    }
}

// The 1-D forms, F(2, 3): tile j of a row reads x[2j − pad_left … 2j + 3 − pad_left] (zero
// outside [0, width)), v[q·xs + c·ldv + t] ← (Bᵀ d)[q], and y[2j + b] ← bias + (Aᵀ M)[b].
static void WG_NAME(input1)(const T *x, ptrdiff_t channels, ptrdiff_t channel_stride, ptrdiff_t width,
                            ptrdiff_t pad_left, ptrdiff_t first, ptrdiff_t count, T *v, ptrdiff_t ldv,
                            ptrdiff_t xs) {
    ptrdiff_t lo = (pad_left + 1) / 2, hi = width + pad_left >= 4 ? (width + pad_left - 4) / 2 + 1 : lo;
    ptrdiff_t end = first + count;
    ptrdiff_t a = lo > first ? lo : first, e = hi < end ? hi : end;
    if (e - a < L) e = a;
    for (ptrdiff_t c = 0; c < channels; c++) {
        const T *row = x + c * channel_stride;
        T *out = v + c * ldv - first;
        for (ptrdiff_t step = a; step < e; step += L) {
            ptrdiff_t j = step + L <= e ? step : e - L;
            VT o0, o1, o2, o3;
            WG_ROW_VEC(row + 2 * j - pad_left, o0, o1, o2, o3);
            WG_STORE(out + 0 * xs + j, o0);
            WG_STORE(out + 1 * xs + j, o1);
            WG_STORE(out + 2 * xs + j, o2);
            WG_STORE(out + 3 * xs + j, o3);
        }
        for (ptrdiff_t j = first; j < end; j++) {
            if (j == a && e > a) j = e;
            if (j >= end) break;
            WG_ROW_AT(row, 2 * j - pad_left, out[0 * xs + j], out[1 * xs + j], out[2 * xs + j], out[3 * xs + j]);
        }
    }
}

static void WG_NAME(output1)(const T *m, ptrdiff_t channels, ptrdiff_t ldm, ptrdiff_t xs, const T *bias, T *y,
                             ptrdiff_t channel_stride, ptrdiff_t width, ptrdiff_t first, ptrdiff_t count) {
    ptrdiff_t end = first + count;
    // Vector tiles: [first, b), both outputs inside (j < width / 2), the last vector moved back.
    ptrdiff_t b = width / 2 < end ? width / 2 : end;
    if (b - first < L) b = first;
    for (ptrdiff_t c = 0; c < channels; c++) {
        const T *in = m + c * ldm - first;
        T *row = y + c * channel_stride;
        T bc = bias ? bias[c] : (T)0;
        VT bv = (VT){0} + bc;
        for (ptrdiff_t step = first; step < b; step += L) {
            ptrdiff_t j = step + L <= b ? step : b - L;
            VT y0, y1;
            WG_A(WG_LOAD(in + 0 * xs + j), WG_LOAD(in + 1 * xs + j), WG_LOAD(in + 2 * xs + j),
                 WG_LOAD(in + 3 * xs + j), y0, y1);
            y0 = bv + y0; y1 = bv + y1;
            WG_STORE_PAIRS(row + 2 * j, y0, y1);
        }
        for (ptrdiff_t j = b; j < end; j++) {
            T y0, y1;
            WG_A(in[0 * xs + j], in[1 * xs + j], in[2 * xs + j], in[3 * xs + j], y0, y1);
            row[2 * j] = bc + y0;
            if (2 * j + 1 < width) row[2 * j + 1] = bc + y1;
        }
    }
}

#undef WG_B
#undef WG_A
#undef WG_LOAD
#undef WG_STORE
#undef WG_AT
#undef WG_ROW_VEC
#undef WG_ROW_AT
#undef WG_STORE_PAIRS
