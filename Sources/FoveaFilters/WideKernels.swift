import CFoveaKernels

/// Whether the AVX2 row loops of the C target `CFoveaKernels` run instead of the portable Swift loops.
///
/// The package is built for baseline x86-64 (SSE2): Swift has no per-function target attribute, and a
/// `-target-cpu` flag would be an unsafe flag that also stops the binary on CPUs without AVX2. The C loops carry
/// `target("avx2")` and are called only when CPUID and XGETBV say the CPU and the OS support it. They do the
/// Swift loops' arithmetic in the same order (no fused multiply-add), so the choice never changes a result;
/// `WideKernelsTests` compares both paths bit for bit.
enum WideKernels {
    /// `true` when the AVX2 loops are in use (the CPU has them and no test capped the level). Cheap: two relaxed
    /// atomic loads; read once per band or row.
    static var available: Bool { fovea_simd_level() >= 1 }

    /// `true` when the AVX-512 BW loops (the medians: 64 byte lanes, 32 registers) are in use as well.
    static var avx512: Bool { fovea_simd_level() >= 2 }

    /// Caps the kernels in use: 0 the portable Swift loops, 1 AVX2, 2 AVX2 and AVX-512 BW (never above what the
    /// CPU has); returns the level now in use. For tests comparing the paths.
    @discardableResult
    static func cap(at level: Int) -> Int { Int(fovea_set_simd_level(Int32(level))) }
}
