#ifndef FOVEA_NOISE_H
#define FOVEA_NOISE_H
/* Steps of FoveaAugment's Gaussian noise (Image+Photometric.swift): the same bits as the Swift code. */

#include <stdint.h>

/** `z[2j] = radius[j]·cos(angle[j])` and `z[2j + 1] = radius[j]·sin(angle[j])` for `j < pairs`, in Float, the
    last sine dropped when `count` (the number of values wanted) is odd. With glibc one `sincosf` gives both (the
    same bits as `sinf` and `cosf`: checked over every angle the noise draws, and by ImagePhotometricTests);
    elsewhere `sinf` and `cosf`. */
void fovea_noise_polar(const float *radius, const float *angle, long pairs, long count, float *z);

/** The uniforms of pairs `first`, `first + 1`, … of the noise stream with `key`, as Image+Photometric.swift's
    `uniformPair` computes them: `x = mix(key + n·0x9E3779B97F4A7C15)` (RandomStream.mix),
    `u1[j] = (⌊x / 2⁴⁰⌋ + 1)·2⁻²⁴` and `angle[j] = two_pi·((⌊x / 2¹⁶⌋ mod 2²⁴)·2⁻²⁴)` in Float (every step exact
    but the last product, rounded once as in Swift). Level 2 with AVX-512 DQ only; returns how many pairs it
    wrote (a multiple of 8; 0 otherwise), the caller computes the rest. */
long fovea_noise_uniforms(uint64_t key, uint64_t first, long pairs, float two_pi, float *u1, float *angle);

#endif
