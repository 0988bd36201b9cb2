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

    /// Caps the kernels in use at the portable Swift loops (`false`) or allows AVX2 (`true`, where the CPU has
    /// it); returns whether the AVX2 loops are now in use. For tests comparing both paths.
    @discardableResult
    static func allow(_ wide: Bool) -> Bool { fovea_set_simd_level(wide ? 1 : 0) >= 1 }
}
