// zlib's minizip (Debian's libminizip-dev): zip.h to write archives (FoveaExport's .npz), unzip.h to read
// them back in tests.
#include <minizip/zip.h>
#include <minizip/unzip.h>
