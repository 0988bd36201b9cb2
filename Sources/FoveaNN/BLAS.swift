#if canImport(Accelerate)
    import Accelerate
#elseif canImport(CBLAS)
    import CBLAS
#endif

/// Row-major single-precision matrix products on the platform BLAS (OpenBLAS on Linux, Accelerate on macOS).
///
/// Fovea parallelises over the batch itself, in a partition fixed independently of the thread count, so the
/// BLAS is always asked to run on one thread: that keeps every product's summation order, and therefore every
/// result bit, independent of how many threads train the model.
enum BLAS {
    /// Pins the BLAS to one thread; evaluated once, on first use.
    private static let singleThreaded: Bool = {
        #if !canImport(Accelerate) && canImport(CBLAS)
            openblas_set_num_threads(1)
        #endif
        return true
    }()

    /// Makes sure the BLAS runs single-threaded before the first product.
    static func configure() {
        _ = singleThreaded
    }

    /// `C = alpha · op(A) · op(B) + beta · C` with row-major storage.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row strides of the
    /// matrices as stored (before transposition).
    @inline(__always)
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        #if canImport(Accelerate)
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        #else
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        #endif
    }
}
