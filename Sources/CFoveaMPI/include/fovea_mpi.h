// Open MPI reached through dlopen: the few MPI calls data-parallel training needs, with no compile-time
// dependency on mpi.h or libmpi (a build without Open MPI still builds and runs; see FoveaDistributed's README).
#ifndef FOVEA_MPI_H
#define FOVEA_MPI_H

#include <stddef.h>

/// Loads libmpi (the first of `candidates`, a NULL-terminated list of file names that dlopen accepts) and looks up
/// the calls and handles below. Returns 0, or -1 with a message in `error` (what was tried, dlerror()'s text).
int fovea_mpi_load(const char *const *candidates, char *error, size_t capacity);

/// MPI_Init_thread(MPI_THREAD_SERIALIZED) unless MPI is already initialised, then MPI_COMM_WORLD's rank and
/// size. Returns an MPI error code (0 = MPI_SUCCESS); -1 when fovea_mpi_load has not succeeded.
int fovea_mpi_init(int *rank, int *size);

/// MPI_Allgatherv over MPI_COMM_WORLD in bytes: `send` holds `send_count` bytes; process p's block lands at
/// `receive + displacements[p]` with `counts[p]` bytes. Returns an MPI error code.
int fovea_mpi_allgatherv(const void *send, int send_count, void *receive, const int *counts, const int *displacements);

/// MPI_Finalize unless already finalised. Returns an MPI error code.
int fovea_mpi_finalize(void);

/// MPI_Abort(MPI_COMM_WORLD, code): ends every process of the job.
void fovea_mpi_abort(int code);

#endif
