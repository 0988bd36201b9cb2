#ifndef FOVEA_PEAK_H
#define FOVEA_PEAK_H
/* A short probe of the FP32 fused multiply-add peak of one core, for benchmark figures that report a share of it.

   The probe runs 12 independent accumulator chains of `acc = acc · b + c` (12 chains cover the FMA latency of
   current x86 cores, 4 cycles × 2 pipes, with room to spare) on the widest vectors the CPU has (CPUID; not capped
   by `FOVEA_SIMD_LEVEL`, since the figure is the hardware's): AVX-512F (16 lanes), else AVX2 + FMA (8 lanes),
   else scalar multiply-add. It counts 2 FLOP per lane per FMA and times each run with the thread's CPU clock;
   the best of 10 short runs is returned, so a run slowed by another process does not lower the figure. */

/** The measured FP32 peak of the calling thread in GFLOP/s (10⁹ floating-point operations per second; one FMA
    lane = 2), over about `milliseconds` ms of probing in total (10 runs; 100 is plenty). `lanes`, if not NULL,
    receives the vector width used (16, 8 or 1). */
double fovea_fma_peak_gflops(int milliseconds, int *lanes);

#endif
