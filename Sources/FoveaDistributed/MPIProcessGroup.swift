import CFoveaMPI
import Foundation
import FoveaNN

/// `MPI_COMM_WORLD` as a `FoveaNN.ProcessGroup`: the processes `mpirun -n R` started, with Open MPI loaded at
/// run time (see the module's README for why it is not linked).
///
/// Gathers go through `MPI_Allgatherv` in bytes and are never reductions, so no number is added in an order
/// the MPI library chooses. Calls are collective and must come from one thread at a time
/// (`MPI_THREAD_SERIALIZED`).
public final class MPIProcessGroup: ProcessGroup, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    private let lock = NSLock()

    /// The most bytes one gather may move in total (MPI's counts and displacements are 32-bit).
    public static let maximumGatherBytes = Int(Int32.max)

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// The library names tried, in order: `FOVEA_LIBMPI` when set, then Open MPI's soname (Debian's
    /// `libopenmpi3`/`libopenmpi-dev`) and the macOS names.
    public static func libraryCandidates(environment: [String: String]) -> [String] {
        (environment["FOVEA_LIBMPI"].map { [$0] } ?? []) + [
            "libmpi.so.40", "libmpi.so", "libmpi.40.dylib", "libmpi.dylib",
        ]
    }

    /// Whether this process was started by an MPI launcher (`mpirun`, `mpiexec`, `srun --mpi`): Open MPI's
    /// `OMPI_COMM_WORLD_SIZE`, PMIx's `PMIX_RANK` or PMI's `PMI_SIZE` is set.
    public static func isLaunchedByMPI(environment: [String: String]) -> Bool {
        ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"].contains { environment[$0] != nil }
    }

    /// The world group, initialising MPI on first use (once per process; later calls return the same group).
    /// - Throws: ``MPIError`` when libmpi cannot be loaded or `MPI_Init_thread` fails.
    public static func world() throws(MPIError) -> MPIProcessGroup { try shared.get() }

    private static let shared: Result<MPIProcessGroup, MPIError> = {
        // A rank waiting in a gather yields its core instead of spinning (unless the user chose otherwise): each
        // rank also runs loader threads, and ranks often share cores; spinning made 2 ranks 4× slower than one
        // process on this 2-core machine under load, yielding made them faster (docs/scale-out).
        setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0)
        let candidates = libraryCandidates(environment: ProcessInfo.processInfo.environment)
        var message = [CChar](repeating: 0, count: 1024)
        let strings = candidates.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        let loaded = (strings.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { names in
            fovea_mpi_load(names.baseAddress, &message, message.count)
        }
        guard loaded == 0 else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(.libraryMissing(tried: candidates, reason: reason))
        }
        var (rank, size): (Int32, Int32) = (0, 0)
        let code = fovea_mpi_init(&rank, &size)
        guard code == 0 else { return .failure(.initialisationFailed(code: Int(code))) }
        return .success(MPIProcessGroup(rank: Int(rank), size: Int(size)))
    }()

    public func allGather(_ local: UnsafeRawBufferPointer, counts: [Int], into all: UnsafeMutableRawBufferPointer) {
        let total = counts.reduce(0, +)
        precondition(
            counts.count == size && local.count == counts[rank] && all.count == total,
            "gather of \(local.count) bytes from process \(rank) with counts \(counts) into \(all.count) bytes")
        precondition(
            total <= Self.maximumGatherBytes,
            "one gather of \(total) bytes is more than MPI's \(Self.maximumGatherBytes) (checked before training)")
        var displacements = [Int32](repeating: 0, count: size)
        for p in 1..<max(1, size) { displacements[p] = displacements[p - 1] + Int32(counts[p - 1]) }
        let counts32 = counts.map { Int32($0) }
        // MPI reads no byte of an empty block, but wants a valid address; `all` may be empty too.
        var spare: UInt8 = 0
        let code = lock.withLock {
            withUnsafeMutablePointer(to: &spare) { spare in
                fovea_mpi_allgatherv(
                    local.baseAddress ?? UnsafeRawPointer(spare), Int32(local.count),
                    all.baseAddress ?? UnsafeMutableRawPointer(spare),
                    counts32, displacements)
            }
        }
        // MPI_COMM_WORLD's default handler (MPI_ERRORS_ARE_FATAL) aborts the job before a failure returns here.
        precondition(code == 0, "MPI_Allgatherv failed with MPI error \(code)")
    }

    /// `MPI_Finalize`: call once, after the last collective call, on every process.
    public func finalize() {
        lock.withLock { _ = fovea_mpi_finalize() }
    }

    /// `MPI_Abort`: ends every process of the job at once with exit status `code`.
    public func abort(code: Int32) -> Never {
        fovea_mpi_abort(code)
        exit(code)
    }
}

/// Why MPI could not be started.
public enum MPIError: Error, Sendable, CustomStringConvertible, Equatable {
    /// No Open MPI library could be loaded.
    case libraryMissing(tried: [String], reason: String)
    /// `MPI_Init_thread` (or the rank and size queries after it) returned this MPI error code.
    case initialisationFailed(code: Int)

    public var description: String {
        switch self {
        case .libraryMissing(let tried, let reason):
            return "this process was started by mpirun, but no Open MPI library could be loaded (tried "
                + "\(tried.joined(separator: ", ")): \(reason); install Open MPI (Debian: apt-get install "
                + "libopenmpi-dev openmpi-bin) or set FOVEA_LIBMPI to the path of libmpi.so"
        case .initialisationFailed(let code):
            return "MPI_Init_thread failed with MPI error \(code)"
        }
    }
}
