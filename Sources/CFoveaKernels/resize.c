/* Pillow-exact 8-bit resize passes for FoveaImage, AVX2 and AVX-512; see include/fovea_resize.h for the contract
   (the Swift loops' integer arithmetic, so every level gives the same bits). */
#include "fovea_resize.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX512 __attribute__((target("avx2,avx512f,avx512bw")))
#define INLINE static inline __attribute__((always_inline))

static const int32_t half = 1 << 21;

INLINE int32_t clamp8(int32_t v) { return v < 0 ? 0 : v > 255 ? 255 : v; }
INLINE int32_t get(const void *p, int size, long i) {
    return size == 1 ? (int32_t)((const uint8_t *)p)[i] : ((const int32_t *)p)[i];
}
INLINE void put(void *p, int size, long i, int32_t v) {
    if (size == 1)
        ((uint8_t *)p)[i] = (uint8_t)v;
    else
        ((int32_t *)p)[i] = v;
}

/* Output pixels x0 ..< out_count one sample at a time (the vector loops' tails). */
static void h8_scalar(const void *row, int in_size, long ch, long x0, long out_count, long taps, const long *first,
                      const int32_t *weights, void *out, int out_size) {
    for (long x = x0; x < out_count; x++) {
        for (long c = 0; c < ch; c++) {
            uint32_t acc = (uint32_t)half;
            for (long k = 0; k < taps; k++)
                acc += (uint32_t)weights[k * out_count + x] * (uint32_t)get(row, in_size, (first[x] + k) * ch + c);
            put(out, out_size, x * ch + c, clamp8((int32_t)acc >> 22));
        }
    }
}

static void v8_scalar(const void *const *rows, int in_size, long taps, const int32_t *weights, long i0, long n,
                      void *out, int out_size) {
    for (long i = i0; i < n; i++) {
        uint32_t acc = (uint32_t)half;
        for (long k = 0; k < taps; k++) acc += (uint32_t)weights[k] * (uint32_t)get(rows[k], in_size, i);
        put(out, out_size, i, clamp8((int32_t)acc >> 22));
    }
}

/* MARK: AVX2, two output pixels (4 lanes each) per step */

INLINE AVX2 __m256i h_load2(const void *row, int in_size, long o0, long o1) {
    if (in_size == 1) {
        const uint8_t *r = row;
        int32_t a, b;
        memcpy(&a, r + o0, 4);
        memcpy(&b, r + o1, 4);
        return _mm256_cvtepu8_epi32(_mm_insert_epi32(_mm_cvtsi32_si128(a), b, 1));
    }
    const int32_t *r = row;
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(r + o0))),
                                   _mm_loadu_si128((const __m128i *)(r + o1)), 1);
}

INLINE AVX2 void h8_avx2_body(const void *row, int in_size, long ch, long out_count, long taps, const long *first,
                              const int32_t *weights, void *out, int out_size) {
    const __m256i bcast = _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1);
    const __m256i vhalf = _mm256_set1_epi32(half), zero = _mm256_setzero_si256(), top = _mm256_set1_epi32(255);
    /* Lane j·ch + c of the stored vector takes lane j·4 + c of the sums. */
    static const int32_t compact32[5][8] = {
        {0}, {0, 4, 0, 0, 0, 0, 0, 0}, {0, 1, 4, 5, 0, 0, 0, 0}, {0, 1, 2, 4, 5, 6, 0, 0}, {0, 1, 2, 3, 4, 5, 6, 7}};
    static const int8_t compact8[5][16] = {{0},
                                           {0, 4, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
                                           {0, 1, 4, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
                                           {0, 1, 2, 4, 5, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
                                           {0, 1, 2, 3, 4, 5, 6, 7, -1, -1, -1, -1, -1, -1, -1, -1}};
    const __m256i perm = _mm256_loadu_si256((const __m256i *)compact32[ch]);
    const __m128i shuffle = _mm_loadu_si128((const __m128i *)compact8[ch]);
    int32_t lanes[8];
    for (int j = 0; j < 8; j++) lanes[j] = j < 2 * ch ? -1 : 0;
    const __m256i mask = _mm256_loadu_si256((const __m256i *)lanes);
    long x = 0;
    for (; x + 2 <= out_count; x += 2) {
        if (out_size == 1 && x * ch + 8 > out_count * ch) break; /* the 8-byte store must stay in the row */
        long o0 = first[x] * ch, o1 = first[x + 1] * ch;
        const int32_t *w = weights + x;
        __m256i acc = vhalf;
        for (long k = 0; k < taps; k++) {
            __m256i s = h_load2(row, in_size, o0, o1);
            __m256i wv = _mm256_permutevar8x32_epi32(_mm256_castsi128_si256(_mm_loadl_epi64((const __m128i *)w)), bcast);
            acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(s, wv));
            o0 += ch;
            o1 += ch;
            w += out_count;
        }
        acc = _mm256_min_epi32(_mm256_max_epi32(_mm256_srai_epi32(acc, 22), zero), top);
        if (out_size == 4) {
            int32_t *o = (int32_t *)out + x * ch;
            if (ch == 4)
                _mm256_storeu_si256((__m256i *)o, acc);
            else
                _mm256_maskstore_epi32(o, mask, _mm256_permutevar8x32_epi32(acc, perm));
        } else {
            __m256i p = _mm256_packus_epi16(_mm256_packus_epi32(acc, acc), zero);
            __m128i b = _mm_unpacklo_epi32(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
            _mm_storel_epi64((__m128i *)((uint8_t *)out + x * ch), _mm_shuffle_epi8(b, shuffle));
        }
    }
    h8_scalar(row, in_size, ch, x, out_count, taps, first, weights, out, out_size);
}

AVX2 void fovea_resize_h8_avx2(const void *row, int in_size, long channels, long out_count, long taps,
                               const long *first, const int32_t *weights, void *out, int out_size) {
    /* Two taps (every bilinear upscale) byte to byte, with the tap count (and RGB's channel count) constant so
       the loop unrolls. */
    if (in_size == 1 && out_size == 1 && taps == 2 && channels == 3)
        h8_avx2_body(row, 1, 3, out_count, 2, first, weights, out, 1);
    else if (in_size == 1 && out_size == 1 && taps == 2)
        h8_avx2_body(row, 1, channels, out_count, 2, first, weights, out, 1);
    else if (in_size == 1 && out_size == 4)
        h8_avx2_body(row, 1, channels, out_count, taps, first, weights, out, 4);
    else if (in_size == 1)
        h8_avx2_body(row, 1, channels, out_count, taps, first, weights, out, 1);
    else if (out_size == 4)
        h8_avx2_body(row, 4, channels, out_count, taps, first, weights, out, 4);
    else
        h8_avx2_body(row, 4, channels, out_count, taps, first, weights, out, 1);
}

INLINE AVX2 void v8_avx2_body(const void *const *rows, int in_size, long taps, const int32_t *weights, long n,
                              void *out, int out_size) {
    const __m256i vhalf = _mm256_set1_epi32(half), zero = _mm256_setzero_si256(), top = _mm256_set1_epi32(255);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i acc = vhalf;
        for (long k = 0; k < taps; k++) {
            __m256i s = in_size == 1 ? _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)((const uint8_t *)rows[k] + i)))
                                     : _mm256_loadu_si256((const __m256i *)((const int32_t *)rows[k] + i));
            acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(s, _mm256_set1_epi32(weights[k])));
        }
        acc = _mm256_min_epi32(_mm256_max_epi32(_mm256_srai_epi32(acc, 22), zero), top);
        if (out_size == 4) {
            _mm256_storeu_si256((__m256i *)((int32_t *)out + i), acc);
        } else {
            __m128i p = _mm_packus_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
            _mm_storel_epi64((__m128i *)((uint8_t *)out + i), _mm_packus_epi16(p, p));
        }
    }
    v8_scalar(rows, in_size, taps, weights, i, n, out, out_size);
}

AVX2 void fovea_resize_v8_avx2(const void *const *rows, int in_size, long taps, const int32_t *weights, long n,
                               void *out, int out_size) {
    if (in_size == 1 && out_size == 1 && taps == 2)
        v8_avx2_body(rows, 1, 2, weights, n, out, 1);
    else if (in_size == 1 && out_size == 4)
        v8_avx2_body(rows, 1, taps, weights, n, out, 4);
    else if (in_size == 1)
        v8_avx2_body(rows, 1, taps, weights, n, out, 1);
    else if (out_size == 4)
        v8_avx2_body(rows, 4, taps, weights, n, out, 4);
    else
        v8_avx2_body(rows, 4, taps, weights, n, out, 1);
}

/* MARK: AVX-512, four output pixels (4 lanes each) per step; masked stores write exactly the row */

INLINE AVX512 __m512i h_load4(const void *row, int in_size, long o0, long o1, long o2, long o3) {
    if (in_size == 1) {
        const uint8_t *r = row;
        int32_t a, b, c, d;
        memcpy(&a, r + o0, 4);
        memcpy(&b, r + o1, 4);
        memcpy(&c, r + o2, 4);
        memcpy(&d, r + o3, 4);
        __m128i v = _mm_insert_epi32(_mm_insert_epi32(_mm_insert_epi32(_mm_cvtsi32_si128(a), b, 1), c, 2), d, 3);
        return _mm512_cvtepu8_epi32(v);
    }
    const int32_t *r = row;
    __m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(r + o0)));
    v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(r + o1)), 1);
    v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(r + o2)), 2);
    return _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(r + o3)), 3);
}

INLINE AVX512 void h8_avx512_body(const void *row, int in_size, long ch, long out_count, long taps,
                                  const long *first, const int32_t *weights, void *out, int out_size) {
    const __m512i bcast = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    const __m512i vhalf = _mm512_set1_epi32(half), zero = _mm512_setzero_si512(), top = _mm512_set1_epi32(255);
    int32_t lanes[16];
    int8_t bytes[16];
    for (int j = 0; j < 16; j++) {
        lanes[j] = j < 4 * ch ? (int32_t)((j / ch) * 4 + j % ch) : 0;
        bytes[j] = (int8_t)lanes[j];
    }
    const __m512i perm = _mm512_loadu_si512(lanes);
    const __m128i shuffle = _mm_loadu_si128((const __m128i *)bytes);
    const __mmask16 mask32 = (__mmask16)((1u << (4 * ch)) - 1);
    const __mmask64 mask8 = (1ull << (4 * ch)) - 1;
    long x = 0;
    for (; x + 4 <= out_count; x += 4) {
        long o0 = first[x] * ch, o1 = first[x + 1] * ch, o2 = first[x + 2] * ch, o3 = first[x + 3] * ch;
        const int32_t *w = weights + x;
        __m512i acc = vhalf;
        for (long k = 0; k < taps; k++) {
            __m512i s = h_load4(row, in_size, o0, o1, o2, o3);
            __m512i wv = _mm512_permutexvar_epi32(bcast, _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)w)));
            acc = _mm512_add_epi32(acc, _mm512_mullo_epi32(s, wv));
            o0 += ch;
            o1 += ch;
            o2 += ch;
            o3 += ch;
            w += out_count;
        }
        acc = _mm512_min_epi32(_mm512_max_epi32(_mm512_srai_epi32(acc, 22), zero), top);
        if (out_size == 4) {
            _mm512_mask_storeu_epi32((int32_t *)out + x * ch, mask32, _mm512_permutexvar_epi32(perm, acc));
        } else {
            __m128i b = _mm_shuffle_epi8(_mm512_cvtepi32_epi8(acc), shuffle);
            _mm512_mask_storeu_epi8((uint8_t *)out + x * ch, mask8, _mm512_castsi128_si512(b));
        }
    }
    h8_scalar(row, in_size, ch, x, out_count, taps, first, weights, out, out_size);
}

AVX512 void fovea_resize_h8_avx512(const void *row, int in_size, long channels, long out_count, long taps,
                                   const long *first, const int32_t *weights, void *out, int out_size) {
    /* Two taps (every bilinear upscale) byte to byte, with the tap count (and RGB's channel count) constant so
       the loop unrolls. */
    if (in_size == 1 && out_size == 1 && taps == 2 && channels == 3)
        h8_avx512_body(row, 1, 3, out_count, 2, first, weights, out, 1);
    else if (in_size == 1 && out_size == 1 && taps == 2)
        h8_avx512_body(row, 1, channels, out_count, 2, first, weights, out, 1);
    else if (in_size == 1 && out_size == 4)
        h8_avx512_body(row, 1, channels, out_count, taps, first, weights, out, 4);
    else if (in_size == 1)
        h8_avx512_body(row, 1, channels, out_count, taps, first, weights, out, 1);
    else if (out_size == 4)
        h8_avx512_body(row, 4, channels, out_count, taps, first, weights, out, 4);
    else
        h8_avx512_body(row, 4, channels, out_count, taps, first, weights, out, 1);
}

INLINE AVX512 void v8_avx512_body(const void *const *rows, int in_size, long taps, const int32_t *weights, long n,
                                  void *out, int out_size) {
    const __m512i vhalf = _mm512_set1_epi32(half), zero = _mm512_setzero_si512(), top = _mm512_set1_epi32(255);
    for (long i = 0; i < n; i += 16) {
        long left = n - i;
        __mmask16 m32 = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        __mmask64 m8 = left >= 16 ? 0xFFFFull : (1ull << left) - 1;
        __m512i acc = vhalf;
        for (long k = 0; k < taps; k++) {
            __m512i s = in_size == 1
                            ? _mm512_cvtepu8_epi32(_mm512_castsi512_si128(
                                  _mm512_maskz_loadu_epi8(m8, (const uint8_t *)rows[k] + i)))
                            : _mm512_maskz_loadu_epi32(m32, (const int32_t *)rows[k] + i);
            acc = _mm512_add_epi32(acc, _mm512_mullo_epi32(s, _mm512_set1_epi32(weights[k])));
        }
        acc = _mm512_min_epi32(_mm512_max_epi32(_mm512_srai_epi32(acc, 22), zero), top);
        if (out_size == 4)
            _mm512_mask_storeu_epi32((int32_t *)out + i, m32, acc);
        else
            _mm512_mask_storeu_epi8((uint8_t *)out + i, m8, _mm512_castsi128_si512(_mm512_cvtepi32_epi8(acc)));
    }
}

AVX512 void fovea_resize_v8_avx512(const void *const *rows, int in_size, long taps, const int32_t *weights, long n,
                                   void *out, int out_size) {
    if (in_size == 1 && out_size == 1 && taps == 2)
        v8_avx512_body(rows, 1, 2, weights, n, out, 1);
    else if (in_size == 1 && out_size == 4)
        v8_avx512_body(rows, 1, taps, weights, n, out, 4);
    else if (in_size == 1)
        v8_avx512_body(rows, 1, taps, weights, n, out, 1);
    else if (out_size == 4)
        v8_avx512_body(rows, 4, taps, weights, n, out, 4);
    else
        v8_avx512_body(rows, 4, taps, weights, n, out, 1);
}

/* MARK: OpenCV's 11-bit fixed point (ResizeKernels+OpenCV8.swift), AVX-512 */

static void cv_h8_scalar(const uint8_t *row, long ch, long x0, long out_count, long taps, const long *offsets,
                         const int16_t *pairs, int16_t *out) {
    for (long x = x0; x < out_count; x++) {
        for (long c = 0; c < ch; c++) {
            int32_t h = 0;
            for (long k = 0; k < taps; k++)
                h += (int32_t)pairs[((k / 2) * out_count + x) * 8 + k % 2] * row[offsets[x] + k * ch + c];
            out[x * ch + c] = (int16_t)(taps == 2 ? h >> 4 : (h + 16) >> 5);
        }
    }
}

INLINE AVX512 void cv_h8_avx512_body(const uint8_t *row, long readable, long ch, long out_count, long taps,
                                     const long *offsets, const int16_t *pairs, int16_t *out) {
    /* Per 128-bit lane, one pixel: its bytes s[0 .. 4·ch) as 16-bit pairs (s[k·ch + c], s[(k+1)·ch + c]), c < 4. */
    int8_t p01[64], p23[64];
    for (int j = 0; j < 64; j++) {
        int i = j % 16, c = i / 4, second = (i / 2) % 2, high = i % 2;
        p01[j] = high ? (int8_t)-1 : (int8_t)(c + second * ch);
        p23[j] = high ? (int8_t)-1 : (int8_t)(c + (2 + second) * ch);
    }
    const __m512i shuffle01 = _mm512_loadu_si512(p01), shuffle23 = _mm512_loadu_si512(p23);
    int16_t lanes[32];
    for (int j = 0; j < 32; j++) lanes[j] = j < 4 * ch ? (int16_t)((j / ch) * 4 + j % ch) : 0;
    const __m512i perm = _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)lanes));
    const __mmask32 mask = (__mmask32)((1u << (4 * ch)) - 1);
    const long load = taps == 2 ? 8 : 16;
    const __m512i round = _mm512_set1_epi32(taps == 2 ? 0 : 16);
    const __m512i qwords = _mm512_setr_epi64(0, 0, 1, 1, 2, 2, 3, 3);
    long x = 0;
    for (; x + 4 <= out_count && offsets[x + 3] + load <= readable; x += 4) {
        const uint8_t *a = row + offsets[x], *b = row + offsets[x + 1], *c = row + offsets[x + 2],
                      *d = row + offsets[x + 3];
        __m512i s;
        if (taps == 2) {
            __m128i ab = _mm_loadl_epi64((const __m128i *)a), cd = _mm_loadl_epi64((const __m128i *)c);
            int64_t bq, dq;
            memcpy(&bq, b, 8);
            memcpy(&dq, d, 8);
            ab = _mm_insert_epi64(ab, bq, 1);
            cd = _mm_insert_epi64(cd, dq, 1);
            s = _mm512_permutexvar_epi64(qwords, _mm512_castsi256_si512(_mm256_set_m128i(cd, ab)));
        } else {
            s = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)a));
            s = _mm512_inserti32x4(s, _mm_loadu_si128((const __m128i *)b), 1);
            s = _mm512_inserti32x4(s, _mm_loadu_si128((const __m128i *)c), 2);
            s = _mm512_inserti32x4(s, _mm_loadu_si128((const __m128i *)d), 3);
        }
        __m512i h = _mm512_madd_epi16(_mm512_shuffle_epi8(s, shuffle01), _mm512_loadu_si512(pairs + x * 8));
        if (taps == 4) {
            __m512i w23 = _mm512_loadu_si512(pairs + (out_count + x) * 8);
            h = _mm512_add_epi32(h, _mm512_madd_epi16(_mm512_shuffle_epi8(s, shuffle23), w23));
            h = _mm512_srai_epi32(_mm512_add_epi32(h, round), 5);
        } else {
            h = _mm512_srai_epi32(h, 4);
        }
        __m512i words = _mm512_castsi256_si512(_mm512_cvtepi32_epi16(h));
        _mm512_mask_storeu_epi16(out + x * ch, mask, _mm512_permutexvar_epi16(perm, words));
    }
    cv_h8_scalar(row, ch, x, out_count, taps, offsets, pairs, out);
}

AVX512 void fovea_resize_cv_h8_avx512(const uint8_t *row, long readable, long channels, long out_count, long taps,
                                      const long *offsets, const int16_t *pairs, int16_t *out) {
    if (taps == 2)
        cv_h8_avx512_body(row, readable, channels, out_count, 2, offsets, pairs, out);
    else
        cv_h8_avx512_body(row, readable, channels, out_count, 4, offsets, pairs, out);
}

INLINE AVX512 void cv_v8_avx512_body(const int16_t *const *rows, long taps, const int16_t *weights, long n,
                                     uint8_t *out) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i round = _mm512_set1_epi16(taps == 2 ? 2 : 10);
    __m512i w[4];
    for (long k = 0; k < taps; k++) w[k] = _mm512_set1_epi16(weights[k * 8]);
    for (long i = 0; i < n; i += 32) {
        long left = n - i;
        __mmask32 m = left >= 32 ? (__mmask32)0xFFFFFFFFu : (__mmask32)((1u << left) - 1);
        __m512i v = _mm512_mulhi_epi16(_mm512_maskz_loadu_epi16(m, rows[0] + i), w[0]);
        for (long k = 1; k < taps; k++)
            v = _mm512_add_epi16(v, _mm512_mulhi_epi16(_mm512_maskz_loadu_epi16(m, rows[k] + i), w[k]));
        v = _mm512_srai_epi16(_mm512_add_epi16(v, round), taps == 2 ? 2 : 4);
        __m256i bytes = _mm512_cvtusepi16_epi8(_mm512_max_epi16(v, zero));
        _mm512_mask_storeu_epi8(out + i, (__mmask64)m, _mm512_castsi256_si512(bytes));
    }
}

AVX512 void fovea_resize_cv_v8_avx512(const int16_t *const *rows, long taps, const int16_t *weights, long n,
                                      uint8_t *out) {
    if (taps == 2)
        cv_v8_avx512_body(rows, 2, weights, n, out);
    else
        cv_v8_avx512_body(rows, 4, weights, n, out);
}

#else /* not x86-64: never called (fovea_simd_level() is 0) */

void fovea_resize_h8_avx2(const void *row, int in_size, long channels, long out_count, long taps, const long *first,
                          const int32_t *weights, void *out, int out_size) {
    (void)row; (void)in_size; (void)channels; (void)out_count; (void)taps; (void)first; (void)weights; (void)out;
    (void)out_size;
}
void fovea_resize_h8_avx512(const void *row, int in_size, long channels, long out_count, long taps,
                            const long *first, const int32_t *weights, void *out, int out_size) {
    (void)row; (void)in_size; (void)channels; (void)out_count; (void)taps; (void)first; (void)weights; (void)out;
    (void)out_size;
}
void fovea_resize_v8_avx2(const void *const *rows, int in_size, long taps, const int32_t *weights, long n, void *out,
                          int out_size) {
    (void)rows; (void)in_size; (void)taps; (void)weights; (void)n; (void)out; (void)out_size;
}
void fovea_resize_v8_avx512(const void *const *rows, int in_size, long taps, const int32_t *weights, long n,
                            void *out, int out_size) {
    (void)rows; (void)in_size; (void)taps; (void)weights; (void)n; (void)out; (void)out_size;
}
void fovea_resize_cv_h8_avx512(const uint8_t *row, long readable, long channels, long out_count, long taps,
                               const long *offsets, const int16_t *pairs, int16_t *out) {
    (void)row; (void)readable; (void)channels; (void)out_count; (void)taps; (void)offsets; (void)pairs; (void)out;
}
void fovea_resize_cv_v8_avx512(const int16_t *const *rows, long taps, const int16_t *weights, long n, uint8_t *out) {
    (void)rows; (void)taps; (void)weights; (void)n; (void)out;
}
#endif
