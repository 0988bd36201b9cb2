// FoveaDistributed — the MPI transport of data-parallel training: `MPIProcessGroup`, FoveaNN's `ProcessGroup`
// on MPI_COMM_WORLD, with Open MPI loaded at run time by the CFoveaMPI shim.
//
// Design notes (the options rejected, and why): FoveaDistributed.docc/FoveaDistributed.md.
@_exported import FoveaNN
