// Portable offset GEMM, Float and Double: out[m·ldo + p] ← bias[m] + Σ_k W[m,k]·in[off[k] + p].
// Its depthwise form (depthwise_template.h) is instantiated beside it with the same vectors.
// The same tiling as the SIMD variants with scalar "vectors" (4 rows × 8 positions), written
// so that any C compiler can vectorize the inner loop for the build's baseline ISA. It is
// the reference the SIMD variants are tested against.
#include <stdint.h>
#include "conv_kernels.h"
#include "gemm_variants.h"

#define MR 4
#define NV 8
#define LANES 1

#define T float
#define V float
#define VSET1(x) (x)
#define VZERO() 0.0f
#define VLOADU(p) (*(p))
#define VSTOREU(p, v) (*(p) = (v))
#define VFMA(a, b, c) ((c) + (a) * (b))
#define VSTORE_PACKED(dst, bits, v) do { if ((bits) & 1) *dst++ = (v); } while (0)
#define GEMM_NAME cvk_gemm_portable_f32
#define tile_body tile_body_f32
#define tile_rows tile_rows_f32
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_portable_f32
#define dw_body dw_body_f32
#define dw_rows dw_rows_f32
#include "depthwise_template.h"
#define DWI_NAME cvk_depthwise_interleaved_portable_f32
#include "depthwise_interleaved_template.h"
#undef DWI_NAME
#undef DW_NAME
#undef dw_body
#undef dw_rows
#undef T
#undef V
#undef VZERO
#undef VFMA
#undef GEMM_NAME
#undef tile_body
#undef tile_rows

#define T double
#define V double
#define VZERO() 0.0
#define VFMA(a, b, c) ((c) + (a) * (b))
#define GEMM_NAME cvk_gemm_portable_f64
#define tile_body tile_body_f64
#define tile_rows tile_rows_f64
#include "gemm_template.h"
#define DW_NAME cvk_depthwise_portable_f64
#define dw_body dw_body_f64
#define dw_rows dw_rows_f64
#include "depthwise_template.h"
#define DWI_NAME cvk_depthwise_interleaved_portable_f64
#include "depthwise_interleaved_template.h"
#undef DWI_NAME
#undef DW_NAME
#undef dw_body
#undef dw_rows
