/* Direct convolution for FoveaNN's inference path; see include/fovea_conv.h for the contract. */
#include "fovea_conv.h"

#include <string.h>

/* Floats per padded row of one column phase: the widest phase, or the last output column's reach in a phase
   (plus the kernel's), whichever is longer. A vector's lanes past the last output column read on into the next
   phase or row (finite values, never stored); `fovea_conv_scratch_count`'s 16 spare floats cover the last. */
static long phase_width(const fovea_conv_shape *s) {
    long padded = s->width + 2 * s->padding;
    long phases = (padded + s->stride - 1) / s->stride;
    long reach = s->output_width + (s->kernel - 1) / s->stride;
    return phases > reach ? phases : reach;
}

/* Padded rows, plus `2·stride` rows of slack: the two-row vectors of an 8-wide output read one output row past
   the last when the output height is odd (those lanes are never stored). */
static long padded_rows(const fovea_conv_shape *s) { return s->height + 2 * s->padding + 2 * s->stride; }

/* Output channels per block: at most 6 (4 output vectors × 6 channels = 24 accumulators), spread evenly, so that
   every block has ⌊O/n⌋ or ⌈O/n⌉ channels (n = ⌈O/6⌉ blocks; 16 → 6 + 5 + 5). Block `b` starts at channel
   b·q + min(b, extra). */
#define BLOCK_MAX 6
static void block_range(long outputs, long b, long *first, long *count) {
    long n = (outputs + BLOCK_MAX - 1) / BLOCK_MAX, q = outputs / n, extra = outputs % n;
    *first = b * q + (b < extra ? b : extra);
    *count = q + (b < extra ? 1 : 0);
}
static long block_count(long outputs) { return (outputs + BLOCK_MAX - 1) / BLOCK_MAX; }

size_t fovea_conv_packed_count(const fovea_conv_shape *s) {
    return (size_t)(s->output_channels * s->channels * s->kernel * s->kernel);
}

void fovea_conv_pack(const fovea_conv_shape *s, const float *weights, float *packed) {
    long taps = s->channels * s->kernel * s->kernel;
    for (long b = 0; b < block_count(s->output_channels); b++) {
        long first, count;
        block_range(s->output_channels, b, &first, &count);
        for (long t = 0; t < taps; t++)
            for (long j = 0; j < count; j++) packed[first * taps + t * count + j] = weights[(first + j) * taps + t];
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
static AVX512 void fill_scratch(const fovea_conv_shape *s, const float *input, float *scratch) {
    long S = s->stride, P = s->padding, Wq = phase_width(s), W = s->width;
    long row = S * Wq, plane = padded_rows(s) * row;
    /* Stride 2: the even input columns x = 2i go to padded column x + P, the odd ones to x + 1 + P. */
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512i evens_then_odds = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
    for (long c = 0; c < s->channels; c++)
        for (long y = 0; y < s->height; y++) {
            const float *from = input + (c * s->height + y) * W;
            float *to = scratch + c * plane + (y + P) * row;
            if (S == 1) {
                long x = 0;
                for (; x + 16 <= W; x += 16) _mm512_storeu_ps(to + P + x, _mm512_loadu_ps(from + x));
                if (x < W) memcpy(to + P + x, from + x, (size_t)(W - x) * sizeof(float));
            } else if (S == 2) {
                float *even = to + (P % 2) * Wq + P / 2, *odd = to + ((P + 1) % 2) * Wq + (P + 1) / 2;
                long x = 0;
                for (; x + 32 <= W; x += 32) {
                    __m512 a = _mm512_loadu_ps(from + x), b = _mm512_loadu_ps(from + x + 16);
                    _mm512_storeu_ps(even + x / 2, _mm512_permutex2var_ps(a, evens, b));
                    _mm512_storeu_ps(odd + x / 2, _mm512_permutex2var_ps(a, odds, b));
                }
                if (x + 16 <= W) {
                    __m512 a = _mm512_permutexvar_ps(evens_then_odds, _mm512_loadu_ps(from + x));
                    _mm256_storeu_ps(even + x / 2, _mm512_castps512_ps256(a));
                    _mm256_storeu_ps(odd + x / 2, _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
                    x += 16;
                }
                for (; x < W; x++) (x % 2 ? odd : even)[x / 2] = from[x];
            } else {
                long phase = P % S, q = P / S; /* padded column j = x + P = q·S + phase */
                for (long x = 0; x < W; x++) {
                    to[phase * Wq + q] = from[x];
                    if (++phase == S) phase = 0, q++;
                }
            }
        }
}

/* Where one output vector reads and writes: its window's top-left in a scratch plane, its first output position
   in a dense output plane (`at`, where the residual is read), and its lanes (`lanes` of them) in the destination
   plane: all at `to`, or (see `tile_layout.store`) the lanes of `first` at `to` and those of `second` at `to2`. */
typedef struct {
    long from, at, to, to2, lanes;
    __mmask16 first, second;
} vector_place;

/* How a tile stores a vector: whole, in two halves (a two-row vector's rows `to` and `to2` apart), or split by
   column parity into the two phases of a stride-2 scratch (even lanes first, then odd). */
enum { STORE_WHOLE, STORE_HALVES, STORE_PHASES };

/* What a tile needs besides its places: the input channels, the scratch's plane and second-row distance (in the
   layout the scratch was filled for), the residual's plane, the destination's plane and how it is stored. */
typedef struct {
    long channels, plane, second, residual_plane, output_plane;
    int store;
} tile_layout;

/* `Q` output channels of `P` output vectors: P·Q accumulators (`weights`, `bias`, `residual` and `output` start
   at the block's first channel). A vector's lanes are 16 columns of
   one output row, or (`two`) 8 columns of two rows (an 8-wide output). Per tap the P input vectors are loaded once
   and each of the Q weights broadcast once, for P·Q fused multiply-adds. Each accumulator starts at the bias and
   adds the taps in order c, ky, kx: the same arithmetic whatever P and Q. */
static inline __attribute__((always_inline)) AVX512 void tile(
    const tile_layout *l, long KK, const float *scratch, const long *taps, const float *weights, const float *bias,
    const vector_place *places, const int P, const int Q, const int two, const float *residual, int relu,
    float *output) {
    long plane = l->plane, second = l->second, outPlane = l->residual_plane, toPlane = l->output_plane;
    const __m512i evens_then_odds = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
    __m512 acc[4][BLOCK_MAX];
    const float *r[4];
#pragma clang loop unroll(full)
    for (int i = 0; i < P; i++) {
        r[i] = scratch + places[i].from;
#pragma clang loop unroll(full)
        for (int j = 0; j < Q; j++) acc[i][j] = _mm512_set1_ps(bias[j]);
    }
    const float *w = weights;
    for (long c = 0; c < l->channels; c++) {
        for (long t = 0; t < KK; t++) {
            long tap = taps[t];
            __m512 x[4];
#pragma clang loop unroll(full)
            for (int i = 0; i < P; i++) {
                const float *p = r[i] + tap;
                if (two) {
                    x[i] = _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(p))),
                                                               _mm256_castps_pd(_mm256_loadu_ps(p + second)), 1));
                } else {
                    x[i] = _mm512_loadu_ps(p);
                }
            }
#pragma clang loop unroll(full)
            for (int j = 0; j < Q; j++) {
                __m512 wj = _mm512_set1_ps(w[j]);
#pragma clang loop unroll(full)
                for (int i = 0; i < P; i++) acc[i][j] = _mm512_fmadd_ps(x[i], wj, acc[i][j]);
            }
            w += Q;
        }
#pragma clang loop unroll(full)
        for (int i = 0; i < P; i++) r[i] += plane;
    }
    __m512 zero = _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int i = 0; i < P; i++) {
        __mmask16 mask = (__mmask16)((1u << places[i].lanes) - 1u);
        long at = places[i].at, to = places[i].to, to2 = places[i].to2;
        __mmask16 first = places[i].first, later = places[i].second;
#pragma clang loop unroll(full)
        for (int j = 0; j < Q; j++) {
            __m512 v = acc[i][j];
            if (residual) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, residual + j * outPlane + at));
            if (relu) v = _mm512_max_ps(v, zero);
            float *o = output + j * toPlane;
            if (l->store == STORE_WHOLE) {
                _mm512_mask_storeu_ps(o + to, mask, v);
            } else {
                if (l->store == STORE_PHASES) v = _mm512_permutexvar_ps(evens_then_odds, v);
                _mm512_mask_storeu_ps(o + to, first, v);
                _mm512_mask_storeu_ps(o + to2, later, v);
            }
        }
    }
}

#define TILE_Q(P, Q, TWO) \
    static AVX512 void tile_##P##_##Q##_##TWO(const tile_layout *l, long KK, const float *scratch, const long *taps, \
                                             const float *weights, const float *bias, const vector_place *places, \
                                             const float *residual, int relu, float *output) { \
        tile(l, KK, scratch, taps, weights, bias, places, P, Q, TWO, residual, relu, output); \
    }
#define TILE_P(P, TWO) TILE_Q(P, 1, TWO) TILE_Q(P, 2, TWO) TILE_Q(P, 3, TWO) TILE_Q(P, 4, TWO) TILE_Q(P, 5, TWO) \
    TILE_Q(P, 6, TWO)
#define TILES(TWO) TILE_P(1, TWO) TILE_P(2, TWO) TILE_P(3, TWO) TILE_P(4, TWO)
TILES(0)
TILES(1)

typedef void (*tile_function)(const tile_layout *, long, const float *, const long *, const float *, const float *,
                              const vector_place *, const float *, int, float *);
#define ROW(P, TWO) \
    { tile_##P##_1_##TWO, tile_##P##_2_##TWO, tile_##P##_3_##TWO, tile_##P##_4_##TWO, tile_##P##_5_##TWO, \
      tile_##P##_6_##TWO }
/* [two][P − 1][Q − 1] */
static const tile_function tiles[2][4][BLOCK_MAX] = {{ROW(1, 0), ROW(2, 0), ROW(3, 0), ROW(4, 0)},
                                                     {ROW(1, 1), ROW(2, 1), ROW(3, 1), ROW(4, 1)}};

AVX512 void fovea_conv_fill_avx512(const fovea_conv_shape *s, const float *input, float *scratch) {
    fill_scratch(s, input, scratch);
}

AVX512 void fovea_conv_forward_filled_avx512(const fovea_conv_shape *s, const fovea_conv_shape *layout,
                                             const float *scratch, const float *packed, const float *bias,
                                             const float *residual, const fovea_conv_shape *residual_layout,
                                             int relu, const fovea_conv_shape *next, float *output) {
    long Ho = s->output_height, Wo = s->output_width, outPlane = Ho * Wo;
    long K = s->kernel, S = s->stride, Wq = phase_width(layout), row = S * Wq;
    long taps = s->channels * K * K;
    /* Where tap (ky, kx) reads, from the window's top-left in the padded plane (no division in the loops); a
       wider padding in `layout` moves every tap d rows down and d columns right. */
    long d = layout->padding - s->padding;
    long offsets[K * K];
    for (long ky = 0; ky < K; ky++)
        for (long kx = 0; kx < K; kx++)
            offsets[ky * K + kx] = (ky + d) * row + ((kx + d) % S) * Wq + (kx + d) / S;
    /* The destination: a dense [O][Ho][Wo] plane, or `next`'s scratch, where output (oy, ox) is padded column
       j = ox + P of padded row oy + P (P = next's padding), phase j mod S, column j / S of the phase. */
    int two = Wo == 8;
    long nextS = next ? next->stride : 1, nextP = next ? next->padding : 0;
    long nextWq = next ? phase_width(next) : Wo, pitch = nextS * nextWq;
    long toPlane = next ? padded_rows(next) * pitch : outPlane;
    int store = !next ? STORE_WHOLE : nextS == 2 ? STORE_PHASES : two ? STORE_HALVES : STORE_WHOLE;
    /* The residual: dense [O][Ho][Wo], or the padded interior of `residual_layout`'s scratch (stride 1). */
    long residualP = residual_layout ? residual_layout->padding : 0;
    long residualPitch = residual_layout ? phase_width(residual_layout) : Wo;
    long residualPlane = residual_layout ? padded_rows(residual_layout) * residualPitch : outPlane;
    tile_layout l = {s->channels, padded_rows(layout) * row, S * row, residualPlane, toPlane, store};
    /* The output vectors of one plane, row by row. */
    long count = two ? (Ho + 1) / 2 : Ho * ((Wo + 15) / 16);
    vector_place places[count];
    long n = 0;
    if (two) {
        /* STORE_HALVES: the first 8 lanes at row oy, the next 8 one destination row down (8 floats on in a
           dense plane, where the vector is stored whole). */
        for (long oy = 0; oy < Ho; oy += 2) {
            long lanes = oy + 1 < Ho ? 16 : 8, to = (oy + nextP) * pitch + nextP;
            places[n++] = (vector_place){oy * S * row, oy * 8, to, to + pitch - 8, lanes, 0x00ff,
                                         (__mmask16)(lanes == 16 ? 0xff00 : 0)};
        }
    } else {
        for (long oy = 0; oy < Ho; oy++)
            for (long ox0 = 0; ox0 < Wo; ox0 += 16) {
                long lanes = Wo - ox0 < 16 ? Wo - ox0 : 16, rowAt = (oy + nextP) * pitch;
                long j = ox0 + nextP; /* the padded column of lane 0 */
                long at = (oy + residualP) * residualPitch + residualP + ox0;
                vector_place p = {oy * S * row + ox0, at, rowAt + j, 0, lanes, 0, 0};
                if (store == STORE_PHASES) {
                    /* Lanes 0, 2, 4… (columns j, j + 2…) are permuted to the first 8 and go to phase j mod 2 from
                       column j / 2; lanes 1, 3, 5… to the last 8, to phase (j + 1) mod 2 from (j + 1) / 2. */
                    long evens = (lanes + 1) / 2, odds = lanes / 2;
                    p.to = rowAt + (j % 2) * nextWq + j / 2;
                    p.to2 = rowAt + ((j + 1) % 2) * nextWq + (j + 1) / 2 - 8;
                    p.first = (__mmask16)((1u << evens) - 1u);
                    p.second = (__mmask16)(((1u << odds) - 1u) << 8);
                }
                places[n++] = p;
            }
    }
    for (long b = 0; b < block_count(s->output_channels); b++) {
        long first, channels;
        block_range(s->output_channels, b, &first, &channels);
        const float *w = packed + first * taps;
        const float *rb = residual ? residual + first * residualPlane : NULL;
        float *ob = output + first * toPlane;
        for (long v = 0; v < count; v += 4) {
            long P = count - v < 4 ? count - v : 4;
            tiles[two][P - 1][channels - 1](&l, K * K, scratch, offsets, w, bias + first, places + v, rb, relu, ob);
        }
    }
}

AVX512 void fovea_conv_forward_avx512(const fovea_conv_shape *s, const float *input, const float *packed,
                                      const float *bias, const float *residual, int relu, float *scratch,
                                      float *output) {
    fill_scratch(s, input, scratch);
    fovea_conv_forward_filled_avx512(s, s, scratch, packed, bias, residual, NULL, relu, NULL, output);
}

#else /* not x86-64: never called (fovea_simd_level() is 0) */

void fovea_conv_forward_avx512(const fovea_conv_shape *s, const float *input, const float *packed,
                               const float *bias, const float *residual, int relu, float *scratch, float *output) {
    (void)s, (void)input, (void)packed, (void)bias, (void)residual, (void)relu, (void)scratch, (void)output;
}

void fovea_conv_fill_avx512(const fovea_conv_shape *s, const float *input, float *scratch) {
    (void)s, (void)input, (void)scratch;
}

void fovea_conv_forward_filled_avx512(const fovea_conv_shape *s, const fovea_conv_shape *layout,
                                      const float *scratch, const float *packed, const float *bias,
                                      const float *residual, const fovea_conv_shape *residual_layout, int relu,
                                      const fovea_conv_shape *next, float *output) {
    (void)s, (void)layout, (void)scratch, (void)packed, (void)bias, (void)residual, (void)residual_layout,
        (void)relu, (void)next, (void)output;
}

#endif
