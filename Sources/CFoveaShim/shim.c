#include <stdio.h>
#include <png.h>
#include <jpeglib.h>
#include "fovea_shim.h"

const char *fovea_libpng_version(void) { return PNG_LIBPNG_VER_STRING; }
int fovea_libjpeg_version(void) { return JPEG_LIB_VERSION; }
