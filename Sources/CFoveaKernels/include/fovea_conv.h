#ifndef FOVEA_CONV_H
#define FOVEA_CONV_H
/* A direct 2-D convolution of one NCHW sample for FoveaNN's inference path (AVX-512F, chosen at run time).

   The output is computed without an im2col matrix: up to 4 vectors of 16 output pixels × up to 6 output channels
   sit in 24 ZMM accumulators; per kernel tap the 4 input vectors are loaded once and the 6 weights broadcast once
   for 24 fused multiply-adds (enough independent chains to keep both FMA pipes busy past their latency).
   The input is first copied into a zero-padded scratch plane per channel, split by column phase when the
   stride is above 1 (the columns ≡ p mod stride side by side), so that every tap reads contiguous floats.
   Each output is `bias[o] + Σ_c Σ_ky Σ_kx w[o][c][ky][kx] · x[c][oy·S − P + ky][ox·S − P + kx]`, accumulated in
   that order (c, then ky, then kx) with one rounding per multiply-add, then `+ residual` and `max(0, ·)` when
   asked: the same bits for any thread count, since each sample is computed on its own. It rounds differently
   from im2col + GEMM (another summation order), so it is used only for inference, never in training.

   Only `fovea_simd_level() >= 2` may call `fovea_conv_forward_avx512`; other machines run im2col + GEMM. */

#include <stddef.h>

/** The sizes of one convolution (one group: input channels `channels`, output channels `output_channels`). */
typedef struct {
    long channels, height, width;
    long output_channels, output_height, output_width;
    long kernel, stride, padding;
} fovea_conv_shape;

/** Floats of the packed weights (`O·C·K·K`): the output channels in n = ⌈O/6⌉ blocks of ⌊O/n⌋ or ⌈O/n⌉ channels
    (the first `O mod n` blocks one more), each block of q channels laid out `[c][ky][kx][q]`. */
size_t fovea_conv_packed_count(const fovea_conv_shape *shape);

/** Packs `weights` (`[O][C][K][K]`, row-major) into `packed` (`fovea_conv_packed_count` floats). */
void fovea_conv_pack(const fovea_conv_shape *shape, const float *weights, float *packed);

/** Floats of scratch `fovea_conv_forward_avx512` needs (the padded, phase-split input of one sample). */
size_t fovea_conv_scratch_count(const fovea_conv_shape *shape);

/** One sample: `output[o][oy][ox]` (`[O][Ho][Wo]`) from `input` (`[C][H][W]`), `packed` weights, `bias` (`[O]`,
    required), then `+ residual[o][oy][ox]` if `residual` is not NULL, then `max(0, ·)` if `relu`. `scratch`
    holds `fovea_conv_scratch_count` floats, zero-filled before its first use with this shape: each call writes
    only the input's positions in it (the same every call), so the padding around them stays zero. */
void fovea_conv_forward_avx512(const fovea_conv_shape *shape, const float *input, const float *packed,
                               const float *bias, const float *residual, int relu, float *scratch, float *output);

/** The first half of `fovea_conv_forward_avx512`: copies `input` (`[C][H][W]`) into `scratch` (the zero-padded,
    phase-split layout of `shape`, zero-filled before its first use). */
void fovea_conv_fill_avx512(const fovea_conv_shape *shape, const float *input, float *scratch);

/** The second half of `fovea_conv_forward_avx512`, with two ways to skip a copy; the same bits as the whole call.

    `scratch` holds the input in the layout of `layout`: `shape` itself, or another convolution of the same
    input (same channels, height, width and stride) with at least `shape`'s padding — a 1×1 stride-2 projection
    reads the scratch its block's 3×3 stride-2 convolution filled.

    `next` NULL: `output` is `[O][Ho][Wo]`. Otherwise `next` is a convolution of this output (`channels` O,
    `height` Ho, `width` Wo; stride 1, or stride 2 when Wo is not 8) and `output` its scratch: the values are
    written where `fovea_conv_fill_avx512` would put them (split by column phase for stride 2), so `next` can run
    on it without a fill (its padding, zero-filled once, is never written).

    `residual_layout` NULL: `residual` (if not NULL) is `[O][Ho][Wo]`. Otherwise `residual` is the scratch of
    `residual_layout`, a stride-1 convolution whose input has this output's shape (and Wo is not 8): an identity
    skip read from the scratch its block's first convolution was filled from. */
void fovea_conv_forward_filled_avx512(const fovea_conv_shape *shape, const fovea_conv_shape *layout,
                                      const float *scratch, const float *packed, const float *bias,
                                      const float *residual, const fovea_conv_shape *residual_layout, int relu,
                                      const fovea_conv_shape *next, float *output);

#endif
