/* Direct convolution for FoveaNN's inference path; see include/fovea_conv.h for the contract. */
#include "fovea_conv.h"

#include <string.h>

/* Floats per padded row of one column phase: the widest phase, or the last output vector's reach (16 lanes from
   the last output column, plus the kernel's reach in that phase), whichever is longer. */
static long phase_width(const fovea_conv_shape *s) {
    long padded = s->width + 2 * s->padding;
    long phases = (padded + s->stride - 1) / s->stride;
    long reach = s->output_width + (s->kernel - 1) / s->stride;
    return (phases > reach ? phases : reach) + 16;
}

/* Padded rows, plus `2·stride` rows of slack: the two-row vectors of an 8-wide output read one output row past
   the last when the output height is odd (those lanes are never stored). */
static long padded_rows(const fovea_conv_shape *s) { return s->height + 2 * s->padding + 2 * s->stride; }

size_t fovea_conv_packed_count(const fovea_conv_shape *s) {
    return (size_t)((s->output_channels + 15) / 16) * (size_t)(s->channels * s->kernel * s->kernel) * 16;
}

void fovea_conv_pack(const fovea_conv_shape *s, const float *weights, float *packed) {
    long taps = s->channels * s->kernel * s->kernel;
    long blocks = (s->output_channels + 15) / 16;
    for (long b = 0; b < blocks; b++)
        for (long t = 0; t < taps; t++)
            for (long j = 0; j < 16; j++) {
                long o = b * 16 + j;
                packed[(b * taps + t) * 16 + j] = o < s->output_channels ? weights[o * taps + t] : 0.0f;
            }
}

size_t fovea_conv_scratch_count(const fovea_conv_shape *s) {
    return (size_t)(s->channels * padded_rows(s) * s->stride * phase_width(s)) + 16;
}

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

/* Zero-padded, phase-split copy: padded column j of padded row r of channel c is at
   c·plane + r·(S·Wq) + (j mod S)·Wq + j / S. Only the input's own positions are written (the same ones every
   call), so the zeros the caller put around them stay. */
static void fill_scratch(const fovea_conv_shape *s, const float *input, float *scratch) {
    long S = s->stride, P = s->padding, Wq = phase_width(s);
    long row = S * Wq, plane = padded_rows(s) * row;
    for (long c = 0; c < s->channels; c++)
        for (long y = 0; y < s->height; y++) {
            const float *from = input + (c * s->height + y) * s->width;
            float *to = scratch + c * plane + (y + P) * row;
            if (S == 1) {
                memcpy(to + P, from, (size_t)s->width * sizeof(float));
            } else {
                long phase = P % S, q = P / S; /* padded column j = x + P = q·S + phase */
                for (long x = 0; x < s->width; x++) {
                    to[phase * Wq + q] = from[x];
                    if (++phase == S) phase = 0, q++;
                }
            }
        }
}

/* 16 output channels of one 16-lane output vector: lanes are 16 columns of output row `oy` from `ox0`, or (`two`)
   8 columns of rows `oy` and `oy + 1` (an 8-wide output). `lanes` of them are stored, at output + o·plane + at. */
static inline __attribute__((always_inline)) AVX512 void tile(
    const fovea_conv_shape *s, const float *scratch, const long *taps, const float *weights, const float *bias,
    long channels, long oy, long ox0, const int two, long at, long lanes, const float *residual, int relu,
    float *output) {
    long S = s->stride, KK = s->kernel * s->kernel, Wq = phase_width(s);
    long row = S * Wq, plane = padded_rows(s) * row, outPlane = s->output_height * s->output_width;
    const float *base = scratch + oy * S * row + ox0;
    __m512 acc[16];
#pragma clang loop unroll(full)
    for (int j = 0; j < 16; j++) acc[j] = _mm512_set1_ps(j < channels ? bias[j] : 0.0f);
    const float *w = weights;
    for (long c = 0; c < s->channels; c++) {
        const float *r = base + c * plane;
        for (long t = 0; t < KK; t++) {
            {
                const float *p = r + taps[t];
                __m512 x;
                if (two) {
                    __m256 lo = _mm256_loadu_ps(p), hi = _mm256_loadu_ps(p + S * row);
                    x = _mm512_castpd_ps(
                        _mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(lo)), _mm256_castps_pd(hi), 1));
                } else {
                    x = _mm512_loadu_ps(p);
                }
#pragma clang loop unroll(full)
                for (int j = 0; j < 16; j++) acc[j] = _mm512_fmadd_ps(x, _mm512_set1_ps(w[j]), acc[j]);
                w += 16;
            }
        }
    }
    __mmask16 mask = (__mmask16)((1u << lanes) - 1u);
    __m512 zero = _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int j = 0; j < 16; j++) {
        if (j < channels) {
            __m512 v = acc[j];
            if (residual) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, residual + j * outPlane + at));
            if (relu) v = _mm512_max_ps(v, zero);
            _mm512_mask_storeu_ps(output + j * outPlane + at, mask, v);
        }
    }
}

AVX512 void fovea_conv_forward_avx512(const fovea_conv_shape *s, const float *input, const float *packed,
                                      const float *bias, const float *residual, int relu, float *scratch,
                                      float *output) {
    fill_scratch(s, input, scratch);
    long Ho = s->output_height, Wo = s->output_width, outPlane = Ho * Wo;
    long K = s->kernel, S = s->stride, Wq = phase_width(s);
    long taps = s->channels * K * K;
    /* Where tap (ky, kx) reads, from the window's top-left in the padded plane (no division in the loops). */
    long offsets[K * K];
    for (long ky = 0; ky < K; ky++)
        for (long kx = 0; kx < K; kx++) offsets[ky * K + kx] = ky * S * Wq + (kx % S) * Wq + kx / S;
    long blocks = (s->output_channels + 15) / 16;
    for (long b = 0; b < blocks; b++) {
        const float *w = packed + b * taps * 16;
        long channels = s->output_channels - b * 16 < 16 ? s->output_channels - b * 16 : 16;
        const float *bb = bias + b * 16;
        const float *rb = residual ? residual + b * 16 * outPlane : NULL;
        float *ob = output + b * 16 * outPlane;
        if (Wo == 8) {
            for (long oy = 0; oy < Ho; oy += 2)
                tile(s, scratch, offsets, w, bb, channels, oy, 0, 1, oy * 8, oy + 1 < Ho ? 16 : 8, rb, relu, ob);
        } else {
            for (long oy = 0; oy < Ho; oy++)
                for (long ox0 = 0; ox0 < Wo; ox0 += 16)
                    tile(s, scratch, offsets, w, bb, channels, oy, ox0, 0, oy * Wo + ox0, Wo - ox0 < 16 ? Wo - ox0 : 16, rb,
                         relu, ob);
        }
    }
}

#else /* not x86-64: never called (fovea_simd_level() is 0) */

void fovea_conv_forward_avx512(const fovea_conv_shape *s, const float *input, const float *packed,
                               const float *bias, const float *residual, int relu, float *scratch, float *output) {
    (void)s, (void)input, (void)packed, (void)bias, (void)residual, (void)relu, (void)scratch, (void)output;
}

#endif
