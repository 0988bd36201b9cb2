import XCTest

@testable import FoveaDistributed

/// The parts of `MPIProcessGroup` that need no launcher; the group itself is exercised under `mpirun` by
/// `FoveaCLITests.DataParallelTests` (R = 1, 2, 3 ranks training one model).
final class MPIProcessGroupTests: XCTestCase {
    func testALauncherIsRecognisedByOpenMPIPMIxOrPMIVariables() {
        XCTAssertFalse(MPIProcessGroup.isLaunchedByMPI(environment: ["PATH": "/usr/bin", "SLURM_ARRAY_TASK_ID": "3"]))
        XCTAssertTrue(MPIProcessGroup.isLaunchedByMPI(environment: ["OMPI_COMM_WORLD_SIZE": "2"]))
        XCTAssertTrue(MPIProcessGroup.isLaunchedByMPI(environment: ["PMIX_RANK": "0"]))
        XCTAssertTrue(MPIProcessGroup.isLaunchedByMPI(environment: ["PMI_SIZE": "4"]))
    }

    func testFOVEA_LIBMPIIsTriedBeforeOpenMPIsSoname() {
        XCTAssertEqual(MPIProcessGroup.libraryCandidates(environment: [:]).first, "libmpi.so.40")
        XCTAssertEqual(
            MPIProcessGroup.libraryCandidates(environment: ["FOVEA_LIBMPI": "/opt/ompi/lib/libmpi.so"]).prefix(2),
            ["/opt/ompi/lib/libmpi.so", "libmpi.so.40"])
    }

    func testAMissingLibraryMessageSaysWhatToInstall() {
        let message = MPIError.libraryMissing(
            tried: ["libmpi.so.40"], reason: "libmpi.so.40: cannot open shared object file"
        )
        .description
        XCTAssertTrue(message.contains("apt-get install libopenmpi-dev openmpi-bin"), message)
        XCTAssertTrue(message.contains("FOVEA_LIBMPI"), message)
        XCTAssertTrue(message.contains("cannot open shared object file"), message)
    }
}
