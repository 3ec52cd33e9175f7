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
// and may define
//   KBLOCK_LINES  the L1 share (in 64-byte lines) that one block of k's input panel may use:
//                 when a tile's panel (the lines of in[off[k] + p ..< p + NR] over all k) is
//                 larger, k runs in blocks, partial sums held in a buffer (see GEMM_NAME)
//   PACK_ROWS     with KBLOCK_LINES: a GEMM of at least PACK_ROWS rows whose tile panel
//   PACK_LINES    spans at least PACK_LINES lines copies, per k block, the input rows its
//                 taps read into a contiguous aligned buffer first, which all its row tiles
//                 then read (see GEMM_NAME and pack_rows)
//   PACK_BLOCK_LINES  with PACK_ROWS: the lines one k block of that copy may span
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
#define tile_end CVK_NAME(tile_body, _end)
#define k_block CVK_NAME(tile_body, _k_block)
#define panel_lines CVK_NAME(tile_body, _panel_lines)
#define pack_block CVK_NAME(tile_body, _pack_block)
#define pack_row_starts CVK_NAME(tile_body, _pack_row_starts)
#define pack_rows CVK_NAME(tile_body, _pack_rows)
#define pack_rows_fill CVK_NAME(tile_body, _pack_rows_fill)
#define pack_rows_copy CVK_NAME(tile_body, _pack_rows_copy)

// Stores `rows` rows of NV accumulators from out (row stride ldo): all NR positions when the
// mask is full, else only the positions whose bit is set, packed one after another. With
// `spill` (tile_target) and an includer that defines VCOMPRESS_INDEX(bits) (the lane
// permutation that moves the selected lanes to the front) and VSTORE_PERMUTED(dst, index, v)
// (a full-width store of the permuted vector), a partial vector is stored whole: the lanes
// past its valid ones land on positions that later tiles of the call overwrite. The
// permutation depends on the mask only, so it is made once per tile, not per row.
static inline __attribute__((always_inline))
void tile_store(int rows, V (*acc)[NV], T *out, ptrdiff_t ldo, uint64_t mask, int spill) {
    if (mask == FULL_MASK) {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < NV; j++) VSTOREU(out + i * ldo + LANES * j, acc[i][j]);
        return;
    }
#ifdef VCOMPRESS_INDEX
    if (spill) {
        VINDEX index[NV];
        int count[NV];
        for (int j = 0; j < NV; j++) {
            unsigned bits = (unsigned)((mask >> (LANES * j)) & LANE_MASK);
            index[j] = VCOMPRESS_INDEX(bits);
            count[j] = __builtin_popcount(bits);
        }
        for (int i = 0; i < rows; i++) {
            T *dst = out + i * ldo;
            for (int j = 0; j < NV; j++) {
                VSTORE_PERMUTED(dst, index[j], acc[i][j]);
                dst += count[j];
            }
        }
        return;
    }
#else
    (void)spill;
#endif
    for (int i = 0; i < rows; i++) {
        T *dst = out + i * ldo;
        for (int j = 0; j < NV; j++) VSTORE_PACKED(dst, (mask >> (LANES * j)) & LANE_MASK, acc[i][j]);
    }
}

// One past the last position the call stores: with a tile map, the start of the last tile
// plus its kept lanes; else n.
static inline ptrdiff_t tile_end(ptrdiff_t n, const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
    if (!tile_start || n <= 0) return n;
    ptrdiff_t last = (n - 1) / NR;
    return tile_start[last] + __builtin_popcountll(tile_mask[last]);
}

// Where position tile t (positions p ..< p + NR of n) lands and which of its lanes are kept:
// from the tile map when there is one, else the positions below n at out + p. Returns 0 when
// the tile keeps nothing, 2 when a whole-width store of its packed lanes stays below `end`
// (tile_end; the positions between are the later tiles'), else 1.
static inline __attribute__((always_inline))
int tile_target(ptrdiff_t p, ptrdiff_t t, ptrdiff_t n, ptrdiff_t end, T *out, const ptrdiff_t *tile_start,
                const uint64_t *tile_mask, uint64_t *mask, T **dst) {
    if (tile_start) {
        *mask = tile_mask[t];
        *dst = out + tile_start[t];
        if (*mask == 0) return 0;
        return tile_start[t] + NR <= end ? 2 : 1;
    }
    *mask = n - p >= NR ? FULL_MASK : (((uint64_t)1 << (n - p)) - 1);
    *dst = out + p;
    return 1;
}

// One tile of `mr` rows over k0 ..< k1 (its packed weights `w`: the `mr` values of each k
// side by side, cvk_gemm_f32's layout): mr×NV accumulators that start from the bias (first
// block) or from the partial sums in `part` (row stride NR), and end in tile_store (last
// block) or in `part`.
static inline __attribute__((always_inline))
void tile_body(int mr, const T *in, const ptrdiff_t *off, ptrdiff_t k0, ptrdiff_t k1, const T *w,
               const T *bias, T *part, int first, int last, T *out, ptrdiff_t ldo, uint64_t mask,
               int spill) {
    V acc[MR][NV];
    if (first) {
        for (int i = 0; i < mr; i++) {
            V b = bias ? VSET1(bias[i]) : VZERO();
            for (int j = 0; j < NV; j++) acc[i][j] = b;
        }
    } else {
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < NV; j++) acc[i][j] = VLOADU(part + i * NR + LANES * j);
    }
    for (ptrdiff_t k = k0; k < k1; k++) {
        const T *x = in + off[k];
        V xv[NV];
        for (int j = 0; j < NV; j++) xv[j] = VLOADU(x + LANES * j);
        const T *wk = w + k * mr;
        for (int i = 0; i < mr; i++) {
            V wb = VSET1(wk[i]);
            for (int j = 0; j < NV; j++) acc[i][j] = VFMA(wb, xv[j], acc[i][j]);
        }
    }
    if (last) {
        tile_store(mr, acc, out, ldo, mask, spill);
    } else {
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < NV; j++) VSTOREU(part + i * NR + LANES * j, acc[i][j]);
    }
}

// One tile of `mr` ≤ MR rows; the switch turns `mr` into a constant so that each case is a
// fully unrolled, register-allocated instance of tile_body.
static void tile_rows(int mr, const T *in, const ptrdiff_t *off, ptrdiff_t k0, ptrdiff_t k1,
                      const T *w, const T *bias, T *part, int first, int last, T *out,
                      ptrdiff_t ldo, uint64_t mask, int spill) {
    switch (mr) {
#if MR >= 8
    case 8: tile_body(8, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
    case 7: tile_body(7, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
#endif
#if MR >= 6
    case 6: tile_body(6, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
    case 5: tile_body(5, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
#endif
    case 4: tile_body(4, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
    case 3: tile_body(3, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
    case 2: tile_body(2, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
    default: tile_body(1, in, off, k0, k1, w, bias, part, first, last, out, ldo, mask, spill); break;
    }
}

// Rows of a block whose partial sums the K-blocked loop keeps (PART_ROWS × NR elements).
#define PART_ROWS 128

#ifdef KBLOCK_LINES
// The 64-byte lines one tile's input panel spans, counted in k order as the union of the
// intervals [off[k], off[k] + NR) (exact when off increases, as it does channel by channel;
// an overcount otherwise). One pass over off: O(K).
static ptrdiff_t panel_lines(const ptrdiff_t *off, ptrdiff_t K) {
    const ptrdiff_t per_line = 64 / (ptrdiff_t)sizeof(T);
    ptrdiff_t lines = 0, covered = PTRDIFF_MIN;
    for (ptrdiff_t k = 0; k < K; k++) {
        ptrdiff_t first = off[k] / per_line, last = (off[k] + NR - 1) / per_line;
        if (first <= covered) first = covered + 1;
        if (last >= first) lines += last - first + 1;
        if (last > covered) covered = last;
    }
    return lines;
}

// The k block length: K split into equal blocks whose panels span at most KBLOCK_LINES lines.
static ptrdiff_t k_block(ptrdiff_t lines, ptrdiff_t K) {
    ptrdiff_t blocks = (lines + KBLOCK_LINES - 1) / KBLOCK_LINES;
    if (blocks <= 1) return K;
    return (K + blocks - 1) / blocks;
}

// The input rows of a packed GEMM (GEMM_NAME): k's tap reads in[off[k] + p ..< + NR], and the
// taps k of one row read inside one window [base, base + width) with width ≤ ROW_WIDTH
// (base ≤ off[k] ≤ base + LANES: the taps along the innermost axis, dilation ≤ LANES). A row
// never spans two k blocks. Per tile, each row's window is copied once, to
// panel + (r − block's first row)·ROW_WIDTH, and tap k reads it at its shift: a 3-tap row
// copies one window of NR + 2 elements (NV + 1 vectors) where a copy per tap moved 3·NR.
#define ROW_WIDTH (NR + LANES)

// The rule that starts a new input row at tap k (pack_rows_fill): the first tap, or one that
// reads before the row's base or more than LANES past it.
static inline int pack_row_starts(const ptrdiff_t *off, ptrdiff_t k, ptrdiff_t base) {
    return k == 0 || off[k] < base || off[k] - base > LANES;
}

// The k block length of a packed GEMM: K split into equal blocks whose copied rows span at
// most PACK_BLOCK_LINES lines. The copy is compact (a 3×3 tap set of 64 channels takes 192
// rows, 18 KiB of Float), so blocks are longer than KBLOCK_LINES allows the gathered panel:
// on a Zen 3 core the 64-channel 3×3 GEMM ran at 92 % of the FMA peak in two blocks, 95 % in
// one. O(K).
static ptrdiff_t pack_block(const ptrdiff_t *off, ptrdiff_t K) {
    ptrdiff_t rows = 0, base = 0;
    for (ptrdiff_t k = 0; k < K; k++)
        if (pack_row_starts(off, k, base)) {
            base = off[k];
            rows++;
        }
    ptrdiff_t lines = rows * ROW_WIDTH * (ptrdiff_t)sizeof(T) / 64;
    ptrdiff_t blocks = (lines + PACK_BLOCK_LINES - 1) / PACK_BLOCK_LINES;
    if (blocks <= 1) return K;
    return (K + blocks - 1) / blocks;
}

typedef struct {
    ptrdiff_t *shifted;   // K: where tap k reads, relative to its block's panel
    ptrdiff_t *base;      // per row: its window's offset in `in`
    ptrdiff_t *width;     // per row: its window's width
    ptrdiff_t *first;     // per k block b: its first row; first[blocks] = the row count
} pack_rows;

// Fills `rows` (arrays carved from `space`: 3K + blocks + 1 entries) for blocks of kc. O(K).
static void pack_rows_fill(pack_rows *rows, ptrdiff_t *space, const ptrdiff_t *off, ptrdiff_t K, ptrdiff_t kc) {
    rows->shifted = space;
    rows->base = space + K;
    rows->width = space + 2 * K;
    rows->first = space + 3 * K;
    ptrdiff_t count = 0, base = 0, block = 0;
    for (ptrdiff_t k = 0; k < K; k++) {
        int starts_block = k % kc == 0;
        if (starts_block) rows->first[block++] = count;
        if (starts_block || pack_row_starts(off, k, base)) {
            base = off[k];
            rows->base[count] = base;
            rows->width[count] = NR;
            count++;
        }
        ptrdiff_t shift = off[k] - base, in_block = count - rows->first[block - 1];
        rows->shifted[k] = (in_block - 1) * ROW_WIDTH + shift;
        if (shift + NR > rows->width[count - 1]) rows->width[count - 1] = shift + NR;
    }
    rows->first[block] = count;
}

// Copies rows r0 ..< r1 of the tile at `in` (its position p added) to `panel`: NV vectors and,
// for a row wider than NR, one more ending at its width (overlapping the NV-th; it reads
// nothing past what the row's taps read).
static inline void pack_rows_copy(const pack_rows *rows, ptrdiff_t r0, ptrdiff_t r1, const T *in, T *panel) {
    for (ptrdiff_t r = r0; r < r1; r++) {
        const T *source = in + rows->base[r];
        T *target = panel + (r - r0) * ROW_WIDTH;
        for (int j = 0; j < NV; j++) VSTOREU(target + LANES * j, VLOADU(source + LANES * j));
        ptrdiff_t width = rows->width[r];
        if (width > NR) VSTOREU(target + width - LANES, VLOADU(source + width - LANES));
    }
}
#else
static ptrdiff_t panel_lines(const ptrdiff_t *off, ptrdiff_t K) { (void)off; (void)K; return 0; }
static ptrdiff_t k_block(ptrdiff_t lines, ptrdiff_t K) { (void)lines; return K; }
#endif

void GEMM_NAME(const T *in, const ptrdiff_t *off, ptrdiff_t K, const T *w_packed, ptrdiff_t M,
               const T *bias, T *out, ptrdiff_t ldo, ptrdiff_t n,
               const ptrdiff_t *tile_start, const uint64_t *tile_mask) {
    // Rows are processed in blocks whose packed weights stay in L2 (~256 KiB); inside a
    // block the position tile is the outer loop, so the input panel it reads (K rows of NR
    // elements) stays in L1 while every row tile of the block passes over it. When that panel
    // is larger than the L1 share (k_block), k runs in blocks inside the tile, every row tile
    // passing over one block's panel before the next; the rows' partial sums wait in `part`.
    // With many row tiles per panel (PACK_ROWS rows or more) and a panel of many lines, the
    // input rows the block's taps read are first copied to `panel` (pack_rows): the panel's
    // gathered reads (a line and a part line per k, one stream per input row) happen once per
    // tile instead of once per row tile, and the row tiles read one contiguous buffer in longer
    // k blocks (pack_block). On a Zen 3 core this took the 64-row 3×3 GEMM of 64 channels from
    // 90–91 % to 94–95 % of the FMA peak; at 32 rows the copy cost more than it saved.
    ptrdiff_t lines = panel_lines(off, K), kc = k_block(lines, K), end = tile_end(n, tile_start, tile_mask);
#ifdef KBLOCK_LINES
    T *panel = NULL;
    pack_rows rows = {0};
    void *space = NULL;
    if (M >= PACK_ROWS && lines >= PACK_LINES) {
        // One allocation: the row tables (3K + blocks + 1 entries), then the panel (at most
        // one block's taps as rows), 64-byte aligned. Without it the tiles read `in`.
        ptrdiff_t packed_kc = pack_block(off, K);
        size_t blocks = (size_t)((K + packed_kc - 1) / packed_kc), entries = 3 * (size_t)K + blocks + 1;
        size_t table = (entries * sizeof(ptrdiff_t) + 63) / 64 * 64;
        size_t most = (size_t)packed_kc * ROW_WIDTH * sizeof(T);
        if (posix_memalign(&space, 64, table + most) != 0) space = NULL;
        if (space) {
            kc = packed_kc;
            pack_rows_fill(&rows, space, off, K, kc);
            panel = (T *)((char *)space + table);
        }
    }
#endif
    ptrdiff_t block = (ptrdiff_t)(256 * 1024 / sizeof(T)) / (K * MR) * MR;
    if (block < MR) block = MR;
    if (kc < K && block > PART_ROWS - MR) block = (PART_ROWS - MR) / MR * MR;
#ifdef KBLOCK_LINES
    T part[PART_ROWS * NR];
#else
    T part[1];
#endif
    for (ptrdiff_t m0 = 0, m1; m0 < M; m0 = m1) {
        // Blocks end on multiples of MR; a block that would leave fewer than MR rows takes
        // them, so that the last rows' tiles (cvk_tile_rows_at) lie in one block.
        m1 = m0 + block < M ? m0 + block : M;
        if (M - m1 < MR) m1 = M;
        for (ptrdiff_t p = 0, t = 0; p < n; p += NR, t++) {
            uint64_t mask;
            T *dst;
            int target = tile_target(p, t, n, end, out, tile_start, tile_mask, &mask, &dst);
            if (!target) continue;
            // Where the next tile stores (NULL when none): its lines are prefetched below.
            T *next = NULL;
            uint64_t next_mask;
            if (p + NR < n && !tile_target(p + NR, t + 1, n, end, out, tile_start, tile_mask, &next_mask, &next))
                next = NULL;
            for (ptrdiff_t k0 = 0; k0 < K; k0 += kc) {
                ptrdiff_t k1 = k0 + kc < K ? k0 + kc : K;
                // The tiles read in[off[k] + p + …] for k0 ≤ k < k1, or, packed,
                // panel[shifted[k] + …] with their weights from k0 on.
                const T *source = in + p;
                const ptrdiff_t *source_off = off;
                ptrdiff_t first_k = k0, end_k = k1, skip = 0;
#ifdef KBLOCK_LINES
                if (panel) {
                    pack_rows_copy(&rows, rows.first[k0 / kc], rows.first[k0 / kc + 1], in + p, panel);
                    source = panel;
                    source_off = rows.shifted + k0;
                    first_k = 0;
                    end_k = k1 - k0;
                    skip = k0;
                }
#endif
                // One call site for both: with two, the kernel measured 6 % slower unpacked.
                for (ptrdiff_t m = m0, mr; m < m1; m += mr) {
                    mr = cvk_tile_rows_at(M - m, MR);
                    // The lines the next position tile will store in these rows, asked for
                    // now (for writing): M rows of output lie ldo apart, too many streams for
                    // the hardware prefetcher, and a store that misses stalls the tile once the
                    // store queue fills. A tile row of NR elements, at any alignment, lies in
                    // the lines of its every 64th byte and of its last element. (A prefetch
                    // never faults, and the last tile has none.)
                    if (next && k0 == 0)
                        for (ptrdiff_t r = m; r < m + mr; r++) {
                            for (ptrdiff_t e = 0; e < NR; e += 64 / (ptrdiff_t)sizeof(T))
                                __builtin_prefetch(next + r * ldo + e, 1, 3);
                            __builtin_prefetch(next + r * ldo + NR - 1, 1, 3);
                        }
                    tile_rows((int)mr, source, source_off, first_k, end_k, w_packed + m * K + skip * mr,
                              bias ? bias + m : NULL, part + (kc < K ? (m - m0) * NR : 0), k0 == 0, k1 == K,
                              dst + m * ldo, ldo, mask, target == 2);
                }
            }
        }
    }
#ifdef KBLOCK_LINES
    free(space);
#endif
}
#undef PART_ROWS
#undef k_block
#undef panel_lines
#undef ROW_WIDTH
#undef pack_block
#undef pack_row_starts
#undef pack_rows
#undef pack_rows_fill
#undef pack_rows_copy
#undef NR
#undef FULL_MASK
#undef LANE_MASK
#undef tile_store
#undef tile_target
#undef tile_end
