// See fovea_mpi.h. Open MPI's handles (MPI_COMM_WORLD, MPI_BYTE) are the addresses of exported objects
// (ompi_mpi_comm_world, ompi_mpi_byte), so dlsym yields them; MPICH-style integer handles are not supported.
#include "fovea_mpi.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef void *Handle;
typedef int (*InitThread)(int *, char ***, int, int *);
typedef int (*Initialized)(int *);
typedef int (*Finalized)(int *);
typedef int (*Finalize)(void);
typedef int (*CommRank)(Handle, int *);
typedef int (*CommSize)(Handle, int *);
typedef int (*Allgatherv)(const void *, int, Handle, void *, const int *, const int *, Handle, Handle);
typedef int (*Abort)(Handle, int);

static struct {
    int loaded;
    InitThread init_thread;
    Initialized initialized;
    Finalized finalized;
    Finalize finalize;
    CommRank comm_rank;
    CommSize comm_size;
    Allgatherv allgatherv;
    Abort abort;
    Handle world;
    Handle byte;
} mpi;

enum { THREAD_SERIALIZED = 2 };  // MPI_THREAD_SERIALIZED in Open MPI's mpi.h

int fovea_mpi_load(const char *const *candidates, char *error, size_t capacity) {
    if (mpi.loaded) return 0;
    void *library = NULL;
    char tried[512] = "";
    for (const char *const *name = candidates; *name != NULL && library == NULL; name++) {
        // RTLD_GLOBAL: Open MPI's own plugins resolve libmpi's symbols when they are loaded.
        library = dlopen(*name, RTLD_NOW | RTLD_GLOBAL);
        if (library == NULL) {
            const char *reason = dlerror();
            size_t used = strlen(tried);
            snprintf(tried + used, sizeof tried - used, "%s%s", used ? "; " : "", reason ? reason : *name);
        }
    }
    if (library == NULL) {
        snprintf(error, capacity, "%s", tried);
        return -1;
    }
    const char *missing = NULL;
#define LOOK_UP(field, symbol)                                 \
    if ((mpi.field = dlsym(library, symbol)) == NULL && missing == NULL) missing = symbol;
    LOOK_UP(init_thread, "MPI_Init_thread")
    LOOK_UP(initialized, "MPI_Initialized")
    LOOK_UP(finalized, "MPI_Finalized")
    LOOK_UP(finalize, "MPI_Finalize")
    LOOK_UP(comm_rank, "MPI_Comm_rank")
    LOOK_UP(comm_size, "MPI_Comm_size")
    LOOK_UP(allgatherv, "MPI_Allgatherv")
    LOOK_UP(abort, "MPI_Abort")
    LOOK_UP(world, "ompi_mpi_comm_world")
    LOOK_UP(byte, "ompi_mpi_byte")
#undef LOOK_UP
    if (missing != NULL) {
        snprintf(error, capacity, "the MPI library has no symbol %s (Fovea needs Open MPI)", missing);
        return -1;
    }
    mpi.loaded = 1;
    return 0;
}

int fovea_mpi_init(int *rank, int *size) {
    if (!mpi.loaded) return -1;
    int started = 0;
    int code = mpi.initialized(&started);
    if (code != 0) return code;
    if (!started) {
        int provided = 0;
        code = mpi.init_thread(NULL, NULL, THREAD_SERIALIZED, &provided);
        if (code != 0) return code;
    }
    code = mpi.comm_rank(mpi.world, rank);
    if (code != 0) return code;
    return mpi.comm_size(mpi.world, size);
}

int fovea_mpi_allgatherv(const void *send, int send_count, void *receive, const int *counts, const int *displacements) {
    if (!mpi.loaded) return -1;
    return mpi.allgatherv(send, send_count, mpi.byte, receive, counts, displacements, mpi.byte, mpi.world);
}

int fovea_mpi_finalize(void) {
    if (!mpi.loaded) return -1;
    int done = 0;
    int code = mpi.finalized(&done);
    if (code != 0 || done) return code;
    return mpi.finalize();
}

void fovea_mpi_abort(int code) {
    if (mpi.loaded) mpi.abort(mpi.world, code);
}
